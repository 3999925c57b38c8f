/*
 * g_common.h: the PASS/FAIL lines of the statically linked glibc/musl
 * thread programs (userland/glibc/), the same format as utest.h's, which
 * the test boot's runner reads.  They use the host C library, not newlib,
 * so they cannot include utest.h's newlib-specific parts.
 */
#ifndef G_COMMON_H
#define G_COMMON_H

#include <stdio.h>
#include <time.h>

#ifndef LIBC_NAME
#define LIBC_NAME "glibc" /* the build passes "musl" for the musl-gcc builds */
#endif

static const char *g_suite;
static int g_failures;

#define G_CHECK(name, cond)                                                     \
	do {                                                                    \
		if (cond) {                                                     \
			printf("PASS: %s/%s\n", g_suite, name);                 \
		} else {                                                        \
			printf("FAIL: %s/%s: %s (line %d)\n", g_suite, name, #cond, \
			       __LINE__);                                       \
			g_failures++;                                           \
		}                                                               \
		fflush(stdout);                                                 \
	} while (0)

static inline double g_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

#endif
