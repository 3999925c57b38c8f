/*
 * find: walk directory trees and print (or act on) the files an expression
 * selects.  find [path...] [expression]; the default path is ".".
 *   tests:    -name PAT, -iname PAT, -path PAT (fnmatch patterns),
 *             -type f|d|l|p|c|b|s
 *   actions:  -print, -exec COMMAND... ;  ({} is the path)
 *   options:  -maxdepth N, -mindepth N
 *   logic:    ! / -not, -a / -and (or nothing), -o / -or, ( )
 * Without -print or -exec, the selected paths are printed.  Symbolic links
 * are not followed; entries come in directory order.
 */
#define _GNU_SOURCE /* FNM_CASEFOLD */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

enum kind { AND, OR, NOT, NAME, INAME, PATH, TYPE, PRINT, EXEC, TRUE };

struct node {
	enum kind kind;
	struct node *left, *right; /* AND, OR; NOT uses left */
	const char *arg;           /* the pattern or type */
	char **argv;               /* -exec's command, {} not yet replaced */
	int argc;
};

static char **args;
static int nargs, pos;
static long max_depth = -1, min_depth;
static int has_action, status;

static void bad(const char *msg, const char *arg)
{
	warn_msg(msg, arg);
	exit(2);
}

static struct node *new_node(enum kind kind, struct node *left, struct node *right)
{
	struct node *n = xmalloc(sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->left = left;
	n->right = right;
	return n;
}

static struct node *parse_or(void);

static const char *take_arg(const char *primary)
{
	if (pos >= nargs)
		bad("missing argument to '%s'", primary);
	return args[pos++];
}

static long depth_arg(const char *primary)
{
	long v;

	if (parse_long(take_arg(primary), &v) < 0 || v < 0)
		bad("invalid argument to '%s'", primary);
	return v;
}

/* -exec's words up to the ";" that ends them. */
static struct node *parse_exec(void)
{
	struct node *n = new_node(EXEC, NULL, NULL);

	n->argv = args + pos;
	while (pos < nargs && strcmp(args[pos], ";") != 0)
		pos++;
	if (pos >= nargs)
		bad("missing argument to '%s'", "-exec");
	n->argc = (int)(args + pos - n->argv);
	if (n->argc == 0)
		bad("missing argument to '%s'", "-exec");
	pos++;
	has_action = 1;
	return n;
}

static struct node *parse_primary(void)
{
	const char *a;
	struct node *n;

	if (pos >= nargs)
		bad("%s", "expression expected");
	a = args[pos++];
	if (strcmp(a, "!") == 0 || strcmp(a, "-not") == 0)
		return new_node(NOT, parse_primary(), NULL);
	if (strcmp(a, "(") == 0) {
		n = parse_or();
		if (pos >= nargs || strcmp(args[pos], ")") != 0)
			bad("%s", "missing ')'");
		pos++;
		return n;
	}
	if (strcmp(a, "-name") == 0 || strcmp(a, "-iname") == 0 || strcmp(a, "-path") == 0) {
		n = new_node(a[1] == 'n' ? NAME : a[1] == 'i' ? INAME : PATH, NULL, NULL);
		n->arg = take_arg(a);
		return n;
	}
	if (strcmp(a, "-type") == 0) {
		n = new_node(TYPE, NULL, NULL);
		n->arg = take_arg(a);
		if (strlen(n->arg) != 1 || strchr("fdlpcbs", n->arg[0]) == NULL)
			bad("unknown argument to -type: %s", n->arg);
		return n;
	}
	if (strcmp(a, "-print") == 0) {
		has_action = 1;
		return new_node(PRINT, NULL, NULL);
	}
	if (strcmp(a, "-exec") == 0)
		return parse_exec();
	/* Options, which hold everywhere whatever their place. */
	if (strcmp(a, "-maxdepth") == 0) {
		max_depth = depth_arg(a);
		return new_node(TRUE, NULL, NULL);
	}
	if (strcmp(a, "-mindepth") == 0) {
		min_depth = depth_arg(a);
		return new_node(TRUE, NULL, NULL);
	}
	bad("unknown predicate '%s'", a);
	return NULL;
}

static int starts_primary(void)
{
	return pos < nargs && strcmp(args[pos], "-o") != 0 && strcmp(args[pos], "-or") != 0 &&
	       strcmp(args[pos], ")") != 0;
}

static struct node *parse_and(void)
{
	struct node *n = parse_primary();

