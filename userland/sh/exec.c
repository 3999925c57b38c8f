/*
 * exec.c: running the parse tree.  Builtins, assignments and compound
 * commands run in the shell; other commands, pipelines and background
 * lists run as jobs of forked processes (jobs.c).  Redirections of
 * builtins and compound commands are undone afterwards by saving the
 * descriptors they replace.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sh.h"

#define SAVED_FDS 10
#define MAX_PIPELINE 64

int last_status;
bool interactive;
pid_t shell_pgid;
pid_t shell_pid;
pid_t last_bg_pid;
bool in_child;
int loop_break, loop_continue; /* set by the break and continue builtins */
bool func_return;

struct func {
	char *name;
	struct node *body;
	struct func *next;
};

static struct func *funcs;

static struct func *func_find(const char *name)
{
	struct func *f;

	for (f = funcs; f != NULL; f = f->next)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

/*
 * Define a function: the body moves out of the parse tree.  A replaced
 * body is kept, not freed: the function may be redefining itself while
 * it runs.
 */
static void func_define(struct node *n)
{
	struct func *f = func_find(n->var);

	if (f == NULL) {
		f = xmalloc(sizeof(*f));
		f->name = xstrdup(n->var);
		f->next = funcs;
		funcs = f;
	}
	f->body = n->left;
	n->left = NULL;
}

static bool job_control(void)
{
	return interactive && !in_child;
}

/* Signals the shell ignores go back to their defaults in commands it starts. */
static void child_signals(void)
{
	static const int sigs[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGCHLD, SIGPIPE };
	size_t i;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
}

static int heredoc_fd(struct redir *r)
{
	char *body = r->quoted ? xstrdup(r->word) : expand_heredoc(r->word);
	size_t len = strlen(body);
	int fd[2];

	if (len > 60000) { /* more than a pipe holds: a temporary file */
		char path[] = "/tmp/sh-heredoc-XXXXXX";

		fd[0] = mkstemp(path);
		if (fd[0] >= 0) {
			unlink(path);
			if (write(fd[0], body, len) != (ssize_t)len || lseek(fd[0], 0, SEEK_SET) != 0) {
				close(fd[0]);
				fd[0] = -1;
			}
		}
		free(body);
		return fd[0];
	}
	if (pipe(fd) != 0) {
		free(body);
		return -1;
	}
	if (write(fd[1], body, len) != (ssize_t)len) {
		close(fd[0]);
		fd[0] = -1;
	}
	close(fd[1]);
	free(body);
	return fd[0];
}

static int open_redir(struct redir *r, const char *target)
{
	switch (r->type) {
	case R_IN: return open(target, O_RDONLY);
	case R_OUT: return open(target, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	case R_APPEND: return open(target, O_WRONLY | O_CREAT | O_APPEND, 0666);
	case R_RDWR: return open(target, O_RDWR | O_CREAT, 0666);
	default: return heredoc_fd(r);
	}
}

/*
 * Apply redirections; with saved (SAVED_FDS entries, -2 meaning untouched)
 * remember what they replace.  0, or 1 after an error message.
 */
static int apply_redirs(struct redir *r, int *saved)
{
	for (; r != NULL; r = r->next) {
		char *target = r->type == R_HEREDOC ? NULL : expand_one(r->word);
		int fd;

		if (saved != NULL && r->fd < SAVED_FDS && saved[r->fd] == -2)
			saved[r->fd] = fcntl(r->fd, F_DUPFD_CLOEXEC, SAVED_FDS);
		if (r->type == R_DUP_IN || r->type == R_DUP_OUT) {
			if (strcmp(target, "-") == 0) {
				close(r->fd);
			} else if (strspn(target, "0123456789") != strlen(target) || *target == '\0' ||
				   dup2(atoi(target), r->fd) < 0) {
				fprintf(stderr, "sh: %s: bad file descriptor\n", target);
				free(target);
				return 1;
			}
			free(target);
			continue;
		}
		fd = open_redir(r, target);
		if (fd < 0) {
			fprintf(stderr, "sh: %s: %s\n", target != NULL ? target : "here-document",
				strerror(errno));
			free(target);
			return 1;
		}
		if (fd != r->fd) {
			dup2(fd, r->fd);
			close(fd);
		}
		free(target);
	}
	return 0;
}

static void restore_fds(int *saved)
{
	int fd;

	for (fd = 0; fd < SAVED_FDS; fd++) {
		if (saved[fd] == -2)
			continue;
		if (saved[fd] >= 0) {
			dup2(saved[fd], fd);
			close(saved[fd]);
		} else {
			close(fd);
		}
	}
}

const char *find_in_path(const char *name, char *buf, size_t size)
{
	const char *path = var_get("PATH"), *p, *end;
	struct stat st;

	if (strchr(name, '/') != NULL)
		return name;
	for (p = path != NULL ? path : "/bin"; ; p = end + 1) {
		size_t dlen;

		end = strchr(p, ':');
		dlen = end != NULL ? (size_t)(end - p) : strlen(p);
		snprintf(buf, size, "%.*s%s%s", (int)dlen, p, dlen > 0 ? "/" : "", name);
		if (stat(buf, &st) == 0 && S_ISREG(st.st_mode) && access(buf, X_OK) == 0)
			return buf;
		if (end == NULL)
			return NULL;
	}
}

/* In a forked child: run words as a program; never returns. */
static void exec_program(char **argv, char **assigns)
{
	char buf[1024];
	const char *path = find_in_path(argv[0], buf, sizeof(buf));
	char **env;
	size_t i;

	for (i = 0; assigns != NULL && assigns[i] != NULL; i++) {
		char *eq = strchr(assigns[i], '='), *name = xstrndup(assigns[i], (size_t)(eq - assigns[i]));
		char *val = expand_one(eq + 1);

		var_set(name, val, true);
		free(name);
		free(val);
	}
	if (path == NULL) {
		fprintf(stderr, "sh: %s: command not found\n", argv[0]);
		exit(127);
	}
	env = var_environ();
	execve(path, argv, env);
	if (errno == ENOEXEC) { /* a script without #!: run it with this shell */
		char **sv;
		size_t n = 0;

		while (argv[n] != NULL)
			n++;
		sv = xmalloc((n + 2) * sizeof(char *));
		sv[0] = "sh";
		sv[1] = (char *)path;
		memcpy(sv + 2, argv + 1, n * sizeof(char *));
		execve("/bin/sh", sv, env);
	}
	fprintf(stderr, "sh: %s: %s\n", argv[0], strerror(errno));
	exit(errno == ENOENT ? 127 : 126);
}

static void set_assigns(char **assigns)
{
	size_t i;

	for (i = 0; assigns != NULL && assigns[i] != NULL; i++) {
		char *eq = strchr(assigns[i], '=');
		char *name = xstrndup(assigns[i], (size_t)(eq - assigns[i]));
		char *val = expand_one(eq + 1);

		var_set(name, val, false);
		free(name);
		free(val);
	}
}

/* A simple command in the shell itself: assignments only, or a builtin. */
static int run_builtin(struct node *n, char **argv, builtin_fn fn)
{
	int saved[SAVED_FDS], i, status;

	for (i = 0; i < SAVED_FDS; i++)
		saved[i] = -2;
	if (apply_redirs(n->redirs, saved) != 0) {
		restore_fds(saved);
		return 1;
	}
	set_assigns(n->assigns);
	status = fn != NULL ? fn(argv) : 0;
	fflush(stdout);
	fflush(stderr);
	if (argv[0] != NULL && strcmp(argv[0], "exec") == 0 && argv[1] == NULL) {
		for (i = 0; i < SAVED_FDS; i++) /* "exec >file": the redirections stay */
			if (saved[i] >= 0)
				close(saved[i]);
		return status;
	}
	restore_fds(saved);
	return status;
}

static int run_pipeline(struct node **cmds, int n, bool background, const char *text);

/* Call a function: its own positional parameters, the command's redirections. */
static int call_function(struct node *n, struct func *f, char **argv)
{
	int saved[SAVED_FDS], i, status;
	char **pos, **old = pos_all();
	size_t k, count = 0;

	while (old[count] != NULL)
		count++;
	pos = xmalloc((count + 1) * sizeof(char *));
	for (k = 0; k <= count; k++)
		pos[k] = old[k] != NULL ? xstrdup(old[k]) : NULL;
	for (i = 0; i < SAVED_FDS; i++)
		saved[i] = -2;
	status = apply_redirs(n->redirs, saved);
	if (status == 0) {
		set_assigns(n->assigns);
		pos_set(NULL, argv + 1);
		status = run_node(f->body);
		if (func_return) {
			func_return = false;
			status = last_status;
		}
		pos_set(NULL, pos);
	}
	fflush(NULL);
	restore_fds(saved);
	strv_free(pos);
	return status;
}

static int run_simple(struct node *n)
{
	char **argv;
	builtin_fn fn;
	struct func *f;
	int status;

	subst_ran = false;
	argv = expand_words(n->words);
	if (argv[0] != NULL && (f = func_find(argv[0])) != NULL) {
		status = call_function(n, f, argv);
		strv_free(argv);
		return status;
	}
	if (argv[0] == NULL || (fn = builtin_find(argv[0])) != NULL) {
		status = run_builtin(n, argv, argv[0] != NULL ? fn : NULL);
		/* POSIX: a command with no name has the status of its last command substitution. */
		if (argv[0] == NULL && subst_ran)
			status = subst_status;
		strv_free(argv);
		return status;
	}
	strv_free(argv);
	{
		char *text = node_text(n);

		status = run_pipeline(&n, 1, false, text);
		free(text);
	}
	return status;
}

/* In a forked pipeline member: run it and exit. */
static void run_in_child(struct node *n)
{
	in_child = true;
	if (n->type == N_CMD) {
		char **argv = expand_words(n->words);
		builtin_fn fn = argv[0] != NULL ? builtin_find(argv[0]) : NULL;
		struct func *f = argv[0] != NULL ? func_find(argv[0]) : NULL;

		if (f != NULL) {
			last_status = call_function(n, f, argv);
			fflush(NULL);
			exit(last_status);
		}
		if (apply_redirs(n->redirs, NULL) != 0)
			exit(1);
		if (argv[0] == NULL) {
			set_assigns(n->assigns);
			exit(0);
		}
		if (fn != NULL) {
			set_assigns(n->assigns);
			last_status = fn(argv);
			fflush(NULL);
			exit(last_status);
		}
		exec_program(argv, n->assigns);
	}
	last_status = run_node(n);
	fflush(NULL);
	exit(last_status);
}

static int run_pipeline(struct node **cmds, int n, bool background, const char *text)
{
	struct job *j;
	pid_t pgid = 0;
	int i, in = -1, fd[2];

	fflush(NULL);
	j = job_new(0, text);
	for (i = 0; i < n; i++) {
		pid_t pid;

		if (i < n - 1 && pipe(fd) != 0) {
			perror("sh: pipe");
			break;
		}
		pid = fork();
		if (pid < 0) {
			perror("sh: fork");
			break;
		}
		if (pid == 0) {
			if (job_control()) {
				setpgid(0, pgid);
				if (!background)
					tcsetpgrp(0, pgid != 0 ? pgid : getpid());
			}
			child_signals();
			if (in >= 0) {
				dup2(in, 0);
				close(in);
			}
			if (i < n - 1) {
				close(fd[0]);
				dup2(fd[1], 1);
				close(fd[1]);
			}
			run_in_child(cmds[i]);
		}
		if (pgid == 0)
			pgid = pid;
		if (job_control())
			setpgid(pid, pgid);
		job_add_pid(j, pid);
		if (in >= 0)
			close(in);
		if (i < n - 1) {
			close(fd[1]);
			in = fd[0];
		}
	}
	if (in >= 0)
		close(in);
	job_set_pgid(j, job_control() ? pgid : 0);
	if (background) {
		job_background(j);
		return 0;
	}
	return job_wait_fg(j);
}

static int pipeline_of(struct node *n, struct node **out, int max)
{
	int k;

	if (n->type != N_PIPE) {
		out[0] = n;
		return 1;
	}
	k = pipeline_of(n->left, out, max - 1);
	out[k] = n->right;
	return k + 1;
}

static int run_job(struct node *n, bool background)
{
	struct node *cmds[MAX_PIPELINE];
	char *text = node_text(n);
	int k = pipeline_of(n, cmds, MAX_PIPELINE), status;

	status = run_pipeline(cmds, k, background, text);
	free(text);
	return status;
}

/* After a loop body: whether the loop ends (return, break, or continue of an outer loop). */
static bool loop_done(void)
{
	if (func_return)
		return true;
	if (loop_break > 0 || loop_continue > 1) {
		loop_break -= loop_break > 0;
		loop_continue -= loop_continue > 1;
		return true;
	}
	loop_continue = 0;
	return false;
}

static int run_for(struct node *n)
{
	char **list = n->has_list ? expand_words(n->words) : NULL;
	char **items = n->has_list ? list : pos_all();
	int status = 0;
	size_t i;

	for (i = 0; items[i] != NULL; i++) {
		var_set(n->var, items[i], false);
		status = run_node(n->right);
		if (loop_done())
			break;
	}
	strv_free(list);
	return status;
}

static int run_loop(struct node *n, bool until)
{
	int status = 0;

	for (;;) {
		int cond = run_node(n->left);

		if (func_return || (cond == 0) == until)
			break;
		status = run_node(n->right);
		if (loop_done())
			break;
	}
	return status;
}

static int run_case(struct node *n)
{
	char *word = expand_one(n->words[0]);
	struct case_item *it;
	int status = 0;

	for (it = n->items; it != NULL; it = it->next) {
		size_t i;

		for (i = 0; it->patterns[i] != NULL; i++) {
			char *pat = expand_one(it->patterns[i]);
			bool m = glob_match(pat, word);

			free(pat);
			if (m) {
				status = run_node(it->body);
				free(word);
				return status;
			}
		}
	}
	free(word);
	return status;
}

static int run_compound(struct node *n)
{
	switch (n->type) {
	case N_IF:
		if (run_node(n->left) == 0)
			return run_node(n->right);
		return n->alt != NULL ? run_node(n->alt) : 0;
	case N_WHILE: return run_loop(n, false);
	case N_UNTIL: return run_loop(n, true);
	case N_FOR: return run_for(n);
	case N_CASE: return run_case(n);
	case N_GROUP: return run_node(n->left);
	default: return 0;
	}
}

static int run_subshell(struct node *n)
{
	pid_t pid;
	int status;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		in_child = true;
		if (apply_redirs(n->redirs, NULL) != 0)
			exit(1);
		exit(run_node(n->left));
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int run_node(struct node *n)
{
	int status = 0;

	if (n == NULL || loop_break > 0 || loop_continue > 0 || func_return)
		return last_status;
	switch (n->type) {
	case N_CMD:
		status = run_simple(n);
		last_status = status;
		traps_run_pending();
		break;
	case N_FUNC:
		func_define(n);
		status = 0;
		break;
	case N_SEQ:
		run_node(n->left);
		status = n->right != NULL ? run_node(n->right) : last_status;
		break;
	case N_BG:
		status = run_job(n->left, true);
		break;
	case N_AND:
		status = run_node(n->left);
		if (status == 0)
			status = run_node(n->right);
		break;
	case N_OR:
		status = run_node(n->left);
		if (status != 0)
			status = run_node(n->right);
		break;
	case N_NOT:
		status = run_node(n->left) == 0;
		break;
	case N_PIPE:
		status = run_job(n, false);
		break;
	case N_SUBSHELL:
		status = run_subshell(n);
		break;
	default: {
		int saved[SAVED_FDS], i;

		for (i = 0; i < SAVED_FDS; i++)
			saved[i] = -2;
		status = apply_redirs(n->redirs, saved);
		if (status == 0)
			status = run_compound(n);
		restore_fds(saved);
	}
	}
	last_status = status;
	return status;
}

int run_string(const char *src)
{
	bool incomplete;
	struct node *n = parse(src, &incomplete);

	if (n == NULL) {
		if (incomplete)
			fprintf(stderr, "sh: syntax error: unexpected end of file\n");
		last_status = 2;
		return 2;
	}
	run_node(n);
	node_free(n);
	return last_status;
}

int run_file(const char *path, char **args)
{
	struct strbuf b = { 0 };
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		fprintf(stderr, "sh: %s: %s\n", path, strerror(errno));
		return 127;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		sb_putn(&b, buf, (size_t)n);
	close(fd);
	if (args != NULL)
		pos_set((char *)path, args);
	sb_putc(&b, '\0');
	run_string(b.s);
	free(b.s);
	return last_status;
}
