/* What language runtimes ask of the system beyond POSIX's basics: prctl,
 * CPU affinity and the scheduler's answers, getcpu, clock_nanosleep,
 * mremap, statx, and the *at forms of mknod and mkfifo. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include "breenix_syscall.h"

int prctl(int option, ...)
{
	unsigned long a[4];
	va_list ap;
	int i;

	va_start(ap, option);
	for (i = 0; i < 4; i++)
		a[i] = va_arg(ap, unsigned long);
	va_end(ap);
	return SYSCALL5(SYS_prctl, option, a[0], a[1], a[2], a[3]);
}

/* As glibc: 0 on success, and the bytes the kernel did not write are cleared. */
int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set)
{
	long n = __syscall3(SYS_sched_getaffinity, pid, size, set);

	if (n < 0)
		return __syscall_ret(n);
	memset((char *)set + n, 0, size - (size_t)n);
	return 0;
}

int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *set)
{ return SYSCALL3(SYS_sched_setaffinity, pid, size, set); }

int __sched_cpucount(size_t size, const cpu_set_t *set)
{
	size_t i;
	int n = 0;

	for (i = 0; i < size / sizeof(unsigned long); i++)
		n += __builtin_popcountl(set->__bits[i]);
	return n;
}

cpu_set_t *__sched_cpualloc(size_t count) { return malloc(CPU_ALLOC_SIZE(count)); }
void __sched_cpufree(cpu_set_t *set) { free(set); }

int sched_getparam(pid_t pid, struct sched_param *p) { return SYSCALL2(SYS_sched_getparam, pid, p); }
int sched_getscheduler(pid_t pid) { return SYSCALL1(SYS_sched_getscheduler, pid); }
int sched_get_priority_max(int policy) { return SYSCALL1(SYS_sched_get_priority_max, policy); }
int sched_get_priority_min(int policy) { return SYSCALL1(SYS_sched_get_priority_min, policy); }

int getcpu(unsigned *cpu, unsigned *node) { return SYSCALL3(SYS_getcpu, cpu, node, 0); }

int sched_getcpu(void)
{
	unsigned cpu;

	return getcpu(&cpu, NULL) < 0 ? -1 : (int)cpu;
}

/* POSIX: the error number is returned, errno is left alone. */
int clock_nanosleep(clockid_t id, int flags, const struct timespec *req, struct timespec *rem)
{
	long r = __syscall4(SYS_clock_nanosleep, id, flags, req, rem);

	return r < 0 ? (int)-r : 0;
}

void *mremap(void *old, size_t old_size, size_t new_size, int flags, ...)
{
	void *new_addr = NULL;
	va_list ap;

	if (flags & MREMAP_FIXED) {
		va_start(ap, flags);
		new_addr = va_arg(ap, void *);
		va_end(ap);
	}
	return (void *)__syscall_ret(__syscall5(SYS_mremap, old, old_size, new_size, flags,
						  new_addr));
}

int posix_madvise(void *addr, size_t len, int advice)
{
	long r;

	if (advice == POSIX_MADV_DONTNEED)
		return 0; /* POSIX's DONTNEED is a hint; Linux's would discard the data */
	r = __syscall3(SYS_madvise, addr, len, advice);
	return r < 0 ? (int)-r : 0;
}

int statx(int dirfd, const char *path, int flags, unsigned mask, struct statx *buf)
{ return SYSCALL5(SYS_statx, dirfd, path, flags, mask, buf); }

int mknodat(int dirfd, const char *path, mode_t mode, dev_t dev)
{ return SYSCALL4(SYS_mknodat, dirfd, path, mode, dev); }

int mkfifoat(int dirfd, const char *path, mode_t mode)
{ return mknodat(dirfd, path, mode | S_IFIFO, 0); }
