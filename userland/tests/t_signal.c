/*
 * t_signal: signals and job control.  Handlers run and return into the
 * interrupted code with every register intact; masks hold signals back
 * until unblocked; faults become catchable signals carrying the address;
 * SIGKILL cannot be caught or blocked; EINTR versus SA_RESTART; SIGCHLD,
 * automatic reaping, stop and continue seen by waitpid; signals to a
 * process group; forged rt_sigreturn frames that must not gain
 * privileges; the alternate stack, sigsuspend, timers; ignored signals
 * that must not interrupt a sleep.  Process groups (kern/pgrp.c):
 * setpgid's errors in Linux's order, kill(-pgid) of a group whose leader
 * is gone, and SIGHUP + SIGCONT to a stopped group that an exit orphans.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

static volatile sig_atomic_t got, got_sig, got_code, got_pid;
static volatile uintptr_t got_addr;

static void on_sig(int sig)
{
	got++;
	got_sig = sig;
}

static void on_info(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got++;
	got_sig = sig;
	got_code = si->si_code;
	got_pid = si->si_pid;
	got_addr = (uintptr_t)si->si_addr;
}

static int set_handler(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	return sigaction(sig, &sa, NULL);
}

static int set_info_handler(int sig, int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_info;
	sa.sa_flags = SA_SIGINFO | flags;
	return sigaction(sig, &sa, NULL);
}

static void reset(void)
{
	got = got_sig = got_code = got_pid = 0;
	got_addr = 0;
}

static int wait_status(pid_t pid, int options)
{
	int status;

	return waitpid(pid, &status, options) == pid ? status : -1;
}

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* A handler that uses every caller-saved register and the SSE registers. */
static void on_sig_busy(int sig)
{
	volatile double x = 1.5;
	int i;

	for (i = 0; i < 100; i++)
		x = x * 1.0001 + sig;
	got++;
}

TEST(handler_returns_with_registers_intact)
{
	struct {
		uint64_t in[8], out[8], xmm_in[2], xmm_out[2];
	} r = {
		.in = { 0x1111111111111111, 0x2222222222222222, 0x3333333333333333,
			0x4444444444444444, 0x5555555555555555, 0x6666666666666666,
			0x7777777777777777, 0x8888888888888888 },
		.xmm_in = { 0x0123456789abcdef, 0xfedcba9876543210 },
	};
	long ret;

	reset();
	CHECK(set_handler(SIGUSR1, on_sig_busy, 0) == 0);
	/* kill(getpid(), SIGUSR1) with known values in registers the handler will trash. */
	__asm__ volatile(
		"movdqu 128(%%rdx), %%xmm7\n\t"
		"mov 0(%%rdx), %%rbx\n\t"
		"mov 8(%%rdx), %%r8\n\t"
		"mov 16(%%rdx), %%r9\n\t"
		"mov 24(%%rdx), %%r10\n\t"
		"mov 32(%%rdx), %%r12\n\t"
		"mov 40(%%rdx), %%r13\n\t"
		"mov 48(%%rdx), %%r14\n\t"
		"mov 56(%%rdx), %%r15\n\t"
		"syscall\n\t"
		"mov %%rbx, 64(%%rdx)\n\t"
		"mov %%r8, 72(%%rdx)\n\t"
		"mov %%r9, 80(%%rdx)\n\t"
		"mov %%r10, 88(%%rdx)\n\t"
		"mov %%r12, 96(%%rdx)\n\t"
		"mov %%r13, 104(%%rdx)\n\t"
		"mov %%r14, 112(%%rdx)\n\t"
		"mov %%r15, 120(%%rdx)\n\t"
		"movdqu %%xmm7, 144(%%rdx)\n\t"
		: "=a"(ret)
		: "a"((long)SYS_kill), "D"((long)getpid()), "S"((long)SIGUSR1), "d"(&r)
		: "rbx", "rcx", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "xmm7",
		  "memory");
	CHECK(ret == 0);
	CHECK(got == 1);
	CHECK(memcmp(r.in, r.out, sizeof(r.in)) == 0);
	CHECK(memcmp(r.xmm_in, r.xmm_out, sizeof(r.xmm_in)) == 0);
	signal(SIGUSR1, SIG_DFL);
}

