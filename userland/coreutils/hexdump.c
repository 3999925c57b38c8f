/*
 * hexdump: dump files (or standard input, read as one stream) in hex, 16
 * bytes a line.  Plain: the offset, then 2-byte little-endian words.  -C
 * (canonical): the offset, the bytes, and the printable ones between bars.
 * A line equal to the one before is shown as "*".
 */
#include <stdio.h>
#include <string.h>

#include "common.h"

static void put_words(unsigned long long off, const unsigned char *b, size_t n)
{
	size_t i;

	printf("%07llx", off);
	for (i = 0; i < 16; i += 2) {
		if (i < n)
			printf(" %04x", b[i] | (i + 1 < n ? b[i + 1] << 8 : 0));
		else if (n < 16)
			printf("     "); /* a short last line is padded to full width */
	}
	putchar('\n');
}

static void put_canonical(unsigned long long off, const unsigned char *b, size_t n)
{
	size_t i;

	printf("%08llx ", off);
	for (i = 0; i < 16; i++) {
		if (i == 8)
			putchar(' ');
		if (i < n)
			printf(" %02x", b[i]);
		else
			printf("   ");
	}
	printf("  |");
	for (i = 0; i < n; i++)
		putchar(b[i] >= 32 && b[i] < 127 ? b[i] : '.');
	printf("|\n");
}

int main(int argc, char **argv)
{
	unsigned char buf[16], prev[16];
	unsigned long long off = 0;
	int canonical = 0, starred = 0, c;
	struct concat in;
	size_t n;

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "C")) != -1) {
		if (c == '?')
			usage("[-C] [file...]");
		canonical = 1;
	}
	concat_open(&in, argv + opt_ind, argc - opt_ind);
	while ((n = concat_read(&in, buf, sizeof(buf))) > 0) {
		if (off > 0 && n == 16 && memcmp(buf, prev, 16) == 0) {
			if (!starred)
				puts("*");
			starred = 1;
		} else {
			starred = 0;
			if (canonical)
				put_canonical(off, buf, n);
			else
				put_words(off, buf, n);
		}
		memcpy(prev, buf, n);
		off += n;
	}
	/* The end offset, unless there was no input at all. */
	if (off > 0)
		printf(canonical ? "%08llx\n" : "%07llx\n", off);
	return in.status;
}
