/*
 * t_pthread.c: POSIX threads and semaphores through the C library
 * (<pthread.h>, <semaphore.h>, __thread), on Breenix's newlib port and on
 * the host's glibc alike.
 *
 * The cases that need more than one thread skip, saying so, on a kernel
 * without CLONE_THREAD (Breenix before issue 16's thread work); the
 * single-thread cases
 * (main thread TLS, keys, once, mutex types, semaphores, robust mutexes
 * across fork) run regardless.
 */
#define _GNU_SOURCE	/* pthread_setname_np */
#include "utest.h"

#include <limits.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <time.h>

#define NTHREADS 8

static __thread int tls_init = 42;		/* .tdata */
static __thread char tls_zero[200];		/* .tbss */
__thread long tls_aligned __attribute__((aligned(64))) = 7;	/* extern: never folded away */

/* Does the kernel make threads?  A raw clone(CLONE_THREAD ...) whose child
 * only calls exit (on a stack of its own it never touches): a thread id, or
 * EINVAL from a kernel without threads.  Answered once. */
static int kernel_has_threads(void)
{
	static char stack[256] __attribute__((aligned(16)));
	static int known = -1;
	register long r10 __asm__("r10") = 0;
	register long r8 __asm__("r8") = 0;
	long ret;

	if (known >= 0)
		return known;
	__asm__ volatile("syscall\n\t"
			 "testq %%rax, %%rax\n\t"
			 "jnz 1f\n\t"
			 "movl $60, %%eax\n\t"	/* the child: exit(0), this thread only */
			 "xorl %%edi, %%edi\n\t"
			 "syscall\n"
			 "1:"
			 : "=a"(ret)
			 : "a"(56L), "D"(0x10f00L), /* CLONE_VM|FS|FILES|SIGHAND|THREAD */
			   "S"(stack + sizeof(stack)), "d"(0L), "r"(r10), "r"(r8)
			 : "rcx", "r11", "memory");
	known = ret > 0;
	return known;
}

#define NEED_THREADS() SKIP_IF(!kernel_has_threads(), "kernel: clone has no CLONE_THREAD yet")