TEST(siginfo_from_kill)
{
	reset();
	CHECK(set_info_handler(SIGUSR2, 0) == 0);
	CHECK(kill(getpid(), SIGUSR2) == 0);
	CHECK(got == 1 && got_sig == SIGUSR2 && got_code == SI_USER && got_pid == getpid());
	CHECK(kill(getpid(), 0) == 0);
	CHECK(kill(getpid(), 99) == -1 && errno == EINVAL);
	CHECK(kill(dead_pid(), SIGUSR2) == -1 && errno == ESRCH);
	CHECK(sigaction(SIGKILL, &(struct sigaction){ .sa_handler = on_sig }, NULL) == -1 &&
	      errno == EINVAL);
	signal(SIGUSR2, SIG_DFL);
}

TEST(mask_holds_until_unblocked)
{
	sigset_t set, old, pend;

	reset();
	CHECK(set_handler(SIGUSR1, on_sig, 0) == 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK(sigprocmask(SIG_BLOCK, &set, &old) == 0);
	CHECK(kill(getpid(), SIGUSR1) == 0);
	CHECK(got == 0);
	CHECK(sigpending(&pend) == 0 && sigismember(&pend, SIGUSR1));
	CHECK(kill(getpid(), SIGUSR1) == 0); /* standard signals do not queue */
	CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
	CHECK(got == 1);
	CHECK(sigpending(&pend) == 0 && !sigismember(&pend, SIGUSR1));
	sigfillset(&set);
	CHECK(sigprocmask(SIG_SETMASK, &set, &old) == 0);
	CHECK(sigprocmask(SIG_SETMASK, NULL, &set) == 0 && !sigismember(&set, SIGKILL) &&
	      !sigismember(&set, SIGSTOP));
	CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
	signal(SIGUSR1, SIG_DFL);
}

static char *prot_page;

static void on_segv_fix(int sig, siginfo_t *si, void *uc)
{
	on_info(sig, si, uc);
	mprotect(prot_page, 4096, PROT_READ | PROT_WRITE); /* the retry then succeeds */
}

TEST(sigsegv_caught_with_address)
{
	struct sigaction sa;

	reset();
	prot_page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(prot_page != MAP_FAILED);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv_fix;
	sa.sa_flags = SA_SIGINFO;
	CHECK(sigaction(SIGSEGV, &sa, NULL) == 0);
	((volatile char *)prot_page)[123] = 'x';
	CHECK(got == 1 && got_sig == SIGSEGV);
	CHECK(got_addr == (uintptr_t)prot_page + 123);
	CHECK(got_code == SEGV_ACCERR);
	CHECK(prot_page[123] == 'x');
	signal(SIGSEGV, SIG_DFL);
	munmap(prot_page, 4096);
}

static void exit_with(int sig)
{
	_exit(40 + sig);
}

/* Run fn in a child with a handler for sig that exits 40 + sig; its status. */
static int child_fault(int sig, void (*fn)(void))
{
	pid_t pid = fork();

	if (pid == 0) {
		set_handler(sig, exit_with, 0);
		fn();
		_exit(0);
	}
	return wait_status(pid, 0);
}

static volatile int zero;
static int *volatile bad_ptr = (int *)16; /* hidden from the compiler's bounds checks */

static void divide_by_zero(void)
{
	zero = 10 / zero;
}

static void invalid_opcode(void)
{
	__asm__ volatile("ud2");
}

static void breakpoint(void)
{
	__asm__ volatile("int3");
}

static void privileged(void)
{
	__asm__ volatile("cli");
}

static void read_gdtr(void)
{
	struct __attribute__((packed)) { uint16_t limit; uint64_t base; } gdtr;

	__asm__ volatile("sgdt %0" : "=m"(gdtr));
}

TEST(faults_become_signals)
{
	int st;

	st = child_fault(SIGFPE, divide_by_zero);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 40 + SIGFPE);
	st = child_fault(SIGILL, invalid_opcode);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 40 + SIGILL);
	st = child_fault(SIGTRAP, breakpoint);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 40 + SIGTRAP);
	st = child_fault(SIGSEGV, privileged);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 40 + SIGSEGV);
	if (on_breenix()) { /* UMIP: no kernel addresses for user mode (Linux emulates sgdt) */
		st = child_fault(SIGSEGV, read_gdtr);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 40 + SIGSEGV);
	}
}

