/*
 * utest.h: the tiny harness of the user test programs.  Each program runs
 * its cases in order; CHECK prints "FAIL: user/<suite>/<case>: <what>"
 * and ends the case; a case that returns without a failure prints PASS.
 * The programs build for Linux too (tests/harness/host_suite.sh): a case
 * that passes there and fails on Breenix is a Breenix bug.
 */
#ifndef UTEST_H
#define UTEST_H

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *utest_suite;
static int utest_failed, utest_failures, utest_skipped;

#define CHECK(cond)                                                          \
	do {                                                                 \
		if (!(cond)) {                                               \
			printf("FAIL: user/%s/%s: %s (line %d)\n", utest_suite, \
			       utest_case, #cond, __LINE__);                 \
			utest_failed = 1;                                    \
			return;                                              \
		}                                                            \
	} while (0)

/* End the case as skipped (not run here), saying why. */
#define SKIP_IF(cond, why)                                                   \
	do {                                                                 \
		if (cond) {                                                  \
			printf("SKIP: user/%s/%s: %s\n", utest_suite,        \
			       utest_case, why);                             \
			utest_skipped = 1;                                   \
			return;                                              \
		}                                                            \
	} while (0)

#define RUN(fn)                                                              \
	do {                                                                 \
		const char *utest_name = #fn;                                \
		utest_failed = utest_skipped = 0;                            \
		fn(utest_name);                                              \
		if (!utest_failed && !utest_skipped)                         \
			printf("PASS: user/%s/%s\n", utest_suite, utest_name); \
		utest_failures += utest_failed;                              \
		fflush(stdout);                                              \
	} while (0)

#define TEST(name) static void name(const char *utest_case)

static inline int on_breenix(void)
{
	struct utsname u;

	return uname(&u) == 0 && strcmp(u.sysname, "Breenix") == 0;
}

/* The pid of a child that has been reaped: no process has it now (pids are
 * not reused at once), unlike a fixed number the host may well be using. */
static inline pid_t dead_pid(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	return pid;
}

/*
 * How the child pid ended: its exit status, 128 + the signal that ended it,
 * or -1 if there is no such child (pid < 0: the fork failed).
 */
/* Wait (up to 5 s) until process pid sleeps: /proc/<pid>/stat's state is S.
 * 1 when it does, 0 if it never did (or there is no such process). */
static inline int utest_wait_sleeping(pid_t pid)
{
	char path[64], buf[256], *p;
	int i, fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	for (i = 0; i < 5000; i++) {
		if ((fd = open(path, O_RDONLY)) < 0)
			return 0;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		buf[n > 0 ? n : 0] = 0;
		if ((p = strrchr(buf, ')')) != NULL && p[1] == ' ' && p[2] == 'S')
			return 1;
		usleep(1000);
	}
	return 0;
}

static inline int utest_ending(pid_t pid)
{
	int st;

	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/*
 * fn run in a child as user uid (group uid, no supplementary groups) when
 * we are root, else as ourselves: how the child ended (utest_ending), so 0
 * when fn returned 0; 100 if the ids could not be dropped.  The res*id
 * calls go by number: newlib and glibc declare them under different macros.
 */
static inline int utest_as_user(int (*fn)(void), uid_t uid)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (geteuid() == 0 &&
		    (setgroups(0, NULL) != 0 || syscall(SYS_setresgid, uid, uid, uid) != 0 ||
		     syscall(SYS_setresuid, uid, uid, uid) != 0))
			_exit(100);
		_exit(fn());
	}
	return utest_ending(pid);
}

/* Free memory in KiB, as sysinfo(2) reports it (-1 if it cannot). */
static inline long free_kib(void)
{
	struct sysinfo si;

	return sysinfo(&si) == 0 ? (long)(si.freeram * si.mem_unit >> 10) : -1;
}

/*
 * The suite's scratch directory, /tmp/<suite>.<pid> with mode 0755 whatever
 * the umask, named into dir: 0, or a FAIL line for the suite's set-up and -1.
 */
static inline int utest_scratch_dir(char *dir, size_t size)
{
	snprintf(dir, size, "/tmp/t_%s.%d", utest_suite, (int)getpid());
	if (mkdir(dir, 0755) == 0 && chmod(dir, 0755) == 0)
		return 0;
	printf("FAIL: user/%s/setup: mkdir %s: %s\n", utest_suite, dir, strerror(errno));
	return -1;
}

#endif
