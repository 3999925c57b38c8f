/*
 * expand.c: word expansion, in POSIX's order: tilde, parameters, command
 * substitution and arithmetic, then field splitting of unquoted results,
 * pathname expansion (globbing), and quote removal.
 *
 * Each output character carries a kind: literal text typed unquoted (the
 * only place a glob pattern can come from), quoted text, or the result of
 * an unquoted expansion (the only place field splitting happens), plus a
 * forced field break for "$@".
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sh.h"

enum { K_LIT, K_QUOTED, K_EXP, K_BREAK };

struct exp {
	struct shell *sh;
	struct strbuf s, k;   /* characters and their kinds */
	bool quoted;          /* the word had quotes: an empty result is still a field */
};

static void emit(struct exp *e, const char *str, size_t n, char kind)
{
	size_t i;

	sb_putn(&e->s, str, n);
	for (i = 0; i < n; i++)
		sb_putc(&e->k, kind);
}

static char *capture(struct shell *sh, const char *cmd)
{
	struct strbuf out = { 0 };
	char buf[512];
	int fd[2], status;
	ssize_t n;
	pid_t pid;

	if (pipe(fd) != 0)
		return xstrdup("");
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], 1);
		close(fd[1]);
		sh->in_child = true;
		run_string(sh, cmd);
		exit(sh->status);
	}
	close(fd[1]);
	while ((n = read(fd[0], buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			sb_putn(&out, buf, (size_t)n);
	close(fd[0]);
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (pid > 0) {
		sh->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		sh->subst_status = sh->status;
		sh->subst_ran = true;
	}
	sb_putc(&out, '\0');
	while (out.len > 1 && out.s[out.len - 2] == '\n')
		out.s[--out.len - 1] = '\0';
	return out.s;
}

/* Arithmetic: a small recursive-descent evaluator over long. */
struct arith {
	const char *p;
	bool error;
};

static long arith_expr(struct arith *a);

static void arith_space(struct arith *a)
{
	while (isspace((unsigned char)*a->p))
		a->p++;
}

static long arith_primary(struct arith *a)
{
	long v = 0;

	arith_space(a);
	if (*a->p == '(') {
		a->p++;
		v = arith_expr(a);
		arith_space(a);
		if (*a->p == ')')
			a->p++;
		else
			a->error = true;
		return v;
	}
	if (*a->p == '-' || *a->p == '+' || *a->p == '!' || *a->p == '~') {
		char op = *a->p++;

		v = arith_primary(a);
		return op == '-' ? -v : op == '!' ? !v : op == '~' ? ~v : v;
	}
	if (isdigit((unsigned char)*a->p))
		return strtol(a->p, (char **)&a->p, 0);
	if (isalpha((unsigned char)*a->p) || *a->p == '_') {
		char name[64];
		size_t n = 0;
		const char *val;

		while ((isalnum((unsigned char)*a->p) || *a->p == '_') && n < sizeof(name) - 1)
			name[n++] = *a->p++;
		name[n] = '\0';
		val = var_get(name);
		return val != NULL ? strtol(val, NULL, 0) : 0;
	}
	a->error = true;
	return 0;
}

static int arith_prec(const char *p, int *len)
{
	static const struct { const char *op; int prec; } ops[] = {
		{ "||", 1 }, { "&&", 2 }, { "==", 6 }, { "!=", 6 }, { "<=", 7 }, { ">=", 7 },
		{ "<<", 8 }, { ">>", 8 }, { "|", 3 }, { "^", 4 }, { "&", 5 }, { "<", 7 },
		{ ">", 7 }, { "+", 9 }, { "-", 9 }, { "*", 10 }, { "/", 10 }, { "%", 10 },
	};
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		*len = (int)strlen(ops[i].op);
		if (strncmp(p, ops[i].op, (size_t)*len) == 0)
			return ops[i].prec;
	}
	return 0;
}

static long arith_apply(struct arith *a, const char *op, int len, long l, long r)
{
	if (len == 2) {
		switch (op[0]) {
		case '|': return l || r;
		case '&': return l && r;
		case '=': return l == r;
		case '!': return l != r;
		case '<': return op[1] == '=' ? l <= r : l << r;
		case '>': return op[1] == '=' ? l >= r : l >> r;
		}
	}
	switch (op[0]) {
	case '|': return l | r;
	case '^': return l ^ r;
	case '&': return l & r;
	case '<': return l < r;
	case '>': return l > r;
	case '+': return l + r;
	case '-': return l - r;
	case '*': return l * r;
	default:
		if (r == 0) {
			a->error = true;
			return 0;
		}
		return op[0] == '/' ? l / r : l % r;
	}
}

static long arith_binary(struct arith *a, int min_prec)
{
	long l = arith_primary(a);

	for (;;) {
		const char *op;
		int len, prec;

		arith_space(a);
		op = a->p;
		prec = arith_prec(op, &len);
		if (prec == 0 || prec < min_prec)
			return l;
		a->p += len;
		l = arith_apply(a, op, len, l, arith_binary(a, prec + 1));
	}
}

static long arith_expr(struct arith *a)
{
	return arith_binary(a, 1);
}

static char *arith_eval(struct shell *sh, const char *src)
{
	char *text = expand_heredoc(sh, src), buf[32];
	struct arith a = { text, false };
	long v = arith_expr(&a);

	arith_space(&a);
	if (a.error || *a.p != '\0') {
		fprintf(stderr, "sh: arithmetic syntax error: %s\n", text);
		sh->status = 1;
		v = 0;
	}
	free(text);
	snprintf(buf, sizeof(buf), "%ld", v);
	return xstrdup(buf);
}

static const char *special_param(struct shell *sh, char c, char *buf, size_t size)
{
	switch (c) {
	case '?': snprintf(buf, size, "%d", sh->status); return buf;
	case '$': snprintf(buf, size, "%d", (int)sh->pid); return buf;
	case '!':
		if (sh->last_bg_pid == 0)
			return "";
		snprintf(buf, size, "%d", (int)sh->last_bg_pid);
		return buf;
	case '#': snprintf(buf, size, "%d", pos_count()); return buf;
	case '-': return sh->interactive ? "i" : "";
	}
	if (isdigit((unsigned char)c)) {
		const char *v = pos_get(c - '0');

		return v != NULL ? v : "";
	}
	return NULL;
}

/* $@ and $*: the positional parameters, fields apart for "$@". */
static void emit_all(struct exp *e, bool dq, bool at)
{
	char **v = pos_all();
	int i;

	for (i = 0; v[i] != NULL; i++) {
		if (i > 0) {
			if (dq && at)
				emit(e, " ", 1, K_BREAK);
			else
				emit(e, " ", 1, dq ? K_QUOTED : K_EXP);
		}
		emit(e, v[i], strlen(v[i]), dq ? K_QUOTED : K_EXP);
	}
}

/* The length of a "$@" or "${@}" at w when there are no positional
 * parameters (it expands to no field at all), else 0. */
static size_t empty_at(const char *w)
{
	if (pos_count() != 0)
		return 0;
	if (strncmp(w, "\"$@\"", 4) == 0)
		return 4;
	if (strncmp(w, "\"${@}\"", 6) == 0)
		return 6;
	return 0;
}

/* ${...}: name, and the :- - := = :+ + # % operators. */
static char *brace_param(struct shell *sh, const char *inner)
{
	char name[128], buf[32];
	size_t n = 0;
	const char *p = inner, *val;
	bool colon = false;

	if (*p == '#' && p[1] != '\0') { /* ${#name}: length */
		val = var_get(p + 1);
		if (val == NULL)
			val = special_param(sh, p[1], buf, sizeof(buf));
		snprintf(buf, sizeof(buf), "%zu", val != NULL ? strlen(val) : 0);
		return xstrdup(buf);
	}
	if (*p != '\0' && strchr("?$!#-@*", *p) != NULL)
		name[n++] = *p++; /* a special parameter is one character */
	else
		while ((isalnum((unsigned char)*p) || *p == '_') && n < sizeof(name) - 1)
			name[n++] = *p++;
	name[n] = '\0';
	val = var_get(name);
	if (val == NULL && n == 1)
		val = special_param(sh, name[0], buf, sizeof(buf));
	if (*p == ':') {
		colon = true;
		p++;
	}
	if (*p == '\0')
		return xstrdup(val != NULL ? val : "");
	{
		bool unset = val == NULL || (colon && *val == '\0');
		char *word = expand_one(sh, p + 1), *res;

		switch (*p) {
		case '-':
			if (unset)
				return word;
			break;
		case '=':
			if (unset) {
				var_set(name, word, false);
				return word;
			}
			break;
		case '+':
			if (!unset)
				return word;
			free(word);
			return xstrdup("");
		case '?':
			if (unset) {
				fprintf(stderr, "sh: %s: %s\n", name, *word ? word : "parameter not set");
				free(word);
				return xstrdup("");
			}
			break;
		case '#':
		case '%': {
			bool longest = p[1] == *p;
			size_t len = val != NULL ? strlen(val) : 0, i;

			free(word);
			word = expand_one(sh, p + 1 + longest);
			res = xstrdup(val != NULL ? val : "");
			for (i = 0; i <= len; i++) {
				size_t cut = *p == '#' ? (longest ? len - i : i) : (longest ? i : len - i);
				char *part = xstrndup(res + (*p == '#' ? 0 : cut),
						      *p == '#' ? cut : len - cut);
				bool m = glob_match(word, part);

				free(part);
				if (m) {
					char *out = *p == '#' ? xstrdup(res + cut) : xstrndup(res, cut);

					free(res);
					free(word);
					return out;
				}
			}
			free(word);
			return res;
		}
		}
		free(word);
	}
	return xstrdup(val != NULL ? val : "");
}

/* A $-expansion at w[*i] (the '$'): emit its value; *i moves past it. */
static void dollar(struct exp *e, const char *w, size_t *i, bool dq)
{
	char kind = dq ? K_QUOTED : K_EXP, buf[32];
	size_t j = *i + 1;
	const char *v;

	if (w[j] == '(' || w[j] == '{') {
		size_t end = skip_nested(w, *i);
		char *inner, *res;

		if (end == 0) {
			emit(e, "$", 1, kind);
			*i = j;
			return;
		}
		inner = xstrndup(w + j + 1, end - j - 2);
		if (w[j] == '{')
			res = brace_param(e->sh, inner);
		else if (inner[0] == '(' && inner[strlen(inner) - 1] == ')') {
			inner[strlen(inner) - 1] = '\0';
			res = arith_eval(e->sh, inner + 1);
		} else {
			res = capture(e->sh, inner);
		}
		emit(e, res, strlen(res), kind);
		free(res);
		free(inner);
		*i = end;
		return;
	}
	if (w[j] == '@' || w[j] == '*') {
		emit_all(e, dq, w[j] == '@');
		*i = j + 1;
		return;
	}
	if ((v = special_param(e->sh, w[j], buf, sizeof(buf))) != NULL) {
		emit(e, v, strlen(v), kind);
		*i = j + 1;
		return;
	}
	if (isalpha((unsigned char)w[j]) || w[j] == '_') {
		char name[128];
		size_t n = 0;

		while ((isalnum((unsigned char)w[j]) || w[j] == '_') && n < sizeof(name) - 1)
			name[n++] = w[j++];
		name[n] = '\0';
		v = var_get(name);
		if (v != NULL)
			emit(e, v, strlen(v), kind);
		*i = j;
		return;
	}
	emit(e, "$", 1, kind);
	*i = j;
}

static void backquote(struct exp *e, const char *w, size_t *i, bool dq)
{
	size_t end = skip_nested(w, *i);
	struct strbuf cmd = { 0 };
	size_t k;
	char *res;

	if (end == 0) {
		emit(e, "`", 1, dq ? K_QUOTED : K_LIT);
		(*i)++;
		return;
	}
	for (k = *i + 1; k < end - 1; k++) {
		if (w[k] == '\\' && strchr("$`\\", w[k + 1]) != NULL)
			k++;
		sb_putc(&cmd, w[k]);
	}
	sb_putc(&cmd, '\0');
	res = capture(e->sh, cmd.s);
	emit(e, res, strlen(res), dq ? K_QUOTED : K_EXP);
	free(res);
	free(cmd.s);
	*i = end;
}

static void tilde(struct exp *e, const char *w, size_t *i)
{
	size_t j = *i + 1;
	const char *home;

	while (w[j] != '\0' && w[j] != '/')
		j++;
	if (j != *i + 1) { /* ~user: only root's home is known without a user database */
		emit(e, w + *i, j - *i, K_QUOTED);
	} else {
		home = var_get("HOME");
		emit(e, home != NULL ? home : "/", strlen(home != NULL ? home : "/"), K_QUOTED);
	}
	*i = j;
}

/* Expand w into e; heredoc: only $ and ` are special, quotes are text. */
static void expand_into(struct exp *e, const char *w, bool heredoc)
{
	bool dq = false;
	size_t i = 0;

	while (w[i] != '\0') {
		char c = w[i];

		if (c == '\\' && !heredoc && !dq) {
			if (w[i + 1] != '\0' && w[i + 1] != '\n')
				emit(e, w + i + 1, 1, K_QUOTED);
			i += w[i + 1] != '\0' ? 2 : 1;
		} else if (c == '\\' && (dq || heredoc)) {
			if (w[i + 1] != '\0' && strchr(dq ? "$`\"\\\n" : "$`\\\n", w[i + 1]) != NULL) {
				if (w[i + 1] != '\n')
					emit(e, w + i + 1, 1, K_QUOTED);
				i += 2;
			} else {
				emit(e, "\\", 1, K_QUOTED);
				i++;
			}
		} else if (c == '\'' && !dq && !heredoc) {
			const char *end = strchr(w + i + 1, '\'');
			size_t n = end != NULL ? (size_t)(end - w - i - 1) : strlen(w + i + 1);

			emit(e, w + i + 1, n, K_QUOTED);
			e->quoted = true;
			i += n + 2 - (end == NULL);
		} else if (c == '"' && !dq && !heredoc && empty_at(w + i) != 0) {
			i += empty_at(w + i); /* "$@" with no parameters: no field at all */
		} else if (c == '"' && !heredoc) {
			dq = !dq;
			e->quoted = true;
			i++;
		} else if (c == '$') {
			dollar(e, w, &i, dq || heredoc);
		} else if (c == '`') {
			backquote(e, w, &i, dq || heredoc);
		} else if (c == '~' && i == 0 && !heredoc) {
			tilde(e, w, &i);
		} else {
			emit(e, &c, 1, dq || heredoc ? K_QUOTED : K_LIT);
			i++;
		}
	}
	sb_putc(&e->s, '\0');
	sb_putc(&e->k, '\0');
}

char *expand_one(struct shell *sh, const char *word)
{
	struct exp e = { .sh = sh };

	expand_into(&e, word, false);
	free(e.k.s);
	return e.s.s;
}

char *expand_heredoc(struct shell *sh, const char *body)
{
	struct exp e = { .sh = sh };

	expand_into(&e, body, true);
	free(e.k.s);
	return e.s.s;
}

/* Pattern matching with *, ?, [...] and backslash escapes. */
bool glob_match(const char *p, const char *s)
{
	for (; *p != '\0'; p++, s++) {
		if (*p == '*') {
			while (p[1] == '*')
				p++;
			if (p[1] == '\0')
				return true;
			for (; *s != '\0'; s++)
				if (glob_match(p + 1, s))
					return true;
			return glob_match(p + 1, s);
		}
		if (*s == '\0')
			return false;
		if (*p == '?')
			continue;
		if (*p == '[') {
			const char *q = p + 1;
			bool neg = *q == '!' || *q == '^', hit = false;

			if (neg)
				q++;
			do {
				if (q[1] == '-' && q[2] != ']' && q[2] != '\0') {
					hit |= *s >= q[0] && *s <= q[2];
					q += 3;
				} else {
					hit |= *s == *q++;
				}
			} while (*q != ']' && *q != '\0');
			if (*q == '\0')
				return false;
			if (hit == neg)
				return false;
			p = q;
			continue;
		}
		if (*p == '\\' && p[1] != '\0')
			p++;
		if (*p != *s)
			return false;
	}
	return *s == '\0';
}

struct fields {
	char **v;
	size_t n;
};

static void field_add(struct fields *f, char *s)
{
	f->v = xrealloc(f->v, (f->n + 2) * sizeof(char *));
	f->v[f->n++] = s;
	f->v[f->n] = NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Expand pattern (components separated by /) below dir into f; matches found. */
static size_t glob_dir(const char *dir, const char *pat, struct fields *f)
{
	const char *slash = strchr(pat, '/');
	char *comp = slash != NULL ? xstrndup(pat, (size_t)(slash - pat)) : xstrdup(pat);
	size_t found = 0, first = f->n;
	struct dirent *d;
	DIR *dp = opendir(*dir != '\0' ? dir : ".");

	if (dp == NULL) {
		free(comp);
		return 0;
	}
	while ((d = readdir(dp)) != NULL) {
		char *path;
		size_t len;

		if (d->d_name[0] == '.' && comp[0] != '.')
			continue;
		if (!glob_match(comp, d->d_name))
			continue;
		len = strlen(dir) + strlen(d->d_name) + 2;
		path = xmalloc(len);
		snprintf(path, len, "%s%s", dir, d->d_name);
		if (slash == NULL) {
			field_add(f, path);
			found++;
		} else {
			char *sub = xmalloc(len + 1);

			snprintf(sub, len + 1, "%s/", path);
			found += glob_dir(sub, slash + 1, f);
			free(sub);
			free(path);
		}
	}
	closedir(dp);
	free(comp);
	qsort(f->v + first, f->n - first, sizeof(char *), cmp_str);
	return found;
}

/* One field: glob it if it has unquoted pattern characters. */
static void finish_field(struct fields *f, const char *s, const char *k, size_t n)
{
	struct strbuf pat = { 0 };
	bool glob = false;
	size_t i;

	for (i = 0; i < n; i++) {
		if (k[i] == K_LIT && strchr("*?[", s[i]) != NULL)
			glob = true;
		else if (strchr("*?[\\", s[i]) != NULL)
			sb_putc(&pat, '\\');
		sb_putc(&pat, s[i]);
	}
	sb_putc(&pat, '\0');
	if (glob) {
		const char *p = pat.s;
		char *dir = xstrdup(*p == '/' ? "/" : "");

		while (*p == '/')
			p++;
		if (glob_dir(dir, p, f) > 0) {
			free(dir);
			free(pat.s);
			return;
		}
		free(dir);
	}
	free(pat.s);
	field_add(f, xstrndup(s, n));
}

static bool is_ifs(char c)
{
	const char *ifs = var_get("IFS");

	return strchr(ifs != NULL ? ifs : " \t\n", c) != NULL && c != '\0';
}

char **expand_words(struct shell *sh, char **words)
{
	struct fields f = { 0 };
	size_t w;

	field_add(&f, NULL);
	f.n = 0;
	for (w = 0; words != NULL && words[w] != NULL; w++) {
		struct exp e = { .sh = sh };
		size_t i, start = 0, len;
		bool have = false;

		expand_into(&e, words[w], false);
		len = e.s.len - 1;
		for (i = 0; i <= len; i++) {
			bool split = i < len && ((e.k.s[i] == K_EXP && is_ifs(e.s.s[i])) ||
						 e.k.s[i] == K_BREAK);

			if (i < len && !split) {
				have = true;
				continue;
			}
			if (have || (i < len && e.k.s[i] == K_BREAK) ||
			    (i == len && e.quoted && start == 0 && len == 0))
				finish_field(&f, e.s.s + start, e.k.s + start, i - start);
			have = false;
			start = i + 1;
		}
		free(e.s.s);
		free(e.k.s);
	}
	return f.v;
}
