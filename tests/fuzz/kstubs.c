/*
 * kstubs.c: the kernel services that kernel/fs/{vfs,ramfs,namei}.c call,
 * for the path and initrd fuzzers on the host.  The heap and the pages of
 * file data are the C library's (so ASan checks every block), time stands
 * still, and there is one thread.  Services that neither reaches (user
 * memory, processes, memory counts) abort if called: reaching one would
 * mean a fuzzer tests something other than what it claims.
 */
#include <malloc.h> /* not stdlib.h: its struct timespec clashes with the kernel's */
#include <stdarg.h>
#include <stdio.h>

#include <fs/vfs.h>
#include <kern/clock.h>
#include <kern/cred.h>
#include <kern/panic.h>
#include <kern/proc.h>
#include <kern/rlimit.h>
#include <vm/kmalloc.h>
#include <vm/pmm.h>
#include <vm/vm.h>

#include "kstubs.h"

void *kmalloc(size_t n)
{
	return malloc(n);
}

void *kzalloc(size_t n)
{
	return calloc(1, n);
}

void *krealloc(void *p, size_t n)
{
	return realloc(p, n);
}

void kfree(void *p)
{
	free(p);
}

/* A fixed time in 2020: ext2 takes a deletion time of 0 for "in use". */
uint64_t clock_realtime_ns(void)
{
	return 1600000000ull * 1000000000ull;
}

void mutex_lock(struct mutex *m)
{
	(void)m;
}

void mutex_unlock(struct mutex *m)
{
	(void)m;
}

/* One thread: every lock is held by whoever asks (the page cache asserts vfs_lock). */
bool mutex_held(const struct mutex *m)
{
	(void)m;
	return true;
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "panic: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	__builtin_abort();
}

static __attribute__((noreturn)) void unreachable(const char *what)
{
	fprintf(stderr, "kstubs: %s called during path resolution\n", what);
	__builtin_abort();
}

int (copy_from_user)(void *dst, uaddr_t src, size_t n)
{
	(void)dst, (void)src, (void)n;
	unreachable("copy_from_user");
}

int (copy_to_user)(uaddr_t dst, const void *src, size_t n)
{
	(void)dst, (void)src, (void)n;
	unreachable("copy_to_user");
}

struct cred fuzz_cred;

const struct cred *cred_cur(void)
{
	return &fuzz_cred;
}

/* No process: path resolution starts "/" at vfs_root() (no chroot). */
struct proc *curproc(void)
{
	return NULL;
}

/*
 * A page of file data (ramfs): host memory, handed out as the "physical"
 * address whose direct-map address (PHYS_TO_VIRT) is that memory.
 */
paddr_t pmm_alloc_zeroed(void)
{
	void *p = memalign(PAGE_SIZE, PAGE_SIZE);

	if (p == NULL)
		return 0;
	__builtin_memset(p, 0, PAGE_SIZE);
	return VIRT_TO_PHYS(p);
}

void pmm_free(paddr_t pa)
{
	free(PHYS_TO_VIRT(pa));
}

size_t pmm_free_count(void)
{
	unreachable("pmm_free_count");
}

/* 16 MiB: bounds ext2's page cache (a quarter of it), so a fuzzed file evicts pages. */
size_t pmm_total_count(void)
{
	return 4096;
}

/* A page-cache page (ext2): filled whole by the cache, like ramfs's. */
paddr_t pmm_alloc(void)
{
	return pmm_alloc_zeroed();
}

/* Nothing maps a page here: the cache's reference is the only one. */
struct vm_page *pmm_page(paddr_t pa)
{
	static struct vm_page one = { .pg_ref = 1 };

	(void)pa;
	return &one;
}

/* No process maps a file in the fuzzers. */
void vm_file_truncate(struct vnode *vn, uint64_t size)
{
	(void)vn;
	(void)size;
}

/* ramfs's pages have one reference here: no process maps them. */
void page_unref(paddr_t pa)
{
	free(PHYS_TO_VIRT(pa));
}

void page_ref(paddr_t pa)
{
	(void)pa;
	unreachable("page_ref (no mappings in the fuzzers)");
}

/* No process, so no RLIMIT_FSIZE (as rlimit_fsize_grow without a process). */
int rlimit_fsize_grow(uint64_t old_size, uint64_t new_size)
{
	(void)old_size;
	(void)new_size;
	return 0;
}
