/*
 * htest.h: a tiny unit-test runner for pure kernel code built on the host.
 *
 *	HTEST(suite, name) { HCHECK(x == 1); }
 *
 * registers a case; the runner (htest.c) runs every case and prints one
 * "PASS: host/<suite>/<name>" or "FAIL: host/<suite>/<name>: <reason>" line
 * per case (docs/design.md), and exits 1 if any failed.  HCHECK ends the case
 * at the first failed check.  A kernel panic() inside a case fails it, unless
 * the code runs under htest_panics(), which reports whether it panicked.
 */
#ifndef HTEST_H
#define HTEST_H

#include <stdbool.h>

struct htest {
	const char *ht_suite, *ht_name;
	void (*ht_fn)(void);
	struct htest *ht_next;
};

void htest_register(struct htest *t);
void htest_fail(const char *file, int line, const char *what);
bool htest_failed(void);
bool htest_panics(void (*fn)(void *), void *arg);

#define HTEST(suite, name)                                                   \
	static void htest_fn_##suite##_##name(void);                         \
	__attribute__((constructor)) static void htest_reg_##suite##_##name(void) \
	{                                                                    \
		static struct htest t = { #suite, #name, htest_fn_##suite##_##name, 0 }; \
		htest_register(&t);                                          \
	}                                                                    \
	static void htest_fn_##suite##_##name(void)

#define HCHECK(cond)                                                         \
	do {                                                                 \
		if (!(cond)) {                                               \
			htest_fail(__FILE__, __LINE__, #cond);               \
			return;                                              \
		}                                                            \
	} while (0)

#endif
