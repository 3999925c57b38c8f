/*
 * getopt, getopt_long, getopt_long_only: as glibc does them, because GNU
 * programs (and their test suites) expect glibc's behaviour to the letter.
 * Replaces newlib's stdlib/getopt.o, which permutes differently, prints no
 * message for an unknown long option and knows no "W;".
 *
 * What glibc does, and so this file:
 *  - optind starts at 1; setting it to 0 starts over (and re-reads the
 *    ordering).  optarg, optopt, opterr as POSIX says; optopt starts as '?'.
 *  - Ordering: PERMUTE by default: non-options are skipped and, when the
 *    next option is found, moved after it (the options keep their order,
 *    so do the non-options), so that at the end argv[optind..] holds the
 *    operands.  A leading '+' in optstring, or POSIXLY_CORRECT in the
 *    environment, stops at the first non-option (REQUIRE_ORDER); a leading
 *    '-' returns each non-option as an option of code 1 with it in optarg
 *    (RETURN_IN_ORDER).  "--" ends the options in every mode.
 *  - After the ordering character, a ':' silences the messages and makes a
 *    missing argument return ':' rather than '?'.
 *  - "x:" takes an argument (the rest of the word or the next word), "x::"
 *    an optional one (the rest of the word only), "W;" makes "-W foo" mean
 *    "--foo" when there are long options.
 *  - Long options may be abbreviated to any unique prefix; an exact match
 *    wins; a prefix of several options that mean the same thing (same
 *    has_arg, flag and val) is not ambiguous, except for getopt_long_only.
 *  - The messages are glibc's, with argv[0] first.
 *
 * State: the globals plus the scan position (nextchar) and the bounds of
 * the non-options skipped so far (first_nonopt..last_nonopt), in one
 * struct.  The reentrant __getopt_r family (newlib's <getopt.h> with
 * __need_getopt_newlib) keeps the same state in its struct getopt_data.
 * Not thread-safe, as in glibc.
 */
#define __need_getopt_newlib
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *optarg;
int optind = 1;
int opterr = 1;
int optopt = '?';

enum ordering { PERMUTE, REQUIRE_ORDER, RETURN_IN_ORDER };

struct gstate {
	char *optarg;
	int optind, opterr, optopt;
	char *nextchar;		/* the rest of the current cluster of short options */
	int first_nonopt;	/* argv[first_nonopt..last_nonopt) are non-options */
	int last_nonopt;	/* skipped so far and not yet moved */
	enum ordering ordering;
	int initialized;
};

static struct gstate global;

/* Reverses argv[lo..hi). */
static void
reverse(char **argv, int lo, int hi)
{
	char *t;

	for (hi--; lo < hi; lo++, hi--) {
		t = argv[lo];
		argv[lo] = argv[hi];
		argv[hi] = t;
	}
}

/* Moves the skipped non-options argv[first_nonopt..last_nonopt) after the
 * options argv[last_nonopt..optind) that followed them, keeping the order
 * within each (a rotation; glibc's exchange() gives the same result). */
static void
exchange(char **argv, struct gstate *s)
{
	reverse(argv, s->first_nonopt, s->last_nonopt);
	reverse(argv, s->last_nonopt, s->optind);
	reverse(argv, s->first_nonopt, s->optind);
	s->first_nonopt += s->optind - s->last_nonopt;
	s->last_nonopt = s->optind;
}

static const char *
initialize(const char *optstring, struct gstate *s)
{
	if (s->optind == 0)
		s->optind = 1;
	s->first_nonopt = s->last_nonopt = s->optind;
	s->nextchar = NULL;
	if (optstring[0] == '-') {
		s->ordering = RETURN_IN_ORDER;
		optstring++;
	} else if (optstring[0] == '+') {
		s->ordering = REQUIRE_ORDER;
		optstring++;
	} else if (getenv("POSIXLY_CORRECT") != NULL)
		s->ordering = REQUIRE_ORDER;
	else
		s->ordering = PERMUTE;
	s->initialized = 1;
	return optstring;
}