static void abs_in(clockid_t clock, long ms, struct timespec *ts)
{
	clock_gettime(clock, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

TEST(main_thread_tls)
{
	size_t i;

	CHECK(tls_init == 42);
	CHECK(tls_aligned == 7);
	CHECK(((uintptr_t)&tls_aligned & 63) == 0);
	for (i = 0; i < sizeof(tls_zero); i++)
		CHECK(tls_zero[i] == 0);
	tls_init = 43;
	CHECK(tls_init == 43);
	CHECK(pthread_equal(pthread_self(), pthread_self()));
	errno = 0;
	CHECK(close(-1) == -1 && errno == EBADF);
}

TEST(feature_macros_and_sysconf)
{
#if !defined(_POSIX_THREADS) || !defined(_POSIX_SEMAPHORES) || !defined(_POSIX_TIMEOUTS)
	CHECK(!"_POSIX_THREADS, _POSIX_SEMAPHORES, _POSIX_TIMEOUTS defined");
#endif
	CHECK(sysconf(_SC_THREADS) > 0);
	CHECK(sysconf(_SC_SEMAPHORES) > 0);
	CHECK(sizeof(pthread_mutex_t) == 40);
	CHECK(sizeof(pthread_cond_t) == 48);
	CHECK(sizeof(pthread_attr_t) == 56);
	CHECK(sizeof(sem_t) == 32);
}

static void *ret_arg(void *a) { return a; }

TEST(create_and_join_many)
{
	pthread_t t[16];
	void *r;
	long i, round;

	NEED_THREADS();
	for (round = 0; round < 8; round++) {
		for (i = 0; i < 16; i++)
			CHECK(pthread_create(&t[i], NULL, ret_arg, (void *)(round * 100 + i)) == 0);
		for (i = 0; i < 16; i++) {
			CHECK(pthread_join(t[i], &r) == 0);
			CHECK(r == (void *)(round * 100 + i));
		}
	}
	CHECK(pthread_join(pthread_self(), NULL) == EDEADLK);
}

static void *exit_early(void *a)
{
	pthread_exit((char *)a + 1);
	return NULL;
}

static sem_t detached_done;

static void *detached_body(void *a)
{
	(void)a;
	sem_post(&detached_done);
	return NULL;
}

TEST(exit_detach_and_attributes)
{
	pthread_attr_t at;
	pthread_t t;
	size_t sz;
	int ds, i;
	void *r;

	CHECK(pthread_attr_init(&at) == 0);
	CHECK(pthread_attr_getdetachstate(&at, &ds) == 0 && ds == PTHREAD_CREATE_JOINABLE);
	CHECK(pthread_attr_setdetachstate(&at, 12345) == EINVAL);
	CHECK(pthread_attr_setstacksize(&at, 1) == EINVAL);
	CHECK(pthread_attr_setstacksize(&at, 256 * 1024) == 0);
	CHECK(pthread_attr_getstacksize(&at, &sz) == 0 && sz == 256 * 1024);
	NEED_THREADS();
	CHECK(pthread_create(&t, NULL, exit_early, (void *)0x1000) == 0);
	CHECK(pthread_join(t, &r) == 0 && r == (void *)0x1001);
	CHECK(sem_init(&detached_done, 0, 0) == 0);
	CHECK(pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED) == 0);
	for (i = 0; i < 20; i++)
		CHECK(pthread_create(&t, &at, detached_body, NULL) == 0);
	for (i = 0; i < 20; i++) {
		CHECK(pthread_create(&t, NULL, detached_body, NULL) == 0);
		CHECK(pthread_detach(t) == 0);
	}
	for (i = 0; i < 40; i++)
		CHECK(sem_wait(&detached_done) == 0);
	pthread_attr_destroy(&at);
}

static void *deep_stack(void *a)
{
	volatile char buf[96 * 1024];
	size_t i;

	for (i = 0; i < sizeof(buf); i += 512)
		buf[i] = (char)i;
	return (void *)(long)(buf[512] + (long)a);
}

static void *where_is_my_stack(void *a)
{
	(void)a;
	return __builtin_frame_address(0);
}

TEST(stack_attributes)
{
	size_t len = 256 * 1024, n;
	pthread_attr_t at;
	pthread_t t;
	char *stk;
	void *r, *p;

	NEED_THREADS();
	pthread_attr_init(&at);
	CHECK(pthread_attr_setstacksize(&at, len) == 0);
	CHECK(pthread_create(&t, &at, deep_stack, (void *)1) == 0);
	CHECK(pthread_join(t, &r) == 0 && r == (void *)(long)(512 % 256 + 1));
	/* A stack of the caller's own (pthread_attr_setstack: its lowest byte). */
	stk = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(stk != MAP_FAILED);
	CHECK(pthread_attr_setstack(&at, stk, len) == 0);
	CHECK(pthread_attr_getstack(&at, &p, &n) == 0 && p == stk && n == len);
	CHECK(pthread_create(&t, &at, where_is_my_stack, NULL) == 0);
	CHECK(pthread_join(t, &r) == 0);
	CHECK((char *)r >= stk && (char *)r < stk + len);
	CHECK(pthread_create(&t, &at, deep_stack, (void *)2) == 0);
	CHECK(pthread_join(t, &r) == 0 && r == (void *)2L);
	pthread_attr_destroy(&at);
	munmap(stk, len);
}

/* pthread_getattr_np in a thread: the stack size it was made with, and a
 * stack that holds the thread's own frames. */
static void *my_stack_size(void *a)
{
	char *frame = __builtin_frame_address(0);
	pthread_attr_t at;
	size_t n;
	void *p;

	(void)a;
	if (pthread_getattr_np(pthread_self(), &at) != 0 ||
	    pthread_attr_getstack(&at, &p, &n) != 0)
		return NULL;
	pthread_attr_destroy(&at);
	return frame >= (char *)p && frame < (char *)p + n ? (void *)n : NULL;
}

TEST(getattr_np_reports_the_stack_size)
{
	size_t sizes[] = { PTHREAD_STACK_MIN, 256 * 1024, 256 * 1024 }, i;
	pthread_attr_t at;
	pthread_t t;
	void *r;

	NEED_THREADS();
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {	/* the third: a reused one */
		pthread_attr_init(&at);
		CHECK(pthread_attr_setstacksize(&at, sizes[i]) == 0);
		CHECK(pthread_create(&t, &at, my_stack_size, NULL) == 0);
		CHECK(pthread_join(t, &r) == 0);
		CHECK(r == (void *)sizes[i]);
		pthread_attr_destroy(&at);
	}
}

/* The handle of a thread that has been joined stays safe to pass (the
 * Open POSIX suite does): the calls that check say ESRCH, as glibc's do
 * with its stack cache, and its memory serves the next thread. */
static sem_t about_to_end;

static void *post_and_end(void *a)
{
	sem_post(&about_to_end);
	return a;
}

TEST(calls_on_ended_and_joined_threads)
{
	struct sched_param sp;
	pthread_t t, u[32];
	int pol, i, e;
	void *r;

	NEED_THREADS();
	CHECK(sem_init(&about_to_end, 0, 0) == 0);
	CHECK(pthread_create(&t, NULL, post_and_end, (void *)5L) == 0);
	CHECK(sem_wait(&about_to_end) == 0);
	/* Ended, not joined: no scheduling parameters to read (ESRCH); a
	 * cancellation request succeeds and changes nothing (glibc: 0). */
	for (i = 0; i < 400 && (e = pthread_getschedparam(t, &pol, &sp)) == 0; i++)
		usleep(5000);
	CHECK(e == ESRCH);
	CHECK(pthread_cancel(t) == 0);
	CHECK(pthread_join(t, &r) == 0 && r == (void *)5L);
	/* Joined. */
	CHECK(pthread_join(t, &r) == ESRCH);
	CHECK(pthread_detach(t) == ESRCH);
	CHECK(pthread_getschedparam(t, &pol, &sp) == ESRCH);
	sp.sched_priority = 0;
	CHECK(pthread_setschedparam(t, SCHED_OTHER, &sp) == ESRCH);
	CHECK(pthread_setschedprio(t, 0) == ESRCH);
	e = pthread_kill(t, 0);
	CHECK(e == ESRCH || e == 0);	/* glibc 2.34 on: 0, sending nothing */
	CHECK(pthread_cancel(t) == 0);
	/* Many in turn, every handle kept: all of them stay usable. */
	for (i = 0; i < 32; i++) {
		CHECK(pthread_create(&u[i], NULL, ret_arg, (void *)(long)i) == 0);
		CHECK(pthread_join(u[i], &r) == 0 && r == (void *)(long)i);
	}
	for (i = 0; i < 32; i++) {
		CHECK(pthread_join(u[i], NULL) == ESRCH);
		CHECK(pthread_detach(u[i]) == ESRCH);
	}
	/* Detached after it ended: reaped by pthread_detach, then ESRCH too. */
	CHECK(pthread_create(&t, NULL, post_and_end, NULL) == 0);
	CHECK(sem_wait(&about_to_end) == 0);
	usleep(50 * 1000);
	CHECK(pthread_detach(t) == 0);
	sem_destroy(&about_to_end);
}

/* Thread CPU-time clocks: a thread's clock, read by another thread of the
 * process through pthread_getcpuclockid, counts only that thread's time. */
static sem_t spun_enough, may_end;

static void *spin_40ms(void *a)
{
	struct timespec ts;

	(void)a;
	do
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	while (ts.tv_sec == 0 && ts.tv_nsec < 40 * 1000000L);
	sem_post(&spun_enough);
	sem_wait(&may_end);
	return NULL;
}

TEST(thread_cpu_clocks)
{
	struct timespec ts, mine0, mine1;
	clockid_t c, m;
	pthread_t t;

#if !defined(_POSIX_THREAD_CPUTIME) || _POSIX_THREAD_CPUTIME < 0	/* glibc: 0, ask sysconf */
	CHECK(!"_POSIX_THREAD_CPUTIME defined, not -1");
#endif
	CHECK(sysconf(_SC_THREAD_CPUTIME) > 0);
	CHECK(pthread_getcpuclockid(pthread_self(), &m) == 0);
	CHECK(clock_gettime(m, &mine0) == 0);
	NEED_THREADS();
	CHECK(sem_init(&spun_enough, 0, 0) == 0 && sem_init(&may_end, 0, 0) == 0);
	CHECK(pthread_create(&t, NULL, spin_40ms, NULL) == 0);
	CHECK(pthread_getcpuclockid(t, &c) == 0 && c != m);
	CHECK(sem_wait(&spun_enough) == 0);
	CHECK(clock_gettime(c, &ts) == 0);
	CHECK(ts.tv_sec > 0 || ts.tv_nsec >= 40 * 1000000L);
	CHECK(clock_gettime(m, &mine1) == 0);	/* the waiting main thread: far less */
	CHECK((mine1.tv_sec - mine0.tv_sec) * 1000000000L + mine1.tv_nsec - mine0.tv_nsec <
	      (ts.tv_sec * 1000000000L + ts.tv_nsec) / 2 + 8 * 1000000L);
	sem_post(&may_end);
	CHECK(pthread_join(t, NULL) == 0);
	CHECK(pthread_getcpuclockid(t, &c) == ESRCH);
}

/* 8 threads contend one mutex; a condition variable hands out work. */
static pthread_mutex_t mx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static long counter, queue_len, consumed, producing;

static void *contend(void *a)
{
	int i;

	(void)a;
	for (i = 0; i < 2000; i++) {
		pthread_mutex_lock(&mx);
		counter++;
		if (i % 100 == 0)
			sched_yield();	/* hold it across a reschedule now and then */
		pthread_mutex_unlock(&mx);
	}
	return NULL;
}

static void *consumer(void *a)
{
	long got = 0;

	(void)a;
	pthread_mutex_lock(&mx);
	for (;;) {
		while (queue_len == 0 && producing)
			pthread_cond_wait(&cv, &mx);
		if (queue_len == 0)
			break;
		queue_len--;
		consumed++;
		got++;
		pthread_cond_broadcast(&cv);	/* room for the producer */
	}
	pthread_mutex_unlock(&mx);
	return (void *)got;
}

TEST(mutex_and_condvar_with_8_threads)
{
	pthread_t t[NTHREADS];
	int i;

	NEED_THREADS();
	counter = 0;
	for (i = 0; i < NTHREADS; i++)
		CHECK(pthread_create(&t[i], NULL, contend, NULL) == 0);
	for (i = 0; i < NTHREADS; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
	CHECK(counter == NTHREADS * 2000);

	producing = 1;
	queue_len = consumed = 0;
	for (i = 0; i < NTHREADS; i++)
		CHECK(pthread_create(&t[i], NULL, consumer, NULL) == 0);
	for (i = 0; i < 4000; i++) {
		pthread_mutex_lock(&mx);
		while (queue_len >= 4)
			pthread_cond_wait(&cv, &mx);
		queue_len++;
		if (i % 2)
			pthread_cond_signal(&cv);
		else
			pthread_cond_broadcast(&cv);
		pthread_mutex_unlock(&mx);
	}
	pthread_mutex_lock(&mx);
	producing = 0;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mx);
	for (i = 0; i < NTHREADS; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
	CHECK(consumed == 4000 && queue_len == 0);
}

static pthread_mutex_t typed;

static void *unlock_foreign(void *a)
{
	(void)a;
	return (void *)(long)pthread_mutex_unlock(&typed);
}

static void *trylock_foreign(void *a)
{
	(void)a;
	return (void *)(long)pthread_mutex_trylock(&typed);
}

TEST(recursive_and_errorcheck_mutexes)
{
	pthread_mutexattr_t ma;
	pthread_t t;
	void *r;
	int ty;

	CHECK(pthread_mutexattr_init(&ma) == 0);
	CHECK(pthread_mutexattr_settype(&ma, 99) == EINVAL);
	CHECK(pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE) == 0);
	CHECK(pthread_mutexattr_gettype(&ma, &ty) == 0 && ty == PTHREAD_MUTEX_RECURSIVE);
	CHECK(pthread_mutex_init(&typed, &ma) == 0);
	CHECK(pthread_mutex_lock(&typed) == 0);
	CHECK(pthread_mutex_lock(&typed) == 0);
	CHECK(pthread_mutex_trylock(&typed) == 0);
	CHECK(pthread_mutex_unlock(&typed) == 0);
	CHECK(pthread_mutex_unlock(&typed) == 0);
	if (kernel_has_threads()) {	/* still held once: others cannot take it */
		CHECK(pthread_create(&t, NULL, trylock_foreign, NULL) == 0);
		CHECK(pthread_join(t, &r) == 0 && r == (void *)(long)EBUSY);
	}
	CHECK(pthread_mutex_unlock(&typed) == 0);
	CHECK(pthread_mutex_unlock(&typed) == EPERM);
	CHECK(pthread_mutex_destroy(&typed) == 0);

	CHECK(pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_ERRORCHECK) == 0);
	CHECK(pthread_mutex_init(&typed, &ma) == 0);
	CHECK(pthread_mutex_unlock(&typed) == EPERM);
	CHECK(pthread_mutex_lock(&typed) == 0);
	CHECK(pthread_mutex_lock(&typed) == EDEADLK);
	CHECK(pthread_mutex_trylock(&typed) == EBUSY);
	if (kernel_has_threads()) {
		CHECK(pthread_create(&t, NULL, unlock_foreign, NULL) == 0);
		CHECK(pthread_join(t, &r) == 0 && r == (void *)(long)EPERM);
	}
	CHECK(pthread_mutex_unlock(&typed) == 0);
	CHECK(pthread_mutex_destroy(&typed) == 0);
	pthread_mutexattr_destroy(&ma);
}

