/*
 * ext2_super.c: mounting, syncing and unmounting an ext2 file system, and
 * allocation (fs/ext2.h).
 *
 * The primary superblock is kept in memory (fs->sb) and written into its
 * buffer at every sync; group descriptors are changed in their buffers.
 * Every allocation and release updates the bitmap, its group's count and
 * the superblock's count together, so the counts stay exact.  Anything read
 * from the disk is checked before use (docs/storage.md, "Hostile images").
 */
#include <dev/blkdev.h>
#include <fs/ext2.h>
#include <kern/cred.h>
#include <kern/kprintf.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>

_Static_assert(sizeof(struct ext2_super) == 1024, "superblock layout");
_Static_assert(sizeof(struct ext2_group) == 32, "group descriptor layout");

static const struct mount_ops ext2_mops;

int ext2_corrupt(struct ext2_fs *fs, const char *what, uint64_t n)
{
	kprintf("ext2: %s: %s (%lu)\n", fs->bd->bd_name, what, (unsigned long)n);
	fs->errors = true;
	return -EUCLEAN;
}

bool ext2_block_ok(struct ext2_fs *fs, uint32_t blk)
{
	return blk >= fs->meta_end && blk < fs->sb.s_blocks_count;
}

int ext2_bread(struct ext2_fs *fs, uint32_t blk, struct buf **out)
{
	if (blk >= fs->sb.s_blocks_count)
		return ext2_corrupt(fs, "block number past the end", blk);
	return bcache_read(fs->bd, blk, fs->bsize, out);
}

/* Group g's descriptor, inside its buffer *b (to put). */
static int group_get(struct ext2_fs *fs, uint32_t g, struct buf **b, struct ext2_group **gd)
{
	uint32_t per = fs->bsize / sizeof(struct ext2_group);
	int err = ext2_bread(fs, fs->sb.s_first_data_block + 1 + g / per, b);

	if (err == 0)
		*gd = (struct ext2_group *)(*b)->b_data + g % per;
	return err;
}

/* Whether group g holds a superblock backup (sparse_super: 0, 1, powers of 3, 5, 7). */
static bool group_has_super(struct ext2_fs *fs, uint32_t g)
{
	uint32_t p;

	if (!(fs->sb.s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER) || g <= 1)
		return true;
	for (p = 3; p <= g; p *= 3)
		if (p == g)
			return true;
	for (p = 5; p <= g; p *= 5)
		if (p == g)
			return true;
	for (p = 7; p <= g; p *= 7)
		if (p == g)
			return true;
	return false;
}

static uint32_t group_blocks(struct ext2_fs *fs, uint32_t g)
{
	uint32_t first = fs->sb.s_first_data_block + g * fs->sb.s_blocks_per_group;
	uint32_t left = fs->sb.s_blocks_count - first;

	return left < fs->sb.s_blocks_per_group ? left : fs->sb.s_blocks_per_group;
}

/* Find and set a clear bit in the bitmap block bmap, below nbits, from start on. */
static int bitmap_take(struct ext2_fs *fs, uint32_t bmap, uint32_t nbits, uint32_t start,
		       uint32_t *bit)
{
	struct buf *b;
	uint32_t i, n;
	int err;

	if (!ext2_block_ok(fs, bmap))
		return ext2_corrupt(fs, "bitmap block out of range", bmap);
	if ((err = ext2_bread(fs, bmap, &b)) != 0)
		return err;
	for (n = 0; n < nbits; n++) {
		i = (start + n) % nbits;
		if ((i & 7) == 0 && b->b_data[i >> 3] == 0xff && i + 8 <= nbits) {
			n += 7;
			continue;
		}
		if (!(b->b_data[i >> 3] & (1u << (i & 7)))) {
			b->b_data[i >> 3] |= (uint8_t)(1u << (i & 7));
			bcache_dirty(b);
			bcache_put(b);
			*bit = i;
			return 0;
		}
	}
	bcache_put(b);
	return -ENOSPC;
}