/* The ambiguity message: the first match and each later one that means
 * something else (with getopt_long_only: every later one), as glibc lists
 * them. */
static void
print_ambiguous(char **argv, struct gstate *s, const char *prefix, size_t namelen,
		const struct option *first, int long_only)
{
	const struct option *p;

	flockfile(stderr);
	fprintf(stderr, "%s: option '%s%s' is ambiguous; possibilities:", argv[0],
		prefix, s->nextchar);
	for (p = first; p->name != NULL; p++)
		if (strncmp(p->name, s->nextchar, namelen) == 0 &&
		    (p == first || long_only || p->has_arg != first->has_arg ||
		     p->flag != first->flag || p->val != first->val))
			fprintf(stderr, " '%s%s'", prefix, p->name);
	fprintf(stderr, "\n");
	funlockfile(stderr);
}

/*
 * The long option at s->nextchar (after PREFIX: "--", "-" or "-W ").
 * Returns its code, '?' or ':' for an error, or -1 when getopt_long_only
 * should read the word as short options instead.
 */
static int
long_option(int argc, char **argv, const char *optstring,
	    const struct option *longopts, int *longind, int long_only,
	    struct gstate *s, int print_errors, const char *prefix)
{
	const struct option *p, *found = NULL;
	char *nameend;
	size_t namelen;
	int index = -1, i, ambiguous = 0;

	for (nameend = s->nextchar; *nameend != '\0' && *nameend != '='; nameend++)
		;
	namelen = nameend - s->nextchar;

	for (p = longopts, i = 0; p->name != NULL; p++, i++)
		if (strncmp(p->name, s->nextchar, namelen) == 0 &&
		    strlen(p->name) == namelen) {
			found = p;
			index = i;
			break;
		}
	if (found == NULL) {
		for (p = longopts, i = 0; p->name != NULL; p++, i++) {
			if (strncmp(p->name, s->nextchar, namelen) != 0)
				continue;
			if (found == NULL) {
				found = p;
				index = i;
			} else if (long_only || found->has_arg != p->has_arg ||
				   found->flag != p->flag || found->val != p->val)
				ambiguous = 1;
		}
		if (ambiguous) {
			if (print_errors)
				print_ambiguous(argv, s, prefix, namelen, found,
						long_only);
			s->nextchar += strlen(s->nextchar);
			s->optind++;
			s->optopt = 0;
			return '?';
		}
	}

	if (found == NULL) {
		/* getopt_long_only: "-xyz" that is no long option may be short
		 * options, if its first letter is one. */
		if (!long_only || argv[s->optind][1] == '-' ||
		    strchr(optstring, *s->nextchar) == NULL) {
			if (print_errors)
				fprintf(stderr, "%s: unrecognized option '%s%s'\n",
					argv[0], prefix, s->nextchar);
			s->nextchar = NULL;
			s->optind++;
			s->optopt = 0;
			return '?';
		}
		return -1;
	}

	s->optind++;
	s->nextchar = NULL;
	if (*nameend != '\0') {
		if (found->has_arg != no_argument)
			s->optarg = nameend + 1;
		else {
			if (print_errors)
				fprintf(stderr, "%s: option '%s%s' doesn't allow an argument\n",
					argv[0], prefix, found->name);
			s->optopt = found->val;
			return '?';
		}
	} else if (found->has_arg == required_argument) {
		if (s->optind < argc)
			s->optarg = argv[s->optind++];
		else {
			if (print_errors)
				fprintf(stderr, "%s: option '%s%s' requires an argument\n",
					argv[0], prefix, found->name);
			s->optopt = found->val;
			return optstring[0] == ':' ? ':' : '?';
		}
	}
	if (longind != NULL)
		*longind = index;
	if (found->flag != NULL) {
		*found->flag = found->val;
		return 0;
	}
	return found->val;
}

