/*
 * t_ext2: an ext2 disk made by the host (tests/harness/ext2_image.py),
 * mounted, worked on and checked from inside; the harness then checks the
 * image from outside with e2fsck and debugfs after power-off.
 *
 * The disk is $EXT2_TEST_DEV or /dev/vdb, recognised by its volume label
 * (breenix-t_ext2); without it every case is skipped (also on Linux, where
 * mounting needs root and a loop device).  The host put a tree in seed/
 * (mkfs.ext2 -d); the guest prints a manifest of it ("EXT2-M seed ..."),
 * which the harness compares with the host's files: host-made files read
 * in Breenix.  The guest then makes files of many sizes in nested
 * directories, a 64 MiB (1 KiB blocks) or 16 MiB file, sparse files reaching the triple-indirect
 * blocks, hard links, fast and slow symlinks, renames over existing names
 * and across directories, deletions and truncations, checks them, unmounts,
 * mounts again, checks again, and prints the whole tree ("EXT2-M final");
 * the harness compares that with what debugfs reads from the image.  Last,
 * unknown feature bits written into the superblock (and put back) must be
 * refused (incompatible) or give a read-only mount (read-only compatible).
 *
 * Manifest line: EXT2-M <phase> <type f|d|l> <mode octal> <ino> <size>
 * <CRC-32 of the data or the link target, or -> <path>.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"
#include "crc32.h"

#define LABEL "breenix-t_ext2"
#define MNT "/tmp/t_ext2.mnt"
#define T_MS_RDONLY 1ul
#define T_MS_NOEXEC 8ul
#define T_MS_REMOUNT 32ul
#define T_EXT2_MAGIC 0xef53

static const char *dev;
static const char *why = "no ext2 test disk (label " LABEL ")";
static char buf[65536];

static int do_mount(unsigned long flags)
{
	return (int)syscall(SYS_mount, dev, MNT, "ext2", flags, NULL);
}

static int remount(unsigned long flags)
{
	return (int)syscall(SYS_mount, "none", MNT, "ext2", T_MS_REMOUNT | flags, NULL);
}

static int do_umount(void)
{
	return (int)syscall(SYS_umount2, MNT, 0);
}

/* Byte i of the pattern with seed s (what files are filled with). */
static void pattern(unsigned s, uint64_t off, unsigned char *p, size_t n)
{
	size_t j;

	for (j = 0; j < n; j++) {
		uint64_t i = off + j;

		p[j] = (unsigned char)(s * 131u + (unsigned)(i >> 10) * 7u + (unsigned)i * 13u);
	}
}

static int write_file(const char *path, unsigned seed, uint64_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	uint64_t off = 0;

	if (fd < 0)
		return -1;
	while (off < size) {
		size_t n = size - off < sizeof(buf) ? (size_t)(size - off) : sizeof(buf);

		pattern(seed, off, (unsigned char *)buf, n);
		if (write(fd, buf, n) != (ssize_t)n) {
			close(fd);
			return -1;
		}
		off += n;
	}
	return close(fd);
}

/* Whether path holds exactly size bytes of the pattern seed. */
static int check_file(const char *path, unsigned seed, uint64_t size)
{
	static unsigned char want[65536];
	int fd = open(path, O_RDONLY);
	uint64_t off = 0;
	ssize_t n;

	if (fd < 0)
		return 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		pattern(seed, off, want, (size_t)n);
		if (memcmp(buf, want, (size_t)n) != 0)
			break;
		off += (uint64_t)n;
	}
	close(fd);
	return n == 0 && off == size;
}


static uint32_t hash_file(const char *path)
{
	int fd = open(path, O_RDONLY);
	uint32_t h = 0;
	ssize_t n;

	if (fd < 0)
		return 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		h = crc32(h, (unsigned char *)buf, (size_t)n);
	close(fd);
	return h;
}

/* Print the manifest of the tree under root (path rel, "" for root itself). */
static void manifest(const char *phase, const char *root, const char *rel)
{
	char path[1024], sub[1024], target[1024];
	struct dirent *de;
	struct stat st;
	DIR *d;

	snprintf(path, sizeof(path), "%s%s%s", root, rel[0] ? "/" : "", rel);
	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		if (rel[0])
			printf("EXT2-M %s d %o %lu 0 - %s\n", phase, (unsigned)st.st_mode & 07777,
			       (unsigned long)st.st_ino, rel);
		if ((d = opendir(path)) == NULL)
			return;
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
			    (!rel[0] && strcmp(de->d_name, "lost+found") == 0))
				continue;
			snprintf(sub, sizeof(sub), "%s%s%s", rel, rel[0] ? "/" : "", de->d_name);
			manifest(phase, root, sub);
		}
		closedir(d);
	} else if (S_ISLNK(st.st_mode)) {
		ssize_t n = readlink(path, target, sizeof(target));

		printf("EXT2-M %s l %o %lu %ld %08x %s\n", phase, (unsigned)st.st_mode & 07777,
		       (unsigned long)st.st_ino, (long)st.st_size,
		       (unsigned)crc32(0, (unsigned char *)target, n > 0 ? (size_t)n : 0), rel);
	} else {
		printf("EXT2-M %s f %o %lu %ld %08x %s\n", phase, (unsigned)st.st_mode & 07777,
		       (unsigned long)st.st_ino, (long)st.st_size, (unsigned)hash_file(path), rel);
	}
}

