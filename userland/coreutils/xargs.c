/*
 * xargs: run a command (default echo) with arguments read from standard
 * input: words separated by blanks and newlines, with '...', "..." and
 * backslash quoting.  -n N puts at most N words on each command line;
 * otherwise as many as fit (ARG_LIMIT bytes).  -r: nothing to run if the
 * input is empty.  -0: words end at NUL bytes, not blanks (find -print0).
 * Exit status as GNU xargs: 123 if a command failed, 124 if one exited 255,
 * 125 if one was killed, 126/127 if the command could not be run.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define SYNOPSIS "[-0r] [-n max] [command [arg...]]"
#define ARG_LIMIT (128 * 1024)

static int nul_separated;

/* The next word of the input, freshly allocated, or NULL at the end. */
static char *next_word(void)
{
	size_t len = 0, cap = 64;
	char *w = xmalloc(cap);
	int c, quote = 0, any = 0;

	while ((c = getchar()) != EOF) {
		if (nul_separated) {
			if (c == '\0')
				break;
		} else if (quote) {
			if (c == quote) {
				quote = 0;
				continue;
			}
		} else if (c == '\'' || c == '"') {
			quote = c;
			any = 1;
			continue;
		} else if (c == '\\') {
			if ((c = getchar()) == EOF)
				break;
		} else if (c == ' ' || c == '\t' || c == '\n') {
			if (any)
				break;
			continue;
		}
		if (len + 2 > cap)
			w = xrealloc(w, cap *= 2);
		w[len++] = (char)c;
		any = 1;
	}
	if (quote) {
		warn_msg("unmatched %s quote", quote == '"' ? "double" : "single");
		exit(1);
	}
	if (!any && len == 0) {
		free(w);
		return NULL;
	}
	w[len] = '\0';
	return w;
}

/* Run argv; the exit status xargs should give for it (0 if it went well). */
static int run(char **argv)
{
	int wstatus;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		warn_path("fork");
		exit(1);
	}
	if (pid == 0) {
		/* Standard input is xargs's: the command must not eat the words. */
		int null = open("/dev/null", O_RDONLY);

		if (null >= 0 && null != STDIN_FILENO) {
			dup2(null, STDIN_FILENO);
			close(null);
		}
		execvp(argv[0], argv);
		warn_path(argv[0]);
		_exit(errno == ENOENT ? 127 : 126);
	}
	if (waitpid(pid, &wstatus, 0) < 0) {
		warn_path("waitpid");
		exit(1);
	}
	if (WIFSIGNALED(wstatus)) {
		warn_msg("%s: terminated by signal %d", argv[0], WTERMSIG(wstatus));
		exit(125);
	}
	switch (WEXITSTATUS(wstatus)) {
	case 0: return 0;
	case 126:
	case 127: exit(WEXITSTATUS(wstatus));
	case 255:
		warn_msg("%s: exited with status 255; aborting", argv[0]);
		exit(124);
	default: return 123;
	}
}

int main(int argc, char **argv)
{
	static char *echo[] = { "echo" };
	int no_empty = 0, status = 0, ran = 0, nfixed, n, c;
	long max_words = -1;
	size_t bytes;
	char **cmd, **fixed, *w;

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "0rn:")) != -1) {
		if (c == '?')
			usage(SYNOPSIS);
		if (c == '0')
			nul_separated = 1;
		else if (c == 'r')
			no_empty = 1;
		else if (parse_long(opt_arg, &max_words) < 0 || max_words < 1) {
			warn_msg("invalid number for -n: '%s'", opt_arg);
			usage(SYNOPSIS);
		}
	}
	fixed = opt_ind < argc ? argv + opt_ind : echo;
	nfixed = opt_ind < argc ? argc - opt_ind : 1;
	w = next_word();
	do {
		/* One command line: the fixed words, then input words while they fit. */
		cmd = xmalloc(((size_t)nfixed + 1) * sizeof(*cmd));
		memcpy(cmd, fixed, (size_t)nfixed * sizeof(*cmd));
		n = nfixed;
		bytes = 0;
		while (w != NULL && (max_words < 0 || n - nfixed < max_words) &&
		       (n == nfixed || bytes + strlen(w) + 1 <= ARG_LIMIT)) {
			cmd = xrealloc(cmd, ((size_t)n + 2) * sizeof(*cmd));
			cmd[n++] = w;
			bytes += strlen(w) + 1;
			w = next_word();
		}
		cmd[n] = NULL;
		if (n > nfixed || (!ran && !no_empty)) {
			int rc = run(cmd);

			if (rc != 0)
				status = rc;
		}
		ran = 1;
		while (n > nfixed)
			free(cmd[--n]);
		free(cmd);
	} while (w != NULL);
	return status;
}
