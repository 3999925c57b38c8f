/* The generic system-call function and the single errno conversion. */
#include <errno.h>
#include <stdarg.h>
#include "breenix_syscall.h"

long
__syscall_ret(unsigned long r)
{
	if (r > -4096UL) {
		errno = -(long)r;
		return -1;
	}
	return (long)r;
}

long
syscall(long n, ...)
{
	va_list ap;
	long a[6];
	int i;

	va_start(ap, n);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	return __syscall_ret(__syscall6(n, a[0], a[1], a[2], a[3], a[4], a[5]));
}
