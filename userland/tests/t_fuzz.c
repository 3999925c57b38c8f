/*
 * t_fuzz: a system-call fuzzer.  Several processes make random system
 * calls with adversarial arguments (kernel, unmapped, read-only and
 * non-canonical pointers, huge and negative lengths, bad descriptors,
 * random flags, overlong and looping paths), seeded so a run can be
 * repeated: `t_fuzz SEED CALLS PROCS`.  The kernel must survive: every
 * process ends (by exit or by a signal its own garbage earned it), and
 * the free memory comes back.
 *
 * What the fuzz may touch is fenced in, also when it runs on the build
 * machine as root: paths stay inside a scratch directory, the only open
 * descriptors are scratch files, memory calls stay in an arena of their
 * own, signals and resource limits go only to the process itself with
 * signals that cannot end it, and calls that would change its signal
 * handling, fork, or end the system are not made.  A 10 ms interval timer
 * interrupts any call that would block.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/*
 * The one writable buffer the calls get, followed by a page that is never
 * mapped: a length that runs off its end faults there, instead of
 * overwriting the fuzzer's own state (which once zeroed the generator and
 * left it making one call over and over).
 */
#define BUF_SIZE 8192
static char *buf;
static const char rodata[64] = "read-only";
static char longname[600];

/* Relative to the scratch directory, and never out of it (so never "/" or ".."). */
static const char *const paths[] = {
	"a", "b", "dir", "dir/x", "dir/../a", "loop1", "sym", "nope/x", "a/", ".",
	"dir/./././x", "", longname,
};

static uint64_t pointer(void)
{
	switch (rnd() % 9) {
	case 0: return 0;
	case 1: return 8;
	case 2: return 0xffff800000000000ull;        /* the direct map */
	case 3: return 0xffffffff80100000ull;        /* the kernel image */
	case 4: return 0x0000800000000000ull;        /* non-canonical */
	case 5: return (uint64_t)rodata;             /* mapped read-only */
	case 6: return 0x00007ffff0000000ull;        /* unmapped user */
	case 7: return (uint64_t)(buf + rnd() % 4096);
	default: return (uint64_t)buf + BUF_SIZE - rnd() % 16; /* runs off the end */
	}
}

static uint64_t length(void)
{
	switch (rnd() % 6) {
	case 0: return 0;
	case 1: return rnd() % 64;
	case 2: return 4096;
	case 3: return (uint64_t)-1;
	case 4: return 1ull << 62;
	default: return rnd() % 100000;
	}
}

static uint64_t fd(void)
{
	switch (rnd() % 5) {
	case 0: return (uint64_t)-1;
	case 1: return 1000 + rnd() % 100000;
	case 2: return (uint64_t)AT_FDCWD;
	default: return rnd() % 12;
	}
}

/* A path: from the list, or a pointer that cannot be read (never into buf, whose bytes are random). */
static uint64_t path(void)
{
	static const uint64_t bad[] = { 0, 8, 0xffff800000000000ull, 0x0000800000000000ull,
					0x00007ffff0000000ull, (uint64_t)rodata };

	if (rnd() % 8 == 0)
		return bad[rnd() % (sizeof(bad) / sizeof(bad[0]))];
	return (uint64_t)paths[rnd() % (sizeof(paths) / sizeof(paths[0]))];
}

static uint64_t any(void)
{
	switch (rnd() % 4) {
	case 0: return rnd();
	case 1: return rnd() % 16;
	case 2: return (uint64_t)-(int64_t)(rnd() % 16);
	default: return pointer();
	}
}

enum kind { A_ANY, A_FD, A_PTR, A_LEN, A_PATH, A_SELF, A_FLAGS, A_MEM, A_SIG };

#define ARENA 0x100000000000ull /* memory calls stay here, away from our own pages */

/* An address for mmap, munmap, mprotect, brk: the arena, or one that must be refused. */
static uint64_t mem_addr(void)
{
	switch (rnd() % 6) {
	case 0: return 0;
	case 1: return 0xffff800000000000ull;
	case 2: return 0x0000800000000000ull - 4096;
	case 3: return ARENA + (rnd() % 64) * 4096 + 1; /* misaligned */
	default: return ARENA + (rnd() % 64) * 4096;
	}
}

