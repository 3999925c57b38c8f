/*
 * bcache.h: the block cache (kernel/fs/bcache.c), shared by every file
 * system on a block device.
 *
 * A buffer is one block of one device.  Ownership (docs/storage.md): a
 * caller of bcache_read/bcache_get holds one reference until bcache_put
 * and may touch b_data only meanwhile; after changing it, bcache_dirty.
 * Unreferenced clean buffers are evicted least recently used first; a
 * dirty one only after it has been written.  Dirty buffers are written by
 * the flusher thread (fs/mount.c: each file system's sync, every 5 s),
 * bcache_sync and bcache_invalidate; one file's (fsync) by bcache_sync_owner.
 *
 * Locking: everything here, including the buffers' fields, is guarded by
 * vfs_lock; callers hold it.  I/O is done with it
 * held.
 */
#ifndef FS_BCACHE_H
#define FS_BCACHE_H

#include <stdbool.h>
#include <stdint.h>

struct blkdev;

struct buf {
	struct blkdev *b_dev;
	uint64_t b_blkno;          /* in units of b_size */
	uint32_t b_size;
	uint8_t *b_data;
	uint32_t b_refs;
	bool b_valid;              /* b_data holds the block */
	bool b_dirty;              /* b_data is newer than the disk */
	uint32_t b_owner;          /* the file (inode) whose data or block map it is; 0: shared */
	bool b_filedata;           /* a file's bytes, not metadata (see bcache_sync_meta) */
	struct buf *b_hnext;       /* hash chain */
	struct buf *b_prev, *b_next; /* LRU list: most recently used first */
};

void bcache_init(void);
/* The block, read from the disk if not cached: 0 or -EIO/-ENOMEM/-EINVAL. */
int bcache_read(struct blkdev *bd, uint64_t blkno, uint32_t size, struct buf **out);
/* The block without reading it (the caller will fill it whole): valid, zeroed. */
int bcache_get_zero(struct blkdev *bd, uint64_t blkno, uint32_t size, struct buf **out);
void bcache_put(struct buf *b);
/* Mark b dirty as metadata; its owner stays what it was. */
void bcache_dirty(struct buf *b);
/*
 * Mark b dirty as a block of file owner (an inode number), its bytes (data)
 * or its metadata (an indirect or directory block): bcache_sync_owner finds it.
 */
void bcache_dirty_owned(struct buf *b, uint32_t owner, bool data);
/* Read up to count blocks from blkno on into the cache, in one request. */
void bcache_readahead(struct blkdev *bd, uint64_t blkno, uint32_t size, uint32_t count);
/* Write every dirty buffer of bd (NULL: of every device): 0 or the first error. */
int bcache_sync(struct blkdev *bd);
#define BCACHE_ANY_OWNER 0xffffffffu
/* Write every dirty buffer of bd that owner's: 0 or the first error (fsync of one file). */
int bcache_sync_owner(struct blkdev *bd, uint32_t owner);
/* Write every dirty buffer of bd that is not a file's bytes: 0 or the first error. */
int bcache_sync_meta(struct blkdev *bd);
/* Sync bd's buffers, then drop them all: -EBUSY if one is referenced. */
int bcache_invalidate(struct blkdev *bd);
/*
 * The block was freed: drop its buffer, dirty or not (unwritten), so it
 * is never written over what the block holds next (a file's bytes, which
 * go around the cache).  A buffer still referenced is only made clean.
 */
void bcache_forget(struct blkdev *bd, uint64_t blkno, uint32_t size);
/* Bytes of buffer data cached. */
uint64_t bcache_bytes(void);

#endif
