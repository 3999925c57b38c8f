/* The expansions of wordexp that produce text: parameters ($name, ${...}
 * with the POSIX operators), command substitution ($(...) and `...`, run
 * by /bin/sh -c) and arithmetic ($((...)), evaluated by wordexp_arith.c).
 * Parameters are environment variables; there are no positional ones, $$
 * is the pid, $# and $? are 0.  ${name=word} sets the variable with
 * setenv, as glibc does. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <pwd.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "wordexp_impl.h"

extern char **environ;

/* Skips a quoted string starting at p (at ' or "); returns the position of
 * its closing quote or NULL. */
static const char *
skip_quoted(const char *p)
{
	char q = *p++;

	for (; *p != '\0' && *p != q; p++)
		if (q == '"' && *p == '\\' && p[1] != '\0')
			p++;
	return *p == q ? p : NULL;
}

const char *
wx_find_close(const char *p, char open, char close)
{
	int depth = 1;

	for (; *p != '\0'; p++) {
		if (*p == '\\' && p[1] != '\0') {
			p++;
		} else if (*p == '\'' || *p == '"') {
			if ((p = skip_quoted(p)) == NULL)
				return NULL;
		} else if (*p == open) {
			depth++;
		} else if (*p == close && --depth == 0) {
			return p;
		}
	}
	return NULL;
}

/* Runs cmd with /bin/sh -c and appends its output, less trailing newlines. */
static int
run_command(struct wx *w, const char *cmd, struct wx_buf *out)
{
	char *argv[] = { "sh", "-c", (char *)cmd, NULL }, chunk[512];
	posix_spawn_file_actions_t fa;
	int pipefd[2], err = 0, status;
	size_t start = out->len;
	ssize_t n;
	pid_t pid = -1;

	if (w->flags & WRDE_NOCMD)
		return WRDE_CMDSUB;
	if (pipe2(pipefd, O_CLOEXEC) != 0)
		return WRDE_NOSPACE;
	posix_spawn_file_actions_init(&fa);
	if (posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO) != 0 ||
	    (!(w->flags & WRDE_SHOWERR) &&
	     posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0) != 0) ||
	    posix_spawn(&pid, "/bin/sh", &fa, NULL, argv, environ) != 0)
		err = WRDE_NOSPACE;
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	while (err == 0 && ((n = read(pipefd[0], chunk, sizeof(chunk))) > 0 ||
			    (n < 0 && errno == EINTR)))
		if (n > 0)
			err = wx_add(out, chunk, (size_t)n);
	close(pipefd[0]);
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	while (out->len > start && out->s[out->len - 1] == '\n')
		out->s[--out->len] = '\0';
	return err;
}

static int
is_name_start(char c)
{
	return isalpha((unsigned char)c) || c == '_';
}

static size_t
name_length(const char *s)
{
	size_t n = 0;

	if (!is_name_start(s[0]))
		return 0;
	while (isalnum((unsigned char)s[n]) || s[n] == '_')
		n++;
	return n;
}

/* The value of a parameter (a name, a digit or one of $ # ? @ * ! -);
 * NULL if it is unset. */
static const char *
lookup(const char *name, size_t len, char *tmp, size_t tmpsize)
{
	char *n;
	const char *v;

	if (len == 1 && strchr("$#?@*!-0123456789", name[0]) != NULL) {
		if (name[0] == '$')
			snprintf(tmp, tmpsize, "%d", (int)getpid());
		else if (name[0] == '#' || name[0] == '?')
			snprintf(tmp, tmpsize, "0");
		else if (name[0] == '@' || name[0] == '*' || name[0] == '-')
			tmp[0] = '\0';
		else
			return NULL;
		return tmp;
	}
	if ((n = strndup(name, len)) == NULL)
		return NULL;
	v = getenv(n);
	free(n);
	return v;
}

/* ${name%pat} and friends: removes the shortest (longest) suffix (prefix)
 * of value that matches pat. */
