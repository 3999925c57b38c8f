/*
 * sh: the Breenix shell.
 *
 *   sh                 interactive when stdin is a terminal, else reads commands from stdin
 *   sh -c CMD [NAME [ARG...]]
 *   sh FILE [ARG...]   run a script
 *   sh -l, or argv[0] starting with '-': a login shell (reads /etc/profile and ~/.profile)
 *
 * An interactive shell puts itself in its own process group in the
 * terminal's foreground and ignores the job-control signals, so ^C and ^Z
 * reach only the foreground job.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "sh.h"

static void setup_job_control(struct shell *sh)
{
	sh->pgid = getpgrp();
	while (tcgetpgrp(0) != sh->pgid && tcgetpgrp(0) > 0) /* wait to be in the foreground */
		kill(-sh->pgid, SIGTTIN);
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	sh->pgid = getpid();
	if (getpgrp() != sh->pgid)
		setpgid(0, 0);
	tcsetpgrp(0, sh->pgid);
	jobs_init();
}

/* PS1 with \w (cwd, ~ for HOME), \W, \u, \h, \$ and then $-expansions. */
static char *prompt_text(struct shell *sh, const char *ps)
{
	struct strbuf b = { 0 };
	char cwd[PATH_MAX], *res;
	const char *home = var_get("HOME"), *p;
	struct utsname u;

	for (p = ps; *p != '\0'; p++) {
		if (*p != '\\' || p[1] == '\0') {
			sb_putc(&b, *p);
			continue;
		}
		switch (*++p) {
		case 'w':
		case 'W':
			if (getcwd(cwd, sizeof(cwd)) == NULL)
				strcpy(cwd, "?");
			if (*p == 'W' && strcmp(cwd, "/") != 0)
				sb_puts(&b, strrchr(cwd, '/') + 1);
			else if (home != NULL && *home != '\0' && strncmp(cwd, home, strlen(home)) == 0 &&
				 (cwd[strlen(home)] == '/' || cwd[strlen(home)] == '\0')) {
				sb_putc(&b, '~');
				sb_puts(&b, cwd + strlen(home));
			} else {
				sb_puts(&b, cwd);
			}
			break;
		case 'u': sb_puts(&b, getuid() == 0 ? "root" : "user"); break;
		case 'h': sb_puts(&b, uname(&u) == 0 ? u.nodename : "breenix"); break;
		case '$': sb_putc(&b, getuid() == 0 ? '#' : '$'); break;
		case 'n': sb_putc(&b, '\n'); break;
		case '\\': sb_putc(&b, '\\'); break;
		default: sb_putc(&b, '\\'); sb_putc(&b, *p); break;
		}
	}
	sb_putc(&b, '\0');
	res = expand_heredoc(sh, b.s);
	free(b.s);
	return res;
}

/* One line from stdin without a terminal: NULL at the end. */
static char *read_plain_line(void)
{
	struct strbuf b = { 0 };
	ssize_t r;
	char c;

	while ((r = read(0, &c, 1)) == 1 && c != '\n')
		sb_putc(&b, c);
	if (r != 1 && b.len == 0)
		return NULL;
	return sb_take(&b);
}

static char *read_line(struct shell *sh, const char *ps_var)
{
	char *prompt, *line;

	if (!sh->interactive)
		return read_plain_line();
	prompt = prompt_text(sh, var_get(ps_var) != NULL ? var_get(ps_var) : "$ ");
	line = line_edit(sh, prompt);
	free(prompt);
	return line;
}

/*
 * Read a complete command (asking for more lines while it is incomplete)
 * and run it.  A break, continue or return with nothing to unwind to ends
 * only the line it is on.
 */
static void repl(struct shell *sh)
{
	for (;;) {
		char *text, *more;
		struct node *n;
		bool incomplete;

		if (sh->interactive)
			jobs_notify(sh);
		text = read_line(sh, "PS1");
		if (text == NULL)
			break;
		for (;;) {
			n = parse(text, &incomplete);
			if (n != NULL || !incomplete)
				break;
			more = read_line(sh, "PS2");
			if (more == NULL) {
				fprintf(stderr, "sh: syntax error: unexpected end of file\n");
				break;
			}
			text = xrealloc(text, strlen(text) + strlen(more) + 2);
			strcat(strcat(text, "\n"), more);
			free(more);
		}
		if (sh->interactive)
			history_add(text);
		free(text);
		if (n == NULL) {
			sh->status = 2;
			continue;
		}
		if (n->type == N_CMD && n->words == NULL && n->assigns == NULL && n->redirs == NULL) {
			node_free(n); /* an empty line leaves $? alone (^C at the prompt set it) */
			continue;
		}
		run_node(sh, n);
		node_free(n);
		fflush(NULL);
	}
	if (sh->interactive)
		fputs("exit\n", stderr);
}

static void source_if_exists(struct shell *sh, const char *path)
{
	if (path != NULL && access(path, R_OK) == 0)
		run_file(sh, path, NULL);
}

int main(int argc, char **argv, char **envp)
{
	struct shell shell = { 0 }, *sh = &shell;
	bool login = argv[0][0] == '-';
	int i = 1;

	sh->pid = getpid();
	vars_init(envp);
	while (i < argc && argv[i][0] == '-' && argv[i][1] != '\0' && strcmp(argv[i], "-c") != 0) {
		if (strcmp(argv[i], "-l") == 0)
			login = true;
		else if (strcmp(argv[i], "-i") == 0)
			sh->interactive = true;
		else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else {
			fprintf(stderr, "sh: %s: invalid option\nusage: sh [-il] [-c command | file] [arg...]\n",
				argv[i]);
			return 2;
		}
		i++;
	}
	if (i < argc && strcmp(argv[i], "-c") == 0) {
		if (i + 1 >= argc) {
			fprintf(stderr, "sh: -c: option requires an argument\n");
			return 2;
		}
		pos_set(i + 2 < argc ? argv[i + 2] : argv[0], i + 2 < argc ? argv + i + 3 : NULL);
		run_string(sh, argv[i + 1]);
		sh_exit(sh, sh->status);
	}
	if (i < argc) {
		pos_set(argv[i], argv + i + 1);
		run_file(sh, argv[i], NULL);
		sh_exit(sh, sh->status);
	}
	pos_set(argv[0], NULL);
	sh->interactive |= isatty(0) && isatty(2);
	if (sh->interactive)
		setup_job_control(sh);
	if (login) {
		char path[PATH_MAX];
		const char *home = var_get("HOME");

		source_if_exists(sh, "/etc/profile");
		if (home != NULL) {
			snprintf(path, sizeof(path), "%s/.profile", home);
			source_if_exists(sh, path);
		}
	}
	repl(sh);
	sh_exit(sh, sh->status);
}
