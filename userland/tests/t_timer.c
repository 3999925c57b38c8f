/*
 * t_timer.c: waiting for and queueing signals with their siginfo
 * (rt_sigtimedwait, rt_sigqueueinfo, rt_tgsigqueueinfo) and POSIX timers
 * (timer_create, timer_settime, timer_gettime, timer_getoverrun,
 * timer_delete); real-time signals queue, in order, up to
 * RLIMIT_SIGPENDING; through raw
 * system calls with Linux's x86_64 ABI and siginfo layout, so the same
 * program runs on the host Linux (the C library's siginfo_t and wrappers
 * differ between newlib and glibc).
 */
#include "utest.h"

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/resource.h>
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

/* SIGCHLD's default ignores it; one that is waited for is kept all the same. */
TEST(waits_for_a_default_ignored_signal)
{
	struct rsiginfo info;
	struct rts ts = { 5, 0 };
	uint64_t old = get_mask();
	int st;
	pid_t child;

	set_mask(old | bit(SIGCHLD));
	child = fork();
	if (child == 0) {
		struct timespec d = { 0, 50 * 1000000 };

		nanosleep(&d, NULL);
		_exit(3);
	}
	CHECK(child > 0);
	memset(&info, 0, sizeof(info));
	CHECK(timedwait(bit(SIGCHLD), &info, &ts) == SIGCHLD);
	CHECK(info.code == 1 /* CLD_EXITED */ && info.pid == child);
	CHECK(waitpid(child, &st, 0) == child && WIFEXITED(st) && WEXITSTATUS(st) == 3);
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

/*
 * Real-time signals queue: each send is one instance with its own value,
 * taken in the order sent, the lower number first; a standard signal is
 * pending once.
 */
TEST(rt_signals_queue_in_order)
{
	static const struct { int sig, code; uint64_t value; } want[] = {
		{ S_RT, C_SI_QUEUE, 10 }, { S_RT, C_SI_QUEUE, 11 }, { S_RT, C_SI_USER, 0 },
		{ S_RT, C_SI_QUEUE, 12 }, { S_RT + 1, C_SI_QUEUE, 1 }, { S_RT + 1, C_SI_QUEUE, 2 },
	};
	uint64_t set = bit(SIGUSR1) | bit(S_RT) | bit(S_RT + 1), old = get_mask(), pend = 0;
	struct rsiginfo info;
	unsigned i;

	set_mask(old | set);
	CHECK(queueinfo(getpid(), S_RT + 1, C_SI_QUEUE, 1) == 0);
	CHECK(queueinfo(getpid(), S_RT, C_SI_QUEUE, 10) == 0);
	CHECK(queueinfo(getpid(), S_RT, C_SI_QUEUE, 11) == 0);
	CHECK(kill(getpid(), S_RT) == 0);
	CHECK(queueinfo(getpid(), S_RT, C_SI_QUEUE, 12) == 0);
	CHECK(queueinfo(getpid(), S_RT + 1, C_SI_QUEUE, 2) == 0);
	CHECK(kill(getpid(), SIGUSR1) == 0 && kill(getpid(), SIGUSR1) == 0);
	CHECK(syscall(SYS_rt_sigpending, &pend, 8L) == 0 && (pend & set) == set);
	CHECK(timedwait(set, &info, &zero) == SIGUSR1);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		memset(&info, 0, sizeof(info));
		CHECK(timedwait(set, &info, &zero) == want[i].sig);
		CHECK(info.code == want[i].code && info.pid == getpid());
		CHECK(want[i].code != C_SI_QUEUE || info.value == want[i].value);
	}
	CHECK(timedwait(set, &info, &zero) == -1 && errno == EAGAIN);
	set_mask(old);
}

static volatile uint64_t handled[8];
static volatile unsigned nhandled;

static void record_value(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	if (nhandled < 8)
		handled[nhandled++] = ((const struct rsiginfo *)si)->value;
}

/* Queued instances blocked, then unblocked: the handler runs once for each, in order. */
TEST(rt_queue_runs_the_handler_for_each)
{
	struct sigaction sa, was;
	uint64_t old = get_mask();
	unsigned i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = record_value;
	sa.sa_flags = SA_SIGINFO;
	CHECK(sigaction(S_RT, &sa, &was) == 0);
	nhandled = 0;
	set_mask(old | bit(S_RT));
	for (i = 0; i < 5; i++)
		CHECK(queueinfo(getpid(), S_RT, C_SI_QUEUE, 100 + i) == 0);
	set_mask(old); /* all five run before sigprocmask returns */
	CHECK(nhandled == 5);
	for (i = 0; i < 5; i++)
		CHECK(handled[i] == 100 + i);
	CHECK(sigaction(S_RT, &was, NULL) == 0);
}

