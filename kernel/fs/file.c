/*
 * file.c: open-file descriptions, descriptor tables, character devices
 * and the file ops of regular files and directories (fs/file.h).
 */
#include <fs/file.h>
#include <fs/epoll.h>
#include <fs/lock.h>
#include <fs/open.h>
#include <kern/proc.h>
#include <kern/thread.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>

static struct cdev *cdevs;

struct file *file_alloc(struct vnode *vn, const struct file_ops *ops, uint32_t flags)
{
	struct file *f = kzalloc(sizeof(*f));

	if (f == NULL)
		return NULL;
	f->f_refs = 1;
	f->f_flags = flags & ~O_CLOEXEC;
	f->f_ops = ops;
	f->f_vnode = vn;
	if (vn != NULL) {
		mutex_lock(&vfs_lock);
		vnode_ref(vn);
		mutex_unlock(&vfs_lock);
	}
	return f;
}

void file_ref(struct file *f)
{
	unsigned long fl = sched_lock();

	f->f_refs++;
	sched_unlock(fl);
}

void file_put(struct file *f)
{
	unsigned long fl = sched_lock();
	bool last = --f->f_refs == 0;

	sched_unlock(fl);
	if (!last)
		return;
	if (f->f_epoll != NULL) /* no reference is left, so no epoll_ctl can add one now */
		epoll_file_gone(f);
	lock_close_file(f);
	if (f->f_ops->fop_close != NULL)
		f->f_ops->fop_close(f);
	if (f->f_vnode != NULL) {
		mutex_lock(&vfs_lock);
		vnode_put(f->f_vnode);
		mutex_unlock(&vfs_lock);
	}
	kfree(f);
}

bool file_readable(const struct file *f)
{
	return open_fmode(f->f_flags) & FMODE_READ;
}

bool file_writable(const struct file *f)
{
	return open_fmode(f->f_flags) & FMODE_WRITE;
}

static struct fdtable *fdt(void)
{
	return curproc()->p_fd;
}

/* fd's file, referenced; NULL if none, or if it is O_PATH and !path_ok. */
static struct file *fd_lookup(int fd, bool path_ok)
{
	unsigned long fl;
	struct file *f;

	if (fd < 0 || fd >= NOFILE)
		return NULL;
	fl = sched_lock();
	f = fdt()->fd_files[fd];
	if (f != NULL && !path_ok && (open_fmode(f->f_flags) & FMODE_PATH))
		f = NULL;
	if (f != NULL)
		f->f_refs++;
	sched_unlock(fl);
	return f;
}

/*
 * An O_PATH descriptor only names a file: as Linux's fdget, every call
 * that acts on the open file itself sees EBADF, so a new call is safe by
 * default; the few that only use the name (fstat, fchdir, dup, a *at
 * call's directory...) ask for fd_get_any.
 */
struct file *fd_get(int fd)
{
	return fd_lookup(fd, false);
}

struct file *fd_get_any(int fd)
{
	return fd_lookup(fd, true);
}

int fd_limit(void)
{
	uint64_t lim = rlimit_cur(curproc(), RLIMIT_NOFILE);

	return lim < NOFILE ? (int)lim : NOFILE;
}

int fd_install(struct file *f, int min, bool cloexec)
{
	struct fdtable *t = fdt();
	int fd, limit = fd_limit();
	unsigned long fl = sched_lock();

	for (fd = min; fd < limit; fd++) {
		if (t->fd_files[fd] == NULL) {
			t->fd_files[fd] = f;
			t->fd_cloexec[fd] = cloexec;
			sched_unlock(fl);
			return fd;
		}
	}
	sched_unlock(fl);
	return -EMFILE;
}

int fd_install_at(struct file *f, int fd, bool cloexec)
{
	struct fdtable *t = fdt();
	unsigned long fl;
	struct file *old;

	if (fd < 0 || fd >= fd_limit())
		return -EBADF;
	fl = sched_lock();
	old = t->fd_files[fd];
	t->fd_files[fd] = f;
	t->fd_cloexec[fd] = cloexec;
	sched_unlock(fl);
	if (old != NULL) {
		lock_close_posix(curproc(), old);
		file_put(old);
	}
	return fd;
}

int fd_close(int fd)
{
	struct fdtable *t = fdt();
	unsigned long fl;
	struct file *f;

	if (fd < 0 || fd >= NOFILE)
		return -EBADF;
	fl = sched_lock();
	f = t->fd_files[fd];
	t->fd_files[fd] = NULL;
	sched_unlock(fl);
	if (f == NULL)
		return -EBADF;
	lock_close_posix(curproc(), f);
	file_put(f);
	return 0;
}