static void find_disk(void)
{
	char label[17] = "";
	int fd;

	dev = getenv("EXT2_TEST_DEV") != NULL ? getenv("EXT2_TEST_DEV") : "/dev/vdb";
	fd = open(dev, O_RDONLY);
	if (fd < 0)
		return;
	if (pread(fd, label, 16, 1024 + 120) == 16 && strcmp(label, LABEL) == 0)
		why = NULL;
	close(fd);
}

static uint64_t bsize;
/* The big file: 64 MiB with 1 KiB blocks (all of the double-indirect range; half the page
 * cache's bound in a 512 MiB guest: eviction itself is test_pcache's); 16 MiB with 4 KiB. */
#define BIG_BYTES (bsize == 1024 ? (64u << 20) : (16u << 20))

TEST(mount_it)
{
	struct statfs sf;

	SKIP_IF(why != NULL, why);
	CHECK(mkdir(MNT, 0755) == 0 || errno == EEXIST);
	CHECK(do_mount(0) == 0);
	CHECK(statfs(MNT, &sf) == 0);
	CHECK(sf.f_type == T_EXT2_MAGIC);
	CHECK(sf.f_bsize == 1024 || sf.f_bsize == 4096);
	bsize = (uint64_t)sf.f_bsize;
	CHECK(sf.f_bfree > 0 && sf.f_bfree <= sf.f_blocks + 4096);
	errno = 0;
	CHECK(do_mount(0) < 0 && errno == EBUSY); /* the device is mounted already */
	fflush(stdout);
	manifest("seed", MNT "/seed", "");
}

TEST(mount_errors)
{
	SKIP_IF(why != NULL, why);
	errno = 0;
	CHECK(syscall(SYS_mount, "/dev/null", "/tmp", "ext2", 0ul, NULL) < 0 && errno == ENOTBLK);
	errno = 0;
	CHECK(syscall(SYS_mount, dev, "/tmp", "xfs", 0ul, NULL) < 0 && errno == ENODEV);
	errno = 0;
	CHECK(syscall(SYS_mount, dev, "/nonexistent", "ext2", 0ul, NULL) < 0 && errno == ENOENT);
	/* Not a mount point: a directory of its own (/tmp may be one, as on Linux). */
	CHECK(mkdir("/tmp/t_ext2.plain", 0755) == 0 || errno == EEXIST);
	errno = 0;
	CHECK(syscall(SYS_umount2, "/tmp/t_ext2.plain", 0) < 0 && errno == EINVAL);
	CHECK(rmdir("/tmp/t_ext2.plain") == 0);
	errno = 0;
	CHECK(syscall(SYS_umount2, MNT, 0x100) < 0 && errno == EINVAL);
}

static int user_umount(void)
{
	return syscall(SYS_umount2, MNT, 0) < 0 && errno == EPERM ? 0 : 1;
}

TEST(mount_needs_root)
{
	SKIP_IF(why != NULL, why);
	CHECK(utest_as_user(user_umount, 54321) == 0);
}

static const uint64_t sizes[] = { 0, 1, 100, 1023, 1024, 1025, 4095, 4096, 4097, 12288, 13000,
				  70000, 300000 };
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

static void tree_path(char *p, size_t len, int a, int b, int f)
{
	snprintf(p, len, MNT "/w/d%d/e%d/f%d", a, b, f);
}

TEST(nested_tree)
{
	char p[256];
	int a, b, f;

	SKIP_IF(why != NULL, why);
	CHECK(mkdir(MNT "/w", 0755) == 0);
	for (a = 0; a < 4; a++) {
		snprintf(p, sizeof(p), MNT "/w/d%d", a);
		CHECK(mkdir(p, 0755) == 0);
		for (b = 0; b < 3; b++) {
			snprintf(p, sizeof(p), MNT "/w/d%d/e%d", a, b);
			CHECK(mkdir(p, 0750) == 0);
			for (f = 0; f < 13; f++) {
				tree_path(p, sizeof(p), a, b, f);
				CHECK(write_file(p, (unsigned)(a * 100 + b * 10 + f),
						 sizes[(a + b + f) % NSIZES]) == 0);
			}
		}
	}
	for (a = 0; a < 4; a++)
		for (b = 0; b < 3; b++)
			for (f = 0; f < 13; f++) {
				tree_path(p, sizeof(p), a, b, f);
				CHECK(check_file(p, (unsigned)(a * 100 + b * 10 + f),
						 sizes[(a + b + f) % NSIZES]));
			}
}