/* Clear bit in the bitmap block bmap: -EUCLEAN if it was clear already. */
static int bitmap_clear(struct ext2_fs *fs, uint32_t bmap, uint32_t bit)
{
	struct buf *b;
	int err;

	if (!ext2_block_ok(fs, bmap))
		return ext2_corrupt(fs, "bitmap block out of range", bmap);
	if ((err = ext2_bread(fs, bmap, &b)) != 0)
		return err;
	if (!(b->b_data[bit >> 3] & (1u << (bit & 7)))) {
		bcache_put(b);
		return ext2_corrupt(fs, "freeing a free bit in bitmap block", bmap);
	}
	b->b_data[bit >> 3] &= (uint8_t)~(1u << (bit & 7));
	bcache_dirty(b);
	bcache_put(b);
	return 0;
}

int ext2_alloc_block(struct ext2_fs *fs, uint32_t goal, uint32_t *out)
{
	uint32_t g0, g, i, bit, start;
	struct ext2_group *gd;
	struct buf *b;
	int err;

	if (fs->sb.s_free_blocks_count == 0)
		return -ENOSPC;
	/* The reserved blocks are root's (Linux: CAP_SYS_RESOURCE or the resuid). */
	if (fs->sb.s_free_blocks_count <= fs->sb.s_r_blocks_count && !cred_root(cred_cur()) &&
	    cred_cur()->uid[ID_EFF] != fs->sb.s_def_resuid)
		return -ENOSPC;
	if (goal < fs->sb.s_first_data_block || goal >= fs->sb.s_blocks_count)
		goal = fs->sb.s_first_data_block;
	g0 = (goal - fs->sb.s_first_data_block) / fs->sb.s_blocks_per_group;
	for (i = 0; i < fs->ngroups; i++) {
		g = (g0 + i) % fs->ngroups;
		if ((err = group_get(fs, g, &b, &gd)) != 0)
			return err;
		if (gd->bg_free_blocks_count == 0) {
			bcache_put(b);
			continue;
		}
		start = i == 0 ? (goal - fs->sb.s_first_data_block) % fs->sb.s_blocks_per_group : 0;
		err = bitmap_take(fs, gd->bg_block_bitmap, group_blocks(fs, g), start, &bit);
		if (err == -ENOSPC)
			err = ext2_corrupt(fs, "group's block bitmap full, its count says not", g);
		if (err == 0) {
			gd->bg_free_blocks_count--;
			bcache_dirty(b);
			fs->sb.s_free_blocks_count--;
			*out = fs->sb.s_first_data_block + g * fs->sb.s_blocks_per_group + bit;
			if (!ext2_block_ok(fs, *out))
				err = ext2_corrupt(fs, "bitmap gives a metadata block", *out);
		}
		bcache_put(b);
		return err;
	}
	return -ENOSPC;
}

int ext2_free_block(struct ext2_fs *fs, uint32_t blk)
{
	uint32_t g, bit;
	struct ext2_group *gd;
	struct buf *b;
	int err;

	if (!ext2_block_ok(fs, blk))
		return ext2_corrupt(fs, "freeing a block out of range", blk);
	/* It may become a file's bytes, written around the block cache: no stale buffer may stay. */
	bcache_forget(fs->bd, blk, fs->bsize);
	g = (blk - fs->sb.s_first_data_block) / fs->sb.s_blocks_per_group;
	bit = (blk - fs->sb.s_first_data_block) % fs->sb.s_blocks_per_group;
	if ((err = group_get(fs, g, &b, &gd)) != 0)
		return err;
	err = bitmap_clear(fs, gd->bg_block_bitmap, bit);
	if (err == 0) {
		gd->bg_free_blocks_count++;
		bcache_dirty(b);
		fs->sb.s_free_blocks_count++;
	}
	bcache_put(b);
	return err;
}