int fd_get_cloexec(int fd)
{
	if (fd < 0 || fd >= NOFILE || fdt()->fd_files[fd] == NULL)
		return -EBADF;
	return fdt()->fd_cloexec[fd];
}

int fd_set_cloexec(int fd, bool on)
{
	if (fd < 0 || fd >= NOFILE || fdt()->fd_files[fd] == NULL)
		return -EBADF;
	fdt()->fd_cloexec[fd] = on;
	return 0;
}

struct fdtable *fdtable_alloc(void)
{
	struct fdtable *t = kzalloc(sizeof(*t));

	if (t != NULL)
		t->fd_refs = 1;
	return t;
}

struct fdtable *fdtable_share(struct fdtable *t)
{
	unsigned long fl = sched_lock();

	t->fd_refs++;
	sched_unlock(fl);
	return t;
}

void fdtable_put(struct fdtable *t)
{
	unsigned long fl = sched_lock();
	bool last = --t->fd_refs == 0;

	sched_unlock(fl);
	if (!last)
		return;
	fdtable_close_all(t);
	kfree(t);
}

void fdtable_copy(struct fdtable *dst, const struct fdtable *src)
{
	unsigned long fl = sched_lock();
	int fd;

	for (fd = 0; fd < NOFILE; fd++) {
		dst->fd_files[fd] = src->fd_files[fd];
		dst->fd_cloexec[fd] = src->fd_cloexec[fd];
		if (dst->fd_files[fd] != NULL)
			dst->fd_files[fd]->f_refs++;
	}
	sched_unlock(fl);
}

static void fdtable_close_if(struct fdtable *t, bool only_cloexec)
{
	int fd;

	for (fd = 0; fd < NOFILE; fd++) {
		unsigned long fl = sched_lock();
		struct file *f = t->fd_files[fd];

		if (f != NULL && (!only_cloexec || t->fd_cloexec[fd]))
			t->fd_files[fd] = NULL;
		else
			f = NULL;
		sched_unlock(fl);
		if (f == NULL)
			continue;
		if (only_cloexec) /* exec, by the process itself; exit drops them all first */
			lock_close_posix(curproc(), f);
		file_put(f);
	}
}

void fdtable_exec(struct fdtable *t)
{
	fdtable_close_if(t, true);
}

void fdtable_close_all(struct fdtable *t)
{
	fdtable_close_if(t, false);
}

void cdev_register(struct cdev *cd)
{
	cd->cd_next = cdevs;
	cdevs = cd;
}

struct cdev *cdev_find(uint32_t rdev, bool block)
{
	struct cdev *cd;

	for (cd = cdevs; cd != NULL; cd = cd->cd_next)
		if (cd->cd_rdev == rdev && cd->cd_block == block)
			return cd;
	return NULL;
}

struct cdev *cdev_list(void)
{
	return cdevs;
}

/* Regular files and directories. */

static long vnode_file_read(struct file *f, struct uio *u, uint64_t *pos)
{
	struct vnode *vn = f->f_vnode;
	long n;

	if (S_ISDIR(vn->v_mode))
		return -EISDIR;
	mutex_lock(&vfs_lock);
	n = VOP_READ(vn, u, *pos);
	if (n > 0) {
		*pos += (uint64_t)n;
		if (!(f->f_flags & O_NOATIME))
			vnode_touch(vn, VN_ATIME);
	}
	mutex_unlock(&vfs_lock);
	return n;
}

static long vnode_file_write(struct file *f, struct uio *u, uint64_t *pos)
{
	struct vnode *vn = f->f_vnode;
	long n;

	if (!VOP_HAS(vn, vop_write))
		return -EINVAL;
	mutex_lock(&vfs_lock);
	if (f->f_flags & O_APPEND)
		*pos = vn->v_size;
	n = S_ISREG(vn->v_mode) ? rlimit_fsize_write(*pos, &u->len) : 0;
	if (n == 0)
		n = VOP_WRITE(vn, u, *pos);
	if (n > 0)
		*pos += (uint64_t)n;
	mutex_unlock(&vfs_lock);
	return n;
}

static unsigned vnode_file_poll(struct file *f)
{
	(void)f;
	return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
}

const struct file_ops vnode_file_ops = {
	.fop_read = vnode_file_read,
	.fop_write = vnode_file_write,
	.fop_poll = vnode_file_poll,
	.fop_seekable = true,
	.fop_always_ready = true,
};
