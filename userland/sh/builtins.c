/*
 * builtins.c: commands the shell runs itself, because they change the
 * shell (cd, export, exit, jobs, ...) or are used so often that a fork
 * would be waste (echo, test, true).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sh.h"

/* Every builtin has the same signature; most leave the shell's state alone. */
#pragma GCC diagnostic ignored "-Wunused-parameter"

static int b_cd(struct shell *sh, char **argv)
{
	const char *dir = argv[1];
	char cwd[PATH_MAX];

	if (dir == NULL)
		dir = var_get("HOME");
	else if (strcmp(dir, "-") == 0)
		dir = var_get("OLDPWD");
	if (dir == NULL) {
		fprintf(stderr, "sh: cd: %s not set\n", argv[1] == NULL ? "HOME" : "OLDPWD");
		return 1;
	}
	if (chdir(dir) != 0) {
		fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	if (argv[1] != NULL && strcmp(argv[1], "-") == 0)
		printf("%s\n", dir);
	if (var_get("PWD") != NULL)
		var_set("OLDPWD", var_get("PWD"), true);
	if (getcwd(cwd, sizeof(cwd)) != NULL)
		var_set("PWD", cwd, true);
	return 0;
}

static int b_pwd(struct shell *sh, char **argv)
{
	char cwd[PATH_MAX];

	(void)argv;
	if (getcwd(cwd, sizeof(cwd)) == NULL) {
		fprintf(stderr, "sh: pwd: %s\n", strerror(errno));
		return 1;
	}
	printf("%s\n", cwd);
	return 0;
}

static int b_exit(struct shell *sh, char **argv)
{
	sh_exit(sh, argv[1] != NULL ? atoi(argv[1]) & 0xFF : sh->status);
}

static int b_true(struct shell *sh, char **argv)
{
	(void)argv;
	return 0;
}

static int b_false(struct shell *sh, char **argv)
{
	(void)argv;
	return 1;
}

static int b_export(struct shell *sh, char **argv)
{
	int i;

	if (argv[1] == NULL || strcmp(argv[1], "-p") == 0) {
		var_print(true);
		return 0;
	}
	for (i = 1; argv[i] != NULL; i++) {
		char *eq = strchr(argv[i], '=');

		if (eq != NULL) {
			char *name = xstrndup(argv[i], (size_t)(eq - argv[i]));

			var_set(name, eq + 1, true);
			free(name);
		} else {
			var_export(argv[i]);
		}
	}
	return 0;
}

static int b_unset(struct shell *sh, char **argv)
{
	int i;

	for (i = 1; argv[i] != NULL; i++)
		if (strcmp(argv[i], "-v") != 0)
			var_unset(argv[i]);
	return 0;
}

static int b_set(struct shell *sh, char **argv)
{
	int i = 1;

	if (argv[1] == NULL) {
		var_print(false);
		return 0;
	}
	if (strcmp(argv[1], "--") == 0)
		i = 2;
	pos_set(NULL, argv + i);
	return 0;
}

static int b_shift(struct shell *sh, char **argv)
{
	int n = argv[1] != NULL ? atoi(argv[1]) : 1;

	if (n < 0 || n > pos_count())
		return 1;
	pos_shift(n);
	return 0;
}

static int echo_escape(const char **p)
{
	switch (*++*p) {
	case 'n': return '\n';
	case 't': return '\t';
	case '\\': return '\\';
	case 'a': return '\a';
	case 'r': return '\r';
	case 'c': return -1;
	case '0': return 0;
	default: --*p; return '\\';
	}
}

static int b_echo(struct shell *sh, char **argv)
{
	bool newline = true, escapes = false;
	int i = 1;

	for (; argv[i] != NULL && argv[i][0] == '-' && argv[i][1] != '\0' &&
	       strspn(argv[i] + 1, "neE") == strlen(argv[i] + 1); i++) {
		newline &= strchr(argv[i], 'n') == NULL;
		escapes = strchr(argv[i], 'e') != NULL || (escapes && strchr(argv[i], 'E') == NULL);
	}
	for (; argv[i] != NULL; i++) {
		const char *p;

		for (p = argv[i]; *p != '\0'; p++) {
			int c = *p == '\\' && escapes ? echo_escape(&p) : *p;

			if (c < 0)
				return 0;
			putchar(c);
		}
		if (argv[i + 1] != NULL)
			putchar(' ');
	}
	if (newline)
		putchar('\n');
	return 0;
}

/* test / [: a recursive evaluator over the argument list. */
struct targs {
	char **v;
	int i, n;
};

static bool test_expr(struct targs *t);

static bool test_unary(const char *op, const char *arg)
{
	struct stat st;

	switch (op[1]) {
	case 'n': return *arg != '\0';
	case 'z': return *arg == '\0';
	case 't': return isatty(atoi(arg));
	}
	if (stat(arg, &st) != 0)
		return op[1] == 'h' || op[1] == 'L' ? lstat(arg, &st) == 0 && S_ISLNK(st.st_mode) : false;
	switch (op[1]) {
	case 'e': return true;
	case 'f': return S_ISREG(st.st_mode);
	case 'd': return S_ISDIR(st.st_mode);
	case 'c': return S_ISCHR(st.st_mode);
	case 'p': return S_ISFIFO(st.st_mode);
	case 's': return st.st_size > 0;
	case 'r': return access(arg, R_OK) == 0;
	case 'w': return access(arg, W_OK) == 0;
	case 'x': return access(arg, X_OK) == 0;
	case 'h':
	case 'L': return lstat(arg, &st) == 0 && S_ISLNK(st.st_mode);
	}
	return false;
}

static bool is_unary(const char *s)
{
	return s[0] == '-' && s[1] != '\0' && s[2] == '\0' && strchr("nztefdcpsrwxhL", s[1]);
}

static bool test_binary(const char *a, const char *op, const char *b, bool *ok)
{
	long x = strtol(a, NULL, 10), y = strtol(b, NULL, 10);

	*ok = true;
	if (strcmp(op, "=") == 0 || strcmp(op, "==") == 0) return strcmp(a, b) == 0;
	if (strcmp(op, "!=") == 0) return strcmp(a, b) != 0;
	if (strcmp(op, "<") == 0) return strcmp(a, b) < 0;
	if (strcmp(op, ">") == 0) return strcmp(a, b) > 0;
	if (strcmp(op, "-eq") == 0) return x == y;
	if (strcmp(op, "-ne") == 0) return x != y;
	if (strcmp(op, "-lt") == 0) return x < y;
	if (strcmp(op, "-le") == 0) return x <= y;
	if (strcmp(op, "-gt") == 0) return x > y;
	if (strcmp(op, "-ge") == 0) return x >= y;
	*ok = false;
	return false;
}

static bool test_primary(struct targs *t)
{
	const char *a = t->i < t->n ? t->v[t->i] : "";
	bool ok, r;

	if (strcmp(a, "!") == 0) {
		t->i++;
		return !test_primary(t);
	}
	if (strcmp(a, "(") == 0) {
		t->i++;
		r = test_expr(t);
		t->i++; /* ) */
		return r;
	}
	if (t->i + 2 < t->n) {
		r = test_binary(a, t->v[t->i + 1], t->v[t->i + 2], &ok);
		if (ok) {
			t->i += 3;
			return r;
		}
	}
	if (is_unary(a) && t->i + 1 < t->n) {
		t->i += 2;
		return test_unary(a, t->v[t->i - 1]);
	}
	t->i++;
	return *a != '\0';
}

static bool test_and(struct targs *t)
{
	bool r = test_primary(t);

	while (t->i < t->n && strcmp(t->v[t->i], "-a") == 0) {
		t->i++;
		r = test_primary(t) && r;
	}
	return r;
}

static bool test_expr(struct targs *t)
{
	bool r = test_and(t);

	while (t->i < t->n && strcmp(t->v[t->i], "-o") == 0) {
		t->i++;
		r = test_and(t) || r;
	}
	return r;
}

static int b_test(struct shell *sh, char **argv)
{
	struct targs t = { argv + 1, 0, 0 };

	while (t.v[t.n] != NULL)
		t.n++;
	if (strcmp(argv[0], "[") == 0) {
		if (t.n == 0 || strcmp(t.v[t.n - 1], "]") != 0) {
			fprintf(stderr, "sh: [: missing ]\n");
			return 2;
		}
		t.n--;
	}
	if (t.n == 0)
		return 1;
	return test_expr(&t) ? 0 : 1;
}

static const struct { const char *name; int sig; } signals[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT }, { "ILL", SIGILL },
	{ "TRAP", SIGTRAP }, { "ABRT", SIGABRT }, { "BUS", SIGBUS }, { "FPE", SIGFPE },
	{ "KILL", SIGKILL }, { "USR1", SIGUSR1 }, { "SEGV", SIGSEGV }, { "USR2", SIGUSR2 },
	{ "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM }, { "CHLD", SIGCHLD },
	{ "CONT", SIGCONT }, { "STOP", SIGSTOP }, { "TSTP", SIGTSTP }, { "TTIN", SIGTTIN },
	{ "TTOU", SIGTTOU }, { "WINCH", SIGWINCH },
};

static int sig_by_name(const char *s)
{
	size_t i;

	if (isdigit((unsigned char)*s))
		return atoi(s);
	if (strncmp(s, "SIG", 3) == 0)
		s += 3;
	for (i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		if (strcmp(s, signals[i].name) == 0)
			return signals[i].sig;
	return -1;
}

/* Traps: commands run when a signal arrives (between commands) or at exit (EXIT, 0). */
#define NTRAPS 65

static char *traps[NTRAPS];
static volatile sig_atomic_t trap_pending[NTRAPS];
static bool exiting;

static void on_trapped(int sig)
{
	trap_pending[sig] = 1;
}

/* $? stays as it was; a break, continue or return in a trap's command goes on out. */
struct flow traps_run_pending(struct shell *sh)
{
	int sig, saved = sh->status;
	struct flow f = FLOW_NONE;

	for (sig = 1; sig < NTRAPS; sig++) {
		if (!trap_pending[sig])
			continue;
		trap_pending[sig] = 0;
		if (traps[sig] != NULL && f.kind == FLOW_NEXT)
			f = run_string(sh, traps[sig]);
	}
	sh->status = saved;
	return f;
}

void sh_exit(struct shell *sh, int status)
{
	if (!exiting && !sh->in_child && traps[0] != NULL) {
		exiting = true;
		sh->status = status;
		run_string(sh, traps[0]);
	}
	fflush(NULL);
	exit(status);
}

static int trap_signal(const char *s)
{
	if (strcmp(s, "EXIT") == 0 || strcmp(s, "0") == 0)
		return 0;
	return sig_by_name(s);
}

int builtin_trap(struct shell *sh, char **argv)
{
	const char *action;
	int i, sig, status = 0;

	if (argv[1] == NULL) {
		for (sig = 0; sig < NTRAPS; sig++)
			if (traps[sig] != NULL)
				printf("trap -- '%s' %d\n", traps[sig], sig);
		return 0;
	}
	action = argv[1];
	i = 2;
	if (argv[2] == NULL) { /* "trap SIG": reset */
		action = "-";
		i = 1;
	}
	for (; argv[i] != NULL; i++) {
		sig = trap_signal(argv[i]);
		if (sig < 0 || sig >= NTRAPS || sig == SIGKILL || sig == SIGSTOP) {
			fprintf(stderr, "sh: trap: %s: invalid signal specification\n", argv[i]);
			status = 1;
			continue;
		}
		free(traps[sig]);
		traps[sig] = NULL;
		if (strcmp(action, "-") == 0) {
			if (sig > 0)
				signal(sig, SIG_DFL);
		} else if (*action == '\0') {
			if (sig > 0)
				signal(sig, SIG_IGN);
		} else {
			traps[sig] = xstrdup(action);
			if (sig > 0)
				signal(sig, on_trapped);
		}
	}
	return status;
}

static int b_kill(struct shell *sh, char **argv)
{
	int sig = SIGTERM, i = 1, status = 0;

	if (argv[1] != NULL && strcmp(argv[1], "-l") == 0) {
		size_t k;

		for (k = 0; k < sizeof(signals) / sizeof(signals[0]); k++)
			printf("%d) SIG%s\n", signals[k].sig, signals[k].name);
		return 0;
	}
	if (argv[1] != NULL && argv[1][0] == '-') {
		sig = sig_by_name(strcmp(argv[1], "-s") == 0 && argv[2] != NULL ? argv[++i] : argv[1] + 1);
		if (sig < 0) {
			fprintf(stderr, "sh: kill: %s: invalid signal specification\n", argv[i]);
			return 1;
		}
		i++;
	}
	if (argv[i] == NULL) {
		fprintf(stderr, "usage: kill [-s sig | -sig] pid | %%job ...\n");
		return 2;
	}
	for (; argv[i] != NULL; i++) {
		pid_t pid = argv[i][0] == '%' ? -job_spec_pgid(argv[i]) : (pid_t)atoi(argv[i]);

		if (argv[i][0] == '%' && pid == 1) {
			fprintf(stderr, "sh: kill: %s: no such job\n", argv[i]);
			status = 1;
			continue;
		}
		if (kill(pid, sig) != 0) {
			fprintf(stderr, "sh: kill: (%s) - %s\n", argv[i], strerror(errno));
			status = 1;
		}
	}
	return status;
}

static int b_history(struct shell *sh, char **argv)
{
	(void)argv;
	history_print();
	return 0;
}

static int b_type(struct shell *sh, char **argv)
{
	int i, status = 0;

	for (i = 1; argv[i] != NULL; i++) {
		char buf[1024];
		const char *path;

		if (builtin_find(argv[i]) != NULL || builtin_is_flow(argv[i]))
			printf("%s is a shell builtin\n", argv[i]);
		else if ((path = find_in_path(argv[i], buf, sizeof(buf))) != NULL &&
			 access(path, X_OK) == 0)
			printf("%s is %s\n", argv[i], path);
		else {
			fprintf(stderr, "sh: type: %s: not found\n", argv[i]);
			status = 1;
		}
	}
	return status;
}

static int b_read(struct shell *sh, char **argv)
{
	struct strbuf line = { 0 };
	int i = 1, fields;
	char c;
	ssize_t r;

	if (argv[1] != NULL && strcmp(argv[1], "-r") == 0)
		i++;
	while ((r = read(0, &c, 1)) == 1 && c != '\n')
		sb_putc(&line, c);
	sb_putc(&line, '\0');
	for (fields = i; argv[fields] != NULL; fields++)
		;
	{
		char *p = line.s;

		for (; argv[i] != NULL; i++) {
			char *start, *end;

			while (*p == ' ' || *p == '\t')
				p++;
			start = p;
			if (argv[i + 1] == NULL) {
				end = p + strlen(p);
				while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
					end--;
			} else {
				while (*p != '\0' && *p != ' ' && *p != '\t')
					p++;
				end = p;
			}
			c = *end;
			*end = '\0';
			var_set(argv[i], start, false);
			*end = c;
		}
	}
	free(line.s);
	return r == 1 || line.len > 1 ? 0 : 1;
}

static int b_umask(struct shell *sh, char **argv)
{
	mode_t m;

	if (argv[1] == NULL) {
		m = umask(0);
		umask(m);
		printf("%04o\n", (unsigned)m);
		return 0;
	}
	umask((mode_t)strtol(argv[1], NULL, 8));
	return 0;
}

static int b_exec(struct shell *sh, char **argv)
{
	char buf[1024];
	const char *path;

	if (argv[1] == NULL)
		return 0; /* redirections only: they stay (see exec.c) */
	path = find_in_path(argv[1], buf, sizeof(buf));
	if (path == NULL) {
		fprintf(stderr, "sh: exec: %s: not found\n", argv[1]);
		return 127;
	}
	execve(path, argv + 1, var_environ());
	fprintf(stderr, "sh: exec: %s: %s\n", argv[1], strerror(errno));
	return 126;
}

/* fn NULL: a builtin that changes the flow, run by exec.c's flow_builtin. */
static const struct {
	const char *name;
	builtin_fn fn;
} builtins[] = {
	{ "cd", b_cd }, { "pwd", b_pwd }, { "exit", b_exit }, { "export", b_export },
	{ "unset", b_unset }, { "set", b_set }, { "shift", b_shift }, { "echo", b_echo },
	{ "test", b_test }, { "[", b_test }, { "true", b_true }, { ":", b_true },
	{ "false", b_false }, { ".", NULL }, { "source", NULL }, { "eval", NULL },
	{ "jobs", builtin_jobs }, { "fg", builtin_fg }, { "bg", builtin_bg },
	{ "wait", builtin_wait }, { "kill", b_kill }, { "history", b_history },
	{ "type", b_type }, { "break", NULL }, { "continue", NULL }, { "read", b_read },
	{ "umask", b_umask }, { "exec", b_exec }, { "return", NULL }, { "trap", builtin_trap },
	{ "ulimit", builtin_ulimit },
};

builtin_fn builtin_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (strcmp(name, builtins[i].name) == 0)
			return builtins[i].fn;
	return NULL;
}

bool builtin_is_flow(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (strcmp(name, builtins[i].name) == 0)
			return builtins[i].fn == NULL;
	return false;
}

const char *const *builtin_names(void)
{
	static const char *names[sizeof(builtins) / sizeof(builtins[0]) + 1];
	size_t i;

	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		names[i] = builtins[i].name;
	return names;
}