static void robust_init(pthread_mutex_t *m, int pshared)
{
	pthread_mutexattr_t ma;

	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST);
	if (pshared)
		pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(m, &ma);
	pthread_mutexattr_destroy(&ma);
}

static void *lock_and_die(void *a)
{
	pthread_mutex_lock(a);
	return NULL;	/* ends holding it */
}

TEST(robust_mutex_owner_death)
{
	pthread_mutex_t *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
				  -1, 0);
	pthread_t t;
	pid_t pid;
	int r;

	CHECK(m != MAP_FAILED);
	/* A process that ends holding a process-shared robust mutex. */
	robust_init(m, 1);
	pid = fork();
	if (pid == 0) {
		pthread_mutex_lock(m);
		_exit(0);
	}
	CHECK(utest_ending(pid) == 0);
	CHECK(pthread_mutex_lock(m) == EOWNERDEAD);
	CHECK(pthread_mutex_consistent(m) == 0);
	CHECK(pthread_mutex_unlock(m) == 0);
	CHECK(pthread_mutex_lock(m) == 0);
	CHECK(pthread_mutex_unlock(m) == 0);

	if (kernel_has_threads()) {	/* a thread that ends holding one */
		robust_init(m, 0);
		CHECK(pthread_create(&t, NULL, lock_and_die, m) == 0);
		CHECK(pthread_join(t, NULL) == 0);
		CHECK(pthread_mutex_lock(m) == EOWNERDEAD);
		CHECK(pthread_mutex_unlock(m) == 0);	/* not made consistent */
		r = pthread_mutex_lock(m);
		CHECK(r == ENOTRECOVERABLE);
	}
	munmap(m, 4096);
}

