/*
 * t_thread.c: clone, set_tid_address, futex and robust lists, through raw
 * system calls with Linux's x86_64 ABI (no pthreads: newlib has none yet),
 * so the same program runs on the host Linux.
 *
 * Stage 1 of issue 16: fork-like and vfork-like clone, the flag checks,
 * futex waits, wakes and requeues within a process and across fork through
 * MAP_SHARED memory, robust lists.  Stage 2: threads (CLONE_THREAD with the
 * flags glibc and musl use): shared memory and descriptors, ids, exit and
 * exit_group, CLEARTID joins, tgkill, per-thread masks, kill() reaching the
 * thread that does not block it, execve and fork from a thread, wait4 not
 * seeing threads, a futex mutex under 8 threads.
 *
 * The threads made here run only raw system calls (raw6: no errno, no
 * TLS, no C library), since neither C library knows about them.
 */
#include "utest.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <time.h>

#define NR_CLONE 56
#define NR_EXIT 60
#define NR_GETTID 186
#define NR_FUTEX 202
#define NR_SET_TID_ADDRESS 218
#define NR_SET_ROBUST_LIST 273
#define NR_GET_ROBUST_LIST 274
#define NR_CLONE3 435

#define C_VM 0x100ul
#define C_FS 0x200ul
#define C_FILES 0x400ul
#define C_SIGHAND 0x800ul
#define C_VFORK 0x4000ul
#define C_THREAD 0x10000ul
#define C_NEWNS 0x20000ul
#define C_SETTLS 0x80000ul
#define C_PARENT_SETTID 0x100000ul
#define C_CHILD_CLEARTID 0x200000ul
#define C_CHILD_SETTID 0x1000000ul

#define F_WAIT 0
#define F_WAKE 1
#define F_REQUEUE 3
#define F_CMP_REQUEUE 4
#define F_WAIT_BITSET 9
#define F_WAKE_BITSET 10
#define F_PRIVATE 128
#define F_CLOCK_REALTIME 256
#define F_WAITERS 0x80000000u
#define F_OWNER_DIED 0x40000000u

static long sys6(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	if (ret < 0 && ret > -4096) {
		errno = (int)-ret;
		return -1;
	}
	return ret;
}

/* clone like fork: the child returns 0 on a copy of the caller's stack. */
static long clone_fork(unsigned long flags, int *ptid, int *ctid, unsigned long tls)
{
	return sys6(NR_CLONE, (long)flags, 0, (long)ptid, (long)ctid, (long)tls, 0);
}

/*
 * clone onto a new stack: the child calls fn(arg) there and ends with
 * exit(fn's value) directly (system call 60).  Returns in the parent only.
 */
long tclone(unsigned long flags, void *stack_top, int *ptid, int *ctid, unsigned long tls,
	    int (*fn)(void *), void *arg);
__asm__(".text\n"
	".globl tclone\n"
	"tclone:\n"
	"	mov 8(%rsp), %rax\n"      /* arg */
	"	and $-16, %rsi\n"
	"	sub $16, %rsi\n"
	"	mov %rax, 8(%rsi)\n"
	"	mov %r9, 0(%rsi)\n"       /* fn */
	"	mov %rcx, %r10\n"
	"	mov $56, %eax\n"
	"	syscall\n"
	"	test %rax, %rax\n"
	"	jnz 1f\n"
	"	xor %ebp, %ebp\n"
	"	pop %rax\n"
	"	pop %rdi\n"
	"	call *%rax\n"
	"	mov %eax, %edi\n"
	"	mov $60, %eax\n"
	"	syscall\n"
	"	hlt\n"
	"1:	ret\n");

static long futex(volatile uint32_t *uaddr, int op, uint32_t val, const struct timespec *ts,
		  volatile uint32_t *uaddr2, uint32_t val3)
{
	return sys6(NR_FUTEX, (long)uaddr, op, val, (long)ts, (long)uaddr2, val3);
}

static int64_t now_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

static struct timespec ns_ts(int64_t ns)
{
	struct timespec ts = { (time_t)(ns / 1000000000), (long)(ns % 1000000000) };

	return ts;
}

static void msleep(int ms)
{
	struct timespec ts = ns_ts(ms * 1000000ll);

	nanosleep(&ts, NULL);
}

