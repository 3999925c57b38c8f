/*
 * t_sys3: what language runtimes and test suites ask of the kernel beyond
 * the basics (issue 16): CPU-time accounting (getrusage, times, wait4's
 * rusage, the CPU-time clocks, ITIMER_VIRTUAL and ITIMER_PROF,
 * RLIMIT_CPU), RLIMIT_FSIZE, clock_nanosleep, FIFOs, prctl, affinity and
 * scheduler queries, madvise/mremap/msync, statx, and /proc's files.
 * Calls the C library may lack go in by syscall(), so the same source
 * runs on Linux (host_suite.sh) and the two can be compared.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

#define MS 1000000LL

#ifndef RUSAGE_THREAD
#define RUSAGE_THREAD 1 /* Linux's; newlib's header lacks it */
#endif

static long long ts_ns(const struct timespec *ts)
{
	return ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

static long long clock_ns(clockid_t id)
{
	struct timespec ts;

	if (syscall(SYS_clock_gettime, id, &ts) != 0)
		return -1;
	return ts_ns(&ts);
}

static long long tv_ns(const struct timeval *tv)
{
	return tv->tv_sec * 1000000000LL + tv->tv_usec * 1000LL;
}

static long long ru_cpu_ns(const struct rusage *ru)
{
	return tv_ns(&ru->ru_utime) + tv_ns(&ru->ru_stime);
}

/* Burn CPU until the process CPU clock has moved ns (or 60 s of wall time pass). */
static void spin_cpu(long long ns)
{
	long long start = clock_ns(CLOCK_PROCESS_CPUTIME_ID), wall = clock_ns(CLOCK_MONOTONIC);
	volatile unsigned x = 0;

	while (clock_ns(CLOCK_PROCESS_CPUTIME_ID) - start < ns &&
	       clock_ns(CLOCK_MONOTONIC) - wall < 60000 * MS)
		for (int i = 0; i < 10000; i++)
			x += i;
}

TEST(cpu_clocks_advance)
{
	long long p0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID), t0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	long long w0 = clock_ns(CLOCK_MONOTONIC), p1, t1, w1;
	struct timespec res;
	struct rusage ru;

	CHECK(p0 >= 0 && t0 >= 0);
	spin_cpu(100 * MS);
	p1 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	t1 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	w1 = clock_ns(CLOCK_MONOTONIC);
	CHECK(p1 - p0 >= 100 * MS);
	CHECK(t1 - t0 >= 90 * MS);
	CHECK(p1 - p0 <= w1 - w0 + 10 * MS); /* no more CPU than wall time (one CPU) */
	CHECK(getrusage(RUSAGE_SELF, &ru) == 0);
	CHECK(ru_cpu_ns(&ru) >= p1 - 10 * MS);
	CHECK(ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000);
	CHECK(ru.ru_maxrss > 0);
	CHECK(getrusage(RUSAGE_THREAD, &ru) == 0 && ru_cpu_ns(&ru) >= 90 * MS);
	CHECK(syscall(SYS_clock_getres, CLOCK_PROCESS_CPUTIME_ID, &res) == 0);
	CHECK(res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 10 * MS);
	CHECK(syscall(SYS_clock_getres, CLOCK_THREAD_CPUTIME_ID, NULL) == 0);
}

/* Linux's clock_getcpuclockid encoding: ~pid << 3 | CPUCLOCK_SCHED. */
#define PROC_CPUCLOCK(pid) ((clockid_t)((~(unsigned)(pid) << 3) | 2))

