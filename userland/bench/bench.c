/*
 * bench: micro-benchmarks, the same source for Breenix and Linux (issue:
 * proof against the outside).  Each metric runs ROUNDS times and the
 * median is printed as "BENCH: <name> <value> <unit>", so the harness
 * (tests/harness/bench.py) can put both systems side by side.
 * `bench disk MNT DEV SRC` runs the disk rows instead (bench_disk.c), and
 * `bench net PORT` the server of the network rows (bench_net.c).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define ROUNDS 5

uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median over ROUNDS of fn(iters), each giving ns per operation. */
static double median(double (*fn)(int), int iters)
{
	double v[ROUNDS];
	int i;

	for (i = 0; i < ROUNDS; i++)
		v[i] = fn(iters);
	qsort(v, ROUNDS, sizeof(v[0]), cmp_double);
	return v[ROUNDS / 2];
}

static double b_getpid(int n)
{
	uint64_t t = bench_now_ns();
	int i;

	for (i = 0; i < n; i++)
		syscall(SYS_getpid);
	return (double)(bench_now_ns() - t) / n;
}

/*
 * getpid through the SYSCALL instruction itself, bypassing the C library:
 * both C libraries now enter by SYSCALL (Breenix's used int 0x80), so this one
 * compares the two kernels' paths alone.
 */
static double b_getpid_raw(int n)
{
	uint64_t t = bench_now_ns();
	int i;

	for (i = 0; i < n; i++) {
		long ret = SYS_getpid;

		__asm__ volatile("syscall" : "+a"(ret) : : "rcx", "r11", "memory");
	}
	return (double)(bench_now_ns() - t) / n;
}

static double b_write_null(int n)
{
	int fd = open("/dev/null", O_WRONLY), i;
	uint64_t t = bench_now_ns();

	for (i = 0; i < n; i++)
		if (write(fd, "x", 1) != 1)
			exit(1);
	t = bench_now_ns() - t;
	close(fd);
	return (double)t / n;
}

static double b_fork(int n)
{
	uint64_t t = bench_now_ns();
	int i, st;

	for (i = 0; i < n; i++) {
		pid_t p = fork();

		if (p == 0)
			_exit(0);
		waitpid(p, &st, 0);
	}
	return (double)(bench_now_ns() - t) / n;
}

static const char *self;

static double b_fork_exec(int n)
{
	uint64_t t = bench_now_ns();
	int i, st;

	for (i = 0; i < n; i++) {
		pid_t p = fork();

		if (p == 0) {
			execl(self, self, "--exit", (char *)NULL);
			_exit(127);
		}
		waitpid(p, &st, 0);
	}
	return (double)(bench_now_ns() - t) / n;
}

static double b_pipe_pingpong(int n)
{
	int a[2], b[2], i, st;
	char c = 0;
	uint64_t t;
	pid_t p;

	if (pipe(a) != 0 || pipe(b) != 0)
		exit(1);
	p = fork();
	if (p == 0) {
		for (i = 0; i < n; i++)
			if (read(a[0], &c, 1) != 1 || write(b[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	t = bench_now_ns();
	for (i = 0; i < n; i++)
		if (write(a[1], &c, 1) != 1 || read(b[0], &c, 1) != 1)
			exit(1);
	t = bench_now_ns() - t;
	waitpid(p, &st, 0);
	close(a[0]);
	close(a[1]);
	close(b[0]);
	close(b[1]);
	return (double)t / n;
}

/* Pipe throughput: ns per MiB (printed as MiB/s). */
static double b_pipe_throughput(int mib)
{
	static char buf[65536];
	int p[2], st, i;
	uint64_t t;
	pid_t pid;

	if (pipe(p) != 0)
		exit(1);
	pid = fork();
	if (pid == 0) {
		close(p[1]);
		while (read(p[0], buf, sizeof(buf)) > 0)
			;
		_exit(0);
	}
	close(p[0]);
	t = bench_now_ns();
	for (i = 0; i < mib * 16; i++)
		if (write(p[1], buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			exit(1);
	close(p[1]);
	waitpid(pid, &st, 0);
	return (double)(bench_now_ns() - t) / mib;
}

static double b_file_cycle(int n)
{
	static char page[4096];
	uint64_t t = bench_now_ns();
	int i;

	for (i = 0; i < n; i++) {
		int fd = open("/tmp/bench.tmp", O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd < 0 || write(fd, page, sizeof(page)) != (ssize_t)sizeof(page))
			exit(1);
		close(fd);
		unlink("/tmp/bench.tmp");
	}
	return (double)(bench_now_ns() - t) / n;
}

static double b_malloc(int n)
{
	void *p[64];
	uint64_t t = bench_now_ns();
	int i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < 64; k++)
			p[k] = malloc((size_t)(16 << (k % 8)));
		for (k = 63; k >= 0; k--)
			free(p[k]);
	}
	return (double)(bench_now_ns() - t) / (n * 128.0);
}

static double b_mmap(int n)
{
	uint64_t t = bench_now_ns();
	int i;

	for (i = 0; i < n; i++) {
		char *m = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		size_t off;

		if (m == MAP_FAILED)
			exit(1);
		for (off = 0; off < (1 << 20); off += 4096)
			m[off] = 1;
		munmap(m, 1 << 20);
	}
	return (double)(bench_now_ns() - t) / n;
}

int main(int argc, char **argv)
{
	self = argv[0];
	if (argc > 1 && strcmp(argv[1], "--exit") == 0)
		return 0;
	if (argc > 1 && strcmp(argv[1], "disk") == 0)
		return bench_disk(argc, argv);
	if (argc > 1 && strcmp(argv[1], "net") == 0)
		return bench_net(argc, argv);
	printf("BENCH: getpid %.0f ns\n", median(b_getpid, 20000));
	printf("BENCH: getpid_syscall_insn %.0f ns\n", median(b_getpid_raw, 20000));
	printf("BENCH: write_devnull %.0f ns\n", median(b_write_null, 20000));
	printf("BENCH: fork_exit_wait %.1f us\n", median(b_fork, 100) / 1000);
	printf("BENCH: fork_exec_wait %.1f us\n", median(b_fork_exec, 50) / 1000);
	printf("BENCH: pipe_roundtrip %.1f us\n", median(b_pipe_pingpong, 2000) / 1000);
	printf("BENCH: pipe_throughput %.1f MiB/s\n", 1e9 / median(b_pipe_throughput, 16));
	printf("BENCH: file_create_write_unlink %.1f us\n", median(b_file_cycle, 500) / 1000);
	printf("BENCH: malloc_free %.0f ns\n", median(b_malloc, 500));
	printf("BENCH: mmap_touch_munmap_1MiB %.1f us\n", median(b_mmap, 50) / 1000);
	printf("BENCH: done\n");
	fflush(stdout);
	return 0;
}