static void on_segv_fault_again(int sig)
{
	(void)sig;
	*bad_ptr = 1;
}

TEST(fault_in_handler_kills)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		set_handler(SIGSEGV, on_segv_fault_again, 0);
		*bad_ptr = 2;
		_exit(0);
	}
	st = wait_status(pid, 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
}

TEST(sigkill_cannot_be_stopped)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		sigset_t all;
		int s;

		sigfillset(&all);
		sigprocmask(SIG_BLOCK, &all, NULL);
		for (s = 1; s < 32; s++)
			signal(s, SIG_IGN);
		for (;;)
			pause();
	}
	nap_ms(20);
	CHECK(kill(pid, SIGTERM) == 0);
	CHECK(waitpid(pid, &st, WNOHANG) == 0); /* blocked and ignored: still alive */
	CHECK(kill(pid, SIGKILL) == 0);
	st = wait_status(pid, 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
}

static int restart_pipe[2];

static void on_alarm_write(int sig)
{
	(void)sig;
	got++;
	write(restart_pipe[1], "r", 1);
}

static void arm_ms(long ms)
{
	struct itimerval it = { { 0, 0 }, { ms / 1000, (ms % 1000) * 1000 } };

	setitimer(ITIMER_REAL, &it, NULL);
}

TEST(eintr_versus_restart)
{
	char c;

	reset();
	CHECK(pipe(restart_pipe) == 0);
	CHECK(set_handler(SIGALRM, on_alarm_write, 0) == 0); /* no SA_RESTART */
	arm_ms(30);
	CHECK(read(restart_pipe[0], &c, 1) == -1 && errno == EINTR);
	CHECK(got == 1);
	CHECK(read(restart_pipe[0], &c, 1) == 1 && c == 'r');
	CHECK(set_handler(SIGALRM, on_alarm_write, SA_RESTART) == 0);
	arm_ms(30);
	CHECK(read(restart_pipe[0], &c, 1) == 1 && c == 'r'); /* restarted, then got the byte */
	CHECK(got == 2);
	signal(SIGALRM, SIG_DFL);
	close(restart_pipe[0]);
	close(restart_pipe[1]);
}

TEST(ignored_signal_does_not_interrupt)
{
	struct timespec ts = { 0, 150000000 };
	pid_t parent = getpid(), pid;

	signal(SIGUSR2, SIG_IGN);
	pid = fork();
	if (pid == 0) {
		nap_ms(30);
		kill(parent, SIGUSR2);
		_exit(0);
	}
	CHECK(nanosleep(&ts, NULL) == 0);
	CHECK(wait_status(pid, 0) == 0);
	signal(SIGUSR2, SIG_DFL);
}

TEST(sigchld_on_exit)
{
	pid_t pid;
	int st;

	reset();
	CHECK(set_info_handler(SIGCHLD, 0) == 0);
	pid = fork();
	if (pid == 0)
		_exit(7);
	st = wait_status(pid, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7);
	CHECK(got == 1 && got_sig == SIGCHLD && got_pid == pid && got_code == CLD_EXITED);
	signal(SIGCHLD, SIG_DFL);
}

TEST(ignored_sigchld_reaps)
{
	pid_t pid;
	int st;

	signal(SIGCHLD, SIG_IGN);
	pid = fork();
	if (pid == 0)
		_exit(0);
	CHECK(waitpid(pid, &st, 0) == -1 && errno == ECHILD);
	signal(SIGCHLD, SIG_DFL);
}