TEST(cpu_clock_of_pid)
{
	long long mine = clock_ns(PROC_CPUCLOCK(getpid())), self = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	struct timespec ts;

	CHECK(mine >= 0 && mine <= self);
	CHECK(clock_ns(PROC_CPUCLOCK(0)) >= mine);
	errno = 0;
	CHECK(syscall(SYS_clock_gettime, PROC_CPUCLOCK(dead_pid()), &ts) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(syscall(SYS_clock_gettime, (clockid_t)((~0u << 3) | 3), &ts) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(syscall(SYS_clock_gettime, 99, &ts) == -1 && errno == EINVAL);
}

TEST(children_times_at_reap)
{
	struct rusage before, after, ru;
	struct tms t0, t1;
	int st;
	pid_t pid;

	CHECK(getrusage(RUSAGE_CHILDREN, &before) == 0);
	CHECK(times(&t0) != (clock_t)-1);
	pid = fork();
	if (pid == 0) {
		spin_cpu(150 * MS);
		_exit(0);
	}
	CHECK(pid > 0);
	CHECK(wait4(pid, &st, 0, &ru) == pid && WIFEXITED(st));
	CHECK(ru_cpu_ns(&ru) >= 140 * MS);
	CHECK(ru.ru_maxrss > 0);
	CHECK(getrusage(RUSAGE_CHILDREN, &after) == 0);
	CHECK(ru_cpu_ns(&after) - ru_cpu_ns(&before) >= 140 * MS);
	CHECK(times(&t1) != (clock_t)-1);
	CHECK((t1.tms_cutime + t1.tms_cstime) - (t0.tms_cutime + t0.tms_cstime) >= 14);
	CHECK(t1.tms_utime + t1.tms_stime >= t0.tms_utime + t0.tms_stime);
}

TEST(grandchildren_times)
{
	struct rusage ru;
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		pid_t g = fork();

		if (g == 0) {
			spin_cpu(100 * MS);
			_exit(0);
		}
		_exit(waitpid(g, NULL, 0) == g ? 0 : 1);
	}
	CHECK(wait4(pid, &st, 0, &ru) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(ru_cpu_ns(&ru) >= 90 * MS); /* the grandchild's, reaped by the child */
}

TEST(rusage_errors)
{
	struct rusage ru;

	errno = 0;
	CHECK(getrusage(2, &ru) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(getrusage(-2, &ru) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(syscall(SYS_getrusage, RUSAGE_SELF, (void *)8) == -1 && errno == EFAULT);
	errno = 0;
	CHECK(syscall(SYS_times, (void *)8) == -1 && errno == EFAULT);
	CHECK(syscall(SYS_times, NULL) != -1);
}

TEST(maxrss_grows)
{
	struct rusage a, b;
	size_t len = 4 << 20;
	char *p;

	CHECK(getrusage(RUSAGE_SELF, &a) == 0);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	memset(p, 1, len);
	CHECK(getrusage(RUSAGE_SELF, &b) == 0);
	munmap(p, len);
	CHECK(b.ru_maxrss >= a.ru_maxrss);
	CHECK(b.ru_maxrss >= 4096); /* KiB: at least the 4 MiB just touched */
}

TEST(minor_faults_counted)
{
	struct rusage a, b, c;
	size_t len = 64 * 4096;
	char *p;
	int st;
	pid_t pid;

	CHECK(getrusage(RUSAGE_SELF, &a) == 0);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	for (size_t i = 0; i < len; i += 4096)
		p[i] = 1; /* one fault per page */
	CHECK(getrusage(RUSAGE_SELF, &b) == 0);
	CHECK(b.ru_minflt - a.ru_minflt >= 64);
	CHECK(b.ru_majflt == a.ru_majflt);
	pid = fork();
	if (pid == 0) {
		for (size_t i = 0; i < len; i += 4096)
			p[i] = 2; /* copy-on-write: a fault per page again */
		_exit(0);
	}
	CHECK(wait4(pid, &st, 0, &c) == pid && c.ru_minflt >= 64);
	CHECK(getrusage(RUSAGE_CHILDREN, &c) == 0 && c.ru_minflt >= 64);
	munmap(p, len);
}

static volatile sig_atomic_t got_sig[65];

static void on_sig(int sig)
{
	got_sig[sig]++;
}

static void catch(int sig)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sig;
	sigaction(sig, &sa, NULL);
	got_sig[sig] = 0;
}

/* Spin until sig arrived (or the wall clock passes ms). */
static int spin_until_sig(int sig, long long ms)
{
	long long w0 = clock_ns(CLOCK_MONOTONIC);
	volatile unsigned x = 0;

	while (!got_sig[sig] && clock_ns(CLOCK_MONOTONIC) - w0 < ms * MS)
		for (int i = 0; i < 1000; i++)
			x += i;
	return got_sig[sig];
}

TEST(itimer_virtual_and_prof)
{
	struct itimerval v = { { 0, 0 }, { 0, 50000 } }, g;

	catch(SIGVTALRM);
	catch(SIGPROF);
	CHECK(setitimer(ITIMER_VIRTUAL, &v, NULL) == 0);
	CHECK(getitimer(ITIMER_VIRTUAL, &g) == 0);
	CHECK(g.it_value.tv_sec == 0 && g.it_value.tv_usec > 0 && g.it_value.tv_usec <= 60000);
	CHECK(spin_until_sig(SIGVTALRM, 30000));
	CHECK(getitimer(ITIMER_VIRTUAL, &g) == 0 && g.it_value.tv_usec == 0 && g.it_value.tv_sec == 0);
	/* A periodic ITIMER_PROF fires again and again. */
	v.it_interval.tv_usec = 20000;
	CHECK(setitimer(ITIMER_PROF, &v, NULL) == 0);
	CHECK(spin_until_sig(SIGPROF, 30000));
	got_sig[SIGPROF] = 0;
	CHECK(spin_until_sig(SIGPROF, 30000));
	memset(&v, 0, sizeof(v));
	CHECK(setitimer(ITIMER_PROF, &v, &g) == 0);
	CHECK(g.it_interval.tv_sec == 0 && g.it_interval.tv_usec == 20000);
	errno = 0;
	CHECK(getitimer(3, &g) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(setitimer(3, &v, NULL) == -1 && errno == EINVAL);
}

TEST(itimer_virtual_stops_while_asleep)
{
	struct itimerval v = { { 0, 0 }, { 0, 100000 } }, g;
	struct timespec ts = { 0, 300 * MS };

	catch(SIGVTALRM);
	CHECK(setitimer(ITIMER_VIRTUAL, &v, NULL) == 0);
	nanosleep(&ts, NULL);
	CHECK(getitimer(ITIMER_VIRTUAL, &g) == 0);
	memset(&v, 0, sizeof(v));
	setitimer(ITIMER_VIRTUAL, &v, NULL);
	CHECK(got_sig[SIGVTALRM] == 0);
	CHECK(g.it_value.tv_usec > 50000); /* sleeping used no user time */
}

/* In a child: RLIMIT_CPU 1 s soft, 2 s hard; report SIGXCPU and the soft limit after it. */
static int cpu_limit_child(int wfd)
{
	struct rlimit rl = { 1, 2 };
	char msg[2] = { 0, 0 };

	catch(SIGXCPU);
	if (setrlimit(RLIMIT_CPU, &rl) != 0)
		return 1;
	spin_until_sig(SIGXCPU, 120000);
	msg[0] = got_sig[SIGXCPU] > 0;
	msg[1] = getrlimit(RLIMIT_CPU, &rl) == 0 ? (char)rl.rlim_cur : -1;
	if (write(wfd, msg, 2) != 2)
		return 1;
	spin_cpu(60000 * MS); /* until SIGKILL at the hard limit */
	return 2;
}

TEST(rlimit_cpu_signals)
{
	int fds[2];
	char msg[2];
	pid_t pid;

	CHECK(pipe(fds) == 0);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		_exit(cpu_limit_child(fds[1]));
	}
	close(fds[1]);
	CHECK(read(fds[0], msg, 2) == 2);
	close(fds[0]);
	CHECK(msg[0] == 1);
	CHECK(msg[1] == 2); /* the soft limit moved up a second, as Linux */
	CHECK(utest_ending(pid) == 128 + SIGKILL);
}

TEST(rlimit_cpu_default_kills)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct rlimit rl = { 1, RLIM_INFINITY };

		if (setrlimit(RLIMIT_CPU, &rl) != 0)
			_exit(1);
		spin_cpu(60000 * MS);
		_exit(2);
	}
	CHECK(utest_ending(pid) == 128 + SIGXCPU);
}

static const char fsize_path[] = "/tmp/t_sys3.fsize";

static int fsize_child(void)
{
	struct rlimit rl = { 1000, RLIM_INFINITY };
	char buf[1500];
	struct stat st;
	int fd;

	memset(buf, 'x', sizeof(buf));
	catch(SIGXFSZ);
	if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
		return 1;
	fd = open(fsize_path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return 2;
	if (write(fd, buf, sizeof(buf)) != 1000 || got_sig[SIGXFSZ] != 0)
		return 3; /* cut at the limit, no signal */
	errno = 0;
	if (write(fd, buf, 10) != -1 || errno != EFBIG || got_sig[SIGXFSZ] != 1)
		return 4;
	if (write(fd, buf, 0) != 0)
		return 5; /* an empty write is not refused */
	if (pwrite(fd, buf, 10, 995) != 5)
		return 6;
	errno = 0;
	if (ftruncate(fd, 2000) != -1 || errno != EFBIG || got_sig[SIGXFSZ] != 2)
		return 7;
	if (ftruncate(fd, 1000) != 0 || ftruncate(fd, 10) != 0)
		return 8; /* up to the limit, and shrinking */
	if (fstat(fd, &st) != 0 || st.st_size != 10)
		return 9;
	close(fd);
	errno = 0;
	if (truncate(fsize_path, 1001) != -1 || errno != EFBIG)
		return 10;
	/* Devices are not files: no limit. */
	fd = open("/dev/null", O_WRONLY);
	if (fd < 0 || write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
		return 11;
	close(fd);
	return 0;
}

TEST(rlimit_fsize)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(fsize_child());
	CHECK(utest_ending(pid) == 0);
	/* Without a handler SIGXFSZ ends the writer. */
	pid = fork();
	if (pid == 0) {
		struct rlimit rl = { 10, RLIM_INFINITY };
		int fd = open(fsize_path, O_WRONLY | O_TRUNC);

		setrlimit(RLIMIT_FSIZE, &rl);
		(void)!write(fd, "0123456789abc", 13);
		(void)!write(fd, "x", 1);
		_exit(0);
	}
	CHECK(utest_ending(pid) == 128 + SIGXFSZ);
	unlink(fsize_path);
}

static int cns(clockid_t id, int flags, const struct timespec *req, struct timespec *rem)
{
	return syscall(SYS_clock_nanosleep, id, flags, req, rem) == 0 ? 0 : errno;
}

TEST(clock_nanosleep_forms)
{
	struct timespec req = { 0, 20 * MS }, now;
	long long t0 = clock_ns(CLOCK_MONOTONIC);

	CHECK(cns(CLOCK_MONOTONIC, 0, &req, NULL) == 0);
	CHECK(clock_ns(CLOCK_MONOTONIC) - t0 >= 20 * MS);
	CHECK(cns(CLOCK_REALTIME, 0, &req, NULL) == 0);
	/* Absolute: until the clock reads req. */
	t0 = clock_ns(CLOCK_MONOTONIC) + 30 * MS;
	req.tv_sec = t0 / 1000000000LL;
	req.tv_nsec = t0 % 1000000000LL;
	CHECK(cns(CLOCK_MONOTONIC, TIMER_ABSTIME, &req, NULL) == 0);
	CHECK(clock_ns(CLOCK_MONOTONIC) >= t0);
	CHECK(syscall(SYS_clock_gettime, CLOCK_REALTIME, &now) == 0);
	t0 = ts_ns(&now) + 30 * MS;
	req.tv_sec = t0 / 1000000000LL;
	req.tv_nsec = t0 % 1000000000LL;
	CHECK(cns(CLOCK_REALTIME, TIMER_ABSTIME, &req, NULL) == 0);
	CHECK(clock_ns(CLOCK_REALTIME) >= t0);
	req.tv_sec = 1; /* long past */
	t0 = clock_ns(CLOCK_MONOTONIC);
	CHECK(cns(CLOCK_MONOTONIC, TIMER_ABSTIME, &req, NULL) == 0);
	CHECK(clock_ns(CLOCK_MONOTONIC) - t0 < 500 * MS);
	CHECK(cns(CLOCK_BOOTTIME, TIMER_ABSTIME, &req, NULL) == 0);
}

TEST(clock_nanosleep_errors)
{
	struct timespec req = { 0, 1000 };
	struct timespec bad = { 0, 1000000000 };

	CHECK(cns(CLOCK_MONOTONIC, 0, &bad, NULL) == EINVAL);
	bad.tv_sec = -1;
	bad.tv_nsec = 0;
	CHECK(cns(CLOCK_MONOTONIC, 0, &bad, NULL) == EINVAL);
	CHECK(cns(CLOCK_THREAD_CPUTIME_ID, 0, &req, NULL) == EOPNOTSUPP);
	CHECK(cns(CLOCK_MONOTONIC_RAW, 0, &req, NULL) == EOPNOTSUPP);
	CHECK(cns(99, 0, &req, NULL) == EINVAL);
	CHECK(cns(CLOCK_MONOTONIC, 0, (void *)8, NULL) == EFAULT);
}

static void on_alarm(int sig)
{
	(void)sig;
}

TEST(clock_nanosleep_interrupted)
{
	struct itimerval v = { { 0, 0 }, { 0, 50000 } };
	struct timespec req = { 3, 0 }, rem = { 77, 77 };
	struct sigaction sa;
	long long t0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	CHECK(setitimer(ITIMER_REAL, &v, NULL) == 0);
	CHECK(cns(CLOCK_MONOTONIC, 0, &req, &rem) == EINTR);
	CHECK(rem.tv_sec >= 1 && rem.tv_sec <= 2 && rem.tv_nsec >= 0 && rem.tv_nsec < 1000000000);
	/* Absolute: EINTR, and the time left is not written. */
	t0 = clock_ns(CLOCK_MONOTONIC) + 3000 * MS;
	req.tv_sec = t0 / 1000000000LL;
	req.tv_nsec = t0 % 1000000000LL;
	rem.tv_sec = rem.tv_nsec = 77;
	CHECK(setitimer(ITIMER_REAL, &v, NULL) == 0);
	CHECK(cns(CLOCK_MONOTONIC, TIMER_ABSTIME, &req, &rem) == EINTR);
	CHECK(rem.tv_sec == 77 && rem.tv_nsec == 77);
	signal(SIGALRM, SIG_DFL);
}

static long prctl5(int op, unsigned long a2, unsigned long a3)
{
	return syscall(SYS_prctl, op, a2, a3, 0UL, 0UL);
}

/* The first line of a small file, without its newline ("" if unreadable). */
static void read_line(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, size - 1) : -1;

	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (fd >= 0)
		close(fd);
}

TEST(prctl_name)
{
	char name[32], comm[64];
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		memset(name, 'z', sizeof(name));
		if (prctl5(PR_SET_NAME, (unsigned long)"a-rather-long-task-name", 0) != 0 ||
		    prctl5(PR_GET_NAME, (unsigned long)name, 0) != 0)
			_exit(1);
		if (strcmp(name, "a-rather-long-t") != 0 || name[15] != '\0')
			_exit(2); /* cut to 15 bytes */
		read_line("/proc/self/comm", comm, sizeof(comm));
		if (strcmp(comm, "a-rather-long-t") != 0)
			_exit(3);
		if (prctl5(PR_SET_NAME, 8, 0) != -1 || errno != EFAULT)
			_exit(4);
		_exit(0);
	}
	CHECK(utest_ending(pid) == 0);
}

