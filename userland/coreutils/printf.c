/*
 * printf: format the arguments under control of the format, as printf(3)
 * does: %d %i %u %o %x %X %c %s %e %f %g %a (and capitals) with flags, width
 * and precision (also "*"), %b (the argument with backslash escapes) and
 * %%.  The format is reused while arguments remain.  A numeric argument may
 * be 'c for the code of c.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static int status;
static int stopped; /* "\c" in a %b argument ends all output */

/* One backslash escape at *s (after the backslash); advances *s and returns
 * the character.  In %b arguments octal is \0NNN, in the format \NNN. */
static int escape(const char **s, int in_b)
{
	static const char from[] = "abefnrtv\\\"'", to[] = "\a\b\033\f\n\r\t\v\\\"'";
	const char *e;
	int v = 0, n;

	if (**s >= '0' && **s <= '7') {
		if (in_b && **s == '0')
			(*s)++;
		for (n = 0; n < 3 && **s >= '0' && **s <= '7'; n++)
			v = v * 8 + *(*s)++ - '0';
		return v;
	}
	if (**s == 'x' && isxdigit((unsigned char)(*s)[1])) {
		(*s)++;
		for (n = 0; n < 2 && isxdigit((unsigned char)**s); n++, (*s)++)
			v = v * 16 + (isdigit((unsigned char)**s) ? **s - '0' :
								  tolower((unsigned char)**s) - 'a' + 10);
		return v;
	}
	if (**s != '\0' && (e = strchr(from, **s)) != NULL) {
		(*s)++;
		return to[e - from];
	}
	return '\\'; /* not an escape: the backslash stands for itself */
}

/* %b: print arg with escapes; \c stops everything. */
static void put_b(const char *arg, int precision)
{
	const char *s = arg;
	char *buf = xmalloc(strlen(arg) + 1);
	size_t n = 0;

	while (*s != '\0') {
		if (*s != '\\') {
			buf[n++] = *s++;
			continue;
		}
		s++;
		if (*s == 'c') {
			stopped = 1;
			break;
		}
		buf[n++] = (char)escape(&s, 1);
	}
	if (precision >= 0 && (size_t)precision < n)
		n = (size_t)precision;
	fwrite(buf, 1, n, stdout);
	free(buf);
}

/* A numeric argument: a number (decimal, 0x hex, 0 octal) or 'c; a missing
 * one (NULL) is 0. */
static long long number_arg(const char *arg, int is_unsigned)
{
	long long v;
	char *end;

	if (arg == NULL)
		return 0;
	if (*arg == '\'' || *arg == '"')
		return (unsigned char)arg[1];
	errno = 0;
	v = is_unsigned && *arg != '-' ? (long long)strtoull(arg, &end, 0) : strtoll(arg, &end, 0);
	if (end == arg || *end != '\0' || errno != 0) {
		warn_msg("'%s': expected a numeric value", arg);
		status = 1;
	}
	return v;
}

static double float_arg(const char *arg)
{
	char *end;
	double v;

	if (arg == NULL)
		return 0;
	if (*arg == '\'' || *arg == '"')
		return (unsigned char)arg[1];
	errno = 0;
	v = strtod(arg, &end);
	if (end == arg || *end != '\0' || errno != 0) {
		warn_msg("'%s': expected a numeric value", arg);
		status = 1;
	}
	return v;
}

/*
 * Print one conversion.  spec is "%" with flags, width and precision
 * already in it (the "*" ones resolved); conv is the conversion letter;
 * arg is NULL when the arguments have run out.
 */
static void convert(char *spec, char conv, const char *arg, int precision)
{
	const char *text = arg != NULL ? arg : "";
	size_t len = strlen(spec);

	if (conv == 'b') {
		put_b(text, precision);
		return;
	}
	if (conv == 'c' || conv == 's') {
		spec[len] = 's';
		spec[len + 1] = '\0';
		if (conv == 'c') {
			char c[2] = { text[0], '\0' };

			printf(spec, c);
		} else {
			printf(spec, text);
		}
		return;
	}
	if (strchr("diouxX", conv) != NULL) {
		spec[len] = 'l';
		spec[len + 1] = 'l';
		spec[len + 2] = conv;
		spec[len + 3] = '\0';
		printf(spec, number_arg(arg, strchr("di", conv) == NULL));
		return;
	}
	spec[len] = conv;
	spec[len + 1] = '\0';
	printf(spec, float_arg(arg));
}

/*
 * Print the format once, taking arguments from *args (advanced past the
 * ones used).  Returns the number of conversions that took arguments.
 */
static int format_once(const char *f, char ***args)
{
	int used = 0;

	while (*f != '\0' && !stopped) {
		char spec[64], conv;
		size_t n = 1;
		int precision = -1;

		if (*f == '\\') {
			f++;
			putchar(escape(&f, 0));
			continue;
		}
		if (*f != '%') {
			putchar(*f++);
			continue;
		}
		if (f[1] == '%') {
			putchar('%');
			f += 2;
			continue;
		}
		spec[0] = '%';
		f++;
		/* Flags, width and precision; a "*" takes its value from an argument. */
		while (*f != '\0' && strchr("-+ #0123456789.*", *f) != NULL && n < sizeof(spec) - 24) {
			if (*f == '*') {
				long long v = number_arg(**args, 0);

				if (**args != NULL)
					(*args)++;
				used++;
				if (n > 0 && spec[n - 1] == '.')
					precision = (int)v;
				n += (size_t)snprintf(spec + n, sizeof(spec) - n, "%d", (int)v);
				f++;
				continue;
			}
			if (*f == '.')
				precision = atoi(f + 1);
			spec[n++] = *f++;
		}
		spec[n] = '\0';
		conv = *f;
		if (conv == '\0' || strchr("diouxXcsbeEfFgGaA", conv) == NULL) {
			warn_msg("%%%c: invalid conversion", conv ? conv : '%');
			exit(1);
		}
		f++;
		convert(spec, conv, **args, precision);
		if (**args != NULL)
			(*args)++;
		used++;
	}
	return used;
}

int main(int argc, char **argv)
{
	char **args;

	set_progname(argv[0]);
	if (argc > 1 && strcmp(argv[1], "--") == 0) {
		argv++;
		argc--;
	}
	if (argc < 2)
		usage("format [argument...]");
	args = argv + 2;
	/* Once through, then again for as long as arguments are left over. */
	while (format_once(argv[1], &args) > 0 && *args != NULL && !stopped)
		;
	fflush(stdout);
	return status;
}
