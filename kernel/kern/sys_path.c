/*
 * sys_path.c: system calls that take path names: open, the stat family,
 * mkdir, mknod, rmdir, unlink, rename, link, symlink, readlink, chdir,
 * getcwd, truncate, umask, access, chmod, chown, utimensat, statfs.  The
 * *at forms are the real ones; the old calls pass AT_FDCWD.  Each resolves
 * its path with vfs_lock held (fs/namei.c) and gives Linux's errors.  What
 * open may do is fs/open.c's to decide; a new name in a directory is
 * checked by vfs_name_free and vnode_may_create (fs/vfs.c).
 */
#include <fs/file.h>
#include <fs/open.h>
#include <kern/proc.h>
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
static int upath_get(int dirfd, uaddr_t upath, struct upath *u)
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
static int upath_get_two(int dirfd1, uaddr_t path1, struct upath *u1, int dirfd2, uaddr_t path2,
			 struct upath *u2)
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
static long do_open(int dirfd, uaddr_t upath, uint32_t flags, uint32_t mode)
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

long sys_open(const struct sysargs *a)
{
	return do_open(AT_FDCWD, a->arg[0], (uint32_t)a->arg[1], (uint32_t)a->arg[2]);
}

long sys_openat(const struct sysargs *a)
{
	return do_open((int)a->arg[0], a->arg[1], (uint32_t)a->arg[2], (uint32_t)a->arg[3]);
}

long sys_creat(const struct sysargs *a)
{
	return do_open(AT_FDCWD, a->arg[0], O_CREAT | O_WRONLY | O_TRUNC, (uint32_t)a->arg[1]);
}

/* stat's core: the attributes of what (dirfd, upath) names, with AT_* flags in AT_FLAGS_STAT. */
static int stat_at(int dirfd, uaddr_t upath, uint64_t flags, struct stat *st)
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

static long do_stat(int dirfd, uaddr_t upath, uaddr_t buf, uint64_t flags)
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
long sys_statx(const struct sysargs *a)
{
	uint64_t flags = a->arg[2];
	struct k_statx x;
	struct stat st;
	int err;

	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE || (a->arg[3] & STATX__RESERVED) ||
	    (flags & ~(uint64_t)(AT_FLAGS_STAT | AT_STATX_SYNC_TYPE)))
		return -EINVAL;
	err = stat_at((int)a->arg[0], a->arg[1], flags, &st);
	if (err != 0)
		return err;
	statx_from_stat(&st, &x);
	return copy_to_user(a->arg[4], &x, sizeof(x));
}

long sys_stat(const struct sysargs *a)
{
	return do_stat(AT_FDCWD, a->arg[0], a->arg[1], 0);
}

long sys_lstat(const struct sysargs *a)
{
	return do_stat(AT_FDCWD, a->arg[0], a->arg[1], AT_SYMLINK_NOFOLLOW);
}

long sys_newfstatat(const struct sysargs *a)
{
	return do_stat((int)a->arg[0], a->arg[1], a->arg[2], a->arg[3]);
}

/*
 * The common shape of the name-changing calls: resolve the parent of the
 * last component, then act on (dir, name), all under vfs_lock.
 */
typedef int (*name_op)(struct vnode *dir, const char *name, bool trailing, uint64_t arg);

static long with_parent(int dirfd, uaddr_t upath, name_op op, uint64_t arg)
{
	char name[NAME_MAX + 1];
	struct upath u;
	struct vnode *dir;
	bool trailing;
	int err;

	err = upath_get(dirfd, upath, &u);
	if (err != 0)
		return err;
	mutex_lock(&vfs_lock);
	err = vfs_resolve_parent(u.start, u.path, &dir, name, &trailing);
	if (err == 0) {
		err = op(dir, name, trailing, arg);
		vnode_put(dir);
	}
	mutex_unlock(&vfs_lock);
	upath_free(&u);
	return err;
}