static int pdeath_pipe[2];

static void on_pdeath(int sig)
{
	(void)sig;
	(void)!write(pdeath_pipe[1], "k", 1);
	_exit(0);
}

TEST(prctl_pdeathsig)
{
	char got[4] = { 0 };
	int sig = -1, sync[2], n = 0;
	pid_t pid;

	CHECK(prctl5(PR_GET_PDEATHSIG, (unsigned long)&sig, 0) == 0 && sig == 0);
	errno = 0;
	CHECK(prctl5(PR_SET_PDEATHSIG, 65, 0) == -1 && errno == EINVAL);
	CHECK(pipe(pdeath_pipe) == 0 && pipe(sync) == 0);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		/* The child makes a grandchild that asks for SIGUSR1 when the child dies. */
		close(pdeath_pipe[0]);
		if (fork() == 0) {
			signal(SIGUSR1, on_pdeath);
			if (prctl5(PR_SET_PDEATHSIG, SIGUSR1, 0) != 0 ||
			    prctl5(PR_GET_PDEATHSIG, (unsigned long)&sig, 0) != 0 || sig != SIGUSR1)
				_exit(1);
			if (fork() == 0) { /* fork clears it */
				sig = -1;
				prctl5(PR_GET_PDEATHSIG, (unsigned long)&sig, 0);
				(void)!write(pdeath_pipe[1], sig == 0 ? "0" : "X", 1);
				_exit(0);
			}
			(void)!write(sync[1], "r", 1);
			for (int i = 0; i < 100; i++)
				sleep(1);
			_exit(1);
		}
		_exit(read(sync[0], got, 1) == 1 ? 0 : 1); /* dies once the grandchild is ready */
	}
	close(sync[0]);
	close(sync[1]);
	close(pdeath_pipe[1]);
	signal(SIGALRM, on_alarm);
	alarm(30);
	CHECK(utest_ending(pid) == 0);
	while (n < 3 && read(pdeath_pipe[0], &got[n], 1) == 1)
		n++;
	alarm(0);
	signal(SIGALRM, SIG_DFL);
	close(pdeath_pipe[0]);
	CHECK(n == 2);
	CHECK(memchr(got, '0', 2) && memchr(got, 'k', 2));
}