static void *shared_page(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static int no_children(void)
{
	return waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD;
}

TEST(clone_fork_like_and_wait4)
{
	int ptid = 0, ctid = -1, st;
	long pid = clone_fork(SIGCHLD | C_PARENT_SETTID | C_CHILD_SETTID, &ptid, &ctid, 0);

	if (pid == 0) /* the child's own copy of ctid holds its tid */
		_exit(ctid == (int)sys6(NR_GETTID, 0, 0, 0, 0, 0, 0) && ctid == getpid() ? 7 : 1);
	CHECK(pid > 0);
	CHECK(ptid == pid);     /* PARENT_SETTID: written in the parent */
	CHECK(ctid == -1);      /* CHILD_SETTID: in the child's memory only */
	CHECK(waitpid((pid_t)pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7);
}

TEST(clone_fork_like_with_cleartid)
{
	int ctid = -1, st;
	long pid = clone_fork(SIGCHLD | C_CHILD_SETTID | C_CHILD_CLEARTID, NULL, &ctid, 0);

	if (pid == 0)
		_exit(ctid == getpid() ? 0 : 1);
	CHECK(pid > 0);
	CHECK(waitpid((pid_t)pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(ctid == -1); /* the child cleared its own copy */
}

static volatile int vfork_shared;

static int vfork_child(void *arg)
{
	(void)arg;
	msleep(50); /* the parent must not run meanwhile */
	vfork_shared = 42;
	return 5;
}

static char child_stack[4][64 * 1024] __attribute__((aligned(16)));

TEST(clone_vfork_like_suspends_parent)
{
	int ctid = -1, st;
	long pid;

	vfork_shared = 0;
	pid = tclone(C_VM | C_VFORK | SIGCHLD | C_CHILD_SETTID | C_CHILD_CLEARTID,
		     child_stack[0] + sizeof(child_stack[0]), NULL, &ctid, 0, vfork_child, NULL);
	CHECK(pid > 0);
	CHECK(vfork_shared == 42); /* written before the parent resumed, in shared memory */
	CHECK(ctid == 0);          /* CHILD_CLEARTID: the space was shared at exit */
	CHECK(waitpid((pid_t)pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 5);
}

static int vfork_exec_child(void *arg)
{
	char *const argv[] = { "true", NULL };

	(void)arg;
	vfork_shared = 1;
	execve("/bin/true", argv, NULL);
	return 99;
}

TEST(clone_vfork_like_exec_resumes_parent)
{
	int st;
	long pid;

	vfork_shared = 0;
	pid = tclone(C_VM | C_VFORK | SIGCHLD, child_stack[0] + sizeof(child_stack[0]), NULL, NULL, 0,
		     vfork_exec_child, NULL);
	CHECK(pid > 0);
	CHECK(vfork_shared == 1);
	CHECK(waitpid((pid_t)pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0); /* /bin/true ran, not return 99 */
}

static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
	(void)sig;
	got_usr1++;
}

/* A child whose exit signal is not SIGCHLD: waited for only with __WCLONE or __WALL. */
static int vfork_sleeper(void *arg)
{
	(void)arg;
	msleep(1500);
	return 0;
}

/* SIGKILL ends a parent waiting for its vfork child; the child lives on. */
TEST(clone_vfork_parent_is_killable)
{
	int64_t t0;
	int st;
	pid_t p = fork();

	if (p == 0) {
		tclone(C_VM | C_VFORK | SIGCHLD, child_stack[2] + sizeof(child_stack[2]), NULL, NULL,
		       0, vfork_sleeper, NULL);
		_exit(1); /* only after the child: too late */
	}
	CHECK(p > 0);
	msleep(200);
	t0 = now_ns(CLOCK_MONOTONIC);
	CHECK(kill(p, SIGKILL) == 0);
	CHECK(waitpid(p, &st, 0) == p);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 < 1000000000);
}

TEST(clone_exit_signal_and_wclone)
{
	int st;
	long pid = clone_fork(0, NULL, NULL, 0), pid2;
	struct sigaction sa;

	if (pid == 0)
		_exit(4);
	CHECK(pid > 0);
	CHECK(waitpid((pid_t)pid, &st, 0) == -1 && errno == ECHILD);
	CHECK(waitpid((pid_t)pid, &st, (int)0x80000000) == pid); /* __WCLONE */
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 4);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	got_usr1 = 0;
	pid2 = clone_fork(SIGUSR1, NULL, NULL, 0);
	if (pid2 == 0)
		_exit(6);
	CHECK(pid2 > 0);
	CHECK(waitpid((pid_t)pid2, &st, 0x40000000) == pid2); /* __WALL */
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 6);
	CHECK(got_usr1 == 1); /* the exit signal reached the parent */
	signal(SIGUSR1, SIG_DFL);
	CHECK(waitpid(-1, &st, 0x10000000) == -1 && errno == EINVAL); /* unknown option */
}

/*
 * A stack pointer outside user space: the child dies, the kernel stays up.
 * The CPU decides the fault: #GP (SIGSEGV) or, for a non-canonical stack
 * access on some CPUs, #SS, which Linux and Breenix turn into SIGBUS.
 */
TEST(clone_noncanonical_stack_kills_only_the_child)
{
	int st;
	long pid = sys6(NR_CLONE, SIGCHLD, (long)(1ul << 63), 0, 0, 0, 0);

	if (pid == 0) {
		/* The first use of the stack faults (Linux may already fault on the way out). */
		__asm__ volatile("push %%rax\n\tpop %%rax" ::: "memory");
		sys6(NR_EXIT, 0, 0, 0, 0, 0, 0);
	}
	CHECK(pid > 0);
	CHECK(waitpid((pid_t)pid, &st, 0) == pid);
	CHECK(WIFSIGNALED(st) && (WTERMSIG(st) == SIGSEGV || WTERMSIG(st) == SIGBUS));
}

TEST(clone_rejects_bad_flags_without_a_process)
{
	CHECK(clone_fork(C_THREAD | SIGCHLD, NULL, NULL, 0) == -1 && errno == EINVAL);
	CHECK(clone_fork(C_SIGHAND | SIGCHLD, NULL, NULL, 0) == -1 && errno == EINVAL);
	CHECK(clone_fork(C_THREAD | C_SIGHAND | SIGCHLD, NULL, NULL, 0) == -1 && errno == EINVAL);
	CHECK(clone_fork(C_FS | C_NEWNS | SIGCHLD, NULL, NULL, 0) == -1 && errno == EINVAL);
	/* A TLS base at or above TASK_SIZE_MAX: EPERM, as arch_prctl. */
	CHECK(clone_fork(C_SETTLS | SIGCHLD, NULL, NULL, 1ul << 63) == -1 && errno == EPERM);
	CHECK(clone_fork(C_SETTLS | SIGCHLD, NULL, NULL, 0x7FFFFFFFF000ul) == -1 && errno == EPERM);
	CHECK(no_children());
}

TEST(clone3_falls_back)
{
	/* Breenix: ENOSYS (libc falls back to clone); Linux: EINVAL for a size of 0. */
	CHECK(sys6(NR_CLONE3, 0, 0, 0, 0, 0, 0) == -1 && (errno == ENOSYS || errno == EINVAL));
	CHECK(no_children());
}

TEST(gettid_and_set_tid_address)
{
	static int word;
	long tid = sys6(NR_GETTID, 0, 0, 0, 0, 0, 0);

	CHECK(tid == getpid()); /* one thread: the leader's tid is the pid */
	CHECK(sys6(NR_SET_TID_ADDRESS, (long)&word, 0, 0, 0, 0, 0) == tid);
	CHECK(sys6(NR_SET_TID_ADDRESS, 0, 0, 0, 0, 0, 0) == tid);
}

TEST(futex_errors)
{
	static uint32_t w[2] __attribute__((aligned(8)));
	struct timespec bad = { 0, 1000000000 };

	w[0] = 1;
	CHECK(futex(&w[0], F_WAIT | F_PRIVATE, 2, NULL, NULL, 0) == -1 && errno == EAGAIN);
	CHECK(futex(&w[0], F_WAIT, 2, NULL, NULL, 0) == -1 && errno == EAGAIN);
	CHECK(futex((uint32_t *)((char *)w + 1), F_WAIT, 1, NULL, NULL, 0) == -1 && errno == EINVAL);
	CHECK(futex((uint32_t *)((char *)w + 2), F_WAKE, 1, NULL, NULL, 0) == -1 && errno == EINVAL);
	CHECK(futex((uint32_t *)16, F_WAIT | F_PRIVATE, 0, NULL, NULL, 0) == -1 && errno == EFAULT);
	CHECK(futex(&w[0], F_WAIT, 1, &bad, NULL, 0) == -1 && errno == EINVAL);
	CHECK(futex(&w[0], F_WAIT, 1, (struct timespec *)16, NULL, 0) == -1 && errno == EFAULT);
	CHECK(futex(&w[0], F_WAIT_BITSET, 1, NULL, NULL, 0) == -1 && errno == EINVAL);
	CHECK(futex(&w[0], F_WAKE_BITSET, 1, NULL, NULL, 0) == -1 && errno == EINVAL);
	CHECK(futex(&w[0], F_WAKE | F_CLOCK_REALTIME, 1, NULL, NULL, 0) == -1 && errno == ENOSYS);
	CHECK(futex(&w[0], 99, 1, NULL, NULL, 0) == -1 && errno == ENOSYS);
	CHECK(futex(&w[0], F_WAKE | F_PRIVATE, 1, NULL, NULL, 0) == 0);
	CHECK(futex(&w[0], F_CMP_REQUEUE, 1, (struct timespec *)1, &w[1], 7) == -1 &&
	      errno == EAGAIN);
	CHECK(futex(&w[0], F_CMP_REQUEUE, 1, (struct timespec *)1, (uint32_t *)((char *)w + 5), 1) ==
	      -1 && errno == EINVAL);
	CHECK(futex(&w[0], F_CMP_REQUEUE, 1, (struct timespec *)-1, &w[1], 1) == -1 &&
	      errno == EINVAL);
}

TEST(futex_timeouts)
{
	static uint32_t w;
	struct timespec rel = ns_ts(30000000), abs;
	int64_t t0 = now_ns(CLOCK_MONOTONIC), huge;

	CHECK(futex(&w, F_WAIT | F_PRIVATE, 0, &rel, NULL, 0) == -1 && errno == ETIMEDOUT);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= 30000000);
	/* CLOCK_REALTIME is for WAIT_BITSET only. */
	CHECK(futex(&w, F_WAIT | F_CLOCK_REALTIME, 0, &rel, NULL, 0) == -1 && errno == ENOSYS);
	/* WAIT_BITSET: absolute, on CLOCK_MONOTONIC, then on CLOCK_REALTIME. */
	abs = ns_ts(now_ns(CLOCK_MONOTONIC) + 30000000);
	CHECK(futex(&w, F_WAIT_BITSET | F_PRIVATE, 0, &abs, NULL, ~0u) == -1 && errno == ETIMEDOUT);
	CHECK(now_ns(CLOCK_MONOTONIC) >= abs.tv_sec * 1000000000ll + abs.tv_nsec);
	abs = ns_ts(now_ns(CLOCK_REALTIME) + 30000000);
	t0 = now_ns(CLOCK_MONOTONIC);
	CHECK(futex(&w, F_WAIT_BITSET | F_CLOCK_REALTIME, 0, &abs, NULL, ~0u) == -1 &&
	      errno == ETIMEDOUT);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= 20000000);
	/* A deadline long past, and the epoch itself: at once. */
	abs = ns_ts(0);
	CHECK(futex(&w, F_WAIT_BITSET, 0, &abs, NULL, ~0u) == -1 && errno == ETIMEDOUT);
	CHECK(futex(&w, F_WAIT_BITSET | F_CLOCK_REALTIME, 0, &abs, NULL, ~0u) == -1 &&
	      errno == ETIMEDOUT);
	/* A huge relative timeout does not overflow into the past: the value check still wins. */
	huge = INT64_MAX;
	rel.tv_sec = (time_t)(huge / 1000000000);
	rel.tv_nsec = 999999999;
	CHECK(futex(&w, F_WAIT, 1, &rel, NULL, 0) == -1 && errno == EAGAIN);
}