static int
trim(const char *value, const char *pat, int suffix, int longest, struct wx_buf *out)
{
	size_t len = strlen(value), i, k;
	char *copy;
	int match;

	if (suffix) {
		for (k = 0; k <= len; k++) {
			i = longest ? k : len - k;	/* where the suffix starts */
			if (fnmatch(pat, value + i, 0) == 0)
				return wx_add(out, value, i);
		}
		return wx_add(out, value, len);
	}
	if ((copy = strdup(value)) == NULL)
		return WRDE_NOSPACE;
	for (k = 0; k <= len; k++) {
		i = longest ? len - k : k;		/* the prefix's length */
		copy[i] = '\0';
		match = fnmatch(pat, copy, 0) == 0;
		copy[i] = value[i];
		if (match) {
			free(copy);
			return wx_add(out, value + i, len - i);
		}
	}
	free(copy);
	return wx_add(out, value, len);
}

/* The inside of ${...}. */
static int
braced(struct wx *w, const char *s, size_t len, struct wx_buf *out)
{
	char tmp[32], numbuf[32], op[3] = "";
	struct wx_buf word = { 0 };
	const char *value, *rest;
	size_t n;
	int err = 0, colon, use_word;

	if (len > 1 && s[0] == '#') {			/* ${#name} */
		n = name_length(s + 1);
		if (n == 0 && len == 2)
			n = 1;
		if (n != len - 1)
			return WRDE_SYNTAX;
		value = lookup(s + 1, n, tmp, sizeof(tmp));
		if (value == NULL && (w->flags & WRDE_UNDEF))
			return WRDE_BADVAL;
		snprintf(numbuf, sizeof(numbuf), "%zu", value != NULL ? strlen(value) : 0);
		return wx_add(out, numbuf, strlen(numbuf));
	}
	n = name_length(s);
	if (n == 0 && len > 0 && strchr("$#?@*!-0123456789", s[0]) != NULL)
		n = 1;
	if (n == 0)
		return WRDE_SYNTAX;
	value = lookup(s, n, tmp, sizeof(tmp));
	rest = s + n;
	colon = *rest == ':';
	if (colon)
		rest++;
	if (rest < s + len) {
		op[0] = *rest++;
		if ((op[0] == '%' || op[0] == '#') && rest < s + len && *rest == op[0])
			op[1] = *rest++;
		if (strchr("-=?+%#", op[0]) == NULL || (colon && strchr("%#", op[0]) != NULL))
			return WRDE_SYNTAX;
		err = wx_expand_string(w, rest, (size_t)(s + len - rest), &word);
	} else if (colon) {
		return WRDE_SYNTAX;
	}
	use_word = value == NULL || (colon && value[0] == '\0');
	if (err != 0) {
		/* nothing */
	} else if (op[0] == '\0' || op[0] == '%' || op[0] == '#') {
		if (value == NULL && (w->flags & WRDE_UNDEF))
			err = WRDE_BADVAL;
		else if (op[0] == '\0')
			err = value != NULL ? wx_add(out, value, strlen(value)) : 0;
		else
			err = trim(value != NULL ? value : "", word.s != NULL ? word.s : "",
				   op[0] == '%', op[1] != '\0', out);
	} else if (op[0] == '+') {
		if (!use_word && word.len > 0)
			err = wx_add(out, word.s, word.len);
	} else if (!use_word) {
		err = wx_add(out, value, strlen(value));
	} else if (op[0] == '-') {
		err = word.len > 0 ? wx_add(out, word.s, word.len) : 0;
	} else if (op[0] == '=') {
		char *name = strndup(s, n);

		if (name == NULL || !is_name_start(s[0]))
			err = name == NULL ? WRDE_NOSPACE : WRDE_SYNTAX;
		else if (setenv(name, word.s != NULL ? word.s : "", 1) != 0)
			err = WRDE_NOSPACE;
		else
			err = word.len > 0 ? wx_add(out, word.s, word.len) : 0;
		free(name);
	} else {					/* '?' */
		if (w->flags & WRDE_SHOWERR)
			fprintf(stderr, "%.*s: %s\n", (int)n, s,
				word.len > 0 ? word.s : "parameter null or not set");
		err = WRDE_BADVAL;
	}
	wx_free(&word);
	return err;
}

static int
arithmetic(struct wx *w, const char *s, size_t len, struct wx_buf *out)
{
	struct wx_buf expr = { 0 };
	char num[32];
	long v;
	int err;

	err = wx_expand_string(w, s, len, &expr);
	if (err == 0)
		err = wx_arith(expr.s != NULL ? expr.s : "", &v) != 0 ? WRDE_SYNTAX : 0;
	wx_free(&expr);
	if (err != 0)
		return err;
	snprintf(num, sizeof(num), "%ld", v);
	return wx_add(out, num, strlen(num));
}

