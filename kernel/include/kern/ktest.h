/*
 * ktest.h: in-kernel tests (docs/ktest.md).
 *
 *	KTEST(pmm_alloc_free) { KTEST_ASSERT(pmm_alloc() != 0); }
 *
 * places a test in the .ktest linker section.  When the kernel command line
 * holds "test", ktest_run_all() runs every test in name order and prints
 * "PASS: kernel/<name>" or "FAIL: kernel/<name>: <what> at <file>:<line>"
 * over the consoles, then a summary; kmain then ends QEMU through
 * isa-debug-exit with the fail code, or goes on to run the user tests.  KTEST_ASSERT ends the test at the first
 * failed check.  "test=<prefix>" runs only tests whose name starts so.
 */
#ifndef KERN_KTEST_H
#define KERN_KTEST_H

#include <stdbool.h>

struct ktest {
	const char *kt_name;
	void (*kt_fn)(void);
};

/* Record a failure of the running test (KTEST_ASSERT uses it). */
void ktest_fail(const char *what, const char *file, int line);
bool ktest_mode(void);
/* Called by panic(): reports the running test as failed. */
void ktest_panicked(void);
/* Run the tests whose names start with prefix: whether all passed. */
bool ktest_run_all(const char *prefix);

#define KTEST(name)                                                          \
	static void ktest_fn_##name(void);                                   \
	static const struct ktest ktest_##name                               \
		__attribute__((used, section(".ktest." #name), aligned(8))) = \
			{ #name, ktest_fn_##name };                          \
	static void ktest_fn_##name(void)

#define KTEST_ASSERT(cond)                                                   \
	do {                                                                 \
		if (!(cond)) {                                               \
			ktest_fail(#cond, __FILE__, __LINE__);               \
			return;                                              \
		}                                                            \
	} while (0)

#endif
