/*
 * od: dump files (or standard input, read as one stream) in octal and other
 * forms, 16 bytes a line, each line headed by its offset.
 *   -o  2-byte octal words (the default)   -x  2-byte hex words
 *   -d  2-byte unsigned decimal words      -b  octal bytes
 *   -c  characters, with C escapes (\n) or octal for the unprintable
 *   -A o|d|x|n  the offset's base, or no offset
 * Several formats give several lines for each 16 bytes.  A line equal to
 * the one before is shown as "*".
 */
#include <stdio.h>
#include <string.h>

#include "common.h"

#define SYNOPSIS "[-A o|d|x|n] [-bcdox]... [file...]"

static char formats[16];
static size_t nformats;
static char radix = 'o';

static void put_offset(unsigned long long off)
{
	if (radix == 'o')
		printf("%07llo", off);
	else if (radix == 'd')
		printf("%07llu", off);
	else if (radix == 'x')
		printf("%06llx", off);
}

/* Blank space in place of the offset, for a line's second format. */
static void put_offset_space(void)
{
	if (radix != 'n')
		printf(radix == 'x' ? "      " : "       ");
}

static void put_char(unsigned char c)
{
	static const char from[] = "\a\b\f\n\r\t\v", *names[] = { "\\a", "\\b", "\\f", "\\n",
								     "\\r", "\\t", "\\v" };
	const char *e = c != 0 ? strchr(from, c) : NULL;

	if (c == 0)
		printf("  \\0");
	else if (e != NULL)
		printf("  %s", names[e - from]);
	else if (c >= 32 && c < 127)
		printf("   %c", c);
	else
		printf(" %03o", c);
}

static void put_line(const unsigned char *b, size_t n, char format)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (format == 'b') {
			printf(" %03o", b[i]);
		} else if (format == 'c') {
			put_char(b[i]);
		} else if (i % 2 == 0) {
			/* Words are little-endian; an odd last byte pairs with 0. */
			unsigned w = b[i] | (i + 1 < n ? b[i + 1] << 8 : 0);

			printf(format == 'o' ? " %06o" : format == 'x' ? " %04x" : " %5u", w);
		}
	}
	putchar('\n');
}

int main(int argc, char **argv)
{
	unsigned char buf[16], prev[16];
	unsigned long long off = 0;
	int starred = 0, c;
	struct concat in;
	size_t n, i;

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "A:bcdox")) != -1) {
		if (c == '?')
			usage(SYNOPSIS);
		if (c != 'A') {
			if (nformats < sizeof(formats))
				formats[nformats++] = (char)c;
		} else if (strlen(opt_arg) == 1 && strchr("odxn", opt_arg[0]) != NULL) {
			radix = opt_arg[0];
		} else {
			warn_msg("invalid output address radix '%s'", opt_arg);
			usage(SYNOPSIS);
		}
	}
	if (nformats == 0)
		formats[nformats++] = 'o';
	concat_open(&in, argv + opt_ind, argc - opt_ind);
	while ((n = concat_read(&in, buf, sizeof(buf))) > 0) {
		if (off > 0 && n == 16 && memcmp(buf, prev, 16) == 0) {
			if (!starred)
				puts("*");
			starred = 1;
		} else {
			starred = 0;
			for (i = 0; i < nformats; i++) {
				if (i == 0)
					put_offset(off);
				else
					put_offset_space();
				put_line(buf, n, formats[i]);
			}
		}
		memcpy(prev, buf, n);
		off += n;
	}
	/* Only files that could not be read: no offset, as with GNU od. */
	if (radix != 'n' && !(off == 0 && in.status != 0)) {
		put_offset(off);
		putchar('\n');
	}
	return in.status;
}