static volatile sig_atomic_t got_alarm;

static void on_alarm(int sig)
{
	(void)sig;
	got_alarm++;
}

/* A handler without SA_RESTART ends a wait with EINTR, with or without a (huge) timeout. */
TEST(futex_wait_interrupted_by_a_signal)
{
	static uint32_t w;
	struct itimerval it = { { 0, 0 }, { 0, 50000 } };
	struct timespec huge = { (time_t)(INT64_MAX / 1000000000), 999999999 };
	struct sigaction sa;
	int64_t t0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
	got_alarm = 0;
	t0 = now_ns(CLOCK_MONOTONIC);
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
	CHECK(futex(&w, F_WAIT | F_PRIVATE, 0, NULL, NULL, 0) == -1 && errno == EINTR);
	CHECK(got_alarm == 1 && now_ns(CLOCK_MONOTONIC) - t0 >= 40000000);
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
	CHECK(futex(&w, F_WAIT, 0, &huge, NULL, 0) == -1 && errno == EINTR);
	CHECK(got_alarm == 2);
	signal(SIGALRM, SIG_DFL);
}

/* A forked child waiting on word in MAP_SHARED memory (non-private futex). */
static pid_t fork_waiter(volatile uint32_t *word, volatile uint32_t *ready, int op, uint32_t bits)
{
	pid_t pid = fork();

	if (pid == 0) {
		long r;

		__atomic_add_fetch(ready, 1, __ATOMIC_SEQ_CST);
		do
			r = futex(word, op, 0, NULL, NULL, bits);
		while (r == -1 && errno == EINTR);
		_exit(r == 0 ? 0 : 10 + errno % 100);
	}
	return pid;
}

/* Wake (op, bits) on word until n waiters came out or 5 s passed; the number. */
static int wake_until(volatile uint32_t *word, int op, uint32_t bits, int n)
{
	int woken = 0, tries;

	for (tries = 0; tries < 500 && woken < n; tries++) {
		long r = futex(word, op, (uint32_t)(n - woken), NULL, NULL, bits);

		if (r > 0)
			woken += (int)r;
		else
			msleep(10);
	}
	return woken;
}

TEST(futex_wake_across_fork_in_shared_memory)
{
	volatile uint32_t *pg = shared_page();
	pid_t pid;
	int st;

	CHECK(pg != NULL);
	pid = fork_waiter(&pg[0], &pg[1], F_WAIT, 0);
	CHECK(pid > 0);
	CHECK(wake_until(&pg[0], F_WAKE, 0, 1) == 1);
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	munmap((void *)pg, 4096);
}

TEST(futex_bitset_wake)
{
	volatile uint32_t *pg = shared_page();
	pid_t a, b;
	int st;

	CHECK(pg != NULL);
	a = fork_waiter(&pg[0], &pg[1], F_WAIT_BITSET, 0x1);
	b = fork_waiter(&pg[0], &pg[1], F_WAIT_BITSET, 0x2);
	CHECK(a > 0 && b > 0);
	while (pg[1] < 2)
		msleep(5);
	msleep(50);
	/* A wake for bit 2 wakes b, never a. */
	CHECK(wake_until(&pg[0], F_WAKE_BITSET, 0x2, 1) == 1);
	CHECK(waitpid(b, &st, 0) == b && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(waitpid(a, &st, WNOHANG) == 0);
	CHECK(futex(&pg[0], F_WAKE_BITSET, 10, NULL, NULL, 0x4) == 0);
	CHECK(wake_until(&pg[0], F_WAKE_BITSET, 0x1, 1) == 1);
	CHECK(waitpid(a, &st, 0) == a && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	munmap((void *)pg, 4096);
}

TEST(futex_cmp_requeue)
{
	volatile uint32_t *pg = shared_page();
	pid_t w[3];
	int st, i, moved = 0, tries;
	long r;

	CHECK(pg != NULL);
	for (i = 0; i < 3; i++) {
		w[i] = fork_waiter(&pg[0], &pg[1], F_WAIT, 0);
		CHECK(w[i] > 0);
	}
	while (pg[1] < 3)
		msleep(5);
	msleep(100);
	/* Wake 1 and move up to 5 from pg[0] to pg[2]: 3 in all once all wait. */
	for (tries = 0; tries < 100 && moved < 3; tries++) {
		r = futex(&pg[0], F_CMP_REQUEUE, moved == 0 ? 1 : 0, (struct timespec *)5, &pg[2], 0);
		CHECK(r >= 0);
		moved += (int)r;
		if (moved < 3)
			msleep(20);
	}
	CHECK(moved == 3);
	/* The requeued two wait on pg[2] now: a wake on pg[0] finds none. */
	CHECK(futex(&pg[0], F_WAKE, 10, NULL, NULL, 0) == 0);
	CHECK(wake_until(&pg[2], F_WAKE, 0, 2) == 2);
	for (i = 0; i < 3; i++)
		CHECK(waitpid(w[i], &st, 0) == w[i] && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	munmap((void *)pg, 4096);
}

struct robust_head {
	void *next;
	long futex_offset;
	void *pending;
};

struct robust_mutex {
	void *next;     /* the list link, at offset 0 */
	uint32_t lock;  /* the futex word: owner tid | FUTEX_WAITERS | FUTEX_OWNER_DIED */
};

TEST(robust_list_marks_owner_died)
{
	char *pg = shared_page();
	struct robust_head *head = (void *)pg;
	struct robust_mutex *m1 = (void *)(pg + 64), *m2 = (void *)(pg + 128),
			    *m3 = (void *)(pg + 192);
	void *got = NULL;
	size_t len = 0;
	pid_t pid;
	int st;

	CHECK(pg != NULL);
	CHECK(sys6(NR_SET_ROBUST_LIST, (long)head, 23, 0, 0, 0, 0) == -1 && errno == EINVAL);
	pid = fork();
	if (pid == 0) {
		int tid = (int)sys6(NR_GETTID, 0, 0, 0, 0, 0, 0);

		head->futex_offset = 8;
		head->next = m1;
		m1->next = m2;
		m2->next = head; /* m3 is the pending one */
		head->pending = m3;
		m1->lock = (uint32_t)tid | F_WAITERS;
		m2->lock = (uint32_t)getppid(); /* held by another: left alone */
		m3->lock = (uint32_t)tid;
		if (sys6(NR_SET_ROBUST_LIST, (long)head, sizeof(*head), 0, 0, 0, 0) != 0)
			_exit(1);
		if (sys6(NR_GET_ROBUST_LIST, 0, (long)&got, (long)&len, 0, 0, 0) != 0 ||
		    got != head || len != sizeof(*head))
			_exit(2);
		_exit(0);
	}
	CHECK(pid > 0);
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(m1->lock == (F_WAITERS | F_OWNER_DIED));
	CHECK(m2->lock == (uint32_t)getpid());
	CHECK(m3->lock == F_OWNER_DIED);
	/* Our own list: none set yet in this process. */
	CHECK(sys6(NR_GET_ROBUST_LIST, 0, (long)&got, (long)&len, 0, 0, 0) == 0);
	CHECK(sys6(NR_GET_ROBUST_LIST, 0, 16, (long)&len, 0, 0, 0) == -1 && errno == EFAULT);
	CHECK(sys6(NR_GET_ROBUST_LIST, dead_pid(), (long)&got, (long)&len, 0, 0, 0) == -1 &&
	      errno == ESRCH);
	munmap(pg, 4096);
}

/* A robust list that loops forever: the walk stops after 2048 entries. */
TEST(robust_list_cycle_is_bounded)
{
	char *pg = shared_page();
	pid_t pid;
	int st;

	CHECK(pg != NULL);
	pid = fork();
	if (pid == 0) {
		struct robust_head *head = (void *)pg;
		struct robust_mutex *m = (void *)(pg + 64);

		head->next = m;
		head->futex_offset = 8;
		head->pending = NULL;
		m->next = m; /* a cycle that never returns to the head */
		m->lock = 0;
		sys6(NR_SET_ROBUST_LIST, (long)head, sizeof(*head), 0, 0, 0, 0);
		_exit(3);
	}
	CHECK(pid > 0);
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3);
	munmap(pg, 4096);
}

TEST(memory_comes_back_after_clones)
{
	long before, after;
	int i, st;

	SKIP_IF(!on_breenix(), "free memory moves with everything else on the host");
	/* Warm up what the first clones allocate for good. */
	for (i = 0; i < 10; i++) {
		long pid = tclone(C_VM | C_VFORK | SIGCHLD, child_stack[1] + sizeof(child_stack[1]),
				  NULL, NULL, 0, vfork_child, NULL);
		CHECK(pid > 0 && waitpid((pid_t)pid, &st, 0) == pid);
	}
	before = free_kib();
	for (i = 0; i < 200; i++) {
		long pid = i % 2 ? clone_fork(SIGCHLD, NULL, NULL, 0) :
				   tclone(C_VM | C_VFORK | SIGCHLD,
					  child_stack[1] + sizeof(child_stack[1]), NULL, NULL, 0,
					  vfork_child, NULL);

		if (pid == 0)
			_exit(0);
		CHECK(pid > 0 && waitpid((pid_t)pid, &st, 0) == pid);
	}
	after = free_kib();
	CHECK(before > 0 && after > before - 64); /* no leak per clone */
}

/*
 * A futex wait with a timeout, stopped for 1 s at 0.5 s and continued, goes
 * on to its deadline (Linux's futex_wait_restart): ETIMEDOUT about 2 s after
 * it began, not EINTR when continued.  The child's status says so.
 */
TEST(stopped_futex_wait_keeps_deadline)
{
	struct timespec half = { 0, 500000000 }, one = { 1, 0 };
	int ready[2], st;
	char c;
	pid_t pid;

	CHECK(pipe(ready) == 0);
	pid = fork();
	if (pid == 0) {
		static volatile uint32_t word;
		struct timespec ts = { 2, 0 };
		int64_t t0, took;
		long r;

		close(ready[0]);
		t0 = now_ns(CLOCK_MONOTONIC);
		if (write(ready[1], "r", 1) != 1)
			_exit(3);
		r = futex(&word, F_WAIT | F_PRIVATE, 0, &ts, NULL, 0);
		took = now_ns(CLOCK_MONOTONIC) - t0;
		if (r != -1 || errno != ETIMEDOUT)
			_exit(4);
		_exit(took < 1990000000 ? 5 : took >= 3000000000 ? 6 : 0);
	}
	close(ready[1]);
	CHECK(pid > 0 && read(ready[0], &c, 1) == 1);
	close(ready[0]);
	nanosleep(&half, NULL);
	CHECK(kill(pid, SIGSTOP) == 0);
	CHECK(waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st));
	nanosleep(&one, NULL);
	CHECK(kill(pid, SIGCONT) == 0);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st));
	CHECK(WEXITSTATUS(st) == 0);
}

