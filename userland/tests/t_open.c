/*
 * t_open: what open(2) may do, and what its descriptor may then do.
 *
 * The grid: every access mode (0..3) x without/with O_PATH x every subset
 * of O_TRUNC, O_CREAT, O_EXCL, O_DIRECTORY, O_NOFOLLOW (and O_NOATIME alone
 * and with O_TRUNC and O_CREAT) x a target (a regular file of mode 0644,
 * 0600, 0444 or 0000, a directory, a symlink to a file, a dangling symlink,
 * a missing name; all root's, in a directory anyone may write) x root and
 * an ordinary user (effective uid USER_ID).  Each case opens, then tries
 * the descriptor (fstat's type, F_GETFL, a 1-byte read, a 0-byte write)
 * and compares the directory before and after (what got created or cut).
 * One line per (user, target, access mode, O_PATH) holds its cases:
 *   OPENCASE: <who> <target> acc<N>[+path] <flags>=<result> ...
 * with flags letters T C X D N A (O_TRUNC O_CREAT O_EXCL O_DIRECTORY
 * O_NOFOLLOW O_NOATIME, "-" for none) and result an errno name, or
 *   ok,<F_GETFL octal>,<type>,r=<R|errno>,w=<W|errno>[,<changes>]
 * The lines carry no pass or fail here: tests/harness/open_diff.py
 * compares the lines of the host Linux's run with Breenix's, case by case.
 *
 * The other cases check the holes the grid was made for, on their own.
 */
#define _GNU_SOURCE /* O_PATH, O_NOATIME on glibc */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "utest.h"

#define USER_ID 1000

/* The res*id calls, straight to the kernel (newlib declares none of them). */
#define setresuid(r, e, s) syscall(SYS_setresuid, r, e, s)
#define setresgid(r, e, s) syscall(SYS_setresgid, r, e, s)

static char top[64];    /* the scratch directory */
static char grid[96];   /* the grid's directory, mode 0777 */

static const char *errname(int e)
{
	static char other[16];

	switch (e) {
	case ENOENT: return "ENOENT";
	case EACCES: return "EACCES";
	case EEXIST: return "EEXIST";
	case EISDIR: return "EISDIR";
	case ENOTDIR: return "ENOTDIR";
	case ELOOP: return "ELOOP";
	case EINVAL: return "EINVAL";
	case EPERM: return "EPERM";
	case EBADF: return "EBADF";
	case ENXIO: return "ENXIO";
	case EROFS: return "EROFS";
	case ENOMEM: return "ENOMEM";
	case EFAULT: return "EFAULT";
	case ENOTTY: return "ENOTTY";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	}
	snprintf(other, sizeof(other), "E%d", e);
	return other;
}

/* Act as the ordinary user (effective ids only, so root can come back) or as root. */
static int become(int user)
{
	if (user)
		return setresgid(-1, USER_ID, -1) == 0 && setresuid(-1, USER_ID, -1) == 0 ? 0 : -1;
	return setresuid(-1, 0, -1) == 0 && setresgid(-1, 0, -1) == 0 ? 0 : -1;
}

static int write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int ok;

	if (fd < 0)
		return -1;
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok && chmod(path, mode) == 0 ? 0 : -1;
}

static char *in(const char *dir, const char *name)
{
	static char path[8][160];
	static int next;
	char *p = path[next++ % 8];

	snprintf(p, sizeof(path[0]), "%s/%s", dir, name);
	return p;
}

/* ---- the grid ---- */

struct target {
	const char *name;   /* in the OPENCASE line */
	const char *path;   /* in the grid directory */
	mode_t fmode;       /* the mode of the file "f" meanwhile */
};

static const struct target targets[] = {
	{ "f0644", "f", 0644 }, { "f0600", "f", 0600 }, { "f0444", "f", 0444 },
	{ "f0000", "f", 0000 }, { "dir", "d", 0644 }, { "link", "l", 0644 },
	{ "dangling", "dl", 0644 }, { "none", "n", 0644 },
};

/* The names the grid directory may hold: the fixture and what a case may make. */
static const char *const names[] = { "f", "d", "l", "dl", "n", "nx" };
#define NNAMES (sizeof(names) / sizeof(names[0]))

struct snap {
	int exists;
	mode_t mode;
	off_t size;
	uid_t uid;
	nlink_t nlink;
};

static void snapshot(struct snap s[NNAMES])
{
	struct stat st;
	unsigned i;

	for (i = 0; i < NNAMES; i++) {
		memset(&s[i], 0, sizeof(s[i]));
		if (lstat(in(grid, names[i]), &st) != 0)
			continue;
		s[i].exists = 1;
		s[i].mode = st.st_mode;
		s[i].size = S_ISDIR(st.st_mode) ? 0 : st.st_size; /* a directory's size is the fs's */
		s[i].uid = st.st_uid;
		s[i].nlink = st.st_nlink;
	}
}

