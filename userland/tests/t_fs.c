/*
 * t_fs: the file system calls.  Every case works in a fresh directory
 * under /tmp and checks results and Linux's errors: open flags, read and
 * write in all forms, offsets shared after fork and dup, close-on-exec
 * across execve, directories and getdents64, links and symlinks, rename,
 * unlink while open, truncation and holes, attributes, the cwd, the
 * descriptor limit, file-backed mmap, and the trees the kernel mounts.
 */
#define _GNU_SOURCE /* dup3, pipe2 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

static char self[512]; /* absolute: the cases chdir */
static char topdir[64];

static int wait_status(pid_t pid)
{
	int status;

	return waitpid(pid, &status, 0) == pid ? status : -1;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

static ssize_t read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

/* Each case starts in an empty directory of its own. */
static void fresh_dir(const char *name)
{
	char path[128];

	chdir(topdir);
	snprintf(path, sizeof(path), "%s/%s", topdir, name);
	mkdir(path, 0755);
	chdir(path);
}

TEST(open_create_excl_trunc)
{
	char buf[64];
	int fd;

	fresh_dir(utest_case);
	CHECK(open("nope", O_RDONLY) == -1 && errno == ENOENT);
	fd = open("f", O_RDWR | O_CREAT | O_EXCL, 0600);
	CHECK(fd >= 0);
	CHECK(write(fd, "hello", 5) == 5);
	CHECK(close(fd) == 0);
	CHECK(open("f", O_RDWR | O_CREAT | O_EXCL, 0600) == -1 && errno == EEXIST);
	CHECK(read_file("f", buf, sizeof(buf)) == 5 && strcmp(buf, "hello") == 0);
	fd = open("f", O_WRONLY | O_TRUNC);
	CHECK(fd >= 0);
	close(fd);
	CHECK(read_file("f", buf, sizeof(buf)) == 0);
	fd = creat("g", 0644);
	CHECK(fd >= 0);
	CHECK(read(fd, buf, 1) == -1 && errno == EBADF); /* creat is write-only */
	close(fd);
	CHECK(open("f/x", O_RDONLY) == -1 && errno == ENOTDIR);
	CHECK(open("f/", O_RDONLY) == -1 && errno == ENOTDIR);
	CHECK(open("f", O_RDONLY | O_DIRECTORY) == -1 && errno == ENOTDIR);
	CHECK(open("newdir/", O_CREAT | O_RDWR, 0644) == -1 && errno == EISDIR);
	CHECK(open(".", O_RDWR) == -1 && errno == EISDIR);
	CHECK(open("", O_RDONLY) == -1 && errno == ENOENT);
	CHECK(syscall(SYS_open, 1, O_RDONLY) == -1 && errno == EFAULT);
}

TEST(umask_applies)
{
	struct stat st;
	mode_t old = umask(077);
	int fd;

	fresh_dir(utest_case);
	fd = open("f", O_CREAT | O_WRONLY, 0666);
	CHECK(fd >= 0);
	close(fd);
	CHECK(stat("f", &st) == 0 && (st.st_mode & 0777) == 0600);
	CHECK(mkdir("d", 0777) == 0 && stat("d", &st) == 0 && (st.st_mode & 0777) == 0700);
	CHECK(umask(old) == 077);
}

TEST(append_and_offsets)
{
	char buf[64];
	int fd;

	fresh_dir(utest_case);
	CHECK(write_file("f", "abc") == 0);
	fd = open("f", O_WRONLY | O_APPEND);
	CHECK(fd >= 0);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	CHECK(write(fd, "def", 3) == 3);
	CHECK(lseek(fd, 0, SEEK_CUR) == 6);
	close(fd);
	CHECK(read_file("f", buf, sizeof(buf)) == 6 && strcmp(buf, "abcdef") == 0);
	fd = open("f", O_RDONLY);
	CHECK(lseek(fd, -2, SEEK_END) == 4);
	CHECK(read(fd, buf, 10) == 2 && memcmp(buf, "ef", 2) == 0);
	CHECK(read(fd, buf, 10) == 0);
	CHECK(lseek(fd, -10, SEEK_SET) == -1 && errno == EINVAL);
	CHECK(lseek(fd, 0, 42) == -1 && errno == EINVAL);
	CHECK(pread(fd, buf, 3, 1) == 3 && memcmp(buf, "bcd", 3) == 0);
	CHECK(lseek(fd, 0, SEEK_CUR) == 6); /* pread leaves the offset */
	CHECK(pread(fd, buf, 3, -1) == -1 && errno == EINVAL);
	close(fd);
	fd = open("f", O_RDWR);
	CHECK(pwrite(fd, "XY", 2, 2) == 2);
	CHECK(pread(fd, buf, 6, 0) == 6 && memcmp(buf, "abXYef", 6) == 0);
	close(fd);
}

TEST(readv_writev)
{
	char a[4], b[8], buf[32];
	struct iovec iov[2] = { { "one ", 4 }, { "two", 3 } };
	int fd;

	fresh_dir(utest_case);
	fd = open("f", O_RDWR | O_CREAT, 0644);
	CHECK(writev(fd, iov, 2) == 7);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	iov[0] = (struct iovec){ a, 4 };
	iov[1] = (struct iovec){ b, 8 };
	CHECK(readv(fd, iov, 2) == 7);
	CHECK(memcmp(a, "one ", 4) == 0 && memcmp(b, "two", 3) == 0);
	CHECK(syscall(SYS_readv, fd, iov, -1) == -1 && errno == EINVAL);
	close(fd);
	CHECK(read_file("f", buf, sizeof(buf)) == 7);
}

/*
 * readv/writev check the whole iovec array before a byte moves, as Linux:
 * a length negative as a ssize_t or too many entries is EINVAL, an array
 * or a buffer outside user space EFAULT, a descriptor of the wrong mode
 * EBADF; nothing is written when a later entry is bad.
 */
TEST(iovec_errors)
{
	struct iovec iov[2] = { { "one ", 4 }, { "two", (size_t)-1 } };
	static struct iovec many[1025];
	struct stat st;
	char c;
	int fd, i;

	fresh_dir(utest_case);
	fd = open("f", O_RDWR | O_CREAT, 0644);
	CHECK(fd >= 0);
	CHECK(writev(fd, iov, 2) == -1 && errno == EINVAL);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 0); /* not even the first entry */
	iov[1].iov_len = (size_t)INT64_MIN;
	CHECK(writev(fd, iov, 2) == -1 && errno == EINVAL);
	CHECK(readv(fd, iov, 2) == -1 && errno == EINVAL);
	iov[1] = (struct iovec){ (void *)0xFFFF800000000000ull, 3 };
	CHECK(writev(fd, iov, 2) == -1 && errno == EFAULT);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 0);
	/* A user address with nothing mapped faults only when reached: a short write. */
	iov[1] = (struct iovec){ (void *)8, 3 };
	CHECK(writev(fd, iov, 2) == 4);
	CHECK(syscall(SYS_writev, fd, 8, 1) == -1 && errno == EFAULT);
	for (i = 0; i < 1025; i++)
		many[i] = (struct iovec){ &c, 0 };
	CHECK(writev(fd, many, 1024) == 0);
	CHECK(writev(fd, many, 1025) == -1 && errno == EINVAL);
	CHECK(readv(fd, many, 1025) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_writev, fd, many, -1) == -1 && errno == EINVAL);
	CHECK(writev(fd, many, 0) == 0);
	close(fd);
	fd = open("f", O_RDONLY);
	CHECK(fd >= 0);
	iov[0] = (struct iovec){ "x", 1 };
	CHECK(writev(fd, iov, 1) == -1 && errno == EBADF);
	CHECK(writev(fd, iov, 0) == -1 && errno == EBADF);
	close(fd);
	CHECK(writev(-1, iov, 2) == -1 && errno == EBADF);
}