TEST(big_file)
{
	struct stat st;

	SKIP_IF(why != NULL, why);
	CHECK(write_file(MNT "/w/big", 7, BIG_BYTES) == 0);
	CHECK(stat(MNT "/w/big", &st) == 0 && (uint64_t)st.st_size == BIG_BYTES);
	CHECK(st.st_blocks >= BIG_BYTES / 512);
	CHECK(check_file(MNT "/w/big", 7, BIG_BYTES));
}

/* fsync and fdatasync of one file and of a directory (durability: tests/harness/powercut.py). */
TEST(fsync_one_file)
{
	unsigned char c;
	int fd, dfd;

	SKIP_IF(why != NULL, why);
	CHECK(write_file(MNT "/w/synced", 11, 70000) == 0);
	fd = open(MNT "/w/synced", O_RDWR);
	CHECK(fd >= 0);
	CHECK(fsync(fd) == 0);
	CHECK(pwrite(fd, "x", 1, 69999) == 1);
	CHECK(fdatasync(fd) == 0);
	CHECK(fdatasync(fd) == 0); /* nothing left to write */
	pattern(11, 69999, &c, 1);
	CHECK(pwrite(fd, &c, 1, 69999) == 1); /* the pattern back */
	CHECK(fsync(fd) == 0);
	CHECK(close(fd) == 0);
	fd = open(MNT "/w/synced", O_RDONLY); /* as on Linux, a read-only descriptor may fsync */
	CHECK(fd >= 0 && fsync(fd) == 0 && close(fd) == 0);
	dfd = open(MNT "/w", O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0 && fsync(dfd) == 0 && fdatasync(dfd) == 0 && close(dfd) == 0);
	CHECK(fsync(-1) < 0 && errno == EBADF);
	CHECK(fdatasync(12345) < 0 && errno == EBADF);
	CHECK(check_file(MNT "/w/synced", 11, 70000));
}

/* Far enough that the triple-indirect blocks hold it. */
static uint64_t triple_offset(void)
{
	uint64_t p = bsize / 4;

	return (12 + p + p * p + 5) * bsize + 123;
}

TEST(sparse_files)
{
	uint64_t off = triple_offset();
	struct statfs before, after;
	struct stat st;
	char c = 0;
	int fd;

	SKIP_IF(why != NULL, why);
	CHECK(statfs(MNT, &before) == 0);
	fd = open(MNT "/w/sparse", O_RDWR | O_CREAT, 0600);
	CHECK(fd >= 0);
	CHECK(pwrite(fd, "A", 1, 0) == 1);
	CHECK(pwrite(fd, "M", 1, 40 * bsize) == 1);
	CHECK(pwrite(fd, "Z", 1, (off_t)off) == 1);
	CHECK(fstat(fd, &st) == 0 && (uint64_t)st.st_size == off + 1);
	CHECK(st.st_blocks < 64 * (long)(bsize / 512)); /* holes take nothing */
	CHECK(pread(fd, &c, 1, (off_t)off) == 1 && c == 'Z');
	CHECK(pread(fd, &c, 1, (off_t)off - 1) == 1 && c == 0);
	CHECK(pread(fd, &c, 1, 20 * bsize) == 1 && c == 0);
	CHECK(pread(fd, &c, 1, 40 * bsize) == 1 && c == 'M');
	/* Cut back below the triple-indirect range: those blocks come back. */
	CHECK(ftruncate(fd, 41 * bsize) == 0);
	CHECK(fstat(fd, &st) == 0 && st.st_blocks <= 4 * (long)(bsize / 512));
	CHECK(close(fd) == 0);
	CHECK(statfs(MNT, &after) == 0);
	CHECK(before.f_bfree - after.f_bfree <= 3); /* "A", "M" and one indirect block */
	CHECK(before.f_ffree - after.f_ffree == 1);
}

TEST(truncate_grow_shrink)
{
	struct stat st;
	char z[100];
	int fd;

	SKIP_IF(why != NULL, why);
	CHECK(write_file(MNT "/w/tr", 9, 300000) == 0);
	CHECK(truncate(MNT "/w/tr", 5000) == 0);
	CHECK(check_file(MNT "/w/tr", 9, 5000));
	CHECK(truncate(MNT "/w/tr", 20000) == 0);
	fd = open(MNT "/w/tr", O_RDONLY);
	CHECK(fd >= 0);
	CHECK(pread(fd, z, sizeof(z), 5000) == sizeof(z));
	close(fd);
	for (size_t i = 0; i < sizeof(z); i++)
		CHECK(z[i] == 0); /* the cut-off tail does not come back */
	CHECK(stat(MNT "/w/tr", &st) == 0 && st.st_size == 20000);
	CHECK(truncate(MNT "/w/tr0", 0) < 0 && errno == ENOENT);
	CHECK(write_file(MNT "/w/tr0", 3, 50000) == 0);
	CHECK(truncate(MNT "/w/tr0", 0) == 0);
	CHECK(stat(MNT "/w/tr0", &st) == 0 && st.st_size == 0 && st.st_blocks == 0);
	CHECK(write_file(MNT "/w/tr0", 4, 2000) == 0);
	CHECK(check_file(MNT "/w/tr0", 4, 2000));
}