/*
 * RLIMIT_SIGPENDING: sigqueue past it is EAGAIN; kill still makes a
 * signal pending that is not; taking one, or ignoring the signal (which
 * discards every queued instance), makes room again.  In a child, with
 * its own limit.  (Linux counts per user, so the host may hold a few
 * instances of other processes: at most the limit is what is checked.)
 */
/* Signals queued for this user now, by others too (Linux's SigQ; 0 where there is none). */
static unsigned long user_queued(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	unsigned long q = 0;
	char line[128];

	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "SigQ: %lu/", &q) == 1)
			break;
	if (f != NULL)
		fclose(f);
	return q;
}

static int sigpending_limit_child(void)
{
	struct rlimit rl = { user_queued() + 8, user_queued() + 8 };
	struct rsiginfo info;
	uint64_t pend = 0;
	int n = 0, i;

	set_mask(bit(S_RT) | bit(S_RT + 1) | bit(S_RT + 2));
	if (setrlimit(RLIMIT_SIGPENDING, &rl) != 0 || sysconf(_SC_SIGQUEUE_MAX) != (long)rl.rlim_cur)
		return 1;
	while (n < 20 && queueinfo(getpid(), S_RT, C_SI_QUEUE, (uint64_t)n) == 0)
		n++;
	if (n < 1 || n > 8 || errno != EAGAIN)
		return 2;
	if (kill(getpid(), S_RT) != 0 || kill(getpid(), S_RT + 1) != 0)
		return 3; /* kill is never refused */
	if (syscall(SYS_rt_sigpending, &pend, 8L) != 0 || !(pend & bit(S_RT + 1)))
		return 4;
	if (queueinfo(getpid(), S_RT + 2, C_SI_QUEUE, 1) != -1 || errno != EAGAIN)
		return 5;
	if (timedwait(bit(S_RT), &info, &zero) != S_RT || info.value != 0)
		return 6;
	/* One taken: room for one (kill's S_RT + 1 has no queue entry on Linux either way). */
	if (timedwait(bit(S_RT + 1), &info, &zero) != S_RT + 1)
		return 7;
	if (queueinfo(getpid(), S_RT + 2, C_SI_QUEUE, 1) != 0)
		return 8;
	signal(S_RT, SIG_IGN); /* discards S_RT's instances */
	signal(S_RT, SIG_DFL);
	if (timedwait(bit(S_RT), &info, &zero) != -1 || errno != EAGAIN)
		return 9;
	for (i = 0; i < n - 1; i++)
		if (queueinfo(getpid(), S_RT, C_SI_QUEUE, (uint64_t)i) != 0)
			return 10;
	return 0;
}

