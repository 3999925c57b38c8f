/* echo: print the arguments. -n: no newline; -e: interpret escapes; -E: don't. */
#include <stdio.h>
#include <string.h>

/* Is arg a cluster of echo's options ("-n", "-ne", ...)? echo takes no "--". */
static int is_options(const char *arg)
{
	if (arg[0] != '-' || arg[1] == '\0')
		return 0;
	return strspn(arg + 1, "neE") == strlen(arg + 1);
}

/* Value of up to max digits of the given base at *s; advances *s. */
static int take_number(const char **s, int base, int max)
{
	int v = 0, d;

	for (; max > 0; max--, (*s)++) {
		char c = **s;

		if (c >= '0' && c <= '9' && c - '0' < base)
			d = c - '0';
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			break;
		v = v * base + d;
	}
	return v;
}

/* Print s with backslash escapes; returns 0 if "\c" said to stop all output. */
static int put_escaped(const char *s)
{
	static const char from[] = "abefnrtv\\", to[] = "\a\b\033\f\n\r\t\v\\";

	while (*s != '\0') {
		const char *e;

		if (*s != '\\' || s[1] == '\0') {
			putchar(*s++);
			continue;
		}
		s++;
		if (*s == 'c')
			return 0;
		if (*s == '0') {
			s++;
			putchar(take_number(&s, 8, 3));
		} else if (*s == 'x' && s[1] != '\0' &&
			   strchr("0123456789abcdefABCDEF", s[1]) != NULL) {
			s++;
			putchar(take_number(&s, 16, 2));
		} else if ((e = strchr(from, *s)) != NULL) {
			putchar(to[e - from]);
			s++;
		} else {
			putchar('\\'); /* unknown: kept as written */
		}
	}
	return 1;
}

int main(int argc, char **argv)
{
	int newline = 1, escapes = 0, i = 1;

	for (; i < argc && is_options(argv[i]); i++) {
		const char *o;

		for (o = argv[i] + 1; *o != '\0'; o++) {
			if (*o == 'n')
				newline = 0;
			else
				escapes = *o == 'e';
		}
	}
	for (; i < argc; i++) {
		if (escapes) {
			if (!put_escaped(argv[i]))
				return 0;
		} else {
			fputs(argv[i], stdout);
		}
		if (i + 1 < argc)
			putchar(' ');
	}
	if (newline)
		putchar('\n');
	return fflush(stdout) != 0;
}
