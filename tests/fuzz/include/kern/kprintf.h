/*
 * Fuzzing stand-in for kern/kprintf.h: kernel messages are dropped.  The
 * initrd reports every entry it skips, and a fuzzer makes thousands of bad
 * archives a second; the messages would bury the crash report.
 */
#ifndef FUZZ_KERN_KPRINTF_H
#define FUZZ_KERN_KPRINTF_H

static inline __attribute__((format(printf, 1, 2))) int kprintf(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

#endif