/* The next short option from s->nextchar. */
static int
short_option(int argc, char **argv, const char *optstring,
	     const struct option *longopts, int *longind, struct gstate *s,
	     int print_errors)
{
	char c = *s->nextchar++;
	const char *spec = strchr(optstring, c);

	if (*s->nextchar == '\0')
		s->optind++;
	if (spec == NULL || c == ':' || c == ';') {
		if (print_errors)
			fprintf(stderr, "%s: invalid option -- '%c'\n", argv[0], c);
		s->optopt = c;
		return '?';
	}
	if (spec[0] == 'W' && spec[1] == ';' && longopts != NULL) {
		/* -W foo, -Wfoo: the long option foo. */
		if (*s->nextchar != '\0')
			s->optarg = s->nextchar;
		else if (s->optind == argc) {
			if (print_errors)
				fprintf(stderr, "%s: option requires an argument -- '%c'\n",
					argv[0], c);
			s->optopt = c;
			return optstring[0] == ':' ? ':' : '?';
		} else
			s->optarg = argv[s->optind];
		s->nextchar = s->optarg;
		s->optarg = NULL;
		return long_option(argc, argv, optstring, longopts, longind, 0, s,
				   print_errors, "-W ");
	}
	if (spec[1] == ':' && spec[2] == ':') {
		/* An optional argument: only the rest of this word. */
		if (*s->nextchar != '\0') {
			s->optarg = s->nextchar;
			s->optind++;
		} else
			s->optarg = NULL;
		s->nextchar = NULL;
	} else if (spec[1] == ':') {
		if (*s->nextchar != '\0') {
			s->optarg = s->nextchar;
			s->optind++;
		} else if (s->optind == argc) {
			if (print_errors)
				fprintf(stderr, "%s: option requires an argument -- '%c'\n",
					argv[0], c);
			s->optopt = c;
			c = optstring[0] == ':' ? ':' : '?';
		} else
			s->optarg = argv[s->optind++];
		s->nextchar = NULL;
	}
	return c;
}

/* Does argv[i] not start an option ("-" alone is an operand)? */
static int
nonoption(char **argv, int i)
{
	return argv[i][0] != '-' || argv[i][1] == '\0';
}

static int
getopt_internal(int argc, char **argv, const char *optstring,
		const struct option *longopts, int *longind, int long_only,
		struct gstate *s)
{
	int print_errors = s->opterr, code;

	if (argc < 1)
		return -1;
	s->optarg = NULL;
	if (s->optind == 0 || !s->initialized)
		optstring = initialize(optstring, s);
	else if (optstring[0] == '-' || optstring[0] == '+')
		optstring++;
	if (optstring[0] == ':')
		print_errors = 0;

	if (s->nextchar != NULL && *s->nextchar != '\0')
		return short_option(argc, argv, optstring, longopts, longind, s,
				    print_errors);

	/* The next word.  optind may have been set back by the caller. */
	if (s->last_nonopt > s->optind)
		s->last_nonopt = s->optind;
	if (s->first_nonopt > s->optind)
		s->first_nonopt = s->optind;
	if (s->ordering == PERMUTE) {
		if (s->first_nonopt != s->last_nonopt && s->last_nonopt != s->optind)
			exchange(argv, s);
		else if (s->last_nonopt != s->optind)
			s->first_nonopt = s->optind;
		while (s->optind < argc && nonoption(argv, s->optind))
			s->optind++;
		s->last_nonopt = s->optind;
	}
	if (s->optind != argc && strcmp(argv[s->optind], "--") == 0) {
		s->optind++;
		if (s->first_nonopt != s->last_nonopt && s->last_nonopt != s->optind)
			exchange(argv, s);
		else if (s->first_nonopt == s->last_nonopt)
			s->first_nonopt = s->optind;
		s->last_nonopt = argc;
		s->optind = argc;
	}
	if (s->optind == argc) {
		/* The operands skipped over are where optind points now. */
		if (s->first_nonopt != s->last_nonopt)
			s->optind = s->first_nonopt;
		return -1;
	}
	if (nonoption(argv, s->optind)) {
		if (s->ordering == REQUIRE_ORDER)
			return -1;
		s->optarg = argv[s->optind++];
		return 1;
	}
	if (longopts != NULL) {
		if (argv[s->optind][1] == '-') {
			s->nextchar = argv[s->optind] + 2;
			return long_option(argc, argv, optstring, longopts, longind,
					   long_only, s, print_errors, "--");
		}
		if (long_only && (argv[s->optind][2] != '\0' ||
				  strchr(optstring, argv[s->optind][1]) == NULL)) {
			s->nextchar = argv[s->optind] + 1;
			code = long_option(argc, argv, optstring, longopts, longind,
					   long_only, s, print_errors, "-");
			if (code != -1)
				return code;
		}
	}
	s->nextchar = argv[s->optind] + 1;
	return short_option(argc, argv, optstring, longopts, longind, s,
			    print_errors);
}

