/*
 * cksum: POSIX's CRC-32 and byte count of each file (or standard input):
 * "CRC SIZE NAME", the same numbers as any POSIX cksum, so a file fetched
 * over the network can be compared with the original.
 */
#include "common.h"
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static uint32_t table[256];

static void make_table(void)
{
	uint32_t c;
	int i, k;

	for (i = 0; i < 256; i++) {
		c = (uint32_t)i << 24;
		for (k = 0; k < 8; k++)
			c = (c & 0x80000000u) ? (c << 1) ^ 0x04C11DB7u : c << 1;
		table[i] = c;
	}
}

static uint32_t crc_byte(uint32_t crc, unsigned char b)
{
	return (crc << 8) ^ table[(crc >> 24) ^ b];
}

static int sum_fd(int fd, const char *name)
{
	static unsigned char buf[65536];
	unsigned long long len = 0, n;
	uint32_t crc = 0;
	ssize_t k;
	ssize_t i;

	while ((k = read(fd, buf, sizeof(buf))) != 0) {
		if (k < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "cksum: %s: %s\n", name, strerror(errno));
			return 1;
		}
		for (i = 0; i < k; i++)
			crc = crc_byte(crc, buf[i]);
		len += (unsigned long long)k;
	}
	for (n = len; n != 0; n >>= 8)
		crc = crc_byte(crc, (unsigned char)n);
	printf(fd == 0 ? "%u %llu\n" : "%u %llu %s\n", ~crc, len, name);
	return 0;
}

int main(int argc, char **argv)
{
	int i, fd, rc = 0;

	make_table();
	if (argc < 2)
		return sum_fd(0, "-");
	for (i = 1; i < argc; i++) {
		fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			fprintf(stderr, "cksum: %s: %s\n", argv[i], strerror(errno));
			rc = 1;
			continue;
		}
		rc |= sum_fd(fd, argv[i]);
		close(fd);
	}
	return rc;
}