TEST(rt_queue_limit_is_rlimit_sigpending)
{
	pid_t child = fork();
	int st;

	if (child == 0)
		_exit(sigpending_limit_child());
	CHECK(child > 0);
	CHECK(waitpid(child, &st, 0) == child);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* How many instances of S_RT queue before EAGAIN (at most 20); then none pending. */
static int fill_and_drain(void)
{
	struct rsiginfo info;
	int n = 0;

	while (n < 20 && queueinfo(getpid(), S_RT, C_SI_QUEUE, 0) == 0)
		n++;
	while (timedwait(bit(S_RT), &info, &zero) == S_RT)
		;
	return n;
}

static void *queue_to_self(void *arg)
{
	struct rsiginfo in;
	int i;

	(void)arg;
	memset(&in, 0, sizeof(in));
	in.code = C_SI_QUEUE;
	for (i = 0; i < 3; i++)
		syscall(SYS_rt_tgsigqueueinfo, (long)getpid(), syscall(SYS_gettid), (long)S_RT, &in);
	return NULL;
}

/*
 * In a child with a limit of 8: a thread's queued instances end with it,
 * room and all.  Exactly so on Breenix, whose count is the process's; on
 * Linux the count is the user's, which other processes of a busy host
 * change meanwhile, so there only "some room came back" is checked.
 */
static int exact_count;

static int thread_queue_child(void)
{
	struct rlimit rl = { user_queued() + 8, user_queued() + 8 };
	pthread_t th;
	int n;

	set_mask(bit(S_RT));
	if (setrlimit(RLIMIT_SIGPENDING, &rl) != 0)
		return 1;
	n = fill_and_drain();
	if (n < (exact_count ? 8 : 1) || pthread_create(&th, NULL, queue_to_self, NULL) != 0 ||
	    pthread_join(th, NULL) != 0)
		return 2;
	return (exact_count ? fill_and_drain() == n : fill_and_drain() > 0) ? 0 : 3;
}

TEST(rt_queue_of_an_ended_thread_goes)
{
	pid_t child;
	int st;

	exact_count = on_breenix();
	child = fork();
	if (child == 0)
		_exit(thread_queue_child());
	CHECK(child > 0);
	CHECK(waitpid(child, &st, 0) == child);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
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

/* POSIX timers: Linux's struct sigevent and itimerspec. */
struct rsigevent {
	uint64_t value;
	int32_t signo, notify, tid, pad[11];
};

struct ritimerspec {
	struct rts interval, value;
};

#define EV_SIGNAL 0
#define EV_NONE 1
#define EV_THREAD_ID 4
#define C_SI_TIMER (-2)
#define ABSTIME 1

static long tcreate(long clock, struct rsigevent *ev, int *id)
{
	return syscall(SYS_timer_create, clock, ev, id);
}

static long tset(int id, long flags, int64_t vs, int64_t vns, int64_t is, int64_t ins)
{
	struct ritimerspec v = { { is, ins }, { vs, vns } };

	return syscall(SYS_timer_settime, (long)id, flags, &v, NULL);
}

static long tget(int id, struct ritimerspec *v)
{
	return syscall(SYS_timer_gettime, (long)id, v);
}

static long tdelete(int id)
{
	return syscall(SYS_timer_delete, (long)id);
}

static struct rsigevent sigev(int notify, int sig, uint64_t value)
{
	struct rsigevent ev;

	memset(&ev, 0, sizeof(ev));
	ev.notify = notify;
	ev.signo = sig;
	ev.value = value;
	return ev;
}

TEST(timer_default_is_sigalrm_with_its_id)
{
	struct rsiginfo info;
	struct rts ts = { 5, 0 };
	uint64_t old = get_mask();
	int id = -1;

	set_mask(old | bit(SIGALRM));
	CHECK(tcreate(CLOCK_MONOTONIC, NULL, &id) == 0 && id >= 0);
	CHECK(tset(id, 0, 0, 20 * 1000000, 0, 0) == 0);
	memset(&info, 0, sizeof(info));
	CHECK(timedwait(bit(SIGALRM), &info, &ts) == SIGALRM);
	/* _timer: si_tid (the id), si_overrun, si_value: at pid, uid, value here. */
	CHECK(info.code == C_SI_TIMER && info.pid == id && info.uid == 0);
	CHECK(info.value == (uint64_t)id);
	CHECK(tdelete(id) == 0);
	CHECK(tdelete(id) == -1 && errno == EINVAL);
	set_mask(old);
}

TEST(timer_gettime_and_delete)
{
	struct ritimerspec v;
	struct rsigevent ev = sigev(EV_SIGNAL, S_RT, 5);
	int id;

	CHECK(tcreate(CLOCK_REALTIME, &ev, &id) == 0);
	CHECK(tget(id, &v) == 0);
	CHECK(v.value.sec == 0 && v.value.nsec == 0 && v.interval.sec == 0 && v.interval.nsec == 0);
	CHECK(tset(id, 0, 10, 0, 3, 500) == 0);
	CHECK(tget(id, &v) == 0);
	CHECK(v.interval.sec == 3 && v.interval.nsec == 500);
	CHECK(v.value.sec == 9 || (v.value.sec == 10 && v.value.nsec == 0));
	/* The old setting comes back; 0 disarms. */
	{
		struct ritimerspec off = { { 0, 0 }, { 0, 0 } }, was;

		CHECK(syscall(SYS_timer_settime, (long)id, 0L, &off, &was) == 0);
		CHECK(was.interval.sec == 3 && (was.value.sec == 9 || was.value.sec == 10));
	}
	CHECK(tget(id, &v) == 0 && v.value.sec == 0 && v.value.nsec == 0);
	/* Centuries saturate at KTIME_MAX, they do not wrap to "now". */
	CHECK(tset(id, 0, INT64_MAX, 999999999, 0, 0) == 0);
	CHECK(tget(id, &v) == 0 && v.value.sec > 9000000000LL);
	CHECK(tdelete(id) == 0);
	CHECK(tget(id, &v) == -1 && errno == EINVAL);
}

TEST(timer_interval_counts_overruns)
{
	struct rsiginfo info;
	struct rsigevent ev = sigev(EV_SIGNAL, S_RT, 0x55);
	struct rts ts = { 5, 0 };
	struct timespec d = { 0, 120 * 1000000 };
	uint64_t old = get_mask();
	int id;

	set_mask(old | bit(S_RT));
	CHECK(tcreate(CLOCK_MONOTONIC, &ev, &id) == 0);
	CHECK(tset(id, 0, 0, 5 * 1000000, 0, 5 * 1000000) == 0);
	nanosleep(&d, NULL);
	memset(&info, 0, sizeof(info));
	CHECK(timedwait(bit(S_RT), &info, &ts) == S_RT);
	CHECK(info.code == C_SI_TIMER && info.pid == id && info.value == 0x55);
	CHECK((int)info.uid >= 5); /* si_overrun: some 20 expiries while pending */
	CHECK(syscall(SYS_timer_getoverrun, (long)id) >= 0);
	/* It goes on firing. */
	CHECK(timedwait(bit(S_RT), &info, &ts) == S_RT && info.code == C_SI_TIMER);
	CHECK(tdelete(id) == 0);
	timedwait(bit(S_RT), &info, &zero); /* (one may have been pending) */
	set_mask(old);
}

TEST(timer_sigev_none_and_abstime)
{
	struct rsiginfo info;
	struct ritimerspec v;
	struct rsigevent ev = sigev(EV_NONE, 0, 0);
	struct rts ts = { 5, 0 };
	struct timespec now, d = { 0, 60 * 1000000 };
	uint64_t old = get_mask(), pend = 0;
	int id, id2;

	set_mask(old | bit(SIGALRM) | bit(S_RT));
	CHECK(tcreate(CLOCK_MONOTONIC, &ev, &id) == 0);
	CHECK(tset(id, 0, 0, 20 * 1000000, 0, 0) == 0);
	nanosleep(&d, NULL);
	CHECK(syscall(SYS_rt_sigpending, &pend, 8L) == 0 && pend == 0);
	CHECK(tget(id, &v) == 0 && v.value.sec == 0 && v.value.nsec == 0);
	CHECK(tdelete(id) == 0);

	ev = sigev(EV_SIGNAL, S_RT, 1);
	CHECK(tcreate(CLOCK_MONOTONIC, &ev, &id) == 0);
	clock_gettime(CLOCK_MONOTONIC, &now);
	CHECK(tset(id, ABSTIME, now.tv_sec, now.tv_nsec, 0, 0) == 0); /* due: fires at once */
	CHECK(timedwait(bit(S_RT), &info, &ts) == S_RT && info.value == 1);
	ev = sigev(EV_SIGNAL, SIGALRM, 2);
	CHECK(tcreate(CLOCK_REALTIME, &ev, &id2) == 0 && id2 != id);
	clock_gettime(CLOCK_REALTIME, &now);
	now.tv_nsec += 30 * 1000000;
	if (now.tv_nsec >= 1000000000) {
		now.tv_sec++;
		now.tv_nsec -= 1000000000;
	}
	CHECK(tset(id2, ABSTIME, now.tv_sec, now.tv_nsec, 0, 0) == 0);
	CHECK(tget(id2, &v) == 0 && v.value.sec == 0 && v.value.nsec > 0);
	CHECK(timedwait(bit(SIGALRM), &info, &ts) == SIGALRM && info.value == 2);
	CHECK(info.pid == id2);
	CHECK(tdelete(id) == 0 && tdelete(id2) == 0);
	set_mask(old);
}

TEST(timer_thread_id)
{
	struct rsiginfo info;
	struct rsigevent ev = sigev(EV_SIGNAL | EV_THREAD_ID, S_RT, 9);
	struct rts ts = { 5, 0 };
	uint64_t old = get_mask();
	int id;

	set_mask(old | bit(S_RT));
	ev.tid = (int)syscall(SYS_gettid);
	CHECK(tcreate(CLOCK_MONOTONIC, &ev, &id) == 0);
	CHECK(tset(id, 0, 0, 10 * 1000000, 0, 0) == 0);
	CHECK(timedwait(bit(S_RT), &info, &ts) == S_RT && info.value == 9 && info.pid == id);
	CHECK(tdelete(id) == 0);
	ev.tid = 1; /* init: not a thread of ours */
	CHECK(tcreate(CLOCK_MONOTONIC, &ev, &id) == -1 && errno == EINVAL);
	ev.notify = EV_THREAD_ID; /* without SIGEV_SIGNAL... which is 0: the same */
	ev.tid = 0x3ffffff0;
	CHECK(tcreate(CLOCK_MONOTONIC, &ev, &id) == -1 && errno == EINVAL);
	set_mask(old);
}

TEST(timer_bad_arguments)
{
	struct rsigevent ev = sigev(EV_SIGNAL, S_RT, 0);
	struct ritimerspec v = { { 0, 0 }, { 0, 1000000000 } };
	int id;

	CHECK(tcreate(99, &ev, &id) == -1 && errno == EINVAL);
	CHECK(tcreate(-1, &ev, &id) == -1 && errno == EINVAL);
	ev.notify = 7;
	CHECK(tcreate(CLOCK_MONOTONIC, &ev, &id) == -1 && errno == EINVAL);
	ev = sigev(EV_SIGNAL, 0, 0);
	CHECK(tcreate(CLOCK_MONOTONIC, &ev, &id) == -1 && errno == EINVAL);
	ev = sigev(EV_SIGNAL, 65, 0);
	CHECK(tcreate(CLOCK_MONOTONIC, &ev, &id) == -1 && errno == EINVAL);
	CHECK(tcreate(CLOCK_MONOTONIC, (void *)8, &id) == -1 && errno == EFAULT);
	ev = sigev(EV_SIGNAL, S_RT, 0);
	CHECK(tcreate(CLOCK_MONOTONIC, &ev, &id) == 0);
	CHECK(syscall(SYS_timer_settime, (long)id, 0L, &v, NULL) == -1 && errno == EINVAL);
	v.value.nsec = -1;
	CHECK(syscall(SYS_timer_settime, (long)id, 0L, &v, NULL) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_timer_settime, (long)id, 0L, NULL, NULL) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_timer_settime, (long)id, 0L, (void *)8, NULL) == -1 && errno == EFAULT);
	CHECK(tset(id + 1000, 0, 1, 0, 0, 0) == -1 && errno == EINVAL);
	CHECK(tset(-1, 0, 1, 0, 0, 0) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_timer_getoverrun, 0x7fffffffL) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_timer_gettime, (long)id, (void *)8) == -1 && errno == EFAULT);
	CHECK(tdelete(-5) == -1 && errno == EINVAL);
	CHECK(tdelete(id) == 0);
}

