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

static long rw(int fd, struct uptr buf, size_t count, bool write)
{
	struct file *f = fd_get(fd);
	long n;

	if (f == NULL)
		return -EBADF;
	n = do_rw(f, uptr_addr(buf), count, &f->f_pos, write);
	file_put(f);
	return n;
}

long sys_read(const struct sys_read_args *uap)
{
	return rw(uap->fd, uap->buf, uap->count, false);
}

long sys_write(const struct sys_write_args *uap)
{
	return rw(uap->fd, uap->buf, uap->count, true);
}

/* As Linux's ksys_pread64: a negative offset is EINVAL before the descriptor is looked at. */
static long prw(int fd, struct uptr buf, size_t count, int64_t off, bool write)
{
	struct file *f;
	uint64_t pos = (uint64_t)off;
	long n;

	if (off < 0)
		return -EINVAL;
	if ((f = fd_get(fd)) == NULL)
		return -EBADF;
	if (!f->f_ops->fop_seekable)
		n = -ESPIPE;
	else
		n = do_rw(f, uptr_addr(buf), count, &pos, write);
	file_put(f);
	return n;
}

long sys_pread64(const struct sys_pread64_args *uap)
{
	return prw(uap->fd, uap->buf, uap->count, uap->pos, false);
}

long sys_pwrite64(const struct sys_pwrite64_args *uap)
{
	return prw(uap->fd, uap->buf, uap->count, uap->pos, true);
}

/*
 * The iovec array of readv/writev, copied once and checked before a byte
 * moves, as Linux's import_iovec: more than IOV_MAX entries, or a length
 * negative as a ssize_t, is EINVAL; an array or a buffer outside user
 * space is EFAULT.  Every buffer then lies in the user half, so the total
 * cannot overflow.  *out: NULL for no entries, else kfree it.
 */
static int iov_import(struct uptr uiov, uint64_t cnt, struct iovec **out)
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

