/*
 * t_misc: the system calls that fit no other suite: identity (getpid,
 * getppid, gettid, set_tid_address, the ids), uname, sysinfo, time in its
 * forms, getrandom, resource limits, arch_prctl, sched_yield and reboot's
 * refusal of bad magic numbers, each with its error cases; and timeouts:
 * huge ones (tv_sec = INT64_MAX, "sleep infinity") sleep instead of
 * wrapping to the past, invalid ones give Linux's EINVAL, the time left
 * comes back after a signal.  The time calls go in by syscall(), so the C
 * library's wrappers change nothing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003

TEST(identity)
{
	pid_t pid = getpid(), child;
	int st;

	CHECK(pid > 0 && syscall(SYS_gettid) == pid);
	CHECK(syscall(SYS_set_tid_address, NULL) == pid);
	CHECK(getuid() == geteuid() && getgid() == getegid());
	child = fork();
	if (child == 0)
		_exit(getppid() == pid ? 0 : 1);
	CHECK(waitpid(child, &st, 0) == child && WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* What the registers held after a getpid entered the kernel by int 0x80 or by SYSCALL. */
struct after {
	uint64_t rax, rcx, r11, ret, rdi, rsi, rdx, r8, r9, r10;
};

#define ENTER(insn, a)                                                                     \
	do {                                                                               \
		register uint64_t r8 __asm__("r8") = 8, r9 __asm__("r9") = 9;              \
		register uint64_t r10 __asm__("r10") = 10, r11 __asm__("r11");             \
		uint64_t rax = SYS_getpid, rcx, rdi = 1, rsi = 2, rdx = 3, ret;            \
                                                                                           \
		__asm__ volatile("lea 1f(%%rip), %[ret]\n\t" insn "\n1:"                    \
				 : "+a"(rax), "=c"(rcx), "=r"(r11), [ret] "=&r"(ret),      \
				   "+D"(rdi), "+S"(rsi), "+d"(rdx), "+r"(r8), "+r"(r9),    \
				   "+r"(r10)                                               \
				 :                                                         \
				 : "memory");                                              \
		*(a) = (struct after){ rax, rcx, r11, ret, rdi, rsi, rdx, r8, r9, r10 };   \
	} while (0)

static int entry_kept_registers(const struct after *a)
{
	return a->rax == (uint64_t)getpid() && a->rdi == 1 && a->rsi == 2 && a->rdx == 3 &&
	       a->r8 == 8 && a->r9 == 9 && a->r10 == 10;
}

/*
 * The x86_64 convention: the result in rax, the argument registers kept,
 * rcx and r11 clobbered (the return address and rflags, as SYSCALL leaves
 * them).  Breenix's int 0x80 does the same (on Linux it is the 32-bit
 * table, so only SYSCALL is checked there).
 */
TEST(entry_registers)
{
	struct after a;

	ENTER("syscall", &a);
	CHECK(entry_kept_registers(&a));
	CHECK(a.rcx == a.ret && (a.r11 & 0x202) == 0x202);
	if (!on_breenix())
		return;
	ENTER("int $0x80", &a);
	CHECK(entry_kept_registers(&a));
	CHECK(a.rcx == a.ret && (a.r11 & 0x202) == 0x202);
}

/* The C library's system(), getline() and getdelim(), as a ported program uses them. */
TEST(libc_system_and_getline)
{
	char path[64], cmd[128], *line = NULL;
	size_t cap = 0;
	FILE *f;
	int st;

	snprintf(path, sizeof(path), "/tmp/t_misc.%d", (int)getpid());
	CHECK(system(NULL) != 0);
	st = system("exit 3");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3);
	st = system("kill -9 $$");
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	snprintf(cmd, sizeof(cmd), "printf 'one\\ntwo,three\\nlast' > %s", path);
	CHECK(system(cmd) == 0);
	f = fopen(path, "r");
	CHECK(f != NULL);
	if (f == NULL)
		return;
	CHECK(getline(&line, &cap, f) == 4 && strcmp(line, "one\n") == 0 && cap >= 5);
	CHECK(getdelim(&line, &cap, ',', f) == 4 && strcmp(line, "two,") == 0);
	CHECK(getline(&line, &cap, f) == 6 && strcmp(line, "three\n") == 0);
	CHECK(getline(&line, &cap, f) == 4 && strcmp(line, "last") == 0);
	CHECK(getline(&line, &cap, f) == -1 && feof(f));
	fclose(f);
	free(line);
	unlink(path);
}