/* ---- Threads (stage 2) ---- */

#define NR_PIPE2 293
#define NR_CLOSE 3
#define NR_WRITE 1
#define NR_READ 0
#define NR_GETPID 39
#define NR_FORK 57
#define NR_WAIT4 61
#define NR_KILL 62
#define NR_EXECVE 59
#define NR_NANOSLEEP 35
#define NR_SCHED_YIELD 24
#define NR_RT_SIGPROCMASK 14
#define NR_TGKILL 234
#define NR_TKILL 200
#define NR_EXIT_GROUP 231
#define NR_ARCH_PRCTL 158
#define ARCH_GET_FS 0x1003
#define C_SYSVSEM 0x40000ul
/* What glibc's pthread_create passes (musl's is the same but DETACHED). */
#define C_THREADS (C_VM | C_FS | C_FILES | C_SIGHAND | C_THREAD | C_SYSVSEM | \
		   C_PARENT_SETTID | C_CHILD_CLEARTID)

/* A system call from a thread: the raw result, errno untouched (it lives in TLS on glibc). */
static long raw6(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

#define NTHREADS 8
static char thread_stack[NTHREADS][32 * 1024] __attribute__((aligned(16)));
/* Each thread's tid word: set by PARENT_SETTID, cleared and woken by CHILD_CLEARTID. */
static volatile int thread_tid[NTHREADS];

static void raw_msleep(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	raw6(NR_NANOSLEEP, (long)&ts, 0, 0, 0, 0, 0);
}

/* Start fn(arg) in a thread of this process, with slot i's stack and tid word. */
static long start_thread(int i, int (*fn)(void *), void *arg)
{
	return tclone(C_THREADS, thread_stack[i] + sizeof(thread_stack[i]), (int *)&thread_tid[i],
		      (int *)&thread_tid[i], 0, fn, arg);
}

/* The child of a fork whose second thread runs fn(arg) while its main thread
 * either leaves alone with exit (60) and main_exit as status, or, when
 * main_exit is -1, waits 5 s and exits 2 (so a thread that fails to end the
 * process shows as status 2, never as a hang).  A failed thread start is
 * status 1.  Returns the child's pid to the parent. */
static pid_t fork_with_thread(int (*fn)(void *), void *arg, int main_exit)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	if (start_thread(0, fn, arg) <= 0)
		_exit(1);
	if (main_exit >= 0)
		raw6(NR_EXIT, main_exit, 0, 0, 0, 0, 0);
	msleep(5000);
	_exit(2);
}

/* Wait until thread i has ended (its tid word is 0), as pthread_join does. */
static void join_thread(int i)
{
	int v;

	while ((v = thread_tid[i]) != 0)
		raw6(NR_FUTEX, (long)&thread_tid[i], F_WAIT, (uint32_t)v, 0, 0, 0);
}

static volatile long th_val[8];

static int ids_thread(void *arg)
{
	(void)arg;
	th_val[0] = raw6(NR_GETPID, 0, 0, 0, 0, 0, 0);
	th_val[1] = raw6(NR_GETTID, 0, 0, 0, 0, 0, 0);
	th_val[2] = thread_tid[0]; /* PARENT_SETTID wrote it before the thread ran */
	return 0;
}

TEST(thread_ids)
{
	long tid;

	memset((void *)th_val, 0, sizeof(th_val));
	tid = start_thread(0, ids_thread, NULL);
	CHECK(tid > 0);
	join_thread(0);
	CHECK(th_val[0] == getpid()); /* getpid is the tgid in every thread */
	CHECK(th_val[1] == tid && tid != getpid());
	CHECK(th_val[2] == tid);
	CHECK(thread_tid[0] == 0); /* CLEARTID at its end */
	CHECK(sys6(NR_GETTID, 0, 0, 0, 0, 0, 0) == getpid());
	CHECK(no_children()); /* a thread is nobody's child */
}

/* Thread: make a pipe, write into the parent's descriptor, close one the parent opened. */
static int fds_thread(void *arg)
{
	int *fds = arg, p[2];

	if (raw6(NR_PIPE2, (long)p, 0, 0, 0, 0, 0) != 0)
		return 1;
	th_val[0] = p[0];
	th_val[1] = p[1];
	th_val[2] = raw6(NR_WRITE, fds[1], (long)"hi", 2, 0, 0, 0);
	th_val[3] = raw6(NR_CLOSE, fds[2], 0, 0, 0, 0, 0);
	th_val[4] = 1234; /* memory is shared */
	return 0;
}

