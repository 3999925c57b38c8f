/* crc32.h: CRC-32 as zlib computes it (the harnesses check with
 * zlib.crc32): the running value in, the new one out.  For the test
 * programs that report file checksums (t_ext2, fsync_load). */
#ifndef UTEST_CRC32_H
#define UTEST_CRC32_H

#include <stddef.h>
#include <stdint.h>

static inline uint32_t crc32(uint32_t crc, const unsigned char *p, size_t n)
{
	static uint32_t table[256];
	uint32_t c;
	int i, k;

	if (table[1] == 0)
		for (i = 0; i < 256; i++) {
			for (c = (uint32_t)i, k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
	crc = ~crc;
	while (n-- > 0)
		crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

#endif