/*
 * Record locks' arguments: F_GETLK with nothing in the way says F_UNLCK
 * (the rest as given), and every call checks its arguments as Linux does.
 * Releasing a lock nobody holds succeeds.  The locks themselves: t_lock.
 */
TEST(record_lock_arguments)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 10, .l_len = 5 };
	int fd, wfd;

	fresh_dir(utest_case);
	fd = open("f", O_RDWR | O_CREAT, 0644);
	CHECK(fd >= 0);
	CHECK(fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type == F_UNLCK);
	CHECK(fl.l_whence == SEEK_SET && fl.l_start == 10 && fl.l_len == 5);
	fl = (struct flock){ .l_type = F_RDLCK, .l_whence = SEEK_END, .l_start = 0, .l_len = 0 };
	CHECK(fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type == F_UNLCK);
	fl.l_type = F_UNLCK;
	CHECK(fcntl(fd, F_GETLK, &fl) == -1 && errno == EINVAL);
	fl.l_type = 7;
	CHECK(fcntl(fd, F_GETLK, &fl) == -1 && errno == EINVAL);
	CHECK(fcntl(fd, F_SETLK, &fl) == -1 && errno == EINVAL);
	fl = (struct flock){ .l_type = F_WRLCK, .l_whence = 3 };
	CHECK(fcntl(fd, F_GETLK, &fl) == -1 && errno == EINVAL);
	fl = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = -1 };
	CHECK(fcntl(fd, F_GETLK, &fl) == -1 && errno == EINVAL);
	fl = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 4, .l_len = -5 };
	CHECK(fcntl(fd, F_GETLK, &fl) == -1 && errno == EINVAL);
	fl = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 4, .l_len = -4 };
	CHECK(fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type == F_UNLCK);
	fl = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = INT64_MAX,
			     .l_len = 2 };
	CHECK(fcntl(fd, F_GETLK, &fl) == -1 && errno == EOVERFLOW);
	CHECK(fcntl(fd, F_GETLK, (void *)8) == -1 && errno == EFAULT);
	fl = (struct flock){ .l_type = F_UNLCK, .l_whence = SEEK_SET };
	CHECK(fcntl(fd, F_SETLK, &fl) == 0);
	CHECK(fcntl(fd, F_SETLKW, &fl) == 0);
	wfd = open("f", O_WRONLY);
	CHECK(wfd >= 0);
	fl.l_type = F_RDLCK;
	CHECK(fcntl(wfd, F_SETLK, &fl) == -1 && errno == EBADF);
	close(wfd);
	close(fd);
	/* An O_PATH descriptor has only the descriptor-level commands. */
	fd = open("f", O_PATH);
	CHECK(fd >= 0);
	fl = (struct flock){ .l_type = F_RDLCK, .l_whence = SEEK_SET };
	CHECK(fcntl(fd, F_GETLK, &fl) == -1 && errno == EBADF);
	CHECK(fcntl(fd, F_SETFL, O_NONBLOCK) == -1 && errno == EBADF);
	CHECK((fcntl(fd, F_GETFL) & O_PATH) && fcntl(fd, F_GETFD) == 0);
	close(fd);
}

