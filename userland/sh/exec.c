/*
 * exec.c: running the parse tree.  Builtins, assignments and compound
 * commands run in the shell; other commands, pipelines and background
 * lists run as jobs of forked processes (jobs.c).  Redirections of
 * builtins and compound commands are undone afterwards by saving the
 * descriptors they replace.
 *
 * Every run_* function leaves the status in sh->status and returns a
 * struct flow: FLOW_NEXT, or a break, continue or return unwinding to the
 * loop or function call that consumes it (each node returns at once when
 * a child node's flow is not FLOW_NEXT).
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

static bool job_control(const struct shell *sh)
{
	return sh->interactive && !sh->in_child;
}

/* Signals the shell ignores go back to their defaults in commands it starts. */
static void child_signals(void)
{
	static const int sigs[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGCHLD, SIGPIPE };
	size_t i;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
}

static int heredoc_fd(struct shell *sh, struct redir *r)
{
	char *body = r->quoted ? xstrdup(r->word) : expand_heredoc(sh, r->word);
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

static int open_redir(struct shell *sh, struct redir *r, const char *target)
{
	switch (r->type) {
	case R_IN: return open(target, O_RDONLY);
	case R_OUT: return open(target, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	case R_APPEND: return open(target, O_WRONLY | O_CREAT | O_APPEND, 0666);
	case R_RDWR: return open(target, O_RDWR | O_CREAT, 0666);
	default: return heredoc_fd(sh, r);
	}
}

/*
 * Apply redirections; with saved (SAVED_FDS entries, -2 meaning untouched)
 * remember what they replace.  0, or 1 after an error message.
 */
static int apply_redirs(struct shell *sh, struct redir *r, int *saved)
{
	for (; r != NULL; r = r->next) {
		char *target = r->type == R_HEREDOC ? NULL : expand_one(sh, r->word);
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
		fd = open_redir(sh, r, target);
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
static void exec_program(struct shell *sh, char **argv, char **assigns)
{
	char buf[1024];
	const char *path = find_in_path(argv[0], buf, sizeof(buf));
	char **env;
	size_t i;

	for (i = 0; assigns != NULL && assigns[i] != NULL; i++) {
		char *eq = strchr(assigns[i], '='), *name = xstrndup(assigns[i], (size_t)(eq - assigns[i]));
		char *val = expand_one(sh, eq + 1);

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

static void set_assigns(struct shell *sh, char **assigns)
{
	size_t i;

	for (i = 0; assigns != NULL && assigns[i] != NULL; i++) {
		char *eq = strchr(assigns[i], '=');
		char *name = xstrndup(assigns[i], (size_t)(eq - assigns[i]));
		char *val = expand_one(sh, eq + 1);

		var_set(name, val, false);
		free(name);
		free(val);
	}
}

/* A builtin, in the shell or in a forked child: its status in sh->status. */
static struct flow call_builtin(struct shell *sh, char **argv, builtin_fn fn)
{
	if (fn == NULL)
		return flow_builtin(sh, argv);
	sh->status = fn(sh, argv);
	return FLOW_NONE;
}

/* A simple command in the shell itself: assignments only, or a builtin. */
static struct flow run_builtin(struct shell *sh, struct node *n, char **argv, builtin_fn fn)
{
	int saved[SAVED_FDS], i;
	struct flow f = FLOW_NONE;

	for (i = 0; i < SAVED_FDS; i++)
		saved[i] = -2;
	if (apply_redirs(sh, n->redirs, saved) != 0) {
		restore_fds(saved);
		sh->status = 1;
		return FLOW_NONE;
	}
	set_assigns(sh, n->assigns);
	if (argv[0] != NULL)
		f = call_builtin(sh, argv, fn);
	else
		sh->status = 0;
	fflush(stdout);
	fflush(stderr);
	if (argv[0] != NULL && strcmp(argv[0], "exec") == 0 && argv[1] == NULL) {
		for (i = 0; i < SAVED_FDS; i++) /* "exec >file": the redirections stay */
			if (saved[i] >= 0)
				close(saved[i]);
		return f;
	}
	restore_fds(saved);
	return f;
}

static int run_pipeline(struct shell *sh, struct node **cmds, int n, bool background,
			const char *text);

/*
 * Call a function: its own positional parameters, the command's
 * redirections.  A return ends here; a break or continue goes on to the
 * caller's loops.
 */
static struct flow call_function(struct shell *sh, struct node *n, struct func *f, char **argv)
{
	int saved[SAVED_FDS], i;
	char **pos, **old = pos_all();
	size_t k, count = 0;
	struct flow fl = FLOW_NONE;

	while (old[count] != NULL)
		count++;
	pos = xmalloc((count + 1) * sizeof(char *));
	for (k = 0; k <= count; k++)
		pos[k] = old[k] != NULL ? xstrdup(old[k]) : NULL;
	for (i = 0; i < SAVED_FDS; i++)
		saved[i] = -2;
	if (apply_redirs(sh, n->redirs, saved) != 0) {
		sh->status = 1;
	} else {
		set_assigns(sh, n->assigns);
		pos_set(NULL, argv + 1);
		fl = run_node(sh, f->body);
		if (fl.kind == FLOW_RETURN)
			fl = FLOW_NONE;
		pos_set(NULL, pos);
	}
	fflush(NULL);
	restore_fds(saved);
	strv_free(pos);
	return fl;
}

static struct flow run_simple(struct shell *sh, struct node *n)
{
	char **argv;
	builtin_fn fn = NULL;
	struct func *f;
	struct flow fl;
	char *text;

	sh->subst_ran = false;
	argv = expand_words(sh, n->words);
	if (argv[0] != NULL && (f = func_find(argv[0])) != NULL) {
		fl = call_function(sh, n, f, argv);
		strv_free(argv);
		return fl;
	}
	if (argv[0] == NULL || (fn = builtin_find(argv[0])) != NULL || builtin_is_flow(argv[0])) {
		fl = run_builtin(sh, n, argv, fn);
		/* POSIX: a command with no name has the status of its last command substitution. */
		if (argv[0] == NULL && sh->subst_ran)
			sh->status = sh->subst_status;
		strv_free(argv);
		return fl;
	}
	strv_free(argv);
	text = node_text(n);
	sh->status = run_pipeline(sh, &n, 1, false, text);
	free(text);
	return FLOW_NONE;
}

/* In a forked pipeline member: run it and exit (a break or return ends the process). */
static void run_in_child(struct shell *sh, struct node *n)
{
	sh->in_child = true;
	if (n->type == N_CMD) {
		char **argv = expand_words(sh, n->words);
		builtin_fn fn = argv[0] != NULL ? builtin_find(argv[0]) : NULL;
		struct func *f = argv[0] != NULL ? func_find(argv[0]) : NULL;

		if (f != NULL) {
			call_function(sh, n, f, argv);
			fflush(NULL);
			exit(sh->status);
		}
		if (apply_redirs(sh, n->redirs, NULL) != 0)
			exit(1);
		if (argv[0] == NULL) {
			set_assigns(sh, n->assigns);
			exit(0);
		}
		if (fn != NULL || builtin_is_flow(argv[0])) {
			set_assigns(sh, n->assigns);
			call_builtin(sh, argv, fn);
			fflush(NULL);
			exit(sh->status);
		}
		exec_program(sh, argv, n->assigns);
	}
	run_node(sh, n);
	fflush(NULL);
	exit(sh->status);
}

static int run_pipeline(struct shell *sh, struct node **cmds, int n, bool background,
			const char *text)
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
			if (job_control(sh)) {
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
			run_in_child(sh, cmds[i]);
		}
		if (pgid == 0)
			pgid = pid;
		if (job_control(sh))
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
	job_set_pgid(j, job_control(sh) ? pgid : 0);
	if (background) {
		job_background(sh, j);
		return 0;
	}
	return job_wait_fg(sh, j);
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

static int run_job(struct shell *sh, struct node *n, bool background)
{
	struct node *cmds[MAX_PIPELINE];
	char *text = node_text(n);
	int k = pipeline_of(n, cmds, MAX_PIPELINE), status;

	status = run_pipeline(sh, cmds, k, background, text);
	free(text);
	return status;
}

/*
 * After a loop body with flow *f: whether the loop ends.  A break or
 * continue is used up by this loop when it is its last level; otherwise
 * it (or a return) goes on out with one level fewer.
 */
static bool loop_ends(struct flow *f)
{
	bool brk = f->kind == FLOW_BREAK;

	if (f->kind == FLOW_NEXT)
		return false;
	if (f->kind == FLOW_RETURN)
		return true;
	if (--f->levels > 0)
		return true;
	*f = FLOW_NONE;
	return brk;
}

static struct flow run_for(struct shell *sh, struct node *n)
{
	char **list = n->has_list ? expand_words(sh, n->words) : NULL;
	char **items = n->has_list ? list : pos_all();
	struct flow f = FLOW_NONE;
	int status = 0;
	size_t i;

	for (i = 0; items[i] != NULL; i++) {
		var_set(n->var, items[i], false);
		f = run_node(sh, n->right);
		status = sh->status;
		if (loop_ends(&f))
			break;
	}
	strv_free(list);
	sh->status = status;
	return f;
}

static struct flow run_loop(struct shell *sh, struct node *n, bool until)
{
	struct flow f;
	int status = 0;

	for (;;) {
		f = run_node(sh, n->left);
		if (f.kind != FLOW_NEXT)
			return f;
		if ((sh->status == 0) == until)
			break;
		f = run_node(sh, n->right);
		status = sh->status;
		if (loop_ends(&f))
			break;
	}
	sh->status = status;
	return f;
}

static struct flow run_case(struct shell *sh, struct node *n)
{
	char *word = expand_one(sh, n->words[0]);
	struct case_item *it;

	for (it = n->items; it != NULL; it = it->next) {
		size_t i;

		for (i = 0; it->patterns[i] != NULL; i++) {
			char *pat = expand_one(sh, it->patterns[i]);
			bool m = glob_match(pat, word);

			free(pat);
			if (m) {
				free(word);
				return run_node(sh, it->body);
			}
		}
	}
	free(word);
	sh->status = 0;
	return FLOW_NONE;
}

static struct flow run_compound(struct shell *sh, struct node *n)
{
	struct flow f;

	switch (n->type) {
	case N_IF:
		f = run_node(sh, n->left);
		if (f.kind != FLOW_NEXT)
			return f;
		if (sh->status == 0)
			return run_node(sh, n->right);
		if (n->alt != NULL)
			return run_node(sh, n->alt);
		sh->status = 0;
		return FLOW_NONE;
	case N_WHILE: return run_loop(sh, n, false);
	case N_UNTIL: return run_loop(sh, n, true);
	case N_FOR: return run_for(sh, n);
	case N_CASE: return run_case(sh, n);
	case N_GROUP: return run_node(sh, n->left);
	default:
		sh->status = 0;
		return FLOW_NONE;
	}
}

static int run_subshell(struct shell *sh, struct node *n)
{
	pid_t pid;
	int status;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		sh->in_child = true;
		if (apply_redirs(sh, n->redirs, NULL) != 0)
			exit(1);
		run_node(sh, n->left);
		exit(sh->status);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

struct flow run_node(struct shell *sh, struct node *n)
{
	struct flow f = FLOW_NONE, t;
	int saved[SAVED_FDS], i;

	if (n == NULL)
		return FLOW_NONE;
	switch (n->type) {
	case N_CMD:
		f = run_simple(sh, n);
		t = traps_run_pending(sh);
		if (f.kind == FLOW_NEXT)
			f = t;
		return f;
	case N_FUNC:
		func_define(n);
		sh->status = 0;
		return FLOW_NONE;
	case N_SEQ:
		f = run_node(sh, n->left);
		if (f.kind != FLOW_NEXT || n->right == NULL)
			return f;
		return run_node(sh, n->right);
	case N_BG:
		sh->status = run_job(sh, n->left, true);
		return FLOW_NONE;
	case N_AND:
	case N_OR:
		f = run_node(sh, n->left);
		if (f.kind != FLOW_NEXT || (sh->status == 0) != (n->type == N_AND))
			return f;
		return run_node(sh, n->right);
	case N_NOT:
		f = run_node(sh, n->left);
		if (f.kind == FLOW_NEXT)
			sh->status = sh->status == 0;
		return f;
	case N_PIPE:
		sh->status = run_job(sh, n, false);
		return FLOW_NONE;
	case N_SUBSHELL:
		sh->status = run_subshell(sh, n);
		return FLOW_NONE;
	default:
		for (i = 0; i < SAVED_FDS; i++)
			saved[i] = -2;
		if (apply_redirs(sh, n->redirs, saved) != 0)
			sh->status = 1;
		else
			f = run_compound(sh, n);
		restore_fds(saved);
		return f;
	}
}

struct flow run_string(struct shell *sh, const char *src)
{
	bool incomplete;
	struct node *n = parse(src, &incomplete);
	struct flow f;

	if (n == NULL) {
		if (incomplete)
			fprintf(stderr, "sh: syntax error: unexpected end of file\n");
		sh->status = 2;
		return FLOW_NONE;
	}
	f = run_node(sh, n);
	node_free(n);
	return f;
}

struct flow run_file(struct shell *sh, const char *path, char **args)
{
	struct strbuf b = { 0 };
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY);
	struct flow f;

	if (fd < 0) {
		fprintf(stderr, "sh: %s: %s\n", path, strerror(errno));
		sh->status = 127;
		return FLOW_NONE;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		sb_putn(&b, buf, (size_t)n);
	close(fd);
	if (args != NULL)
		pos_set((char *)path, args);
	sb_putc(&b, '\0');
	f = run_string(sh, b.s);
	free(b.s);
	return f;
}

/* . and source: run a file (found on PATH without a slash) in this shell. */
static struct flow flow_source(struct shell *sh, char **argv)
{
	char buf[1024];
	const char *path;

	if (argv[1] == NULL) {
		fprintf(stderr, "sh: %s: filename argument required\n", argv[0]);
		sh->status = 2;
		return FLOW_NONE;
	}
	path = strchr(argv[1], '/') != NULL ? argv[1] : find_in_path(argv[1], buf, sizeof(buf));
	return run_file(sh, path != NULL ? path : argv[1], argv[2] != NULL ? argv + 2 : NULL);
}

static struct flow flow_eval(struct shell *sh, char **argv)
{
	struct strbuf b = { 0 };
	struct flow f;
	int i;

	for (i = 1; argv[i] != NULL; i++) {
		if (i > 1)
			sb_putc(&b, ' ');
		sb_puts(&b, argv[i]);
	}
	sb_putc(&b, '\0');
	f = run_string(sh, b.s);
	free(b.s);
	return f;
}

/*
 * break [n], continue [n], return [n], eval, . and source: the builtins
 * whose flow goes on past them.  break and continue have status 0;
 * return's status is n, or $? as it was.
 */
struct flow flow_builtin(struct shell *sh, char **argv)
{
	int n = argv[1] != NULL ? atoi(argv[1]) : 1;

	if (strcmp(argv[0], "break") == 0 || strcmp(argv[0], "continue") == 0) {
		sh->status = 0;
		return (struct flow){ argv[0][0] == 'b' ? FLOW_BREAK : FLOW_CONTINUE, n > 0 ? n : 1 };
	}
	if (strcmp(argv[0], "return") == 0) {
		if (argv[1] != NULL)
			sh->status = n & 0xFF;
		return (struct flow){ FLOW_RETURN, 0 };
	}
	if (strcmp(argv[0], "eval") == 0)
		return flow_eval(sh, argv);
	return flow_source(sh, argv);
}
