/*
 * mount.c: mount(2), umount2(2), sync(2) and syncfs(2) behind the system
 * calls (fs/vfs.h).
 *
 * Only disk file systems come and go: mount takes a block device node, a
 * directory and a type ("ext2"), and makes the file system's mount; a
 * remount changes the per-mount flags and, through the file system,
 * read-only and read-write; umount refuses while anything on the file
 * system is in use (EBUSY: open files, current directories, a mount on
 * it).  Flags are Linux's (MS_*, MNT_*).  Root only, as without
 * CAP_SYS_ADMIN on Linux.  All of it runs with vfs_lock held.
 */
#include <dev/blkdev.h>
#include <fs/ext2.h>
#include <fs/vfs.h>
#include <kern/cred.h>
#include <kern/kprintf.h>
#include <kern/proc.h>
#include <kern/clock.h>
#include <kern/thread.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>

/* The per-mount flags kept; the rest of what Linux knows is accepted and ignored. */
#define MS_KEPT (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)
/* Flags that ask for something else than a new mount or a remount. */
#define MS_OTHER (MS_BIND | MS_MOVE | (1ul << 17) | (1ul << 18) | (1ul << 19) | (1ul << 20))

static char *kstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = kmalloc(n);

	if (d != NULL)
		memcpy(d, s, n);
	return d;
}

static struct blkdev *blkdev_of(struct vnode *vn)
{
	struct blkdev *bd;

	for (bd = blkdev_list(); bd != NULL; bd = bd->bd_next)
		if (bd->bd_node.cd_rdev == vn->v_rdev)
			return bd;
	return NULL;
}

static bool dev_mounted(struct blkdev *bd)
{
	struct mount *m;

	for (m = vfs_mounts(); m != NULL; m = m->m_next)
		if (m->m_ops != NULL && strcmp(m->m_type, "ext2") == 0 &&
		    ((struct ext2_fs *)m)->bd == bd)
			return true;
	return false;
}

/* The mount whose root vn is (not "/"), or NULL. */
static struct mount *mount_of_root(struct vnode *vn)
{
	struct mount *m = vn->v_mount;

	return m != NULL && m->m_root == vn && m->m_covered != NULL ? m : NULL;
}

static int remount(struct vnode *target, unsigned long flags)
{
	struct mount *m = mount_of_root(target);
	int err = 0;

	if (m == NULL)
		return -EINVAL;
	if (m->m_ops == NULL)
		return -EINVAL; /* ramfs, devfs, procfs keep their flags (docs/storage.md) */
	if ((flags & MS_RDONLY) && !(m->m_flags & MS_RDONLY) && m->m_wmaps > 0)
		return -EBUSY; /* a shared mapping could still write (Linux: a writer) */
	err = m->m_ops->mo_remount(m, flags);
	if (err == 0)
		m->m_flags = (m->m_flags & ~(unsigned long)MS_KEPT) | (flags & MS_KEPT);
	return err;
}

static int mount_new(struct vnode *target, const char *source, const char *path,
		     const char *type, unsigned long flags)
{
	struct vnode *dev;
	struct blkdev *bd;
	struct mount *m;
	char *spath, *tpath;
	int err;

	if (strcmp(type, "ext2") != 0)
		return -ENODEV;
	if (!S_ISDIR(target->v_mode))
		return -ENOTDIR;
	if ((err = vfs_resolve(curproc()->p_cwd, source, true, &dev)) != 0)
		return err;
	err = !S_ISBLK(dev->v_mode) ? -ENOTBLK : 0;
	if (err == 0 && dev->v_mount != NULL && (dev->v_mount->m_flags & MS_NODEV))
		err = -EACCES;
	bd = err == 0 ? blkdev_of(dev) : NULL;
	vnode_put(dev);
	if (err != 0)
		return err;
	if (bd == NULL)
		return -ENXIO;
	if (dev_mounted(bd) || target->v_mounted != NULL)
		return -EBUSY;
	spath = kstrdup(source);
	tpath = kstrdup(path);
	if (spath == NULL || tpath == NULL) {
		err = -ENOMEM;
		goto out_free;
	}
	m = ext2_mount(bd, flags & MS_KEPT, &err);
	if (m == NULL)
		goto out_free;
	m->m_source = spath;
	if ((err = vfs_mount_on(m, target, tpath)) != 0) {
		(void)m->m_ops->mo_unmount(m);
		goto out_free;
	}
	kprintf("ext2: %s mounted on %s%s\n", bd->bd_name, tpath,
		(m->m_flags & MS_RDONLY) ? " (read-only)" : "");
	return 0;
out_free:
	kfree(spath);
	kfree(tpath);
	return err;
}