int ext2_dirs_delta(struct ext2_fs *fs, uint32_t ino, int delta)
{
	struct ext2_group *gd;
	struct buf *b;
	int err = group_get(fs, (ino - 1) / fs->sb.s_inodes_per_group, &b, &gd);

	if (err == 0) {
		gd->bg_used_dirs_count = (uint16_t)(gd->bg_used_dirs_count + delta);
		bcache_dirty(b);
		bcache_put(b);
	}
	return err;
}

/* A new directory goes to the group with the most free inodes; a file near its parent. */
static uint32_t inode_goal(struct ext2_fs *fs, uint32_t dir_ino, bool isdir)
{
	uint32_t g, best = 0, most = 0;
	struct ext2_group *gd;
	struct buf *b;

	if (!isdir)
		return (dir_ino - 1) / fs->sb.s_inodes_per_group;
	for (g = 0; g < fs->ngroups; g++) {
		if (group_get(fs, g, &b, &gd) != 0)
			continue;
		if (gd->bg_free_inodes_count > most && gd->bg_free_blocks_count > 0) {
			most = gd->bg_free_inodes_count;
			best = g;
		}
		bcache_put(b);
	}
	return best;
}

int ext2_alloc_inode(struct ext2_fs *fs, uint32_t dir_ino, bool isdir, uint32_t *out)
{
	uint32_t g0 = inode_goal(fs, dir_ino, isdir), g, i, bit;
	struct ext2_group *gd;
	struct buf *b;
	int err;

	if (fs->sb.s_free_inodes_count == 0)
		return -ENOSPC;
	for (i = 0; i < fs->ngroups; i++) {
		g = (g0 + i) % fs->ngroups;
		if ((err = group_get(fs, g, &b, &gd)) != 0)
			return err;
		if (gd->bg_free_inodes_count == 0) {
			bcache_put(b);
			continue;
		}
		err = bitmap_take(fs, gd->bg_inode_bitmap, fs->sb.s_inodes_per_group, 0, &bit);
		if (err == -ENOSPC)
			err = ext2_corrupt(fs, "group's inode bitmap full, its count says not", g);
		if (err == 0) {
			gd->bg_free_inodes_count--;
			if (isdir)
				gd->bg_used_dirs_count++;
			bcache_dirty(b);
			fs->sb.s_free_inodes_count--;
			*out = g * fs->sb.s_inodes_per_group + bit + 1;
			if (*out < fs->first_ino)
				err = ext2_corrupt(fs, "inode bitmap gives a reserved inode", *out);
		}
		bcache_put(b);
		return err;
	}
	return -ENOSPC;
}

int ext2_free_inode(struct ext2_fs *fs, uint32_t ino, bool isdir)
{
	uint32_t g = (ino - 1) / fs->sb.s_inodes_per_group;
	struct ext2_group *gd;
	struct buf *b;
	int err;

	if ((err = group_get(fs, g, &b, &gd)) != 0)
		return err;
	err = bitmap_clear(fs, gd->bg_inode_bitmap, (ino - 1) % fs->sb.s_inodes_per_group);
	if (err == 0) {
		gd->bg_free_inodes_count++;
		if (isdir && gd->bg_used_dirs_count > 0)
			gd->bg_used_dirs_count--;
		bcache_dirty(b);
		fs->sb.s_free_inodes_count++;
	}
	bcache_put(b);
	return err;
}

/* Copy fs->sb into its place on the disk (through the cache). */
static int super_write(struct ext2_fs *fs)
{
	uint32_t blk = fs->bsize == 1024 ? 1 : 0, off = fs->bsize == 1024 ? 0 : 1024;
	struct buf *b;
	int err = bcache_read(fs->bd, blk, fs->bsize, &b);

	if (err != 0)
		return err;
	if (fs->errors)
		fs->sb.s_state |= EXT2_ERROR_FS;
	if (memcmp(b->b_data + off, &fs->sb, sizeof(fs->sb)) != 0) {
		fs->sb.s_wtime = (uint32_t)vfs_now().tv_sec;
		memcpy(b->b_data + off, &fs->sb, sizeof(fs->sb));
		bcache_dirty(b);
	}
	bcache_put(b);
	return 0;
}

