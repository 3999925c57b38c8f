/*
 * t_timer.c: waiting for and queueing signals with their siginfo
 * (rt_sigtimedwait, rt_sigqueueinfo, rt_tgsigqueueinfo), through raw
 * system calls with Linux's x86_64 ABI and siginfo layout, so the same
 * program runs on the host Linux (the C library's siginfo_t and wrappers
 * differ between newlib and glibc).
 */
#include "utest.h"

#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#define S_RT 40 /* a real-time signal neither C library keeps for itself */
#define C_SI_USER 0
#define C_SI_QUEUE (-1)
#define C_SI_TKILL (-6)

/* Linux's x86_64 siginfo for kill/sigqueue: signo, errno, code, pid, uid, value. */
struct rsiginfo {
	int32_t signo, err, code, pad;
	int32_t pid;
	uint32_t uid;
	uint64_t value;
	uint8_t rest[96];
};

struct rts {
	int64_t sec, nsec;
};

static long timedwait(uint64_t set, struct rsiginfo *info, const struct rts *ts)
{
	return syscall(SYS_rt_sigtimedwait, &set, info, ts, 8L);
}

static long queueinfo(int pid, int sig, int code, uint64_t value)
{
	struct rsiginfo in;

	memset(&in, 0, sizeof(in));
	in.signo = sig;
	in.code = code;
	in.pid = getpid();
	in.uid = getuid();
	in.value = value;
	return syscall(SYS_rt_sigqueueinfo, (long)pid, (long)sig, &in);
}

static uint64_t bit(int sig)
{
	return 1ull << (sig - 1);
}

static void set_mask(uint64_t m)
{
	syscall(SYS_rt_sigprocmask, 2L, &m, NULL, 8L);
}

static uint64_t get_mask(void)
{
	uint64_t m = 0;

	syscall(SYS_rt_sigprocmask, 2L, NULL, &m, 8L);
	return m;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static const struct rts zero = { 0, 0 };

TEST(takes_a_pending_signal_with_its_info)
{
	struct rsiginfo info;
	uint64_t old = get_mask();

	set_mask(old | bit(SIGUSR1) | bit(S_RT));
	CHECK(kill(getpid(), SIGUSR1) == 0);
	memset(&info, 0xaa, sizeof(info));
	CHECK(timedwait(bit(SIGUSR1) | bit(S_RT), &info, &zero) == SIGUSR1);
	CHECK(info.signo == SIGUSR1 && info.code == C_SI_USER && info.pid == getpid());
	CHECK(info.uid == getuid());
	/* Taken: no longer pending, and a zero timeout only polls. */
	CHECK(timedwait(bit(SIGUSR1), &info, &zero) == -1 && errno == EAGAIN);
	CHECK(get_mask() == (old | bit(SIGUSR1) | bit(S_RT)));
	set_mask(old);
}

TEST(sigqueue_carries_value_and_code)
{
	struct rsiginfo info;
	uint64_t old = get_mask();

	set_mask(old | bit(S_RT));
	CHECK(queueinfo(getpid(), S_RT, C_SI_QUEUE, 0x1234abcd) == 0);
	memset(&info, 0, sizeof(info));
	CHECK(timedwait(bit(S_RT), &info, NULL) == S_RT);
	CHECK(info.signo == S_RT && info.code == C_SI_QUEUE && info.pid == getpid());
	CHECK(info.value == 0x1234abcd);
	/* To itself a process may say anything, even that kill sent it. */
	CHECK(queueinfo(getpid(), S_RT, C_SI_USER, 7) == 0);
	CHECK(timedwait(bit(S_RT), &info, &zero) == S_RT && info.code == C_SI_USER);
	CHECK(info.value == 7);
	/* The info pointer may be NULL. */
	CHECK(queueinfo(getpid(), S_RT, C_SI_QUEUE, 8) == 0);
	CHECK(timedwait(bit(S_RT), NULL, &zero) == S_RT);
	set_mask(old);
}

TEST(thread_directed_queue_is_seen)
{
	struct rsiginfo in, info;
	uint64_t old = get_mask();
	long tid = syscall(SYS_gettid);

	set_mask(old | bit(S_RT) | bit(SIGUSR2));
	memset(&in, 0, sizeof(in));
	in.code = C_SI_QUEUE;
	in.value = 99;
	CHECK(syscall(SYS_rt_tgsigqueueinfo, (long)getpid(), tid, (long)S_RT, &in) == 0);
	CHECK(syscall(SYS_tgkill, (long)getpid(), tid, (long)SIGUSR2) == 0);
	/* Both pending on the thread; the lower number first. */
	CHECK(timedwait(bit(S_RT) | bit(SIGUSR2), &info, &zero) == SIGUSR2);
	CHECK(info.code == C_SI_TKILL);
	CHECK(timedwait(bit(S_RT) | bit(SIGUSR2), &info, &zero) == S_RT);
	CHECK(info.code == C_SI_QUEUE && info.value == 99);
	CHECK(syscall(SYS_rt_tgsigqueueinfo, 0L, tid, (long)S_RT, &in) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_rt_tgsigqueueinfo, (long)getpid(), 0L, (long)S_RT, &in) == -1 &&
	      errno == EINVAL);
	set_mask(old);
}

