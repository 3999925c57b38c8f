/*
 * Unit tests of kernel/lib/vsnprintf.c, built here as ksnprintf (host.mk
 * renames it): every case is compared with the host C library's snprintf,
 * which implements the same C standard conversions.
 */
#include <stdio.h>
#include <string.h>

#include "htest.h"

int ksnprintf(char *buf, size_t size, const char *fmt, ...);

#define SAME(...)                                                            \
	do {                                                                 \
		char k[128], h[128];                                         \
		int kn = ksnprintf(k, sizeof(k), __VA_ARGS__);               \
		int hn = snprintf(h, sizeof(h), __VA_ARGS__);                \
		HCHECK(kn == hn);                                            \
		HCHECK(strcmp(k, h) == 0);                                   \
	} while (0)

HTEST(vsnprintf, integers)
{
	SAME("%d %i %u", 0, -1, 4000000000U);
	SAME("%d %d", 2147483647, (int)-2147483647 - 1);
	SAME("%ld %lu", -9223372036854775807L - 1, 18446744073709551615UL);
	SAME("%lld %llu %zu %zd", -5LL, 5ULL, (size_t)77, (ssize_t)-77);
	SAME("%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
	SAME("%x %X %o %#x %#X %#o %#o", 0xbeefU, 0xbeefU, 8U, 255U, 255U, 8U, 0U);
	SAME("%#x", 0U);
}

HTEST(vsnprintf, width_precision_flags)
{
	SAME("[%5d] [%-5d] [%05d] [%+d] [% d] [%+5d]", 42, 42, 42, 42, 42, -42);
	SAME("[%.3d] [%8.3d] [%-8.3d] [%.0d] [%.0d]", 7, 7, -7, 0, 1);
	SAME("[%*d] [%-*d] [%.*d] [%*d]", 6, 1, 6, 1, 4, 1, -6, 1);
	SAME("[%016lx] [%#018lx] [%-#10x]", 0xabcUL, 0xabcUL, 0x1fU);
	SAME("[%5s] [%-6s] [%.2s] [%6.1s] [%s]", "ab", "ab", "abc", "abc", "");
	SAME("[%c] [%3c] [%-3c] [%%]", 'x', 'y', 'z');
}

HTEST(vsnprintf, pointers)
{
	int x;

	SAME("%p", (void *)&x);
	SAME("%p", (void *)0x1000);
}

HTEST(vsnprintf, truncation)
{
	char buf[8];

	memset(buf, 'X', sizeof(buf));
	HCHECK(ksnprintf(buf, 4, "%s", "abcdef") == 6);
	HCHECK(strcmp(buf, "abc") == 0);
	HCHECK(buf[4] == 'X');
	HCHECK(ksnprintf(buf, 1, "%d", 12345) == 5);
	HCHECK(buf[0] == '\0');
	HCHECK(ksnprintf(NULL, 0, "%d", 12345) == 5);
	HCHECK(ksnprintf(buf, sizeof(buf), "%s", (char *)NULL) == 6);
	HCHECK(strcmp(buf, "(null)") == 0);
}
