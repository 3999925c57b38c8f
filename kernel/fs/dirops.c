/*
 * dirops.c: the calls that add, remove or move a name (fs/vfs.h): mknod
 * and mkdir, symlink, link, unlink and rmdir, rename; and readlink.
 *
 * Each takes the directory a relative path starts from and the path, as
 * the system call copied them in (kern/sys_path.c), resolves the path's
 * parent with vfs_lock held, and makes every check once, in Linux's order
 * (fs/namei.c: filename_create, may_delete, vfs_rename...): the name
 * ("", "." and "..", one that exists or is missing: vfs_name_free), the
 * directory (vnode_may_create, vnode_may_delete: removed, write and search,
 * the sticky bit), the kind of file (a directory where a file is asked, a
 * mount point), the file system (another mount: EXDEV; the operation
 * missing), and only then calls the file system (VOP_*).  A new file system
 * gets all of it by filling in its struct vnode_ops; the kernel's own nodes
 * (devfs, /dev/pts, the initrd) are made by VOP_CREATE directly, without
 * the caller's permissions.
 */
#include <fs/vfs.h>
#include <kern/panic.h>
#include <kern/proc.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>

/* What an operation on one name takes besides the directory and the name. */
struct name_req {
	uint32_t mode;          /* mknod, mkdir: type and permissions, umask applied */
	uint32_t rdev;          /* mknod of a device node */
	const char *target;     /* symlink */
	bool isdir;             /* rmdir rather than unlink */
	struct vnode **out;     /* mknod: the new node, referenced, if not NULL */
};

typedef int (*name_op)(struct vnode *dir, const char *name, bool trailing,
		       const struct name_req *r);

/* Resolve the parent of path's last component, then act on (dir, name), under vfs_lock. */
static int at_parent(struct vnode *start, const char *path, name_op op, const struct name_req *r)
{
	char name[NAME_MAX + 1];
	struct vnode *dir;
	bool trailing;
	int err;

	mutex_lock(&vfs_lock);
	err = vfs_resolve_parent(start, path, &dir, name, &trailing);
	if (err == 0) {
		err = op(dir, name, trailing, r);
		vnode_put(dir);
	}
	mutex_unlock(&vfs_lock);
	return err;
}

static bool dot_or_dotdot(const char *name)
{
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

/* A mount point, or the root of a file system: not removed, not renamed. */
static bool busy(const struct vnode *vn)
{
	return vn->v_mounted != NULL || (vn->v_mount != NULL && vn == vn->v_mount->m_root);
}

/* A new name in dir, made by the one create (fs/vfs.c) that open(O_CREAT) uses too. */
static int make_node(struct vnode *dir, const char *name, bool trailing, const struct name_req *r)
{
	struct vnode *vn;
	int err = vfs_name_free(dir, name, trailing, S_ISDIR(r->mode));

	/* Linux's vfs_mknod: device nodes need root, after the directory's own errors. */
	if (err == 0 && (S_ISCHR(r->mode) || S_ISBLK(r->mode)) &&
	    (err = vnode_may_create(dir)) == 0 && !cred_root(cred_cur()))
		err = -EPERM;
	if (err == 0)
		err = vfs_create(dir, name, r->mode, r->rdev, &vn);
	if (err == 0 && r->out != NULL)
		*r->out = vn;
	else if (err == 0)
		vnode_put(vn);
	return err;
}

int vfs_mknod_type(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case 0:
	case S_IFREG:
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		return 0;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
}

int vfs_mknod(struct vnode *start, const char *path, uint32_t mode, uint32_t rdev,
	      struct vnode **out)
{
	struct name_req r = { .out = out };

	KASSERT(vfs_mknod_type(mode) == 0); /* the system call asked before it copied the path */
	r.mode = (mode & S_IFMT ? mode & S_IFMT : S_IFREG) | (mode & 07777 & ~curproc()->p_umask);
	r.rdev = S_ISCHR(r.mode) || S_ISBLK(r.mode) ? rdev : 0;
	return at_parent(start, path, make_node, &r);
}

int vfs_mkdir(struct vnode *start, const char *path, uint32_t mode)
{
	struct name_req r = { .mode = S_IFDIR | (mode & 07777 & ~curproc()->p_umask) };

	return at_parent(start, path, make_node, &r);
}

static int make_symlink(struct vnode *dir, const char *name, bool trailing,
			const struct name_req *r)
{
	int err = vfs_name_free(dir, name, trailing, false);

	if (err == 0)
		err = vnode_may_create(dir);
	if (err == 0 && !VOP_HAS(dir, vop_symlink))
		err = -EROFS;
	return err != 0 ? err : VOP_SYMLINK(dir, name, r->target);
}

int vfs_symlink(const char *target, struct vnode *start, const char *path)
{
	struct name_req r = { .target = target };

	KASSERT(target[0] != '\0'); /* ENOENT, as Linux's getname: the system call's */
	return at_parent(start, path, make_symlink, &r);
}

/* rmdir (r->isdir) and unlink: Linux's errors for each, then the file system's unlink. */
static int remove_name(struct vnode *dir, const char *name, bool trailing,
		       const struct name_req *r)
{
	bool isdir = r->isdir;
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

int vfs_unlink(struct vnode *start, const char *path)
{
	struct name_req r = { .isdir = false };

	return at_parent(start, path, remove_name, &r);
}

int vfs_rmdir(struct vnode *start, const char *path)
{
	struct name_req r = { .isdir = true };

	return at_parent(start, path, remove_name, &r);
}

long vfs_readlink(struct vnode *start, const char *path, char **target)
{
	struct vnode *vn;
	long n;

	*target = NULL;
	mutex_lock(&vfs_lock);
	n = vfs_resolve(start, path, false, &vn);
	if (n == 0) {
		*target = kmalloc(PATH_MAX);
		if (!S_ISLNK(vn->v_mode) || !VOP_HAS(vn, vop_readlink))
			n = -EINVAL;
		else if (*target == NULL)
			n = -ENOMEM;
		else
			n = VOP_READLINK(vn, *target, PATH_MAX);
		vnode_put(vn);
	}
	mutex_unlock(&vfs_lock);
	return n;
}

int vfs_link(struct vnode *ostart, const char *opath, bool follow, struct vnode *nstart,
	     const char *npath)
{
	char name[NAME_MAX + 1];
	struct vnode *vn = NULL, *dir = NULL;
	bool trailing;
	int err;

	mutex_lock(&vfs_lock);
	err = vfs_resolve(ostart, opath, follow, &vn);
	if (err == 0)
		err = vfs_resolve_parent(nstart, npath, &dir, name, &trailing);
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
	return err;
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

int vfs_rename(struct vnode *ostart, const char *opath, struct vnode *nstart, const char *npath)
{
	char oname[NAME_MAX + 1], nname[NAME_MAX + 1];
	struct vnode *odir = NULL, *ndir = NULL;
	bool otrail, ntrail;
	int err;

	mutex_lock(&vfs_lock);
	err = vfs_resolve_parent(ostart, opath, &odir, oname, &otrail);
	if (err == 0)
		err = vfs_resolve_parent(nstart, npath, &ndir, nname, &ntrail);
	if (err == 0)
		err = rename_check(odir, oname, otrail, ndir, nname, ntrail);
	if (err == 0)
		err = VOP_RENAME(odir, oname, ndir, nname);
	vnode_put(odir);
	vnode_put(ndir);
	mutex_unlock(&vfs_lock);
	return err;
}