TEST(thread_shares_memory_and_descriptors)
{
	int fds[3], victim[2];
	char buf[4] = { 0 };

	CHECK(pipe(fds) == 0 && pipe(victim) == 0);
	close(victim[0]);
	fds[2] = victim[1];
	memset((void *)th_val, 0, sizeof(th_val));
	CHECK(start_thread(0, fds_thread, fds) > 0);
	join_thread(0);
	CHECK(th_val[4] == 1234 && th_val[2] == 2 && th_val[3] == 0);
	CHECK(read(fds[0], buf, 2) == 2 && memcmp(buf, "hi", 2) == 0);
	CHECK(write((int)th_val[1], "ok", 2) == 2); /* the thread's pipe is ours */
	CHECK(read((int)th_val[0], buf, 2) == 2 && memcmp(buf, "ok", 2) == 0);
	CHECK(close(fds[2]) == -1 && errno == EBADF); /* the thread closed it for us */
	close(fds[0]);
	close(fds[1]);
	close((int)th_val[0]);
	close((int)th_val[1]);
}

static int tls_thread(void *arg)
{
	(void)arg;
	if (raw6(NR_ARCH_PRCTL, ARCH_GET_FS, (long)&th_val[0], 0, 0, 0, 0) != 0)
		th_val[0] = -1;
	return 0;
}

TEST(thread_settls)
{
	static uint64_t fake_tcb[64] __attribute__((aligned(64)));
	unsigned long tls = (unsigned long)&fake_tcb[32];
	long tid;

	fake_tcb[32] = tls; /* the x86_64 TCB starts with a pointer to itself */
	th_val[0] = 0;
	tid = tclone(C_THREADS | C_SETTLS, thread_stack[0] + sizeof(thread_stack[0]),
		     (int *)&thread_tid[0], (int *)&thread_tid[0], tls, tls_thread, NULL);
	CHECK(tid > 0);
	join_thread(0);
	CHECK(th_val[0] == (long)tls);
}

/* A futex mutex (Drepper's "Futexes are tricky", mutex 2): 0 free, 1 locked, 2 contended. */
static void fmutex_lock(volatile uint32_t *m)
{
	uint32_t c = 0;

	if (__atomic_compare_exchange_n(m, &c, 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return;
	if (c != 2)
		c = __atomic_exchange_n(m, 2, __ATOMIC_SEQ_CST);
	while (c != 0) {
		raw6(NR_FUTEX, (long)m, F_WAIT | F_PRIVATE, 2, 0, 0, 0);
		c = __atomic_exchange_n(m, 2, __ATOMIC_SEQ_CST);
	}
}

static void fmutex_unlock(volatile uint32_t *m)
{
	if (__atomic_fetch_sub(m, 1, __ATOMIC_SEQ_CST) != 1) {
		__atomic_store_n(m, 0, __ATOMIC_SEQ_CST);
		raw6(NR_FUTEX, (long)m, F_WAKE | F_PRIVATE, 1, 0, 0, 0);
	}
}

static volatile uint32_t counter_lock;
static volatile long counter;
#define COUNT_PER_THREAD 2000

static int counter_thread(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < COUNT_PER_THREAD; i++) {
		long v;

		fmutex_lock(&counter_lock);
		v = counter;
		if (i % 64 == 0)
			raw6(NR_SCHED_YIELD, 0, 0, 0, 0, 0, 0); /* hold it while others run */
		counter = v + 1;
		fmutex_unlock(&counter_lock);
	}
	return 0;
}

TEST(futex_mutex_under_8_threads)
{
	int i;

	counter = 0;
	counter_lock = 0;
	for (i = 0; i < NTHREADS; i++)
		CHECK(start_thread(i, counter_thread, NULL) > 0);
	for (i = 0; i < NTHREADS; i++)
		join_thread(i);
	CHECK(counter == (long)NTHREADS * COUNT_PER_THREAD);
	CHECK(counter_lock == 0);
}

static int sleep_then_exit_thread(void *arg)
{
	raw_msleep(150);
	return (int)(long)arg;
}

/* exit (60) in the main thread ends only it: the other runs on, and the
 * process's status is the last thread's (as Linux 6 reports it). */
TEST(thread_exit_ends_one_thread)
{
	int st;
	pid_t pid = fork_with_thread(sleep_then_exit_thread, (void *)9L, 3);

	CHECK(pid > 0);
	msleep(50);
	CHECK(waitpid(pid, &st, WNOHANG) == 0); /* the other thread still runs */
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 9);
}

static int exit_group_thread(void *arg)
{
	(void)arg;
	raw_msleep(30);
	raw6(NR_EXIT_GROUP, 5, 0, 0, 0, 0, 0);
	return 1;
}

/* exit_group in a thread ends the main thread in its sleep too. */
TEST(thread_exit_group_ends_all)
{
	int64_t t0 = now_ns(CLOCK_MONOTONIC);
	int st;
	pid_t pid = fork_with_thread(exit_group_thread, NULL, -1);

	CHECK(pid > 0);
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 5);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 < 3000000000ll);
}

static volatile int *volatile nowhere; /* NULL, out of the compiler's sight */

static int crash_thread(void *arg)
{
	(void)arg;
	raw_msleep(30);
	*nowhere = 1;
	return 0;
}

/* A fatal signal in one thread ends the whole process. */
TEST(thread_fatal_signal_ends_all)
{
	int st;
	pid_t pid = fork_with_thread(crash_thread, NULL, -1);

	CHECK(pid > 0);
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
}

static volatile long handler_tid;

static void record_tid(int sig)
{
	(void)sig;
	handler_tid = raw6(NR_GETTID, 0, 0, 0, 0, 0, 0);
}

static volatile int spin_stop;

static int spin_thread(void *arg)
{
	(void)arg;
	while (!spin_stop)
		raw_msleep(5);
	return 0;
}

/* tgkill reaches the one thread named; bad ids are EINVAL or ESRCH. */
TEST(tgkill_to_a_thread)
{
	struct sigaction sa;
	long tid;
	int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = record_tid;
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
	handler_tid = 0;
	spin_stop = 0;
	tid = start_thread(0, spin_thread, NULL);
	CHECK(tid > 0);
	CHECK(sys6(NR_TGKILL, getpid(), tid, SIGUSR1, 0, 0, 0) == 0);
	for (i = 0; i < 200 && handler_tid == 0; i++)
		msleep(5);
	CHECK(handler_tid == tid);
	CHECK(sys6(NR_TGKILL, getpid(), tid, 0, 0, 0, 0) == 0);         /* exists */
	CHECK(sys6(NR_TGKILL, dead_pid(), tid, SIGUSR1, 0, 0, 0) == -1 && errno == ESRCH);
	CHECK(sys6(NR_TGKILL, getpid(), 0, SIGUSR1, 0, 0, 0) == -1 && errno == EINVAL);
	CHECK(sys6(NR_TGKILL, -1, tid, SIGUSR1, 0, 0, 0) == -1 && errno == EINVAL);
	CHECK(sys6(NR_TGKILL, getpid(), tid, 65, 0, 0, 0) == -1 && errno == EINVAL);
	handler_tid = 0;
	CHECK(sys6(NR_TKILL, tid, SIGUSR1, 0, 0, 0, 0) == 0);
	for (i = 0; i < 200 && handler_tid == 0; i++)
		msleep(5);
	CHECK(handler_tid == tid);
	spin_stop = 1;
	join_thread(0);
	CHECK(sys6(NR_TGKILL, getpid(), tid, 0, 0, 0, 0) == -1 && errno == ESRCH); /* gone */
	CHECK(sys6(NR_TKILL, tid, 0, 0, 0, 0, 0) == -1 && errno == ESRCH);
	signal(SIGUSR1, SIG_DFL);
}

static int unblock_thread(void *arg)
{
	uint64_t set = 1ull << (SIGUSR2 - 1), old = 0;

	(void)arg;
	/* This thread's mask only: the main thread keeps SIGUSR2 blocked. */
	raw6(NR_RT_SIGPROCMASK, SIG_UNBLOCK, (long)&set, (long)&old, 8, 0, 0);
	th_val[0] = (long)(old & set) != 0; /* inherited blocked */
	th_val[1] = 1;
	while (!spin_stop)
		raw_msleep(5);
	return 0;
}