/* What changed between a and b, as ",+name:mode/size/uid" (made), ",-name" (gone), ",~name:...". */
static void changes(const struct snap *a, const struct snap *b, char *out, size_t size)
{
	unsigned i;

	for (i = 0; i < NNAMES; i++) {
		size_t n = strlen(out);

		if (a[i].exists == b[i].exists && a[i].mode == b[i].mode && a[i].size == b[i].size &&
		    a[i].uid == b[i].uid && a[i].nlink == b[i].nlink)
			continue;
		if (!b[i].exists)
			snprintf(out + n, size - n, ",-%s", names[i]);
		else
			snprintf(out + n, size - n, ",%c%s:%o/%ld/%u", a[i].exists ? '~' : '+',
				 names[i], (unsigned)b[i].mode, (long)b[i].size, (unsigned)b[i].uid);
	}
}

/* The grid directory as every case starts: f (mode fmode, 5 bytes), d, l -> f, dl -> nx. */
static int fixture(mode_t fmode)
{
	struct stat st;

	unlink(in(grid, "n"));
	unlink(in(grid, "nx"));
	if (lstat(in(grid, "f"), &st) != 0 || st.st_size != 5 || (st.st_mode & 07777) != fmode)
		if (write_file(in(grid, "f"), "hello", fmode) != 0)
			return -1;
	return 0;
}

static char typechar(mode_t m)
{
	return S_ISREG(m) ? 'f' : S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : '?';
}

/* Open path with flags as who; what the open and the descriptor did, into out. */
static void try_open(const char *path, int flags, int user, char *out, size_t size)
{
	struct stat st;
	char c;
	int fd, e, fl, r, w, re, we;

	if (become(user) != 0) {
		snprintf(out, size, "become:%s", errname(errno));
		return;
	}
	fd = open(path, flags, 0664);
	e = errno;
	if (fd < 0) {
		become(0);
		snprintf(out, size, "%s", errname(e));
		return;
	}
	fl = fcntl(fd, F_GETFL);
	if (fstat(fd, &st) != 0)
		st.st_mode = 0;
	r = (int)read(fd, &c, 1);
	re = errno;
	w = (int)write(fd, "", 0);
	we = errno;
	close(fd);
	become(0);
	snprintf(out, size, "ok,%o,%c,r=%s,w=%s", (unsigned)fl, typechar(st.st_mode),
		 r >= 0 ? "R" : errname(re), w >= 0 ? "W" : errname(we));
}

/* The flag sets of each line: all subsets of T C X D N, then O_NOATIME with a few. */
#define NSETS (32 + 3)

static int set_flags(int i, char *letters)
{
	static const int bit[] = { O_TRUNC, O_CREAT, O_EXCL, O_DIRECTORY, O_NOFOLLOW };
	static const char let[] = "TCXDN";
	static const int extra[] = { O_NOATIME, O_NOATIME | O_TRUNC, O_NOATIME | O_CREAT };
	int flags = 0, k, n = 0;

	if (i >= 32) {
		flags = extra[i - 32];
		letters[n++] = 'A';
		if (flags & O_TRUNC)
			letters[n++] = 'T';
		if (flags & O_CREAT)
			letters[n++] = 'C';
	} else {
		for (k = 0; k < 5; k++)
			if (i & (1 << k)) {
				flags |= bit[k];
				letters[n++] = let[k];
			}
	}
	if (n == 0)
		letters[n++] = '-';
	letters[n] = '\0';
	return flags;
}

/* One OPENCASE line: 0, or -1 if the fixture could not be set up. */
static int grid_line(int user, const struct target *t, int acc, int path)
{
	static char line[8192];
	struct snap before[NNAMES], after[NNAMES];
	char res[256], letters[8];
	int i;

	snprintf(line, sizeof(line), "OPENCASE: %s %s acc%d%s", user ? "user" : "root", t->name,
		 acc, path ? "+path" : "");
	for (i = 0; i < NSETS; i++) {
		int flags = set_flags(i, letters) | acc | (path ? O_PATH : 0);
		size_t n = strlen(line);

		if (fixture(t->fmode) != 0)
			return -1;
		snapshot(before);
		try_open(in(grid, t->path), flags, user, res, sizeof(res));
		snapshot(after);
		changes(before, after, res, sizeof(res));
		snprintf(line + n, sizeof(line) - n, " %s=%s", letters, res);
	}
	printf("%s\n", line);
	return 0;
}

