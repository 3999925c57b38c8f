/* Host stand-in for kern/panic.h: panic() ends the current test case (htest.c). */
#ifndef HOST_KERN_PANIC_H
#define HOST_KERN_PANIC_H

__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

#endif