int ext2_sync_meta(struct ext2_fs *fs)
{
	int err = ext2_sync_inodes(fs), e;

	if ((e = super_write(fs)) != 0 && err == 0)
		err = e;
	if ((e = bcache_sync_meta(fs->bd)) != 0 && err == 0)
		err = e;
	return err;
}

int ext2_sync_pages(struct ext2_fs *fs)
{
	struct ext2_vnode *ev;
	int err = 0, e;
	unsigned i;

	for (i = 0; i < sizeof(fs->itab) / sizeof(fs->itab[0]); i++)
		for (ev = fs->itab[i]; ev != NULL; ev = ev->e_hnext)
			if (S_ISREG(ev->vn.v_mode) && (e = pcache_writeback(&ev->e_pc)) != 0 &&
			    err == 0)
				err = e;
	return err;
}

/* Files' bytes first, then the metadata that finds them. */
static int ext2_sync(struct mount *m)
{
	struct ext2_fs *fs = (struct ext2_fs *)m;
	int err = 0, e;

	if (!fs->rdonly) {
		err = ext2_sync_pages(fs);
		if ((e = ext2_sync_inodes(fs)) != 0 && err == 0)
			err = e;
		if ((e = super_write(fs)) != 0 && err == 0)
			err = e;
	}
	if ((e = bcache_sync(fs->bd)) != 0 && err == 0)
		err = e;
	return err;
}

/* What the superblock says, checked before anything is computed from it. */
static int super_check(struct ext2_fs *fs)
{
	struct ext2_super *sb = &fs->sb;
	uint32_t unknown_ro;

	if (sb->s_magic != EXT2_MAGIC)
		return -EINVAL;
	if (sb->s_log_block_size > 2 || sb->s_blocks_per_group == 0 ||
	    sb->s_inodes_per_group == 0 || sb->s_blocks_count <= sb->s_first_data_block ||
	    sb->s_first_data_block != (sb->s_log_block_size == 0 ? 1u : 0u) ||
	    sb->s_blocks_per_group > 8 * (1024u << sb->s_log_block_size) ||
	    sb->s_inodes_per_group > 8 * (1024u << sb->s_log_block_size)) {
		kprintf("ext2: %s: bad superblock geometry\n", fs->bd->bd_name);
		return -EINVAL;
	}
	fs->bsize = 1024u << sb->s_log_block_size;
	if (sb->s_rev_level == 0) {
		fs->inode_size = EXT2_GOOD_OLD_INODE_SIZE;
		fs->first_ino = EXT2_GOOD_OLD_FIRST_INO;
		sb->s_feature_incompat = sb->s_feature_ro_compat = 0;
	} else {
		fs->inode_size = sb->s_inode_size;
		fs->first_ino = sb->s_first_ino;
	}
	if (fs->inode_size < EXT2_GOOD_OLD_INODE_SIZE || fs->inode_size > fs->bsize ||
	    (fs->inode_size & (fs->inode_size - 1)) != 0 || fs->first_ino <= EXT2_ROOT_INO ||
	    fs->first_ino > sb->s_inodes_count) {
		kprintf("ext2: %s: bad inode size or first inode\n", fs->bd->bd_name);
		return -EINVAL;
	}
	if (sb->s_feature_incompat & ~(uint32_t)EXT2_INCOMPAT_SUPP) {
		kprintf("ext2: %s: unsupported incompatible features %#x\n", fs->bd->bd_name,
			sb->s_feature_incompat & ~(uint32_t)EXT2_INCOMPAT_SUPP);
		return -EINVAL;
	}
	unknown_ro = sb->s_feature_ro_compat & ~(uint32_t)EXT2_RO_COMPAT_SUPP;
	if (unknown_ro != 0) {
		kprintf("ext2: %s: unsupported read-only features %#x: read-only mounts only\n",
			fs->bd->bd_name, unknown_ro);
		fs->forced_ro = true;
	}
	fs->ngroups = (sb->s_blocks_count - sb->s_first_data_block + sb->s_blocks_per_group - 1) /
		      sb->s_blocks_per_group;
	if ((uint64_t)fs->ngroups * sb->s_inodes_per_group < sb->s_inodes_count ||
	    (uint64_t)sb->s_blocks_count * fs->bsize > blkdev_bytes(fs->bd)) {
		kprintf("ext2: %s: counts do not fit the groups or the device\n", fs->bd->bd_name);
		return -EINVAL;
	}
	fs->gdt_blocks = (fs->ngroups * 32 + fs->bsize - 1) / fs->bsize;
	fs->meta_end = sb->s_first_data_block + 1 + fs->gdt_blocks;
	return 0;
}

