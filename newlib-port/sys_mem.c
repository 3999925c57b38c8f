/* Memory-mapping calls, and brk/sbrk for programs that still use them
 * (the C library's own malloc uses mmap, see malloc.c). */
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/mman.h>
#include "breenix_syscall.h"

void *
mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return (void *)SYSCALL6(SYS_mmap, addr, len, prot, flags, fd, off);
}

int munmap(void *addr, size_t len) { return SYSCALL2(SYS_munmap, addr, len); }
int mprotect(void *addr, size_t len, int prot) { return SYSCALL3(SYS_mprotect, addr, len, prot); }
int msync(void *addr, size_t len, int flags) { return SYSCALL3(SYS_msync, addr, len, flags); }
int madvise(void *addr, size_t len, int advice) { return SYSCALL3(SYS_madvise, addr, len, advice); }

/* The kernel's brk returns the new break, or the old one on failure. */
static uintptr_t cur_brk;

int
brk(void *addr)
{
	uintptr_t r = (uintptr_t)__syscall1(SYS_brk, addr);

	cur_brk = r;
	if (r < (uintptr_t)addr) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

void *
sbrk(ptrdiff_t incr)
{
	uintptr_t old;

	if (cur_brk == 0)
		cur_brk = (uintptr_t)__syscall1(SYS_brk, 0);
	old = cur_brk;
	if (incr != 0 && brk((void *)(old + incr)) != 0)
		return (void *)-1;
	return (void *)old;
}
