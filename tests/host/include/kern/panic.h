/* Host stand-in for kern/panic.h: panic() ends the current test case (htest.c). */
#ifndef HOST_KERN_PANIC_H
#define HOST_KERN_PANIC_H

__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

#define KASSERT(cond)                                                        \
	do {                                                                 \
		if (!(cond))                                                 \
			panic("assertion failed: %s at %s:%d", #cond,        \
			      __FILE__, __LINE__);                           \
	} while (0)

#endif
