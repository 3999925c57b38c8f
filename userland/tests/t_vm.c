/*
 * t_vm: the address space as an unprivileged attacker uses it
 * (docs/memory.md, docs/security.md).
 *   - Work follows what is mapped, not the size of a range: a 64 TiB
 *     PROT_NONE mapping, touched nowhere, is forked, read through /proc by
 *     its owner and by another process, mprotected and unmapped, each step
 *     well under a second; the resident size follows the pages touched.
 *   - Protection means what it says: PROT_NONE pages are out of reach of
 *     the process and of the kernel's copies (write() from them, read()
 *     into them), whatever they held; PROT_WRITE alone reads and writes, as
 *     on x86 Linux; shared anonymous mappings take any protection.
 *   - Lengths and ranges that wrap or leave the user half get Linux's errno.
 *   - A file mapped while another process shrinks and grows it never
 *     spills into what lies next to the mapping.
 * Every case holds on Linux too.  The slow steps run in a child with an
 * alarm, so a kernel that merely takes too long fails the case; one that
 * loops with interrupts off stops the machine, and only the QEMU harness's
 * timeout ends that.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

#define PAGE 4096UL
#define GIB (1ULL << 30)
#define TIB (1ULL << 40)
#define HUGE (64 * TIB)
#define QUICK_NS 1000000000LL /* per step: the kernel needs milliseconds, even under TCG */
#define TOUCHED 256           /* pages touched in the huge mapping, 64 GiB apart */
#define RSS_SLACK 16          /* other pages the process may touch meanwhile */
#define TASK_SIZE 0x7FFFFFFFF000ULL /* Linux's end of user space (4-level paging) */

