/* Thread-local storage and thread memory.
 *
 * A static executable's PT_TLS segment is the initial image of every
 * thread's TLS block: .tdata (p_filesz bytes) copied, .tbss zeroed.  x86_64
 * uses TLS variant II: the block sits just below the thread pointer (%fs
 * base), at tp - round_up(p_memsz, p_align), which is where the linker's
 * local-exec offsets point; the thread pointer is the thread's control
 * block, struct pthread, whose first word points at itself (%fs:0).
 *
 * The main thread's block and control block are one anonymous mapping made
 * at start-up, before anything can touch errno.  A new thread's stack, TLS
 * block and control block are one mapping, guard page lowest:
 *
 *	[guard][stack ... ->top][pad][TLS block][struct pthread][pad]
 *
 * The stack is the size asked for, rounded up to a page, and
 * pthread_getattr_np reports it so; the TLS and control block come on top.
 *
 * A joined thread's mapping is not unmapped but kept in a cache (up to
 * CACHE_BYTES) and given to the next thread that needs one of the same
 * shape, as glibc does: a program may still hold the pthread_t of a joined
 * thread, and pthread_join, detach, kill, cancel ... on it must find tid -1
 * (pthread.c) rather than unmapped memory; past CACHE_BYTES they do not.  Only joined threads go in: their tid is 0,
 * so the kernel's CLONE_CHILD_CLEARTID write and wake have happened and the
 * thread no longer runs on that stack.  A detached thread still unmaps its
 * own (__breenix_unmap_and_exit).
 *
 * __getreent(): newlib's per-thread state (errno, strtok, stdio's ...) lives
 * in the struct _reent the control block names; the main thread's is the
 * library's global one. */
#include <errno.h>
#include <string.h>
#include <sys/lock.h>
#include <sys/mman.h>
#include "pthread_impl.h"

#define PT_TLS		7
#define AT_PHDR		3
#define AT_PHNUM	5
#define AT_RANDOM	25
#define PAGE		4096UL
#define CACHE_BYTES	(40UL << 20)	/* glibc's stack cache size */