/* Signals the fuzz may send itself: none of them ends it. */
static uint64_t safe_sig(void)
{
	static const int sigs[] = { 0, SIGALRM, SIGCHLD, SIGURG, SIGWINCH, SIGCONT, SIGUSR1,
				    SIGPIPE, 99, -1 };

	return (uint64_t)(int64_t)sigs[rnd() % (sizeof(sigs) / sizeof(sigs[0]))];
}

struct call {
	long nr;
	enum kind k[6];
};

/* Calls and the kind of each argument. */
static const struct call calls[] = {
	{ SYS_read, { A_FD, A_PTR, A_LEN } }, { SYS_write, { A_FD, A_PTR, A_LEN } },
	{ SYS_open, { A_PATH, A_FLAGS, A_ANY } }, { SYS_close, { A_FD } },
	{ SYS_stat, { A_PATH, A_PTR } }, { SYS_fstat, { A_FD, A_PTR } },
	{ SYS_lstat, { A_PATH, A_PTR } }, { SYS_poll, { A_PTR, A_LEN, A_ANY } },
	{ SYS_lseek, { A_FD, A_ANY, A_ANY } }, { SYS_mmap, { A_MEM, A_LEN, A_ANY, A_FLAGS, A_FD, A_ANY } },
	{ SYS_mprotect, { A_MEM, A_LEN, A_ANY } }, { SYS_munmap, { A_MEM, A_LEN } },
	{ SYS_ioctl, { A_FD, A_ANY, A_PTR } },
	{ SYS_pread64, { A_FD, A_PTR, A_LEN, A_ANY } }, { SYS_pwrite64, { A_FD, A_PTR, A_LEN, A_ANY } },
	{ SYS_readv, { A_FD, A_PTR, A_LEN } }, { SYS_writev, { A_FD, A_PTR, A_LEN } },
	{ SYS_access, { A_PATH, A_ANY } }, { SYS_pipe, { A_PTR } },
	{ SYS_select, { A_LEN, A_PTR, A_PTR, A_PTR, A_PTR } }, { SYS_dup, { A_FD } },
	{ SYS_dup2, { A_FD, A_FD } }, { SYS_nanosleep, { A_PTR, A_PTR } },
	{ SYS_wait4, { A_ANY, A_PTR, A_ANY, A_PTR } }, { SYS_kill, { A_SELF, A_SIG } },
	{ SYS_uname, { A_PTR } }, { SYS_fcntl, { A_FD, A_ANY, A_ANY } }, { SYS_fsync, { A_FD } },
	{ SYS_truncate, { A_PATH, A_ANY } }, { SYS_ftruncate, { A_FD, A_ANY } },
	{ SYS_getdents64, { A_FD, A_PTR, A_LEN } }, { SYS_getcwd, { A_PTR, A_LEN } },
	{ SYS_rename, { A_PATH, A_PATH } }, { SYS_mkdir, { A_PATH, A_ANY } },
	{ SYS_rmdir, { A_PATH } }, { SYS_creat, { A_PATH, A_ANY } }, { SYS_link, { A_PATH, A_PATH } },
	{ SYS_unlink, { A_PATH } }, { SYS_symlink, { A_PATH, A_PATH } },
	{ SYS_readlink, { A_PATH, A_PTR, A_LEN } }, { SYS_chmod, { A_PATH, A_ANY } },
	{ SYS_fchmod, { A_FD, A_ANY } }, { SYS_chown, { A_PATH, A_ANY, A_ANY } },
	{ SYS_umask, { A_ANY } }, { SYS_gettimeofday, { A_PTR, A_PTR } }, { SYS_sysinfo, { A_PTR } },
	{ SYS_statfs, { A_PATH, A_PTR } }, { SYS_fstatfs, { A_FD, A_PTR } },
	{ SYS_clock_gettime, { A_ANY, A_PTR } }, { SYS_openat, { A_FD, A_PATH, A_FLAGS, A_ANY } },
	{ SYS_mkdirat, { A_FD, A_PATH, A_ANY } }, { SYS_newfstatat, { A_FD, A_PATH, A_PTR, A_FLAGS } },
	{ SYS_unlinkat, { A_FD, A_PATH, A_FLAGS } }, { SYS_renameat, { A_FD, A_PATH, A_FD, A_PATH } },
	{ SYS_linkat, { A_FD, A_PATH, A_FD, A_PATH, A_FLAGS } },
	{ SYS_symlinkat, { A_PATH, A_FD, A_PATH } }, { SYS_readlinkat, { A_FD, A_PATH, A_PTR, A_LEN } },
	{ SYS_fchmodat, { A_FD, A_PATH, A_ANY, A_FLAGS } }, { SYS_faccessat, { A_FD, A_PATH, A_ANY, A_FLAGS } },
	{ SYS_utimensat, { A_FD, A_PATH, A_PTR, A_FLAGS } }, { SYS_dup3, { A_FD, A_FD, A_FLAGS } },
	{ SYS_pipe2, { A_PTR, A_FLAGS } }, { SYS_getrandom, { A_PTR, A_LEN, A_FLAGS } },
	{ SYS_setpgid, { A_ANY, A_ANY } }, { SYS_getpgid, { A_ANY } }, { SYS_getsid, { A_ANY } },
	{ SYS_prlimit64, { A_SELF, A_ANY, A_PTR, A_PTR } }, { SYS_sched_yield, { A_ANY } },
	{ SYS_getitimer, { A_ANY, A_PTR } }, { SYS_rt_sigpending, { A_PTR, A_ANY } },
	/* No ppoll, pselect6 or epoll_pwait: a random mask could block the timer's SIGALRM. */
	{ SYS_epoll_create1, { A_FLAGS } }, { SYS_eventfd2, { A_ANY, A_FLAGS } },
	{ SYS_epoll_ctl, { A_FD, A_ANY, A_FD, A_PTR } }, { SYS_epoll_wait, { A_FD, A_PTR, A_LEN, A_ANY } },
	{ SYS_waitid, { A_ANY, A_ANY, A_PTR, A_FLAGS, A_PTR } }, { SYS_getpriority, { A_ANY, A_ANY } },
	{ SYS_sendfile, { A_FD, A_FD, A_PTR, A_LEN } },
	{ SYS_copy_file_range, { A_FD, A_PTR, A_FD, A_PTR, A_LEN, A_FLAGS } },
};