/* In a child (its groups cleared for the user's turns): every line of the grid. */
static int run_grid(void)
{
	unsigned t;
	int user, acc, path;

	umask(022);
	if (setgroups(0, NULL) != 0)
		return 1;
	if (mkdir(in(grid, "d"), 0755) != 0 || symlink("f", in(grid, "l")) != 0 ||
	    symlink("nx", in(grid, "dl")) != 0)
		return 1;
	for (user = 0; user < 2; user++)
		for (t = 0; t < sizeof(targets) / sizeof(targets[0]); t++)
			for (acc = 0; acc < 4; acc++)
				for (path = 0; path < 2; path++)
					if (grid_line(user, &targets[t], acc, path) != 0)
						return 1;
	fflush(stdout);
	return 0;
}

TEST(grid_of_cases)
{
	pid_t pid;
	int st;

	SKIP_IF(geteuid() != 0, "needs root to act as another user");
	snprintf(grid, sizeof(grid), "%s/grid", top);
	CHECK(mkdir(grid, 0777) == 0 && chmod(grid, 0777) == 0);
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(run_grid());
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* ---- the holes, one by one ---- */

/* In a child, as the ordinary user: fn's exit status (0: its checks held). */
static int as_user(int (*fn)(void))
{
	return utest_as_user(fn, USER_ID);
}

/* In a child: the line of the check that failed, as its exit status. */
#define UCHECK(cond)                                                          \
	do {                                                                  \
		if (!(cond)) {                                                \
			printf("note: user/open: %s (line %d, errno %d)\n", #cond, \
			       __LINE__, errno);                              \
			fflush(stdout);                                       \
			return 1;                                             \
		}                                                             \
	} while (0)

static int accmode3_as_user(void)
{
	int fd, on = 1;
	char c;

	/* Read and write permission, both: one of them is not enough. */
	UCHECK(open(in(top, "ro"), 3) == -1 && errno == EACCES);
	UCHECK(open(in(top, "wo"), 3) == -1 && errno == EACCES);
	fd = open(in(top, "rw"), 3);
	UCHECK(fd >= 0);
	UCHECK(read(fd, &c, 1) == -1 && errno == EBADF);
	UCHECK(write(fd, "x", 1) == -1 && errno == EBADF);
	UCHECK(ftruncate(fd, 0) == -1 && errno == EINVAL);
	UCHECK(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED && errno == EACCES);
	UCHECK(ioctl(fd, FIONBIO, &on) == 0); /* what mode 3 is for */
	UCHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == 3);
	close(fd);
	return 0;
}

TEST(accmode3_asks_read_and_write_and_gives_neither)
{
	struct stat st;

	SKIP_IF(geteuid() != 0, "needs root to act as another user");
	CHECK(write_file(in(top, "ro"), "data\n", 0644) == 0);
	CHECK(write_file(in(top, "wo"), "data\n", 0622) == 0);
	CHECK(write_file(in(top, "rw"), "data\n", 0666) == 0);
	CHECK(as_user(accmode3_as_user) == 0);
	CHECK(stat(in(top, "rw"), &st) == 0 && st.st_size == 5);
}

static int opath_as_user(void)
{
	struct stat st;
	char c;
	int fd, dfd, on = 1;

	/* O_PATH|O_WRONLY|O_TRUNC of root's 0644 file: a descriptor, and no cut. */
	fd = open(in(top, "kept"), O_PATH | O_WRONLY | O_TRUNC);
	UCHECK(fd >= 0);
	UCHECK(stat(in(top, "kept"), &st) == 0 && st.st_size == 5);
	UCHECK(read(fd, &c, 1) == -1 && errno == EBADF);
	UCHECK(write(fd, "x", 1) == -1 && errno == EBADF);
	UCHECK(pread(fd, &c, 1, 0) == -1 && errno == EBADF);
	UCHECK(lseek(fd, 0, SEEK_SET) == -1 && errno == EBADF);
	UCHECK(ftruncate(fd, 0) == -1 && errno == EBADF);
	UCHECK(fchmod(fd, 0666) == -1 && errno == EBADF);
	UCHECK(fchown(fd, USER_ID, USER_ID) == -1 && errno == EBADF);
	UCHECK(fsync(fd) == -1 && errno == EBADF);
	UCHECK(ioctl(fd, FIONBIO, &on) == -1 && errno == EBADF);
	UCHECK(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED && errno == EBADF);
	UCHECK(fcntl(fd, F_SETFL, O_NONBLOCK) == -1 && errno == EBADF);
	/* What only names the file works. */
	UCHECK(fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 5);
	UCHECK(fcntl(fd, F_GETFL) == O_PATH);
	UCHECK(fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC);
	UCHECK(dup(fd) > fd);
	close(fd);
	/* O_PATH|O_CREAT creates nothing. */
	UCHECK(open(in(top, "notmade"), O_PATH | O_CREAT | O_WRONLY, 0666) == -1 &&
	       errno == ENOENT);
	UCHECK(stat(in(top, "notmade"), &st) == -1 && errno == ENOENT);
	/* O_PATH asks for no permission on the file itself: not even 0000. */
	fd = open(in(top, "none"), O_PATH);
	UCHECK(fd >= 0);
	close(fd);
	/* A directory by O_PATH: a *at directory, and fchdir, but no listing. */
	dfd = open(in(top, "pdir"), O_PATH | O_DIRECTORY);
	UCHECK(dfd >= 0);
	fd = openat(dfd, "inside", O_RDONLY);
	UCHECK(fd >= 0 && read(fd, &c, 1) == 1);
	close(fd);
	UCHECK(fchdir(dfd) == 0 && access("inside", R_OK) == 0);
	close(dfd);
	return 0;
}