TEST(bad_descriptors)
{
	char c;

	CHECK(read(-1, &c, 1) == -1 && errno == EBADF);
	CHECK(write(999, &c, 1) == -1 && errno == EBADF);
	CHECK(close(12345) == -1 && errno == EBADF);
	CHECK(dup(-5) == -1 && errno == EBADF);
	CHECK(dup2(1000, 5) == -1 && errno == EBADF);
	CHECK(fcntl(777, F_GETFD) == -1 && errno == EBADF);
	CHECK(syscall(SYS_fstat, 555, 0) == -1 && errno == EBADF);
	CHECK(lseek(444, 0, SEEK_SET) == -1 && errno == EBADF);
}

/* pread64/pwrite64 check the offset before the descriptor (Linux's ksys_pread64). */
TEST(pread_offset_before_fd)
{
	int closed = dup(0);
	char c = 0;

	CHECK(closed >= 0 && close(closed) == 0);
	CHECK(syscall(SYS_pread64, closed, &c, 1, (off_t)-1) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_pwrite64, closed, &c, 1, (off_t)-4096) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_pread64, closed, &c, 1, (off_t)0) == -1 && errno == EBADF);
}

/* A range past the largest offset is EINVAL, as Linux's rw_verify_area. */
TEST(rw_range_past_max_offset)
{
	const off_t near = INT64_MAX - 10;
	char buf[100];
	int fd;

	fresh_dir(utest_case);
	CHECK(write_file("f", "abc") == 0);
	fd = open("f", O_RDWR);
	CHECK(fd >= 0);
	CHECK(pread(fd, buf, sizeof(buf), near) == -1 && errno == EINVAL);
	CHECK(pwrite(fd, buf, sizeof(buf), near) == -1 && errno == EINVAL);
	CHECK(pread(fd, buf, 10, near) == 0); /* ends at the largest offset: fine */
	close(fd);
}

TEST(read_write_efault)
{
	int fd;

	fresh_dir(utest_case);
	fd = open("f", O_RDWR | O_CREAT, 0644);
	CHECK(fd >= 0);
	CHECK(syscall(SYS_write, fd, 8, 4) == -1 && errno == EFAULT);
	CHECK(write(fd, "data", 4) == 4);
	lseek(fd, 0, SEEK_SET);
	CHECK(read(fd, (void *)0xFFFF800000000000ull, 4) == -1 && errno == EFAULT);
	close(fd);
}

TEST(dup_shares_offset)
{
	char buf[8];
	int fd, fd2, fd3;

	fresh_dir(utest_case);
	CHECK(write_file("f", "0123456789") == 0);
	fd = open("f", O_RDONLY);
	fd2 = dup(fd);
	CHECK(fd2 > fd);
	CHECK(read(fd, buf, 3) == 3);
	CHECK(read(fd2, buf, 3) == 3 && memcmp(buf, "345", 3) == 0);
	fd3 = dup2(fd, 20);
	CHECK(fd3 == 20);
	CHECK(dup2(20, 20) == 20);
	CHECK(dup3(20, 20, 0) == -1 && errno == EINVAL);
	CHECK(dup3(fd, 21, O_CLOEXEC) == 21 && fcntl(21, F_GETFD) == FD_CLOEXEC);
	CHECK(fcntl(fd, F_DUPFD, 30) == 30);
	CHECK(fcntl(fd, F_DUPFD_CLOEXEC, 30) == 31 && fcntl(31, F_GETFD) == FD_CLOEXEC);
	CHECK(lseek(30, 0, SEEK_CUR) == 6);
	CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDONLY);
	CHECK(fcntl(fd, F_SETFL, O_NONBLOCK | O_APPEND) == 0);
	CHECK((fcntl(fd2, F_GETFL) & (O_NONBLOCK | O_APPEND)) == (O_NONBLOCK | O_APPEND));
	close(fd);
	close(fd2);
	close(20);
	close(21);
	close(30);
	close(31);
}

