/*
 * panic.h: stop the kernel when one of its own invariants is broken (never
 * for bad user input).  panic() prints the message and a backtrace, then
 * halts; in test mode it ends QEMU with the failure code.
 *
 * KASSERT(cond) states a contract: a lock the caller must hold, the
 * interrupt state a function needs, a field's invariant (docs/design.md,
 * "Contracts").  Kernels built with KDEBUG (the default, and so every test
 * image; `make KDEBUG=0` leaves the checks out) panic when cond is false;
 * without it the condition is not evaluated.
 */
#ifndef KERN_PANIC_H
#define KERN_PANIC_H

#include <stdbool.h>

__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

/* A KASSERT failed: panic, unless a kernel test is catching failures. */
void kassert_fail(const char *cond, const char *file, int line);

#ifdef KDEBUG
#define KASSERT(cond)                                                        \
	do {                                                                 \
		if (__builtin_expect(!(cond), 0))                            \
			kassert_fail(#cond, __FILE__, __LINE__);             \
	} while (0)
#else
#define KASSERT(cond) ((void)sizeof(cond))
#endif

/*
 * For kernel tests that break a contract on purpose: between the two calls
 * a failed KASSERT is counted instead of panicking (the function then goes
 * on as if the check had passed).  kassert_catch_end returns the count.
 */
void kassert_catch_begin(void);
unsigned kassert_catch_end(void);

#endif
