/* Process, identity and system-information calls. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sched.h>
#include <sys/auxv.h>
#include <sys/random.h>
#include <sys/reboot.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include "breenix_syscall.h"

/* fork, vfork: pthread.c (fork takes the library's locks and runs the
 * pthread_atfork handlers). */

/* newlib's execv, execve, execvp and friends all end up here. */
int _execve(const char *path, char *const argv[], char *const envp[])
{ return SYSCALL3(SYS_execve, path, argv, envp); }

void __attribute__((noreturn))
_exit(int status)
{
	for (;;)
		__syscall1(SYS_exit_group, status);
}

pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru)
{
	int cp = __pthread_cp_enter();
	long r = __syscall4(SYS_wait4, pid, status, options, ru);

	__pthread_cp_leave(cp);
	return __syscall_ret(r);
}
pid_t waitpid(pid_t pid, int *status, int options) { return wait4(pid, status, options, NULL); }
pid_t wait(int *status) { return wait4(-1, status, 0, NULL); }
pid_t wait3(int *status, int options, struct rusage *ru) { return wait4(-1, status, options, ru); }
pid_t _wait(int *status) { return wait(status); }

pid_t getpid(void) { return __syscall0(SYS_getpid); }
pid_t getppid(void) { return __syscall0(SYS_getppid); }
pid_t gettid(void) { return __syscall0(SYS_gettid); }
uid_t getuid(void) { return __syscall0(SYS_getuid); }
uid_t geteuid(void) { return __syscall0(SYS_geteuid); }
gid_t getgid(void) { return __syscall0(SYS_getgid); }
gid_t getegid(void) { return __syscall0(SYS_getegid); }
int setuid(uid_t u) { return SYSCALL1(SYS_setuid, u); }
int setgid(gid_t g) { return SYSCALL1(SYS_setgid, g); }
int seteuid(uid_t u) { return SYSCALL3(SYS_setresuid, -1, u, -1); }
int setegid(gid_t g) { return SYSCALL3(SYS_setresgid, -1, g, -1); }
int setreuid(uid_t r, uid_t e) { return SYSCALL2(SYS_setreuid, r, e); }
int setregid(gid_t r, gid_t e) { return SYSCALL2(SYS_setregid, r, e); }
int setresuid(uid_t r, uid_t e, uid_t s) { return SYSCALL3(SYS_setresuid, r, e, s); }
int setresgid(gid_t r, gid_t e, gid_t s) { return SYSCALL3(SYS_setresgid, r, e, s); }
int getresuid(uid_t *r, uid_t *e, uid_t *s) { return SYSCALL3(SYS_getresuid, r, e, s); }
int getresgid(gid_t *r, gid_t *e, gid_t *s) { return SYSCALL3(SYS_getresgid, r, e, s); }
int getgroups(int n, gid_t *list) { return SYSCALL2(SYS_getgroups, n, list); }
int setgroups(int n, const gid_t *list) { return SYSCALL2(SYS_setgroups, n, list); }

int setpgid(pid_t pid, pid_t pgid) { return SYSCALL2(SYS_setpgid, pid, pgid); }
pid_t getpgid(pid_t pid) { return SYSCALL1(SYS_getpgid, pid); }
pid_t getpgrp(void) { return SYSCALL0(SYS_getpgrp); }
int setpgrp(void) { return setpgid(0, 0); }
pid_t setsid(void) { return SYSCALL0(SYS_setsid); }
pid_t getsid(pid_t pid) { return SYSCALL1(SYS_getsid, pid); }

/* Whether the program runs with privileges it did not start with (the
 * kernel's AT_SECURE): glob and others then ignore the environment. */
int issetugid(void) { return getauxval(AT_SECURE) != 0; }

int uname(struct utsname *u) { return SYSCALL1(SYS_uname, u); }
int sysinfo(struct sysinfo *info) { return SYSCALL1(SYS_sysinfo, info); }
int sched_yield(void) { return SYSCALL0(SYS_sched_yield); }
ssize_t getrandom(void *buf, size_t n, unsigned int flags)
{ return SYSCALL3(SYS_getrandom, buf, n, flags); }

int
getentropy(void *buf, size_t n)
{
	if (n > 256) {
		errno = EIO;
		return -1;
	}
	return getrandom(buf, n, 0) == (ssize_t)n ? 0 : -1;
}

int getrlimit(int r, struct rlimit *l) { return SYSCALL4(SYS_prlimit64, 0, r, NULL, l); }
int setrlimit(int r, const struct rlimit *l) { return SYSCALL4(SYS_prlimit64, 0, r, l, NULL); }
int prlimit(pid_t pid, int r, const struct rlimit *n, struct rlimit *o)
{ return SYSCALL4(SYS_prlimit64, pid, r, n, o); }