static long rwv(int fd, struct uptr uiov, uint64_t cnt, bool write)
{
	struct file *f = fd_get(fd);
	uint64_t i;
	struct iovec *iov;
	long total = 0, err;

	if (f == NULL)
		return -EBADF;
	err = iov_import(uiov, cnt, &iov);
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

long sys_readv(const struct sys_readv_args *uap)
{
	return rwv(uap->fd, uap->iov, uap->iovcnt, false);
}

long sys_writev(const struct sys_writev_args *uap)
{
	return rwv(uap->fd, uap->iov, uap->iovcnt, true);
}

long sys_lseek(const struct sys_lseek_args *uap)
{
	struct file *f = fd_get(uap->fd);
	int64_t off = uap->offset, base;
	long ret;

	if (f == NULL)
		return -EBADF;
	if (!f->f_ops->fop_seekable) {
		ret = -ESPIPE;
		goto out;
	}
	if (f->f_ops->fop_llseek != NULL) {
		ret = f->f_ops->fop_llseek(f, off, (int)uap->whence);
		if (ret >= 0)
			f->f_pos = (uint64_t)ret;
		goto out;
	}
	switch (uap->whence) {
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

long sys_close(const struct sys_close_args *uap)
{
	return fd_close(uap->fd);
}

long sys_dup(const struct sys_dup_args *uap)
{
	struct file *f = fd_get_any(uap->oldfd);
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

long sys_dup2(const struct sys_dup2_args *uap)
{
	int oldfd = uap->oldfd, newfd = uap->newfd;

	if (oldfd == newfd) {
		struct file *f = fd_get_any(oldfd);

		if (f == NULL)
			return -EBADF;
		file_put(f);
		return newfd;
	}
	return dup_to(oldfd, newfd, false);
}

long sys_dup3(const struct sys_dup3_args *uap)
{
	if ((uap->flags & ~O_CLOEXEC) || uap->oldfd == uap->newfd)
		return -EINVAL;
	return dup_to(uap->oldfd, uap->newfd, uap->flags & O_CLOEXEC);
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
long sys_flock(const struct sys_flock_args *uap)
{
	int op = uap->operation;
	struct file *f;
	long ret;

	if (op & 32) /* LOCK_MAND: never worked; Linux 5.19+ ignores it */
		return 0;
	switch (op & ~4 /* LOCK_NB */) {
	case 1: case 2: case 8: break; /* LOCK_SH, LOCK_EX, LOCK_UN */
	default: return -EINVAL;
	}
	if ((f = fd_get(uap->fd)) == NULL)
		return -EBADF;
	ret = lock_flock(f, op);
	file_put(f);
	return ret;
}

/* What fcntl may do on an O_PATH descriptor (Linux's check_fcntl_cmd); the rest is EBADF. */
static bool fcntl_path_ok(unsigned int cmd)
{
	return cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC || cmd == F_GETFD || cmd == F_SETFD ||
	       cmd == F_GETFL;
}

long sys_fcntl(const struct sys_fcntl_args *uap)
{
	int fd = uap->fd;
	unsigned long arg = uap->arg; /* a value or a user address, by command */
	struct file *f = fd_get_any(fd);
	long ret = 0;

	if (f == NULL)
		return -EBADF;
	if ((open_fmode(f->f_flags) & FMODE_PATH) && !fcntl_path_ok(uap->cmd)) {
		file_put(f);
		return -EBADF;
	}
	switch (uap->cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= (unsigned long)fd_limit()) {
			ret = -EINVAL;
			break;
		}
		ret = fd_install(f, (int)arg, uap->cmd == F_DUPFD_CLOEXEC);
		if (ret >= 0)
			return ret; /* the table has our reference now */
		break;
	case F_GETFD:
		ret = fd_get_cloexec(fd) > 0 ? FD_CLOEXEC : 0;
		break;
	case F_SETFD:
		ret = fd_set_cloexec(fd, arg & FD_CLOEXEC);
		break;
	case F_GETFL:
		ret = f->f_flags;
		break;
	case F_SETFL:
		f->f_flags = (f->f_flags & ~(uint32_t)(O_APPEND | O_NONBLOCK)) |
			     (arg & (O_APPEND | O_NONBLOCK));
		break;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
		ret = fcntl_lock(f, uap->cmd, arg);
		break;
	default:
		ret = -EINVAL;
	}
	file_put(f);
	return ret;
}

long sys_ioctl(const struct sys_ioctl_args *uap)
{
	struct file *f = fd_get(uap->fd);
	long ret;
	int on;

	if (f == NULL)
		return -EBADF;
	switch (uap->cmd) {
	case FIOCLEX:
	case FIONCLEX:
		ret = fd_set_cloexec(uap->fd, uap->cmd == FIOCLEX);
		break;
	case FIONBIO:
		ret = copy_from_user(&on, (uaddr_t)uap->arg, sizeof(on));
		if (ret == 0)
			f->f_flags = on ? f->f_flags | O_NONBLOCK : f->f_flags & ~(uint32_t)O_NONBLOCK;
		break;
	default:
		ret = f->f_ops->fop_ioctl != NULL ? f->f_ops->fop_ioctl(f, uap->cmd, uap->arg) :
						    -ENOTTY;
	}
	file_put(f);
	return ret;
}

static long do_pipe(struct uptr pipefd, int flags)
{
	struct file *rd, *wr;
	int fds[2], err;
	bool cloexec = flags & O_CLOEXEC;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	err = pipe_create((uint32_t)flags, &rd, &wr);
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
	if (copy_to_user(pipefd, fds, sizeof(fds)) != 0) {
		fd_close(fds[0]);
		fd_close(fds[1]);
		return -EFAULT;
	}
	return 0;
}

long sys_pipe2(const struct sys_pipe2_args *uap)
{
	return do_pipe(uap->pipefd, uap->flags);
}

long sys_pipe(const struct sys_pipe_args *uap)
{
	return do_pipe(uap->pipefd, 0);
}

long sys_fstat(const struct sys_fstat_args *uap)
{
	struct file *f = fd_get_any(uap->fd);
	struct stat st;

	if (f == NULL)
		return -EBADF;
	mutex_lock(&vfs_lock);
	vnode_stat(f->f_vnode, &st);
	mutex_unlock(&vfs_lock);
	file_put(f);
	return copy_to_user(uap->statbuf, &st, sizeof(st));
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

long sys_getdents64(const struct sys_getdents64_args *uap)
{
	struct file *f = fd_get(uap->fd);
	size_t size = uap->count < 65536 ? uap->count : 65536, off = 0, n;
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
		ret = copy_to_user(uap->dirp, buf, off) != 0 ? -EFAULT : (long)off;
out:
	kfree(buf);
	file_put(f);
	return ret;
}

long sys_ftruncate(const struct sys_ftruncate_args *uap)
{
	struct file *f = fd_get(uap->fd);
	long ret;

	if (f == NULL)
		return -EBADF;
	ret = !file_writable(f) ? -EINVAL : vnode_truncate(f->f_vnode, uap->length);
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

long sys_fsync(const struct sys_fsync_args *uap)
{
	return do_fsync(uap->fd, false);
}

long sys_fdatasync(const struct sys_fdatasync_args *uap)
{
	return do_fsync(uap->fd, true);
}

long sys_fchmod(const struct sys_fchmod_args *uap)
{
	struct file *f = fd_get(uap->fd);
	long ret;

	if (f == NULL)
		return -EBADF;
	ret = vnode_chmod(f->f_vnode, uap->mode);
	file_put(f);
	return ret;
}

long sys_fchown(const struct sys_fchown_args *uap)
{
	struct file *f = fd_get(uap->fd);
	long ret;

	if (f == NULL)
		return -EBADF;
	ret = vnode_chown(f->f_vnode, uap->owner, uap->group);
	file_put(f);
	return ret;
}

long sys_fchdir(const struct sys_fchdir_args *uap)
{
	struct file *f = fd_get_any(uap->fd);
	long ret;

	if (f == NULL)
		return -EBADF;
	ret = vfs_chdir(f->f_vnode);
	file_put(f);
	return ret;
}

long sys_fstatfs(const struct sys_fstatfs_args *uap)
{
	struct file *f = fd_get_any(uap->fd);
	long ret;

	if (f == NULL)
		return -EBADF;
	ret = vnode_statfs(f->f_vnode, uptr_addr(uap->buf));
	file_put(f);
	return ret;
}