/* Largest size: what the block tree reaches, and what 32 bits of i_size allow without large_file. */
static void size_limits(struct ext2_fs *fs)
{
	uint64_t p = fs->bsize / 4, blocks = EXT2_NDIR + p + p * p + p * p * p;
	uint64_t max = blocks * fs->bsize;

	if (max > (1ull << 41) - fs->bsize)
		max = (1ull << 41) - fs->bsize; /* i_blocks counts 512-byte units in 32 bits */
	if (!(fs->sb.s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_LARGE_FILE) && max > 0x7fffffff)
		max = 0x7fffffff; /* without large_file, i_size_high is not a size */
	fs->max_size = max;
}

/* Set the mounted state on the disk: a read-write mount is "not clean" until unmounted. */
static int state_mounted(struct ext2_fs *fs)
{
	if (!(fs->sb.s_state & EXT2_VALID_FS))
		kprintf("ext2: %s: mounting a file system that was not cleanly unmounted; "
			"run e2fsck\n", fs->bd->bd_name);
	else if (fs->sb.s_state & EXT2_ERROR_FS)
		kprintf("ext2: %s: mounting a file system with errors; run e2fsck\n",
			fs->bd->bd_name);
	fs->sb.s_state &= (uint16_t)~EXT2_VALID_FS;
	fs->sb.s_mnt_count++;
	fs->sb.s_mtime = (uint32_t)vfs_now().tv_sec;
	if (super_write(fs) != 0)
		return -EIO;
	return bcache_sync(fs->bd);
}

static int read_super(struct ext2_fs *fs)
{
	struct buf *b;
	int err = bcache_read(fs->bd, 1, 1024, &b);

	if (err != 0)
		return err;
	memcpy(&fs->sb, b->b_data, sizeof(fs->sb));
	bcache_put(b);
	/* The file system uses its own block size from now on: drop the 1 KiB view. */
	return bcache_invalidate(fs->bd);
}

struct mount *ext2_mount(struct blkdev *bd, unsigned long flags, int *errp)
{
	struct ext2_fs *fs = kzalloc(sizeof(*fs));
	struct vnode *root;
	int err;

