/*
 * t_create: the calls that make a new name in a directory (open O_CREAT,
 * mkdir, mknod, symlink, link, rename) and what they refuse: a directory
 * that has been removed (ENOENT: its new entries could never be removed,
 * so they would hold their memory for good), an existing name (EEXIST),
 * and "name/" for anything but a directory (ENOENT).  As an ordinary user
 * when run as root (the leak was open to any user), else as the caller.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "utest.h"

#define USER_ID 1000
#define LEAK_ROUNDS 2000

static char top[64];    /* the scratch directory, anyone's */

static char *in_top(const char *name)
{
	static char path[8][128];
	static int next;
	char *p = path[next++ % 8];

	snprintf(p, sizeof(path[0]), "%s/%s", top, name);
	return p;
}

/* In a child, as the ordinary user: fn's exit status (0: its checks held). */
static int in_child(int (*fn)(void))
{
	return utest_as_user(fn, USER_ID);
}

/* In a child: the line of the check that failed, as its exit status. */
#define UCHECK(cond)                                                           \
	do {                                                                   \
		if (!(cond)) {                                                 \
			printf("note: user/create: %s (line %d, errno %d)\n", #cond, \
			       __LINE__, errno);                               \
			fflush(stdout);                                        \
			return 1;                                              \
		}                                                              \
	} while (0)

/* chdir into a new directory <name> of top, then remove it (from inside). */
static int enter_removed(const char *name)
{
	char up[128];

	snprintf(up, sizeof(up), "../%s", name);
	if (mkdir(in_top(name), 0755) != 0 || chdir(in_top(name)) != 0 || rmdir(up) != 0)
		return -1;
	return 0;
}