static void *hold_for_a_while(void *a)
{
	pthread_mutex_lock(a);
	usleep(300 * 1000);
	pthread_mutex_unlock(a);
	return NULL;
}

TEST(timed_waits_on_both_clocks)
{
	pthread_condattr_t ca;
	pthread_cond_t c;
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	struct timespec t0, ts;
	clockid_t clk;
	pthread_t t;
	sem_t s;

	CHECK(pthread_condattr_init(&ca) == 0);
	CHECK(pthread_condattr_getclock(&ca, &clk) == 0 && clk == CLOCK_REALTIME);
	CHECK(pthread_condattr_setclock(&ca, CLOCK_PROCESS_CPUTIME_ID) == EINVAL);
	CHECK(pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) == 0);
	CHECK(pthread_cond_init(&c, &ca) == 0);
	pthread_mutex_lock(&m);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	abs_in(CLOCK_MONOTONIC, 100, &ts);
	CHECK(pthread_cond_timedwait(&c, &m, &ts) == ETIMEDOUT);
	CHECK(ms_since(&t0) >= 90);
	CHECK(pthread_mutex_trylock(&m) == EBUSY);	/* held again after the timeout */
	pthread_cond_destroy(&c);
	CHECK(pthread_cond_init(&c, NULL) == 0);	/* CLOCK_REALTIME */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	abs_in(CLOCK_REALTIME, 100, &ts);
	CHECK(pthread_cond_timedwait(&c, &m, &ts) == ETIMEDOUT);
	CHECK(ms_since(&t0) >= 90);
	ts.tv_nsec = 1000000000L;
	CHECK(pthread_cond_timedwait(&c, &m, &ts) == EINVAL);
	pthread_mutex_unlock(&m);

	CHECK(sem_init(&s, 0, 0) == 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	abs_in(CLOCK_REALTIME, 100, &ts);
	errno = 0;
	CHECK(sem_timedwait(&s, &ts) == -1 && errno == ETIMEDOUT);
	CHECK(ms_since(&t0) >= 90);
	ts.tv_sec = 0;	/* in the past: at once */
	CHECK(sem_timedwait(&s, &ts) == -1 && errno == ETIMEDOUT);

	NEED_THREADS();
	CHECK(pthread_create(&t, NULL, hold_for_a_while, &m) == 0);
	usleep(50 * 1000);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	abs_in(CLOCK_REALTIME, 100, &ts);
	CHECK(pthread_mutex_timedlock(&m, &ts) == ETIMEDOUT);
	CHECK(ms_since(&t0) >= 90);
	abs_in(CLOCK_REALTIME, 5000, &ts);
	CHECK(pthread_mutex_timedlock(&m, &ts) == 0);	/* freed within 300 ms */
	pthread_mutex_unlock(&m);
	CHECK(pthread_join(t, NULL) == 0);
}

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static sem_t rw_in, rw_go;

