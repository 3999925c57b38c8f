/* wordexp(3) and wordfree(3), done in the library as glibc does: tilde,
 * parameter, command and arithmetic expansion, field splitting by IFS,
 * pathname expansion (glob) and quote removal, the way sh expands the
 * words of a command.  Only command substitution runs a shell (/bin/sh -c,
 * through posix_spawn).  newlib's version instead needed a bash patched
 * with "--wordexp", which no system here has.
 *
 * The words are scanned once: each field is built twice, as literal text
 * (quotes removed) and as a glob pattern (quoted characters escaped), and
 * is glob'bed at its end if an unquoted * ? or [ went into it.  Unquoted
 * | & ; < > ( ) { } and newline are WRDE_BADCHAR, as in glibc.
 * This file holds the scanner and the fields; wordexp_subst.c the $ and `
 * expansions, wordexp_arith.c arithmetic. */
#include <errno.h>
#include <glob.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "wordexp_impl.h"

#define BADCHARS	"\n|&;<>(){}"
#define GLOBCHARS	"*?[]"
#define BLANKS		" \t"

int
wx_add(struct wx_buf *b, const char *s, size_t n)
{
	size_t cap;
	char *p;

	if (b->len + n + 1 > b->cap) {
		cap = b->cap != 0 ? b->cap : 32;
		while (cap < b->len + n + 1)
			cap *= 2;
		if ((p = realloc(b->s, cap)) == NULL)
			return WRDE_NOSPACE;
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

int
wx_addc(struct wx_buf *b, char c)
{
	return wx_add(b, &c, 1);
}

void
wx_free(struct wx_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

static int
push_word(struct wx *w, const char *s)
{
	char **words, *copy;
	size_t cap;

	if (w->nwords == w->capwords) {
		cap = w->capwords != 0 ? w->capwords * 2 : 8;
		if ((words = realloc(w->words, cap * sizeof(char *))) == NULL)
			return WRDE_NOSPACE;
		w->words = words;
		w->capwords = cap;
	}
	if ((copy = strdup(s)) == NULL)
		return WRDE_NOSPACE;
	w->words[w->nwords++] = copy;
	return 0;
}

/* Ends the current field: glob it if it has unquoted pattern characters
 * (a pattern that matches nothing stays as written), keep it otherwise. */
static int
end_field(struct wx *w, int force)
{
	glob_t g;
	size_t i;
	int err = 0, rc;

	if (!w->started && !force)
		return 0;
	if (w->globbing) {
		rc = glob(w->pat.s, 0, NULL, &g);
		if (rc == 0) {
			for (i = 0; i < (size_t)g.gl_pathc && err == 0; i++)
				err = push_word(w, g.gl_pathv[i]);
			globfree(&g);
		} else {
			err = rc == GLOB_NOSPACE ? WRDE_NOSPACE : push_word(w, w->lit.s ? w->lit.s : "");
		}
	} else {
		err = push_word(w, w->lit.s ? w->lit.s : "");
	}
	w->lit.len = w->pat.len = 0;
	if (w->lit.s != NULL)
		w->lit.s[0] = '\0';
	if (w->pat.s != NULL)
		w->pat.s[0] = '\0';
	w->started = w->globbing = 0;
	return err;
}

/* Adds characters that came from quotes: literal in the pattern too. */
static int
add_quoted(struct wx *w, const char *s, size_t n)
{
	size_t i;
	int err;

	w->started = 1;
	if ((err = wx_add(&w->lit, s, n)) != 0)
		return err;
	for (i = 0; i < n; i++) {
		if (strchr(GLOBCHARS "\\", s[i]) != NULL && (err = wx_addc(&w->pat, '\\')) != 0)
			return err;
		if ((err = wx_addc(&w->pat, s[i])) != 0)
			return err;
	}
	return 0;
}

/* Adds an unquoted character: a pattern character keeps its meaning. */
static int
add_plain(struct wx *w, char c)
{
	int err;

	w->started = 1;
	if (strchr(GLOBCHARS, c) != NULL)
		w->globbing = 1;
	if ((err = wx_addc(&w->lit, c)) != 0)
		return err;
	return wx_addc(&w->pat, c);
}

/* The result of an unquoted expansion: split at IFS characters (IFS white
 * space runs separate, each other IFS character ends a field), and open to
 * pathname expansion. */
static int
add_split(struct wx *w, const char *s, size_t n)
{
	size_t i;
	int err = 0;

	for (i = 0; i < n && err == 0; i++) {
		if (s[i] == '\0' || strchr(w->ifs, s[i]) == NULL)
			err = add_plain(w, s[i]);
		else if (strchr(" \t\n", s[i]) != NULL)
			err = end_field(w, 0);
		else
			err = end_field(w, 1);
	}
	return err;
}

/* A leading ~ or ~user: the home directory, taken as quoted text.  An
 * unknown user leaves the text as it is. */
static int
tilde(struct wx *w, const char **p)
{
	const char *s = *p + 1, *home = NULL;
	size_t n = strcspn(s, "/" BLANKS BADCHARS "'\"\\$`");
	struct passwd *pw;
	char *user;

	if (n == 0) {
		home = getenv("HOME");
		if (home == NULL && (pw = getpwuid(getuid())) != NULL)
			home = pw->pw_dir;
	} else if ((user = strndup(s, n)) != NULL) {
		if ((pw = getpwnam(user)) != NULL)
			home = pw->pw_dir;
		free(user);
	}
	if (home == NULL)
		return add_plain(w, *(*p)++);
	*p = s + n;
	return add_quoted(w, home, strlen(home));
}

/* "...": $ and ` expand without splitting; backslash quotes only $ ` " \
 * and newline. */
static int
double_quoted(struct wx *w, const char **p)
{
	struct wx_buf v = { 0 };
	const char *s = *p + 1;
	int err = 0;

	w->started = 1;
	while (err == 0 && *s != '"') {
		if (*s == '\0') {
			err = WRDE_SYNTAX;
		} else if (*s == '\\' && s[1] != '\0' && strchr("$`\"\\\n", s[1]) != NULL) {
			if (s[1] != '\n')
				err = add_quoted(w, s + 1, 1);
			s += 2;
		} else if (*s == '$' || *s == '`') {
			v.len = 0;
			err = *s == '$' ? wx_dollar(w, &s, &v) : wx_backquote(w, &s, &v);
			if (err == 0 && v.len > 0)
				err = add_quoted(w, v.s, v.len);
		} else {
			err = add_quoted(w, s++, 1);
		}
	}
	wx_free(&v);
	*p = s + 1;
	return err;
}

/* One character (or construct) of the unquoted words. */
static int
scan_one(struct wx *w, const char **p)
{
	struct wx_buf v = { 0 };
	const char *s = *p, *end;
	int err;

	switch (*s) {
	case ' ':
	case '\t':
		*p = s + 1;
		return end_field(w, 0);
	case '\\':
		if (s[1] == '\0')
			return WRDE_SYNTAX;
		*p = s + 2;
		return s[1] == '\n' ? 0 : add_quoted(w, s + 1, 1);
	case '\'':
		if ((end = strchr(s + 1, '\'')) == NULL)
			return WRDE_SYNTAX;
		*p = end + 1;
		w->started = 1;
		return add_quoted(w, s + 1, (size_t)(end - s - 1));
	case '"':
		return double_quoted(w, p);
	case '$':
	case '`':
		err = *s == '$' ? wx_dollar(w, p, &v) : wx_backquote(w, p, &v);
		if (err == 0 && v.len > 0)
			err = add_split(w, v.s, v.len);
		wx_free(&v);
		return err;
	case '~':
		if (!w->started)
			return tilde(w, p);
		break;
	}
	if (strchr(BADCHARS, *s) != NULL)
		return WRDE_BADCHAR;
	*p = s + 1;
	return add_plain(w, *s);
}

/* Appends the new words to *we as wordexp's flags ask. */
static int
store(wordexp_t *we, struct wx *w, int flags)
{
	size_t offs = (flags & WRDE_DOOFFS) ? we->we_offs : 0;
	size_t old = (flags & WRDE_APPEND) ? we->we_wordc : 0, i;
	char **v = (flags & WRDE_APPEND) ? we->we_wordv : NULL;

	v = realloc(v, (offs + old + w->nwords + 1) * sizeof(char *));
	if (v == NULL)
		return WRDE_NOSPACE;
	if (old == 0)
		for (i = 0; i < offs; i++)
			v[i] = NULL;
	for (i = 0; i < w->nwords; i++)
		v[offs + old + i] = w->words[i];
	v[offs + old + w->nwords] = NULL;
	we->we_wordv = v;
	we->we_wordc = old + w->nwords;
	we->we_offs = offs;
	w->nwords = 0;
	return 0;
}

int
wordexp(const char *__restrict words, wordexp_t *__restrict we, int flags)
{
	struct wx w = { 0 };
	const char *p = words;
	size_t i;
	int err = 0;

	if (flags & WRDE_REUSE)
		wordfree(we);
	if (!(flags & WRDE_APPEND)) {
		we->we_wordc = 0;
		we->we_wordv = NULL;
	}
	w.flags = flags;
	w.ifs = getenv("IFS");
	if (w.ifs == NULL)
		w.ifs = " \t\n";
	while (err == 0 && *p != '\0')
		err = scan_one(&w, &p);
	if (err == 0)
		err = end_field(&w, 0);
	if (err == 0)
		err = store(we, &w, flags);
	for (i = 0; i < w.nwords; i++)
		free(w.words[i]);
	free(w.words);
	wx_free(&w.lit);
	wx_free(&w.pat);
	return err;
}
