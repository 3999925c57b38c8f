/*
 * sys_file.c: system calls on open descriptors: read and write in their
 * forms, lseek, close, the dup family, fcntl, ioctl, pipes, fstat,
 * getdents64, ftruncate, fsync, fchmod, fchown, fstatfs.  Names are
 * handled in sys_path.c; poll and select in sys_poll.c.
 */
#include <fs/file.h>
#include <fs/lock.h>
#include <fs/open.h>
#include <fs/pipe.h>
#include <kern/proc.h>
#include <kern/sysargs.h>
#include <kern/syscall.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>

#define IOV_MAX 1024
#define FIOCLEX 0x5451
#define FIONCLEX 0x5450

static long do_rw(struct file *f, uaddr_t buf, size_t len, uint64_t *pos, bool write)
{
	struct uio u = { .ubuf = buf, .len = len, .user = true };

	if (write ? !file_writable(f) : !file_readable(f))
		return -EBADF;
	if (!user_range_ok(buf, len))
		return -EFAULT;
	if ((long)len < 0)
		return -EINVAL;
	/* Linux's rw_verify_area: a range that would end past the largest offset (pos and
	 * len are both below 2^63 here, so the sum does not wrap). */
	if (f->f_ops->fop_seekable && (int64_t)(*pos + len) < 0)
		return -EINVAL;
	return write ? f->f_ops->fop_write(f, &u, pos) : f->f_ops->fop_read(f, &u, pos);
}

static long rw(const struct sysargs *a, bool write)
{
	struct file *f = fd_get((int)a->arg[0]);
	long n;

	if (f == NULL)
		return -EBADF;
	n = do_rw(f, a->arg[1], a->arg[2], &f->f_pos, write);
	file_put(f);
	return n;
}

long sys_read(const struct sysargs *a)
{
	return rw(a, false);
}

long sys_write(const struct sysargs *a)
{
	return rw(a, true);
}

/* As Linux's ksys_pread64: a negative offset is EINVAL before the descriptor is looked at. */
static long prw(const struct sysargs *a, bool write)
{
	struct file *f;
	uint64_t pos = a->arg[3];
	long n;

	if ((int64_t)pos < 0)
		return -EINVAL;
	if ((f = fd_get((int)a->arg[0])) == NULL)
		return -EBADF;
	if (!f->f_ops->fop_seekable)
		n = -ESPIPE;
	else
		n = do_rw(f, a->arg[1], a->arg[2], &pos, write);
	file_put(f);
	return n;
}

long sys_pread64(const struct sysargs *a)
{
	return prw(a, false);
}

long sys_pwrite64(const struct sysargs *a)
{
	return prw(a, true);
}

/*
 * The iovec array of readv/writev, copied once and checked before a byte
 * moves, as Linux's import_iovec: more than IOV_MAX entries, or a length
 * negative as a ssize_t, is EINVAL; an array or a buffer outside user
 * space is EFAULT.  Every buffer then lies in the user half, so the total
 * cannot overflow.  *out: NULL for no entries, else kfree it.
 */
static int iov_import(uaddr_t uiov, uint64_t cnt, struct iovec **out)
{
	struct iovec *iov;
	uint64_t i;
	int err = 0;

	*out = NULL;
	if (cnt == 0)
		return 0;
	if (cnt > IOV_MAX)
		return -EINVAL;
	iov = kmalloc(cnt * sizeof(*iov));
	if (iov == NULL)
		return -ENOMEM;
	if (copy_from_user(iov, uiov, cnt * sizeof(*iov)) != 0)
		err = -EFAULT;
	for (i = 0; i < cnt && err == 0; i++)
		if ((int64_t)iov[i].iov_len < 0)
			err = -EINVAL;
	for (i = 0; i < cnt && err == 0; i++)
		if (!user_range_ok(iov[i].iov_base, iov[i].iov_len))
			err = -EFAULT;
	if (err != 0) {
		kfree(iov);
		return err;
	}
	*out = iov;
	return 0;
}

