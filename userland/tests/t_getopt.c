/*
 * t_getopt: getopt, getopt_long and getopt_long_only as glibc does them
 * (issue 17: GNU programs' tests check their option handling to the
 * letter).  Each case parses an argument vector and compares a trace of
 * what came back (codes, optarg, optopt, the long option's index), where
 * optind ended, the vector afterwards (glibc moves the operands to the end)
 * and the messages on stderr with the text glibc gives; the same program
 * passes on the host (glibc) and on Breenix (newlib-port/getopt.c).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "utest.h"

enum { SHORT, LONG, LONG_ONLY };

static char trace[512];		/* what parse() saw, see below */
static char errs[512];		/* what it printed on stderr */

static void
add(const char *fmt, const char *s, int n)
{
	size_t len = strlen(trace);

	if (len > 0 && len < sizeof(trace) - 1)
		trace[len++] = ' ';
	snprintf(trace + len, sizeof(trace) - len, fmt, s != NULL ? s : "", n);
}

/*
 * Parses argv (NULL-terminated, argv[0] "prog") from the start (optind = 0)
 * into trace: each code as a character (1 for a non-option, 0 for a flag
 * option), "=optarg", "(optopt)" after '?' and ':', "[longind]" after a long
 * option; then "| optind: argv[1],argv[2],...".  stderr goes to errs.
 * 0, or -1 if stderr could not be caught.
 */
