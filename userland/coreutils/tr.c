/*
 * tr: translate, delete (-d) or squeeze (-s) characters from standard input.
 *   tr [-c] SET1 SET2     map SET1's characters to SET2's
 *   tr -d [-c] SET1       delete SET1's characters
 *   tr -s SET1            squeeze runs of SET1's characters to one
 *   tr -ds SET1 SET2      delete SET1's, then squeeze SET2's
 * Sets may hold escapes (\n, \t, \\, \NNN), ranges (a-z), classes
 * ([:alpha:], [:digit:], ...) and, in SET2, repeats ([c*n], [c*]).
 * -c uses the complement of SET1, in increasing order.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

#define SYNOPSIS "[-cds] set1 [set2]"

struct set {
	unsigned char *c;
	size_t len, cap;
	long star; /* where a [c*] repeat goes in SET2, or -1 */
};

static void add(struct set *s, int c)
{
	if (s->len == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->c = xrealloc(s->c, s->cap);
	}
	s->c[s->len++] = (unsigned char)c;
}

/* One character of a set at *p, with its escape; advances *p. */
static int take_char(const char **p)
{
	static const char from[] = "abfnrtv\\", to[] = "\a\b\f\n\r\t\v\\";
	const char *e;
	int v = 0, n;

	if (**p != '\\' || (*p)[1] == '\0')
		return (unsigned char)*(*p)++;
	(*p)++;
	if (**p >= '0' && **p <= '7') {
		for (n = 0; n < 3 && **p >= '0' && **p <= '7'; n++)
			v = v * 8 + *(*p)++ - '0';
		return v;
	}
	e = strchr(from, **p);
	(*p)++;
	return e != NULL ? (unsigned char)to[e - from] : (unsigned char)(*p)[-1];
}

/* "[:name:]" at p: add the class's characters and return its length, or 0. */
static size_t add_class(struct set *s, const char *p)
{
	static const struct {
		const char *name;
		int (*is)(int);
	} classes[] = {
		{ "alnum", isalnum }, { "alpha", isalpha }, { "blank", isblank },
		{ "cntrl", iscntrl }, { "digit", isdigit }, { "graph", isgraph },
		{ "lower", islower }, { "print", isprint }, { "punct", ispunct },
		{ "space", isspace }, { "upper", isupper }, { "xdigit", isxdigit },
	};
	const char *end = strstr(p + 2, ":]");
	size_t i;
	int c;

	if (strncmp(p, "[:", 2) != 0 || end == NULL)
		return 0;
	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		if (strlen(classes[i].name) == (size_t)(end - p - 2) &&
		    strncmp(p + 2, classes[i].name, (size_t)(end - p - 2)) == 0) {
			for (c = 0; c < 256; c++)
				if (classes[i].is(c))
					add(s, c);
			return (size_t)(end + 2 - p);
		}
	warn_msg("invalid character class '%.*s'", (int)(end + 2 - p), p);
	exit(1);
}

/* "[c*n]" or "[c*]" at p: add n copies (or mark where the fill goes). */
static size_t add_repeat(struct set *s, const char *p)
{
	const char *q = p + 1, *start = p;
	char *end;
	long n;
	int c;

	if (*p != '[' || p[1] == '\0')
		return 0;
	c = take_char(&q);
	if (*q != '*')
		return 0;
	n = strtol(q + 1, &end, *(q + 1) == '0' ? 8 : 10);
	if (*end != ']')
		return 0;
	if (end == q + 1 || n == 0) {
		s->star = (long)s->len;
		add(s, c);
	} else {
		while (n-- > 0)
			add(s, c);
	}
	return (size_t)(end + 1 - start);
}

static void expand(struct set *s, const char *p)
{
	memset(s, 0, sizeof(*s));
	s->star = -1;
	while (*p != '\0') {
		size_t used = add_class(s, p);
		int lo, hi;

		if (used == 0)
			used = add_repeat(s, p);
		if (used > 0) {
			p += used;
			continue;
		}
		lo = take_char(&p);
		if (*p == '-' && p[1] != '\0') {
			p++;
			hi = take_char(&p);
			if (hi < lo) {
				warn_msg("range-endpoints of '%c-%c' are in reverse order", lo, hi);
				exit(1);
			}
			for (; lo <= hi; lo++)
				add(s, lo);
		} else {
			add(s, lo);
		}
	}
}

/* The characters not in s, in increasing order. */
static void complement(struct set *s)
{
	unsigned char in[256] = { 0 };
	size_t i;
	int c;

	for (i = 0; i < s->len; i++)
		in[s->c[i]] = 1;
	s->len = 0;
	for (c = 0; c < 256; c++)
		if (!in[c])
			add(s, c);
}

/* Make SET2 as long as SET1: fill at its [c*], else repeat its last char. */
static void stretch(struct set *s2, size_t len)
{
	size_t fill;

	if (s2->len >= len || s2->len == 0)
		return;
	fill = len - s2->len;
	if (s2->star < 0)
		s2->star = (long)s2->len - 1;
	s2->c = xrealloc(s2->c, len);
	memmove(s2->c + s2->star + fill, s2->c + s2->star, s2->len - (size_t)s2->star);
	memset(s2->c + s2->star, s2->c[s2->star + (long)fill], fill);
	s2->len = len;
}

int main(int argc, char **argv)
{
	int comp = 0, del = 0, squeeze = 0, last = -1, c;
	unsigned char map[256], delete_set[256] = { 0 }, squeeze_set[256] = { 0 };
	struct set s1, s2 = { NULL, 0, 0, -1 };
	char in[8192], out[8192];
	ssize_t n, i;
	size_t k, o;

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "cCds")) != -1) {
		if (c == '?')
			usage(SYNOPSIS);
		if (c == 'd')
			del = 1;
		else if (c == 's')
			squeeze = 1;
		else
			comp = 1;
	}
	n = argc - opt_ind;
	/* Translating needs two sets, -d and -s alone one, -ds two. */
	if (n < 1 || n > 2 || (n == 1 && !del && !squeeze) || (n == 2 && del && !squeeze))
		usage(SYNOPSIS);
	expand(&s1, argv[opt_ind]);
	if (comp)
		complement(&s1);
	if (n == 2)
		expand(&s2, argv[opt_ind + 1]);
	for (c = 0; c < 256; c++)
		map[c] = (unsigned char)c;
	if (del) {
		for (k = 0; k < s1.len; k++)
			delete_set[s1.c[k]] = 1;
	} else if (n == 2) {
		if (s2.len == 0) {
			warn_msg("when not truncating set1, string2 must be non-empty");
			return 1;
		}
		stretch(&s2, s1.len);
		for (k = 0; k < s1.len; k++)
			map[s1.c[k]] = s2.c[k];
	}
	/* Squeezing applies to the last set given. */
	if (squeeze)
		for (k = 0; k < (n == 2 ? s2.len : s1.len); k++)
			squeeze_set[n == 2 ? s2.c[k] : s1.c[k]] = 1;
	while ((n = read(STDIN_FILENO, in, sizeof(in))) > 0) {
		for (i = 0, o = 0; i < n; i++) {
			unsigned char ch = (unsigned char)in[i];

			if (delete_set[ch])
				continue;
			ch = map[ch];
			if (squeeze_set[ch] && ch == last)
				continue;
			last = ch;
			out[o++] = (char)ch;
		}
		if (write_all(STDOUT_FILENO, out, o) < 0) {
			warn_path("standard output");
			return 1;
		}
	}
	if (n < 0) {
		warn_path("standard input");
		return 1;
	}
	return 0;
}