TEST(prctl_dumpable_and_no_new_privs)
{
	pid_t pid;

	CHECK(prctl5(PR_GET_DUMPABLE, 0, 0) == 1);
	errno = 0;
	CHECK(prctl5(PR_SET_DUMPABLE, 2, 0) == -1 && errno == EINVAL);
	CHECK(prctl5(PR_GET_NO_NEW_PRIVS, 0, 0) == 0);
	errno = 0;
	CHECK(prctl5(PR_GET_NO_NEW_PRIVS, 1, 0) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(prctl5(PR_SET_NO_NEW_PRIVS, 0, 0) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(prctl5(PR_SET_NO_NEW_PRIVS, 1, 1) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(prctl5(0x7fff1234, 0, 0) == -1 && errno == EINVAL);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		pid_t g;

		if (prctl5(PR_SET_DUMPABLE, 0, 0) != 0 || prctl5(PR_GET_DUMPABLE, 0, 0) != 0)
			_exit(1);
		if (prctl5(PR_SET_NO_NEW_PRIVS, 1, 0) != 0 || prctl5(PR_GET_NO_NEW_PRIVS, 0, 0) != 1)
			_exit(2);
		g = fork();
		if (g == 0) /* both inherited */
			_exit(prctl5(PR_GET_NO_NEW_PRIVS, 0, 0) == 1 &&
			      prctl5(PR_GET_DUMPABLE, 0, 0) == 0 ? 0 : 3);
		_exit(utest_ending(g));
	}
	CHECK(utest_ending(pid) == 0);
}

#define SCHED_OTHER_ 0
#define SCHED_FIFO_ 1

TEST(affinity_and_policy)
{
	unsigned char mask[128], empty[8];
	unsigned cpu = 99, node = 99;
	long n;
	int prio = -1;

	memset(mask, 0, sizeof(mask));
	n = syscall(SYS_sched_getaffinity, 0, sizeof(mask), mask);
	CHECK(n > 0 && n % 8 == 0 && n <= (long)sizeof(mask));
	CHECK(syscall(SYS_getcpu, &cpu, &node, NULL) == 0);
	CHECK(cpu < 8 * (unsigned)n && (mask[cpu / 8] >> (cpu % 8) & 1));
	CHECK(syscall(SYS_getcpu, NULL, NULL, NULL) == 0);
	errno = 0;
	CHECK(syscall(SYS_sched_getaffinity, 0, 0, mask) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(syscall(SYS_sched_getaffinity, 0, 12, mask) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(syscall(SYS_sched_getaffinity, dead_pid(), sizeof(mask), mask) == -1 && errno == ESRCH);
	errno = 0;
	CHECK(syscall(SYS_sched_getaffinity, 0, sizeof(mask), (void *)8) == -1 && errno == EFAULT);
	CHECK(syscall(SYS_sched_setaffinity, 0, n, mask) == 0);
	CHECK(syscall(SYS_sched_setaffinity, getpid(), n, mask) == 0);
	memset(empty, 0, sizeof(empty));
	errno = 0;
	CHECK(syscall(SYS_sched_setaffinity, 0, sizeof(empty), empty) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(syscall(SYS_sched_setaffinity, dead_pid(), n, mask) == -1 && errno == ESRCH);
	CHECK(syscall(SYS_sched_getscheduler, 0) == SCHED_OTHER_);
	errno = 0;
	CHECK(syscall(SYS_sched_getscheduler, -1) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(syscall(SYS_sched_getscheduler, dead_pid()) == -1 && errno == ESRCH);
	CHECK(syscall(SYS_sched_getparam, 0, &prio) == 0 && prio == 0);
	errno = 0;
	CHECK(syscall(SYS_sched_getparam, 0, NULL) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_sched_get_priority_max, SCHED_FIFO_) == 99);
	CHECK(syscall(SYS_sched_get_priority_min, SCHED_FIFO_) == 1);
	CHECK(syscall(SYS_sched_get_priority_max, SCHED_OTHER_) == 0);
	CHECK(syscall(SYS_sched_get_priority_min, SCHED_OTHER_) == 0);
	errno = 0;
	CHECK(syscall(SYS_sched_get_priority_max, 42) == -1 && errno == EINVAL);
}

TEST(rseq_absent_or_registered)
{
	/* Breenix has no rseq: ENOSYS, which glibc and musl take as "do without". */
	SKIP_IF(!on_breenix(), "the host's rseq may be registered by glibc");
	errno = 0;
	CHECK(syscall(SYS_rseq, NULL, 0, 0, 0) == -1 && errno == ENOSYS);
}

/* The whole of a small file into buf (NUL-terminated): its length, or -1. */
static long read_all(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	size_t n = 0;
	ssize_t r = 0;

	if (fd < 0)
		return -1;
	while (n < size - 1 && (r = read(fd, buf + n, size - 1 - n)) > 0)
		n += (size_t)r;
	close(fd);
	buf[n] = '\0';
	return r < 0 ? -1 : (long)n;
}

TEST(proc_cpuinfo)
{
	static char buf[65536];
	char *flags;

	CHECK(read_all("/proc/cpuinfo", buf, sizeof(buf)) > 0);
	CHECK(strncmp(buf, "processor\t: 0\n", 14) == 0);
	CHECK(strstr(buf, "\nvendor_id\t: ") != NULL);
	CHECK(strstr(buf, "\nmodel name\t: ") != NULL);
	CHECK(strstr(buf, "\ncpu family\t: ") != NULL);
	/* What lscpu, top and the like read beside those (Linux's names and spacing). */
	CHECK(strstr(buf, "\ncpu MHz\t\t: ") != NULL && strstr(buf, "\nbogomips\t: ") != NULL);
	CHECK(strstr(buf, "\nsiblings\t: ") != NULL && strstr(buf, "\ncpu cores\t: ") != NULL);
	CHECK(strstr(buf, "\napicid\t\t: ") != NULL && strstr(buf, "\ninitial apicid\t: ") != NULL);
	CHECK(strstr(buf, "\nclflush size\t: ") != NULL && strstr(buf, "\ncache_alignment\t: ") != NULL);
	CHECK(strstr(buf, "\naddress sizes\t: ") != NULL && strstr(buf, "\npower management:") != NULL);
	CHECK((flags = strstr(buf, "\nflags\t\t: ")) != NULL);
	flags[strcspn(flags + 1, "\n") + 1] = '\0';
	/* Every x86_64 CPU has these. */
	CHECK(strstr(flags, " fpu ") != NULL && strstr(flags, " sse2 ") != NULL);
	CHECK(strstr(flags, " lm ") != NULL || strstr(flags, " lm\n") != NULL ||
	      (strlen(flags) >= 3 && strcmp(flags + strlen(flags) - 3, " lm") == 0));
}

TEST(proc_sys_kernel)
{
	char buf[256];
	struct utsname u;
	long pid_max;

	CHECK(uname(&u) == 0);
	CHECK(read_all("/proc/sys/kernel/ostype", buf, sizeof(buf)) > 0);
	CHECK(strcmp(buf, on_breenix() ? "Breenix\n" : "Linux\n") == 0);
	CHECK(read_all("/proc/sys/kernel/osrelease", buf, sizeof(buf)) > 0);
	buf[strcspn(buf, "\n")] = '\0';
	CHECK(strcmp(buf, u.release) == 0);
	CHECK(read_all("/proc/sys/kernel/hostname", buf, sizeof(buf)) > 0);
	buf[strcspn(buf, "\n")] = '\0';
	CHECK(strcmp(buf, u.nodename) == 0);
	CHECK(read_all("/proc/sys/kernel/pid_max", buf, sizeof(buf)) > 0);
	pid_max = strtol(buf, NULL, 10);
	CHECK(pid_max >= 301 && pid_max > getpid());
	/* ".." of /proc/sys/kernel is /proc/sys. */
	CHECK(read_all("/proc/sys/kernel/../kernel/ostype", buf, sizeof(buf)) > 0);
	errno = 0;
	CHECK(open("/proc/sys/kernel/nonesuch", O_RDONLY) == -1 && errno == ENOENT);
}

TEST(proc_self_exe)
{
	char path[4096];
	struct stat a, b;
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);

	CHECK(n > 1);
	path[n] = '\0';
	CHECK(path[0] == '/');
	CHECK(stat(path, &a) == 0 && stat("/proc/self/exe", &b) == 0);
	CHECK(a.st_ino == b.st_ino && a.st_dev == b.st_dev);
	CHECK(lstat("/proc/self/exe", &b) == 0 && S_ISLNK(b.st_mode));
	/* After a fork the child runs the same program. */
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		char p2[4096];
		ssize_t m = readlink("/proc/self/exe", p2, sizeof(p2) - 1);

		_exit(m == n && memcmp(p2, path, (size_t)n) == 0 ? 0 : 1);
	}
	CHECK(utest_ending(pid) == 0);
}

TEST(proc_uptime_meminfo_loadavg)
{
	char buf[4096];
	double up = -1, idle = -1, l1 = -1, l5 = -1, l15 = -1;
	int running = -1, total = -1;

	CHECK(read_all("/proc/uptime", buf, sizeof(buf)) > 0);
	CHECK(sscanf(buf, "%lf %lf", &up, &idle) == 2 && up > 0 && idle >= 0);
	CHECK(read_all("/proc/meminfo", buf, sizeof(buf)) > 0);
	CHECK(strncmp(buf, "MemTotal:", 9) == 0 && strstr(buf, "\nMemFree:") != NULL);
	CHECK(read_all("/proc/loadavg", buf, sizeof(buf)) > 0);
	CHECK(sscanf(buf, "%lf %lf %lf %d/%d", &l1, &l5, &l15, &running, &total) == 5);
	CHECK(l1 >= 0 && running >= 1 && total >= running);
}

TEST(proc_stat_times)
{
	char buf[4096], *p;
	unsigned long utime = 0, stime = 0;
	int i;

	spin_cpu(100 * MS);
	CHECK(read_all("/proc/self/stat", buf, sizeof(buf)) > 0);
	p = strrchr(buf, ')');
	CHECK(p != NULL);
	/* After "pid (comm)": field 3 is the state; utime and stime are fields 14 and 15. */
	for (i = 3, p += 2; i < 14 && p != NULL; i++)
		p = strchr(p, ' ') != NULL ? strchr(p, ' ') + 1 : NULL;
	CHECK(p != NULL && sscanf(p, "%lu %lu", &utime, &stime) == 2);
	CHECK(utime + stime >= 9); /* USER_HZ: at least the 100 ms just spent */
}

/* /proc/stat as top and vmstat read it: the figures after "NAME " on its line, into v (n at most). */
static int stat_fields(const char *text, const char *name, unsigned long long *v, int n)
{
	size_t len = strlen(name);
	const char *p = text;
	int got = 0;
	char *end;

	while (p != NULL && !(strncmp(p, name, len) == 0 && p[len] == ' '))
		p = strchr(p, '\n') != NULL ? strchr(p, '\n') + 1 : NULL;
	if (p == NULL)
		return -1;
	for (p += len; got < n && *p == ' '; got++) {
		while (*p == ' ')
			p++;
		v[got] = strtoull(p, &end, 10);
		if (end == p)
			break;
		p = end;
	}
	return got;
}

/* The "cpuN" lines of /proc/stat: how many, and the sum of each of their ten columns. */
static int stat_cpus(const char *text, unsigned long long sum[10])
{
	unsigned long long v[10];
	char name[16];
	int n, k;

	memset(sum, 0, 10 * sizeof(sum[0]));
	for (n = 0; n < 1024; n++) {
		snprintf(name, sizeof(name), "cpu%d", n);
		if (stat_fields(text, name, v, 10) != 10)
			break;
		for (k = 0; k < 10; k++)
			sum[k] += v[k];
	}
	return n;
}

TEST(proc_stat_system)
{
	static char buf[16384];
	unsigned long long cpu[10], sum[10], later[10], v[1], forks, ctxt, btime;
	double up;
	pid_t pid;
	int st, ncpu, k;

	CHECK(read_all("/proc/stat", buf, sizeof(buf)) > 0);
	CHECK(strncmp(buf, "cpu  ", 5) == 0); /* Linux's two blanks */
	CHECK(stat_fields(buf, "cpu", cpu, 10) == 10);
	ncpu = stat_cpus(buf, sum);
	CHECK(ncpu >= 1 && ncpu == sysconf(_SC_NPROCESSORS_ONLN));
	for (k = 0; k < 10; k++) /* the aggregate is the sum, give or take the ticks between */
		CHECK(cpu[k] <= sum[k] + 2 * ncpu && sum[k] <= cpu[k] + 2 * ncpu);
	CHECK(cpu[3] > 0); /* idle time: the CPU waited at some point since boot */
	CHECK(stat_fields(buf, "intr", v, 1) == 1 && v[0] > 0);
	CHECK(stat_fields(buf, "ctxt", &ctxt, 1) == 1 && ctxt > 0);
	CHECK(stat_fields(buf, "btime", &btime, 1) == 1);
	CHECK(read_all("/proc/uptime", buf + 8192, 64) > 0 && sscanf(buf + 8192, "%lf", &up) == 1);
	CHECK(btime + (unsigned long long)up <= (unsigned long long)time(NULL) + 2 &&
	      btime + (unsigned long long)up + 2 >= (unsigned long long)time(NULL));
	CHECK(stat_fields(buf, "processes", &forks, 1) == 1 && forks > 1);
	CHECK(stat_fields(buf, "procs_running", v, 1) == 1 && v[0] >= 1); /* this process */
	CHECK(stat_fields(buf, "procs_blocked", v, 1) == 1);
	CHECK(stat_fields(buf, "softirq", v, 1) == 1);

	/* A fork counts, a sleep switches, and 50 ms of spinning shows as user time. */
	pid = fork();
	if (pid == 0)
		_exit(0);
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid);
	usleep(10000);
	spin_cpu(50 * MS);
	CHECK(read_all("/proc/stat", buf, sizeof(buf)) > 0);
	CHECK(stat_fields(buf, "processes", v, 1) == 1 && v[0] > forks);
	CHECK(stat_fields(buf, "ctxt", v, 1) == 1 && v[0] > ctxt);
	CHECK(stat_fields(buf, "cpu", later, 10) == 10);
	CHECK(later[0] + later[1] >= cpu[0] + cpu[1] + 2);
}

/* nproc's sources agree: sysconf, glibc's get_nprocs, /proc/stat's lines, the affinity mask. */
TEST(nprocs_agree)
{
	static char buf[16384];
	unsigned long long sum[10];
	long onln = sysconf(_SC_NPROCESSORS_ONLN), conf = sysconf(_SC_NPROCESSORS_CONF);
	cpu_set_t set;

	CHECK(onln >= 1 && conf >= onln);
	CHECK(get_nprocs() == onln && get_nprocs_conf() == conf);
	CHECK(read_all("/proc/stat", buf, sizeof(buf)) > 0 && stat_cpus(buf, sum) == onln);
	CHECK(sched_getaffinity(0, sizeof(set), &set) == 0);
	CHECK(CPU_COUNT(&set) >= 1 && CPU_COUNT(&set) <= onln);
}

static void fifo_path(char *buf, size_t size, const char *tag)
{
	snprintf(buf, size, "/tmp/t_sys3.fifo.%s.%d", tag, (int)getpid());
	unlink(buf);
}

TEST(fifo_open_waits_for_partner)
{
	char path[64], buf[16];
	struct stat st;
	long long t0;
	pid_t pid;
	int fd;

	fifo_path(path, sizeof(path), "wait");
	CHECK(mkfifo(path, 0600) == 0);
	CHECK(stat(path, &st) == 0 && S_ISFIFO(st.st_mode) && (st.st_mode & 0777) == 0600);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct timespec ts = { 0, 100 * MS };
		int w;

		nanosleep(&ts, NULL); /* the reader is waiting by now */
		w = open(path, O_WRONLY);
		_exit(w >= 0 && write(w, "hello", 5) == 5 ? 0 : 1);
	}
	t0 = clock_ns(CLOCK_MONOTONIC);
	fd = open(path, O_RDONLY); /* waits for the writer */
	CHECK(fd >= 0);
	CHECK(clock_ns(CLOCK_MONOTONIC) - t0 >= 50 * MS);
	CHECK(read(fd, buf, sizeof(buf)) == 5 && memcmp(buf, "hello", 5) == 0);
	CHECK(read(fd, buf, sizeof(buf)) == 0); /* the writer has gone: end of file */
	CHECK(fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode));
	errno = 0;
	CHECK(lseek(fd, 0, SEEK_SET) == -1 && errno == ESPIPE);
	close(fd);
	CHECK(utest_ending(pid) == 0);
	/* And a writer waits for a reader. */
	pid = fork();
	if (pid == 0) {
		struct timespec ts = { 0, 100 * MS };
		int r;

		nanosleep(&ts, NULL);
		r = open(path, O_RDONLY);
		_exit(r >= 0 && read(r, buf, 2) == 2 && memcmp(buf, "ok", 2) == 0 ? 0 : 1);
	}
	t0 = clock_ns(CLOCK_MONOTONIC);
	fd = open(path, O_WRONLY);
	CHECK(fd >= 0 && clock_ns(CLOCK_MONOTONIC) - t0 >= 50 * MS);
	CHECK(write(fd, "ok", 2) == 2);
	close(fd);
	CHECK(utest_ending(pid) == 0);
	unlink(path);
}

