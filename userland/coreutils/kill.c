/*
 * kill: send a signal (TERM by default) to processes.
 *   kill [-s NAME | -NAME | -N] pid...   (a negative pid is a process group)
 *   kill -l [N | NAME]                   list signal names, or convert one
 */
#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common.h"

#define SYNOPSIS "[-s signal | -signal] pid... | -l [signal]"

/* Linux's numbering, which Breenix shares; index = signal number. */
static const char *const names[] = {
	"0", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1",
	"SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP",
	"TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH",
	"POLL", "PWR", "SYS",
};
#define NNAMES ((int)(sizeof(names) / sizeof(names[0])))

/* A signal given as a number or a name, with or without "SIG"; -1 if none. */
static int parse_signal(const char *s)
{
	long n;
	int i;

	if (isdigit((unsigned char)*s))
		return parse_long(s, &n) == 0 && n < NSIG ? (int)n : -1;
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (i = 1; i < NNAMES; i++)
		if (strcasecmp(s, names[i]) == 0)
			return i;
	if (strcasecmp(s, "IO") == 0) /* POLL's other name */
		return SIGIO;
	return -1;
}

static int list(const char *arg)
{
	long n;
	int i;

	if (arg == NULL) {
		for (i = 1; i < NNAMES; i++)
			printf("%s%c", names[i], i % 16 == 0 || i + 1 == NNAMES ? '\n' : ' ');
		return 0;
	}
	if (parse_long(arg, &n) == 0) {
		if (n > 128) /* an exit status: 128 + the signal that killed */
			n -= 128;
		if (n > 0 && n < NNAMES) {
			puts(names[n]);
			return 0;
		}
	} else if ((i = parse_signal(arg)) > 0) {
		printf("%d\n", i);
		return 0;
	}
	warn_msg("unknown signal: %s", arg);
	return 1;
}

int main(int argc, char **argv)
{
	int sig = SIGTERM, status = 0, i = 1;
	const char *spec = NULL;

	set_progname(argv[0]);
	if (argc > 1 && strcmp(argv[1], "-l") == 0)
		return list(argc > 2 ? argv[2] : NULL);
	if (argc > 2 && strcmp(argv[1], "-s") == 0) {
		spec = argv[2];
		i = 3;
	} else if (argc > 1 && argv[1][0] == '-' && argv[1][1] != '\0' &&
		   strcmp(argv[1], "--") != 0) {
		spec = argv[1] + 1;
		i = 2;
	}
	if (spec != NULL && (sig = parse_signal(spec)) < 0) {
		warn_msg("unknown signal: %s", spec);
		return 2;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i == argc)
		usage(SYNOPSIS);
	for (; i < argc; i++) {
		long pid;

		if (parse_long(argv[i], &pid) < 0) {
			warn_msg("%s: arguments must be process or job IDs", argv[i]);
			status = 1;
		} else if (kill((pid_t)pid, sig) < 0) {
			warn_path(argv[i]);
			status = 1;
		}
	}
	return status;
}
