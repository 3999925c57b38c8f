/*
 * newlib-port/getopt.c against the host's glibc: random argument vectors
 * (options, clusters, abbreviations, "--", "-W", operands) parsed by both
 * with random option strings ('+', '-', ':' leading, "::", "W;"), modes
 * (getopt, getopt_long, getopt_long_only, newlib's __getopt_long_r) and
 * POSIXLY_CORRECT; every code, optarg, optopt, optind, the permuted vector
 * and the messages on stderr must be the same.  getopt.c is built here
 * under other names (ngetopt, n_optind, ...: host.mk).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "htest.h"

struct getopt_data {
	char *optarg;
	int optind, opterr, optopt, optwhere;
	int permute_from, num_nonopts;
};
extern char *n_optarg;
extern int n_optind, n_opterr, n_optopt;
int ngetopt(int, char *const[], const char *);
int ngetopt_long(int, char *const[], const char *, const struct option *, int *);
int ngetopt_long_only(int, char *const[], const char *, const struct option *, int *);
int __getopt_long_r(int, char *const[], const char *, const struct option *, int *,
		    struct getopt_data *);

static const struct option longs[] = {
	{ "alpha", no_argument, NULL, 'a' },
	{ "beta", required_argument, NULL, 'b' },
	{ "gamma", optional_argument, NULL, 'g' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "version", no_argument, NULL, 'V' },
	{ "colour", no_argument, NULL, 'c' },
	{ "color", no_argument, NULL, 'c' },
	{ "al", required_argument, NULL, 'L' },
	{ NULL, 0, NULL, 0 },
};
static const char *words[] = {
	"x", "y", "-", "--", "-a", "-b", "-bv", "-ab", "-c", "-cq", "-g", "-gz", "-W",
	"-Wal", "-Wbeta=1", "alpha", "-x", ":", "-:", "-;", "--alpha", "--al", "--alp",
	"--be", "--beta=3", "--gamma", "--gam=2", "--ver", "--verb", "--colo", "--nosuch",
	"--alpha=1", "-alpha", "-al", "-colo", "-v", "-V", "--=",
};
static const char *optstrings[] = {
	"ab:c::gW;v", "+ab:c", "-ab:c::W;", "ab:", "", "+:ab:W;", "-:abc::v", ":ab:c::",
	"abg::L:",
};

enum { SHORT, LONG, LONG_ONLY, LONG_R };

/* One parse from the start into out: each call's results, the vector, stderr. */
static void
run(int ours, int mode, int argc, char **argv, const char *opts, int opterr_on,
    char *out, size_t size)
{
	struct getopt_data d = { 0 };
	FILE *saved = stderr;
	char *msgs = NULL, *arg;
	size_t msglen = 0, n = 0;
	int i, c, idx, ind, opt;

	stderr = open_memstream(&msgs, &msglen);
	if (ours) {
		n_optind = 0;
		n_opterr = opterr_on;
		d.opterr = opterr_on;
	} else {
		optind = 0;
		opterr = opterr_on;
	}
	for (i = 0; i < 64; i++) {
		idx = -1;
		if (!ours)
			c = mode == SHORT ? getopt(argc, argv, opts) :
			    mode == LONG_ONLY ? getopt_long_only(argc, argv, opts, longs, &idx) :
			    getopt_long(argc, argv, opts, longs, &idx);
		else if (mode == LONG_R)
			c = __getopt_long_r(argc, argv, opts, longs, &idx, &d);
		else
			c = mode == SHORT ? ngetopt(argc, argv, opts) :
			    mode == LONG_ONLY ? ngetopt_long_only(argc, argv, opts, longs, &idx) :
			    ngetopt_long(argc, argv, opts, longs, &idx);
		arg = !ours ? optarg : mode == LONG_R ? d.optarg : n_optarg;
		ind = !ours ? optind : mode == LONG_R ? d.optind : n_optind;
		opt = !ours ? optopt : mode == LONG_R ? d.optopt : n_optopt;
		n += snprintf(out + n, size - n, "%d/%s/%d/%d/%d ", c, arg ? arg : "-",
			      c == '?' || c == ':' ? opt : 0, idx, ind);
		if (c == -1 || n >= size)
			break;
	}
	for (i = 0; i < argc && n < size; i++)
		n += snprintf(out + n, size - n, "%s,", argv[i]);
	fclose(stderr);
	stderr = saved;
	if (n < size)
		snprintf(out + n, size - n, "%s", msgs);
	free(msgs);
}

HTEST(getopt, same_as_glibc)
{
	static char want[8192], got[8192];
	char *a[10], *b[10];
	unsigned seed = 17;
	int t, i, argc, mode, posix, errs;
	const char *opts;

	for (t = 0; t < 20000; t++) {
		seed = seed * 1103515245 + 12345;
		argc = 1 + (seed >> 16) % 7;
		a[0] = b[0] = "prog";
		for (i = 1; i < argc; i++) {
			seed = seed * 1103515245 + 12345;
			a[i] = b[i] = (char *)words[(seed >> 16) % (sizeof(words) / sizeof(*words))];
		}
		a[argc] = b[argc] = NULL;
		seed = seed * 1103515245 + 12345;
		opts = optstrings[(seed >> 16) % (sizeof(optstrings) / sizeof(*optstrings))];
		mode = (seed >> 8) % 4;
		posix = (seed >> 12) % 5 == 0;
		errs = (seed >> 20) % 4 != 0;
		if (posix)
			setenv("POSIXLY_CORRECT", "1", 1);
		run(0, mode == LONG_R ? LONG : mode, argc, a, opts, errs, want, sizeof(want));
		run(1, mode, argc, b, opts, errs, got, sizeof(got));
		if (posix)
			unsetenv("POSIXLY_CORRECT");
		if (strcmp(want, got) != 0)
			printf("# optstring \"%s\" mode %d posix %d\n# glibc %s\n# ours  %s\n",
			       opts, mode, posix, want, got);
		HCHECK(strcmp(want, got) == 0);
	}
}