TEST(fifo_nonblocking_opens)
{
	char path[64], c = 0;
	int r, w;

	fifo_path(path, sizeof(path), "nb");
	CHECK(syscall(SYS_mknodat, AT_FDCWD, path, S_IFIFO | 0600, 0) == 0);
	errno = 0;
	CHECK(open(path, O_WRONLY | O_NONBLOCK) == -1 && errno == ENXIO);
	r = open(path, O_RDONLY | O_NONBLOCK); /* no writer: opens at once */
	CHECK(r >= 0);
	CHECK(read(r, &c, 1) == 0);            /* and reads end of file */
	w = open(path, O_WRONLY | O_NONBLOCK); /* a reader now: allowed */
	CHECK(w >= 0);
	errno = 0;
	CHECK(read(r, &c, 1) == -1 && errno == EAGAIN); /* a writer, nothing written */
	CHECK(write(w, "x", 1) == 1 && read(r, &c, 1) == 1 && c == 'x');
	close(r);
	signal(SIGPIPE, SIG_IGN);
	errno = 0;
	CHECK(write(w, "y", 1) == -1 && errno == EPIPE); /* no reader left */
	signal(SIGPIPE, SIG_DFL);
	close(w);
	unlink(path);
}

TEST(fifo_rdwr_and_lifetime)
{
	char path[64], buf[8];
	int fd, fd2;

	fifo_path(path, sizeof(path), "rw");
	CHECK(mkfifo(path, 0600) == 0);
	errno = 0;
	CHECK(mkfifo(path, 0600) == -1 && errno == EEXIST);
	fd = open(path, O_RDWR); /* both ends: never waits */
	CHECK(fd >= 0);
	CHECK(write(fd, "abc", 3) == 3 && read(fd, buf, sizeof(buf)) == 3);
	CHECK(write(fd, "left", 4) == 4);
	fd2 = open(path, O_RDONLY | O_NONBLOCK);
	CHECK(fd2 >= 0 && read(fd2, buf, 2) == 2 && memcmp(buf, "le", 2) == 0);
	close(fd2);
	close(fd);
	/* Unread bytes go with the last close. */
	fd = open(path, O_RDWR | O_NONBLOCK);
	CHECK(fd >= 0);
	errno = 0;
	CHECK(read(fd, buf, sizeof(buf)) == -1 && errno == EAGAIN);
	/* Unlinked while open: still a pipe. */
	CHECK(unlink(path) == 0);
	CHECK(write(fd, "z", 1) == 1 && read(fd, buf, 1) == 1 && buf[0] == 'z');
	close(fd);
}

