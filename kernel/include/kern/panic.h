/*
 * panic.h: stop the kernel when one of its own invariants is broken (never
 * for bad user input).  panic() prints the message and a backtrace, then
 * halts; in test mode it ends QEMU with the failure code.
 */
#ifndef KERN_PANIC_H
#define KERN_PANIC_H

__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

#define KASSERT(cond)                                                        \
	do {                                                                 \
		if (!(cond))                                                 \
			panic("assertion failed: %s at %s:%d", #cond,        \
			      __FILE__, __LINE__);                           \
	} while (0)

#endif