static int
parse(char **argv, const char *opts, const struct option *lo, int mode)
{
	char path[64];
	int argc, c, fd, saved, idx;
	ssize_t n;

	for (argc = 0; argv[argc] != NULL; argc++)
		;
	snprintf(path, sizeof(path), "/tmp/t_getopt.%d", (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	saved = dup(2);
	if (fd < 0 || saved < 0)
		return -1;
	unlink(path);
	fflush(stderr);
	dup2(fd, 2);
	trace[0] = '\0';
	optind = 0;
	for (;;) {
		idx = -1;
		if (mode == SHORT)
			c = getopt(argc, argv, opts);
		else if (mode == LONG)
			c = getopt_long(argc, argv, opts, lo, &idx);
		else
			c = getopt_long_only(argc, argv, opts, lo, &idx);
		if (c == -1)
			break;
		if (c == 0 || c == 1)
			add("%s%d", NULL, c);
		else
			add("%s%c", NULL, c);
		if (optarg != NULL)
			add("=%s", optarg, 0);
		if (c == '?' || c == ':')
			add(optopt >= ' ' ? "(%s%c)" : "(%s%d)", NULL, optopt);
		if (idx >= 0)
			add("[%s%d]", NULL, idx);
	}
	add("|%s %d:", NULL, optind);
	for (c = 1; c < argc; c++) {
		size_t len = strlen(trace);

		snprintf(trace + len, sizeof(trace) - len, c == 1 ? "%s" : ",%s", argv[c]);
	}
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	n = pread(fd, errs, sizeof(errs) - 1, 0);
	errs[n > 0 ? n : 0] = '\0';
	close(fd);
	return 0;
}

#define PARSE(opts, lo, mode, ...)                                            \
	do {                                                                 \
		char *argv_[] = { "prog", __VA_ARGS__, NULL };               \
		CHECK(parse(argv_, opts, lo, mode) == 0);                    \
	} while (0)

#define SAME(a, b) (strcmp((a), (b)) == 0 || (printf("# got \"%s\"\n", (a)), 0))

static const struct option longs[] = {
	{ "alpha", no_argument, NULL, 'a' },
	{ "beta", required_argument, NULL, 'b' },
	{ "gamma", optional_argument, NULL, 'g' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "version", no_argument, NULL, 'V' },
	{ "colour", no_argument, NULL, 'c' },
	{ "color", no_argument, NULL, 'c' },	/* same meaning: not ambiguous */
	{ NULL, 0, NULL, 0 },
};

/* Operands are moved after the options, each keeping its order. */
TEST(permute)
{
	PARSE("ab:", NULL, SHORT, "x", "-a", "y", "-b", "v", "z", "-a");
	CHECK(SAME(trace, "a b =v a | 5:-a,-b,v,-a,x,y,z"));
	CHECK(SAME(errs, ""));
	PARSE("ab:", NULL, SHORT, "x", "-a", "-", "-bv");
	CHECK(SAME(trace, "a b =v | 3:-a,-bv,x,-"));
}

/* "--" ends the options; what follows stays an operand, after those skipped. */
TEST(double_dash)
{
	PARSE("ab", NULL, SHORT, "x", "-a", "--", "-b", "y");
	CHECK(SAME(trace, "a | 3:-a,--,x,-b,y"));
	PARSE("ab", NULL, SHORT, "--", "-a");
	CHECK(SAME(trace, "| 2:--,-a"));
}

/* POSIXLY_CORRECT and a leading '+' stop at the first operand. */
TEST(require_order)
{
	PARSE("+ab", NULL, SHORT, "-a", "x", "-b");
	CHECK(SAME(trace, "a | 2:-a,x,-b"));
	setenv("POSIXLY_CORRECT", "1", 1);
	PARSE("ab", NULL, SHORT, "-a", "x", "-b");
	unsetenv("POSIXLY_CORRECT");
	CHECK(SAME(trace, "a | 2:-a,x,-b"));
	PARSE("ab", NULL, SHORT, "-a", "x", "-b");
	CHECK(SAME(trace, "a b | 3:-a,-b,x"));
}

/* A leading '-' returns each operand in place as code 1. */
TEST(return_in_order)
{
	PARSE("-ab:", NULL, SHORT, "x", "-a", "y", "-b", "v", "--", "-a");
	CHECK(SAME(trace, "1 =x a 1 =y b =v | 7:x,-a,y,-b,v,--,-a"));
}

/* Clusters, attached and separate arguments, optional arguments. */
TEST(short_arguments)
{
	PARSE("ab:c::", NULL, SHORT, "-abval", "-cc", "-c", "w", "-ab", "u");
	CHECK(SAME(trace, "a b =val c =c c a b =u | 6:-abval,-cc,-c,-ab,u,w"));
}

/* The messages and codes for an unknown option and a missing argument,
 * silenced by a leading ':' (which also makes the latter ':') or opterr. */
TEST(short_errors)
{
	PARSE("ab:", NULL, SHORT, "-xa", "-b");
	CHECK(SAME(trace, "? (x) a ? (b) | 3:-xa,-b"));
	CHECK(SAME(errs, "prog: invalid option -- 'x'\n"
		   "prog: option requires an argument -- 'b'\n"));
	PARSE(":ab:", NULL, SHORT, "-x", "-b");
	CHECK(SAME(trace, "? (x) : (b) | 3:-x,-b"));
	CHECK(SAME(errs, ""));
	PARSE("+:a", NULL, SHORT, "-:");
	CHECK(SAME(trace, "? (:) | 2:-:"));
	opterr = 0;
	PARSE("ab:", NULL, SHORT, "-x", "-b");
	opterr = 1;
	CHECK(SAME(trace, "? (x) ? (b) | 3:-x,-b"));
	CHECK(SAME(errs, ""));
}

/* Long options: exact, abbreviated, "=arg", the next word, optional. */
TEST(long_options)
{
	PARSE("ab:g::", longs, LONG, "--alpha", "f", "--be", "1", "--beta=2",
	      "--gam", "--gamma=3", "--gamma", "4", "--colo", "-a");
	CHECK(SAME(trace, "a [0] b =1 [1] b =2 [1] g [2] g =3 [2] g [2] c [5] a "
		   "| 10:--alpha,--be,1,--beta=2,--gam,--gamma=3,--gamma,--colo,-a,f,4"));
	CHECK(SAME(errs, ""));
}

/* The messages of the long options' errors, each glibc's. */
TEST(long_errors)
{
	PARSE("ab:", longs, LONG, "--ver", "--nosuch", "--alpha=1", "--beta");
	CHECK(SAME(trace, "? (0) ? (0) ? (a) ? (b) | 5:--ver,--nosuch,--alpha=1,--beta"));
	CHECK(SAME(errs, "prog: option '--ver' is ambiguous; possibilities: '--verbose' '--version'\n"
		   "prog: unrecognized option '--nosuch'\n"
		   "prog: option '--alpha' doesn't allow an argument\n"
		   "prog: option '--beta' requires an argument\n"));
	PARSE(":a", longs, LONG, "--beta");
	CHECK(SAME(trace, ": (b) | 2:--beta"));
	CHECK(SAME(errs, ""));
}

/* A long option with a flag: 0 returned, *flag set. */
TEST(long_flag)
{
	static int flag;
	const struct option lo[] = {
		{ "set", no_argument, &flag, 7 },
		{ NULL, 0, NULL, 0 },
	};

	flag = 0;
	PARSE("", lo, LONG, "--se");
	CHECK(SAME(trace, "0 [0] | 2:--se"));
	CHECK(flag == 7);
}

/* "W;": -W foo is --foo. */
TEST(w_semicolon)
{
	PARSE("aW;", longs, LONG, "-W", "alpha", "-Wbeta=5", "-W", "nosuch", "-W");
	CHECK(SAME(trace, "a [0] b =5 [1] ? (0) ? (W) | 7:-W,alpha,-Wbeta=5,-W,nosuch,-W"));
	CHECK(SAME(errs, "prog: unrecognized option '-W nosuch'\n"
		   "prog: option requires an argument -- 'W'\n"));
}

/* getopt_long_only: "-name" is a long option first, a short one if it is
 * no long option and its letter is; every second prefix match is ambiguous. */
TEST(long_only)
{
	PARSE("ax", longs, LONG_ONLY, "-alpha", "-al", "-a", "-x", "-xa", "-colo", "-y");
	CHECK(SAME(trace, "a [0] a [0] a x x a ? (0) ? (0) | 8:-alpha,-al,-a,-x,-xa,-colo,-y"));
	CHECK(SAME(errs, "prog: option '-colo' is ambiguous; possibilities: '-colour' '-color'\n"
		   "prog: unrecognized option '-y'\n"));
}

/* optind set back to 1 between uses, and a trailing lone "-". */
TEST(restart)
{
	char *argv[] = { "prog", "-a", "-", NULL };

	optind = 0;
	CHECK(getopt(3, argv, "a") == 'a' && getopt(3, argv, "a") == -1 && optind == 2);
	optind = 1;
	CHECK(getopt(3, argv, "a") == 'a' && optind == 2);
	CHECK(getopt(3, argv, "a") == -1 && optind == 2 && strcmp(argv[2], "-") == 0);
}

int
main(void)
{
	utest_suite = "getopt";
	RUN(permute);
	RUN(double_dash);
	RUN(require_order);
	RUN(return_in_order);
	RUN(short_arguments);
	RUN(short_errors);
	RUN(long_options);
	RUN(long_errors);
	RUN(long_flag);
	RUN(w_semicolon);
	RUN(long_only);
	RUN(restart);
	return utest_failures != 0;
}