/* kill() to the process goes to the thread that does not block the signal. */
TEST(kill_goes_to_the_unblocked_thread)
{
	struct sigaction sa;
	sigset_t set, cur;
	long tid;
	int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = record_tid;
	CHECK(sigaction(SIGUSR2, &sa, NULL) == 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	handler_tid = 0;
	spin_stop = 0;
	th_val[0] = th_val[1] = 0;
	tid = start_thread(0, unblock_thread, NULL);
	CHECK(tid > 0);
	for (i = 0; i < 200 && th_val[1] == 0; i++)
		msleep(5);
	CHECK(th_val[1] == 1 && th_val[0] == 1);
	CHECK(sigprocmask(SIG_BLOCK, NULL, &cur) == 0 && sigismember(&cur, SIGUSR2));
	CHECK(kill(getpid(), SIGUSR2) == 0);
	for (i = 0; i < 200 && handler_tid == 0; i++)
		msleep(5);
	CHECK(handler_tid == tid);
	CHECK(sigpending(&cur) == 0 && !sigismember(&cur, SIGUSR2));
	spin_stop = 1;
	join_thread(0);
	/* Now nobody takes it: it stays pending on the process for the main thread. */
	CHECK(kill(getpid(), SIGUSR2) == 0);
	CHECK(sigpending(&cur) == 0 && sigismember(&cur, SIGUSR2));
	handler_tid = 0;
	CHECK(sigprocmask(SIG_UNBLOCK, &set, NULL) == 0);
	CHECK(handler_tid == getpid());
	signal(SIGUSR2, SIG_DFL);
}

static int exec_thread(void *arg)
{
	char *const argv[] = { "true", NULL };

	(void)arg;
	raw_msleep(20);
	raw6(NR_EXECVE, (long)"/bin/true", (long)argv, (long)(argv + 1), 0, 0, 0);
	return 99;
}

/* execve in a thread ends the others (the main thread too) and keeps the pid. */
TEST(execve_from_a_thread)
{
	int64_t t0 = now_ns(CLOCK_MONOTONIC);
	int st;
	pid_t pid = fork_with_thread(exec_thread, NULL, -1);

	CHECK(pid > 0);
	CHECK(waitpid(pid, &st, 0) == pid); /* the same pid: the exec'd program */
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 < 3000000000ll);
}

static int fork_thread(void *arg)
{
	long pid;

	(void)arg;
	pid = raw6(NR_FORK, 0, 0, 0, 0, 0, 0);
	if (pid == 0) {
		/* The child: one thread, its tid the new pid. */
		long me = raw6(NR_GETPID, 0, 0, 0, 0, 0, 0);

		raw6(NR_EXIT_GROUP, me == raw6(NR_GETTID, 0, 0, 0, 0, 0, 0) ? 4 : 1, 0, 0, 0, 0, 0);
	}
	th_val[0] = pid;
	return 0;
}

/* fork in a thread: the child is the process's, and the main thread may wait for it. */
TEST(fork_from_a_thread)
{
	int st;

	th_val[0] = 0;
	CHECK(start_thread(0, fork_thread, NULL) > 0);
	join_thread(0);
	CHECK(th_val[0] > 0);
	CHECK(waitpid((pid_t)th_val[0], &st, 0) == th_val[0]);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 4);
}

/* wait4 sees processes, never threads, and a thread ending sends no SIGCHLD. */
TEST(wait4_does_not_see_threads)
{
	long tid;
	int st;

	got_usr1 = 0;
	spin_stop = 0;
	tid = start_thread(0, spin_thread, NULL);
	CHECK(tid > 0);
	CHECK(waitpid(-1, &st, WNOHANG) == -1 && errno == ECHILD);
	CHECK(waitpid((pid_t)tid, &st, 0x40000000 | WNOHANG) == -1 && errno == ECHILD);
	spin_stop = 1;
	join_thread(0);
	CHECK(waitpid(-1, &st, 0x40000000 | WNOHANG) == -1 && errno == ECHILD);
}

static volatile int vm_only_word;

static int vm_only_child(void *arg)
{
	(void)arg;
	vm_only_word = 77;
	return 8;
}

/* CLONE_VM alone (no vfork, no thread): a process that shares our memory. */
TEST(clone_vm_alone_shares_memory)
{
	int st;
	long pid;

	vm_only_word = 0;
	pid = tclone(C_VM | SIGCHLD, child_stack[3] + sizeof(child_stack[3]), NULL, NULL, 0,
		     vm_only_child, NULL);
	CHECK(pid > 0);
	CHECK(waitpid((pid_t)pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 8);
	CHECK(vm_only_word == 77);
}

/* Linux's EINVAL combinations, with thread flags: nothing is created. */
TEST(clone_thread_flag_rules)
{
	CHECK(clone_fork(C_THREAD | C_VM | SIGCHLD, NULL, NULL, 0) == -1 && errno == EINVAL);
	CHECK(clone_fork(C_THREAD | C_SIGHAND | C_FS | C_FILES, NULL, NULL, 0) == -1 &&
	      errno == EINVAL); /* SIGHAND without VM */
	CHECK(clone_fork(C_SIGHAND | C_FILES | SIGCHLD, NULL, NULL, 0) == -1 && errno == EINVAL);
	CHECK(clone_fork(C_THREADS | C_NEWNS, NULL, NULL, 0) == -1 && errno == EINVAL);
	CHECK(no_children());
}

/* 200 threads made and ended one after another: the memory comes back. */
TEST(memory_comes_back_after_threads)
{
	long before, after;
	int i;

	SKIP_IF(!on_breenix(), "free memory moves with everything else on the host");
	for (i = 0; i < 10; i++) {
		CHECK(start_thread(0, ids_thread, NULL) > 0);
		join_thread(0);
	}
	before = free_kib();
	for (i = 0; i < 200; i++) {
		CHECK(start_thread(0, ids_thread, NULL) > 0);
		join_thread(0);
	}
	after = free_kib();
	CHECK(before > 0 && after > before - 64);
}

/* Whether file path contains text. */
static int file_has(const char *path, const char *text)
{
	char buf[2048];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strstr(buf, text) != NULL;
}

/* Whether directory path lists name. */
static int dir_has(const char *path, const char *name)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int found = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		found |= strcmp(e->d_name, name) == 0;
	closedir(d);
	return found;
}

/* /proc/<pid>/task/<tid>/: a directory per thread, with its own stat and status. */
TEST(proc_task_directory)
{
	char path[96], text[64], name[24];
	struct stat st;
	long tid;
	int i;

	spin_stop = 0;
	tid = start_thread(0, spin_thread, NULL);
	CHECK(tid > 0);
	snprintf(path, sizeof(path), "/proc/%d/task", (int)getpid());
	snprintf(name, sizeof(name), "%ld", tid);
	CHECK(dir_has(path, name));
	snprintf(name, sizeof(name), "%d", (int)getpid());
	CHECK(dir_has(path, name));
	snprintf(path, sizeof(path), "/proc/%d/task/%ld/status", (int)getpid(), tid);
	snprintf(text, sizeof(text), "\nPid:\t%ld\n", tid);
	CHECK(file_has(path, text));
	snprintf(text, sizeof(text), "\nTgid:\t%d\n", (int)getpid());
	CHECK(file_has(path, text));
	CHECK(file_has("/proc/self/status", "\nThreads:\t2\n"));
	snprintf(path, sizeof(path), "/proc/%d/task/%ld/stat", (int)getpid(), tid);
	snprintf(text, sizeof(text), "%ld (", tid);
	CHECK(file_has(path, text));
	snprintf(path, sizeof(path), "/proc/%d/task/%ld/comm", (int)getpid(), tid);
	CHECK(file_has(path, "t_thread\n"));
	CHECK(file_has("/proc/self/comm", "t_thread\n"));
	spin_stop = 1;
	join_thread(0);
	snprintf(path, sizeof(path), "/proc/%d/task/%ld", (int)getpid(), tid);
	for (i = 0; i < 100 && stat(path, &st) == 0; i++)
		msleep(10);
	CHECK(stat(path, &st) == -1 && errno == ENOENT);
}