TEST(timeout_and_bad_arguments)
{
	struct rsiginfo info;
	struct rts ts = { 0, 60 * 1000000 }, bad = { 0, 1000000000 }, neg = { -1, 0 };
	uint64_t set = bit(SIGUSR2), old = get_mask(), t0;

	set_mask(old | bit(SIGUSR2));
	t0 = now_ms();
	CHECK(timedwait(bit(SIGUSR2), &info, &ts) == -1 && errno == EAGAIN);
	CHECK(now_ms() - t0 >= 50);
	CHECK(get_mask() == (old | bit(SIGUSR2))); /* the set was unblocked only while waiting */
	CHECK(timedwait(bit(SIGUSR2), &info, &bad) == -1 && errno == EINVAL);
	CHECK(timedwait(bit(SIGUSR2), &info, &neg) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_rt_sigtimedwait, &set, &info, &zero, 4L) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_rt_sigtimedwait, (void *)8, &info, &zero, 8L) == -1 && errno == EFAULT);
	CHECK(syscall(SYS_rt_sigtimedwait, &set, &info, (void *)8, 8L) == -1 && errno == EFAULT);
	set_mask(old);
}

TEST(wakes_for_a_signal_from_another_process)
{
	struct rsiginfo info;
	uint64_t old = get_mask();
	int st;
	pid_t child;

	set_mask(old | bit(SIGUSR2));
	child = fork();
	if (child == 0) {
		struct timespec d = { 0, 50 * 1000000 };

		nanosleep(&d, NULL);
		_exit(queueinfo(getppid(), SIGUSR2, C_SI_QUEUE, 4242) == 0 ? 0 : 1);
	}
	CHECK(child > 0);
	memset(&info, 0, sizeof(info));
	CHECK(timedwait(bit(SIGUSR2), &info, NULL) == SIGUSR2);
	CHECK(info.code == C_SI_QUEUE && info.pid == child && info.value == 4242);
	CHECK(waitpid(child, &st, 0) == child && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	set_mask(old);
}

static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
	(void)sig;
	got_usr1 = 1;
}

TEST(another_signal_interrupts)
{
	struct rsiginfo info;
	struct rts ts = { 5, 0 };
	struct sigaction sa, was;
	uint64_t old = get_mask();
	int st;
	pid_t child;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_RESTART; /* sigtimedwait is never restarted */
	CHECK(sigaction(SIGUSR1, &sa, &was) == 0);
	set_mask((old | bit(SIGUSR2)) & ~bit(SIGUSR1));
	got_usr1 = 0;
	child = fork();
	if (child == 0) {
		struct timespec d = { 0, 50 * 1000000 };

		nanosleep(&d, NULL);
		_exit(kill(getppid(), SIGUSR1) == 0 ? 0 : 1);
	}
	CHECK(child > 0);
	CHECK(timedwait(bit(SIGUSR2), &info, &ts) == -1 && errno == EINTR);
	CHECK(got_usr1 == 1);
	CHECK(waitpid(child, &st, 0) == child && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	sigaction(SIGUSR1, &was, NULL);
	set_mask(old);
}

TEST(queueing_permissions_and_numbers)
{
	struct rsiginfo info;
	uint64_t old = get_mask();
	int st;
	pid_t child;

	set_mask(old | bit(S_RT));
	child = fork();
	if (child == 0) {
		struct rts ts = { 5, 0 };

		/* The value sent is the exit status: 0 on a timeout. */
		_exit(timedwait(bit(S_RT), &info, &ts) == S_RT && info.code == C_SI_QUEUE ?
			      (int)info.value : 0);
	}
	CHECK(child > 0);
	/* Another process may not pretend to be the kernel or kill(2). */
	CHECK(queueinfo(child, S_RT, C_SI_USER, 1) == -1 && errno == EPERM);
	CHECK(queueinfo(child, S_RT, 0x80, 1) == -1 && errno == EPERM);
	CHECK(queueinfo(child, S_RT, C_SI_TKILL, 1) == -1 && errno == EPERM);
	CHECK(queueinfo(child, 65, C_SI_QUEUE, 1) == -1 && errno == EINVAL);
	CHECK(queueinfo(child, -1, C_SI_QUEUE, 1) == -1 && errno == EINVAL);
	CHECK(queueinfo(child, 0, C_SI_QUEUE, 1) == 0); /* only checks */
	CHECK(queueinfo(0x3ffffff0, S_RT, C_SI_QUEUE, 1) == -1 && errno == ESRCH);
	CHECK(syscall(SYS_rt_sigqueueinfo, (long)getpid(), (long)S_RT, (void *)8) == -1 &&
	      errno == EFAULT);
	CHECK(queueinfo(child, S_RT, C_SI_QUEUE, 77) == 0);
	CHECK(waitpid(child, &st, 0) == child && WIFEXITED(st) && WEXITSTATUS(st) == 77);
	set_mask(old);
}

int main(void)
{
	utest_suite = "timer";
	setvbuf(stdout, NULL, _IOLBF, 0);
	RUN(takes_a_pending_signal_with_its_info);
	RUN(sigqueue_carries_value_and_code);
	RUN(thread_directed_queue_is_seen);
	RUN(timeout_and_bad_arguments);
	RUN(wakes_for_a_signal_from_another_process);
	RUN(another_signal_interrupts);
	RUN(queueing_permissions_and_numbers);
	return utest_failures != 0;
}