TEST(uname_fields)
{
	struct utsname u;

	CHECK(uname(&u) == 0);
	CHECK(strcmp(u.machine, "x86_64") == 0 && u.sysname[0] != '\0' && u.release[0] != '\0');
	CHECK(syscall(SYS_uname, 8) == -1 && errno == EFAULT);
}

TEST(sysinfo_sane)
{
	struct sysinfo si;

	CHECK(sysinfo(&si) == 0);
	CHECK(si.totalram > 0 && si.freeram <= si.totalram && si.mem_unit > 0);
	CHECK(si.procs > 0 && si.uptime >= 0);
	CHECK(syscall(SYS_sysinfo, 8) == -1 && errno == EFAULT);
}

TEST(clocks_agree)
{
	struct timespec rt, mono, res;
	struct timeval tv;
	time_t t;

	CHECK(clock_gettime(CLOCK_REALTIME, &rt) == 0 && gettimeofday(&tv, NULL) == 0);
	t = time(NULL);
	CHECK(llabs((long long)rt.tv_sec - (long long)tv.tv_sec) <= 1 && llabs((long long)t - (long long)rt.tv_sec) <= 1);
	CHECK(rt.tv_sec > 1700000000); /* after 2023: the RTC was read */
	CHECK(clock_gettime(CLOCK_MONOTONIC, &mono) == 0 && mono.tv_nsec < 1000000000);
	CHECK(clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 && res.tv_nsec > 0);
	CHECK(clock_gettime(12345, &rt) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_clock_gettime, CLOCK_REALTIME, 8) == -1 && errno == EFAULT);
}

TEST(getrandom_calls)
{
	unsigned char a[64], b[64];

	CHECK(syscall(SYS_getrandom, a, sizeof(a), 0) == sizeof(a));
	CHECK(syscall(SYS_getrandom, b, sizeof(b), 0) == sizeof(b));
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	CHECK(syscall(SYS_getrandom, a, sizeof(a), 0x100) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_getrandom, 8, 16, 0) == -1 && errno == EFAULT);
}

TEST(resource_limits)
{
	struct rlimit rl;

	CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur > 0 && rl.rlim_cur <= rl.rlim_max);
	CHECK(getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur >= 1 << 20);
	CHECK(setrlimit(RLIMIT_NOFILE, &(struct rlimit){ 10, 5 }) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_prlimit64, 0, 1000, NULL, &rl) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_prlimit64, dead_pid(), RLIMIT_NOFILE, NULL, &rl) == -1 && errno == ESRCH);
}

TEST(fs_base)
{
	uint64_t base = 0;

	CHECK(syscall(SYS_arch_prctl, ARCH_GET_FS, &base) == 0);
	CHECK(syscall(SYS_arch_prctl, 0x9999, 0) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_arch_prctl, ARCH_GET_FS, 8) == -1 && errno == EFAULT);
	CHECK(syscall(SYS_arch_prctl, ARCH_SET_FS, base) == 0);
}

TEST(yield_and_reboot_magic)
{
	CHECK(syscall(SYS_sched_yield) == 0);
	/* Only root may reboot; for root, bad magic numbers are refused
	 * before anything else is looked at. */
	CHECK(syscall(SYS_reboot, 0x12345678, 0, 0, NULL) == -1 &&
	      errno == (geteuid() == 0 ? EINVAL : EPERM));
}

/* struct timespec and timeval as the kernel reads them (two 64-bit fields). */
struct ktime {
	int64_t sec, frac;
};

struct kitimer {
	struct ktime interval, value;
};


TEST(gettimeofday_faults)
{
	struct ktime tv;
	int tz[2];

	CHECK(syscall(SYS_gettimeofday, &tv, tz) == 0 && tv.sec > 1700000000);
	CHECK(syscall(SYS_gettimeofday, NULL, NULL) == 0);
	CHECK(syscall(SYS_gettimeofday, 8, NULL) == -1 && errno == EFAULT);
	CHECK(syscall(SYS_gettimeofday, &tv, 8) == -1 && errno == EFAULT);
	CHECK(syscall(SYS_gettimeofday, NULL, 8) == -1 && errno == EFAULT);
}