static long rwv(const struct sysargs *a, bool write)
{
	struct file *f = fd_get((int)a->arg[0]);
	uint64_t i, cnt = a->arg[2];
	struct iovec *iov;
	long total = 0, err;

	if (f == NULL)
		return -EBADF;
	err = iov_import(a->arg[1], cnt, &iov);
	if (err == 0 && (write ? !file_writable(f) : !file_readable(f)))
		err = -EBADF;
	for (i = 0; i < cnt && err == 0; i++) {
		long n;

		if (iov[i].iov_len == 0)
			continue;
		n = do_rw(f, iov[i].iov_base, iov[i].iov_len, &f->f_pos, write);
		if (n < 0) {
			err = n;
			break;
		}
		total += n;
		if ((uint64_t)n < iov[i].iov_len)
			break; /* a short transfer ends the call */
	}
	kfree(iov);
	file_put(f);
	return total > 0 ? total : err;
}

long sys_readv(const struct sysargs *a)
{
	return rwv(a, false);
}

long sys_writev(const struct sysargs *a)
{
	return rwv(a, true);
}

long sys_lseek(const struct sysargs *a)
{
	struct file *f = fd_get((int)a->arg[0]);
	int64_t off = (int64_t)a->arg[1], base;
	long ret;

	if (f == NULL)
		return -EBADF;
	if (!f->f_ops->fop_seekable) {
		ret = -ESPIPE;
		goto out;
	}
	if (f->f_ops->fop_llseek != NULL) {
		ret = f->f_ops->fop_llseek(f, off, (int)a->arg[2]);
		if (ret >= 0)
			f->f_pos = (uint64_t)ret;
		goto out;
	}
	switch (a->arg[2]) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = (int64_t)f->f_pos; break;
	case SEEK_END: base = f->f_vnode != NULL ? (int64_t)f->f_vnode->v_size : 0; break;
	default: ret = -EINVAL; goto out;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0) {
		ret = -EINVAL;
		goto out;
	}
	f->f_pos = (uint64_t)(base + off);
	ret = (long)f->f_pos;
out:
	file_put(f);
	return ret;
}

long sys_close(const struct sysargs *a)
{
	return fd_close((int)a->arg[0]);
}

long sys_dup(const struct sysargs *a)
{
	struct file *f = fd_get_any((int)a->arg[0]);
	int fd;

	if (f == NULL)
		return -EBADF;
	fd = fd_install(f, 0, false);
	if (fd < 0)
		file_put(f);
	return fd;
}

static long dup_to(int oldfd, int newfd, bool cloexec)
{
	struct file *f = fd_get_any(oldfd);

	if (f == NULL)
		return -EBADF;
	if (newfd < 0 || newfd >= fd_limit()) {
		file_put(f);
		return -EBADF;
	}
	return fd_install_at(f, newfd, cloexec);
}

long sys_dup2(const struct sysargs *a)
{
	int oldfd = (int)a->arg[0], newfd = (int)a->arg[1];

	if (oldfd == newfd) {
		struct file *f = fd_get_any(oldfd);

		if (f == NULL)
			return -EBADF;
		file_put(f);
		return newfd;
	}
	return dup_to(oldfd, newfd, false);
}

long sys_dup3(const struct sysargs *a)
{
	if (a->arg[2] & ~(uint64_t)O_CLOEXEC || a->arg[0] == a->arg[1])
		return -EINVAL;
	return dup_to((int)a->arg[0], (int)a->arg[1], a->arg[2] & O_CLOEXEC);
}

/*
 * The range of a record lock, checked as Linux's flock_to_posix_lock:
 * whence SEEK_SET, SEEK_CUR or SEEK_END, a start at or after 0 (EINVAL),
 * an end that fits an off_t (EOVERFLOW), a type F_RDLCK, F_WRLCK or
 * F_UNLCK (EINVAL).  The start, from the file's start, goes to *startp.
 */