TEST(fork_shares_offset)
{
	char buf[8];
	pid_t pid;
	int fd;

	fresh_dir(utest_case);
	CHECK(write_file("f", "abcdefgh") == 0);
	fd = open("f", O_RDONLY);
	pid = fork();
	if (pid == 0)
		_exit(read(fd, buf, 4) == 4 ? 0 : 1);
	CHECK(pid > 0);
	CHECK(wait_status(pid) == 0);
	CHECK(read(fd, buf, 4) == 4 && memcmp(buf, "efgh", 4) == 0);
	close(fd);
}

TEST(cloexec_across_exec)
{
	char arg[16];
	pid_t pid;
	int keep, drop, status;

	fresh_dir(utest_case);
	keep = open("/dev/null", O_RDONLY);
	drop = open("/dev/null", O_RDONLY | O_CLOEXEC);
	CHECK(keep >= 0 && drop >= 0);
	CHECK(fcntl(drop, F_GETFD) == FD_CLOEXEC && fcntl(keep, F_GETFD) == 0);
	pid = fork();
	if (pid == 0) {
		char fds[32];

		snprintf(arg, sizeof(arg), "%d", keep);
		snprintf(fds, sizeof(fds), "%d", drop);
		execl(self, self, "--check-fds", arg, fds, (char *)NULL);
		_exit(99);
	}
	status = wait_status(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(fcntl(keep, F_SETFD, FD_CLOEXEC) == 0 && fcntl(keep, F_GETFD) == FD_CLOEXEC);
	close(keep);
	close(drop);
}

static int check_fds(char **argv)
{
	int keep = atoi(argv[2]), drop = atoi(argv[3]);

	if (fcntl(keep, F_GETFD) != 0)
		return 1;
	if (fcntl(drop, F_GETFD) != -1 || errno != EBADF)
		return 2;
	return 0;
}

TEST(directories)
{
	struct stat st;

	fresh_dir(utest_case);
	CHECK(mkdir("d", 0755) == 0);
	CHECK(mkdir("d", 0755) == -1 && errno == EEXIST);
	CHECK(mkdir("x/y", 0755) == -1 && errno == ENOENT);
	CHECK(mkdir("d/e/", 0755) == 0);
	CHECK(stat("d", &st) == 0 && S_ISDIR(st.st_mode) && st.st_nlink == 3);
	CHECK(write_file("d/e/f", "x") == 0);
	CHECK(rmdir("d/e") == -1 && errno == ENOTEMPTY);
	CHECK(rmdir("d/e/f") == -1 && errno == ENOTDIR);
	CHECK(unlink("d/e") == -1 && errno == EISDIR);
	CHECK(unlink("d/e/f") == 0);
	CHECK(rmdir("d/e/.") == -1 && errno == EINVAL);
	CHECK(rmdir("d/e") == 0);
	CHECK(stat("d", &st) == 0 && st.st_nlink == 2);
	CHECK(rmdir("d") == 0);
	CHECK(rmdir("d") == -1 && errno == ENOENT);
	CHECK(mkdirat(AT_FDCWD, "at", 0700) == 0);
	CHECK(unlinkat(AT_FDCWD, "at", 0) == -1 && errno == EISDIR);
	CHECK(unlinkat(AT_FDCWD, "at", AT_REMOVEDIR) == 0);
}

TEST(getdents_lists_entries)
{
	const char *want[] = { ".", "..", "a", "b", "sub" };
	int seen[5] = { 0 }, n = 0, i;
	struct dirent *e;
	DIR *d;

	fresh_dir(utest_case);
	CHECK(write_file("a", "") == 0 && write_file("b", "") == 0 && mkdir("sub", 0755) == 0);
	d = opendir(".");
	CHECK(d != NULL);
	while ((e = readdir(d)) != NULL) {
		n++;
		for (i = 0; i < 5; i++)
			if (strcmp(e->d_name, want[i]) == 0)
				seen[i]++;
		if (strcmp(e->d_name, "sub") == 0)
			CHECK(e->d_type == DT_DIR);
		if (strcmp(e->d_name, "a") == 0)
			CHECK(e->d_type == DT_REG);
	}
	CHECK(n == 5);
	for (i = 0; i < 5; i++)
		CHECK(seen[i] == 1);
	rewinddir(d);
	CHECK(readdir(d) != NULL);
	closedir(d);
	{
		char buf[512];
		int fd = open("a", O_RDONLY);

		CHECK(syscall(SYS_getdents64, fd, buf, sizeof(buf)) == -1 && errno == ENOTDIR);
		close(fd);
		fd = open(".", O_RDONLY | O_DIRECTORY);
		CHECK(syscall(SYS_getdents64, fd, buf, 8) == -1 && errno == EINVAL);
		close(fd);
	}
}

TEST(links_and_symlinks)
{
	char buf[64];
	struct stat st, lst;

	fresh_dir(utest_case);
	CHECK(write_file("f", "data") == 0);
	CHECK(link("f", "g") == 0);
	CHECK(stat("f", &st) == 0 && st.st_nlink == 2);
	CHECK(link("f", "g") == -1 && errno == EEXIST);
	CHECK(link("nope", "h") == -1 && errno == ENOENT);
	CHECK(mkdir("d", 0755) == 0 && link("d", "dlink") == -1 && errno == EPERM);
	CHECK(symlink("f", "s") == 0);
	CHECK(symlink("f", "s") == -1 && errno == EEXIST);
	CHECK(lstat("s", &lst) == 0 && S_ISLNK(lst.st_mode) && lst.st_size == 1);
	CHECK(stat("s", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 4);
	CHECK(readlink("s", buf, sizeof(buf)) == 1 && buf[0] == 'f');
	CHECK(readlink("f", buf, sizeof(buf)) == -1 && errno == EINVAL);
	CHECK(read_file("s", buf, sizeof(buf)) == 4 && strcmp(buf, "data") == 0);
	CHECK(symlink("d", "sd") == 0 && write_file("sd/inner", "i") == 0);
	CHECK(read_file("d/inner", buf, sizeof(buf)) == 1);
	CHECK(symlink("dangling-target", "dang") == 0);
	CHECK(stat("dang", &st) == -1 && errno == ENOENT);
	CHECK(open("s", O_RDONLY | O_NOFOLLOW) == -1 && errno == ELOOP);
	CHECK(symlink("loop2", "loop1") == 0 && symlink("loop1", "loop2") == 0);
	CHECK(open("loop1", O_RDONLY) == -1 && errno == ELOOP);
	CHECK(symlink("", "empty") == -1 && errno == ENOENT);
	CHECK(unlink("s") == 0 && stat("f", &st) == 0);
	CHECK(unlink("g") == 0 && stat("f", &st) == 0 && st.st_nlink == 1);
}

/* A chain of final links: 40 are followed (Linux's MAXSYMLINKS), the 41st is ELOOP. */
TEST(symlink_chains)
{
	char name[16], target[16];
	struct stat st;
	int i;

	fresh_dir(utest_case);
	CHECK(write_file("f", "data") == 0 && mkdir("d", 0755) == 0);
	for (i = 0; i < 41; i++) {
		snprintf(name, sizeof(name), "l%d", i);
		snprintf(target, sizeof(target), "l%d", i + 1);
		CHECK(symlink(i == 40 ? "f" : target, name) == 0);
	}
	CHECK(stat("l1", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 4);
	CHECK(stat("l0", &st) == -1 && errno == ELOOP);
	CHECK(stat("l31/", &st) == -1 && errno == ENOTDIR);
	CHECK(symlink("d", "dl2") == 0 && symlink("dl2", "dl1") == 0);
	CHECK(stat("dl1/", &st) == 0 && S_ISDIR(st.st_mode));
	CHECK(lstat("dl1/", &st) == 0 && S_ISDIR(st.st_mode));
	CHECK(write_file("dl1/inner", "i") == 0 && stat("d/inner", &st) == 0);
}

TEST(rename_cases)
{
	char buf[16];
	struct stat st;

	fresh_dir(utest_case);
	CHECK(write_file("a", "A") == 0 && write_file("b", "B") == 0);
	CHECK(rename("a", "b") == 0);
	CHECK(stat("a", &st) == -1 && errno == ENOENT);
	CHECK(read_file("b", buf, sizeof(buf)) == 1 && buf[0] == 'A');
	CHECK(rename("missing", "x") == -1 && errno == ENOENT);
	CHECK(mkdir("d", 0755) == 0 && mkdir("e", 0755) == 0);
	CHECK(rename("b", "d") == -1 && errno == EISDIR);
	CHECK(rename("d", "b") == -1 && errno == ENOTDIR);
	CHECK(rename("d", "d/sub") == -1 && errno == EINVAL);
	CHECK(write_file("e/x", "") == 0 && rename("d", "e") == -1 && errno == ENOTEMPTY);
	CHECK(unlink("e/x") == 0 && rename("d", "e") == 0);
	CHECK(stat("d", &st) == -1 && stat("e", &st) == 0 && S_ISDIR(st.st_mode));
	CHECK(mkdir("p", 0755) == 0 && rename("e", "p/moved") == 0);
	CHECK(stat("p", &st) == 0 && st.st_nlink == 3);
	CHECK(rename("b", "b") == 0);
	CHECK(renameat(AT_FDCWD, "b", AT_FDCWD, "p/b") == 0 && stat("p/b", &st) == 0);
}

TEST(unlink_while_open)
{
	struct sysinfo before, after;
	static char block[65536];
	char buf[8];
	int fd, i;

	fresh_dir(utest_case);
	fd = open("f", O_RDWR | O_CREAT, 0644);
	CHECK(fd >= 0);
	memset(block, 'z', sizeof(block));
	sysinfo(&before);
	for (i = 0; i < 16; i++)
		CHECK(write(fd, block, sizeof(block)) == (ssize_t)sizeof(block));
	CHECK(unlink("f") == 0);
	CHECK(open("f", O_RDONLY) == -1 && errno == ENOENT);
	CHECK(lseek(fd, 1000000, SEEK_SET) == 1000000);
	CHECK(read(fd, buf, 4) == 4 && memcmp(buf, "zzzz", 4) == 0);
	{
		struct stat st;

		CHECK(fstat(fd, &st) == 0 && st.st_nlink == 0 && st.st_size == 1 << 20);
	}
	close(fd);
	sysinfo(&after);
	/* The megabyte went back to the page allocator (with some slack). */
	CHECK(on_breenix() ? (long)after.freeram >= (long)before.freeram - 65536 : 1);
}

TEST(truncate_and_holes)
{
	char buf[16];
	struct stat st;
	int fd;

	fresh_dir(utest_case);
	fd = open("f", O_RDWR | O_CREAT, 0644);
	CHECK(pwrite(fd, "end", 3, 10000) == 3);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 10003);
	CHECK(pread(fd, buf, 4, 5000) == 4 && memcmp(buf, "\0\0\0\0", 4) == 0);
	CHECK(ftruncate(fd, 10001) == 0 && fstat(fd, &st) == 0 && st.st_size == 10001);
	CHECK(ftruncate(fd, 20000) == 0);
	CHECK(pread(fd, buf, 3, 10000) == 3 && memcmp(buf, "e\0\0", 3) == 0);
	CHECK(ftruncate(fd, -1) == -1 && errno == EINVAL);
	CHECK(truncate("f", 2) == 0 && stat("f", &st) == 0 && st.st_size == 2);
	CHECK(truncate("nope", 2) == -1 && errno == ENOENT);
	CHECK(truncate(".", 0) == -1 && errno == EISDIR);
	close(fd);
	fd = open("f", O_RDONLY);
	CHECK(ftruncate(fd, 0) == -1 && errno == EINVAL);
	close(fd);
}

TEST(attributes)
{
	struct timespec ts[2] = { { 1000000000, 5 }, { 1200000000, 0 } };
	struct stat st, st2;
	time_t now = time(NULL);

	fresh_dir(utest_case);
	CHECK(write_file("f", "x") == 0);
	CHECK(stat("f", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 1);
	CHECK(st.st_mtime >= now - 5 && st.st_mtime <= now + 5);
	CHECK(chmod("f", 0600) == 0 && stat("f", &st) == 0 && (st.st_mode & 07777) == 0600);
	CHECK(chmod("nope", 0600) == -1 && errno == ENOENT);
	if (geteuid() == 0)
		CHECK(chown("f", 12, 34) == 0 && stat("f", &st) == 0 && st.st_uid == 12 && st.st_gid == 34);
	else /* only root gives a file away */
		CHECK(chown("f", 12, 34) == -1 && errno == EPERM);
	CHECK(utimensat(AT_FDCWD, "f", ts, 0) == 0 && stat("f", &st) == 0);
	CHECK(st.st_atime == 1000000000 && st.st_mtime == 1200000000);
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_nsec = UTIME_NOW;
	CHECK(utimensat(AT_FDCWD, "f", ts, 0) == 0 && stat("f", &st2) == 0);
	CHECK(st2.st_atime == 1000000000 && st2.st_mtime >= now - 5);
	ts[1].tv_nsec = 2000000000;
	CHECK(utimensat(AT_FDCWD, "f", ts, 0) == -1 && errno == EINVAL);
	CHECK(access("f", R_OK | W_OK) == 0 && access("f", X_OK) == -1 && errno == EACCES);
	CHECK(access("nope", F_OK) == -1 && errno == ENOENT);
	CHECK(access("f", 0100) == -1 && errno == EINVAL);
	CHECK(faccessat(AT_FDCWD, "f", R_OK, 0) == 0);
	CHECK(fstatat(AT_FDCWD, "f", &st, 0) == 0 && st.st_size == 1);
	CHECK(syscall(SYS_newfstatat, AT_FDCWD, "f", &st, 0x10000) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_stat, 16, &st) == -1 && errno == EFAULT);
	CHECK(syscall(SYS_stat, "f", 16) == -1 && errno == EFAULT);
}

TEST(cwd_and_relative_paths)
{
	char buf[256], want[256];
	int dfd;

	fresh_dir(utest_case);
	CHECK(mkdir("a", 0755) == 0 && mkdir("a/b", 0755) == 0);
	CHECK(chdir("a/b") == 0);
	snprintf(want, sizeof(want), "%s/%s/a/b", topdir, utest_case);
	CHECK(getcwd(buf, sizeof(buf)) != NULL && strcmp(buf, want) == 0);
	CHECK(getcwd(buf, 3) == NULL && errno == ERANGE);
	CHECK(chdir("../..") == 0 && write_file("a/file", "") == 0);
	CHECK(chdir("a/file") == -1 && errno == ENOTDIR);
	CHECK(chdir("zzz") == -1 && errno == ENOENT);
	dfd = open("a", O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0);
	CHECK(openat(dfd, "file", O_RDONLY) >= 0);
	CHECK(fchdir(dfd) == 0 && access("file", F_OK) == 0);
	CHECK(chdir("/") == 0 && getcwd(buf, sizeof(buf)) != NULL && strcmp(buf, "/") == 0);
	CHECK(chdir("/..") == 0 && getcwd(buf, sizeof(buf)) != NULL && strcmp(buf, "/") == 0);
	close(dfd);
}

TEST(name_too_long)
{
	char name[300], *path = malloc(5000);

	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	CHECK(open(name, O_RDONLY | O_CREAT, 0644) == -1 && errno == ENAMETOOLONG);
	memset(path, 'p', 4999);
	path[4999] = '\0';
	CHECK(syscall(SYS_stat, path, 0) == -1 && errno == ENAMETOOLONG);
	free(path);
}

TEST(descriptor_limit)
{
	int fds[1100], n = 0, i;

	if (!on_breenix()) { /* Linux's limit may be large; make it Breenix's */
		struct rlimit rl = { 256, 256 };

		setrlimit(RLIMIT_NOFILE, &rl);
	}
	{
		struct rlimit rl;

		CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur == 256);
	}
	while (n < 1100 && (fds[n] = open("/dev/null", O_RDONLY)) >= 0)
		n++;
	CHECK(n < 256 && n > 200 && errno == EMFILE);
	for (i = 0; i < n; i++)
		close(fds[i]);
	i = open("/dev/null", O_RDONLY);
	CHECK(i >= 0);
	close(i);
}

TEST(file_mmap)
{
	char *p;
	int fd;

	fresh_dir(utest_case);
	CHECK(write_file("f", "mapped file contents") == 0);
	fd = open("f", O_RDONLY);
	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED);
	CHECK(memcmp(p, "mapped file contents", 20) == 0 && p[20] == 0 && p[4095] == 0);
	p[0] = 'M'; /* private: the file keeps its byte */
	{
		char buf[32];

		CHECK(pread(fd, buf, 1, 0) == 1 && buf[0] == 'm');
	}
	munmap(p, 8192);
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 999, 0) == MAP_FAILED && errno == EBADF);
	close(fd);
	fd = open("f", O_WRONLY);
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED && errno == EACCES);
	close(fd);
}