static void sleep_ns_forever(void)
{
	struct ktime ts = { INT64_MAX, 999999999 };

	syscall(SYS_nanosleep, &ts, NULL);
}

static void sleep_ns_9223372036(void)
{
	struct ktime ts = { 9223372036, 854775807 }; /* INT64_MAX ns, exactly */

	syscall(SYS_nanosleep, &ts, NULL);
}

static void select_forever(void)
{
	struct ktime tv = { INT64_MAX, 999999 };

	syscall(SYS_select, 0, NULL, NULL, NULL, &tv);
}

static void poll_int_max(void)
{
	syscall(SYS_poll, NULL, 0, INT_MAX);
}

/* Whether fn, run in a child, is still blocked 200 ms later (then the child is killed). */
static int still_blocked(void (*fn)(void))
{
	struct timespec ts = { 0, 200000000 };
	pid_t pid = fork();
	int st, blocked;

	if (pid == 0) {
		fn();
		_exit(1); /* it returned: the timeout wrapped into the past */
	}
	nanosleep(&ts, NULL);
	blocked = waitpid(pid, &st, WNOHANG) == 0;
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	return blocked && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
}

TEST(huge_timeouts_sleep)
{
	CHECK(still_blocked(sleep_ns_forever));
	CHECK(still_blocked(sleep_ns_9223372036));
	CHECK(still_blocked(select_forever));
	CHECK(still_blocked(poll_int_max));
}

TEST(invalid_timeouts)
{
	static const struct ktime bad_ts[] = { { 0, -1 }, { 0, 1000000000 }, { -1, 0 },
					       { INT64_MIN, 0 }, { 0, INT64_MAX } };
	struct ktime tv;
	struct kitimer it;
	struct pollfd pf;
	int fds[2];
	unsigned i;

	for (i = 0; i < sizeof(bad_ts) / sizeof(bad_ts[0]); i++)
		CHECK(syscall(SYS_nanosleep, &bad_ts[i], NULL) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_nanosleep, 8, NULL) == -1 && errno == EFAULT);
	tv = (struct ktime){ -1, 0 };
	CHECK(syscall(SYS_select, 0, NULL, NULL, NULL, &tv) == -1 && errno == EINVAL);
	tv = (struct ktime){ 0, -1 };
	CHECK(syscall(SYS_select, 0, NULL, NULL, NULL, &tv) == -1 && errno == EINVAL);
	/* select folds whole seconds of tv_usec into tv_sec: these are valid. */
	CHECK(pipe(fds) == 0 && write(fds[1], "x", 1) == 1);
	{
		uint64_t rd = 1ull << fds[0];

		tv = (struct ktime){ 0, 1500000 };
		CHECK(syscall(SYS_select, fds[0] + 1, &rd, NULL, NULL, &tv) == 1);
		tv = (struct ktime){ 1, -1000000 }; /* zero */
		CHECK(syscall(SYS_select, 0, NULL, NULL, NULL, &tv) == 0);
	}
	pf = (struct pollfd){ .fd = fds[0], .events = POLLIN };
	CHECK(poll(&pf, 1, -5) == 1); /* a negative timeout: none */
	close(fds[0]);
	close(fds[1]);
	memset(&it, 0, sizeof(it));
	it.value = (struct ktime){ 0, 1000000 };
	CHECK(syscall(SYS_setitimer, ITIMER_REAL, &it, NULL) == -1 && errno == EINVAL);
	it.value = (struct ktime){ 0, -1 };
	CHECK(syscall(SYS_setitimer, ITIMER_REAL, &it, NULL) == -1 && errno == EINVAL);
	it.value = (struct ktime){ -1, 0 };
	CHECK(syscall(SYS_setitimer, ITIMER_REAL, &it, NULL) == -1 && errno == EINVAL);
	it.value = (struct ktime){ 0, 0 };
	it.interval = (struct ktime){ 0, 1000000 };
	CHECK(syscall(SYS_setitimer, ITIMER_REAL, &it, NULL) == -1 && errno == EINVAL);
}

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

