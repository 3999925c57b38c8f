/*
 * Host stand-in for newlib's <getopt.h>: the host C library's, plus what
 * newlib's adds under __need_getopt_newlib (struct getopt_data and the
 * __getopt_r family), so that newlib-port/getopt.c builds on the host for
 * test_getopt.c.
 */
#include_next <getopt.h>

#if defined(__need_getopt_newlib) && !defined(HOST_GETOPT_DATA)
#define HOST_GETOPT_DATA
struct getopt_data {
	char *optarg;
	int optind, opterr, optopt, optwhere;
	int permute_from, num_nonopts;
};
int __getopt_r(int, char *const[], const char *, struct getopt_data *);
int __getopt_long_r(int, char *const[], const char *, const struct option *, int *,
		    struct getopt_data *);
int __getopt_long_only_r(int, char *const[], const char *, const struct option *, int *,
			 struct getopt_data *);
#endif