TEST(devices)
{
	char buf[64];
	int fd;

	fd = open("/dev/null", O_RDWR);
	CHECK(fd >= 0 && write(fd, "x", 1) == 1 && read(fd, buf, sizeof(buf)) == 0);
	close(fd);
	fd = open("/dev/zero", O_RDONLY);
	memset(buf, 1, sizeof(buf));
	CHECK(fd >= 0 && read(fd, buf, sizeof(buf)) == sizeof(buf) && buf[0] == 0 && buf[63] == 0);
	close(fd);
	fd = open("/dev/full", O_WRONLY);
	CHECK(fd >= 0 && write(fd, "x", 1) == -1 && errno == ENOSPC);
	close(fd);
	fd = open("/dev/urandom", O_RDONLY);
	{
		char a[16], b[16];

		CHECK(fd >= 0 && read(fd, a, 16) == 16 && read(fd, b, 16) == 16);
		CHECK(memcmp(a, b, 16) != 0);
	}
	close(fd);
	{
		struct stat st;

		CHECK(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == 0x103);
		CHECK(stat("/dev/random", &st) == 0 && S_ISCHR(st.st_mode));
	}
}

TEST(proc_files)
{
	char buf[512], path[64];
	int pid = getpid();

	SKIP_IF(!on_breenix() && access("/proc/self/stat", R_OK) != 0, "no /proc here");
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	CHECK(read_file(path, buf, sizeof(buf)) > 0);
	{
		char want[64];

		snprintf(want, sizeof(want), "%d (t_fs) ", pid);
		CHECK(strncmp(buf, want, strlen(want)) == 0);
	}
	CHECK(read_file("/proc/self/cmdline", buf, sizeof(buf)) > 0 && strstr(buf, "t_fs") != NULL);
	CHECK(read_file("/proc/self/status", buf, sizeof(buf)) > 0 && strncmp(buf, "Name:\tt_fs\n", 11) == 0);
	CHECK(read_file("/proc/meminfo", buf, sizeof(buf)) > 0 && strncmp(buf, "MemTotal:", 9) == 0);
	CHECK(read_file("/proc/cmdline", buf, sizeof(buf)) > 0);
	{
		double up = -1, idle = -1;

		CHECK(read_file("/proc/uptime", buf, sizeof(buf)) > 0);
		CHECK(sscanf(buf, "%lf %lf", &up, &idle) == 2 && up > 0 && idle >= 0);
	}
	snprintf(buf, sizeof(buf), "/proc/%d/stat", (int)dead_pid());
	CHECK(access(buf, F_OK) == -1 && errno == ENOENT);
	{
		DIR *d = opendir("/proc");
		struct dirent *e;
		int found = 0;

		CHECK(d != NULL);
		while ((e = readdir(d)) != NULL)
			found |= atoi(e->d_name) == pid;
		closedir(d);
		CHECK(found);
	}
}