/* The public functions on the global state: the caller's optind and opterr
 * in, optind, optarg and optopt out. */
static int
getopt_global(int argc, char *const argv[], const char *optstring,
	      const struct option *longopts, int *longind, int long_only)
{
	int code;

	global.optind = optind;
	global.opterr = opterr;
	code = getopt_internal(argc, (char **)argv, optstring, longopts, longind,
			       long_only, &global);
	optind = global.optind;
	optarg = global.optarg;
	optopt = global.optopt;
	return code;
}

int
getopt(int argc, char *const argv[], const char *optstring)
{
	return getopt_global(argc, argv, optstring, NULL, NULL, 0);
}

int
getopt_long(int argc, char *const argv[], const char *optstring,
	    const struct option *longopts, int *longind)
{
	return getopt_global(argc, argv, optstring, longopts, longind, 0);
}

int
getopt_long_only(int argc, char *const argv[], const char *optstring,
		 const struct option *longopts, int *longind)
{
	return getopt_global(argc, argv, optstring, longopts, longind, 1);
}

/*
 * newlib's reentrant variants.  struct getopt_data has no room for the
 * ordering, which is read again from optstring (and the environment) on
 * each call; optwhere is the offset of nextchar in argv[optind] (0: none),
 * permute_from and num_nonopts the skipped non-options.
 */
static int
getopt_data_call(int argc, char *const argv[], const char *optstring,
		 const struct option *longopts, int *longind, int long_only,
		 struct getopt_data *d)
{
	struct gstate s = { 0 };
	int code;

	s.optind = d->optind;
	s.opterr = d->opterr;
	s.optopt = d->optopt;
	if (d->optind != 0) {
		initialize(optstring, &s);
		s.optind = d->optind;
		if (d->optwhere > 0 && d->optind < argc)
			s.nextchar = argv[d->optind] + d->optwhere;
		s.first_nonopt = d->permute_from;
		s.last_nonopt = d->permute_from + d->num_nonopts;
	}
	code = getopt_internal(argc, (char **)argv, optstring, longopts, longind,
			       long_only, &s);
	d->optarg = s.optarg;
	d->optind = s.optind;
	d->optopt = s.optopt;
	d->optwhere = s.nextchar != NULL && *s.nextchar != '\0' ?
	    (int)(s.nextchar - argv[s.optind]) : 0;
	d->permute_from = s.first_nonopt;
	d->num_nonopts = s.last_nonopt - s.first_nonopt;
	return code;
}

int
__getopt_r(int argc, char *const argv[], const char *optstring,
	   struct getopt_data *d)
{
	return getopt_data_call(argc, argv, optstring, NULL, NULL, 0, d);
}

int
__getopt_long_r(int argc, char *const argv[], const char *optstring,
		const struct option *longopts, int *longind, struct getopt_data *d)
{
	return getopt_data_call(argc, argv, optstring, longopts, longind, 0, d);
}

int
__getopt_long_only_r(int argc, char *const argv[], const char *optstring,
		     const struct option *longopts, int *longind,
		     struct getopt_data *d)
{
	return getopt_data_call(argc, argv, optstring, longopts, longind, 1, d);
}
