/*
 * sys_path.c: system calls that take path names: open, the stat family,
 * mkdir, mknod, rmdir, unlink, rename, link, symlink, readlink, chdir,
 * getcwd, truncate, umask, access, chmod, chown, utimensat, statfs.  The
 * *at forms are the real ones; the old calls pass AT_FDCWD.  This file
 * handles the arguments: it checks the flags, copies the path (and a
 * symlink's target) in, finds the directory a relative path starts from,
 * and copies results out.  The checks on the file are fs/'s, made once
 * there in Linux's order: what open may do is fs/open.c's to decide; the
 * name, existence, permission and missing-operation checks of mknod,
 * mkdir, symlink, link, unlink, rmdir, rename and readlink are
 * fs/dirops.c's.
 */
#include <fs/file.h>
#include <fs/open.h>
#include <kern/proc.h>
#include <kern/sysargs.h>
#include <kern/syscall.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>

#define AT_NO_AUTOMOUNT 0x800 /* nothing is automounted: accepted, no effect */
#define AT_FLAGS_STAT (AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT)

/* A path copied in from user space, and the directory it starts from. */
struct upath {
	char *path;
	struct vnode *start;   /* referenced */
};

static void upath_free(struct upath *u)
{
	if (u->start != NULL) {
		mutex_lock(&vfs_lock);
		vnode_put(u->start);
		mutex_unlock(&vfs_lock);
	}
	kfree(u->path);
}

/* Copy the path and find the directory dirfd names (AT_FDCWD: the cwd). */
static int upath_get(int dirfd, struct uptr upath, struct upath *u)
{
	struct file *f = NULL;
	long n;

	u->start = NULL;
	u->path = kmalloc(PATH_MAX);
	if (u->path == NULL)
		return -ENOMEM;
	n = strncpy_from_user(u->path, upath, PATH_MAX);
	if (n < 0) {
		kfree(u->path);
		return (int)n;
	}
	if (u->path[0] != '/' && dirfd != AT_FDCWD) {
		f = fd_get_any(dirfd); /* an O_PATH directory will do */
		if (f == NULL) {
			kfree(u->path);
			return -EBADF;
		}
	}
	mutex_lock(&vfs_lock);
	u->start = f != NULL ? f->f_vnode : curproc()->p_cwd;
	vnode_ref(u->start);
	mutex_unlock(&vfs_lock);
	if (f != NULL)
		file_put(f);
	return 0;
}

/* Both paths of link and rename, or neither (an error). */
static int upath_get_two(int dirfd1, struct uptr path1, struct upath *u1, int dirfd2,
			 struct uptr path2, struct upath *u2)
{
	int err = upath_get(dirfd1, path1, u1);

	if (err != 0)
		return err;
	err = upath_get(dirfd2, path2, u2);
	if (err != 0)
		upath_free(u1);
	return err;
}

/* Resolve the whole path (vfs_lock held by the caller). */
static int lookup(struct upath *u, bool follow, struct vnode **out)
{
	return vfs_resolve(u->start, u->path, follow, out);
}

/*
 * The vnode of dirfd itself, referenced: for AT_EMPTY_PATH (any descriptor,
 * O_PATH too) or for a NULL utimensat path (an open file: !any).  Called
 * without vfs_lock: the file_put may be the last.
 */
static int fd_vnode(int dirfd, bool any, struct vnode **out)
{
	struct file *f = NULL;

	if (dirfd != AT_FDCWD && (f = any ? fd_get_any(dirfd) : fd_get(dirfd)) == NULL)
		return -EBADF;
	mutex_lock(&vfs_lock);
	*out = f != NULL ? f->f_vnode : curproc()->p_cwd;
	vnode_ref(*out);
	mutex_unlock(&vfs_lock);
	if (f != NULL)
		file_put(f);
	return 0;
}

