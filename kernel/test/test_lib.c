/*
 * test_lib.c: kernel library functions as built for the kernel (the host
 * tests cover vsnprintf in depth; this checks the freestanding build).
 */
#include <kern/cmdline.h>
#include <kern/ktest.h>
#include <lib/printf.h>
#include <lib/string.h>

KTEST(lib_snprintf)
{
	char buf[64];

	KTEST_ASSERT(snprintf(buf, sizeof(buf), "%d %s %#x %5.2s|", -42, "ok", 255, "abc") == 18);
	KTEST_ASSERT(strcmp(buf, "-42 ok 0xff    ab|") == 0);
	KTEST_ASSERT(snprintf(buf, 4, "%lu", 123456UL) == 6);
	KTEST_ASSERT(strcmp(buf, "123") == 0);
}

KTEST(lib_memmove_overlap)
{
	char buf[16] = "abcdefgh";

	memmove(buf + 2, buf, 6);
	KTEST_ASSERT(memcmp(buf, "ababcdef", 8) == 0);
	memmove(buf, buf + 2, 6);
	KTEST_ASSERT(memcmp(buf, "abcdefef", 8) == 0);
}

/* The test ISO boots with "test" on the command line. */
KTEST(cmdline_has_test)
{
	KTEST_ASSERT(cmdline_has("test"));
	KTEST_ASSERT(!cmdline_has("tes"));
}