TEST(stop_and_continue_seen_by_waitpid)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		setpgid(0, 0);
		for (;;)
			pause();
	}
	/* Its own group, whose parent (we) is in another one: not orphaned, so SIGTSTP stops it. */
	setpgid(pid, pid);
	CHECK(kill(pid, SIGSTOP) == 0);
	st = wait_status(pid, WUNTRACED);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	CHECK(waitpid(pid, &st, WNOHANG | WUNTRACED) == 0); /* reported once */
	CHECK(kill(pid, SIGCONT) == 0);
	st = wait_status(pid, WCONTINUED);
	CHECK(WIFCONTINUED(st));
	CHECK(kill(pid, SIGTSTP) == 0);
	st = wait_status(pid, WUNTRACED);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP);
	CHECK(kill(pid, SIGTERM) == 0); /* pending while stopped ... */
	CHECK(kill(pid, SIGCONT) == 0); /* ... and acted on once continued */
	st = wait_status(pid, 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * A child waits 2 s (by nanosleep or poll), is stopped for 1 s at 0.5 s
 * and continued.  A stop has no handler: the call goes on (Linux's
 * restart_syscall) with the time that was left, so it ends about 2 s
 * after it began.  Starting over with the whole timeout would end at
 * 3.5 s or later; 3.0 s leaves TCG room.  The child's exit status says
 * whether the wait took [1.99 s, 3.0 s).
 */
static int stopped_wait_keeps_deadline(int use_poll)
{
	int ready[2], st;
	char c;
	pid_t pid;

	if (pipe(ready) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		struct timespec ts = { 2, 0 };
		double t0, took;

		close(ready[0]);
		t0 = now_s();
		if (write(ready[1], "r", 1) != 1)
			_exit(3);
		if (use_poll ? poll(NULL, 0, 2000) != 0 : nanosleep(&ts, NULL) != 0)
			_exit(4);
		took = now_s() - t0;
		_exit(took < 1.99 ? 5 : took >= 3.0 ? 6 : 0);
	}
	close(ready[1]);
	if (pid < 0 || read(ready[0], &c, 1) != 1)
		return -1;
	close(ready[0]);
	nap_ms(500);
	if (kill(pid, SIGSTOP) != 0)
		return -1;
	st = wait_status(pid, WUNTRACED);
	if (!WIFSTOPPED(st))
		return -1;
	nap_ms(1000);
	if (kill(pid, SIGCONT) != 0)
		return -1;
	st = wait_status(pid, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

TEST(stopped_nanosleep_keeps_deadline)
{
	CHECK(stopped_wait_keeps_deadline(0) == 0);
}

TEST(stopped_poll_keeps_deadline)
{
	CHECK(stopped_wait_keeps_deadline(1) == 0);
}

/* restart_syscall with nothing to go on with (a handler's return clears it): EINTR, as Linux. */
TEST(restart_syscall_alone_is_eintr)
{
	reset();
	CHECK(set_handler(SIGUSR1, on_sig, 0) == 0);
	CHECK(raise(SIGUSR1) == 0 && got == 1);
	CHECK(syscall(SYS_restart_syscall) == -1 && errno == EINTR);
	set_handler(SIGUSR1, SIG_DFL, 0);
}

TEST(kill_reaches_a_process_group)
{
	pid_t a, b;
	int sa, sb;

	a = fork();
	if (a == 0) {
		setpgid(0, 0);
		for (;;)
			pause();
	}
	setpgid(a, a); /* both sides, so neither races the other */
	b = fork();
	if (b == 0) {
		setpgid(0, a);
		for (;;)
			pause();
	}
	setpgid(b, a);
	CHECK(getpgid(a) == a && getpgid(b) == a && getpgid(0) == getpgrp());
	CHECK(getpgrp() != a);
	CHECK(kill(-a, SIGUSR1) == 0);
	sa = wait_status(a, 0);
	sb = wait_status(b, 0);
	CHECK(WIFSIGNALED(sa) && WTERMSIG(sa) == SIGUSR1);
	CHECK(WIFSIGNALED(sb) && WTERMSIG(sb) == SIGUSR1);
	CHECK(kill(-a, SIGUSR1) == -1 && errno == ESRCH);
	CHECK(setpgid(dead_pid(), 0) == -1 && errno == ESRCH);
	CHECK(setpgid(0, -1) == -1 && errno == EINVAL);
}

/*
 * A group whose members have all exited but are not reaped yet still
 * exists (as on Linux): another process may join it.  A shell's pipeline
 * members join the first one's group, which may be gone by then (echo).
 */
TEST(setpgid_joins_an_exited_group)
{
	sigset_t chld, old;
	pid_t a, b;
	int st;

	reset();
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	CHECK(set_handler(SIGCHLD, on_sig, 0) == 0);
	sigprocmask(SIG_BLOCK, &chld, &old);
	a = fork();
	if (a == 0) {
		setpgid(0, 0);
		_exit(0);
	}
	setpgid(a, a);
	while (got == 0)
		sigsuspend(&old);
	b = fork();
	if (b == 0)
		_exit(setpgid(0, a) == 0 && getpgrp() == a ? 0 : 1);
	st = wait_status(b, 0);
	sigprocmask(SIG_SETMASK, &old, NULL);
	signal(SIGCHLD, SIG_DFL);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	b = fork();
	if (b == 0)
		for (;;)
			pause();
	CHECK(setpgid(b, a) == 0 && getpgid(b) == a);
	kill(b, SIGKILL);
	wait_status(b, 0);
	wait_status(a, 0);
	b = fork();
	if (b == 0)
		for (;;)
			pause();
	st = setpgid(b, a);
	kill(b, SIGKILL);
	wait_status(b, 0);
	CHECK(st == -1 && errno == EPERM); /* all reaped: the group is gone */
}

static const char *self_path; /* argv[0]: the program re-executes itself as a child */

/*
 * A child that has exec'd (this program again, with "--pause"), after
 * setsid() if new_session: it says so on the pipe, then waits to be
 * killed.  Its pid, or -1.
 */
static pid_t exec_child(int new_session)
{
	int ready[2];
	char c;
	pid_t pid;

	if (pipe(ready) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		char *argv[] = { (char *)self_path, "--pause", NULL };

		close(ready[0]);
		if (new_session && setsid() < 0)
			_exit(1);
		if (dup2(ready[1], 3) != 3)
			_exit(1);
		execvp(self_path, argv);
		_exit(1);
	}
	close(ready[1]);
	if (pid < 0 || read(ready[0], &c, 1) != 1) {
		if (pid > 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
		}
		pid = -1;
	}
	close(ready[0]);
	return pid;
}

static pid_t paused_child(void)
{
	pid_t pid = fork();

	if (pid == 0)
		for (;;)
			pause();
	return pid;
}

static void kill_and_reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/*
 * Linux's order (kernel/sys.c): ESRCH for a process that is neither the
 * caller nor its child; for a child, EPERM if it is in another session
 * before EACCES if it has exec'd; EPERM for a group that does not exist
 * in the session.
 */
TEST(setpgid_error_order)
{
	pid_t pid;
	int err;

	CHECK(setpgid(getppid(), 0) == -1 && errno == ESRCH); /* not a child */
	pid = exec_child(0);
	CHECK(pid > 0);
	err = setpgid(pid, pid) == -1 ? errno : 0;
	kill_and_reap(pid);
	CHECK(err == EACCES); /* same session, exec'd */
	pid = exec_child(1);
	CHECK(pid > 0);
	err = setpgid(pid, pid) == -1 ? errno : 0;
	kill_and_reap(pid);
	CHECK(err == EPERM); /* another session comes first, exec'd or not */
	pid = paused_child();
	CHECK(pid > 0);
	err = setpgid(pid, dead_pid()) == -1 ? errno : 0;
	if (err == EPERM)
		err = setpgid(pid, pid) == 0 && getpgid(pid) == pid ? 0 : -1;
	kill_and_reap(pid);
	CHECK(err == 0); /* no such group: EPERM; its own: fine */
}

/*
 * The group outlives its leader: with the leader a zombie, and reaped,
 * kill(-pgid) and killpg still reach the other member; once that one is
 * reaped too, the group is gone (ESRCH).
 */
TEST(kill_group_whose_leader_exited)
{
	pid_t a, b;
	siginfo_t si;
	int st;

	a = fork();
	if (a == 0) {
		setpgid(0, 0);
		for (;;)
			pause();
	}
	setpgid(a, a);
	b = fork();
	if (b == 0) {
		setpgid(0, a);
		for (;;)
			pause();
	}
	setpgid(b, a);
	CHECK(getpgid(b) == a);
	CHECK(kill(a, SIGKILL) == 0);
	memset(&si, 0, sizeof(si));
	CHECK(waitid(P_PID, a, &si, WEXITED | WNOWAIT) == 0 && si.si_pid == a); /* a zombie */
	CHECK(killpg(a, 0) == 0 && kill(-a, 0) == 0);
	CHECK(wait_status(a, 0) != -1); /* reaped */
	CHECK(getpgid(b) == a && killpg(a, 0) == 0);
	CHECK(kill(-a, SIGUSR1) == 0);
	st = wait_status(b, 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR1);
	CHECK(kill(-a, 0) == -1 && errno == ESRCH);
	CHECK(killpg(a, SIGUSR1) == -1 && errno == ESRCH);
}

static int orphan_fd = -1;
static volatile sig_atomic_t orphan_seen;

static void orphan_note(int sig)
{
	char c = sig == SIGHUP ? 'H' : sig == SIGCONT ? 'C' : '?';

	if (write(orphan_fd, &c, 1) != 1)
		_exit(9);
	orphan_seen++;
}

/*
 * POSIX: when an exit orphans a process group with a stopped member, the
 * group gets SIGHUP then SIGCONT.  L leads a new session; its child M
 * leads a group G in it and forks C, which stops.  G is not orphaned
 * while M lives (M's parent L is in another group of the session); M
 * exits, C goes to init (or the host's subreaper), outside the session:
 * now G is.  C notes both signals on a pipe that the test reads.  (A
 * group that was orphaned already, as one led by a session leader, gets
 * nothing, as on Linux.)
 */
TEST(orphaned_stopped_group_gets_hup_and_cont)
{
	int p[2], st, n = 0;
	char buf[4];
	pid_t m;
	struct pollfd pfd;

	CHECK(pipe(p) == 0);
	m = fork();
	if (m == 0) {
		pid_t c;

		close(p[0]);
		if (setsid() < 0)
			_exit(1);
		m = fork(); /* L goes on as the session leader: it waits for M */
		if (m != 0) {
			st = m > 0 ? wait_status(m, 0) : -1;
			_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 4);
		}
		if (setpgid(0, 0) != 0)
			_exit(5);
		c = fork();
		if (c == 0) {
			orphan_fd = p[1];
			set_handler(SIGHUP, orphan_note, 0);
			set_handler(SIGCONT, orphan_note, 0);
			raise(SIGSTOP);
			for (n = 0; n < 500 && orphan_seen < 2; n++) /* at most 5 s */
				nap_ms(10);
			_exit(0);
		}
		if (c < 0)
			_exit(2);
		st = wait_status(c, WUNTRACED);
		_exit(WIFSTOPPED(st) ? 0 : 3); /* orphans c's stopped group */
	}
	close(p[1]);
	st = wait_status(m, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	pfd.fd = p[0];
	pfd.events = POLLIN;
	while (n < 2 && poll(&pfd, 1, 5000) == 1) {
		ssize_t r = read(p[0], buf + n, sizeof(buf) - 1 - n);

		if (r <= 0)
			break;
		n += r;
	}
	close(p[0]);
	buf[n] = 0;
	CHECK(n == 2);
	CHECK(strchr(buf, 'H') != NULL && strchr(buf, 'C') != NULL);
}

TEST(waitpid_by_group)
{
	pid_t a = fork();
	int st;

	if (a == 0) {
		setpgid(0, 0);
		_exit(3);
	}
	setpgid(a, a);
	st = wait_status(a, 0) == -1 ? -1 : 0;
	(void)st;
	a = fork();
	if (a == 0) {
		setpgid(0, 0);
		nap_ms(20);
		_exit(4);
	}
	setpgid(a, a);
	CHECK(waitpid(-a, &st, 0) == a && WEXITSTATUS(st) == 4);
	CHECK(waitpid(-a, &st, 0) == -1 && errno == ECHILD);
}

TEST(sessions)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		pid_t me = getpid();

		if (setsid() != me || getsid(0) != me || getpgrp() != me)
			_exit(1);
		if (setsid() != -1 || errno != EPERM) /* already a leader */
			_exit(2);
		if (setpgid(0, getppid()) != -1 || errno != EPERM)
			_exit(3);
		_exit(0);
	}
	st = wait_status(pid, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* Our session leader may live outside a container's pid namespace,
	 * where Linux reports it as 0; the reaped child's pid is gone. */
	CHECK(getsid(0) >= 0 && getsid(0) == getsid(getpid()));
	CHECK(getsid(pid) == -1 && errno == ESRCH);
}

/* The registers of Linux's struct sigcontext, in order; then fpstate and padding. */
struct fake_uc {
	uint64_t uc_flags, uc_link;
	uint64_t ss_sp;
	int32_t ss_flags, pad;
	uint64_t ss_size;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15, rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp,
		 rip, eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2, fpstate, reserved[8];
	uint64_t sigmask;
};

static void exit_zero(void)
{
	_exit(0);
}

/* In a child: rt_sigreturn with a frame we made up; the child's wait status. */
static int forged_sigreturn(uint64_t rip, uint16_t cs, uint64_t eflags)
{
	pid_t pid = fork();

	if (pid == 0) {
		static struct fake_uc uc;
		static uint64_t stack[1024];

		uc.rip = rip;
		uc.cs = cs;
		uc.ss = 0x10;
		uc.eflags = eflags;
		uc.rsp = (uint64_t)&stack[1000];
		__asm__ volatile("mov %0, %%rsp\n\tmov $15, %%eax\n\tsyscall\n\tud2" : : "r"(&uc) : "memory");
		_exit(99);
	}
	return wait_status(pid, 0);
}

TEST(forged_sigreturn_is_refused)
{
	int st;

	/* A kernel address to return to: the process dies, the kernel does not. */
	st = forged_sigreturn(0xffffffff80100000ull, 0x33, 0x202);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
	/* Ring 0 code selector and IOPL 3: both refused, so "cli" faults. */
	st = forged_sigreturn((uint64_t)privileged, 0x08, 0x3202);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
	/* A sane forged frame just runs (nothing here is privileged). */
	st = forged_sigreturn((uint64_t)exit_zero, 0x33, 0x202);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static char altstack[16384];
static volatile uintptr_t handler_sp;
static volatile int handler_onstack;

static void on_sig_where(int sig)
{
	stack_t ss;
	char here;

	(void)sig;
	handler_sp = (uintptr_t)&here;
	handler_onstack = sigaltstack(NULL, &ss) == 0 && (ss.ss_flags & SS_ONSTACK);
}

TEST(alternate_stack)
{
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack), .ss_flags = 0 }, old;

	CHECK(sigaltstack(&ss, &old) == 0);
	CHECK(set_handler(SIGUSR1, on_sig_where, SA_ONSTACK) == 0);
	CHECK(kill(getpid(), SIGUSR1) == 0);
	CHECK(handler_sp > (uintptr_t)altstack && handler_sp < (uintptr_t)altstack + sizeof(altstack));
	CHECK(handler_onstack);
	ss.ss_size = 100;
	CHECK(sigaltstack(&ss, NULL) == -1 && errno == ENOMEM);
	ss.ss_flags = SS_DISABLE;
	CHECK(sigaltstack(&ss, NULL) == 0);
	signal(SIGUSR1, SIG_DFL);
}

TEST(sigsuspend_and_pause)
{
	sigset_t block, empty, now;

	reset();
	CHECK(set_handler(SIGUSR1, on_sig, 0) == 0);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigemptyset(&empty);
	CHECK(sigprocmask(SIG_BLOCK, &block, NULL) == 0);
	CHECK(kill(getpid(), SIGUSR1) == 0 && got == 0);
	CHECK(sigsuspend(&empty) == -1 && errno == EINTR);
	CHECK(got == 1);
	CHECK(sigprocmask(SIG_SETMASK, NULL, &now) == 0 && sigismember(&now, SIGUSR1));
	CHECK(sigprocmask(SIG_UNBLOCK, &block, NULL) == 0);
	CHECK(set_handler(SIGALRM, on_sig, 0) == 0);
	arm_ms(20);
	CHECK(pause() == -1 && errno == EINTR && got == 2 && got_sig == SIGALRM);
	signal(SIGUSR1, SIG_DFL);
	signal(SIGALRM, SIG_DFL);
}

TEST(timers)
{
	struct itimerval it = { { 0, 20000 }, { 0, 20000 } }, cur;

	reset();
	CHECK(set_handler(SIGALRM, on_sig, 0) == 0);
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
	while (got < 3)
		pause();
	CHECK(getitimer(ITIMER_REAL, &cur) == 0 && cur.it_interval.tv_usec == 20000);
	memset(&it, 0, sizeof(it));
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
	CHECK(alarm(5) == 0);
	CHECK(alarm(0) >= 4);
	it.it_value.tv_usec = 2000000;
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == -1 && errno == EINVAL);
	signal(SIGALRM, SIG_DFL);
}