static void *reader(void *a)
{
	(void)a;
	if (pthread_rwlock_rdlock(&rw) != 0)
		return (void *)1;
	sem_post(&rw_in);
	sem_wait(&rw_go);	/* held until the main thread has seen both readers */
	pthread_rwlock_unlock(&rw);
	return NULL;
}

static void *try_write(void *a)
{
	(void)a;
	return (void *)(long)pthread_rwlock_trywrlock(&rw);
}

TEST(rwlocks)
{
	pthread_rwlock_t unheld = PTHREAD_RWLOCK_INITIALIZER;
	pthread_t t[2], w;
	void *r;

	/* Unlocking a lock nobody holds: 0, as glibc's (the Open POSIX suite
	 * takes 0 or EINVAL); never used again (glibc's state is off now). */
	CHECK(pthread_rwlock_unlock(&unheld) == 0);
	CHECK(pthread_rwlock_rdlock(&rw) == 0);
	CHECK(pthread_rwlock_tryrdlock(&rw) == 0);
	CHECK(pthread_rwlock_trywrlock(&rw) == EBUSY);
	CHECK(pthread_rwlock_unlock(&rw) == 0);
	CHECK(pthread_rwlock_unlock(&rw) == 0);
	CHECK(pthread_rwlock_wrlock(&rw) == 0);
	CHECK(pthread_rwlock_tryrdlock(&rw) == EBUSY);
	CHECK(pthread_rwlock_wrlock(&rw) == EDEADLK);
	CHECK(pthread_rwlock_unlock(&rw) == 0);
	NEED_THREADS();
	sem_init(&rw_in, 0, 0);
	sem_init(&rw_go, 0, 0);
	CHECK(pthread_create(&t[0], NULL, reader, NULL) == 0);
	CHECK(pthread_create(&t[1], NULL, reader, NULL) == 0);
	CHECK(sem_wait(&rw_in) == 0 && sem_wait(&rw_in) == 0);	/* both read at once */
	CHECK(pthread_create(&w, NULL, try_write, NULL) == 0);
	CHECK(pthread_join(w, &r) == 0 && r == (void *)(long)EBUSY);
	sem_post(&rw_go);
	sem_post(&rw_go);
	CHECK(pthread_join(t[0], &r) == 0 && r == NULL);
	CHECK(pthread_join(t[1], &r) == 0 && r == NULL);
	CHECK(pthread_rwlock_wrlock(&rw) == 0);
	CHECK(pthread_rwlock_unlock(&rw) == 0);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;
static void once_init(void) { usleep(20 * 1000); once_runs++; }
static void *call_once(void *a) { (void)a; pthread_once(&once, once_init); return (void *)(long)once_runs; }

TEST(once_runs_once)
{
	pthread_t t[NTHREADS];
	void *r;
	int i;

	if (!kernel_has_threads()) {
		CHECK(pthread_once(&once, once_init) == 0);
		CHECK(pthread_once(&once, once_init) == 0);
		CHECK(once_runs == 1);
		return;
	}
	for (i = 0; i < NTHREADS; i++)
		CHECK(pthread_create(&t[i], NULL, call_once, NULL) == 0);
	for (i = 0; i < NTHREADS; i++)
		CHECK(pthread_join(t[i], &r) == 0 && r == (void *)1L);	/* all saw it done */
	CHECK(pthread_once(&once, once_init) == 0 && once_runs == 1);
}

static pthread_key_t key;
static long dtor_sum, dtor_calls;
static pthread_mutex_t dtor_mx = PTHREAD_MUTEX_INITIALIZER;

static void dtor(void *v)
{
	pthread_mutex_lock(&dtor_mx);
	dtor_sum += (long)v;
	dtor_calls++;
	pthread_mutex_unlock(&dtor_mx);
}

static void *set_key(void *a)
{
	if (pthread_getspecific(key) != NULL)
		return (void *)1;
	pthread_setspecific(key, a);
	usleep(1000);
	return pthread_getspecific(key) == a ? NULL : (void *)2;
}

TEST(keys_and_destructors)
{
	pthread_t t[NTHREADS];
	pthread_key_t k2;
	void *r;
	long i;

	CHECK(pthread_key_create(&key, dtor) == 0);
	CHECK(pthread_getspecific(key) == NULL);
	CHECK(pthread_setspecific(key, (void *)5) == 0);
	CHECK(pthread_getspecific(key) == (void *)5);
	CHECK(pthread_key_create(&k2, NULL) == 0 && k2 != key);
	CHECK(pthread_key_delete(k2) == 0);
	CHECK(pthread_key_create(&k2, NULL) == 0);
	CHECK(pthread_getspecific(k2) == NULL);		/* a reused key starts out empty */
	CHECK(pthread_key_delete(k2) == 0);
	NEED_THREADS();
	dtor_sum = dtor_calls = 0;
	for (i = 0; i < NTHREADS; i++)
		CHECK(pthread_create(&t[i], NULL, set_key, (void *)(i + 1)) == 0);
	for (i = 0; i < NTHREADS; i++)
		CHECK(pthread_join(t[i], &r) == 0 && r == NULL);
	CHECK(dtor_calls == NTHREADS);
	CHECK(dtor_sum == NTHREADS * (NTHREADS + 1) / 2);
	CHECK(pthread_getspecific(key) == (void *)5);	/* the main thread's, untouched */
	CHECK(pthread_key_delete(key) == 0);
}

static pthread_barrier_t bar;
static volatile long serials;

static void *tls_and_errno(void *a)
{
	long id = (long)a;
	int *mine = &tls_init;

	if (tls_init != 42 || tls_zero[5] != 0 || tls_aligned != 7)
		return (void *)1;
	tls_init = (int)id;
	tls_zero[5] = (char)id;
	errno = (int)(1000 + id);
	if (pthread_barrier_wait(&bar) == PTHREAD_BARRIER_SERIAL_THREAD)
		__sync_fetch_and_add(&serials, 1);
	sched_yield();
	if (pthread_barrier_wait(&bar) == PTHREAD_BARRIER_SERIAL_THREAD)
		__sync_fetch_and_add(&serials, 1);
	if (tls_init != id || tls_zero[5] != (char)id || errno != 1000 + id || mine != &tls_init)
		return (void *)2;
	return (void *)mine;
}

TEST(thread_locals_errno_and_barriers)
{
	pthread_t t[NTHREADS];
	void *r[NTHREADS];
	int i, j;

	NEED_THREADS();
	CHECK(pthread_barrier_init(&bar, NULL, 0) == EINVAL);
	CHECK(pthread_barrier_init(&bar, NULL, NTHREADS + 1) == 0);
	serials = 0;
	tls_init = 42;
	errno = 77;
	for (i = 0; i < NTHREADS; i++)
		CHECK(pthread_create(&t[i], NULL, tls_and_errno, (void *)(long)(i + 1)) == 0);
	if (pthread_barrier_wait(&bar) == PTHREAD_BARRIER_SERIAL_THREAD)
		__sync_fetch_and_add(&serials, 1);
	if (pthread_barrier_wait(&bar) == PTHREAD_BARRIER_SERIAL_THREAD)
		__sync_fetch_and_add(&serials, 1);
	CHECK(errno == 77 && tls_init == 42);
	for (i = 0; i < NTHREADS; i++)
		CHECK(pthread_join(t[i], &r[i]) == 0);
	for (i = 0; i < NTHREADS; i++) {
		CHECK(r[i] != (void *)1 && r[i] != (void *)2);
		CHECK(r[i] != (void *)&tls_init);
		for (j = 0; j < i; j++)
			CHECK(r[i] != r[j]);
	}
	CHECK(serials == 2);	/* one per round */
	pthread_barrier_destroy(&bar);
}

static void *malloc_storm(void *a)
{
	unsigned seed = (unsigned)(long)a;
	unsigned char *p[64] = { 0 };
	size_t n[64] = { 0 };
	char num[32];
	int i, k;
	size_t j;

	for (i = 0; i < 3000; i++) {
		k = (int)(rand_r(&seed) % 64);
		if (p[k] != NULL) {
			for (j = 0; j < n[k]; j++)
				if (p[k][j] != (unsigned char)(k + (long)a))
					return (void *)1;
			free(p[k]);
		}
		n[k] = rand_r(&seed) % (i % 50 == 0 ? 100000 : 600) + 1;
		p[k] = malloc(n[k]);
		if (p[k] == NULL)
			return (void *)2;
		memset(p[k], k + (long)a, n[k]);
	}
	for (k = 0; k < 64; k++)
		free(p[k]);
	/* Floating-point conversion allocates per-thread state in newlib. */
	snprintf(num, sizeof(num), "%.3f", 2.5 + (long)a);
	return strncmp(num, "3.500", 5) == 0 || (long)a != 1 ? NULL : (void *)3;
}

TEST(malloc_from_many_threads)
{
	pthread_t t[NTHREADS];
	void *r;
	long i;

	NEED_THREADS();
	for (i = 0; i < NTHREADS; i++)
		CHECK(pthread_create(&t[i], NULL, malloc_storm, (void *)(i + 1)) == 0);
	for (i = 0; i < NTHREADS; i++)
		CHECK(pthread_join(t[i], &r) == 0 && r == NULL);
}

static FILE *shared_fp;

static void *print_lines(void *a)
{
	int i;

	for (i = 0; i < 200; i++)
		fprintf(shared_fp, "thread %ld line %03d end\n", (long)a, i);
	return NULL;
}

TEST(stdio_from_several_threads)
{
	char path[] = "/tmp/t_pthread.XXXXXX", line[128];
	int fd, i, n = 0, seen[4] = { 0 };
	long who;
	pthread_t t[4];

	NEED_THREADS();
	CHECK((fd = mkstemp(path)) >= 0);
	CHECK((shared_fp = fdopen(fd, "w+")) != NULL);
	for (i = 0; i < 4; i++)
		CHECK(pthread_create(&t[i], NULL, print_lines, (void *)(long)i) == 0);
	for (i = 0; i < 4; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
	CHECK(fflush(shared_fp) == 0);
	rewind(shared_fp);
	while (fgets(line, sizeof(line), shared_fp) != NULL) {
		CHECK(sscanf(line, "thread %ld line %d end\n", &who, &i) == 2);
		CHECK(who >= 0 && who < 4 && i == seen[who]);	/* whole lines, in order */
		CHECK(strlen(line) == strlen("thread 0 line 000 end\n"));
		seen[who]++;
		n++;
	}
	CHECK(n == 800);
	fclose(shared_fp);
	unlink(path);
}

static sem_t items, spaces;
static volatile int ring[4], ring_head, ring_tail;

static void *sem_producer(void *a)
{
	int i;

	(void)a;
	for (i = 1; i <= 1000; i++) {
		sem_wait(&spaces);
		ring[ring_head++ % 4] = i;
		sem_post(&items);
	}
	return NULL;
}

TEST(semaphores)
{
	pthread_t t;
	long sum = 0;
	int v, i;

	CHECK(sem_init(&items, 0, 2) == 0);
	CHECK(sem_getvalue(&items, &v) == 0 && v == 2);
	CHECK(sem_trywait(&items) == 0 && sem_trywait(&items) == 0);
	errno = 0;
	CHECK(sem_trywait(&items) == -1 && errno == EAGAIN);
	CHECK(sem_post(&items) == 0 && sem_getvalue(&items, &v) == 0 && v == 1);
	CHECK(sem_wait(&items) == 0);
	errno = 0;
	CHECK(sem_init(&items, 0, (unsigned)SEM_VALUE_MAX + 1u) == -1 && errno == EINVAL);
	NEED_THREADS();
	CHECK(sem_init(&items, 0, 0) == 0 && sem_init(&spaces, 0, 4) == 0);
	ring_head = ring_tail = 0;
	CHECK(pthread_create(&t, NULL, sem_producer, NULL) == 0);
	for (i = 1; i <= 1000; i++) {
		CHECK(sem_wait(&items) == 0);
		sum += ring[ring_tail++ % 4];
		sem_post(&spaces);
	}
	CHECK(pthread_join(t, NULL) == 0);
	CHECK(sum == 1000L * 1001 / 2);
	sem_destroy(&items);
	sem_destroy(&spaces);
}

static pthread_spinlock_t spin;
static long spun;

static void *spin_add(void *a)
{
	int i;

	(void)a;
	for (i = 0; i < 5000; i++) {
		pthread_spin_lock(&spin);
		spun++;
		pthread_spin_unlock(&spin);
	}
	return NULL;
}

TEST(spinlocks)
{
	pthread_t t[4];
	int i;

	CHECK(pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE) == 0);
	CHECK(pthread_spin_trylock(&spin) == 0 && pthread_spin_trylock(&spin) == EBUSY);
	CHECK(pthread_spin_unlock(&spin) == 0);
	NEED_THREADS();
	spun = 0;
	for (i = 0; i < 4; i++)
		CHECK(pthread_create(&t[i], NULL, spin_add, NULL) == 0);
	for (i = 0; i < 4; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
	CHECK(spun == 20000);
}

static volatile pthread_t handled_by;
static volatile int handled;
static sem_t sig_blocked, sig_sent;

static void on_usr1(int s)
{
	(void)s;
	handled_by = pthread_self();
	handled = 1;
}

static void *sig_target(void *a)
{
	sigset_t set, pend;

	(void)a;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0)
		return (void *)1;
	sem_post(&sig_blocked);
	sem_wait(&sig_sent);
	if (handled || sigpending(&pend) != 0 || !sigismember(&pend, SIGUSR1))
		return (void *)2;	/* blocked here: pending, not run */
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	return handled && pthread_equal(handled_by, pthread_self()) ? NULL : (void *)3;
}

TEST(pthread_kill_and_sigmask)
{
	struct sigaction sa;
	sigset_t set, old;
	pthread_t t;
	void *r;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	CHECK(pthread_sigmask(SIG_BLOCK, &set, &old) == 0);
	CHECK(pthread_sigmask(SIG_SETMASK, &old, &set) == 0 && sigismember(&set, SIGUSR2));
	CHECK(pthread_sigmask(12345, &set, NULL) == EINVAL);
	handled = 0;
	CHECK(pthread_kill(pthread_self(), SIGUSR1) == 0);
	CHECK(handled && pthread_equal(handled_by, pthread_self()));
	CHECK(pthread_kill(pthread_self(), 0) == 0);
	CHECK(pthread_kill(pthread_self(), 999) == EINVAL);
	NEED_THREADS();
	handled = 0;
	sem_init(&sig_blocked, 0, 0);
	sem_init(&sig_sent, 0, 0);
	CHECK(pthread_create(&t, NULL, sig_target, NULL) == 0);
	sem_wait(&sig_blocked);
	CHECK(pthread_kill(t, SIGUSR1) == 0);
	sem_post(&sig_sent);
	CHECK(pthread_join(t, &r) == 0);
	CHECK(r == NULL);
	signal(SIGUSR1, SIG_DFL);
}

static volatile int cleaned;
static pthread_mutex_t cmx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ccv = PTHREAD_COND_INITIALIZER;

static void cleanup_note(void *a) { cleaned += (int)(long)a; }
static void cleanup_unlock(void *a) { cleaned += 10; pthread_mutex_unlock(a); }

static void *sleeper(void *a)
{
	(void)a;
	pthread_cleanup_push(cleanup_note, (void *)1);
	for (;;)
		sleep(100);
	pthread_cleanup_pop(0);
	return NULL;
}

static void *cond_waiter(void *a)
{
	(void)a;
	pthread_mutex_lock(&cmx);
	pthread_cleanup_push(cleanup_unlock, &cmx);
	for (;;)
		pthread_cond_wait(&ccv, &cmx);
	pthread_cleanup_pop(1);
	return NULL;
}

static void *reader_of_pipe(void *a)
{
	char c;
	int old;

	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	usleep(100 * 1000);	/* cancelled meanwhile: not acted on while disabled */
	cleaned += 100;
	pthread_setcancelstate(old, NULL);
	pthread_testcancel();
	read(*(int *)a, &c, 1);
	return NULL;
}

static void *receiver(void *a)
{
	char c;

	recv(*(int *)a, &c, 1, 0);
	return NULL;
}

static void *selecter(void *a)
{
	fd_set r;

	FD_ZERO(&r);
	FD_SET(*(int *)a, &r);
	select(*(int *)a + 1, &r, NULL, NULL, NULL);
	return NULL;
}

TEST(cancellation)
{
	pthread_t t;
	void *r;
	int p[2];

	NEED_THREADS();
	cleaned = 0;
	CHECK(pthread_create(&t, NULL, sleeper, NULL) == 0);
	usleep(50 * 1000);
	CHECK(pthread_cancel(t) == 0);
	CHECK(pthread_join(t, &r) == 0 && r == PTHREAD_CANCELED);
	CHECK(cleaned == 1);

	CHECK(pthread_create(&t, NULL, cond_waiter, NULL) == 0);
	usleep(50 * 1000);
	CHECK(pthread_cancel(t) == 0);
	CHECK(pthread_join(t, &r) == 0 && r == PTHREAD_CANCELED);
	CHECK(cleaned == 11);				/* ran with the mutex held ... */
	CHECK(pthread_mutex_trylock(&cmx) == 0);	/* ... and let it go */
	pthread_mutex_unlock(&cmx);

	CHECK(pipe(p) == 0);
	CHECK(pthread_create(&t, NULL, reader_of_pipe, p) == 0);
	usleep(20 * 1000);
	CHECK(pthread_cancel(t) == 0);
	CHECK(pthread_join(t, &r) == 0 && r == PTHREAD_CANCELED);
	CHECK(cleaned == 111);
	close(p[0]);
	close(p[1]);

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, p) == 0);
	CHECK(pthread_create(&t, NULL, receiver, p) == 0);
	usleep(20 * 1000);
	CHECK(pthread_cancel(t) == 0);
	CHECK(pthread_join(t, &r) == 0 && r == PTHREAD_CANCELED);
	CHECK(pthread_create(&t, NULL, selecter, p) == 0);
	usleep(20 * 1000);
	CHECK(pthread_cancel(t) == 0);
	CHECK(pthread_join(t, &r) == 0 && r == PTHREAD_CANCELED);
	close(p[0]);
	close(p[1]);
}