static int lock_check(const struct file *f, const struct flock *fl, int64_t *startp)
{
	int64_t base, start;

	switch (fl->l_whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = (int64_t)f->f_pos; break;
	case SEEK_END: base = f->f_vnode != NULL ? (int64_t)f->f_vnode->v_size : 0; break;
	default: return -EINVAL;
	}
	if (__builtin_add_overflow(base, fl->l_start, &start))
		return -EOVERFLOW;
	if (start < 0)
		return -EINVAL;
	if (fl->l_len > 0 && fl->l_len - 1 > INT64_MAX - start)
		return -EOVERFLOW;
	if (fl->l_len < 0 && start + fl->l_len < 0)
		return -EINVAL;
	if (fl->l_type != F_RDLCK && fl->l_type != F_WRLCK && fl->l_type != F_UNLCK)
		return -EINVAL;
	*startp = start;
	return 0;
}

/*
 * F_GETLK, F_SETLK, F_SETLKW: the arguments are checked here, as Linux:
 * EFAULT, EINVAL, EOVERFLOW, and EBADF for a lock the descriptor's mode
 * does not allow (a read lock needs reading, a write lock writing); the
 * locks themselves are fs/lock.c's.
 */
static long fcntl_lock(struct file *f, unsigned cmd, uaddr_t arg)
{
	struct flock fl;
	int64_t start;
	int err;

	if (copy_from_user(&fl, arg, sizeof(fl)) != 0)
		return -EFAULT;
	if (cmd == F_GETLK && fl.l_type != F_RDLCK && fl.l_type != F_WRLCK)
		return -EINVAL;
	if ((err = lock_check(f, &fl, &start)) != 0)
		return err;
	if (cmd == F_GETLK) {
		lock_posix(f, F_GETLK, &fl, start);
		return copy_to_user(arg, &fl, sizeof(fl));
	}
	if ((fl.l_type == F_RDLCK && !file_readable(f)) ||
	    (fl.l_type == F_WRLCK && !file_writable(f)))
		return -EBADF;
	return lock_posix(f, (int)cmd, &fl, start);
}

/* flock(2): the operation is checked before the descriptor, as Linux. */
long sys_flock(const struct sysargs *a)
{
	int op = (int)a->arg[1];
	struct file *f;
	long ret;

	if (op & 32) /* LOCK_MAND: never worked; Linux 5.19+ ignores it */
		return 0;
	switch (op & ~4 /* LOCK_NB */) {
	case 1: case 2: case 8: break; /* LOCK_SH, LOCK_EX, LOCK_UN */
	default: return -EINVAL;
	}
	if ((f = fd_get((int)a->arg[0])) == NULL)
		return -EBADF;
	ret = lock_flock(f, op);
	file_put(f);
	return ret;
}

/* What fcntl may do on an O_PATH descriptor (Linux's check_fcntl_cmd); the rest is EBADF. */
static bool fcntl_path_ok(uint64_t cmd)
{
	return cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC || cmd == F_GETFD || cmd == F_SETFD ||
	       cmd == F_GETFL;
}

long sys_fcntl(const struct sysargs *a)
{
	int fd = (int)a->arg[0];
	struct file *f = fd_get_any(fd);
	long ret = 0;

	if (f == NULL)
		return -EBADF;
	if ((open_fmode(f->f_flags) & FMODE_PATH) && !fcntl_path_ok(a->arg[1])) {
		file_put(f);
		return -EBADF;
	}
	switch (a->arg[1]) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (a->arg[2] >= (uint64_t)fd_limit()) {
			ret = -EINVAL;
			break;
		}
		ret = fd_install(f, (int)a->arg[2], a->arg[1] == F_DUPFD_CLOEXEC);
		if (ret >= 0)
			return ret; /* the table has our reference now */
		break;
	case F_GETFD:
		ret = fd_get_cloexec(fd) > 0 ? FD_CLOEXEC : 0;
		break;
	case F_SETFD:
		ret = fd_set_cloexec(fd, a->arg[2] & FD_CLOEXEC);
		break;
	case F_GETFL:
		ret = f->f_flags;
		break;
	case F_SETFL:
		f->f_flags = (f->f_flags & ~(uint32_t)(O_APPEND | O_NONBLOCK)) |
			     (a->arg[2] & (O_APPEND | O_NONBLOCK));
		break;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
		ret = fcntl_lock(f, (unsigned)a->arg[1], a->arg[2]);
		break;
	default:
		ret = -EINVAL;
	}
	file_put(f);
	return ret;
}