/* A huge ITIMER_REAL is armed for centuries: it does not fire, and reads back as huge. */
TEST(huge_itimer)
{
	struct kitimer it, now, off;
	struct timespec ts = { 0, 150000000 };
	struct sigaction sa, old;
	long left;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	CHECK(sigaction(SIGALRM, &sa, &old) == 0);
	memset(&off, 0, sizeof(off));
	alarms = 0;
	it = (struct kitimer){ { 0, 0 }, { INT64_MAX, 999999 } };
	CHECK(syscall(SYS_setitimer, ITIMER_REAL, &it, NULL) == 0);
	nanosleep(&ts, NULL);
	CHECK(syscall(SYS_getitimer, ITIMER_REAL, &now) == 0);
	/* Linux caps at KTIME_MAX ns, 292 years: 9223372036 s less the uptime. */
	CHECK(now.value.sec > 9000000000LL && now.value.sec <= 9223372036LL);
	CHECK(now.interval.sec == 0 && now.interval.frac == 0);
	/* alarm reports what is left as an unsigned int, as Linux's does. */
	left = syscall(SYS_alarm, 0);
	CHECK(left >= 0 && left <= (long)UINT_MAX);
	it = (struct kitimer){ { INT64_MAX, 0 }, { 1000, 0 } };
	CHECK(syscall(SYS_setitimer, ITIMER_REAL, &it, NULL) == 0);
	CHECK(syscall(SYS_getitimer, ITIMER_REAL, &now) == 0);
	CHECK(now.interval.sec == 9223372036LL && now.interval.frac == 854775);
	CHECK(now.value.sec <= 1000 && now.value.sec >= 990);
	CHECK(syscall(SYS_setitimer, ITIMER_REAL, &off, NULL) == 0);
	CHECK(alarms == 0);
	sigaction(SIGALRM, &old, NULL);
}

static void on_usr1(int sig)
{
	(void)sig;
}

/*
 * In a child: tell the parent through fd, then run the call (SIGUSR1
 * interrupts it); exit 0 if it said EINTR and left the time left in *t
 * between lo and hi seconds.
 */
static void interrupted_child(int fd, int use_select, int64_t lo, int64_t hi)
{
	struct ktime t = { use_select ? 1000 : INT64_MAX, 0 }, rem = { -1, -1 };
	long r;

	if (write(fd, "r", 1) != 1)
		_exit(2);
	if (use_select)
		r = syscall(SYS_select, 0, NULL, NULL, NULL, &t);
	else
		r = syscall(SYS_nanosleep, &t, &rem);
	if (!use_select)
		t = rem;
	_exit(r == -1 && errno == EINTR && t.sec >= lo && t.sec <= hi ? 0 : 3);
}

/* The time left after an interruption: nanosleep's rem, select's timeval (Linux writes it back). */
static int left_after_signal(int use_select, int64_t lo, int64_t hi)
{
	struct sigaction sa;
	int fds[2], st, i;
	pid_t pid;
	char c;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	if (sigaction(SIGUSR1, &sa, NULL) != 0 || pipe(fds) != 0)
		return 0;
	pid = fork();
	if (pid == 0)
		interrupted_child(fds[1], use_select, lo, hi);
	close(fds[1]);
	if (read(fds[0], &c, 1) != 1)
		return 0;
	close(fds[0]);
	/* Until it ends: a signal before it sleeps is handled and does not end it. */
	for (i = 0; i < 50 && waitpid(pid, &st, WNOHANG) == 0; i++) {
		struct timespec ts = { 0, 50000000 };

		nanosleep(&ts, NULL);
		kill(pid, SIGUSR1);
	}
	if (i == 50) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		return 0;
	}
	signal(SIGUSR1, SIG_DFL);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

TEST(time_left_after_signal)
{
	CHECK(left_after_signal(0, 9000000000LL, 9223372036LL));
	CHECK(left_after_signal(1, 990, 999));
}

int main(void)
{
	utest_suite = "misc";
	RUN(identity);
	RUN(entry_registers);
	RUN(libc_system_and_getline);
	RUN(uname_fields);
	RUN(sysinfo_sane);
	RUN(clocks_agree);
	RUN(getrandom_calls);
	RUN(resource_limits);
	RUN(fs_base);
	RUN(yield_and_reboot_magic);
	RUN(gettimeofday_faults);
	RUN(huge_timeouts_sleep);
	RUN(invalid_timeouts);
	RUN(huge_itimer);
	RUN(time_left_after_signal);
	return utest_failures != 0;
}