/* Cancelling a thread again and again before it acts: each call is 0 and
 * only the first sends the cancellation signal, as glibc's (signal 32 is
 * real-time: one sent per call would fill the RLIMIT_SIGPENDING queue and
 * pthread_cancel would fail with EAGAIN, as the Open POSIX pthread_cancel/5-2
 * saw). */
static sem_t cancel_go;

static void *cancel_later(void *a)
{
	(void)a;
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
	while (sem_wait(&cancel_go) != 0)
		;
	pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
	pthread_testcancel();
	return NULL;
}

static int cancel_many_times(void)
{
	struct rlimit rl = { 8, 8 };
	pthread_t t;
	void *r;
	int i;

	if (setrlimit(RLIMIT_SIGPENDING, &rl) != 0 || sem_init(&cancel_go, 0, 0) != 0)
		return 10;
	if (pthread_create(&t, NULL, cancel_later, NULL) != 0)
		return 11;
	for (i = 0; i < 200; i++)
		if (pthread_cancel(t) != 0)
			return 1;
	sem_post(&cancel_go);
	if (pthread_join(t, &r) != 0 || r != PTHREAD_CANCELED)
		return 2;
	return 0;
}

TEST(cancel_again_and_again)
{
	pid_t pid;
	int st;

	NEED_THREADS();
	pid = fork();
	if (pid == 0)
		_exit(cancel_many_times());
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static void *forker(void *a)
{
	pid_t pid;
	char *m;

	(void)a;
	pid = fork();
	if (pid == 0) {
		m = malloc(1000);
		pthread_mutex_lock(&mx);	/* the locks work in the child */
		pthread_mutex_unlock(&mx);
		printf("%s", "");
		_exit(m != NULL && tls_init == 99 ? 7 : 1);
	}
	return (void *)(long)utest_ending(pid);
}

static void *set_tls_and_fork(void *a)
{
	tls_init = 99;
	return forker(a);
}

TEST(fork_from_a_thread)
{
	pthread_t t;
	void *r;

	NEED_THREADS();
	CHECK(pthread_create(&t, NULL, set_tls_and_fork, NULL) == 0);
	CHECK(pthread_join(t, &r) == 0);
	CHECK(r == (void *)7L);
}

TEST(thread_names)
{
	char name[32];

	CHECK(pthread_setname_np(pthread_self(), "a-name-too-long-for-it") == ERANGE);
	CHECK(pthread_setname_np(pthread_self(), "t_pthread-main") == 0);
	CHECK(pthread_getname_np(pthread_self(), name, sizeof(name)) == 0);
	CHECK(strcmp(name, "t_pthread-main") == 0);
	CHECK(pthread_getname_np(pthread_self(), name, 4) == ERANGE);
}

int main(void)
{
	utest_suite = "pthread";
	setvbuf(stdout, NULL, _IONBF, 0);
	RUN(main_thread_tls);
	RUN(feature_macros_and_sysconf);
	RUN(create_and_join_many);
	RUN(exit_detach_and_attributes);
	RUN(stack_attributes);
	RUN(getattr_np_reports_the_stack_size);
	RUN(calls_on_ended_and_joined_threads);
	RUN(thread_cpu_clocks);
	RUN(mutex_and_condvar_with_8_threads);
	RUN(recursive_and_errorcheck_mutexes);
	RUN(robust_mutex_owner_death);
	RUN(timed_waits_on_both_clocks);
	RUN(rwlocks);
	RUN(once_runs_once);
	RUN(keys_and_destructors);
	RUN(thread_locals_errno_and_barriers);
	RUN(malloc_from_many_threads);
	RUN(stdio_from_several_threads);
	RUN(semaphores);
	RUN(spinlocks);
	RUN(pthread_kill_and_sigmask);
	RUN(cancellation);
	RUN(cancel_again_and_again);
	RUN(fork_from_a_thread);
	RUN(thread_names);
	return utest_failures != 0;
}
