/*
 * ext2_fsync.c: fsync and fdatasync of one ext2 file (fs/ext2.h).
 *
 * What is on the disk when the call returns (docs/storage.md, "fsync"):
 * the blocks the file dirtied (data, indirect blocks; a directory's entry
 * blocks), found by the block cache's owner tags; then its inode
 * (fdatasync: unless only its times changed); then, for a file made (or
 * renamed) since it was last fsynced, the directory holding that name,
 * and up the chain while the directory is itself new.  Bitmaps, group
 * descriptors and the superblock are not written: after a crash e2fsck
 * recomputes them from the inodes, as after a crash of Linux's ext2.
 * Every write is waited for: a request completes only once the device
 * has taken the data.
 */
#include <fs/ext2.h>
#include <sys/errno.h>

#define NEW_CHAIN_MAX 64 /* new directories followed up; a loop cannot hold us */

static int sync_one(struct ext2_vnode *ev, bool datasync)
{
	int err = bcache_sync_owner(EFS(&ev->vn)->bd, (uint32_t)ev->vn.v_ino);

	return err != 0 ? err : ext2_iflush(ev, datasync);
}

int ext2_fsync(struct vnode *vn, bool datasync)
{
	struct ext2_fs *fs = EFS(vn);
	struct ext2_vnode *ev = EV(vn);
	struct vnode *dir;
	int err, i;

	if (fs->rdonly)
		return 0;
	if ((err = sync_one(ev, datasync)) != 0)
		return err;
	/* e_newparent always names a directory holding a name of the file (ext2_vnops.c). */
	vnode_ref(vn);
	for (i = 0; i < NEW_CHAIN_MAX && ev->e_newparent != 0; i++) {
		if ((err = ext2_iget(fs, ev->e_newparent, &dir)) != 0)
			break;
		if ((err = sync_one(EV(dir), false)) == 0)
			ev->e_newparent = 0;
		vnode_put(&ev->vn);
		ev = EV(dir);
		if (err != 0)
			break;
	}
	vnode_put(&ev->vn);
	return err;
}
