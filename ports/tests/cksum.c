/*
 * cksum: POSIX cksum (CRC-32 over the bytes and then the length, as
 * coreutils' cksum without options), for the ports' in-guest tests, which
 * compare what a port produced on Breenix with what the build machine's
 * cksum said about the same data.  Usage: cksum [FILE...]
 */
#include <stdint.h>
#include <stdio.h>

static uint32_t crc_add(uint32_t crc, unsigned char byte)
{
	int i;

	crc ^= (uint32_t)byte << 24;
	for (i = 0; i < 8; i++)
		crc = (crc & 0x80000000u) ? (crc << 1) ^ 0x04c11db7u : crc << 1;
	return crc;
}

static int sum(FILE *f, const char *name)
{
	uint32_t crc = 0;
	unsigned long long len = 0, n;
	int c;

	while ((c = getc(f)) != EOF) {
		crc = crc_add(crc, (unsigned char)c);
		len++;
	}
	if (ferror(f)) {
		perror(name ? name : "stdin");
		return 1;
	}
	for (n = len; n != 0; n >>= 8)
		crc = crc_add(crc, n & 0xff);
	if (name)
		printf("%lu %llu %s\n", (unsigned long)~crc, len, name);
	else
		printf("%lu %llu\n", (unsigned long)~crc, len);
	return 0;
}

int main(int argc, char **argv)
{
	int i, rc = 0;

	if (argc < 2)
		return sum(stdin, NULL);
	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");

		if (!f) {
			perror(argv[i]);
			rc = 1;
			continue;
		}
		rc |= sum(f, argv[i]);
		fclose(f);
	}
	return rc;
}