static const char *self_path;

/* Many timers in a child: at least 32, then EAGAIN; freed when it exits. */
TEST(timer_cap_and_exit)
{
	int st;
	pid_t child = fork();

	if (child == 0) {
		struct rsigevent ev = sigev(EV_SIGNAL, S_RT, 0);
		int n, id;

		set_mask(get_mask() | bit(S_RT));
		for (n = 0; n < 1000; n++) {
			if (tcreate(CLOCK_MONOTONIC, &ev, &id) != 0)
				break;
			tset(id, 0, 0, 1000000, 0, 1000000); /* all firing as it ends */
		}
		_exit(n >= 32 && (n == 1000 || errno == EAGAIN) ? 0 : 1);
	}
	CHECK(child > 0);
	CHECK(waitpid(child, &st, 0) == child && WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* exec deletes the timers: a periodic SIGUSR1 timer never fires in the new
 * program.  SIGUSR1 is blocked across the exec and the timer repeats, so an
 * expiry before a slow exec only leaves one pending signal, which the new
 * program drops before it watches for another (exit_sleeper). */
TEST(timer_gone_after_exec)
{
	int st;
	pid_t child = fork();

	if (child == 0) {
		struct rsigevent ev = sigev(EV_SIGNAL, SIGUSR1, 0);
		sigset_t set;
		int id;

		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		if (sigprocmask(SIG_BLOCK, &set, NULL) != 0 || tcreate(CLOCK_MONOTONIC, &ev, &id) != 0 ||
		    tset(id, 0, 0, 20000000, 0, 20000000) != 0)
			_exit(3);
		execl(self_path, self_path, "sleep", (char *)NULL);
		_exit(2);
	}
	CHECK(child > 0);
	CHECK(waitpid(child, &st, 0) == child);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* The C library's wrappers (sigqueue, sigwait*, timer_*), the same calls underneath. */
TEST(libc_wrappers)
{
	sigset_t set, old;
	siginfo_t si;
	struct sigevent sev;
	struct itimerspec its, cur;
	struct timespec ts = { 0, 10 * 1000000 };
	union sigval v;
	timer_t tm;
	int sig = 0;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	CHECK(sigprocmask(SIG_BLOCK, &set, &old) == 0);
	v.sival_int = 5;
	CHECK(sigqueue(getpid(), SIGUSR2, v) == 0);
	memset(&si, 0, sizeof(si));
	CHECK(sigwaitinfo(&set, &si) == SIGUSR2);
	CHECK(si.si_code == SI_QUEUE && si.si_value.sival_int == 5 && si.si_pid == getpid());
	CHECK(sigtimedwait(&set, &si, &ts) == -1 && errno == EAGAIN);
	CHECK(kill(getpid(), SIGUSR2) == 0);
	CHECK(sigwait(&set, &sig) == 0 && sig == SIGUSR2);

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGUSR2;
	sev.sigev_value.sival_int = 7;
	CHECK(timer_create(CLOCK_MONOTONIC, &sev, &tm) == 0);
	memset(&its, 0, sizeof(its));
	its.it_value.tv_nsec = 10 * 1000000;
	CHECK(timer_settime(tm, 0, &its, NULL) == 0);
	CHECK(timer_gettime(tm, &cur) == 0 && cur.it_value.tv_sec == 0);
	memset(&si, 0, sizeof(si));
	CHECK(sigwaitinfo(&set, &si) == SIGUSR2);
	CHECK(si.si_code == SI_TIMER && si.si_value.sival_int == 7);
	CHECK(timer_getoverrun(tm) == 0);
	CHECK(timer_delete(tm) == 0);
	CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
}

/* clock_settime and settimeofday through raw calls (Linux's timespec,
 * timeval, timezone).  On the host only calls that fail are made: the
 * checks before the privilege one, and the rest in a child that is not
 * root; the host's clock is never set. */
struct rtv {
	int64_t sec, usec;
};

struct rtz {
	int32_t minuteswest, dsttime;
};

static long csettime(long clock, const struct rts *ts)
{
	return syscall(SYS_clock_settime, clock, ts) == 0 ? 0 : errno;
}

static long stod(const struct rtv *tv, const struct rtz *tz)
{
	return syscall(SYS_settimeofday, tv, tz) == 0 ? 0 : errno;
}

#define PROCESS_CPUCLOCK_SELF (-6)	/* MAKE_PROCESS_CPUCLOCK(0, CPUCLOCK_SCHED) */

TEST(clock_settime_checks)
{
	struct rts bad_ns = { 1700000000, 1000000000 }, neg_ns = { 1700000000, -1 };
	struct rts neg = { -1, 0 }, ok = { 1700000000, 0 };
	struct rtv bad_us = { 1700000000, 1000001 }, max_us = { 1700000000, 1000000 };
	struct rtz tz = { 60, 0 };
	struct timespec now;
	pid_t pid;
	int st;

	/* Clocks with no setting: EINVAL before the pointer is read. */
	CHECK(csettime(CLOCK_MONOTONIC, &ok) == EINVAL);
	CHECK(csettime(CLOCK_MONOTONIC, NULL) == EINVAL);
	CHECK(csettime(CLOCK_PROCESS_CPUTIME_ID, &ok) == EINVAL);
	CHECK(csettime(CLOCK_BOOTTIME, &ok) == EINVAL);
	CHECK(csettime(9999, &ok) == EINVAL);
	CHECK(csettime(-1, &ok) == EINVAL);	/* a CPU-time clock id that cannot be */
	/* A CPU-time clock that exists is never settable. */
	CHECK(csettime(PROCESS_CPUCLOCK_SELF, &ok) == EPERM);
	CHECK(csettime(PROCESS_CPUCLOCK_SELF, NULL) == EFAULT);
	/* The wall clock: the time is checked before the privilege. */
	CHECK(csettime(CLOCK_REALTIME, NULL) == EFAULT);
	CHECK(csettime(CLOCK_REALTIME, &bad_ns) == EINVAL);
	CHECK(csettime(CLOCK_REALTIME, &neg_ns) == EINVAL);
	CHECK(csettime(CLOCK_REALTIME, &neg) == EINVAL);
	CHECK(stod(&bad_us, NULL) == EINVAL);
	CHECK(stod(&max_us, NULL) == EINVAL);	/* 1e6 us passes the first check, not the second */
	CHECK(stod((const struct rtv *)1, NULL) == EFAULT);
	/* Not root: EPERM for a good time, and for a zone alone. */
	pid = fork();
	if (pid == 0) {
		struct rtv tv;

		if (getuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(9);
		clock_gettime(CLOCK_REALTIME, &now);
		ok.sec = now.tv_sec;
		tv.sec = now.tv_sec;
		tv.usec = 0;
		if (csettime(CLOCK_REALTIME, &ok) != EPERM)
			_exit(1);
		if (stod(&tv, NULL) != EPERM || stod(NULL, &tz) != EPERM || stod(NULL, NULL) != EPERM)
			_exit(2);
		_exit(0);
	}
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static int64_t ns_of(clockid_t c)
{
	struct timespec t;

	clock_gettime(c, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long set_real_ns(int64_t ns)
{
	struct rts ts = { ns / 1000000000LL, ns % 1000000000LL };

	return csettime(CLOCK_REALTIME, &ts);
}

/* A child sleeping until the wall clock reads target ns (absolute
 * clock_nanosleep); it exits 0 if it woke at or after that time. */
static pid_t abs_sleeper(int64_t target)
{
	struct timespec t = { target / 1000000000LL, target % 1000000000LL };
	pid_t pid = fork();

	if (pid == 0)
		_exit(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &t, NULL) != 0 ? 1 :
		      ns_of(CLOCK_REALTIME) < target ? 2 : 0);
	return pid;
}

/* Has child pid ended within ms?  Its status in *st. */
static int ended_within(pid_t pid, int ms, int *st)
{
	struct timespec d = { 0, 10 * 1000000 };
	int i;

	for (i = 0; i < ms / 10; i++) {
		if (waitpid(pid, st, WNOHANG) == pid)
			return 1;
		nanosleep(&d, NULL);
	}
	return 0;
}

#define SEC 1000000000LL

/* Setting the wall clock (Breenix only, as root: the host's is left alone):
 * the monotonic clock does not move; absolute REALTIME sleepers and
 * timers follow the change, relative timers do not. */
static void clock_change_cases(const char *utest_case, int64_t real0)
{
	struct rsigevent ev = sigev(EV_SIGNAL, S_RT, 3), none = sigev(EV_NONE, 0, 0);
	int64_t m0 = ns_of(CLOCK_MONOTONIC);
	struct rts wait2 = { 2, 0 }, zero = { 0, 0 };
	struct rtz tz = { -60, 0 }, tz0 = { 0, 0 }, got;
	struct ritimerspec v;
	struct rsiginfo info;
	struct rtv tv;
	int id, rel, st;
	pid_t pid;

	CHECK(set_real_ns(real0 + 1000 * SEC) == 0);
	CHECK(ns_of(CLOCK_REALTIME) - (real0 + 1000 * SEC) < 5 * SEC);
	CHECK(ns_of(CLOCK_MONOTONIC) - m0 < 5 * SEC);
	CHECK(csettime(CLOCK_REALTIME, &zero) == EINVAL);	/* before the boot */

	/* Timers: an absolute one due in 100 s, a relative one of 100 s. */
	CHECK(tcreate(CLOCK_REALTIME, &ev, &id) == 0);
	CHECK(tcreate(CLOCK_REALTIME, &none, &rel) == 0);
	CHECK(tset(id, ABSTIME, (real0 + 1100 * SEC) / SEC, 0, 0, 0) == 0);
	CHECK(tset(rel, 0, 100, 0, 0, 0) == 0);
	CHECK(set_real_ns(ns_of(CLOCK_REALTIME) + 50 * SEC) == 0);
	CHECK(tget(id, &v) == 0 && v.value.sec >= 40 && v.value.sec < 50);
	CHECK(tget(rel, &v) == 0 && v.value.sec >= 95);
	CHECK(set_real_ns(ns_of(CLOCK_REALTIME) + 60 * SEC) == 0);	/* past it: due now */
	CHECK(timedwait(bit(S_RT), &info, &wait2) == S_RT && info.value == 3);
	CHECK(tdelete(id) == 0 && tdelete(rel) == 0);

	/* An absolute sleeper wakes when the clock is set past its time... */
	pid = abs_sleeper(ns_of(CLOCK_REALTIME) + 100 * SEC);
	CHECK(pid > 0);
	usleep(100 * 1000);
	CHECK(set_real_ns(ns_of(CLOCK_REALTIME) + 200 * SEC) == 0);
	if (!ended_within(pid, 3000, &st)) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		CHECK(!"absolute sleeper woke when the clock passed its time");
	}
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* ... and sleeps on when it is set back before it. */
	pid = abs_sleeper(ns_of(CLOCK_REALTIME) + SEC / 2);
	CHECK(pid > 0);
	usleep(100 * 1000);
	CHECK(set_real_ns(ns_of(CLOCK_REALTIME) - 100 * SEC) == 0);
	CHECK(!ended_within(pid, 1500, &st));
	CHECK(set_real_ns(ns_of(CLOCK_REALTIME) + 100 * SEC) == 0);
	CHECK(ended_within(pid, 3000, &st));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);

	/* settimeofday sets it too, and keeps a zone for gettimeofday. */
	tv.sec = (real0 + 5000 * SEC) / SEC;
	tv.usec = 0;
	CHECK(stod(&tv, NULL) == 0);
	CHECK(ns_of(CLOCK_REALTIME) - (real0 + 5000 * SEC) < 5 * SEC);
	CHECK(stod(NULL, &tz) == 0);
	CHECK(syscall(SYS_gettimeofday, &tv, &got) == 0 && got.minuteswest == -60);
	tz.minuteswest = 16 * 60;
	CHECK(stod(NULL, &tz) == EINVAL);
	CHECK(stod(NULL, &tz0) == 0);
}

TEST(clock_settime_moves_the_wall_clock)
{
	int64_t real0 = ns_of(CLOCK_REALTIME), mono0 = ns_of(CLOCK_MONOTONIC);
	uint64_t old = get_mask();

	SKIP_IF(!on_breenix(), "would set the host's clock");
	SKIP_IF(geteuid() != 0, "needs root");
	set_mask(old | bit(S_RT));
	clock_change_cases(utest_case, real0);
	set_mask(old);
	/* Put the clock back where it would be. */
	CHECK(set_real_ns(real0 + ns_of(CLOCK_MONOTONIC) - mono0) == 0);
}

/* timer_gone_after_exec's program, SIGUSR1 blocked: drop an expiry from
 * before the exec, sleep 150 ms (7 periods of the old timer), and fail if
 * SIGUSR1 came again. */
static int exec_sleeper(void)
{
	struct timespec zero = { 0, 0 }, d = { 0, 150 * 1000000 };
	sigset_t set, pending;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigtimedwait(&set, NULL, &zero);
	nanosleep(&d, NULL);
	if (sigpending(&pending) != 0)
		return 4;
	return sigismember(&pending, SIGUSR1) ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "sleep") == 0)
		return exec_sleeper();
	self_path = argv[0];
	utest_suite = "timer";
	setvbuf(stdout, NULL, _IOLBF, 0);
	RUN(takes_a_pending_signal_with_its_info);
	RUN(sigqueue_carries_value_and_code);
	RUN(thread_directed_queue_is_seen);
	RUN(timeout_and_bad_arguments);
	RUN(wakes_for_a_signal_from_another_process);
	RUN(waits_for_a_default_ignored_signal);
	RUN(another_signal_interrupts);
	RUN(rt_signals_queue_in_order);
	RUN(rt_queue_runs_the_handler_for_each);
	RUN(rt_queue_limit_is_rlimit_sigpending);
	RUN(rt_queue_of_an_ended_thread_goes);
	RUN(queueing_permissions_and_numbers);
	RUN(timer_default_is_sigalrm_with_its_id);
	RUN(timer_gettime_and_delete);
	RUN(timer_interval_counts_overruns);
	RUN(timer_sigev_none_and_abstime);
	RUN(timer_thread_id);
	RUN(timer_bad_arguments);
	RUN(timer_cap_and_exit);
	RUN(timer_gone_after_exec);
	RUN(libc_wrappers);
	RUN(clock_settime_checks);
	RUN(clock_settime_moves_the_wall_clock);
	return utest_failures != 0;
}