TEST(opath_ignores_trunc_and_creat_and_reads_nothing)
{
	struct stat st;

	SKIP_IF(geteuid() != 0, "needs root to act as another user");
	CHECK(write_file(in(top, "kept"), "hello", 0644) == 0);
	CHECK(write_file(in(top, "none"), "hello", 0000) == 0);
	CHECK(mkdir(in(top, "pdir"), 0755) == 0);
	CHECK(write_file(in(top, "pdir/inside"), "x", 0644) == 0);
	CHECK(chmod(top, 0777) == 0);
	CHECK(as_user(opath_as_user) == 0);
	CHECK(chmod(top, 0755) == 0);
	CHECK(stat(in(top, "kept"), &st) == 0 && st.st_size == 5 && st.st_mode == (S_IFREG | 0644));
}

static int noatime_as_user(void)
{
	int fd;

	UCHECK(open(in(top, "roots"), O_RDONLY | O_NOATIME) == -1 && errno == EPERM);
	UCHECK(open(in(top, "roots"), O_RDONLY | O_NOATIME | O_PATH) >= 0); /* O_PATH ignores it */
	fd = open(in(top, "mine"), O_RDWR | O_CREAT | O_NOATIME, 0600);
	UCHECK(fd >= 0);
	close(fd);
	fd = open(in(top, "mine"), O_RDONLY | O_NOATIME);
	UCHECK(fd >= 0);
	close(fd);
	return 0;
}

TEST(noatime_needs_the_owner)
{
	int fd;

	SKIP_IF(geteuid() != 0, "needs root to act as another user");
	CHECK(write_file(in(top, "roots"), "data\n", 0644) == 0);
	CHECK(chmod(top, 0777) == 0);
	CHECK(as_user(noatime_as_user) == 0);
	CHECK(chmod(top, 0755) == 0);
	fd = open(in(top, "mine"), O_RDONLY | O_NOATIME); /* root may (CAP_FOWNER) */
	CHECK(fd >= 0);
	close(fd);
}

TEST(faccessat_has_three_arguments)
{
	char *f = in(top, "acc");

	CHECK(write_file(f, "x", 0644) == 0);
	/* Whatever the fourth register holds: libc's 3-argument call leaves anything there. */
	CHECK(syscall(SYS_faccessat, AT_FDCWD, f, R_OK, 0x7fffffffL) == 0);
	CHECK(syscall(SYS_faccessat, AT_FDCWD, f, R_OK, -1L) == 0);
	CHECK(syscall(SYS_faccessat, AT_FDCWD, f, 8, 0L) == -1 && errno == EINVAL);
#ifdef SYS_faccessat2
	/* faccessat2 has the flags, and checks them. */
	CHECK(syscall(SYS_faccessat2, AT_FDCWD, f, R_OK, 0x7fffffffL) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_faccessat2, AT_FDCWD, f, R_OK, (long)AT_EACCESS) == 0);
	CHECK(syscall(SYS_faccessat2, AT_FDCWD, in(top, "nope"), F_OK,
		      (long)AT_SYMLINK_NOFOLLOW) == -1 && errno == ENOENT);
#endif
}

int main(void)
{
	utest_suite = "open";
	if (utest_scratch_dir(top, sizeof(top)) != 0)
		return 1;
	RUN(grid_of_cases);
	RUN(accmode3_asks_read_and_write_and_gives_neither);
	RUN(opath_ignores_trunc_and_creat_and_reads_nothing);
	RUN(noatime_needs_the_owner);
	RUN(faccessat_has_three_arguments);
	return utest_failures != 0;
}
