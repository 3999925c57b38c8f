/*
 * expr: evaluate an expression given as separate arguments and print it.
 * From loosest to tightest binding:
 *   A | B   A & B   A = B, !=, <, <=, >, >=   A + B, A - B   A * B, / , %
 *   STRING : REGEX (anchored basic regex; \(..\) gives the matched group,
 *            otherwise the length of the match)
 *   ( A ), length S, substr S POS LEN, index S CHARS, match S REGEX
 * Exit status: 0 if the result is neither empty nor 0, 1 if it is, 2 if
 * the expression is invalid.
 */
#include <errno.h>
#include <sys/types.h> /* before regex.h, which needs off_t with newlib */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static char **tok;
static int ntok, pos;

static void fail(const char *msg)
{
	warn_msg("%s", msg);
	exit(2);
}

/* Is s an integer (optional '-', digits)? Its value goes in *v. */
static int integer(const char *s, long long *v)
{
	char *end;

	if (*s == '\0')
		return 0;
	errno = 0;
	*v = strtoll(s, &end, 10);
	return *end == '\0' && errno == 0 && (*s == '-' || (*s >= '0' && *s <= '9'));
}

static char *from_int(long long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", v);
	return xstrdup(buf);
}

static int is_null(const char *s)
{
	long long v;

	return *s == '\0' || (integer(s, &v) && v == 0);
}

static const char *peek(void)
{
	return pos < ntok ? tok[pos] : NULL;
}

static int accept(const char *op)
{
	if (pos < ntok && strcmp(tok[pos], op) == 0) {
		pos++;
		return 1;
	}
	return 0;
}

static char *next_token(void)
{
	if (pos >= ntok)
		fail("syntax error: missing argument");
	return tok[pos++];
}

static char *parse_or(void);

static char *match(const char *s, const char *pattern)
{
	regmatch_t m[2];
	regex_t re;
	int rc = regcomp(&re, pattern, 0);

	if (rc != 0) {
		char msg[128];

		regerror(rc, &re, msg, sizeof(msg));
		fail(msg);
	}
	/* Anchored at the start: only a match found at offset 0 counts. */
	rc = regexec(&re, s, 2, m, 0) == 0 && m[0].rm_so == 0;
	if (re.re_nsub > 0) {
		char *group = xstrdup("");

		if (rc && m[1].rm_so >= 0) {
			free(group);
			group = xmalloc((size_t)(m[1].rm_eo - m[1].rm_so) + 1);
			memcpy(group, s + m[1].rm_so, (size_t)(m[1].rm_eo - m[1].rm_so));
			group[m[1].rm_eo - m[1].rm_so] = '\0';
		}
		regfree(&re);
		return group;
	}
	regfree(&re);
	return from_int(rc ? (long long)m[0].rm_eo : 0);
}

static char *parse_primary(void)
{
	char *t = next_token(), *s, *chars;
	long long p, n, len;

	if (strcmp(t, "(") == 0) {
		s = parse_or();
		if (!accept(")"))
			fail("syntax error: expecting ')'");
		return s;
	}
	if (strcmp(t, "+") == 0) /* the next token is a string, whatever it is */
		return next_token();
	if (strcmp(t, "length") == 0)
		return from_int((long long)strlen(parse_primary()));
	if (strcmp(t, "match") == 0) {
		s = parse_primary();
		return match(s, parse_primary());
	}
	if (strcmp(t, "index") == 0) {
		s = parse_primary();
		chars = parse_primary();
		return from_int(strcspn(s, chars) < strlen(s) ? (long long)strcspn(s, chars) + 1 : 0);
	}
	if (strcmp(t, "substr") == 0) {
		s = parse_primary();
		if (!integer(parse_primary(), &p))
			p = 0;
		if (!integer(parse_primary(), &n))
			n = 0;
		len = (long long)strlen(s);
		if (p < 1 || p > len || n < 1)
			return xstrdup("");
		if (n > len - p + 1)
			n = len - p + 1;
		s = xstrdup(s + p - 1);
		s[n] = '\0';
		return s;
	}
	return t;
}

static char *parse_match(void)
{
	char *s = parse_primary();

	while (accept(":"))
		s = match(s, parse_primary());
	return s;
}

static long long operand(const char *s)
{
	long long v;

	if (!integer(s, &v))
		fail("non-integer argument");
	return v;
}

static char *parse_mul(void)
{
	char *s = parse_match();
	const char *op;

	while ((op = peek()) != NULL &&
	       (strcmp(op, "*") == 0 || strcmp(op, "/") == 0 || strcmp(op, "%") == 0)) {
		long long a, b;

		pos++;
		a = operand(s);
		b = operand(parse_match());
		if (*op != '*' && b == 0)
			fail("division by zero");
		s = from_int(*op == '*' ? a * b : *op == '/' ? a / b : a % b);
	}
	return s;
}

static char *parse_add(void)
{
	char *s = parse_mul();
	const char *op;

	while ((op = peek()) != NULL && (strcmp(op, "+") == 0 || strcmp(op, "-") == 0)) {
		long long a;

		pos++;
		a = operand(s);
		s = from_int(*op == '+' ? a + operand(parse_mul()) : a - operand(parse_mul()));
	}
	return s;
}

/* Numbers compare as numbers, anything else as strings. */
static int compare(const char *a, const char *b)
{
	long long x, y;

	if (integer(a, &x) && integer(b, &y))
		return x < y ? -1 : x > y;
	return strcmp(a, b);
}

static char *parse_cmp(void)
{
	static const char *const ops[] = { "=", "!=", "<", "<=", ">", ">=", NULL };
	char *s = parse_add();
	const char *op;
	int i, c, r;

	while ((op = peek()) != NULL) {
		for (i = 0; ops[i] != NULL && strcmp(op, ops[i]) != 0; i++)
			;
		if (ops[i] == NULL)
			break;
		pos++;
		c = compare(s, parse_add());
		r = i == 0 ? c == 0 : i == 1 ? c != 0 : i == 2 ? c < 0 : i == 3 ? c <= 0 :
			i == 4 ? c > 0 : c >= 0;
		s = from_int(r);
	}
	return s;
}

static char *parse_and(void)
{
	char *s = parse_cmp();

	while (accept("&")) {
		char *b = parse_cmp();

		if (is_null(s) || is_null(b))
			s = from_int(0);
	}
	return s;
}

static char *parse_or(void)
{
	char *s = parse_and();

	while (accept("|")) {
		char *b = parse_and();

		if (is_null(s))
			s = is_null(b) ? from_int(0) : b;
	}
	return s;
}

int main(int argc, char **argv)
{
	char *result;

	set_progname(argv[0]);
	if (argc > 1 && strcmp(argv[1], "--") == 0) {
		argv++;
		argc--;
	}
	if (argc < 2)
		usage("expression");
	tok = argv + 1;
	ntok = argc - 1;
	result = parse_or();
	if (pos < ntok)
		fail("syntax error: unexpected argument");
	puts(result);
	return is_null(result);
}
