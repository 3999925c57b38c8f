/* File and descriptor system calls. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <unistd.h>
#include <utime.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/time.h>
#include <sys/uio.h>
#include "breenix_syscall.h"

/* read, write and their vector forms are thread cancellation points. */
ssize_t read(int fd, void *buf, size_t n)
{ return CANCEL_SYSCALL(__syscall3(SYS_read, fd, buf, n)); }
ssize_t write(int fd, const void *buf, size_t n)
{ return CANCEL_SYSCALL(__syscall3(SYS_write, fd, buf, n)); }
ssize_t readv(int fd, const struct iovec *iov, int n)
{ return CANCEL_SYSCALL(__syscall3(SYS_readv, fd, iov, n)); }
ssize_t writev(int fd, const struct iovec *iov, int n)
{ return CANCEL_SYSCALL(__syscall3(SYS_writev, fd, iov, n)); }
int close(int fd) { return SYSCALL1(SYS_close, fd); }
off_t lseek(int fd, off_t off, int whence) { return SYSCALL3(SYS_lseek, fd, off, whence); }

/* The mode argument of open() and openat() is only there with O_CREAT. */
static mode_t
create_mode(int flags, va_list ap)
{
	return (flags & O_CREAT) ? va_arg(ap, mode_t) : 0;
}

int
open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = create_mode(flags, ap);
	va_end(ap);
	return SYSCALL3(SYS_open, path, flags, mode);
}

int
openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = create_mode(flags, ap);
	va_end(ap);
	return SYSCALL4(SYS_openat, dirfd, path, flags, mode);
}

int
fcntl(int fd, int cmd, ...)
{
	va_list ap;
	long arg;

	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	return SYSCALL3(SYS_fcntl, fd, cmd, arg);
}

int
ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	long arg;

	va_start(ap, req);
	arg = va_arg(ap, long);
	va_end(ap);
	return SYSCALL3(SYS_ioctl, fd, req, arg);
}

int dup(int fd) { return SYSCALL1(SYS_dup, fd); }
int dup2(int fd, int to) { return SYSCALL2(SYS_dup2, fd, to); }
int dup3(int fd, int to, int flags) { return SYSCALL3(SYS_dup3, fd, to, flags); }
int pipe(int fds[2]) { return SYSCALL1(SYS_pipe, fds); }
int pipe2(int fds[2], int flags) { return SYSCALL2(SYS_pipe2, fds, flags); }
/* Whole-file locks (<sys/file.h>), apart from fcntl's record locks. */
int flock(int fd, int op) { return SYSCALL2(SYS_flock, fd, op); }
int fsync(int fd) { return SYSCALL1(SYS_fsync, fd); }
int fdatasync(int fd) { return SYSCALL1(SYS_fdatasync, fd); }
int truncate(const char *path, off_t len) { return SYSCALL2(SYS_truncate, path, len); }
int ftruncate(int fd, off_t len) { return SYSCALL2(SYS_ftruncate, fd, len); }

int stat(const char *path, struct stat *st) { return SYSCALL2(SYS_stat, path, st); }
int lstat(const char *path, struct stat *st) { return SYSCALL2(SYS_lstat, path, st); }
int fstat(int fd, struct stat *st) { return SYSCALL2(SYS_fstat, fd, st); }
int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{ return SYSCALL4(SYS_newfstatat, dirfd, path, st, flags); }
int statfs(const char *path, struct statfs *buf) { return SYSCALL2(SYS_statfs, path, buf); }
int fstatfs(int fd, struct statfs *buf) { return SYSCALL2(SYS_fstatfs, fd, buf); }