/* CLONE_FILES alone: a process sharing our descriptor table; its exec takes a copy. */
TEST(clone_files_alone_shares_descriptors)
{
	int fds[2], cloexec_fd, st;
	long pid;

	CHECK(pipe(fds) == 0);
	cloexec_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	CHECK(cloexec_fd >= 0);
	pid = clone_fork(C_FILES | SIGCHLD, NULL, NULL, 0);
	if (pid == 0) {
		/* Our own memory, the parent's descriptors: close one, then exec. */
		char *const argv[] = { "true", NULL };

		close(fds[1]);
		execve("/bin/true", argv, NULL);
		_exit(99);
	}
	CHECK(pid > 0);
	CHECK(waitpid((pid_t)pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(close(fds[1]) == -1 && errno == EBADF); /* the child's close was ours */
	CHECK(fcntl(cloexec_fd, F_GETFD) == FD_CLOEXEC); /* its exec closed its own copy */
	close(cloexec_fd);
	close(fds[0]);
}

#define NR_MMAP 9
#define NR_MUNMAP 11
#define NR_MPROTECT 10

/* Thread: map, fill, check, protect and unmap its own memory, over and over. */
static int mm_thread(void *arg)
{
	long id = (long)arg, i, bad = 0;

	for (i = 0; i < 300; i++) {
		long len = 4096 * (1 + (i + id) % 4);
		volatile long *p = (volatile long *)raw6(NR_MMAP, 0, len, PROT_READ | PROT_WRITE,
							 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		long j;

		if ((unsigned long)p > -4096ul) {
			bad++;
			continue;
		}
		for (j = 0; j < len / 8; j += 512)
			p[j] = id * 1000 + j;
		for (j = 0; j < len / 8; j += 512)
			bad += p[j] != id * 1000 + j;
		bad += raw6(NR_MPROTECT, (long)p, 4096, PROT_READ, 0, 0, 0) != 0;
		bad += p[0] != id * 1000;
		bad += raw6(NR_MUNMAP, (long)p, len, 0, 0, 0, 0) != 0;
	}
	th_val[id] = bad;
	return 0;
}

/* mmap, mprotect and munmap in 8 threads of one map at once: each sees only its own. */
TEST(memory_calls_from_8_threads_at_once)
{
	long i, bad = 0;

	for (i = 0; i < NTHREADS; i++)
		th_val[i] = -1;
	for (i = 0; i < NTHREADS; i++)
		CHECK(start_thread((int)i, mm_thread, (void *)i) > 0);
	for (i = 0; i < NTHREADS; i++) {
		join_thread((int)i);
		bad += th_val[i];
	}
	CHECK(bad == 0);
}

static int blocked_reader(void *arg)
{
	int fd = *(int *)arg;
	char c = 0;

	th_val[0] = raw6(NR_READ, fd, (long)&c, 1, 0, 0, 0);
	th_val[1] = c;
	return 0;
}

/* A close in another thread does not pull the file from under a blocked read. */
TEST(close_while_another_thread_reads)
{
	int fds[2];

	CHECK(pipe(fds) == 0);
	th_val[0] = th_val[1] = -1;
	CHECK(start_thread(0, blocked_reader, &fds[0]) > 0);
	msleep(50);
	CHECK(close(fds[0]) == 0);
	CHECK(write(fds[1], "z", 1) == 1);
	join_thread(0);
	CHECK(th_val[0] == 1 && th_val[1] == 'z');
	close(fds[1]);
}

static int short_thread(void *arg)
{
	(void)arg;
	return 0;
}

/* Thread: make short-lived threads for ever (slots 1..3 in turn). */
static int breeder(void *arg)
{
	unsigned long n;

	(void)arg;
	for (n = 0;; n++) {
		int i = 1 + (int)(n % 3);

		while (thread_tid[i] != 0)
			raw6(NR_SCHED_YIELD, 0, 0, 0, 0, 0, 0);
		tclone(C_THREADS, thread_stack[i] + sizeof(thread_stack[i]), (int *)&thread_tid[i],
		       (int *)&thread_tid[i], 0, short_thread, NULL);
	}
	return 0;
}

/* execve while another thread keeps making threads: no thread escapes, the exec wins. */
TEST(execve_while_threads_are_being_born)
{
	int64_t t0 = now_ns(CLOCK_MONOTONIC);
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		if (start_thread(0, breeder, NULL) <= 0 || start_thread(4, exec_thread, NULL) <= 0)
			_exit(1);
		for (;;)
			pause();
	}
	CHECK(pid > 0);
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 < 5000000000ll);
}

static volatile uint64_t *stop_counters;

static int count_forever(void *arg)
{
	long i = (long)arg;

	for (;;)
		stop_counters[i]++;
	return 0;
}

/* SIGSTOP stops every thread of a process, SIGCONT resumes all (a group stop). */
TEST(stop_and_continue_every_thread)
{
	uint64_t a, b;
	int st;
	pid_t pid;

	stop_counters = shared_page();
	CHECK(stop_counters != NULL);
	stop_counters[0] = stop_counters[1] = 0;
	pid = fork();
	if (pid == 0) {
		if (start_thread(1, count_forever, (void *)1L) <= 0)
			_exit(1);
		count_forever((void *)0L);
	}
	CHECK(pid > 0);
	msleep(100);
	CHECK(kill(pid, SIGSTOP) == 0);
	CHECK(waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st));
	msleep(50); /* the other thread stops at its next kernel entry */
	a = stop_counters[0] + stop_counters[1];
	msleep(100);
	b = stop_counters[0] + stop_counters[1];
	CHECK(a == b && a > 0);
	CHECK(kill(pid, SIGCONT) == 0);
	msleep(100);
	a = stop_counters[1];
	msleep(100);
	CHECK(stop_counters[1] > a && stop_counters[0] > 0); /* both run again */
	CHECK(kill(pid, SIGKILL) == 0);
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	munmap((void *)stop_counters, 4096);
}

#define NR_SIGALTSTACK 131
#define NR_RT_SIGPENDING 127

static int pending_thread(void *arg)
{
	uint64_t set = 0;
	stack_t ss, old;
	static char alt[16384];

	(void)arg;
	/* Its own alternate stack: a new thread starts without one (Linux), the main thread keeps its. */
	th_val[2] = raw6(NR_SIGALTSTACK, 0, (long)&old, 0, 0, 0, 0) == 0 &&
		    (old.ss_flags & SS_DISABLE);
	ss.ss_sp = alt;
	ss.ss_size = sizeof(alt);
	ss.ss_flags = 0;
	th_val[3] = raw6(NR_SIGALTSTACK, (long)&ss, 0, 0, 0, 0, 0);
	th_val[1] = 1; /* ready */
	while (!spin_stop)
		raw_msleep(5);
	raw6(NR_RT_SIGPENDING, (long)&set, 8, 0, 0, 0, 0);
	th_val[0] = (long)set;
	return 0;
}

/* A signal sent to a thread that blocks it stays pending on that thread only. */
TEST(thread_directed_signal_pends_on_its_thread)
{
	sigset_t set, pend;
	stack_t old;
	long tid;
	int i;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0); /* the thread inherits the mask */
	spin_stop = 0;
	th_val[0] = th_val[1] = th_val[2] = 0;
	th_val[3] = -1;
	tid = start_thread(0, pending_thread, NULL);
	CHECK(tid > 0);
	for (i = 0; i < 200 && th_val[1] == 0; i++)
		msleep(5);
	CHECK(sys6(NR_TGKILL, getpid(), tid, SIGUSR1, 0, 0, 0) == 0);
	msleep(20);
	CHECK(sigpending(&pend) == 0 && !sigismember(&pend, SIGUSR1)); /* not ours */
	spin_stop = 1;
	join_thread(0);
	CHECK(th_val[0] == (long)(1ul << (SIGUSR1 - 1))); /* the thread's */
	CHECK(th_val[2] == 1 && th_val[3] == 0);
	CHECK(sigaltstack(NULL, &old) == 0 && (old.ss_flags & SS_DISABLE)); /* ours is untouched */
	CHECK(sigprocmask(SIG_UNBLOCK, &set, NULL) == 0); /* nothing pending: nothing happens */
}

static volatile uint32_t timed_word;

static int timed_waker(void *arg)
{
	(void)arg;
	raw_msleep(50);
	timed_word = 1;
	th_val[0] = raw6(NR_FUTEX, (long)&timed_word, F_WAKE | F_PRIVATE, 1, 0, 0, 0);
	return 0;
}