/* In a child: print why and fail (a CHECK would go on with the suite there). */
#define REQUIRE(cond)                                                        \
	do {                                                                 \
		if (!(cond)) {                                               \
			printf("# t_vm: line %d: %s (errno %d)\n", __LINE__, #cond, errno); \
			fflush(stdout);                                      \
			return 1;                                            \
		}                                                            \
	} while (0)

#define REQUIRE_QUICK(t0, what)                                              \
	do {                                                                 \
		long long ns_ = now_ns() - (t0);                             \
		if (ns_ >= QUICK_NS) {                                       \
			printf("# t_vm: %s took %lld ms\n", what, ns_ / 1000000); \
			fflush(stdout);                                      \
			return 1;                                            \
		}                                                            \
	} while (0)

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Field n (1-based, as proc(5) numbers them) of /proc/<pid>/stat (0: self), or -1. */
static long long stat_field(pid_t pid, int n)
{
	char path[64], buf[1024], *s;
	int fd, i;
	ssize_t len;

	if (pid == 0)
		snprintf(path, sizeof(path), "/proc/self/stat");
	else
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return -1;
	buf[len] = '\0';
	s = strrchr(buf, ')'); /* the name may hold spaces: fields start after it */
	if (s == NULL)
		return -1;
	for (i = 2; i < n; i++) {
		s = strchr(s + 1, ' ');
		if (s == NULL)
			return -1;
	}
	return strtoll(s + 1, NULL, 10);
}

/* Run fn in a child with an alarm: 0 when it returned 0, else -1. */
static int in_child(int (*fn)(void), unsigned secs)
{
	pid_t pid;
	int st;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		alarm(secs);
		_exit(fn());
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	if (WIFSIGNALED(st))
		printf("# t_vm: child ended by signal %d\n", WTERMSIG(st));
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* Run fn(p) in a child: the signal that ended it, 0 if it returned, -1 otherwise. */
static int child_signal(void (*fn)(volatile char *), volatile char *p)
{
	pid_t pid;
	int st;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		alarm(20);
		fn(p);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	if (WIFSIGNALED(st))
		return WTERMSIG(st);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static void read_byte(volatile char *p)
{
	(void)*p;
}

static void write_byte(volatile char *p)
{
	*p = 7;
}

/* Each step on a 64 TiB PROT_NONE mapping, in a child of the case. */
static int huge_steps(void)
{
	long long t, rss0, rss1, rss2;
	long free0 = free_kib();
	int go[2], st, i;
	pid_t reader, child;
	char *p, c;

	REQUIRE(pipe(go) == 0);
	reader = fork(); /* made before the mapping: a process without one */
	if (reader == 0) {
		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(2);
		t = now_ns();
		if (stat_field(getppid(), 23) < (long long)HUGE)
			_exit(3);
		_exit(now_ns() - t < QUICK_NS ? 0 : 4);
	}
	REQUIRE(reader > 0);
	close(go[0]);
	p = mmap(NULL, HUGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	REQUIRE(p != MAP_FAILED);
	rss0 = stat_field(0, 24);
	REQUIRE(rss0 > 0);

	t = now_ns();
	child = fork();
	if (child == 0)
		_exit(0);
	REQUIRE(child > 0 && waitpid(child, &st, 0) == child && st == 0);
	REQUIRE_QUICK(t, "fork");

	t = now_ns();
	REQUIRE(stat_field(0, 23) >= (long long)HUGE);
	REQUIRE_QUICK(t, "reading /proc/self/stat");

	t = now_ns();
	REQUIRE(write(go[1], "x", 1) == 1 && waitpid(reader, &st, 0) == reader);
	REQUIRE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	REQUIRE_QUICK(t, "reading /proc/<pid>/stat from another process");
	close(go[1]);

	t = now_ns();
	REQUIRE(mprotect(p + 16 * TIB, 16 * TIB, PROT_READ | PROT_WRITE) == 0);
	REQUIRE_QUICK(t, "mprotect of 16 TiB to read-write");
	for (i = 0; i < TOUCHED; i++)
		p[16 * TIB + (uint64_t)i * 64 * GIB] = 1;
	rss1 = stat_field(0, 24);
	/*
	 * The resident size follows the pages touched, exactly, on Breenix.
	 * Linux's figure is made of per-CPU counters read without summing
	 * them, which can be off by hundreds of pages: no check there.
	 */
	if (on_breenix())
		REQUIRE(rss1 >= rss0 + TOUCHED && rss1 <= rss0 + TOUCHED + RSS_SLACK);

	t = now_ns();
	child = fork();
	if (child == 0)
		_exit(p[16 * TIB + 64 * GIB] == 1 ? 0 : 1);
	REQUIRE(child > 0 && waitpid(child, &st, 0) == child && st == 0);
	REQUIRE_QUICK(t, "fork with pages touched");

	t = now_ns();
	REQUIRE(mprotect(p, HUGE, PROT_READ) == 0 && mprotect(p, HUGE, PROT_NONE) == 0);
	REQUIRE_QUICK(t, "mprotect of 64 TiB, twice");

	t = now_ns();
	REQUIRE(munmap(p, HUGE) == 0);
	REQUIRE_QUICK(t, "munmap of 64 TiB");
	rss2 = stat_field(0, 24);
	/*
	 * The pages and the page tables they needed come back at once.  Only
	 * on Breenix: the host's free memory moves with the host's other work.
	 */
	if (on_breenix())
		REQUIRE(rss2 <= rss1 - TOUCHED && free_kib() >= free0 - 64);
	return 0;
}

TEST(huge_mapping_costs_what_is_mapped)
{
	CHECK(in_child(huge_steps, 120) == 0);
}

/* Touched pages made PROT_NONE: no read, and no copy by the kernel either way. */
TEST(prot_none_hides_touched_pages)
{
	char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int fds[2];

	CHECK(p != MAP_FAILED && pipe(fds) == 0);
	p[0] = 42;
	p[PAGE] = 43;
	CHECK(mprotect(p, 2 * PAGE, PROT_NONE) == 0);
	CHECK(child_signal(read_byte, p) == SIGSEGV);
	CHECK(child_signal(read_byte, p + PAGE + 100) == SIGSEGV);
	CHECK(child_signal(write_byte, p) == SIGSEGV);
	CHECK(write(fds[1], p, 16) == -1 && errno == EFAULT);         /* copy from user */
	CHECK(write(fds[1], "abcdefgh", 8) == 8);
	CHECK(read(fds[0], p + PAGE, 8) == -1 && errno == EFAULT);    /* copy to user */
	CHECK(mprotect(p, 2 * PAGE, PROT_READ) == 0);
	CHECK(p[0] == 42 && p[PAGE] == 43); /* kept, untouched by the refused copy */
	CHECK(child_signal(write_byte, p) == SIGSEGV);
	close(fds[0]);
	close(fds[1]);
	munmap(p, 2 * PAGE);
}

/* A child inherits PROT_NONE pages: hidden, and whole again once opened. */
static void open_and_check(volatile char *p)
{
	if (mprotect((void *)p, PAGE, PROT_READ) != 0 || p[0] != 42)
		_exit(1);
}

TEST(prot_none_across_fork)
{
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED);
	p[0] = 42;
	CHECK(mprotect(p, PAGE, PROT_NONE) == 0);
	CHECK(child_signal(read_byte, p) == SIGSEGV);
	CHECK(child_signal(open_and_check, p) == 0);
	munmap(p, PAGE);
}

static void write_then_read(volatile char *p)
{
	p[0] = 5;
	p[PAGE + 7] = 6;
	if (p[0] != 5 || p[PAGE + 7] != 6 || p[1] != 0)
		_exit(1);
}

/* PROT_WRITE alone: writes work and, x86 pages being readable, so do reads. */
TEST(write_only_mapping)
{
	char *p = mmap(NULL, 2 * PAGE, PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char buf[8] = { 0 };
	int fds[2];

	CHECK(p != MAP_FAILED && pipe(fds) == 0);
	CHECK(child_signal(write_then_read, p) == 0);
	CHECK(child_signal(read_byte, p) == 0);
	p[0] = 'w';
	CHECK(p[0] == 'w');
	CHECK(write(fds[1], p, 1) == 1 && read(fds[0], buf, 1) == 1 && buf[0] == 'w');
	CHECK(write(fds[1], "r", 1) == 1 && read(fds[0], p + PAGE, 1) == 1 && p[PAGE] == 'r');
	/* Made write-only after the pages are in: the same. */
	CHECK(mprotect(p, 2 * PAGE, PROT_READ | PROT_WRITE) == 0 &&
	      mprotect(p, 2 * PAGE, PROT_WRITE) == 0);
	CHECK(p[0] == 'w' && p[PAGE] == 'r');
	close(fds[0]);
	close(fds[1]);
	munmap(p, 2 * PAGE);
}

/* Shared anonymous mappings take any protection, at mmap and by mprotect. */
TEST(shared_mapping_any_protection)
{
	volatile char *none = mmap(NULL, PAGE, PROT_NONE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	volatile char *wo = mmap(NULL, PAGE, PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int fds[2];

	CHECK(none != MAP_FAILED && wo != MAP_FAILED && pipe(fds) == 0);
	CHECK(child_signal(read_byte, none) == SIGSEGV);
	CHECK(mprotect((void *)none, PAGE, PROT_READ | PROT_WRITE) == 0);
	none[0] = 1;
	CHECK(child_signal(write_byte, none) == 0);
	CHECK(none[0] == 7); /* still shared with the child */
	CHECK(mprotect((void *)none, PAGE, PROT_NONE) == 0);
	CHECK(child_signal(read_byte, none) == SIGSEGV);
	CHECK(write(fds[1], (const void *)none, 1) == -1 && errno == EFAULT);
	CHECK(mprotect((void *)none, PAGE, PROT_READ) == 0 && none[0] == 7);
	wo[0] = 5;
	CHECK(wo[0] == 5);
	CHECK(child_signal(write_byte, wo) == 0);
	CHECK(wo[0] == 7);
	close(fds[0]);
	close(fds[1]);
	munmap((void *)none, PAGE);
	munmap((void *)wo, PAGE);
}

/* Lengths that wrap when rounded up, ranges past the user half: Linux's errno. */
TEST(mmap_sizes_and_ranges)
{
	const int anon = MAP_PRIVATE | MAP_ANONYMOUS;
	const int fixed = anon | MAP_FIXED;

	CHECK(mmap(NULL, SIZE_MAX, PROT_READ, anon, -1, 0) == MAP_FAILED && errno == ENOMEM);
	CHECK(mmap(NULL, SIZE_MAX - PAGE + 2, PROT_READ, anon, -1, 0) == MAP_FAILED &&
	      errno == ENOMEM);
	CHECK(mmap(NULL, 1ULL << 47, PROT_NONE, anon | MAP_NORESERVE, -1, 0) == MAP_FAILED &&
	      errno == ENOMEM);
	CHECK(mmap(NULL, 0, PROT_READ, anon, -1, 0) == MAP_FAILED && errno == EINVAL);
	/* MAP_FIXED past the end of user space, or wrapping: nothing is unmapped first. */
	CHECK(mmap((void *)TASK_SIZE, PAGE, PROT_READ, fixed, -1, 0) == MAP_FAILED &&
	      errno == ENOMEM);
	CHECK(mmap((void *)(TASK_SIZE - PAGE), 2 * PAGE, PROT_READ, fixed, -1, 0) == MAP_FAILED &&
	      errno == ENOMEM);
	CHECK(mmap((void *)0xFFFFFFFFFFFF0000ULL, 0x20000, PROT_READ, fixed, -1, 0) ==
		      MAP_FAILED && errno == ENOMEM);
	CHECK(mmap((void *)(TASK_SIZE + PAGE), SIZE_MAX - PAGE, PROT_READ, fixed, -1, 0) ==
		      MAP_FAILED && errno == ENOMEM);
	CHECK(mmap((void *)(TASK_SIZE - 3 * PAGE + 1), PAGE, PROT_READ, fixed, -1, 0) ==
		      MAP_FAILED && errno == EINVAL);
	CHECK(mmap((void *)(TASK_SIZE + 1), PAGE, PROT_READ, fixed, -1, 0) == MAP_FAILED &&
	      errno == ENOMEM); /* the range is checked before the alignment */
}

/* A file mapping's descriptor is checked (EBADF) before its length and
 * flags, as Linux's ksys_mmap_pgoff does fget before do_mmap. */
TEST(mmap_bad_fd_before_length)
{
	int closed = dup(0);

	CHECK(closed >= 0 && close(closed) == 0);
	CHECK(mmap(NULL, SIZE_MAX, PROT_READ, MAP_PRIVATE, closed, 0) == MAP_FAILED &&
	      errno == EBADF);
	CHECK(mmap(NULL, 1ULL << 47, PROT_READ, MAP_PRIVATE, closed, 0) == MAP_FAILED &&
	      errno == EBADF);
	CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE, closed, 0) == MAP_FAILED && errno == EBADF);
	/* A misaligned offset still comes first (x86's sys_mmap). */
	CHECK(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, closed, 1) == MAP_FAILED && errno == EINVAL);
}

/* mmap ignores protection bits it does not know (Linux's do_mmap); mprotect refuses them. */
TEST(mmap_ignores_unknown_prot_bits)
{
	volatile char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE | 0x40, MAP_PRIVATE | MAP_ANONYMOUS,
				-1, 0);
	volatile char *q = mmap(NULL, PAGE, PROT_READ | 0x10000, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED && q != MAP_FAILED);
	p[0] = 7;
	CHECK(p[0] == 7 && q[0] == 0);
	CHECK(mprotect((void *)p, PAGE, PROT_READ | 0x40) == -1 && errno == EINVAL);
	munmap((void *)p, PAGE);
	munmap((void *)q, PAGE);
}

TEST(mprotect_and_munmap_ranges)
{
	char *p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED);
	/* Wrapping lengths and ranges beyond the user half: ENOMEM. */
	CHECK(mprotect(p, SIZE_MAX, PROT_READ) == -1 && errno == ENOMEM);
	CHECK(mprotect(p, SIZE_MAX - PAGE + 2, PROT_READ) == -1 && errno == ENOMEM);
	CHECK(mprotect((void *)(1ULL << 47), PAGE, PROT_READ) == -1 && errno == ENOMEM);
	CHECK(mprotect((void *)(TASK_SIZE), PAGE, PROT_READ) == -1 && errno == ENOMEM);
	/* Bits: checked after the range, and not at all for an empty one. */
	CHECK(mprotect(p, 0, 0x40) == 0);
	CHECK(mprotect(p, PAGE, 0x40) == -1 && errno == EINVAL);
	CHECK(mprotect(p + 1, PAGE, PROT_READ) == -1 && errno == EINVAL);
	CHECK(mprotect(p, PAGE, PROT_READ | PROT_WRITE | 0x8 /* PROT_SEM */) == 0);
	/* A hole in the range: ENOMEM (Linux has changed the part before the hole). */
	CHECK(munmap(p + PAGE, PAGE) == 0);
	CHECK(mprotect(p, 3 * PAGE, PROT_READ) == -1 && errno == ENOMEM);
	CHECK(mprotect(p + PAGE, PAGE, PROT_READ) == -1 && errno == ENOMEM);
	/* munmap: past the user half or wrapping is EINVAL; empty ranges are fine. */
	CHECK(munmap(p, SIZE_MAX) == -1 && errno == EINVAL);
	CHECK(munmap(p, (1ULL << 47)) == -1 && errno == EINVAL);
	CHECK(munmap((void *)(1ULL << 47), PAGE) == -1 && errno == EINVAL);
	CHECK(munmap(p, 0) == -1 && errno == EINVAL);
	CHECK(munmap(NULL, PAGE) == 0);
	CHECK(munmap(p, 3 * PAGE) == 0);
	CHECK(munmap(p, 3 * PAGE) == 0);
}

/* One munmap over several mappings of different kinds takes them all, and no more. */
TEST(munmap_across_mappings)
{
	char *p = mmap(NULL, 8 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int i;

	CHECK(p != MAP_FAILED);
	CHECK(mmap(p + PAGE, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS |
		   MAP_FIXED, -1, 0) == p + PAGE);
	CHECK(mmap(p + 4 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
		   0) == p + 4 * PAGE);
	CHECK(mmap(p + 5 * PAGE, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS |
		   MAP_FIXED, -1, 0) == p + 5 * PAGE);
	p[PAGE] = p[2 * PAGE] = p[5 * PAGE] = 1;
	CHECK(p[4 * PAGE] == 0);
	CHECK(munmap(p + PAGE, 6 * PAGE) == 0);
	for (i = 1; i < 7; i++)
		CHECK(mprotect(p + i * PAGE, PAGE, PROT_READ) == -1 && errno == ENOMEM);
	CHECK(child_signal(read_byte, p + 2 * PAGE) == SIGSEGV);
	CHECK(mprotect(p, PAGE, PROT_READ) == 0 && mprotect(p + 7 * PAGE, PAGE, PROT_READ) == 0);
	CHECK(p[0] == 0 && p[7 * PAGE] == 0);
	CHECK(munmap(p, 8 * PAGE) == 0);
}

/*
 * Map a file again and again while another process shrinks and grows it:
 * the page after the mapping must keep its bytes.  A kernel that fills the
 * mapping by reads with the file lock dropped in between could write past
 * the mapping; a race, so it shows only sometimes (the kernel test
 * vm_fill_stays_in_range checks the same rule deterministically).
 */
TEST(file_map_while_resized)
{
	char path[64], guard[PAGE];
	char *area, *q = NULL;
	long long deadline;
	int fd, n, spilled = 0;
	pid_t pid;

	snprintf(path, sizeof(path), "/tmp/t_vm_resize.%d", (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0);
	CHECK(ftruncate(fd, 2 * PAGE) == 0);
	area = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(area != MAP_FAILED);
	memset(guard, 'G', PAGE);
	memcpy(area + PAGE, guard, PAGE);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		alarm(30);
		for (;;)
			if (ftruncate(fd, 100) != 0 || ftruncate(fd, 2 * PAGE) != 0)
				_exit(1);
	}
	CHECK(pid > 0);
	deadline = now_ns() + 2 * QUICK_NS;
	for (n = 0; n < 20000 && now_ns() < deadline && !spilled; n++) {
		q = mmap(area, PAGE, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0);
		if (q != area)
			break;
		spilled = memcmp(area + PAGE, guard, PAGE) != 0;
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(fd);
	unlink(path);
	CHECK(q == area);
	CHECK(!spilled);
	munmap(area, 2 * PAGE);
}

int main(void)
{
	utest_suite = "vm";
	setvbuf(stdout, NULL, _IOLBF, 0);
	RUN(huge_mapping_costs_what_is_mapped);
	RUN(prot_none_hides_touched_pages);
	RUN(prot_none_across_fork);
	RUN(write_only_mapping);
	RUN(shared_mapping_any_protection);
	RUN(mmap_sizes_and_ranges);
	RUN(mmap_bad_fd_before_length);
	RUN(mmap_ignores_unknown_prot_bits);
	RUN(mprotect_and_munmap_ranges);
	RUN(munmap_across_mappings);
	RUN(file_map_while_resized);
	return utest_failures != 0;
}