int
getrusage(int who, struct rusage *ru)
{
	return SYSCALL2(SYS_getrusage, who, ru);
}

int reboot(int cmd)
{ return SYSCALL4(SYS_reboot, RB_MAGIC1, RB_MAGIC2, cmd, NULL); }

int
gethostname(char *name, size_t len)
{
	struct utsname u;

	if (uname(&u) != 0)
		return -1;
	if (strlen(u.nodename) >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(name, u.nodename);
	return 0;
}

int
getpagesize(void)
{
	return 4096;
}

/*
 * The CPUs online: the lines of /proc/stat that start "cpu" and a digit,
 * as glibc counts them where /sys is missing; 1 if /proc cannot be read.
 * Breenix keeps no CPU that is configured and not online, so this is also
 * _SC_NPROCESSORS_CONF.
 */
int
get_nprocs(void)
{
	char buf[256];
	int fd = open("/proc/stat", O_RDONLY | O_CLOEXEC), n = 0, state = 0;
	ssize_t len, i;

	if (fd < 0)
		return 1;
	/* state: 0 at a line's start, 1..3 after "c", "cp", "cpu", 4 elsewhere in a line. */
	while ((len = read(fd, buf, sizeof(buf))) > 0) {
		for (i = 0; i < len; i++) {
			char c = buf[i];

			if (c == '\n')
				state = 0;
			else if (state < 3 && c == "cpu"[state])
				state++;
			else if (state == 3 && c >= '0' && c <= '9') {
				n++;
				state = 4;
			} else
				state = 4;
		}
	}
	close(fd);
	return n > 0 ? n : 1;
}

int get_nprocs_conf(void) { return get_nprocs(); }

long
sysconf(int name)
{
	switch (name) {
	case _SC_PAGESIZE:
		return 4096;
	case _SC_CLK_TCK:
		return 100;
	case _SC_OPEN_MAX: {
		struct rlimit l;
		return getrlimit(RLIMIT_NOFILE, &l) == 0 ? (long)l.rlim_cur : 1024;
	}
	case _SC_SIGQUEUE_MAX: {	/* as glibc: the limit on queued signals */
		struct rlimit l;
		return getrlimit(RLIMIT_SIGPENDING, &l) == 0 ? (long)l.rlim_cur : 1024;
	}
	case _SC_RTSIG_MAX:
		return SIGRTMAX - SIGRTMIN + 1;
	case _SC_REALTIME_SIGNALS:
	case _SC_TIMERS:
		return 200809L;
	case _SC_ARG_MAX:
		return 131072;
	case _SC_CHILD_MAX:
		return 1024;
	case _SC_NGROUPS_MAX:
		return 65536;
	case _SC_LINE_MAX:
		return 2048;
	case _SC_NPROCESSORS_CONF:
	case _SC_NPROCESSORS_ONLN:
		return get_nprocs();
	case _SC_HOST_NAME_MAX:
		return 64;
	case _SC_THREADS:
	case _SC_THREAD_SAFE_FUNCTIONS:
	case _SC_THREAD_ATTR_STACKSIZE:
	case _SC_THREAD_ATTR_STACKADDR:
	case _SC_THREAD_PROCESS_SHARED:
	case _SC_SEMAPHORES:
	case _SC_TIMEOUTS:
	case _SC_BARRIERS:
	case _SC_SPIN_LOCKS:
	case _SC_READER_WRITER_LOCKS:
	case _SC_MONOTONIC_CLOCK:
	case _SC_CLOCK_SELECTION:
	case _SC_MAPPED_FILES:		/* mmap of files, MAP_SHARED too */
	case _SC_MEMORY_PROTECTION:
	case _SC_SHARED_MEMORY_OBJECTS:	/* shm_open */
	case _SC_FSYNC:
	case _SC_CPUTIME:		/* clock_getcpuclockid */
	case _SC_THREAD_CPUTIME:	/* pthread_getcpuclockid */
		return 200809L;
	case _SC_THREAD_KEYS_MAX:
		return 128;		/* PTHREAD_KEYS_MAX */
	case _SC_THREAD_DESTRUCTOR_ITERATIONS:
		return 4;
	case _SC_THREAD_STACK_MIN:
		return 16384;		/* PTHREAD_STACK_MIN */
	case _SC_THREAD_THREADS_MAX:
		return -1;		/* no fixed limit (errno unchanged) */
	case _SC_SEM_VALUE_MAX:
		return 0x7fffffff;
	case _SC_SEM_NSEMS_MAX:
		return -1;
	default:
		errno = EINVAL;
		return -1;
	}
}
