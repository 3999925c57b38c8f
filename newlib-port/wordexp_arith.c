/* Shell arithmetic for wordexp's $((...)): long integers with C's binary
 * operators and precedence (no assignments), unary + - ! ~, ?:, decimal,
 * octal (0...) and hex (0x...) constants, and variable names, whose value
 * is read as a number (unset or empty is 0).  Division by zero and
 * anything unparsable fail. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "wordexp_impl.h"

struct arith {
	const char	*p;
	int		err;
};

/* Binary operators, longest spelling first, with their precedence. */
static const struct { const char *op; int prec; } binops[] = {
	{ "||", 1 }, { "&&", 2 }, { "==", 6 }, { "!=", 6 }, { "<=", 7 }, { ">=", 7 },
	{ "<<", 8 }, { ">>", 8 }, { "|", 3 }, { "^", 4 }, { "&", 5 }, { "<", 7 },
	{ ">", 7 }, { "+", 9 }, { "-", 9 }, { "*", 10 }, { "/", 10 }, { "%", 10 },
};

static long expr(struct arith *a);

static void
skip_space(struct arith *a)
{
	while (isspace((unsigned char)*a->p))
		a->p++;
}

static long
number(struct arith *a, const char *s, const char **end)
{
	long v;

	errno = 0;
	v = strtol(s, (char **)end, 0);
	if (errno != 0 || *end == s)
		a->err = 1;
	return v;
}

static long
variable(struct arith *a)
{
	const char *start = a->p, *end;
	char *name;
	const char *value;
	long v = 0;

	while (isalnum((unsigned char)*a->p) || *a->p == '_')
		a->p++;
	if ((name = strndup(start, (size_t)(a->p - start))) == NULL) {
		a->err = 1;
		return 0;
	}
	value = getenv(name);
	free(name);
	if (value == NULL || *value == '\0')
		return 0;
	v = number(a, value, &end);
	while (isspace((unsigned char)*end))
		end++;
	if (*end != '\0')
		a->err = 1;
	return v;
}

static long
primary(struct arith *a)
{
	long v;

	skip_space(a);
	switch (*a->p) {
	case '(':
		a->p++;
		v = expr(a);
		skip_space(a);
		if (*a->p != ')')
			a->err = 1;
		else
			a->p++;
		return v;
	case '+':
		a->p++;
		return primary(a);
	case '-':
		a->p++;
		return -(unsigned long)primary(a);
	case '!':
		a->p++;
		return !primary(a);
	case '~':
		a->p++;
		return ~primary(a);
	}
	if (isdigit((unsigned char)*a->p))
		return number(a, a->p, &a->p);
	if (isalpha((unsigned char)*a->p) || *a->p == '_')
		return variable(a);
	a->err = 1;
	return 0;
}

static long
apply(struct arith *a, const char *op, long l, long r)
{
	switch (op[0]) {
	case '|': return op[1] == '|' ? (l || r) : (l | r);
	case '&': return op[1] == '&' ? (l && r) : (l & r);
	case '^': return l ^ r;
	case '=': return l == r;
	case '!': return l != r;
	case '<': return op[1] == '=' ? l <= r : op[1] == '<' ? (long)((unsigned long)l << (r & 63)) : l < r;
	case '>': return op[1] == '=' ? l >= r : op[1] == '>' ? l >> (r & 63) : l > r;
	case '+': return (long)((unsigned long)l + (unsigned long)r);
	case '-': return (long)((unsigned long)l - (unsigned long)r);
	case '*': return (long)((unsigned long)l * (unsigned long)r);
	}
	if (r == 0 || (l == LONG_MIN && r == -1)) {	/* '/' and '%' */
		a->err = 1;
		return 0;
	}
	return op[0] == '/' ? l / r : l % r;
}

/* Precedence climbing over binops[]. */
static long
binary(struct arith *a, int min_prec)
{
	long l = primary(a), r;
	size_t i, n;

	for (;;) {
		skip_space(a);
		for (i = 0; i < sizeof(binops) / sizeof(binops[0]); i++) {
			n = strlen(binops[i].op);
			if (strncmp(a->p, binops[i].op, n) == 0)
				break;
		}
		if (i == sizeof(binops) / sizeof(binops[0]) || binops[i].prec < min_prec || a->err)
			return l;
		a->p += n;
		r = binary(a, binops[i].prec + 1);
		l = apply(a, binops[i].op, l, r);
	}
}

static long
expr(struct arith *a)
{
	long c = binary(a, 1), t, f;

	skip_space(a);
	if (*a->p != '?')
		return c;
	a->p++;
	t = expr(a);
	skip_space(a);
	if (*a->p != ':') {
		a->err = 1;
		return 0;
	}
	a->p++;
	f = expr(a);
	return c ? t : f;
}

int
wx_arith(const char *s, long *result)
{
	struct arith a = { s, 0 };

	*result = expr(&a);
	skip_space(&a);
	return a.err || *a.p != '\0' ? -1 : 0;
}