struct phdr {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

static struct {
	const void	*image;
	size_t		filesz;
	size_t		offset;		/* round_up(memsz, align): tp - offset is the block */
	size_t		align;		/* alignment of the thread pointer */
} tls = { NULL, 0, 0, 64 };

static size_t round_up(size_t n, size_t a) { return (n + a - 1) & ~(a - 1); }

static unsigned long
aux(const unsigned long *auxv, unsigned long type)
{
	for (; auxv[0] != 0; auxv += 2)
		if (auxv[0] == type)
			return auxv[1];
	return 0;
}

static void
find_tls_segment(const unsigned long *auxv)
{
	const struct phdr *ph = (const struct phdr *)aux(auxv, AT_PHDR);
	unsigned long n = aux(auxv, AT_PHNUM), i;
	size_t a;

	for (i = 0; ph != NULL && i < n; i++) {
		if (ph[i].p_type != PT_TLS)
			continue;
		a = ph[i].p_align > 1 ? ph[i].p_align : 1;
		tls.image = (const void *)ph[i].p_vaddr;
		tls.filesz = ph[i].p_filesz;
		tls.offset = round_up(ph[i].p_memsz, a);
		if (a > tls.align)
			tls.align = a;
	}
}

/* Lays out TLS block and control block ending at most at top; the region
 * below top must be zero-filled.  Returns the control block. */
static struct pthread *
place_tcb(char *top)
{
	uintptr_t tp = ((uintptr_t)top - sizeof(struct pthread)) & ~(tls.align - 1);
	struct pthread *t = (struct pthread *)tp;

	if (tls.filesz != 0)
		memcpy((char *)tp - tls.offset, tls.image, tls.filesz);
	t->tcb = t;
	t->self = t;
	t->robust.next = &t->robust;
	t->robust.futex_offset = -(long)__builtin_offsetof(pthread_mutex_t, __rl_next);
	return t;
}

/* Room for the TLS block and the control block, alignment included. */
static size_t
tcb_area(void)
{
	return round_up(tls.offset + sizeof(struct pthread) + tls.align, PAGE);
}

static void __attribute__((noreturn))
die(void)
{
	static const char msg[] = "breenix: no memory for the main thread\n";

	__syscall3(SYS_write, 2, msg, sizeof(msg) - 1);
	for (;;)
		__syscall1(SYS_exit_group, 127);
}

void
__breenix_tls_init(const unsigned long *auxv)
{
	struct pthread *t;
	const uintptr_t *rnd;
	size_t len;
	long m;

	find_tls_segment(auxv);
	len = tcb_area();
	m = __syscall6(SYS_mmap, 0, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m < 0 && m > -4096)
		die();
	t = place_tcb((char *)m + len);
	if (__syscall2(SYS_arch_prctl, 0x1002 /* ARCH_SET_FS */, t) != 0)
		die();
	t->tid = __syscall0(SYS_gettid);
	t->detach_state = DT_JOINABLE;
	t->reentp = _impure_ptr;
	rnd = (const uintptr_t *)aux(auxv, AT_RANDOM);
	if (rnd != NULL)
		t->stack_guard = rnd[0] & ~(uintptr_t)0xff;	/* a NUL byte stops string overruns */
	__syscall2(SYS_set_robust_list, &t->robust, sizeof(t->robust));
}

struct _reent *
__getreent(void)
{
	return __pthread_self()->reentp;
}

/* The cache of joined threads' mappings, most recent first. */
static struct pthread *cache;		/* cache_lock */
static size_t cache_bytes;		/* cache_lock */
__LOCK_INIT(static, cache_lock);

/* A cached mapping of len bytes with a guard of guard bytes, or NULL. */
static char *
cache_take(size_t len, size_t guard)
{
	struct pthread **pp, *t;
	char *m = NULL;

	__lock_acquire(cache_lock);
	for (pp = &cache; (t = *pp) != NULL; pp = &t->cache_next) {
		if (t->map_size == len && t->guard_size == guard) {
			*pp = t->cache_next;
			cache_bytes -= len;
			m = t->map;
			break;
		}
	}
	__lock_release(cache_lock);
	return m;
}

struct pthread *
__pthread_alloc(size_t stacksize, size_t guardsize, void *stackaddr)
{
	size_t len, area = tcb_area();
	struct pthread *t;
	char *m;

	if (stackaddr != NULL) {
		len = area;	/* the caller's stack: only TLS and control block */
		guardsize = 0;
	} else {
		if (stacksize > SIZE_MAX / 4 || guardsize > SIZE_MAX / 4)
			return NULL;
		guardsize = round_up(guardsize, PAGE);
		stacksize = round_up(stacksize, PAGE);
		len = guardsize + stacksize + area;
	}
	if ((m = cache_take(len, guardsize)) != NULL) {
		memset(m + len - area, 0, area);	/* TLS and control block afresh */
	} else {
		m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			return NULL;
		if (guardsize != 0 && mprotect(m, guardsize, PROT_NONE) != 0) {
			munmap(m, len);
			return NULL;
		}
	}
	t = place_tcb(m + len);
	t->map = m;
	t->map_size = len;
	t->guard_size = guardsize;
	t->stack_low = stackaddr != NULL ? stackaddr : m + guardsize;
	t->stack_size = stacksize;
	t->reentp = &t->reent;
	_REENT_INIT_PTR(&t->reent);
	return t;
}

void
__pthread_free(struct pthread *t)
{
	if (t->map == NULL)
		return;		/* the main thread's: not ours to reuse */
	__lock_acquire(cache_lock);
	if (cache_bytes + t->map_size <= CACHE_BYTES) {
		t->cache_next = cache;
		cache = t;
		cache_bytes += t->map_size;
		t = NULL;
	}
	__lock_release(cache_lock);
	if (t != NULL)
		munmap(t->map, t->map_size);
}

long
__futex_wait_abs(volatile void *addr, unsigned int val, clockid_t clock,
		 const struct timespec *abs, int priv)
{
	int op = FUTEX_WAIT_BITSET | (priv ? FUTEX_PRIVATE_FLAG : 0);

	if (abs == NULL)
		return __futex_wait(addr, val, priv);
	if (clock == CLOCK_REALTIME)
		op |= FUTEX_CLOCK_REALTIME;
	else if (clock != CLOCK_MONOTONIC)
		return -EINVAL;
	if (!__valid_abstime(abs))
		return -EINVAL;
	if (abs->tv_sec < 0)
		return -ETIMEDOUT;
	return __syscall6(SYS_futex, (long)addr, op, val, (long)abs, 0, 0xffffffffL);
}