	while (starts_primary()) {
		if (strcmp(args[pos], "-a") == 0 || strcmp(args[pos], "-and") == 0)
			pos++;
		n = new_node(AND, n, parse_primary());
	}
	return n;
}

static struct node *parse_or(void)
{
	struct node *n = parse_and();

	while (pos < nargs && (strcmp(args[pos], "-o") == 0 || strcmp(args[pos], "-or") == 0)) {
		pos++;
		n = new_node(OR, n, parse_and());
	}
	return n;
}

/* Run -exec's command with {} replaced by path; true if it exits 0. */
static int run_exec(const struct node *n, const char *path)
{
	char **argv = xmalloc((size_t)(n->argc + 1) * sizeof(*argv));
	int i, wstatus;
	pid_t pid;

	for (i = 0; i < n->argc; i++)
		argv[i] = strcmp(n->argv[i], "{}") == 0 ? (char *)path : n->argv[i];
	argv[n->argc] = NULL;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execvp(argv[0], argv);
		warn_path(argv[0]);
		_exit(127);
	}
	free(argv);
	if (pid < 0) {
		warn_path("fork");
		status = 1;
		return 0;
	}
	if (waitpid(pid, &wstatus, 0) < 0)
		return 0;
	return WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0;
}

static int type_matches(char t, mode_t m)
{
	switch (t) {
	case 'f': return S_ISREG(m);
	case 'd': return S_ISDIR(m);
	case 'l': return S_ISLNK(m);
	case 'p': return S_ISFIFO(m);
	case 'c': return S_ISCHR(m);
	case 'b': return S_ISBLK(m);
	default: return S_ISSOCK(m);
	}
}

static int eval(const struct node *n, const char *path, const char *name, const struct stat *st)
{
	switch (n->kind) {
	case AND: return eval(n->left, path, name, st) && eval(n->right, path, name, st);
	case OR: return eval(n->left, path, name, st) || eval(n->right, path, name, st);
	case NOT: return !eval(n->left, path, name, st);
	case NAME: return fnmatch(n->arg, name, 0) == 0;
	case INAME: return fnmatch(n->arg, name, FNM_CASEFOLD) == 0;
	case PATH: return fnmatch(n->arg, path, 0) == 0;
	case TYPE: return type_matches(n->arg[0], st->st_mode);
	case PRINT: puts(path); return 1;
	case EXEC: return run_exec(n, path);
	default: return 1;
	}
}

static void walk(const struct node *expr, const char *path, long depth)
{
	struct stat st;
	size_t n, i;
	char **names, *name;

	if (lstat(path, &st) < 0) {
		warn_path(path);
		status = 1;
		return;
	}
	name = last_name(path);
	if (depth >= min_depth && eval(expr, path, name, &st) && !has_action)
		puts(path);
	free(name);
	if (!S_ISDIR(st.st_mode) || (max_depth >= 0 && depth >= max_depth))
		return;
	names = read_dir(path, &n);
	if (names == NULL) {
		warn_path(path);
		status = 1;
		return;
	}
	for (i = 0; i < n; i++) {
		char *child = path_join(path, names[i]);

		walk(expr, child, depth + 1);
		free(child);
	}
	free_names(names);
}

int main(int argc, char **argv)
{
	static char *dot[] = { "." };
	struct node *expr;
	char **paths;
	int npaths = 0, i;

	set_progname(argv[0]);
	while (1 + npaths < argc && argv[1 + npaths][0] != '-' &&
	       strcmp(argv[1 + npaths], "(") != 0 && strcmp(argv[1 + npaths], "!") != 0)
		npaths++;
	paths = npaths > 0 ? argv + 1 : dot;
	args = argv + 1 + npaths;
	nargs = argc - 1 - npaths;
	expr = nargs > 0 ? parse_or() : new_node(TRUE, NULL, NULL);
	if (pos < nargs)
		bad("unexpected '%s'", args[pos]);
	for (i = 0; i < (npaths > 0 ? npaths : 1); i++)
		walk(expr, paths[i], 0);
	return status;
}