static bool dot_or_dotdot(const char *name)
{
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

/* A new name in dir, made by the one create (fs/vfs.c) that open(O_CREAT) uses too. */
static int make_node(struct vnode *dir, const char *name, bool trailing, uint32_t mode,
		     uint32_t rdev)
{
	struct vnode *vn;
	int err = vfs_name_free(dir, name, trailing, S_ISDIR(mode));

	/* Linux's vfs_mknod: device nodes need root, after the directory's own errors. */
	if (err == 0 && (S_ISCHR(mode) || S_ISBLK(mode)) && (err = vnode_may_create(dir)) == 0 &&
	    !cred_root(cred_cur()))
		err = -EPERM;
	if (err == 0)
		err = vfs_create(dir, name, mode, rdev, &vn);
	if (err == 0)
		vnode_put(vn);
	return err;
}

static int op_mkdir(struct vnode *dir, const char *name, bool trailing, uint64_t mode)
{
	return make_node(dir, name, trailing, S_IFDIR | (mode & 07777 & ~curproc()->p_umask), 0);
}

long sys_mkdir(const struct sysargs *a)
{
	return with_parent(AT_FDCWD, a->arg[0], op_mkdir, a->arg[1]);
}

long sys_mkdirat(const struct sysargs *a)
{
	return with_parent((int)a->arg[0], a->arg[1], op_mkdir, a->arg[2]);
}

/*
 * mknod: a regular file (type 0 or S_IFREG), a fifo or a socket for
 * anyone who may create the name; a device node for root only.  Linux's
 * may_mknod: a directory is EPERM (mkdir makes those), another type EINVAL.
 * (A fifo or socket node exists, but opening it gives ENXIO: docs/vfs.md.)
 */
static int op_mknod(struct vnode *dir, const char *name, bool trailing, uint64_t arg)
{
	uint32_t mode = (uint32_t)arg, rdev = (uint32_t)(arg >> 32);

	mode = (mode & S_IFMT ? mode & S_IFMT : S_IFREG) | (mode & 07777 & ~curproc()->p_umask);
	return make_node(dir, name, trailing, mode, S_ISCHR(mode) || S_ISBLK(mode) ? rdev : 0);
}

static long do_mknod(int dirfd, uaddr_t upath, uint64_t mode, uint64_t dev)
{
	switch (mode & S_IFMT) {
	case 0:
	case S_IFREG:
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		break;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
	return with_parent(dirfd, upath, op_mknod, (uint32_t)mode | (uint64_t)(uint32_t)dev << 32);
}

long sys_mknod(const struct sysargs *a)
{
	return do_mknod(AT_FDCWD, a->arg[0], a->arg[1], a->arg[2]);
}

long sys_mknodat(const struct sysargs *a)
{
	return do_mknod((int)a->arg[0], a->arg[1], a->arg[2], a->arg[3]);
}

static bool busy(struct vnode *vn)
{
	return vn->v_mounted != NULL || (vn->v_mount != NULL && vn == vn->v_mount->m_root);
}

/* rmdir (isdir) and unlink: Linux's errors for each, then the file system's unlink. */
static int op_remove(struct vnode *dir, const char *name, bool trailing, uint64_t isdir)
{
	struct vnode *vn;
	int err;

	if (name[0] == '\0')
		return isdir ? -EBUSY : -EISDIR;
	if (dot_or_dotdot(name))
		return !isdir ? -EISDIR : strcmp(name, ".") == 0 ? -EINVAL : -ENOTEMPTY;
	err = vfs_lookup_name(dir, name, &vn);
	if (err != 0)
		return err;
	err = vnode_may_delete(dir, vn);
	if (err != 0)
		goto out;
	if (isdir && !S_ISDIR(vn->v_mode))
		err = -ENOTDIR;
	else if (!isdir && S_ISDIR(vn->v_mode))
		err = -EISDIR;
	else if (!isdir && trailing)
		err = -ENOTDIR;
	else if (isdir && busy(vn))
		err = -EBUSY;
	else if (!VOP_HAS(dir, vop_unlink))
		err = -EROFS;
	else
		err = VOP_UNLINK(dir, name, isdir);
out:
	vnode_put(vn);
	return err;
}

long sys_rmdir(const struct sysargs *a)
{
	return with_parent(AT_FDCWD, a->arg[0], op_remove, true);
}

long sys_unlink(const struct sysargs *a)
{
	return with_parent(AT_FDCWD, a->arg[0], op_remove, false);
}

long sys_unlinkat(const struct sysargs *a)
{
	if (a->arg[2] & ~(uint64_t)AT_REMOVEDIR)
		return -EINVAL;
	return with_parent((int)a->arg[0], a->arg[1], op_remove, a->arg[2] & AT_REMOVEDIR);
}

struct symlink_args {
	const char *target;
};

static int op_symlink(struct vnode *dir, const char *name, bool trailing, uint64_t arg)
{
	const char *target = (const char *)arg;
	int err = vfs_name_free(dir, name, trailing, false);

	if (err == 0)
		err = vnode_may_create(dir);
	if (err == 0 && !VOP_HAS(dir, vop_symlink))
		err = -EROFS;
	return err != 0 ? err : VOP_SYMLINK(dir, name, target);
}

static long do_symlink(uaddr_t utarget, int dirfd, uaddr_t upath)
{
	char *target = kmalloc(PATH_MAX);
	long n;

	if (target == NULL)
		return -ENOMEM;
	n = strncpy_from_user(target, utarget, PATH_MAX);
	if (n == 0)
		n = -ENOENT;
	if (n > 0)
		n = with_parent(dirfd, upath, op_symlink, (uint64_t)(uintptr_t)target);
	kfree(target);
	return n;
}

long sys_symlink(const struct sysargs *a)
{
	return do_symlink(a->arg[0], AT_FDCWD, a->arg[1]);
}

long sys_symlinkat(const struct sysargs *a)
{
	return do_symlink(a->arg[0], (int)a->arg[1], a->arg[2]);
}

static long do_readlink(int dirfd, uaddr_t upath, uaddr_t buf, int64_t size)
{
	char *target = NULL;
	struct upath u;
	struct vnode *vn;
	long n = 0;
	int err;

	if (size <= 0)
		return -EINVAL;
	err = upath_get(dirfd, upath, &u);
	if (err != 0)
		return err;
	mutex_lock(&vfs_lock);
	err = lookup(&u, false, &vn);
	if (err == 0) {
		target = kmalloc(PATH_MAX);
		if (!S_ISLNK(vn->v_mode) || !VOP_HAS(vn, vop_readlink))
			err = -EINVAL;
		else if (target == NULL)
			err = -ENOMEM;
		else
			n = VOP_READLINK(vn, target, PATH_MAX);
		vnode_put(vn);
	}
	mutex_unlock(&vfs_lock);
	upath_free(&u);
	if (err == 0) {
		if (n > size)
			n = size;
		if (n >= 0 && copy_to_user(buf, target, (size_t)n) != 0)
			n = -EFAULT;
	}
	kfree(target);
	return err != 0 ? err : n;
}

long sys_readlink(const struct sysargs *a)
{
	return do_readlink(AT_FDCWD, a->arg[0], a->arg[1], (int64_t)a->arg[2]);
}

long sys_readlinkat(const struct sysargs *a)
{
	return do_readlink((int)a->arg[0], a->arg[1], a->arg[2], (int64_t)a->arg[3]);
}

static long do_link(int olddirfd, uaddr_t oldpath, int newdirfd, uaddr_t newpath, uint64_t flags)
{
	char name[NAME_MAX + 1];
	struct upath o, n;
	struct vnode *vn = NULL, *dir = NULL;
	bool trailing;
	int err;

	if (flags & ~(uint64_t)AT_SYMLINK_FOLLOW)
		return -EINVAL;
	err = upath_get_two(olddirfd, oldpath, &o, newdirfd, newpath, &n);
	if (err != 0)
		return err;
	mutex_lock(&vfs_lock);
	err = lookup(&o, flags & AT_SYMLINK_FOLLOW, &vn);
	if (err == 0)
		err = vfs_resolve_parent(n.start, n.path, &dir, name, &trailing);
	/* Linux's order: the new name, the same mount, may_create, then what vfs_link refuses. */
	if (err == 0)
		err = vfs_name_free(dir, name, trailing, false);
	if (err == 0 && vn->v_mount != dir->v_mount)
		err = -EXDEV;
	if (err == 0)
		err = vnode_may_create(dir);
	if (err == 0 && (!VOP_HAS(dir, vop_link) || S_ISDIR(vn->v_mode)))
		err = -EPERM;
	if (err == 0)
		err = VOP_LINK(dir, name, vn);
	vnode_put(vn);
	vnode_put(dir);
	mutex_unlock(&vfs_lock);
	upath_free(&o);
	upath_free(&n);
	return err;
}

long sys_link(const struct sysargs *a)
{
	return do_link(AT_FDCWD, a->arg[0], AT_FDCWD, a->arg[1], 0);
}

long sys_linkat(const struct sysargs *a)
{
	return do_link((int)a->arg[0], a->arg[1], (int)a->arg[2], a->arg[3], a->arg[4]);
}

/*
 * Permission to move vn out of odir into ndir (over target, if any): as
 * deleting from odir, and deleting target from or creating in ndir; a
 * directory that changes parent needs write permission on itself (its "..").
 */
static int rename_access(struct vnode *odir, struct vnode *vn, struct vnode *ndir,
			 struct vnode *target)
{
	int err = vnode_may_delete(odir, vn);

	if (err == 0)
		err = target != NULL ? vnode_may_delete(ndir, target) :
				       vnode_may_create(ndir);
	if (err == 0 && S_ISDIR(vn->v_mode) && odir != ndir)
		err = vnode_access(vn, MAY_WRITE);
	return err;
}

static int rename_check(struct vnode *odir, const char *oname, bool otrail, struct vnode *ndir,
			const char *nname, bool ntrail)
{
	struct vnode *vn, *target = NULL;
	int err;

	if (oname[0] == '\0' || nname[0] == '\0')
		return -EBUSY;
	if (dot_or_dotdot(oname) || dot_or_dotdot(nname))
		return -EINVAL;
	err = vfs_lookup_name(odir, oname, &vn);
	if (err != 0)
		return err;
	if (vfs_lookup_name(ndir, nname, &target) != 0)
		target = NULL;
	if ((otrail || ntrail) && !S_ISDIR(vn->v_mode))
		err = -ENOTDIR;
	else if (odir->v_mount != ndir->v_mount)
		err = -EXDEV;
	else if (busy(vn) || (target != NULL && busy(target)))
		err = -EBUSY;
	else if (!VOP_HAS(odir, vop_rename))
		err = -EPERM;
	else
		err = rename_access(odir, vn, ndir, target);
	vnode_put(vn);
	vnode_put(target);
	return err;
}

static long do_rename(int olddirfd, uaddr_t oldpath, int newdirfd, uaddr_t newpath)
{
	char oname[NAME_MAX + 1], nname[NAME_MAX + 1];
	struct vnode *odir = NULL, *ndir = NULL;
	struct upath o, n;
	bool otrail, ntrail;
	int err;

	err = upath_get_two(olddirfd, oldpath, &o, newdirfd, newpath, &n);
	if (err != 0)
		return err;
	mutex_lock(&vfs_lock);
	err = vfs_resolve_parent(o.start, o.path, &odir, oname, &otrail);
	if (err == 0)
		err = vfs_resolve_parent(n.start, n.path, &ndir, nname, &ntrail);
	if (err == 0)
		err = rename_check(odir, oname, otrail, ndir, nname, ntrail);
	if (err == 0)
		err = VOP_RENAME(odir, oname, ndir, nname);
	vnode_put(odir);
	vnode_put(ndir);
	mutex_unlock(&vfs_lock);
	upath_free(&o);
	upath_free(&n);
	return err;
}

long sys_rename(const struct sysargs *a)
{
	return do_rename(AT_FDCWD, a->arg[0], AT_FDCWD, a->arg[1]);
}

long sys_renameat(const struct sysargs *a)
{
	return do_rename((int)a->arg[0], a->arg[1], (int)a->arg[2], a->arg[3]);
}

long sys_renameat2(const struct sysargs *a)
{
	if (a->arg[4] != 0)
		return -EINVAL; /* RENAME_NOREPLACE and friends are not supported */
	return do_rename((int)a->arg[0], a->arg[1], (int)a->arg[2], a->arg[3]);
}

/* Resolve a path (following links unless nofollow) and hand the vnode to fn. */
static long with_vnode(int dirfd, uaddr_t upath, bool nofollow, bool empty_ok,
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

long sys_chdir(const struct sysargs *a)
{
	return with_vnode(AT_FDCWD, a->arg[0], false, false, fn_chdir, 0);
}

static long fn_chroot(struct vnode *vn, uint64_t arg)
{
	(void)arg;
	return vfs_chroot(vn);
}

long sys_chroot(const struct sysargs *a)
{
	return with_vnode(AT_FDCWD, a->arg[0], false, false, fn_chroot, 0);
}

static long fn_truncate(struct vnode *vn, uint64_t len)
{
	int err = S_ISDIR(vn->v_mode) ? 0 : vnode_access(vn, MAY_WRITE);

	return err != 0 ? err : vnode_truncate(vn, (int64_t)len);
}

long sys_truncate(const struct sysargs *a)
{
	return with_vnode(AT_FDCWD, a->arg[0], false, false, fn_truncate, a->arg[1]);
}

static long fn_chmod(struct vnode *vn, uint64_t mode)
{
	return vnode_chmod(vn, (uint32_t)mode);
}

long sys_chmod(const struct sysargs *a)
{
	return with_vnode(AT_FDCWD, a->arg[0], false, false, fn_chmod, a->arg[1]);
}

long sys_fchmodat(const struct sysargs *a)
{
	if (a->arg[3] != 0)
		return -EINVAL; /* Linux's fchmodat has no flags either */
	return with_vnode((int)a->arg[0], a->arg[1], false, false, fn_chmod, a->arg[2]);
}

static long fn_chown(struct vnode *vn, uint64_t ids)
{
	return vnode_chown(vn, (uint32_t)ids, (uint32_t)(ids >> 32));
}

static uint64_t ids(uint64_t uid, uint64_t gid)
{
	return (uint32_t)uid | (uint64_t)(uint32_t)gid << 32;
}

long sys_chown(const struct sysargs *a)
{
	return with_vnode(AT_FDCWD, a->arg[0], false, false, fn_chown, ids(a->arg[1], a->arg[2]));
}

long sys_lchown(const struct sysargs *a)
{
	return with_vnode(AT_FDCWD, a->arg[0], true, false, fn_chown, ids(a->arg[1], a->arg[2]));
}

long sys_fchownat(const struct sysargs *a)
{
	if (a->arg[4] & ~(uint64_t)AT_FLAGS_STAT)
		return -EINVAL;
	return with_vnode((int)a->arg[0], a->arg[1], a->arg[4] & AT_SYMLINK_NOFOLLOW,
			  a->arg[4] & AT_EMPTY_PATH, fn_chown, ids(a->arg[2], a->arg[3]));
}

#define ACCESS_EFFECTIVE 0x100 /* fn_access: judge by the effective ids (AT_EACCESS) */

/* access(2) judges by the real ids (a set-user-ID program asking for its user). */
static long fn_access(struct vnode *vn, uint64_t mode)
{
	return cred_permission(cred_cur(), vn->v_mode, vn->v_uid, vn->v_gid, (int)(mode & 7),
			       !(mode & ACCESS_EFFECTIVE));
}

long sys_access(const struct sysargs *a)
{
	if (a->arg[1] & ~(uint64_t)7)
		return -EINVAL;
	return with_vnode(AT_FDCWD, a->arg[0], false, false, fn_access, a->arg[1]);
}

static long do_faccessat(int dirfd, uaddr_t upath, uint64_t mode, uint64_t flags)
{
	if (mode & ~(uint64_t)7 || flags & ~(uint64_t)(AT_EACCESS | AT_SYMLINK_NOFOLLOW |
						      AT_EMPTY_PATH))
		return -EINVAL;
	return with_vnode(dirfd, upath, flags & AT_SYMLINK_NOFOLLOW, flags & AT_EMPTY_PATH,
			  fn_access, mode | ((flags & AT_EACCESS) ? ACCESS_EFFECTIVE : 0));
}

/* faccessat has three arguments: what is left in a fourth register means nothing. */
long sys_faccessat(const struct sysargs *a)
{
	return do_faccessat((int)a->arg[0], a->arg[1], a->arg[2], 0);
}

long sys_faccessat2(const struct sysargs *a)
{
	return do_faccessat((int)a->arg[0], a->arg[1], a->arg[2], a->arg[3]);
}

long sys_umask(const struct sysargs *a)
{
	struct proc *p = curproc();
	uint32_t old = p->p_umask;

	p->p_umask = (uint32_t)a->arg[0] & 0777;
	return old;
}

static long fn_statfs(struct vnode *vn, uint64_t buf)
{
	return vnode_statfs(vn, buf);
}

long sys_statfs(const struct sysargs *a)
{
	return with_vnode(AT_FDCWD, a->arg[0], false, false, fn_statfs, a->arg[1]);
}

static int time_arg(const struct timespec *t, struct timespec *now, struct timespec *out,
		    bool *set)
{
	if (t->tv_nsec == UTIME_OMIT) {
		*set = false;
		return 0;
	}
	*set = true;
	if (t->tv_nsec == UTIME_NOW) {
		*out = *now;
		return 0;
	}
	if (t->tv_nsec < 0 || t->tv_nsec >= 1000000000)
		return -EINVAL;
	*out = *t;
	return 0;
}

/*
 * Setting times to now (both UTIME_NOW) takes write permission or
 * ownership; setting them to anything else takes ownership.
 */
static int utimens_allowed(const struct vnode *vn, const struct timespec ts[2])
{
	if (ts[0].tv_nsec == UTIME_OMIT && ts[1].tv_nsec == UTIME_OMIT)
		return 0;
	if (vnode_writable_fs(vn) != 0)
		return -EROFS;
	if (vnode_owner(vn) == 0)
		return 0;
	if (ts[0].tv_nsec == UTIME_NOW && ts[1].tv_nsec == UTIME_NOW)
		return vnode_access(vn, MAY_WRITE);
	return -EPERM;
}

static long fn_utimens(struct vnode *vn, uint64_t arg)
{
	const struct timespec *ts = (const struct timespec *)arg;
	struct timespec now = vfs_now(), at, mt;
	bool set_a, set_m;
	int err;

	if (time_arg(&ts[0], &now, &at, &set_a) != 0 || time_arg(&ts[1], &now, &mt, &set_m) != 0)
		return -EINVAL;
	if ((err = utimens_allowed(vn, ts)) != 0)
		return err;
	mutex_lock(&vfs_lock);
	if (set_a)
		vn->v_atime = at;
	if (set_m)
		vn->v_mtime = mt;
	vn->v_ctime = now;
	mutex_unlock(&vfs_lock);
	return 0;
}

long sys_utimensat(const struct sysargs *a)
{
	struct timespec ts[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	uint64_t flags = a->arg[3];

	if (flags & ~(uint64_t)AT_FLAGS_STAT)
		return -EINVAL;
	if (a->arg[2] != 0 && copy_from_user(ts, a->arg[2], sizeof(ts)) != 0)
		return -EFAULT;
	if (a->arg[1] == 0) { /* Linux: a NULL path means dirfd itself (futimens) */
		struct vnode *vn;
		long err;

		err = (int)a->arg[0] == AT_FDCWD ? -EFAULT : fd_vnode((int)a->arg[0], false, &vn);
		if (err != 0)
			return err;
		err = fn_utimens(vn, (uint64_t)(uintptr_t)ts);
		mutex_lock(&vfs_lock);
		vnode_put(vn);
		mutex_unlock(&vfs_lock);
		return err;
	}
	return with_vnode((int)a->arg[0], a->arg[1], flags & AT_SYMLINK_NOFOLLOW,
			  flags & AT_EMPTY_PATH, fn_utimens, (uint64_t)(uintptr_t)ts);
}

long sys_getcwd(const struct sysargs *a)
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
	if (err == 0 && len > a->arg[1])
		err = -ERANGE;
	if (err == 0 && copy_to_user(a->arg[0], buf + pos, len) != 0)
		err = -EFAULT;
	kfree(buf);
	return err != 0 ? err : (long)len;
}