/* /proc takes no new names: as Linux's proc_lookup, a missing name is
 * ENOENT, for root too, not EROFS or EACCES. */
TEST(proc_takes_no_new_names)
{
	SKIP_IF(!on_breenix() && access("/proc/self/stat", R_OK) != 0, "no /proc here");
	fresh_dir(utest_case);
	CHECK(write_file("f", "x") == 0);
	CHECK(open("/proc/breenix_no", O_CREAT | O_WRONLY, 0644) == -1 && errno == ENOENT);
	CHECK(open("/proc/self/breenix_no", O_CREAT | O_RDONLY, 0644) == -1 && errno == ENOENT);
	CHECK(mkdir("/proc/breenix_no", 0755) == -1 && errno == ENOENT);
	CHECK(symlink("f", "/proc/breenix_no") == -1 && errno == ENOENT);
	CHECK(link("f", "/proc/breenix_no") == -1 && errno == ENOENT);
	CHECK(mkdir("/proc/self", 0755) == -1 && errno == EEXIST);
}

TEST(mounted_trees)
{
	struct statfs sf;
	struct stat root, dev;

	SKIP_IF(!on_breenix(), "Breenix's own tree");
	CHECK(stat("/", &root) == 0 && stat("/dev", &dev) == 0 && root.st_dev != dev.st_dev);
	CHECK(access("/sbin/init", X_OK) == 0);
	CHECK(statfs("/", &sf) == 0 && sf.f_type == 0x858458f6 && sf.f_bsize == 4096);
	CHECK(statfs("/proc", &sf) == 0 && sf.f_type == 0x9fa0);
	CHECK(rmdir("/dev") == -1 && errno == EBUSY);
}