TEST(fifo_poll)
{
	char path[64], c;
	struct pollfd p[2];
	int r, w;

	fifo_path(path, sizeof(path), "poll");
	CHECK(mkfifo(path, 0600) == 0);
	r = open(path, O_RDONLY | O_NONBLOCK);
	w = open(path, O_WRONLY | O_NONBLOCK);
	CHECK(r >= 0 && w >= 0);
	p[0] = (struct pollfd){ .fd = r, .events = POLLIN };
	p[1] = (struct pollfd){ .fd = w, .events = POLLOUT };
	CHECK(poll(p, 2, 0) == 1 && p[0].revents == 0 && p[1].revents == POLLOUT);
	CHECK(write(w, "a", 1) == 1);
	CHECK(poll(p, 1, 1000) == 1 && (p[0].revents & POLLIN));
	CHECK(read(r, &c, 1) == 1 && c == 'a');
	close(w); /* the writer has gone: the reader sees a hang-up */
	CHECK(poll(p, 1, 1000) == 1 && (p[0].revents & POLLHUP));
	close(r);
	unlink(path);
}

TEST(fifo_open_interrupted)
{
	struct sigaction sa;
	char path[64];

	fifo_path(path, sizeof(path), "intr");
	CHECK(mkfifo(path, 0600) == 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm; /* no SA_RESTART */
	sigaction(SIGALRM, &sa, NULL);
	{
		struct itimerval v = { { 0, 0 }, { 0, 100000 } };

		CHECK(setitimer(ITIMER_REAL, &v, NULL) == 0);
	}
	errno = 0;
	CHECK(open(path, O_RDONLY) == -1 && errno == EINTR);
	signal(SIGALRM, SIG_DFL);
	/* The interrupted reader left nothing behind. */
	errno = 0;
	CHECK(open(path, O_WRONLY | O_NONBLOCK) == -1 && errno == ENXIO);
	unlink(path);
}

#ifndef MREMAP_MAYMOVE
#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2
#endif

/* mremap by number: the same call whatever the C library declares. */
static void *t_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	return (void *)syscall(SYS_mremap, old, old_len, new_len, flags, new_addr);
}

static long pagesz(void)
{
	return sysconf(_SC_PAGESIZE);
}