TEST(resethand_and_nodefer)
{
	struct sigaction sa;

	reset();
	CHECK(set_handler(SIGUSR1, on_sig, SA_RESETHAND) == 0);
	CHECK(kill(getpid(), SIGUSR1) == 0 && got == 1);
	CHECK(sigaction(SIGUSR1, NULL, &sa) == 0 && sa.sa_handler == SIG_DFL);
}

TEST(sigpipe_kills_by_default)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		int p[2];

		pipe(p);
		close(p[0]);
		write(p[1], "x", 1);
		_exit(0);
	}
	st = wait_status(pid, 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE);
}

TEST(default_terminate_and_core_status)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		kill(getpid(), SIGQUIT);
		_exit(0);
	}
	st = wait_status(pid, 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGQUIT);
	CHECK(!on_breenix() || WCOREDUMP(st)); /* Linux sets it only if a core was written */
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--pause") == 0) { /* exec_child's program */
		if (write(3, "r", 1) != 1)
			return 1;
		for (;;)
			pause();
	}
	self_path = argv[0];
	utest_suite = "signal";
	RUN(handler_returns_with_registers_intact);
	RUN(siginfo_from_kill);
	RUN(mask_holds_until_unblocked);
	RUN(sigsegv_caught_with_address);
	RUN(faults_become_signals);
	RUN(fault_in_handler_kills);
	RUN(sigkill_cannot_be_stopped);
	RUN(eintr_versus_restart);
	RUN(ignored_signal_does_not_interrupt);
	RUN(sigchld_on_exit);
	RUN(ignored_sigchld_reaps);
	RUN(stop_and_continue_seen_by_waitpid);
	RUN(stopped_nanosleep_keeps_deadline);
	RUN(stopped_poll_keeps_deadline);
	RUN(restart_syscall_alone_is_eintr);
	RUN(kill_reaches_a_process_group);
	RUN(setpgid_joins_an_exited_group);
	RUN(setpgid_error_order);
	RUN(kill_group_whose_leader_exited);
	RUN(orphaned_stopped_group_gets_hup_and_cont);
	RUN(waitpid_by_group);
	RUN(sessions);
	RUN(forged_sigreturn_is_refused);
	RUN(alternate_stack);
	RUN(sigsuspend_and_pause);
	RUN(timers);
	RUN(resethand_and_nodefer);
	RUN(sigpipe_kills_by_default);
	RUN(default_terminate_and_core_status);
	return utest_failures != 0;
}