/* Remove what the cases made (also exercises getdents on a real tree). */
static int remove_tree(const char *path)
{
	struct dirent *e;
	struct stat st;
	char sub[512];
	DIR *d;

	if (lstat(path, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	d = opendir(path);
	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		remove_tree(sub);
	}
	closedir(d);
	return rmdir(path);
}

TEST(tree_removed)
{
	CHECK(chdir("/") == 0);
	CHECK(remove_tree(topdir) == 0);
	CHECK(access(topdir, F_OK) == -1 && errno == ENOENT);
}

int main(int argc, char **argv)
{
	if (argv[0][0] == '/' || getcwd(self, sizeof(self) - 256) == NULL)
		self[0] = '\0';
	else
		strcat(self, "/");
	strncat(self, argv[0], 255);
	if (argc > 3 && strcmp(argv[1], "--check-fds") == 0)
		return check_fds(argv);
	utest_suite = "fs";
	if (utest_scratch_dir(topdir, sizeof(topdir)) != 0)
		return 1;
	RUN(open_create_excl_trunc);
	RUN(umask_applies);
	RUN(append_and_offsets);
	RUN(readv_writev);
	RUN(iovec_errors);
	RUN(record_lock_arguments);
	RUN(bad_descriptors);
	RUN(pread_offset_before_fd);
	RUN(rw_range_past_max_offset);
	RUN(read_write_efault);
	RUN(dup_shares_offset);
	RUN(fork_shares_offset);
	RUN(cloexec_across_exec);
	RUN(directories);
	RUN(getdents_lists_entries);
	RUN(links_and_symlinks);
	RUN(symlink_chains);
	RUN(rename_cases);
	RUN(unlink_while_open);
	RUN(truncate_and_holes);
	RUN(attributes);
	RUN(cwd_and_relative_paths);
	RUN(name_too_long);
	RUN(descriptor_limit);
	RUN(file_mmap);
	RUN(devices);
	RUN(proc_files);
	RUN(proc_takes_no_new_names);
	RUN(mounted_trees);
	RUN(tree_removed);
	return utest_failures != 0;
}
