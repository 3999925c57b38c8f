/*
 * uaccess.c: range checks around the fault-safe copy routines of
 * kernel/arch/x86_64/copy.asm (see kern/uaccess.h).
 */
#include <kern/uaccess.h>
#include <sys/errno.h>
#include <vm/vm.h>

int arch_copy_user(void *dst, const void *src, size_t n);
long arch_strncpy_user(char *dst, const char *src, size_t max);

int (user_range_ok)(uaddr_t addr, size_t n)
{
	return addr < VM_USER_END && n <= VM_USER_END - addr;
}

int (copy_from_user)(void *dst, uaddr_t src, size_t n)
{
	if (!user_range_ok(src, n))
		return -EFAULT;
	return arch_copy_user(dst, (const void *)src, n);
}

int (copy_to_user)(uaddr_t dst, const void *src, size_t n)
{
	if (!user_range_ok(dst, n))
		return -EFAULT;
	return arch_copy_user((void *)dst, src, n);
}

long (strncpy_from_user)(char *dst, uaddr_t src, size_t max)
{
	long n;

	if (max == 0)
		return -ENAMETOOLONG;
	if (src >= VM_USER_END)
		return -EFAULT;
	if (max > VM_USER_END - src)
		max = VM_USER_END - src;
	n = arch_strncpy_user(dst, (const char *)src, max);
	if (n < 0)
		return n;
	if ((size_t)n == max) {
		dst[max - 1] = '\0';
		return -ENAMETOOLONG;
	}
	return n;
}