int access(const char *path, int mode) { return SYSCALL2(SYS_access, path, mode); }
int faccessat(int dirfd, const char *path, int mode, int flags)
{ return SYSCALL4(SYS_faccessat, dirfd, path, mode, flags); }
int mkdir(const char *path, mode_t mode) { return SYSCALL2(SYS_mkdir, path, mode); }
int mkdirat(int dirfd, const char *path, mode_t mode)
{ return SYSCALL3(SYS_mkdirat, dirfd, path, mode); }
int mknod(const char *path, mode_t mode, dev_t dev) { return SYSCALL3(SYS_mknod, path, mode, dev); }
int mkfifo(const char *path, mode_t mode) { return mknod(path, mode | S_IFIFO, 0); }
int rmdir(const char *path) { return SYSCALL1(SYS_rmdir, path); }
int unlink(const char *path) { return SYSCALL1(SYS_unlink, path); }
int unlinkat(int dirfd, const char *path, int flags)
{ return SYSCALL3(SYS_unlinkat, dirfd, path, flags); }
/* newlib's rename() calls this through _rename_r (HAVE_RENAME). */
int _rename(const char *from, const char *to) { return SYSCALL2(SYS_rename, from, to); }
int renameat(int fd1, const char *from, int fd2, const char *to)
{ return SYSCALL4(SYS_renameat, fd1, from, fd2, to); }
int link(const char *from, const char *to) { return SYSCALL2(SYS_link, from, to); }
int linkat(int fd1, const char *from, int fd2, const char *to, int flags)
{ return SYSCALL5(SYS_linkat, fd1, from, fd2, to, flags); }
int symlink(const char *target, const char *path) { return SYSCALL2(SYS_symlink, target, path); }
int symlinkat(const char *target, int dirfd, const char *path)
{ return SYSCALL3(SYS_symlinkat, target, dirfd, path); }
ssize_t readlink(const char *path, char *buf, size_t n) { return SYSCALL3(SYS_readlink, path, buf, n); }
ssize_t readlinkat(int dirfd, const char *path, char *buf, size_t n)
{ return SYSCALL4(SYS_readlinkat, dirfd, path, buf, n); }
int chdir(const char *path) { return SYSCALL1(SYS_chdir, path); }
int fchdir(int fd) { return SYSCALL1(SYS_fchdir, fd); }
mode_t umask(mode_t mask) { return (mode_t)__syscall1(SYS_umask, mask); }
int chmod(const char *path, mode_t mode) { return SYSCALL2(SYS_chmod, path, mode); }
int fchmod(int fd, mode_t mode) { return SYSCALL2(SYS_fchmod, fd, mode); }
int fchmodat(int dirfd, const char *path, mode_t mode, int flags)
{ (void)flags; return SYSCALL3(SYS_fchmodat, dirfd, path, mode); }
int chown(const char *path, uid_t u, gid_t g) { return SYSCALL3(SYS_chown, path, u, g); }
int lchown(const char *path, uid_t u, gid_t g) { return SYSCALL3(SYS_lchown, path, u, g); }
int fchown(int fd, uid_t u, gid_t g) { return SYSCALL3(SYS_fchown, fd, u, g); }
int fchownat(int dirfd, const char *path, uid_t u, gid_t g, int flags)
{ return SYSCALL5(SYS_fchownat, dirfd, path, u, g, flags); }
int utimensat(int dirfd, const char *path, const struct timespec ts[2], int flags)
{ return SYSCALL4(SYS_utimensat, dirfd, path, ts, flags); }
int futimens(int fd, const struct timespec ts[2]) { return SYSCALL4(SYS_utimensat, fd, 0, ts, 0); }

int
utimes(const char *path, const struct timeval tv[2])
{
	struct timespec ts[2];

	if (tv == NULL)
		return utimensat(AT_FDCWD, path, NULL, 0);
	ts[0].tv_sec = tv[0].tv_sec;
	ts[0].tv_nsec = tv[0].tv_usec * 1000;
	ts[1].tv_sec = tv[1].tv_sec;
	ts[1].tv_nsec = tv[1].tv_usec * 1000;
	return utimensat(AT_FDCWD, path, ts, 0);
}

int
utime(const char *path, const struct utimbuf *t)
{
	struct timespec ts[2];

	if (t == NULL)
		return utimensat(AT_FDCWD, path, NULL, 0);
	ts[0].tv_sec = t->actime;
	ts[0].tv_nsec = 0;
	ts[1].tv_sec = t->modtime;
	ts[1].tv_nsec = 0;
	return utimensat(AT_FDCWD, path, ts, 0);
}

void sync(void) { __syscall0(SYS_sync); }

/* Breenix has no fadvise64: advice may be ignored, so posix_fadvise checks
 * its arguments as Linux does (EBADF, ESPIPE for a pipe, EINVAL) and then
 * ignores the advice.  The result is the error number, as POSIX says. */
int
posix_fadvise(int fd, off_t off, off_t len, int advice)
{
	struct stat st;

	(void)off;
	if (fstat(fd, &st) != 0)
		return errno;
	if (S_ISFIFO(st.st_mode))
		return ESPIPE;
	if (advice < POSIX_FADV_NORMAL || advice > POSIX_FADV_NOREUSE || len < 0)
		return EINVAL;
	return 0;
}