long sys_ioctl(const struct sysargs *a)
{
	struct file *f = fd_get((int)a->arg[0]);
	long ret;
	int on;

	if (f == NULL)
		return -EBADF;
	switch (a->arg[1]) {
	case FIOCLEX:
	case FIONCLEX:
		ret = fd_set_cloexec((int)a->arg[0], a->arg[1] == FIOCLEX);
		break;
	case FIONBIO:
		ret = copy_from_user(&on, a->arg[2], sizeof(on));
		if (ret == 0)
			f->f_flags = on ? f->f_flags | O_NONBLOCK : f->f_flags & ~(uint32_t)O_NONBLOCK;
		break;
	default:
		ret = f->f_ops->fop_ioctl != NULL ? f->f_ops->fop_ioctl(f, a->arg[1], a->arg[2]) :
						    -ENOTTY;
	}
	file_put(f);
	return ret;
}

long sys_pipe2(const struct sysargs *a)
{
	struct file *rd, *wr;
	int fds[2], err;
	bool cloexec = a->arg[1] & O_CLOEXEC;

	if (a->arg[1] & ~(uint64_t)(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	err = pipe_create((uint32_t)a->arg[1], &rd, &wr);
	if (err != 0)
		return err;
	fds[0] = fd_install(rd, 0, cloexec);
	if (fds[0] < 0) {
		file_put(rd);
		file_put(wr);
		return fds[0];
	}
	fds[1] = fd_install(wr, 0, cloexec);
	if (fds[1] < 0) {
		fd_close(fds[0]);
		file_put(wr);
		return fds[1];
	}
	if (copy_to_user(a->arg[0], fds, sizeof(fds)) != 0) {
		fd_close(fds[0]);
		fd_close(fds[1]);
		return -EFAULT;
	}
	return 0;
}

long sys_pipe(const struct sysargs *a)
{
	struct sysargs b = { .arg = { a->arg[0], 0 }, .tf = a->tf };

	return sys_pipe2(&b);
}

long sys_fstat(const struct sysargs *a)
{
	struct file *f = fd_get_any((int)a->arg[0]);
	struct stat st;

	if (f == NULL)
		return -EBADF;
	mutex_lock(&vfs_lock);
	vnode_stat(f->f_vnode, &st);
	mutex_unlock(&vfs_lock);
	file_put(f);
	return copy_to_user(a->arg[1], &st, sizeof(st));
}

/* One linux_dirent64 record for e at off in buf: its length, or 0 if it does not fit. */
static size_t dirent_put(char *buf, size_t off, size_t size, const struct vdirent *e,
			 uint64_t next)
{
	size_t reclen = (offsetof(struct linux_dirent64, d_name) + e->d_namelen + 1 + 7) & ~7ul;
	struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);

	if (reclen > size - off)
		return 0;
	memset(d, 0, reclen);
	d->d_ino = e->d_ino;
	d->d_off = (int64_t)next;
	d->d_reclen = (uint16_t)reclen;
	d->d_type = e->d_type;
	memcpy(d->d_name, e->d_name, e->d_namelen);
	return reclen;
}

long sys_getdents64(const struct sysargs *a)
{
	struct file *f = fd_get((int)a->arg[0]);
	size_t size = a->arg[2] < 65536 ? a->arg[2] : 65536, off = 0, n;
	struct vdirent e;
	struct vnode *vn;
	char *buf = NULL;
	bool nofit = false;
	long ret;

	if (f == NULL)
		return -EBADF;
	vn = f->f_vnode;
	if (vn == NULL || !S_ISDIR(vn->v_mode) || (f->f_flags & O_PATH)) {
		ret = vn != NULL && S_ISDIR(vn->v_mode) ? -EBADF : -ENOTDIR;
		goto out;
	}
	buf = kmalloc(size > 0 ? size : 1);
	if (buf == NULL) {
		ret = -ENOMEM;
		goto out;
	}
	mutex_lock(&vfs_lock);
	for (;;) {
		uint64_t cookie = f->f_pos;

		if (VOP_READDIR(vn, &cookie, &e) != 0)
			break;
		n = dirent_put(buf, off, size, &e, cookie);
		if (n == 0) {
			nofit = off == 0;
			break;
		}
		off += n;
		f->f_pos = cookie;
	}
	vnode_touch(vn, VN_ATIME);
	mutex_unlock(&vfs_lock);
	if (nofit)
		ret = -EINVAL; /* the buffer cannot hold even one entry */
	else
		ret = copy_to_user(a->arg[1], buf, off) != 0 ? -EFAULT : (long)off;
out:
	kfree(buf);
	file_put(f);
	return ret;
}

long sys_ftruncate(const struct sysargs *a)
{
	struct file *f = fd_get((int)a->arg[0]);
	long ret;

	if (f == NULL)
		return -EBADF;
	ret = !file_writable(f) ? -EINVAL : vnode_truncate(f->f_vnode, (int64_t)a->arg[1]);
	file_put(f);
	return ret;
}

/*
 * fsync/fdatasync.  As Linux, a file with nothing that could be synced
 * (pipe, FIFO, socket, eventfd, epoll: no fsync file operation there) is
 * EINVAL; everything else goes to its file system.
 */
static long do_fsync(int fd, bool datasync)
{
	struct file *f = fd_get(fd);
	struct vnode *vn;
	long ret;

	if (f == NULL)
		return -EBADF;
	vn = f->f_vnode;
	/* No mount: an anonymous vnode (pipe, socket, eventfd, epoll); a FIFO's bytes are its pipe's. */
	if (vn == NULL || vn->v_mount == NULL || S_ISFIFO(vn->v_mode) ||
	    (vn->v_mode & S_IFMT) == S_IFSOCK)
		ret = -EINVAL;
	else
		ret = vfs_fsync(vn, datasync);
	file_put(f);
	return ret;
}

long sys_fsync(const struct sysargs *a)
{
	return do_fsync((int)a->arg[0], false);
}

long sys_fdatasync(const struct sysargs *a)
{
	return do_fsync((int)a->arg[0], true);
}

long sys_fchmod(const struct sysargs *a)
{
	struct file *f = fd_get((int)a->arg[0]);
	long ret;

	if (f == NULL)
		return -EBADF;
	ret = vnode_chmod(f->f_vnode, (uint32_t)a->arg[1]);
	file_put(f);
	return ret;
}

long sys_fchown(const struct sysargs *a)
{
	struct file *f = fd_get((int)a->arg[0]);
	long ret;

	if (f == NULL)
		return -EBADF;
	ret = vnode_chown(f->f_vnode, (uint32_t)a->arg[1], (uint32_t)a->arg[2]);
	file_put(f);
	return ret;
}

long sys_fchdir(const struct sysargs *a)
{
	struct file *f = fd_get_any((int)a->arg[0]);
	long ret;

	if (f == NULL)
		return -EBADF;
	ret = vfs_chdir(f->f_vnode);
	file_put(f);
	return ret;
}

long sys_fstatfs(const struct sysargs *a)
{
	struct file *f = fd_get_any((int)a->arg[0]);
	long ret;

	if (f == NULL)
		return -EBADF;
	ret = vnode_statfs(f->f_vnode, a->arg[1]);
	file_put(f);
	return ret;
}