TEST(hard_links)
{
	struct stat a, b;

	SKIP_IF(why != NULL, why);
	CHECK(write_file(MNT "/w/h1", 11, 5000) == 0);
	CHECK(link(MNT "/w/h1", MNT "/w/h2") == 0);
	CHECK(link(MNT "/w/h1", MNT "/w/d0/h3") == 0);
	CHECK(stat(MNT "/w/h1", &a) == 0 && a.st_nlink == 3);
	CHECK(stat(MNT "/w/d0/h3", &b) == 0 && b.st_ino == a.st_ino);
	CHECK(link(MNT "/w/h1", MNT "/w/h2") < 0 && errno == EEXIST);
	CHECK(unlink(MNT "/w/h1") == 0);
	CHECK(stat(MNT "/w/h2", &a) == 0 && a.st_nlink == 2);
	CHECK(check_file(MNT "/w/d0/h3", 11, 5000));
}

TEST(symlinks)
{
	char longt[200], got[256];
	struct stat st;
	ssize_t n;

	SKIP_IF(why != NULL, why);
	memset(longt, 'x', sizeof(longt) - 1);
	longt[sizeof(longt) - 1] = '\0';
	memcpy(longt, "d1/", 3);
	CHECK(symlink("d0/e0/f1", MNT "/w/fast") == 0);
	CHECK(symlink(longt, MNT "/w/slow") == 0);
	n = readlink(MNT "/w/fast", got, sizeof(got));
	CHECK(n == 8 && memcmp(got, "d0/e0/f1", 8) == 0);
	n = readlink(MNT "/w/slow", got, sizeof(got));
	CHECK(n == (ssize_t)strlen(longt) && memcmp(got, longt, (size_t)n) == 0);
	CHECK(lstat(MNT "/w/slow", &st) == 0 && S_ISLNK(st.st_mode) && st.st_size == n);
	CHECK(stat(MNT "/w/fast", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 1);
	CHECK(symlink("/nowhere", MNT "/w/dangling") == 0);
	CHECK(stat(MNT "/w/dangling", &st) < 0 && errno == ENOENT);
}

TEST(renames)
{
	struct stat st, d;

	SKIP_IF(why != NULL, why);
	/* A file over an existing file: the name never goes away, the old one is gone. */
	CHECK(write_file(MNT "/w/r_src", 21, 3000) == 0);
	CHECK(write_file(MNT "/w/r_dst", 22, 9000) == 0);
	CHECK(rename(MNT "/w/r_src", MNT "/w/r_dst") == 0);
	CHECK(check_file(MNT "/w/r_dst", 21, 3000));
	CHECK(access(MNT "/w/r_src", F_OK) < 0 && errno == ENOENT);
	/* Across directories, over an existing name. */
	CHECK(rename(MNT "/w/d0/e0/f0", MNT "/w/d1/e1/f1") == 0);
	CHECK(check_file(MNT "/w/d1/e1/f1", 0, sizes[0]));
	/* A directory across directories: its ".." follows. */
	CHECK(rename(MNT "/w/d2/e2", MNT "/w/d1/moved") == 0);
	CHECK(stat(MNT "/w/d1", &d) == 0 && stat(MNT "/w/d1/moved/..", &st) == 0);
	CHECK(st.st_ino == d.st_ino);
	CHECK(d.st_nlink == 2 + 4); /* e0, e1, e2, moved */
	CHECK(stat(MNT "/w/d2", &d) == 0 && d.st_nlink == 2 + 2);
	/* A directory over an empty one; not over a full one, not into itself. */
	CHECK(mkdir(MNT "/w/d3/empty", 0755) == 0);
	CHECK(rename(MNT "/w/d1/moved", MNT "/w/d3/empty") == 0);
	CHECK(check_file(MNT "/w/d3/empty/f5", 225, sizes[(2 + 2 + 5) % NSIZES]));
	CHECK(rename(MNT "/w/d3/e0", MNT "/w/d3/empty") < 0 && errno == ENOTEMPTY);
	CHECK(rename(MNT "/w/d3", MNT "/w/d3/e0/inside") < 0 && errno == EINVAL);
	CHECK(rename(MNT "/w/h2", MNT "/w/d3") < 0 && errno == EISDIR);
	CHECK(rename(MNT "/w/d3", MNT "/w/h2") < 0 && errno == ENOTDIR);
	/* Two names of one file: nothing happens. */
	CHECK(rename(MNT "/w/h2", MNT "/w/d0/h3") == 0);
	CHECK(access(MNT "/w/h2", F_OK) == 0);
}

static void rm_tree(const char *path)
{
	char sub[512];
	struct dirent *de;
	struct stat st;
	DIR *d;

	if (lstat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	if ((d = opendir(path)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
			rm_tree(sub);
		}
		closedir(d);
	}
	rmdir(path);
}

TEST(deletions_free_exactly)
{
	struct statfs before, mid, after;
	char p[256];
	int i;

	SKIP_IF(why != NULL, why);
	CHECK(rmdir(MNT "/w/d0") < 0 && errno == ENOTEMPTY);
	CHECK(statfs(MNT, &before) == 0);
	CHECK(mkdir(MNT "/w/tmpdir", 0755) == 0);
	for (i = 0; i < 40; i++) {
		snprintf(p, sizeof(p), MNT "/w/tmpdir/x%d", i);
		CHECK(write_file(p, (unsigned)i, (uint64_t)i * 3001) == 0);
	}
	CHECK(statfs(MNT, &mid) == 0 && mid.f_bfree < before.f_bfree);
	CHECK(before.f_ffree - mid.f_ffree == 41);
	rm_tree(MNT "/w/tmpdir");
	CHECK(access(MNT "/w/tmpdir", F_OK) < 0 && errno == ENOENT);
	CHECK(statfs(MNT, &after) == 0);
	CHECK(after.f_bfree == before.f_bfree);
	CHECK(after.f_ffree == before.f_ffree);
	rm_tree(MNT "/w/d2");
	CHECK(access(MNT "/w/d2", F_OK) < 0 && errno == ENOENT);
}

TEST(unlinked_open_file)
{
	struct statfs before, after;
	int fd;

	SKIP_IF(why != NULL, why);
	CHECK(statfs(MNT, &before) == 0);
	CHECK(write_file(MNT "/w/ghost", 31, 100000) == 0);
	fd = open(MNT "/w/ghost", O_RDONLY);
	CHECK(fd >= 0);
	CHECK(unlink(MNT "/w/ghost") == 0);
	CHECK(read(fd, buf, 1000) == 1000);
	CHECK(syscall(SYS_umount2, MNT, 0) < 0 && errno == EBUSY);
	CHECK(close(fd) == 0);
	CHECK(statfs(MNT, &after) == 0);
	CHECK(after.f_bfree == before.f_bfree && after.f_ffree == before.f_ffree);
}

TEST(exec_and_mmap)
{
	int status, fd;
	pid_t pid;
	char *m;

	SKIP_IF(why != NULL, why);
	CHECK(system("cp /bin/false " MNT "/w/false && chmod 755 " MNT "/w/false") == 0);
	pid = fork();
	if (pid == 0) {
		execl(MNT "/w/false", "false", (char *)NULL);
		_exit(99);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 1);
	fd = open(MNT "/w/d1/e1/f3", O_RDONLY);
	CHECK(fd >= 0);
	m = mmap(NULL, (size_t)sizes[(1 + 1 + 3) % NSIZES], PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	CHECK(m != MAP_FAILED);
	pattern(113, 0, (unsigned char *)buf, (size_t)sizes[(1 + 1 + 3) % NSIZES]);
	CHECK(memcmp(m, buf, (size_t)sizes[(1 + 1 + 3) % NSIZES]) == 0);
	munmap(m, (size_t)sizes[(1 + 1 + 3) % NSIZES]);
	/* noexec: the same program does not run (tried in a child, in case it does). */
	CHECK(remount(T_MS_NOEXEC) == 0);
	pid = fork();
	if (pid == 0) {
		execl(MNT "/w/false", "false", (char *)NULL);
		_exit(errno == EACCES ? 42 : 43);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 42);
	CHECK(remount(0) == 0);
}

/* A child touches m[off]: the signal that ended it, or 0 if it read the byte. */
static int touch_sig(const volatile char *m, size_t off)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		(void)m[off];
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

#define MAPLEN (3 * 4096 + 100)

/*
 * MAP_SHARED of an ext2 file maps its page-cache pages: write() is seen
 * through every mapping, a store through one by read() and the others, in
 * this process and a child; msync(MS_SYNC) writes back; a read-only remount
 * waits for the writable mapping to go.  The bytes reach the disk: read
 * back after unmounting, and by debugfs in the final manifest.
 */
TEST(shared_mappings)
{
	static unsigned char want[MAPLEN];
	char *m, *m2, got[8];
	int fd, status;
	pid_t pid;

	SKIP_IF(why != NULL, why);
	CHECK(write_file(MNT "/w/map", 77, MAPLEN) == 0);
	pattern(77, 0, want, MAPLEN);
	fd = open(MNT "/w/map", O_RDWR);
	CHECK(fd >= 0);
	m = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED);
	CHECK(memcmp(m, want, MAPLEN) == 0);
	CHECK(pwrite(fd, "hello", 5, 5000) == 5);                 /* write() -> mapping */
	CHECK(memcmp(m + 5000, "hello", 5) == 0);
	memcpy(m + 9000, "world", 5);                              /* mapping -> read() */
	CHECK(pread(fd, got, 5, 9000) == 5 && memcmp(got, "world", 5) == 0);
	m2 = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 4096);
	CHECK(m2 != MAP_FAILED);
	CHECK(memcmp(m2 + 9000 - 4096, "world", 5) == 0);          /* mapping -> mapping */
	m2[0] = 'X';
	CHECK(m[4096] == 'X');
	pid = fork();
	if (pid == 0) {
		m[100] = 'C';                                      /* a child's store */
		_exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status));
	CHECK(pread(fd, got, 1, 100) == 1 && got[0] == 'C');
	CHECK(msync(m, 4 * 4096, MS_SYNC) == 0 && msync(m, 4096, MS_ASYNC) == 0);
	errno = 0;
	CHECK(remount(T_MS_RDONLY) < 0 && errno == EBUSY);         /* m and m2 may still write */
	CHECK(munmap(m2, 8192) == 0);
	m[200] = 'D';                                              /* stored, then unmapped */
	CHECK(munmap(m, 4 * 4096) == 0 && close(fd) == 0);         /* Linux: no writer left */
	CHECK(remount(T_MS_RDONLY) == 0 && remount(0) == 0);
	/* Read-only: PROT_WRITE, or adding it later, is refused; the mapping still reads. */
	CHECK((fd = open(MNT "/w/map", O_RDONLY)) >= 0);
	errno = 0;
	CHECK(mmap(NULL, 4096, PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED && errno == EACCES);
	m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED && m[100] == 'C' && m[200] == 'D');
	errno = 0;
	CHECK(mprotect(m, 4096, PROT_READ | PROT_WRITE) < 0 && errno == EACCES);
	CHECK(munmap(m, 4096) == 0 && close(fd) == 0);
	/* From the disk: the cache was dropped at unmount. */
	CHECK(do_umount() == 0 && do_mount(0) == 0);
	memcpy(want + 5000, "hello", 5);
	memcpy(want + 9000, "world", 5);
	want[4096] = 'X';
	want[100] = 'C';
	want[200] = 'D';
	fd = open(MNT "/w/map", O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf, sizeof(buf)) == MAPLEN && close(fd) == 0);
	CHECK(memcmp(buf, want, MAPLEN) == 0);
}