int
wx_dollar(struct wx *w, const char **p, struct wx_buf *out)
{
	const char *s = *p + 1, *e;
	char tmp[32], *cmd;
	const char *value;
	size_t n;
	int err;

	if (s[0] == '(' && s[1] == '(' && (e = wx_find_close(s + 2, '(', ')')) != NULL &&
	    e[1] == ')') {
		*p = e + 2;
		return arithmetic(w, s + 2, (size_t)(e - s - 2), out);
	}
	if (s[0] == '(') {
		if ((e = wx_find_close(s + 1, '(', ')')) == NULL)
			return WRDE_SYNTAX;
		if ((cmd = strndup(s + 1, (size_t)(e - s - 1))) == NULL)
			return WRDE_NOSPACE;
		err = run_command(w, cmd, out);
		free(cmd);
		*p = e + 1;
		return err;
	}
	if (s[0] == '{') {
		if ((e = wx_find_close(s + 1, '{', '}')) == NULL)
			return WRDE_SYNTAX;
		*p = e + 1;
		return braced(w, s + 1, (size_t)(e - s - 1), out);
	}
	n = name_length(s);
	if (n == 0 && s[0] != '\0' && strchr("$#?@*!-0123456789", s[0]) != NULL)
		n = 1;
	if (n == 0) {				/* a lone '$' is itself */
		*p = s;
		return wx_addc(out, '$');
	}
	*p = s + n;
	value = lookup(s, n, tmp, sizeof(tmp));
	if (value == NULL)
		return (w->flags & WRDE_UNDEF) ? WRDE_BADVAL : 0;
	return wx_add(out, value, strlen(value));
}

int
wx_backquote(struct wx *w, const char **p, struct wx_buf *out)
{
	struct wx_buf cmd = { 0 };
	const char *s = *p + 1;
	int err = 0;

	for (; err == 0 && *s != '`'; s++) {
		if (*s == '\0') {
			err = WRDE_SYNTAX;
			break;
		}
		if (*s == '\\' && s[1] != '\0' && strchr("`\\$", s[1]) != NULL)
			s++;
		err = wx_addc(&cmd, *s);
	}
	if (err == 0) {
		*p = s + 1;
		err = run_command(w, cmd.s != NULL ? cmd.s : "", out);
	}
	wx_free(&cmd);
	return err;
}

int
wx_expand_string(struct wx *w, const char *text, size_t len, struct wx_buf *out)
{
	char *copy = strndup(text, len), *home = NULL;
	const char *s = copy, *e;
	struct passwd *pw;
	int err = 0, dq = 0;

	if (copy == NULL)
		return WRDE_NOSPACE;
	if (*s == '~' && (s[1] == '\0' || s[1] == '/')) {
		home = getenv("HOME");
		if (home == NULL && (pw = getpwuid(getuid())) != NULL)
			home = pw->pw_dir;
		if (home != NULL) {
			err = wx_add(out, home, strlen(home));
			s++;
		}
	}
	while (err == 0 && *s != '\0') {
		if (*s == '"') {
			dq = !dq;
			s++;
		} else if (*s == '\'' && !dq) {
			if ((e = strchr(s + 1, '\'')) == NULL) {
				err = WRDE_SYNTAX;
				break;
			}
			err = wx_add(out, s + 1, (size_t)(e - s - 1));
			s = e + 1;
		} else if (*s == '\\' && s[1] != '\0') {
			if (dq && strchr("$`\"\\\n", s[1]) == NULL)
				err = wx_addc(out, *s);
			if (err == 0 && s[1] != '\n')
				err = wx_addc(out, s[1]);
			s += 2;
		} else if (*s == '$') {
			err = wx_dollar(w, &s, out);
		} else if (*s == '`') {
			err = wx_backquote(w, &s, out);
		} else {
			err = wx_addc(out, *s++);
		}
	}
	if (err == 0 && dq)
		err = WRDE_SYNTAX;
	if (err == 0 && out->s == NULL)
		err = wx_add(out, "", 0);
	free(copy);
	return err;
}
