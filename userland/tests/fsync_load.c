/*
 * fsync_load: the guest's half of the power-cut test (tests/harness/powercut.py).
 *
 *     fsync_load DIR SEED [FILES]
 *
 * Makes DIR (and DIR/d0..d3), fsyncs them and DIR's parent so their names
 * are on the disk, then writes FILES files (default: effectively until
 * killed) of pseudo-random sizes (0 to ~300 KB, so some reach the indirect
 * and double-indirect blocks of a 1 KiB-block ext2) and contents, all from
 * SEED.  About two in three are then fsynced (or fdatasynced); when that
 * returns 0 the program prints
 *
 *     SYNCED <path> <size> <CRC-32>
 *
 * and never touches that file again, so the host can demand that, however
 * the machine died afterwards, the file reads back with that size and CRC.
 * The others are left to the write-back, and some of them are rewritten,
 * truncated or deleted later, so a cut also finds unsynced work in flight.
 * The CRC is zlib's, of the bytes written (not read back).
 * "FSYNC-LOAD: ready" follows the directories' fsync; any failure prints
 * "FSYNC-LOAD: error ..." and exits 1.
 */
#define _GNU_SOURCE
#include "crc32.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NDIRS 4
#define MAX_SIZE (300 * 1024)

static uint64_t rng;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void fail(const char *what, const char *path)
{
	printf("FSYNC-LOAD: error %s %s: %s\n", what, path, strerror(errno));
	exit(1);
}

static void fsync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);

	if (fd < 0)
		fail("open", path);
	if (fsync(fd) != 0)
		fail("fsync", path);
	close(fd);
}

static void make_dirs(const char *dir)
{
	char path[512], parent[512], *slash;
	int i;

	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		fail("mkdir", dir);
	for (i = 0; i < NDIRS; i++) {
		snprintf(path, sizeof(path), "%s/d%d", dir, i);
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			fail("mkdir", path);
		fsync_path(path);
	}
	fsync_path(dir);
	snprintf(parent, sizeof(parent), "%s", dir);
	slash = strrchr(parent, '/');
	if (slash == parent)
		slash[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	else
		snprintf(parent, sizeof(parent), ".");
	fsync_path(parent);
}

/* Write size pseudo-random bytes to fd in pieces of varying length: their CRC. */
static uint32_t fill(int fd, const char *path, size_t size, unsigned char *buf)
{
	uint32_t crc = 0;
	size_t done = 0, n, i;

	while (done < size) {
		n = 1 + next() % 20000;
		if (n > size - done)
			n = size - done;
		for (i = 0; i < n; i++)
			buf[i] = (unsigned char)(next() >> 24);
		if (write(fd, buf, n) != (ssize_t)n)
			fail("write", path);
		crc = crc32(crc, buf, n);
		done += n;
	}
	return crc;
}

/* Disturb an earlier file that was not synced: rewrite, cut or delete it. */
static void disturb(const char *path, unsigned char *buf)
{
	int fd;

	switch (next() % 3) {
	case 0:
		fd = open(path, O_WRONLY | O_TRUNC);
		if (fd >= 0) {
			(void)fill(fd, path, next() % MAX_SIZE, buf);
			close(fd);
		}
		break;
	case 1:
		(void)truncate(path, (off_t)(next() % 5000));
		break;
	default:
		(void)unlink(path);
	}
}

int main(int argc, char **argv)
{
	static unsigned char buf[20000];
	char path[512], unsynced[512] = "";
	long files = argc > 3 ? atol(argv[3]) : 1000000;
	size_t size;
	uint32_t crc;
	long i;
	int fd;

	if (argc < 3) {
		fprintf(stderr, "usage: fsync_load DIR SEED [FILES]\n");
		return 2;
	}
	rng = strtoull(argv[2], NULL, 0) * 0x9e3779b97f4a7c15ull | 1;
	make_dirs(argv[1]);
	printf("FSYNC-LOAD: ready\n");
	fflush(stdout);
	for (i = 0; i < files; i++) {
		if (next() % 2)
			snprintf(path, sizeof(path), "%s/f%ld", argv[1], i);
		else
			snprintf(path, sizeof(path), "%s/d%d/f%ld", argv[1], (int)(next() % NDIRS), i);
		/* Mostly small files, some large: sizes skewed towards 0. */
		size = next() % 4 == 0 ? next() % MAX_SIZE : next() % 16384;
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0)
			fail("create", path);
		crc = fill(fd, path, size, buf);
		if (next() % 3 != 0) {
			if ((next() % 2 ? fsync(fd) : fdatasync(fd)) != 0)
				fail("fsync", path);
			printf("SYNCED %s %zu %08x\n", path, size, (unsigned)crc);
			fflush(stdout);
		} else {
			if (unsynced[0] != '\0')
				disturb(unsynced, buf);
			snprintf(unsynced, sizeof(unsynced), "%s", path);
		}
		close(fd);
	}
	printf("FSYNC-LOAD: done\n");
	return 0;
}