/* Timed waits between threads of one map: woken in time on both clocks, or timed out. */
TEST(futex_timed_waits_between_threads)
{
	struct timespec abs, rel = ns_ts(2000000000ll);
	int clocks[2] = { CLOCK_MONOTONIC, CLOCK_REALTIME }, c;
	int64_t t0;

	for (c = 0; c < 2; c++) {
		timed_word = 0;
		th_val[0] = -1;
		abs = ns_ts(now_ns(clocks[c]) + 2000000000ll);
		CHECK(start_thread(0, timed_waker, NULL) > 0);
		t0 = now_ns(CLOCK_MONOTONIC);
		CHECK(futex(&timed_word, F_WAIT_BITSET | F_PRIVATE | (c ? F_CLOCK_REALTIME : 0), 0,
			    &abs, NULL, 0xFFFFFFFFu) == 0 || (errno == EAGAIN && timed_word == 1));
		CHECK(now_ns(CLOCK_MONOTONIC) - t0 < 1500000000ll);
		join_thread(0);
		CHECK(th_val[0] >= 0 && th_val[0] <= 1);
	}
	/* Relative FUTEX_WAIT woken by a thread, then one that times out. */
	timed_word = 0;
	CHECK(start_thread(0, timed_waker, NULL) > 0);
	CHECK(futex(&timed_word, F_WAIT | F_PRIVATE, 0, &rel, NULL, 0) == 0 ||
	      (errno == EAGAIN && timed_word == 1));
	join_thread(0);
	rel = ns_ts(30000000);
	t0 = now_ns(CLOCK_MONOTONIC);
	CHECK(futex(&timed_word, F_WAIT | F_PRIVATE, 1, &rel, NULL, 0) == -1 && errno == ETIMEDOUT);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= 30000000ll);
}

static volatile uint32_t rq_a, rq_b;
static volatile int rq_go;

/* Thread: wait on rq_a with bitset 1 << i until told to go. */
static int rq_waiter(void *arg)
{
	long i = (long)arg;

	while (!rq_go)
		raw6(NR_FUTEX, (long)&rq_a, F_WAIT_BITSET | F_PRIVATE, 0, 0, 0, 1l << i);
	return 0;
}

/* WAKE_BITSET picks the waiter by its bits, CMP_REQUEUE moves threads to another word. */
TEST(futex_bitset_and_requeue_between_threads)
{
	long i;

	rq_a = rq_b = 0;
	rq_go = 0;
	for (i = 0; i < 4; i++)
		CHECK(start_thread((int)i, rq_waiter, (void *)i) > 0);
	msleep(150); /* all four asleep on rq_a */
	CHECK(futex(&rq_a, F_WAKE_BITSET | F_PRIVATE, 4, NULL, NULL, 1u << 9) == 0);
	CHECK(futex(&rq_a, F_WAKE_BITSET | F_PRIVATE, 4, NULL, NULL, 1u << 2) == 1);
	msleep(50); /* it waits again (rq_go is 0) */
	rq_go = 1;
	CHECK(futex(&rq_a, F_CMP_REQUEUE | F_PRIVATE, 1, (struct timespec *)0x7FFFFFFF, &rq_b, 1) ==
	      -1 && errno == EAGAIN); /* rq_a is 0, not 1 */
	CHECK(futex(&rq_a, F_CMP_REQUEUE | F_PRIVATE, 1, (struct timespec *)0x7FFFFFFF, &rq_b, 0) ==
	      4); /* one woken, three moved */
	CHECK(futex(&rq_a, F_WAKE | F_PRIVATE, 4, NULL, NULL, 0) == 0); /* none left on rq_a */
	CHECK(futex(&rq_b, F_WAKE | F_PRIVATE, 4, NULL, NULL, 0) == 3);
	for (i = 0; i < 4; i++)
		join_thread((int)i);
}

static volatile long *zl_out;
static volatile int zl_leader;

static int zombie_leader_prober(void *arg)
{
	(void)arg;
	raw_msleep(100); /* the leader has called exit (60) by now */
	zl_out[0] = raw6(NR_TGKILL, zl_leader, zl_leader, 0, 0, 0, 0);
	zl_out[1] = raw6(NR_KILL, zl_leader, 0, 0, 0, 0, 0);
	zl_out[2] = raw6(NR_GETPID, 0, 0, 0, 0, 0, 0);
	zl_out[3] = 1;
	return 0;
}

/* After the leader's exit (60) the process lives on under its pid, and answers to it. */
TEST(zombie_leader_keeps_the_pid)
{
	int st;
	pid_t pid;

	zl_out = shared_page();
	CHECK(zl_out != NULL);
	pid = fork();
	if (pid == 0) {
		zl_leader = getpid();
		if (start_thread(0, zombie_leader_prober, NULL) <= 0)
			_exit(1);
		raw6(NR_EXIT, 0, 0, 0, 0, 0, 0);
	}
	CHECK(pid > 0);
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(zl_out[3] == 1);
	CHECK(zl_out[0] == 0 && zl_out[1] == 0); /* tgkill and kill of the leader's id: fine */
	CHECK(zl_out[2] == pid);                 /* getpid is still the tgid */
	munmap((void *)zl_out, 4096);
	/* A zombie process still exists for tgkill and tkill, as for kill. */
	pid = fork();
	if (pid == 0)
		_exit(0);
	CHECK(pid > 0);
	msleep(50);
	CHECK(sys6(NR_TGKILL, pid, pid, 0, 0, 0, 0) == 0);
	CHECK(sys6(NR_TKILL, pid, 0, 0, 0, 0, 0) == 0);
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(sys6(NR_TKILL, pid, 0, 0, 0, 0, 0) == -1 && errno == ESRCH);
}

int main(void)
{
	utest_suite = "thread";
	setvbuf(stdout, NULL, _IONBF, 0);
	RUN(clone_fork_like_and_wait4);
	RUN(clone_fork_like_with_cleartid);
	RUN(clone_vfork_like_suspends_parent);
	RUN(clone_vfork_like_exec_resumes_parent);
	RUN(clone_vfork_parent_is_killable);
	RUN(clone_exit_signal_and_wclone);
	RUN(clone_noncanonical_stack_kills_only_the_child);
	RUN(clone_rejects_bad_flags_without_a_process);
	RUN(clone3_falls_back);
	RUN(gettid_and_set_tid_address);
	RUN(futex_errors);
	RUN(futex_timeouts);
	RUN(futex_wait_interrupted_by_a_signal);
	RUN(futex_wake_across_fork_in_shared_memory);
	RUN(futex_bitset_wake);
	RUN(futex_cmp_requeue);
	RUN(stopped_futex_wait_keeps_deadline);
	RUN(robust_list_marks_owner_died);
	RUN(robust_list_cycle_is_bounded);
	RUN(memory_comes_back_after_clones);
	RUN(thread_ids);
	RUN(thread_shares_memory_and_descriptors);
	RUN(thread_settls);
	RUN(futex_mutex_under_8_threads);
	RUN(thread_exit_ends_one_thread);
	RUN(thread_exit_group_ends_all);
	RUN(thread_fatal_signal_ends_all);
	RUN(tgkill_to_a_thread);
	RUN(kill_goes_to_the_unblocked_thread);
	RUN(execve_from_a_thread);
	RUN(fork_from_a_thread);
	RUN(wait4_does_not_see_threads);
	RUN(clone_vm_alone_shares_memory);
	RUN(clone_files_alone_shares_descriptors);
	RUN(clone_thread_flag_rules);
	RUN(memory_comes_back_after_threads);
	RUN(proc_task_directory);
	RUN(memory_calls_from_8_threads_at_once);
	RUN(close_while_another_thread_reads);
	RUN(execve_while_threads_are_being_born);
	RUN(stop_and_continue_every_thread);
	RUN(thread_directed_signal_pends_on_its_thread);
	RUN(futex_timed_waits_between_threads);
	RUN(futex_bitset_and_requeue_between_threads);
	RUN(zombie_leader_keeps_the_pid);
	return utest_failures != 0;
}