	if (fs == NULL) {
		*errp = -ENOMEM;
		return NULL;
	}
	fs->bd = bd;
	if ((err = read_super(fs)) != 0 || (err = super_check(fs)) != 0)
		goto out_free;
	size_limits(fs);
	/* As Linux's ext2: with an unknown ro-compat feature, a read-write mount is refused. */
	if (fs->forced_ro && !(flags & MS_RDONLY)) {
		err = -EINVAL;
		goto out_free;
	}
	fs->rdonly = (flags & MS_RDONLY) || fs->forced_ro || bd->bd_readonly;
	fs->mnt.m_type = "ext2";
	fs->mnt.m_magic = EXT2_SUPER_MAGIC;
	fs->mnt.m_ops = &ext2_mops;
	fs->mnt.m_flags = flags | (fs->rdonly ? MS_RDONLY : 0);
	if ((err = ext2_iget(fs, EXT2_ROOT_INO, &root)) != 0)
		goto out_cache;
	if (!S_ISDIR(root->v_mode)) {
		err = ext2_corrupt(fs, "root inode is not a directory", root->v_mode);
		vnode_put(root);
		goto out_cache;
	}
	fs->mnt.m_root = root;
	if (!fs->rdonly && (err = state_mounted(fs)) != 0) {
		vnode_put(root);
		goto out_cache;
	}
	return &fs->mnt;
out_cache:
	(void)bcache_invalidate(bd);
out_free:
	kfree(fs);
	*errp = err;
	return NULL;
}

static int ext2_remount(struct mount *m, unsigned long flags)
{
	struct ext2_fs *fs = (struct ext2_fs *)m;
	bool ro = (flags & MS_RDONLY) != 0;
	int err;

	if (ro == fs->rdonly)
		return 0;
	if (!ro) {
		if (fs->forced_ro || fs->bd->bd_readonly)
			return -EROFS;
		fs->rdonly = false;
		return state_mounted(fs);
	}
	if ((err = ext2_sync(m)) != 0)
		return err;
	if (!fs->errors)
		fs->sb.s_state |= EXT2_VALID_FS;
	err = super_write(fs);
	fs->rdonly = true;
	return err != 0 ? err : bcache_sync(fs->bd);
}

static int ext2_unmount(struct mount *m)
{
	struct ext2_fs *fs = (struct ext2_fs *)m;
	int err;

	if (fs->nvnodes > 1 || m->m_root->v_refs > 1)
		return -EBUSY;
	if ((err = ext2_sync(m)) != 0)
		return err;
	if (!fs->rdonly) {
		if (!fs->errors)
			fs->sb.s_state |= EXT2_VALID_FS;
		if ((err = super_write(fs)) != 0)
			return err;
	}
	vnode_put(m->m_root); /* writes the root inode back and frees it */
	err = bcache_invalidate(fs->bd);
	if (err != 0)
		kprintf("ext2: %s: unmount: write-back failed (%d)\n", fs->bd->bd_name, err);
	kfree(fs);
	return 0;
}

/* Blocks the file system's own structures take, as Linux's ext2_statfs counts them. */
static uint64_t overhead(struct ext2_fs *fs)
{
	uint64_t n = fs->sb.s_first_data_block, itb;
	uint32_t g;

	itb = ((uint64_t)fs->sb.s_inodes_per_group * fs->inode_size + fs->bsize - 1) / fs->bsize;
	for (g = 0; g < fs->ngroups; g++) {
		n += 2 + itb;
		if (group_has_super(fs, g))
			n += 1 + fs->gdt_blocks + fs->sb.s_reserved_gdt_blocks;
	}
	return n;
}

static void ext2_statfs(struct mount *m, struct statfs *sf)
{
	struct ext2_fs *fs = (struct ext2_fs *)m;
	uint64_t ov = overhead(fs);

	sf->f_bsize = sf->f_frsize = fs->bsize;
	sf->f_blocks = fs->sb.s_blocks_count > ov ? fs->sb.s_blocks_count - ov : 0;
	sf->f_bfree = fs->sb.s_free_blocks_count;
	sf->f_bavail = sf->f_bfree > fs->sb.s_r_blocks_count ?
		       sf->f_bfree - fs->sb.s_r_blocks_count : 0;
	sf->f_files = fs->sb.s_inodes_count;
	sf->f_ffree = fs->sb.s_free_inodes_count;
}

static const struct mount_ops ext2_mops = {
	.mo_statfs = ext2_statfs,
	.mo_sync = ext2_sync,
	.mo_remount = ext2_remount,
	.mo_unmount = ext2_unmount,
};