/*
 * MAP_PRIVATE of an ext2 file shares its page-cache pages until written:
 * write() is seen through a page not yet stored to (as Linux), a store
 * copies the page (the file and a shared mapping keep their bytes), and
 * a child's store stays its own.
 */
TEST(private_mapping_cow)
{
	char *p, *s, got[4];
	int fd, status;
	pid_t pid;

	SKIP_IF(why != NULL, why);
	CHECK(write_file(MNT "/w/cow", 80, 3 * 4096) == 0);
	fd = open(MNT "/w/cow", O_RDWR);
	CHECK(fd >= 0);
	p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	s = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED && s != MAP_FAILED);
	pattern(80, 0, (unsigned char *)buf, 3 * 4096);
	CHECK(memcmp(p, buf, 3 * 4096) == 0);
	CHECK(pwrite(fd, "ab", 2, 4096 + 10) == 2 && memcmp(p + 4096 + 10, "ab", 2) == 0);
	p[20] = 'P';                                               /* copied: the file keeps its byte */
	CHECK(pread(fd, got, 1, 20) == 1 && got[0] == buf[20] && s[20] == buf[20]);
	s[21] = 'S';                                               /* the copy does not see it */
	CHECK(p[21] == buf[21] && p[20] == 'P');
	pid = fork();
	if (pid == 0) {
		p[2 * 4096] = 'K';
		_exit(p[2 * 4096] == 'K' ? 0 : 1);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(p[2 * 4096] == buf[2 * 4096] && s[2 * 4096] == buf[2 * 4096]);
	CHECK(munmap(p, 3 * 4096) == 0 && munmap(s, 3 * 4096) == 0);
	CHECK(pread(fd, got, 2, 20) == 2 && got[0] == buf[20] && got[1] == 'S');
	CHECK(close(fd) == 0 && unlink(MNT "/w/cow") == 0);
}