TEST(madvise_dontneed_zeroes)
{
	long ps = pagesz();
	char *p = mmap(NULL, 4 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *s = mmap(NULL, ps, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED && s != MAP_FAILED);
	memset(p, 'a', 4 * ps);
	memset(s, 's', ps);
	CHECK(madvise(p + ps, 2 * ps, MADV_DONTNEED) == 0);
	CHECK(p[0] == 'a' && p[ps] == 0 && p[3 * ps - 1] == 0 && p[3 * ps] == 'a');
	p[ps] = 'b'; /* usable again */
	CHECK(p[ps] == 'b');
	CHECK(madvise(s, ps, MADV_DONTNEED) == 0);
	CHECK(s[0] == 's'); /* shared memory keeps its contents */
	/* Hints. */
	CHECK(madvise(p, 4 * ps, MADV_NORMAL) == 0);
	CHECK(madvise(p, 4 * ps, MADV_SEQUENTIAL) == 0);
	CHECK(madvise(p, 4 * ps, MADV_RANDOM) == 0);
	CHECK(madvise(p, 4 * ps, MADV_WILLNEED) == 0);
	CHECK(madvise(p, 0, MADV_DONTNEED) == 0);
	errno = 0;
	CHECK(madvise(p + 1, ps, MADV_DONTNEED) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(madvise(p, ps, 12345) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(madvise(p, (size_t)-1, MADV_NORMAL) == -1 && errno == EINVAL);
	CHECK(munmap(p + 2 * ps, ps) == 0);
	p[0] = 'c';
	errno = 0;
	CHECK(madvise(p, 4 * ps, MADV_DONTNEED) == -1 && errno == ENOMEM); /* a hole */
	CHECK(p[0] == 0); /* the mapped part was still done */
	munmap(p, 4 * ps);
	munmap(s, ps);
}

TEST(mremap_grow_shrink_move)
{
	long ps = pagesz();
	char *p = mmap(NULL, 2 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *q, *blocker, *r;

	CHECK(p != MAP_FAILED);
	memset(p, 'x', 2 * ps);
	/* Shrink in place. */
	CHECK(t_mremap(p, 2 * ps, ps, 0, NULL) == p);
	CHECK(p[0] == 'x' && p[ps - 1] == 'x');
	/* The page after it is taken: growing must move. */
	blocker = mmap(p + ps, ps, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(blocker == p + ps);
	errno = 0;
	CHECK(t_mremap(p, ps, 3 * ps, 0, NULL) == MAP_FAILED && errno == ENOMEM);
	q = t_mremap(p, ps, 3 * ps, MREMAP_MAYMOVE, NULL);
	CHECK(q != MAP_FAILED && q != p);
	CHECK(q[0] == 'x' && q[ps - 1] == 'x' && q[ps] == 0 && q[3 * ps - 1] == 0);
	q[3 * ps - 1] = 'y';
	munmap(blocker, ps);
	/* The old place is gone. */
	CHECK(mmap(p, ps, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) == p);
	munmap(p, ps);
	/* FIXED: to a chosen address, replacing what was there. */
	r = mmap(NULL, 4 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(r != MAP_FAILED);
	CHECK(t_mremap(q, 3 * ps, 2 * ps, MREMAP_MAYMOVE | MREMAP_FIXED, r + ps) == r + ps);
	CHECK(r[ps] == 'x' && r[3 * ps - 1] == 0 && r[0] == 0);
	errno = 0;
	CHECK(t_mremap(r, ps, ps, MREMAP_FIXED, r + 2 * ps) == MAP_FAILED && errno == EINVAL);
	errno = 0;
	CHECK(t_mremap(r, 2 * ps, 2 * ps, MREMAP_MAYMOVE | MREMAP_FIXED, r + ps) == MAP_FAILED &&
	      errno == EINVAL); /* overlapping ranges */
	errno = 0;
	CHECK(t_mremap(r + 1, ps, ps, 0, NULL) == MAP_FAILED && errno == EINVAL);
	errno = 0;
	CHECK(t_mremap(r, ps, 0, MREMAP_MAYMOVE, NULL) == MAP_FAILED && errno == EINVAL);
	errno = 0;
	CHECK(t_mremap(r, ps, ps, 0x80, NULL) == MAP_FAILED && errno == EINVAL);
	munmap(r, 4 * ps);
	errno = 0;
	CHECK(t_mremap(r, ps, 2 * ps, MREMAP_MAYMOVE, NULL) == MAP_FAILED && errno == EFAULT);
}

TEST(mremap_keeps_sharing_after_fork)
{
	long ps = pagesz();
	char *p = mmap(NULL, ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), *q;
	pid_t pid;

	CHECK(p != MAP_FAILED);
	p[0] = 'p';
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		q = t_mremap(p, ps, 64 * ps, MREMAP_MAYMOVE, NULL);
		if (q == MAP_FAILED || q[0] != 'p')
			_exit(1);
		q[0] = 'c'; /* copy-on-write still: the parent's page stays */
		_exit(0);
	}
	CHECK(utest_ending(pid) == 0);
	CHECK(p[0] == 'p');
	munmap(p, ps);
}

TEST(msync_rules)
{
	long ps = pagesz();
	char *p = mmap(NULL, 2 * ps, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED);
	CHECK(msync(p, 2 * ps, MS_SYNC) == 0);
	CHECK(msync(p, 1, MS_ASYNC) == 0);
	CHECK(msync(p, 2 * ps, MS_INVALIDATE) == 0);
	CHECK(msync(p, 0, MS_SYNC) == 0);
	errno = 0;
	CHECK(msync(p + 1, ps, MS_SYNC) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(msync(p, ps, MS_SYNC | MS_ASYNC) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(msync(p, ps, 0x40) == -1 && errno == EINVAL);
	munmap(p + ps, ps);
	errno = 0;
	CHECK(msync(p, 2 * ps, MS_SYNC) == -1 && errno == ENOMEM);
	munmap(p, ps);
}

/* Linux's struct statx, as the kernel writes it. */
struct t_statx {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, spare0;
	uint64_t ino, size, blocks, attributes_mask;
	struct { int64_t sec; uint32_t nsec; int32_t r; } atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t spare[14];
};

#define T_STATX_BASIC 0x7FFu
/* Linux's dev_t encoding (glibc's gnu_dev_major/minor); newlib has no <sys/sysmacros.h>. */
#define T_MAJOR(d) ((uint32_t)((((d) >> 8) & 0xFFF) | (((d) >> 32) & ~0xFFFu)))
#define T_MINOR(d) ((uint32_t)(((d) & 0xFF) | (((d) >> 12) & ~0xFFu)))

TEST(statx_fields)
{
	char path[64];
	struct t_statx x;
	struct stat st;
	int fd;

	CHECK(sizeof(struct t_statx) == 256);
	snprintf(path, sizeof(path), "/tmp/t_sys3.statx.%d", (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0640);
	CHECK(fd >= 0 && write(fd, "12345", 5) == 5);
	CHECK(fstat(fd, &st) == 0);
	memset(&x, 0xEE, sizeof(x));
	CHECK(syscall(SYS_statx, AT_FDCWD, path, 0, T_STATX_BASIC, &x) == 0);
	CHECK((x.mask & T_STATX_BASIC) == T_STATX_BASIC);
	CHECK(x.size == 5 && x.ino == st.st_ino && x.mode == st.st_mode && x.nlink == 1);
	CHECK(x.uid == st.st_uid && x.gid == st.st_gid && x.blksize == st.st_blksize);
	CHECK(x.mtime.sec == st.st_mtim.tv_sec && x.mtime.nsec == (uint32_t)st.st_mtim.tv_nsec);
	CHECK(x.dev_major == T_MAJOR(st.st_dev) && x.dev_minor == T_MINOR(st.st_dev));
	/* AT_EMPTY_PATH: the descriptor itself. */
	memset(&x, 0, sizeof(x));
	CHECK(syscall(SYS_statx, fd, "", AT_EMPTY_PATH, T_STATX_BASIC, &x) == 0 && x.size == 5);
	/* A symlink, followed or not. */
	{
		char link[80];

		snprintf(link, sizeof(link), "%s.lnk", path);
		unlink(link);
		CHECK(symlink(path, link) == 0);
		CHECK(syscall(SYS_statx, AT_FDCWD, link, 0, T_STATX_BASIC, &x) == 0 &&
		      S_ISREG(x.mode));
		CHECK(syscall(SYS_statx, AT_FDCWD, link, AT_SYMLINK_NOFOLLOW, T_STATX_BASIC, &x) == 0 &&
		      S_ISLNK(x.mode));
		unlink(link);
	}
	/* The device numbers of a device node. */
	CHECK(stat("/dev/null", &st) == 0);
	CHECK(syscall(SYS_statx, AT_FDCWD, "/dev/null", 0, T_STATX_BASIC, &x) == 0);
	CHECK(x.rdev_major == T_MAJOR(st.st_rdev) && x.rdev_minor == T_MINOR(st.st_rdev));
	errno = 0;
	CHECK(syscall(SYS_statx, AT_FDCWD, path, 0x6000, T_STATX_BASIC, &x) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(syscall(SYS_statx, AT_FDCWD, path, 0x1, T_STATX_BASIC, &x) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(syscall(SYS_statx, AT_FDCWD, path, 0, 0x80000000u, &x) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(syscall(SYS_statx, AT_FDCWD, path, 0, T_STATX_BASIC, (void *)8) == -1 && errno == EFAULT);
	errno = 0;
	CHECK(syscall(SYS_statx, AT_FDCWD, "/nonexistent/x", 0, T_STATX_BASIC, &x) == -1 &&
	      errno == ENOENT);
	close(fd);
	unlink(path);
}

static int shared_file(const char *tag, char *path, size_t size, size_t len)
{
	int fd;

	snprintf(path, size, "/tmp/t_sys3.shm.%s.%d", tag, (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0 && ftruncate(fd, (off_t)len) != 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/*
 * An int argument is the register's low 32 bits, as Linux's system call
 * wrappers take it: the upper half of a descriptor or a whence is ignored
 * (the typed arguments of syscalls.master), never an error or another file.
 */
TEST(int_arguments_take_the_low_half)
{
	const unsigned long high = 0xffffffff00000000ul;
	int fd = open("/proc/self/exe", O_RDONLY);
	off_t end;

	CHECK(fd >= 0);
	end = lseek(fd, 0, SEEK_END);
	CHECK(end > 0);
	CHECK(syscall(SYS_lseek, high | (unsigned)fd, 0L, high | SEEK_SET) == 0);
	CHECK(syscall(SYS_lseek, (long)fd, 0L, 0x100000000ul | SEEK_END) == end);
	CHECK(syscall(SYS_close, high | (unsigned)fd) == 0);
	CHECK(fcntl(fd, F_GETFD) == -1 && errno == EBADF);
}

TEST(map_shared_file_coherent)
{
	long ps = pagesz();
	char path[64], buf[16];
	char *a, *b;
	int fd = shared_file("coh", path, sizeof(path), 2 * ps);
	pid_t pid;

	CHECK(fd >= 0);
	CHECK(pwrite(fd, "file", 4, ps) == 4);
	a = mmap(NULL, 2 * ps, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	b = mmap(NULL, ps, PROT_READ | PROT_WRITE, MAP_SHARED, fd, ps);
	CHECK(a != MAP_FAILED && b != MAP_FAILED);
	CHECK(memcmp(a + ps, "file", 4) == 0 && memcmp(b, "file", 4) == 0);
	/* A store through one mapping: read() and the other mapping see it. */
	memcpy(a + ps + 8, "store", 5);
	CHECK(pread(fd, buf, 5, ps + 8) == 5 && memcmp(buf, "store", 5) == 0);
	CHECK(memcmp(b + 8, "store", 5) == 0);
	/* A write() to the file: both mappings see it. */
	CHECK(pwrite(fd, "WRITE", 5, ps + 20) == 5);
	CHECK(memcmp(a + ps + 20, "WRITE", 5) == 0 && memcmp(b + 20, "WRITE", 5) == 0);
	/* Another process, mapping it on its own. */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int cfd = open(path, O_RDWR);
		char *c = cfd >= 0 ? mmap(NULL, ps, PROT_READ | PROT_WRITE, MAP_SHARED, cfd, 0) :
				     MAP_FAILED;

		if (c == MAP_FAILED)
			_exit(1);
		memcpy(c + 100, "child", 5);
		a[200] = 'k'; /* the inherited mapping is shared too */
		_exit(msync(c, ps, MS_SYNC) == 0 ? 0 : 2);
	}
	CHECK(utest_ending(pid) == 0);
	CHECK(memcmp(a + 100, "child", 5) == 0 && a[200] == 'k');
	CHECK(pread(fd, buf, 5, 100) == 5 && memcmp(buf, "child", 5) == 0);
	CHECK(msync(a, 2 * ps, MS_SYNC) == 0);
	CHECK(munmap(a, 2 * ps) == 0 && munmap(b, ps) == 0);
	close(fd);
	/* It is in the file for good. */
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0 && pread(fd, buf, 5, ps + 8) == 5 && memcmp(buf, "store", 5) == 0);
	close(fd);
	unlink(path);
}

TEST(map_shared_file_permissions)
{
	long ps = pagesz();
	char path[64];
	char *a;
	int fd = shared_file("perm", path, sizeof(path), ps), ro, wo;

	CHECK(fd >= 0);
	ro = open(path, O_RDONLY);
	wo = open(path, O_WRONLY);
	CHECK(ro >= 0 && wo >= 0);
	errno = 0;
	CHECK(mmap(NULL, ps, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) == MAP_FAILED &&
	      errno == EACCES);
	errno = 0;
	CHECK(mmap(NULL, ps, PROT_READ, MAP_SHARED, wo, 0) == MAP_FAILED && errno == EACCES);
	a = mmap(NULL, ps, PROT_READ, MAP_SHARED, ro, 0);
	CHECK(a != MAP_FAILED);
	errno = 0;
	CHECK(mprotect(a, ps, PROT_READ | PROT_WRITE) == -1 && errno == EACCES);
	munmap(a, ps);
	/* Private mappings of a read-only file may be written: they are copies. */
	a = mmap(NULL, ps, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0);
	CHECK(a != MAP_FAILED);
	a[0] = 'p';
	CHECK(pread(fd, path + 60, 1, 0) == 1 && path[60] == 0);
	munmap(a, ps);
	close(ro);
	close(wo);
	close(fd);
	snprintf(path, sizeof(path), "/tmp/t_sys3.shm.perm.%d", (int)getpid());
	unlink(path);
	/* A directory or a pipe cannot be mapped. */
	fd = open("/tmp", O_RDONLY);
	errno = 0;
	CHECK(mmap(NULL, ps, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED && errno == ENODEV);
	close(fd);
}

TEST(map_shared_file_past_end)
{
	long ps = pagesz();
	char path[64];
	char *a;
	int fd = shared_file("end", path, sizeof(path), 100);
	pid_t pid;

	CHECK(fd >= 0);
	a = mmap(NULL, 2 * ps, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(a != MAP_FAILED);
	CHECK(a[99] == 0 && a[ps - 1] == 0); /* the rest of the last page reads zeros */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		a[ps] = 1; /* a page wholly past the end of the file */
		_exit(0);
	}
	CHECK(utest_ending(pid) == 128 + SIGBUS);
	munmap(a, 2 * ps);
	close(fd);
	unlink(path);
}

/* The C library's wrappers over these calls, with glibc's conventions. */
TEST(libc_wrappers)
{
	struct timespec req = { 0, 1000 }, bad = { 0, -1 };
	char path[64], name[16];
	struct statx sx;
	cpu_set_t set;
	long ps = pagesz();
	char *p, *q;

	CHECK(prctl(PR_SET_NAME, "wrapped", 0, 0, 0) == 0);
	CHECK(prctl(PR_GET_NAME, name, 0, 0, 0) == 0 && strcmp(name, "wrapped") == 0);
	CPU_ZERO(&set);
	CHECK(sched_getaffinity(0, sizeof(set), &set) == 0); /* 0, not a byte count */
	CHECK(CPU_COUNT(&set) >= 1 && CPU_ISSET(sched_getcpu(), &set));
	CHECK(sched_setaffinity(0, sizeof(set), &set) == 0);
	CHECK(sched_get_priority_max(SCHED_FIFO) == 99 && sched_getscheduler(0) == SCHED_OTHER);
	/* clock_nanosleep returns the error number and leaves errno alone. */
	errno = 0;
	CHECK(clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL) == 0);
	CHECK(clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, NULL) == EINVAL && errno == 0);
	p = mmap(NULL, ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	p[0] = 'm';
	q = mremap(p, ps, 8 * ps, MREMAP_MAYMOVE);
	CHECK(q != MAP_FAILED && q[0] == 'm');
	munmap(q, 8 * ps);
	CHECK(statx(AT_FDCWD, "/", 0, STATX_BASIC_STATS, &sx) == 0 && S_ISDIR(sx.stx_mode));
	snprintf(path, sizeof(path), "t_sys3.fifoat.%d", (int)getpid());
	{
		int dfd = open("/tmp", O_RDONLY | O_DIRECTORY);
		struct stat st;

		CHECK(dfd >= 0 && mkfifoat(dfd, path, 0600) == 0);
		CHECK(fstatat(dfd, path, &st, 0) == 0 && S_ISFIFO(st.st_mode));
		CHECK(unlinkat(dfd, path, 0) == 0);
		close(dfd);
	}
}

int main(void)
{
	utest_suite = "sys3";
	RUN(cpu_clocks_advance);
	RUN(cpu_clock_of_pid);
	RUN(children_times_at_reap);
	RUN(grandchildren_times);
	RUN(rusage_errors);
	RUN(maxrss_grows);
	RUN(minor_faults_counted);
	RUN(itimer_virtual_and_prof);
	RUN(itimer_virtual_stops_while_asleep);
	RUN(rlimit_cpu_signals);
	RUN(rlimit_cpu_default_kills);
	RUN(rlimit_fsize);
	RUN(clock_nanosleep_forms);
	RUN(clock_nanosleep_errors);
	RUN(clock_nanosleep_interrupted);
	RUN(prctl_name);
	RUN(prctl_pdeathsig);
	RUN(prctl_dumpable_and_no_new_privs);
	RUN(affinity_and_policy);
	RUN(rseq_absent_or_registered);
	RUN(proc_cpuinfo);
	RUN(proc_sys_kernel);
	RUN(proc_self_exe);
	RUN(proc_uptime_meminfo_loadavg);
	RUN(proc_stat_times);
	RUN(proc_stat_system);
	RUN(nprocs_agree);
	RUN(fifo_open_waits_for_partner);
	RUN(fifo_nonblocking_opens);
	RUN(fifo_rdwr_and_lifetime);
	RUN(fifo_poll);
	RUN(fifo_open_interrupted);
	RUN(madvise_dontneed_zeroes);
	RUN(mremap_grow_shrink_move);
	RUN(mremap_keeps_sharing_after_fork);
	RUN(msync_rules);
	RUN(statx_fields);
	RUN(int_arguments_take_the_low_half);
	RUN(map_shared_file_coherent);
	RUN(map_shared_file_permissions);
	RUN(map_shared_file_past_end);
	RUN(libc_wrappers);
	return utest_failures != 0;
}