/* The path is copied in here; what the open may do, fs/open.c decides. */
static long do_open(int dirfd, struct uptr upath, uint32_t flags, uint32_t mode)
{
	struct upath u;
	struct file *f;
	int err, fd;

	err = upath_get(dirfd, upath, &u);
	if (err != 0)
		return err;
	err = vfs_open(u.start, u.path, flags, mode, &f);
	upath_free(&u);
	if (err != 0)
		return err;
	fd = fd_install(f, 0, flags & O_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

long sys_open(const struct sys_open_args *uap)
{
	return do_open(AT_FDCWD, uap->path, (uint32_t)uap->flags, uap->mode);
}

long sys_openat(const struct sys_openat_args *uap)
{
	return do_open(uap->dirfd, uap->path, (uint32_t)uap->flags, uap->mode);
}

long sys_creat(const struct sys_creat_args *uap)
{
	return do_open(AT_FDCWD, uap->path, O_CREAT | O_WRONLY | O_TRUNC, uap->mode);
}

/* stat's core: the attributes of what (dirfd, upath) names, with AT_* flags in AT_FLAGS_STAT. */
static int stat_at(int dirfd, struct uptr upath, uint64_t flags, struct stat *st)
{
	struct upath u;
	struct vnode *vn;
	int err;

	err = upath_get(dirfd, upath, &u);
	if (err != 0)
		return err;
	if (u.path[0] == '\0' && (flags & AT_EMPTY_PATH)) {
		err = fd_vnode(dirfd, true, &vn);
		mutex_lock(&vfs_lock);
	} else {
		mutex_lock(&vfs_lock);
		err = lookup(&u, !(flags & AT_SYMLINK_NOFOLLOW), &vn);
	}
	if (err == 0) {
		vnode_stat(vn, st);
		vnode_put(vn);
	}
	mutex_unlock(&vfs_lock);
	upath_free(&u);
	return err;
}

static long do_stat(int dirfd, struct uptr upath, struct uptr buf, uint64_t flags)
{
	struct stat st;
	int err;

	if (flags & ~(uint64_t)AT_FLAGS_STAT)
		return -EINVAL;
	err = stat_at(dirfd, upath, flags, &st);
	return err != 0 ? err : copy_to_user(buf, &st, sizeof(st));
}

#define AT_STATX_SYNC_TYPE 0x6000 /* FORCE_SYNC, DONT_SYNC: nothing to sync on ramfs */
#define STATX_BASIC_STATS 0x7FFu
#define STATX__RESERVED 0x80000000u

/* Linux's struct statx (256 bytes). */
struct k_statx {
	uint32_t stx_mask, stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink, stx_uid, stx_gid;
	uint16_t stx_mode, spare0;
	uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct {
		int64_t tv_sec;
		uint32_t tv_nsec;
		int32_t reserved;
	} stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	uint64_t stx_mnt_id;
	uint32_t stx_dio_mem_align, stx_dio_offset_align;
	uint64_t spare3[12];
};

_Static_assert(sizeof(struct k_statx) == 256, "Linux struct statx is 256 bytes");

static void statx_from_stat(const struct stat *st, struct k_statx *x)
{
	memset(x, 0, sizeof(*x));
	x->stx_mask = STATX_BASIC_STATS; /* all of them, whatever was asked, as Linux */
	x->stx_blksize = (uint32_t)st->st_blksize;
	x->stx_nlink = (uint32_t)st->st_nlink;
	x->stx_uid = st->st_uid;
	x->stx_gid = st->st_gid;
	x->stx_mode = (uint16_t)st->st_mode;
	x->stx_ino = st->st_ino;
	x->stx_size = (uint64_t)st->st_size;
	x->stx_blocks = (uint64_t)st->st_blocks;
	x->stx_atime.tv_sec = st->st_atim.tv_sec;
	x->stx_atime.tv_nsec = (uint32_t)st->st_atim.tv_nsec;
	x->stx_mtime.tv_sec = st->st_mtim.tv_sec;
	x->stx_mtime.tv_nsec = (uint32_t)st->st_mtim.tv_nsec;
	x->stx_ctime.tv_sec = st->st_ctim.tv_sec;
	x->stx_ctime.tv_nsec = (uint32_t)st->st_ctim.tv_nsec;
	/* Device numbers are major << 8 | minor here (st_dev, st_rdev). */
	x->stx_rdev_major = (uint32_t)(st->st_rdev >> 8);
	x->stx_rdev_minor = (uint32_t)(st->st_rdev & 0xFF);
	x->stx_dev_major = (uint32_t)(st->st_dev >> 8);
	x->stx_dev_minor = (uint32_t)(st->st_dev & 0xFF);
}

/* statx(dirfd, path, flags, mask, buf): stat's attributes in struct statx; no birth time. */
long sys_statx(const struct sys_statx_args *uap)
{
	uint64_t flags = uap->flags;
	struct k_statx x;
	struct stat st;
	int err;

	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE || (uap->mask & STATX__RESERVED) ||
	    (flags & ~(uint64_t)(AT_FLAGS_STAT | AT_STATX_SYNC_TYPE)))
		return -EINVAL;
	err = stat_at(uap->dirfd, uap->path, flags, &st);
	if (err != 0)
		return err;
	statx_from_stat(&st, &x);
	return copy_to_user(uap->statxbuf, &x, sizeof(x));
}

long sys_stat(const struct sys_stat_args *uap)
{
	return do_stat(AT_FDCWD, uap->path, uap->statbuf, 0);
}

long sys_lstat(const struct sys_lstat_args *uap)
{
	return do_stat(AT_FDCWD, uap->path, uap->statbuf, AT_SYMLINK_NOFOLLOW);
}

long sys_newfstatat(const struct sys_newfstatat_args *uap)
{
	return do_stat(uap->dirfd, uap->path, uap->statbuf, (uint64_t)uap->flags);
}

/*
 * The calls that take one path and change a name: copy the path in, find
 * where it starts, and let fs/dirops.c resolve it and check the rest.
 */
typedef int (*path_op)(struct vnode *start, const char *path, uint64_t arg);

static long with_path(int dirfd, struct uptr upath, path_op op, uint64_t arg)
{
	struct upath u;
	int err;

	err = upath_get(dirfd, upath, &u);
	if (err != 0)
		return err;
	err = op(u.start, u.path, arg);
	upath_free(&u);
	return err;
}

static int op_mkdir(struct vnode *start, const char *path, uint64_t mode)
{
	return vfs_mkdir(start, path, (uint32_t)mode);
}

long sys_mkdir(const struct sys_mkdir_args *uap)
{
	return with_path(AT_FDCWD, uap->path, op_mkdir, uap->mode);
}

long sys_mkdirat(const struct sys_mkdirat_args *uap)
{
	return with_path(uap->dirfd, uap->path, op_mkdir, uap->mode);
}

static int op_mknod(struct vnode *start, const char *path, uint64_t arg)
{
	return vfs_mknod(start, path, (uint32_t)arg, (uint32_t)(arg >> 32), NULL);
}

/*
 * mknod: the kinds of file it makes are fs/dirops.c's to say, asked before
 * the path is copied (a directory is EPERM, an unknown type EINVAL).
 */
static long do_mknod(int dirfd, struct uptr upath, uint64_t mode, uint64_t dev)
{
	int err = vfs_mknod_type((uint32_t)mode);

	if (err != 0)
		return err;
	return with_path(dirfd, upath, op_mknod, (uint32_t)mode | (uint64_t)(uint32_t)dev << 32);
}

long sys_mknod(const struct sys_mknod_args *uap)
{
	return do_mknod(AT_FDCWD, uap->path, uap->mode, uap->dev);
}

long sys_mknodat(const struct sys_mknodat_args *uap)
{
	return do_mknod(uap->dirfd, uap->path, uap->mode, uap->dev);
}

static int op_remove(struct vnode *start, const char *path, uint64_t isdir)
{
	return isdir ? vfs_rmdir(start, path) : vfs_unlink(start, path);
}

long sys_rmdir(const struct sys_rmdir_args *uap)
{
	return with_path(AT_FDCWD, uap->path, op_remove, true);
}

long sys_unlink(const struct sys_unlink_args *uap)
{
	return with_path(AT_FDCWD, uap->path, op_remove, false);
}

long sys_unlinkat(const struct sys_unlinkat_args *uap)
{
	if (uap->flags & ~AT_REMOVEDIR)
		return -EINVAL;
	return with_path(uap->dirfd, uap->path, op_remove, (uap->flags & AT_REMOVEDIR) != 0);
}

static int op_symlink(struct vnode *start, const char *path, uint64_t arg)
{
	return vfs_symlink((const char *)(uintptr_t)arg, start, path);
}

/* The target is copied first; an empty one is ENOENT before the path is looked at, as Linux. */
static long do_symlink(struct uptr utarget, int dirfd, struct uptr upath)
{
	char *target = kmalloc(PATH_MAX);
	long n;

	if (target == NULL)
		return -ENOMEM;
	n = strncpy_from_user(target, utarget, PATH_MAX);
	if (n == 0)
		n = -ENOENT;
	if (n > 0)
		n = with_path(dirfd, upath, op_symlink, (uint64_t)(uintptr_t)target);
	kfree(target);
	return n;
}

long sys_symlink(const struct sys_symlink_args *uap)
{
	return do_symlink(uap->target, AT_FDCWD, uap->linkpath);
}

long sys_symlinkat(const struct sys_symlinkat_args *uap)
{
	return do_symlink(uap->target, uap->newdirfd, uap->linkpath);
}

static long do_readlink(int dirfd, struct uptr upath, struct uptr buf, int64_t size)
{
	char *target;
	struct upath u;
	long n;

	if (size <= 0)
		return -EINVAL;
	n = upath_get(dirfd, upath, &u);
	if (n != 0)
		return n;
	n = vfs_readlink(u.start, u.path, &target);
	upath_free(&u);
	if (n > size)
		n = size;
	if (n >= 0 && copy_to_user(buf, target, (size_t)n) != 0)
		n = -EFAULT;
	kfree(target);
	return n;
}

long sys_readlink(const struct sys_readlink_args *uap)
{
	return do_readlink(AT_FDCWD, uap->path, uap->buf, uap->bufsiz);
}

long sys_readlinkat(const struct sys_readlinkat_args *uap)
{
	return do_readlink(uap->dirfd, uap->path, uap->buf, uap->bufsiz);
}

static long do_link(int olddirfd, struct uptr oldpath, int newdirfd, struct uptr newpath,
		    uint64_t flags)
{
	struct upath o, n;
	int err;

	if (flags & ~(uint64_t)AT_SYMLINK_FOLLOW)
		return -EINVAL;
	err = upath_get_two(olddirfd, oldpath, &o, newdirfd, newpath, &n);
	if (err != 0)
		return err;
	err = vfs_link(o.start, o.path, flags & AT_SYMLINK_FOLLOW, n.start, n.path);
	upath_free(&o);
	upath_free(&n);
	return err;
}

long sys_link(const struct sys_link_args *uap)
{
	return do_link(AT_FDCWD, uap->oldpath, AT_FDCWD, uap->newpath, 0);
}

long sys_linkat(const struct sys_linkat_args *uap)
{
	return do_link(uap->olddirfd, uap->oldpath, uap->newdirfd, uap->newpath,
		       (uint64_t)uap->flags);
}

static long do_rename(int olddirfd, struct uptr oldpath, int newdirfd, struct uptr newpath)
{
	struct upath o, n;
	int err;

	err = upath_get_two(olddirfd, oldpath, &o, newdirfd, newpath, &n);
	if (err != 0)
		return err;
	err = vfs_rename(o.start, o.path, n.start, n.path);
	upath_free(&o);
	upath_free(&n);
	return err;
}

long sys_rename(const struct sys_rename_args *uap)
{
	return do_rename(AT_FDCWD, uap->oldpath, AT_FDCWD, uap->newpath);
}

long sys_renameat(const struct sys_renameat_args *uap)
{
	return do_rename(uap->olddirfd, uap->oldpath, uap->newdirfd, uap->newpath);
}

long sys_renameat2(const struct sys_renameat2_args *uap)
{
	if (uap->flags != 0)
		return -EINVAL; /* RENAME_NOREPLACE and friends are not supported */
	return do_rename(uap->olddirfd, uap->oldpath, uap->newdirfd, uap->newpath);
}

/* Resolve a path (following links unless nofollow) and hand the vnode to fn. */
static long with_vnode(int dirfd, struct uptr upath, bool nofollow, bool empty_ok,
		       long (*fn)(struct vnode *vn, uint64_t arg), uint64_t arg)
{
	struct upath u;
	struct vnode *vn;
	long err;

	err = upath_get(dirfd, upath, &u);
	if (err != 0)
		return err;
	if (u.path[0] == '\0' && empty_ok) {
		err = fd_vnode(dirfd, true, &vn);
	} else {
		mutex_lock(&vfs_lock);
		err = lookup(&u, !nofollow, &vn);
		mutex_unlock(&vfs_lock);
	}
	upath_free(&u);
	if (err != 0)
		return err;
	err = fn(vn, arg);
	mutex_lock(&vfs_lock);
	vnode_put(vn);
	mutex_unlock(&vfs_lock);
	return err;
}

static long fn_chdir(struct vnode *vn, uint64_t arg)
{
	(void)arg;
	return vfs_chdir(vn);
}

long sys_chdir(const struct sys_chdir_args *uap)
{
	return with_vnode(AT_FDCWD, uap->path, false, false, fn_chdir, 0);
}

static long fn_chroot(struct vnode *vn, uint64_t arg)
{
	(void)arg;
	return vfs_chroot(vn);
}

long sys_chroot(const struct sys_chroot_args *uap)
{
	return with_vnode(AT_FDCWD, uap->path, false, false, fn_chroot, 0);
}

static long fn_truncate(struct vnode *vn, uint64_t len)
{
	return vfs_truncate(vn, (int64_t)len);
}

long sys_truncate(const struct sys_truncate_args *uap)
{
	return with_vnode(AT_FDCWD, uap->path, false, false, fn_truncate, (uint64_t)uap->length);
}

static long fn_chmod(struct vnode *vn, uint64_t mode)
{
	return vnode_chmod(vn, (uint32_t)mode);
}

long sys_chmod(const struct sys_chmod_args *uap)
{
	return with_vnode(AT_FDCWD, uap->path, false, false, fn_chmod, uap->mode);
}

long sys_fchmodat(const struct sys_fchmodat_args *uap)
{
	if (uap->flags != 0)
		return -EINVAL; /* Linux's fchmodat has no flags either */
	return with_vnode(uap->dirfd, uap->path, false, false, fn_chmod, uap->mode);
}

static long fn_chown(struct vnode *vn, uint64_t ids)
{
	return vnode_chown(vn, (uint32_t)ids, (uint32_t)(ids >> 32));
}

static uint64_t ids(uint64_t uid, uint64_t gid)
{
	return (uint32_t)uid | (uint64_t)(uint32_t)gid << 32;
}

long sys_chown(const struct sys_chown_args *uap)
{
	return with_vnode(AT_FDCWD, uap->path, false, false, fn_chown, ids(uap->owner, uap->group));
}

long sys_lchown(const struct sys_lchown_args *uap)
{
	return with_vnode(AT_FDCWD, uap->path, true, false, fn_chown, ids(uap->owner, uap->group));
}

long sys_fchownat(const struct sys_fchownat_args *uap)
{
	if (uap->flags & ~AT_FLAGS_STAT)
		return -EINVAL;
	return with_vnode(uap->dirfd, uap->path, uap->flags & AT_SYMLINK_NOFOLLOW,
			  uap->flags & AT_EMPTY_PATH, fn_chown, ids(uap->owner, uap->group));
}

#define ACCESS_EFFECTIVE 0x100 /* fn_access: judge by the effective ids (AT_EACCESS) */

static long fn_access(struct vnode *vn, uint64_t mode)
{
	return vfs_access(vn, (int)(mode & 7), mode & ACCESS_EFFECTIVE);
}

long sys_access(const struct sys_access_args *uap)
{
	if (uap->mode & ~7)
		return -EINVAL;
	return with_vnode(AT_FDCWD, uap->path, false, false, fn_access, (uint64_t)uap->mode);
}

static long do_faccessat(int dirfd, struct uptr upath, uint64_t mode, uint64_t flags)
{
	if (mode & ~(uint64_t)7 || flags & ~(uint64_t)(AT_EACCESS | AT_SYMLINK_NOFOLLOW |
						      AT_EMPTY_PATH))
		return -EINVAL;
	return with_vnode(dirfd, upath, flags & AT_SYMLINK_NOFOLLOW, flags & AT_EMPTY_PATH,
			  fn_access, mode | ((flags & AT_EACCESS) ? ACCESS_EFFECTIVE : 0));
}

/* faccessat has three arguments: what is left in a fourth register means nothing. */
long sys_faccessat(const struct sys_faccessat_args *uap)
{
	return do_faccessat(uap->dirfd, uap->path, (uint64_t)uap->mode, 0);
}

long sys_faccessat2(const struct sys_faccessat2_args *uap)
{
	return do_faccessat(uap->dirfd, uap->path, (uint64_t)uap->mode, (uint64_t)uap->flags);
}

long sys_umask(const struct sys_umask_args *uap)
{
	struct proc *p = curproc();
	uint32_t old = p->p_umask;

	p->p_umask = uap->mask & 0777;
	return old;
}

static long fn_statfs(struct vnode *vn, uint64_t buf)
{
	return vnode_statfs(vn, buf);
}

long sys_statfs(const struct sys_statfs_args *uap)
{
	return with_vnode(AT_FDCWD, uap->path, false, false, fn_statfs, uptr_addr(uap->buf));
}

static long fn_utimens(struct vnode *vn, uint64_t arg)
{
	return vnode_utimens(vn, (const struct timespec *)arg);
}

long sys_utimensat(const struct sys_utimensat_args *uap)
{
	struct timespec ts[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	int flags = uap->flags;

	if (flags & ~AT_FLAGS_STAT)
		return -EINVAL;
	if (!uptr_null(uap->times) && copy_from_user(ts, uap->times, sizeof(ts)) != 0)
		return -EFAULT;
	if (uptr_null(uap->path)) { /* Linux: a NULL path means dirfd itself (futimens) */
		struct vnode *vn;
		long err;

		err = uap->dirfd == AT_FDCWD ? -EFAULT : fd_vnode(uap->dirfd, false, &vn);
		if (err != 0)
			return err;
		err = fn_utimens(vn, (uint64_t)(uintptr_t)ts);
		mutex_lock(&vfs_lock);
		vnode_put(vn);
		mutex_unlock(&vfs_lock);
		return err;
	}
	return with_vnode(uap->dirfd, uap->path, flags & AT_SYMLINK_NOFOLLOW,
			  flags & AT_EMPTY_PATH, fn_utimens, (uint64_t)(uintptr_t)ts);
}

long sys_getcwd(const struct sys_getcwd_args *uap)
{
	char *buf = kmalloc(PATH_MAX);
	size_t pos, len;
	long err;

	if (buf == NULL)
		return -ENOMEM;
	mutex_lock(&vfs_lock);
	err = vfs_dir_path(curproc()->p_cwd, buf, PATH_MAX, &pos);
	mutex_unlock(&vfs_lock);
	len = PATH_MAX - pos;
	if (err == 0 && len > uap->size)
		err = -ERANGE;
	if (err == 0 && copy_to_user(uap->buf, buf + pos, len) != 0)
		err = -EFAULT;
	kfree(buf);
	return err != 0 ? err : (long)len;
}
