/*
 * ext2_fsync.c: fsync and fdatasync of one ext2 file (fs/ext2.h).
 *
 * What is on the disk when the call returns (docs/storage.md, "fsync"):
 * first the file's dirty pages (its bytes, from the page cache, and the
 * pages of its writable shared mappings), then the blocks it dirtied (its
 * indirect blocks; a directory's entry blocks), found by the block cache's
 * owner tags; then
 * all the file system's metadata: every in-memory inode put into its
 * inode-table block, the superblock, and every dirty block that is not a
 * file's bytes (inode tables, indirect and directory blocks of every file,
 * bitmaps, group descriptors).  Other files' bytes stay in the cache.
 *
 * Why all metadata and not just this file's: ext2 has no journal, so the
 * disk must never hold a stale pointer to a block the file now uses.  A
 * block freed by another file (truncated or deleted in memory, its inode
 * not yet written) and given to this one would still be named by that
 * file's old inode or indirect block on the disk; after a crash, e2fsck
 * would take this file's bytes for that file's indirect block and "clear"
 * entries in it, corrupting what fsync promised.  With the metadata
 * written together, the disk's metadata is always a state the file system
 * was in.  fdatasync skips the metadata when the file's inode differs
 * from the disk's only in its times.  Every write is waited for: a
 * request completes only once the device has taken the data.
 */
#include <fs/ext2.h>
#include <sys/errno.h>

int ext2_fsync(struct vnode *vn, bool datasync)
{
	struct ext2_fs *fs = EFS(vn);
	int err;

	if (fs->rdonly)
		return 0;
	if (S_ISREG(vn->v_mode) && (err = pcache_writeback(&EV(vn)->e_pc)) != 0)
		return err;
	if ((err = bcache_sync_owner(fs->bd, (uint32_t)vn->v_ino)) != 0)
		return err;
	if (datasync && !ext2_inode_changed(EV(vn)))
		return 0;
	return ext2_sync_meta(fs);
}