int vfs_mount_dev(const char *source, const char *path, const char *type, unsigned long flags)
{
	struct vnode *target;
	int err;

	if (!cred_root(cred_cur()))
		return -EPERM;
	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK; /* the old magic number in the high half */
	if (flags & MS_OTHER)
		return -EINVAL; /* bind mounts, moves and propagation are not supported */
	mutex_lock(&vfs_lock);
	err = vfs_resolve(curproc()->p_cwd, path, true, &target);
	if (err == 0) {
		err = (flags & MS_REMOUNT) ? remount(target, flags) :
		      mount_new(target, source, path, type, flags);
		vnode_put(target);
	}
	mutex_unlock(&vfs_lock);
	return err;
}

int vfs_umount(const char *path, int flags)
{
	struct vnode *vn, *covered;
	struct mount *m;
	const char *mpath, *msource;
	int err;

	if (!cred_root(cred_cur()))
		return -EPERM;
	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	if (flags & (MNT_DETACH | MNT_EXPIRE))
		return -EINVAL; /* lazy and expiring unmounts are not supported */
	mutex_lock(&vfs_lock);
	err = vfs_resolve(curproc()->p_cwd, path, !(flags & UMOUNT_NOFOLLOW), &vn);
	if (err != 0)
		goto out;
	m = mount_of_root(vn);
	vnode_put(vn);
	if (m == NULL) {
		err = -EINVAL;
		goto out;
	}
	if (m->m_ops == NULL || m->m_root->v_mounted != NULL) {
		err = -EBUSY; /* the boot file systems stay; so does one with a mount on its root */
		goto out;
	}
	covered = m->m_covered;
	mpath = m->m_path;
	msource = m->m_source;
	vfs_mount_remove(m);
	err = m->m_ops->mo_unmount(m);
	if (err != 0) {
		(void)vfs_mount_on(m, covered, mpath); /* still in use: put it back */
		vnode_put(covered);
		goto out;
	}
	vnode_put(covered);
	kfree((void *)mpath);
	kfree((void *)msource);
out:
	mutex_unlock(&vfs_lock);
	return err;
}

int vfs_sync_all(void)
{
	struct mount *m;
	int err = 0, e;

	mutex_lock(&vfs_lock);
	for (m = vfs_mounts(); m != NULL; m = m->m_next)
		if (m->m_ops != NULL && (e = m->m_ops->mo_sync(m)) != 0 && err == 0)
			err = e;
	mutex_unlock(&vfs_lock);
	return err;
}

int vfs_syncfs(struct vnode *vn)
{
	struct mount *m = vn->v_mount;
	int err = 0;

	if (m != NULL && m->m_ops != NULL) {
		mutex_lock(&vfs_lock);
		err = m->m_ops->mo_sync(m);
		mutex_unlock(&vfs_lock);
	}
	return err;
}

int vfs_fsync(struct vnode *vn, bool datasync)
{
	int err;

	if (!VOP_HAS(vn, vop_fsync))
		return vfs_syncfs(vn);
	mutex_lock(&vfs_lock);
	err = VOP_FSYNC(vn, datasync);
	mutex_unlock(&vfs_lock);
	return err;
}

static int flusher_chan;

/* Write back every few seconds (inodes, superblock, dirty blocks), so a power cut loses little. */
static void flusher_main(void *arg)
{
	(void)arg;
	for (;;) {
		sleep_on(&flusher_chan, clock_monotonic_ns() + 5 * NSEC_PER_SEC);
		(void)vfs_sync_all();
	}
}

void vfs_start_flusher(void)
{
	if (thread_create_kernel(flusher_main, NULL) == NULL)
		kprintf("vfs: no memory for the flusher thread: writes wait for sync\n");
}