/*
 * Truncating a mapped file: the part of the last page past the new end
 * reads as zeros, a page wholly past it is SIGBUS (as Linux); pages the
 * file still has stay mapped.  Offsets past the end at mmap time too.
 */
TEST(mapped_truncate)
{
	char *m;
	int fd;

	SKIP_IF(why != NULL, why);
	CHECK(write_file(MNT "/w/mtrunc", 78, 4 * 4096) == 0);
	fd = open(MNT "/w/mtrunc", O_RDWR);
	CHECK(fd >= 0);
	m = mmap(NULL, 6 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED);
	CHECK(touch_sig(m, 3 * 4096) == 0);
	CHECK(touch_sig(m, 4 * 4096) == SIGBUS);                    /* past the end at mmap */
	memset(m + 4096, 'z', 4096);
	/* Split the region in three: truncate finds the pages through every piece. */
	CHECK(mprotect(m + 2 * 4096, 4096, PROT_READ) == 0);
	CHECK(ftruncate(fd, 4096 + 100) == 0);
	CHECK(m[4096 + 99] == 'z' && m[4096 + 100] == 0 && m[2 * 4096 - 1] == 0);
	CHECK(touch_sig(m, 2 * 4096) == SIGBUS);                    /* cut off */
	CHECK(touch_sig(m, 3 * 4096 + 5) == SIGBUS);
	CHECK(touch_sig(m, 4096 + 50) == 0);
	CHECK(ftruncate(fd, 0) == 0);
	CHECK(touch_sig(m, 0) == SIGBUS);
	CHECK(munmap(m, 6 * 4096) == 0);
	/* An offset past the end maps nothing: every access is SIGBUS; a huge one is refused. */
	m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 1ll << 40);
	CHECK(m != MAP_FAILED && touch_sig(m, 0) == SIGBUS && munmap(m, 4096) == 0);
	errno = 0;
	CHECK(mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0x7ffffffffffff000ll) == MAP_FAILED &&
	      errno == EOVERFLOW);
	CHECK(close(fd) == 0 && unlink(MNT "/w/mtrunc") == 0);
}