#define NCALLS (sizeof(calls) / sizeof(calls[0]))

static uint64_t arg(enum kind k)
{
	switch (k) {
	case A_FD: return fd();
	case A_PTR: return pointer();
	case A_LEN: return length();
	case A_PATH: return path();
	case A_SELF: return (uint64_t)getpid();
	case A_FLAGS: return rnd() % 3 == 0 ? rnd() : rnd() & 0x3ffff;
	case A_MEM: return mem_addr();
	case A_SIG: return safe_sig();
	default: return any();
	}
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* One fuzzing process: calls random system calls; 0 when it made them all. */
/* What one fuzzing process's calls returned, kept in memory shared with the parent. */
struct tally {
	long calls, ok, efault, other;
};

static void count(struct tally *t, long r)
{
	t->calls++;
	if (r != -1)
		t->ok++;
	else if (errno == EFAULT)
		t->efault++;
	else
		t->other++;
}

static int fuzz(uint64_t seed, long ncalls, struct tally *t)
{
	struct sigaction sa;
	struct itimerval it = { { 0, 10000 }, { 0, 10000 } };
	long i;
	int out, fd;

	/* Only scratch files within reach: no inherited descriptor, 0-2 on a scratch file. */
	for (fd = 0; fd < 256; fd++)
		close(fd);
	out = open("out", O_RDWR | O_CREAT, 0644);
	rng = seed * 2654435761ull + 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm; /* no SA_RESTART: blocked calls end with EINTR */
	sigaction(SIGALRM, &sa, NULL);
	signal(SIGUSR1, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	setitimer(ITIMER_REAL, &it, NULL);
	dup2(out, 0);
	dup2(out, 1);
	dup2(out, 2);
	for (i = 0; i < ncalls; i++) {
		const struct call *c = &calls[rnd() % NCALLS];
		uint64_t a[6];
		int k;

		for (k = 0; k < 6; k++)
			a[k] = arg(c->k[k]);
		/* Memory calls must not unmap or reprotect anything but the arena. */
		if (c->nr == SYS_mmap && (a[3] & MAP_FIXED) && a[0] < ARENA)
			a[3] &= ~(uint64_t)MAP_FIXED;
		if ((c->nr == SYS_munmap || c->nr == SYS_mprotect) && a[0] >= ARENA &&
		    a[1] > 64 * 4096)
			a[1] = 64 * 4096;
		/* Limits whose excess ends the process (SIGXCPU, SIGXFSZ) are only read. */
		if (c->nr == SYS_prlimit64 &&
		    ((uint32_t)a[1] == RLIMIT_CPU || (uint32_t)a[1] == RLIMIT_FSIZE))
			a[2] = 0;
		count(t, syscall(c->nr, a[0], a[1], a[2], a[3], a[4], a[5]));
	}
	return 0;
}

static void scratch(const char *dir)
{
	mkdir(dir, 0755);
	chdir(dir);
	mkdir("dir", 0755);
	close(open("a", O_CREAT | O_WRONLY, 0644));
	symlink("loop2", "loop1");
	symlink("loop1", "loop2");
	symlink("a", "sym");
	memset(longname, 'n', sizeof(longname) - 1);
}

static int procs, exited, killed;
static long before, after;
static struct tally total;

TEST(survived)
{
	/* Every process ended, one way or the other, and the kernel is still here to say so. */
	CHECK(exited + killed == procs);
	/* The calls were made, and bad pointers among them reached the kernel. */
	CHECK(total.calls > 0 && total.ok > 0 && total.efault > 0 && total.other > 0);
}

TEST(memory_back)
{
	/* The fuzzers' files are still in the scratch directory: allow for them. */
	SKIP_IF(!on_breenix(), "Linux's free memory moves with its caches");
	CHECK(after >= before - 2048);
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 1;
	long ncalls = argc > 2 ? atol(argv[2]) : 50000;
	char dir[64];
	struct tally *t;
	int p, st;

	procs = argc > 3 ? atoi(argv[3]) : 4;
	utest_suite = "fuzz";
	snprintf(dir, sizeof(dir), "/tmp/fuzz.%d", (int)getpid());
	scratch(dir);
	buf = mmap(NULL, BUF_SIZE + 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED || mprotect(buf + BUF_SIZE, 4096, PROT_NONE) != 0) {
		printf("FAIL: user/fuzz/setup: buffer: %s\n", strerror(errno));
		return 1;
	}
	t = mmap(NULL, (size_t)procs * sizeof(*t), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (t == MAP_FAILED) {
		printf("FAIL: user/fuzz/setup: mmap: %s\n", strerror(errno));
		return 1;
	}
	before = free_kib();
	for (p = 0; p < procs; p++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(fuzz(seed + (uint64_t)p, ncalls, &t[p]));
	}
	while (wait(&st) > 0) {
		if (WIFEXITED(st))
			exited++;
		else
			killed++;
	}
	after = free_kib();
	for (p = 0; p < procs; p++) {
		total.calls += t[p].calls;
		total.ok += t[p].ok;
		total.efault += t[p].efault;
		total.other += t[p].other;
	}
	printf("fuzz: seed %llu, %d processes x %ld calls: %ld made (%ld succeeded, %ld EFAULT, "
	       "%ld other errors); %d exited, %d ended by a signal; free memory %ld KiB -> %ld KiB\n",
	       (unsigned long long)seed, procs, ncalls, total.calls, total.ok, total.efault,
	       total.other, exited, killed, before, after);
	RUN(survived);
	RUN(memory_back);
	return utest_failures != 0;
}
