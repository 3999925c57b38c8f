/*
 * kprintf.c: kernel messages to the consoles.  Each message is formatted
 * into a stack buffer and written with one console_write(), so messages
 * from interrupt handlers never split another's line.  Longer messages
 * are cut at KPRINTF_MAX bytes.
 */
#include <kern/console.h>
#include <kern/kprintf.h>
#include <lib/printf.h>

#define KPRINTF_MAX 512

int klog_level = KLOG_INFO;

void kvprintf(const char *fmt, va_list ap)
{
	char buf[KPRINTF_MAX];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	console_write(buf, n);
}

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}

void klog(int level, const char *fmt, ...)
{
	va_list ap;

	if (level > klog_level)
		return;
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}
