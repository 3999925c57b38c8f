/*
 * kstubs.c: the kernel services that kernel/fs/{vfs,ramfs,namei}.c call,
 * for the path fuzzer on the host.  The heap is the C library's (so ASan
 * checks every kmalloc block), time stands still, and there is one thread.
 * Services that path resolution never reaches (user memory, pages for file
 * data, processes) abort if called: reaching one would mean the fuzzer
 * tests something other than what it claims.
 */
#include <malloc.h> /* not stdlib.h: its struct timespec clashes with the kernel's */
#include <stdarg.h>
#include <stdio.h>

#include <fs/vfs.h>
#include <kern/clock.h>
#include <kern/cred.h>
#include <kern/panic.h>
#include <kern/proc.h>
#include <vm/kmalloc.h>
#include <vm/pmm.h>

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

uint64_t clock_realtime_ns(void)
{
	return 0;
}

void mutex_lock(struct mutex *m)
{
	(void)m;
}

void mutex_unlock(struct mutex *m)
{
	(void)m;
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

int copy_from_user(void *dst, uaddr_t src, size_t n)
{
	(void)dst, (void)src, (void)n;
	unreachable("copy_from_user");
}

int copy_to_user(uaddr_t dst, const void *src, size_t n)
{
	(void)dst, (void)src, (void)n;
	unreachable("copy_to_user");
}

struct cred fuzz_cred;

const struct cred *cred_cur(void)
{
	return &fuzz_cred;
}

struct proc *curproc(void)
{
	unreachable("curproc");
}

paddr_t pmm_alloc_zeroed(void)
{
	unreachable("pmm_alloc_zeroed");
}

void pmm_free(paddr_t pa)
{
	(void)pa;
	unreachable("pmm_free");
}

size_t pmm_free_count(void)
{
	unreachable("pmm_free_count");
}

size_t pmm_total_count(void)
{
	unreachable("pmm_total_count");
}