static int removed_cwd(void)
{
	struct stat st;
	char *src = in_top("src");
	int fd;

	UCHECK(enter_removed("gone") == 0);
	UCHECK(stat(".", &st) == 0 && st.st_nlink == 0); /* still there, but nameless */
	fd = open(src, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	UCHECK(fd >= 0);
	close(fd);
	UCHECK(open("f", O_WRONLY | O_CREAT, 0644) == -1 && errno == ENOENT);
	UCHECK(open("./f", O_RDWR | O_CREAT | O_EXCL, 0644) == -1 && errno == ENOENT);
	UCHECK(mkdir("d", 0755) == -1 && errno == ENOENT);
	UCHECK(mknod("p", S_IFIFO | 0644, 0) == -1 && errno == ENOENT);
	UCHECK(mknod("r", S_IFREG | 0644, 0) == -1 && errno == ENOENT);
	UCHECK(symlink("target", "s") == -1 && errno == ENOENT);
	UCHECK(link(src, "l") == -1 && errno == ENOENT);
	UCHECK(rename(src, "r") == -1 && errno == ENOENT);
	UCHECK(access(src, F_OK) == 0); /* the refused rename left it in place */
	/* The same through a descriptor of the removed directory. */
	fd = open(".", O_RDONLY | O_DIRECTORY);
	UCHECK(fd >= 0);
	UCHECK(openat(fd, "f", O_WRONLY | O_CREAT, 0644) == -1 && errno == ENOENT);
	UCHECK(mkdirat(fd, "d", 0755) == -1 && errno == ENOENT);
	UCHECK(symlinkat("target", fd, "s") == -1 && errno == ENOENT);
	UCHECK(linkat(AT_FDCWD, src, fd, "l", 0) == -1 && errno == ENOENT);
	UCHECK(renameat(AT_FDCWD, src, fd, "r") == -1 && errno == ENOENT);
	close(fd);
	UCHECK(unlink(src) == 0);
	return 0;
}

TEST(removed_directory_takes_no_new_names)
{
	CHECK(in_child(removed_cwd) == 0);
}

/*
 * Many refused links and renames into a removed directory: on Breenix,
 * free memory comes back.  Each round makes a file with a page of data;
 * a rename that went through would keep it (and its entry) for good.
 */
static int leak_rounds(int rounds)
{
	static char page[4096];
	char name[32];
	int i, fd;

	for (i = 0; i < rounds; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		fd = open(in_top("data"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
		UCHECK(fd >= 0 && write(fd, page, sizeof(page)) == (ssize_t)sizeof(page));
		close(fd);
		UCHECK(link(in_top("data"), name) == -1 && errno == ENOENT);
		UCHECK(rename(in_top("data"), name) == -1 && errno == ENOENT);
		UCHECK(unlink(in_top("data")) == 0);
	}
	return 0;
}

static int removed_cwd_leak(void)
{
	long before, after;

	UCHECK(enter_removed("leak") == 0);
	UCHECK(leak_rounds(50) == 0); /* warm the kernel's caches first */
	before = free_kib();
	UCHECK(leak_rounds(LEAK_ROUNDS) == 0);
	after = free_kib();
	printf("note: user/create: free memory %ld KiB -> %ld KiB over %d rounds\n", before, after,
	       LEAK_ROUNDS);
	fflush(stdout);
	/* Only Breenix's free memory is the test's alone; the host's moves with other work. */
	if (on_breenix())
		UCHECK(before > 0 && after >= before - 64);
	return 0;
}

TEST(removed_directory_memory_comes_back)
{
	CHECK(in_child(removed_cwd_leak) == 0);
}

static int trailing_slash(void)
{
	struct stat st;

	UCHECK(chdir(top) == 0);
	UCHECK(open("ts", O_WRONLY | O_CREAT | O_TRUNC, 0644) >= 0);
	UCHECK(symlink("ts", "new/") == -1 && errno == ENOENT);
	UCHECK(link("ts", "new/") == -1 && errno == ENOENT);
	UCHECK(mknod("new/", S_IFREG | 0644, 0) == -1 && errno == ENOENT);
	UCHECK(open("new/", O_WRONLY | O_CREAT, 0644) == -1 && errno == EISDIR);
	UCHECK(stat("new", &st) == -1 && errno == ENOENT);
	UCHECK(mkdir("new/", 0755) == 0 && stat("new", &st) == 0 && S_ISDIR(st.st_mode));
	/* An existing name: EEXIST, with or without the slash. */
	UCHECK(symlink("x", "ts/") == -1 && errno == EEXIST);
	UCHECK(link("ts", "new/") == -1 && errno == EEXIST);
	UCHECK(mknod("ts", S_IFIFO | 0644, 0) == -1 && errno == EEXIST);
	UCHECK(mknod(".", S_IFIFO | 0644, 0) == -1 && errno == EEXIST);
	UCHECK(symlink("x", "..") == -1 && errno == EEXIST);
	return 0;
}

TEST(new_names_with_a_trailing_slash)
{
	CHECK(in_child(trailing_slash) == 0);
}

static int mknod_rules(void)
{
	struct stat st;

	UCHECK(chdir(top) == 0);
	umask(022);
	UCHECK(mknod("fifo", S_IFIFO | 0666, 0) == 0);
	UCHECK(lstat("fifo", &st) == 0 && st.st_mode == (S_IFIFO | 0644) && st.st_uid == geteuid());
	UCHECK(mknod("plain", 0640, 0) == 0); /* type 0: a regular file */
	UCHECK(lstat("plain", &st) == 0 && st.st_mode == (S_IFREG | 0640) && st.st_size == 0);
	UCHECK(mknod("dir", S_IFDIR | 0755, 0) == -1 && errno == EPERM);
	UCHECK(mknod("bad", 0170000 | 0644, 0) == -1 && errno == EINVAL);
	if (geteuid() != 0) /* devices need root (CAP_MKNOD) */
		UCHECK(mknod("dev", S_IFCHR | 0644, 0x103) == -1 && errno == EPERM);
	UCHECK(unlink("fifo") == 0 && unlink("plain") == 0);
	return 0;
}

TEST(mknod_makes_files_and_fifos)
{
	CHECK(in_child(mknod_rules) == 0);
}

#define SGID_GROUP 54321 /* not one of the user's groups */

static int sgid_user(void)
{
	struct stat st;
	int fd;

	UCHECK(chdir(in_top("sgid")) == 0);
	umask(022);
	fd = open("prog", O_WRONLY | O_CREAT | O_EXCL, 02755);
	UCHECK(fd >= 0);
	close(fd);
	/* The directory's group, but no set-group-ID program for a group we are not in. */
	UCHECK(stat("prog", &st) == 0 && st.st_gid == SGID_GROUP && st.st_mode == (S_IFREG | 0755));
	UCHECK(mknod("node", S_IFREG | 02750, 0) == 0);
	UCHECK(stat("node", &st) == 0 && st.st_mode == (S_IFREG | 0750));
	/* Without group execute the bit is not a program's (Linux keeps it). */
	fd = open("data", O_WRONLY | O_CREAT | O_EXCL, 02644);
	UCHECK(fd >= 0);
	close(fd);
	UCHECK(stat("data", &st) == 0 && st.st_mode == (S_IFREG | 02644));
	/* A new directory is set-group-ID like its parent. */
	UCHECK(mkdir("sub", 0755) == 0);
	UCHECK(stat("sub", &st) == 0 && st.st_gid == SGID_GROUP && st.st_mode == (S_IFDIR | 02755));
	return 0;
}

TEST(set_group_id_directory)
{
	struct stat st;
	int fd;

	SKIP_IF(geteuid() != 0, "needs root to make the directory");
	CHECK(mkdir(in_top("sgid"), 0777) == 0 && chown(in_top("sgid"), 0, SGID_GROUP) == 0);
	CHECK(chmod(in_top("sgid"), 02777) == 0);
	CHECK(in_child(sgid_user) == 0);
	umask(022);
	fd = open(in_top("sgid/roots"), O_WRONLY | O_CREAT | O_EXCL, 02755); /* root may */
	CHECK(fd >= 0);
	close(fd);
	CHECK(stat(in_top("sgid/roots"), &st) == 0 && st.st_mode == (S_IFREG | 02755));
}

int main(void)
{
	utest_suite = "create";
	if (utest_scratch_dir(top, sizeof(top)) != 0 || chmod(top, 0777) != 0)
		return 1;
	RUN(removed_directory_takes_no_new_names);
	RUN(removed_directory_memory_comes_back);
	RUN(new_names_with_a_trailing_slash);
	RUN(mknod_makes_files_and_fifos);
	RUN(set_group_id_directory);
	return utest_failures != 0;
}
