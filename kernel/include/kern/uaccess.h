/*
 * uaccess.h: the only road from the kernel to user memory.
 *
 * User addresses are uaddr_t, an integer, so they cannot be dereferenced
 * by accident.  Each call checks that the range lies in the user half and
 * then copies with instructions listed in the exception table: a page that
 * is not there is faulted in like a user access would (demand-zero,
 * copy-on-write), and an address the process may not touch that way gives
 * -EFAULT instead of a kernel fault.  Writes honour read-only pages
 * (the MMU's kernel write protection is on).
 */
#ifndef KERN_UACCESS_H
#define KERN_UACCESS_H

#include <stddef.h>
#include <stdint.h>

typedef uint64_t uaddr_t;

/* 0 or -EFAULT. */
int copy_from_user(void *dst, uaddr_t src, size_t n);
int copy_to_user(uaddr_t dst, const void *src, size_t n);
/*
 * Copy a NUL-terminated string of at most max - 1 bytes: its length, or
 * -EFAULT, or -ENAMETOOLONG if no NUL comes within max bytes.
 */
long strncpy_from_user(char *dst, uaddr_t src, size_t max);
/* Whether [addr, addr + n) lies in the user half (no wrap-around). */
int user_range_ok(uaddr_t addr, size_t n);

#endif
