/*
 * kprintf.h: kernel messages.  kprintf() writes to every console and to the
 * log ring; klog() drops messages above the current log level (set by the
 * "loglevel=N" command-line option, default KLOG_INFO).
 */
#ifndef KERN_KPRINTF_H
#define KERN_KPRINTF_H

#include <stdarg.h>

enum {
	KLOG_ERR = 3,
	KLOG_WARN = 4,
	KLOG_INFO = 6,
	KLOG_DEBUG = 7,
};

extern int klog_level;

__attribute__((format(printf, 1, 2))) void kprintf(const char *fmt, ...);
__attribute__((format(printf, 2, 3))) void klog(int level, const char *fmt, ...);
void kvprintf(const char *fmt, va_list ap);

#endif