/*
 * A file unlinked while mapped lives on in its mapping (stores and loads
 * work, the blocks stay used) and is freed when the mapping goes.
 */
TEST(unlinked_mapped_file)
{
	struct statfs before, during, after;
	char *m;
	int fd;

	SKIP_IF(why != NULL, why);
	sync();
	CHECK(statfs(MNT, &before) == 0);
	CHECK(write_file(MNT "/w/mghost", 79, 40000) == 0);
	fd = open(MNT "/w/mghost", O_RDWR);
	CHECK(fd >= 0);
	m = mmap(NULL, 40000, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED && close(fd) == 0 && unlink(MNT "/w/mghost") == 0);
	m[30000] = 'q';
	CHECK(m[30000] == 'q' && msync(m, 40000, MS_SYNC) == 0);
	CHECK(statfs(MNT, &during) == 0 && during.f_bfree < before.f_bfree);
	errno = 0;
	CHECK(do_umount() < 0 && errno == EBUSY);                   /* the mapping holds it */
	CHECK(munmap(m, 40000) == 0);
	CHECK(statfs(MNT, &after) == 0);
	CHECK(after.f_bfree == before.f_bfree && after.f_ffree == before.f_ffree);
}

/* fsync of something that cannot be synced (a FIFO, a pipe, a socket) is EINVAL, as Linux. */
TEST(fsync_einval)
{
	int fd, p[2], sv[2];

	SKIP_IF(why != NULL, why);
	CHECK(mkfifo(MNT "/w/fifo", 0644) == 0);
	fd = open(MNT "/w/fifo", O_RDWR);
	CHECK(fd >= 0);
	errno = 0;
	CHECK(fsync(fd) < 0 && errno == EINVAL);
	errno = 0;
	CHECK(fdatasync(fd) < 0 && errno == EINVAL);
	CHECK(close(fd) == 0 && unlink(MNT "/w/fifo") == 0);
	CHECK(pipe(p) == 0);
	errno = 0;
	CHECK(fsync(p[0]) < 0 && errno == EINVAL);
	errno = 0;
	CHECK(fsync(p[1]) < 0 && errno == EINVAL);
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	errno = 0;
	CHECK(fsync(sv[0]) < 0 && errno == EINVAL);
	fd = (int)syscall(SYS_eventfd2, 0, 0);
	CHECK(fd >= 0);
	errno = 0;
	CHECK(fsync(fd) < 0 && errno == EINVAL);
	close(fd);
	close(p[0]);
	close(p[1]);
	close(sv[0]);
	close(sv[1]);
}

TEST(read_only)
{
	struct statfs sf;
	int fd;

	SKIP_IF(why != NULL, why);
	CHECK(remount(T_MS_RDONLY) == 0);
	CHECK(statfs(MNT, &sf) == 0 && (sf.f_flags & 1));
	errno = 0;
	CHECK(open(MNT "/w/new", O_WRONLY | O_CREAT, 0644) < 0 && errno == EROFS);
	errno = 0;
	CHECK(open(MNT "/w/h2", O_WRONLY) < 0 && errno == EROFS);
	errno = 0;
	CHECK(chmod(MNT "/w/h2", 0600) < 0 && errno == EROFS);
	errno = 0;
	CHECK(mkdir(MNT "/w/nd", 0755) < 0 && errno == EROFS);
	errno = 0;
	CHECK(unlink(MNT "/w/h2") < 0 && errno == EROFS);
	fd = open(MNT "/w/h2", O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf, 10) == 10);
	close(fd);
	CHECK(remount(0) == 0);
	CHECK(statfs(MNT, &sf) == 0 && !(sf.f_flags & 1));
	CHECK(chmod(MNT "/w/h2", 0640) == 0);
	CHECK(chown(MNT "/w/h2", 1000, 1000) == 0);
}

