/*
 * uaccess.h: the only road from the kernel to user memory.
 *
 * User addresses are uaddr_t, an integer, so they cannot be dereferenced
 * by accident.  A pointer a system call receives is a struct uptr (the
 * generated struct sys_<name>_args hold them: kern/sysargs.h): C can
 * neither dereference it nor cast it to a pointer, so the only ways to use
 * it are the copy functions below, which take a uptr or a uaddr_t, and
 * uptr_addr() for the mechanism that works on user addresses as numbers
 * (mappings, futex words, file I/O into user buffers).  Each call checks
 * that the range lies in the user half and then copies with instructions
 * listed in the exception table: a page that is not there is faulted in
 * like a user access would (demand-zero, copy-on-write), and an address
 * the process may not touch that way gives -EFAULT instead of a kernel
 * fault.  Writes honour read-only pages (the MMU's kernel write protection
 * is on).
 */
#ifndef KERN_UACCESS_H
#define KERN_UACCESS_H

#include <stddef.h>
#include <stdint.h>

typedef uint64_t uaddr_t;

/* A user pointer as a system call passed it, unchecked (SerenityOS's Userspace<T*>). */
struct uptr {
	uaddr_t up_addr;
};

static inline uaddr_t uptr_addr(struct uptr p)
{
	return p.up_addr;
}

/* Whether the user passed NULL (for the arguments that may be absent). */
static inline int uptr_null(struct uptr p)
{
	return p.up_addr == 0;
}

/* A user address read from user memory (a msghdr's buffer) as a user pointer. */
static inline struct uptr uptr_from(uaddr_t a)
{
	return (struct uptr){ a };
}

/* The user pointer n bytes on (a member of a user struct); copying checks it. */
static inline struct uptr uptr_add(struct uptr p, size_t n)
{
	return (struct uptr){ p.up_addr + n };
}

static inline uaddr_t uaddr_same(uaddr_t a)
{
	return a;
}

/* A struct uptr or a uaddr_t as a uaddr_t; a kernel pointer does not compile. */
#define UADDR(x) _Generic((x), struct uptr: uptr_addr, default: uaddr_same)(x)

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

/* Each takes its user address as a struct uptr or a uaddr_t. */
#define copy_from_user(dst, src, n) copy_from_user((dst), UADDR(src), (n))
#define copy_to_user(dst, src, n) copy_to_user(UADDR(dst), (src), (n))
#define strncpy_from_user(dst, src, max) strncpy_from_user((dst), UADDR(src), (max))
#define user_range_ok(addr, n) user_range_ok(UADDR(addr), (n))

#endif
