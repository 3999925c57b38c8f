/*
 * bench_disk.c: the disk rows of bench (`bench disk MNT DEV SRC`), the same
 * source for Breenix and Linux (tests/harness/bench.py --disk).
 *
 * MNT is an empty ext2 file system mounted from DEV; SRC holds busybox (the
 * same static binary on both systems, so the user-space work is identical)
 * and cu.tar, a tarball of a source tree.  In order, each once (a disk run
 * is long under emulation, and each step changes the disk):
 *
 *   disk_untar_sync      busybox tar -xf of the tree into MNT/t, then sync()
 *   disk_seq_write_fsync 64 MiB written in 1 MiB pieces, then fsync
 *   (umount MNT and mount it again: nothing of it is cached any more)
 *   disk_find_cold       busybox find over MNT/t, output to /dev/null
 *   disk_seq_read_cold   the 64 MiB read back in 1 MiB pieces
 *
 * Prints "BENCH: <name> <value> <unit>" lines and "BENCH: done"; a failure
 * prints "BENCH: error ..." and exits 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define BIG_MIB 64
#define PIECE (1 << 20)

static void fail(const char *what, const char *arg)
{
	printf("BENCH: error %s %s: %s\n", what, arg, strerror(errno));
	fflush(stdout);
	exit(1);
}

static double secs(uint64_t t0)
{
	return (double)(bench_now_ns() - t0) / 1e9;
}

/* Run argv (argv[0] a path) with its output to /dev/null: exit status 0 or fail. */
static void run(char *const argv[])
{
	pid_t pid = fork();
	int st, fd;

	if (pid < 0)
		fail("fork", argv[0]);
	if (pid == 0) {
		fd = open("/dev/null", O_WRONLY);
		if (fd >= 0)
			dup2(fd, 1);
		execv(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		errno = EIO;
		fail("run", argv[1]);
	}
}

static void remount(const char *mnt, const char *dev)
{
	if (syscall(SYS_umount2, mnt, 0) != 0)
		fail("umount", mnt);
	if (syscall(SYS_mount, dev, mnt, "ext2", 0ul, NULL) != 0)
		fail("mount", dev);
}

static void seq_write(const char *path, char *buf)
{
	uint64_t t0;
	int fd, i;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		fail("create", path);
	memset(buf, 0x5a, PIECE);
	t0 = bench_now_ns();
	for (i = 0; i < BIG_MIB; i++)
		if (write(fd, buf, PIECE) != PIECE)
			fail("write", path);
	if (fsync(fd) != 0)
		fail("fsync", path);
	printf("BENCH: disk_seq_write_fsync %.1f MiB/s\n", BIG_MIB / secs(t0));
	close(fd);
}

static void seq_read(const char *path, char *buf)
{
	uint64_t t0;
	long total = 0, n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		fail("open", path);
	t0 = bench_now_ns();
	while ((n = read(fd, buf, PIECE)) > 0)
		total += n;
	if (n < 0 || total != (long)BIG_MIB * PIECE)
		fail("read", path);
	printf("BENCH: disk_seq_read_cold %.1f MiB/s\n", BIG_MIB / secs(t0));
	close(fd);
}

int bench_disk(int argc, char **argv)
{
	char tree[512], big[512], bb[512], tarball[512], *buf;
	uint64_t t0;

	if (argc < 5) {
		fprintf(stderr, "usage: bench disk MNT DEV SRC\n");
		return 2;
	}
	if (chdir("/") != 0 || (buf = malloc(PIECE)) == NULL)
		fail("setup", "/");
	snprintf(tree, sizeof(tree), "%s/t", argv[2]);
	snprintf(big, sizeof(big), "%s/big", argv[2]);
	snprintf(bb, sizeof(bb), "%s/busybox", argv[4]);
	snprintf(tarball, sizeof(tarball), "%s/cu.tar", argv[4]);
	if (mkdir(tree, 0755) != 0)
		fail("mkdir", tree);

	t0 = bench_now_ns();
	run((char *const[]){ bb, "tar", "-xf", tarball, "-C", tree, NULL });
	sync();
	printf("BENCH: disk_untar_sync %.2f s\n", secs(t0));
	fflush(stdout);

	seq_write(big, buf);
	fflush(stdout);
	remount(argv[2], argv[3]);

	t0 = bench_now_ns();
	run((char *const[]){ bb, "find", tree, NULL });
	printf("BENCH: disk_find_cold %.2f s\n", secs(t0));
	fflush(stdout);

	seq_read(big, buf);
	printf("BENCH: done\n");
	fflush(stdout);
	free(buf);
	return 0;
}