TEST(busy_and_remount)
{
	struct stat st;

	SKIP_IF(why != NULL, why);
	CHECK(chdir(MNT "/w") == 0);
	errno = 0;
	CHECK(do_umount() < 0 && errno == EBUSY);
	CHECK(chdir("/") == 0);
	CHECK(do_umount() == 0);
	CHECK(stat(MNT "/w", &st) < 0 && errno == ENOENT);
	CHECK(do_mount(0) == 0);
	/* Read back from the disk: the cache was dropped at unmount (the big file is read
	 * back whole by the final manifest, which the harness checks). */
	CHECK(check_file(MNT "/w/tr0", 4, 2000) && check_file(MNT "/w/d0/h3", 11, 5000));
	CHECK(stat(MNT "/w/big", &st) == 0 && (uint64_t)st.st_size == BIG_BYTES);
	CHECK(check_file(MNT "/w/d3/empty/f5", 225, sizes[(2 + 2 + 5) % NSIZES]));
	CHECK(stat(MNT "/w/h2", &st) == 0 && st.st_nlink == 2 && (st.st_mode & 0777) == 0640);
	CHECK(st.st_uid == 1000);
}

TEST(final_manifest)
{
	SKIP_IF(why != NULL, why);
	fflush(stdout);
	manifest("final", MNT, "");
	fflush(stdout);
	sync();
	CHECK(do_umount() == 0);
}

/* Superblock fields, as byte offsets on the disk (superblock at 1024). */
#define SB_INCOMPAT (1024 + 96)
#define SB_RO_COMPAT (1024 + 100)

static int poke32(int fd, off_t off, uint32_t v)
{
	return pwrite(fd, &v, 4, off) == 4 ? 0 : -1;
}

/*
 * Unknown features, written into the superblock through the raw device
 * while nothing is mounted (and put back after): an incompatible one is
 * refused; with a read-only-compatible one the file system can be mounted
 * only read-only, as Linux's ext2 (and ext4 mounting ext2) does: a
 * read-write mount fails with EINVAL, a read-only one works and cannot be
 * remounted read-write (EROFS).  The ro-compat bit is one no kernel knows,
 * so that Linux does not try to use it (metadata_csum would make it check
 * checksums the image lacks).
 */
TEST(unknown_features)
{
	uint32_t incompat, ro;
	struct statfs sf;
	int fd, r1, r2, r3, e1, e2, e3 = -1;

	SKIP_IF(why != NULL, why);
	fd = open(dev, O_RDWR);
	CHECK(fd >= 0);
	CHECK(pread(fd, &incompat, 4, SB_INCOMPAT) == 4 && pread(fd, &ro, 4, SB_RO_COMPAT) == 4);
	CHECK(poke32(fd, SB_INCOMPAT, incompat | 0x40) == 0); /* extents */
	errno = 0;
	r1 = do_mount(0);
	e1 = errno;
	CHECK(poke32(fd, SB_INCOMPAT, incompat) == 0);
	CHECK(poke32(fd, SB_RO_COMPAT, ro | 0x80000000u) == 0);
	errno = 0;
	r2 = do_mount(0);
	e2 = errno;
	if (r2 == 0)
		(void)do_umount();
	r3 = do_mount(T_MS_RDONLY);
	if (r3 == 0) {
		e3 = statfs(MNT, &sf) == 0 && (sf.f_flags & 1) &&
		     open(MNT "/new", O_WRONLY | O_CREAT, 0644) < 0 && errno == EROFS &&
		     remount(0) < 0 && errno == EROFS ? 0 : -1;
		CHECK(do_umount() == 0);
	}
	CHECK(poke32(fd, SB_RO_COMPAT, ro) == 0);
	CHECK(fsync(fd) == 0 && close(fd) == 0);
	CHECK(r1 < 0 && e1 == EINVAL);
	CHECK(r2 < 0 && e2 == EINVAL);
	CHECK(r3 == 0 && e3 == 0);
}

int main(void)
{
	utest_suite = "ext2";
	find_disk();
	if (why == NULL && geteuid() != 0)
		why = "needs root to mount";
	RUN(mount_it);
	RUN(mount_errors);
	RUN(mount_needs_root);
	RUN(nested_tree);
	RUN(big_file);
	RUN(fsync_one_file);
	RUN(sparse_files);
	RUN(truncate_grow_shrink);
	RUN(hard_links);
	RUN(symlinks);
	RUN(renames);
	RUN(deletions_free_exactly);
	RUN(unlinked_open_file);
	RUN(exec_and_mmap);
	RUN(shared_mappings);
	RUN(private_mapping_cow);
	RUN(mapped_truncate);
	RUN(unlinked_mapped_file);
	RUN(fsync_einval);
	RUN(read_only);
	RUN(busy_and_remount);
	RUN(final_manifest);
	RUN(unknown_features);
	return utest_failures != 0;
}
