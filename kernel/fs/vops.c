/*
 * vops.c: the one road to a file system's vnode operations (fs/vfs.h).
 *
 * Every call of a struct vnode_ops member goes through a VOP_* function
 * here, as OpenBSD's vfs_vops.c, so that code outside kernel/fs/ never
 * reaches into an operations table and a vnode operation cannot be taken
 * for a file operation (struct file_ops, fop_*).  The wrappers hold no
 * policy: name, existence and permission checks are the vfs_* calls'
 * (fs/dirops.c, fs/open.c, fs/vfs.c), which ask VOP_HAS about an optional
 * operation and pick the error its absence gives.  What the wrappers add:
 *  - an operation every file system with such vnodes has (lookup on a
 *    directory, read on a file) is asserted present: a missing one is a
 *    kernel bug, not an error to report;
 *  - an optional one with a natural default takes it here: inactive does
 *    nothing, blocks is the size in 512-byte units rounded up.
 * Locking is the caller's, as it was for the direct calls: vfs_lock held
 * (fs/vfs.h, docs/vfs.md "Locking").
 */
#include <fs/vfs.h>
#include <kern/panic.h>

int VOP_LOOKUP(struct vnode *dir, const char *name, struct vnode **out)
{
	KASSERT(dir->v_ops->vop_lookup != NULL);
	return dir->v_ops->vop_lookup(dir, name, out);
}

int VOP_CREATE(struct vnode *dir, const char *name, uint32_t mode, uint32_t rdev,
	       struct vnode **out)
{
	KASSERT(dir->v_ops->vop_create != NULL);
	return dir->v_ops->vop_create(dir, name, mode, rdev, out);
}

int VOP_SYMLINK(struct vnode *dir, const char *name, const char *target)
{
	KASSERT(dir->v_ops->vop_symlink != NULL);
	return dir->v_ops->vop_symlink(dir, name, target);
}

int VOP_LINK(struct vnode *dir, const char *name, struct vnode *vn)
{
	KASSERT(dir->v_ops->vop_link != NULL);
	return dir->v_ops->vop_link(dir, name, vn);
}

int VOP_UNLINK(struct vnode *dir, const char *name, bool isdir)
{
	KASSERT(dir->v_ops->vop_unlink != NULL);
	return dir->v_ops->vop_unlink(dir, name, isdir);
}

int VOP_RENAME(struct vnode *odir, const char *oname, struct vnode *ndir, const char *nname)
{
	KASSERT(odir->v_ops->vop_rename != NULL);
	return odir->v_ops->vop_rename(odir, oname, ndir, nname);
}

long VOP_READLINK(struct vnode *vn, char *buf, size_t len)
{
	KASSERT(vn->v_ops->vop_readlink != NULL);
	return vn->v_ops->vop_readlink(vn, buf, len);
}

long VOP_READ(struct vnode *vn, struct uio *u, uint64_t off)
{
	KASSERT(vn->v_ops->vop_read != NULL);
	return vn->v_ops->vop_read(vn, u, off);
}

long VOP_WRITE(struct vnode *vn, struct uio *u, uint64_t off)
{
	KASSERT(vn->v_ops->vop_write != NULL);
	return vn->v_ops->vop_write(vn, u, off);
}

int VOP_TRUNCATE(struct vnode *vn, uint64_t size)
{
	KASSERT(vn->v_ops->vop_truncate != NULL);
	return vn->v_ops->vop_truncate(vn, size);
}

int VOP_GETPAGE(struct vnode *vn, uint64_t off, uint64_t *pa)
{
	KASSERT(vn->v_ops->vop_getpage != NULL);
	return vn->v_ops->vop_getpage(vn, off, pa);
}

int VOP_READDIR(struct vnode *dir, uint64_t *cookie, struct vdirent *out)
{
	KASSERT(dir->v_ops->vop_readdir != NULL);
	return dir->v_ops->vop_readdir(dir, cookie, out);
}

void VOP_INACTIVE(struct vnode *vn)
{
	if (vn->v_ops->vop_inactive != NULL)
		vn->v_ops->vop_inactive(vn);
}

uint64_t VOP_BLOCKS(struct vnode *vn)
{
	if (vn->v_ops->vop_blocks != NULL)
		return vn->v_ops->vop_blocks(vn);
	return (vn->v_size + 511) / 512;
}

int VOP_FSYNC(struct vnode *vn, bool datasync)
{
	KASSERT(vn->v_ops->vop_fsync != NULL);
	return vn->v_ops->vop_fsync(vn, datasync);
}

bool vnode_has_pages(const struct vnode *vn)
{
	return VOP_HAS(vn, vop_getpage);
}
