/*
 * rootfs.c: the file-system tree at boot (fs/rootfs.h).
 *
 * "/" is a ramfs holding the unpacked initrd.  /dev is a second ramfs
 * instance ("devfs") with a node for every registered character and block
 * device (owned by root and the device's group), so users can also make
 * their own nodes and files there, as on a Linux devtmpfs.  /dev/shm is a
 * third ramfs (shm_open's files).  /proc is procfs.  Missing mount points are created.  Without
 * memory for these the kernel cannot run anything, so failures panic.
 */
#include <fs/file.h>
#include <fs/procfs.h>
#include <fs/ramfs.h>
#include <fs/rootfs.h>
#include <kern/initrd.h>
#include <kern/kprintf.h>
#include <kern/panic.h>
#include <sys/errno.h>

static void make_dir(struct vnode *root, const char *name, uint32_t mode)
{
	struct vnode *vn;
	int err;

	mutex_lock(&vfs_lock);
	err = VOP_LOOKUP(root, name, &vn);
	if (err == -ENOENT)
		err = VOP_CREATE(root, name, S_IFDIR | mode, 0, &vn);
	if (err == 0)
		vnode_put(vn);
	mutex_unlock(&vfs_lock);
	if (err != 0)
		panic("rootfs: cannot make /%s (error %d)", name, -err);
}

static struct mount *devfs_create(void)
{
	struct mount *m = ramfs_create("devfs");
	struct vnode *root, *vn;
	struct cdev *cd;

	if (m == NULL)
		return NULL;
	root = m->m_root;
	mutex_lock(&vfs_lock);
	for (cd = cdev_list(); cd != NULL; cd = cd->cd_next) {
		uint32_t type = cd->cd_block ? S_IFBLK : S_IFCHR;

		if (VOP_CREATE(root, cd->cd_name, type | cd->cd_mode, cd->cd_rdev, &vn) == 0) {
			vn->v_gid = cd->cd_gid;
			vnode_put(vn);
		}
	}
	if (VOP_CREATE(root, "pts", S_IFDIR | 0755, 0, &vn) == 0)
		vnode_put(vn); /* dev/pty.c's nodes: /dev/pts/N */
	if (VOP_CREATE(root, "shm", S_IFDIR | 0755, 0, &vn) == 0)
		vnode_put(vn); /* the mount point of shmfs_create's file system */
	mutex_unlock(&vfs_lock);
	return m;
}

/*
 * /dev/shm: POSIX shared memory (shm_open) and named semaphores (sem_open)
 * are files here, as with glibc on Linux, where a tmpfs is mounted on it.
 * A ramfs of its own, with the sticky, world-writable root of Linux's.
 */
static struct mount *shmfs_create(void)
{
	struct mount *m = ramfs_create("tmpfs");

	if (m != NULL)
		m->m_root->v_mode = S_IFDIR | 01777;
	return m;
}

static void mount_or_panic(struct mount *m, const char *path)
{
	int err;

	if (m == NULL)
		panic("rootfs: no memory for %s", path);
	mutex_lock(&vfs_lock);
	err = vfs_mount(m, path);
	mutex_unlock(&vfs_lock);
	if (err != 0)
		panic("rootfs: cannot mount %s on %s (error %d)", m->m_type, path, -err);
}

void rootfs_init(void)
{
	struct mount *root = ramfs_create("ramfs");

	mount_or_panic(root, "/");
	initrd_unpack(vfs_root());
	make_dir(vfs_root(), "dev", 0755);
	make_dir(vfs_root(), "proc", 0555);
	make_dir(vfs_root(), "tmp", 01777);
	mount_or_panic(devfs_create(), "/dev");
	mount_or_panic(shmfs_create(), "/dev/shm");
	mount_or_panic(procfs_create(), "/proc");
	kprintf("vfs: / (ramfs), /dev (devfs), /dev/shm (tmpfs), /proc (proc) mounted\n");
}
