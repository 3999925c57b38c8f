/*
 * ext2_inode.c: inodes in memory, the block map, file data (fs/ext2.h).
 *
 * An inode is in memory as an ext2_vnode while referenced; fs->itab finds
 * it, so every name of a file gives the same vnode.  Its attributes live in
 * the vnode and go back into the inode's block buffer when the last
 * reference goes (ext2_inactive) and at sync.  A file's blocks: 12 direct,
 * then single, double and triple indirect blocks of bsize/4 pointers; 0 is
 * a hole.  Every block number read from the disk is range-checked.
 */
#include <dev/blkdev.h>
#include <fs/ext2.h>
#include <kern/kprintf.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>

static struct ext2_vnode **itab_slot(struct ext2_fs *fs, uint32_t ino)
{
	return &fs->itab[ino % 64];
}

static void itab_remove(struct ext2_vnode *ev)
{
	struct ext2_vnode **pp = itab_slot(EFS(&ev->vn), (uint32_t)ev->vn.v_ino);

	while (*pp != NULL && *pp != ev)
		pp = &(*pp)->e_hnext;
	if (*pp != NULL)
		*pp = ev->e_hnext;
}

/* The buffer holding inode ino and the inode's place in it. */
static int inode_loc(struct ext2_fs *fs, uint32_t ino, struct buf **b, struct ext2_inode **ip)
{
	uint32_t g = (ino - 1) / fs->sb.s_inodes_per_group;
	uint32_t idx = (ino - 1) % fs->sb.s_inodes_per_group, per = fs->bsize / 32, table;
	uint64_t byte = (uint64_t)idx * fs->inode_size;
	struct ext2_group *gd;
	struct buf *gb;
	int err;

	if (ino == 0 || ino > fs->sb.s_inodes_count)
		return ext2_corrupt(fs, "inode number out of range", ino);
	err = ext2_bread(fs, fs->sb.s_first_data_block + 1 + g / per, &gb);
	if (err != 0)
		return err;
	gd = (struct ext2_group *)gb->b_data + g % per;
	table = gd->bg_inode_table;
	bcache_put(gb);
	if (!ext2_block_ok(fs, table) ||
	    !ext2_block_ok(fs, table + (uint32_t)(byte / fs->bsize)))
		return ext2_corrupt(fs, "inode table out of range in group", g);
	err = ext2_bread(fs, table + (uint32_t)(byte / fs->bsize), b);
	if (err == 0)
		*ip = (struct ext2_inode *)((*b)->b_data + byte % fs->bsize);
	return err;
}

static struct ext2_vnode *ev_alloc(struct ext2_fs *fs, uint32_t ino, uint32_t mode)
{
	struct ext2_vnode *ev = kzalloc(sizeof(*ev));

	if (ev == NULL)
		return NULL;
	vnode_init(&ev->vn, &fs->mnt, mode, &ext2_vnops);
	ev->vn.v_ino = ino;
	ev->vn.v_data = ev;
	pcache_init(&ev->e_pc, &ext2_pcache_ops);
	ev->vn.v_pcache = &ev->e_pc;
	ev->e_hnext = *itab_slot(fs, ino);
	*itab_slot(fs, ino) = ev;
	fs->nvnodes++;
	return ev;
}

static bool mode_ok(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: case S_IFDIR: case S_IFLNK: case S_IFCHR: case S_IFBLK: case S_IFIFO:
	case S_IFSOCK:
		return true;
	}
	return false;
}

static void from_disk(struct ext2_vnode *ev, const struct ext2_inode *di, uint32_t isize)
{
	struct vnode *vn = &ev->vn;

	vn->v_nlink = di->i_links_count;
	vn->v_uid = di->i_uid | (uint32_t)di->i_uid_high << 16;
	vn->v_gid = di->i_gid | (uint32_t)di->i_gid_high << 16;
	vn->v_size = di->i_size | (S_ISREG(vn->v_mode) ? (uint64_t)di->i_size_high << 32 : 0);
	vn->v_atime = (struct timespec){ di->i_atime, 0 };
	vn->v_mtime = (struct timespec){ di->i_mtime, 0 };
	vn->v_ctime = (struct timespec){ di->i_ctime, 0 };
	memcpy(ev->e_block, di->i_block, sizeof(ev->e_block));
	ev->e_flags = di->i_flags;
	ev->e_file_acl = di->i_file_acl;
	ev->e_dtime = di->i_dtime;
	ev->e_blocks = di->i_blocks;
	if (S_ISCHR(vn->v_mode) || S_ISBLK(vn->v_mode)) {
		/* Linux's encodings: old (major<<8|minor) in block[0], new in block[1]. */
		uint32_t o = di->i_block[0], n = di->i_block[1];

		vn->v_rdev = o != 0 ? ((o >> 8) & 0xff) << 8 | (o & 0xff) :
			     ((n & 0xfff00) >> 8) << 8 | (n & 0xff) | ((n >> 12) & 0xfff00);
	}
	(void)isize;
}

int ext2_iget(struct ext2_fs *fs, uint32_t ino, struct vnode **out)
{
	struct ext2_vnode *ev;
	struct ext2_inode *di;
	struct buf *b;
	int err;

	for (ev = *itab_slot(fs, ino); ev != NULL; ev = ev->e_hnext)
		if (ev->vn.v_ino == ino) {
			vnode_ref(&ev->vn);
			*out = &ev->vn;
			return 0;
		}
	if ((err = inode_loc(fs, ino, &b, &di)) != 0)
		return err;
	if (!mode_ok(di->i_mode) || di->i_links_count == 0) {
		bcache_put(b);
		return ext2_corrupt(fs, "directory entry names a free or bad inode", ino);
	}
	ev = ev_alloc(fs, ino, di->i_mode);
	if (ev == NULL) {
		bcache_put(b);
		return -ENOMEM;
	}
	from_disk(ev, di, fs->inode_size);
	bcache_put(b);
	*out = &ev->vn;
	return 0;
}

int ext2_inew(struct ext2_fs *fs, uint32_t ino, uint32_t mode, struct ext2_vnode **out)
{
	struct ext2_inode *di;
	struct buf *b;
	int err;

	/* Whatever a deleted inode left in the slot goes: fields we do not keep stay 0. */
	if ((err = inode_loc(fs, ino, &b, &di)) != 0)
		return err;
	memset(di, 0, fs->inode_size);
	bcache_dirty(b);
	bcache_put(b);
	*out = ev_alloc(fs, ino, mode);
	return *out == NULL ? -ENOMEM : 0;
}

static void to_disk(struct ext2_vnode *ev, struct ext2_inode *di, uint32_t isize)
{
	struct vnode *vn = &ev->vn;

	di->i_mode = (uint16_t)vn->v_mode;
	di->i_uid = (uint16_t)vn->v_uid;
	di->i_uid_high = (uint16_t)(vn->v_uid >> 16);
	di->i_gid = (uint16_t)vn->v_gid;
	di->i_gid_high = (uint16_t)(vn->v_gid >> 16);
	di->i_size = (uint32_t)vn->v_size;
	if (S_ISREG(vn->v_mode))
		di->i_size_high = (uint32_t)(vn->v_size >> 32);
	di->i_atime = (uint32_t)vn->v_atime.tv_sec;
	di->i_mtime = (uint32_t)vn->v_mtime.tv_sec;
	di->i_ctime = (uint32_t)vn->v_ctime.tv_sec;
	di->i_dtime = ev->e_dtime;
	di->i_links_count = (uint16_t)vn->v_nlink;
	di->i_blocks = (uint32_t)ev->e_blocks;
	di->i_flags = ev->e_flags;
	di->i_file_acl = ev->e_file_acl;
	if (S_ISCHR(vn->v_mode) || S_ISBLK(vn->v_mode)) {
		uint32_t ma = vn->v_rdev >> 8 & 0xfff, mi = (vn->v_rdev & 0xff) | (vn->v_rdev >> 12 & 0xfff00);

		memset(ev->e_block, 0, sizeof(ev->e_block));
		if (ma < 256 && mi < 256)
			ev->e_block[0] = ma << 8 | mi;
		else
			ev->e_block[1] = (mi & 0xff) | ma << 8 | (mi & ~0xffu) << 12;
	}
	memcpy(di->i_block, ev->e_block, sizeof(di->i_block));
	if (isize > EXT2_GOOD_OLD_INODE_SIZE && di->i_extra_isize == 0 && isize >= 160)
		di->i_extra_isize = 32; /* what mke2fs gives new inodes; the extra fields are 0 */
}

/* Put ev's attributes into its slot dp of the held inode-table buffer b. */
static void put_inode(struct ext2_vnode *ev, struct buf *b, struct ext2_inode *dp)
{
	uint32_t isize = EFS(&ev->vn)->inode_size;
	size_t n = sizeof(struct ext2_inode) < isize ? sizeof(struct ext2_inode) : isize;
	struct ext2_inode di;

	memcpy(&di, dp, n);
	to_disk(ev, &di, isize);
	if (memcmp(dp, &di, n) != 0) {
		memcpy(dp, &di, n);
		bcache_dirty(b);
	}
}

int ext2_iwrite(struct ext2_vnode *ev)
{
	struct ext2_fs *fs = EFS(&ev->vn);
	struct ext2_inode *dp;
	struct buf *b;
	int err;

	if (fs->rdonly)
		return 0;
	if ((err = inode_loc(fs, (uint32_t)ev->vn.v_ino, &b, &dp)) != 0)
		return err;
	put_inode(ev, b, dp);
	bcache_put(b);
	return 0;
}

/* Whether ev in memory differs from its inode dp in more than the times (fdatasync's test). */
static bool more_than_times(struct ext2_vnode *ev, const struct ext2_inode *dp)
{
	uint32_t isize = EFS(&ev->vn)->inode_size;
	size_t n = sizeof(struct ext2_inode) < isize ? sizeof(struct ext2_inode) : isize;
	struct ext2_inode di;

	memcpy(&di, dp, n);
	to_disk(ev, &di, isize);
	di.i_atime = dp->i_atime;
	di.i_mtime = dp->i_mtime;
	di.i_ctime = dp->i_ctime;
	return memcmp(&di, dp, n) != 0;
}

bool ext2_inode_changed(struct ext2_vnode *ev)
{
	struct ext2_fs *fs = EFS(&ev->vn);
	struct ext2_inode *dp;
	struct buf *b;
	bool changed;

	if (inode_loc(fs, (uint32_t)ev->vn.v_ino, &b, &dp) != 0)
		return true;
	/* A clean buffer is what the disk holds; a dirty one may hold news of this inode. */
	changed = b->b_dirty || more_than_times(ev, dp);
	bcache_put(b);
	return changed;
}

int ext2_sync_inodes(struct ext2_fs *fs)
{
	struct ext2_vnode *ev;
	int i, err = 0, e;

	for (i = 0; i < 64; i++)
		for (ev = fs->itab[i]; ev != NULL; ev = ev->e_hnext)
			if ((e = ext2_iwrite(ev)) != 0 && err == 0)
				err = e;
	return err;
}

bool ext2_fast_symlink(struct ext2_vnode *ev)
{
	uint64_t acl = ev->e_file_acl != 0 ? EFS(&ev->vn)->bsize / 512 : 0;

	return S_ISLNK(ev->vn.v_mode) && ev->e_blocks == acl;
}

/* Release the inode's extended-attribute block (shared: a reference count at byte 4). */
static void drop_xattr_block(struct ext2_vnode *ev)
{
	struct ext2_fs *fs = EFS(&ev->vn);
	uint32_t blk = ev->e_file_acl, *refs;
	struct buf *b;

	ev->e_file_acl = 0;
	if (!ext2_block_ok(fs, blk) || ext2_bread(fs, blk, &b) != 0) {
		ext2_corrupt(fs, "bad extended-attribute block", blk);
		return;
	}
	refs = (uint32_t *)b->b_data + 1;
	if (*refs > 1) {
		(*refs)--;
		bcache_dirty(b);
		bcache_put(b);
	} else {
		bcache_put(b);
		ext2_free_block(fs, blk);
	}
	ev->e_blocks -= ev->e_blocks >= fs->bsize / 512 ? fs->bsize / 512 : ev->e_blocks;
}

/* The last reference is gone: write the inode back, or free it if nothing names it. */
void ext2_inactive(struct vnode *vn)
{
	struct ext2_vnode *ev = EV(vn);
	struct ext2_fs *fs = EFS(vn);

	if (S_ISREG(vn->v_mode) && vn->v_nlink != 0 && !fs->rdonly &&
	    pcache_writeback(&ev->e_pc) != 0)
		kprintf("ext2: %s: write-back of inode %lu failed: its changes are lost\n",
			fs->bd->bd_name, (unsigned long)vn->v_ino);
	pcache_truncate(&ev->e_pc, 0); /* no mapping holds the vnode: nothing maps them */
	if (vn->v_nlink == 0 && !fs->rdonly) {
		if (S_ISREG(vn->v_mode) || S_ISDIR(vn->v_mode) ||
		    (S_ISLNK(vn->v_mode) && !ext2_fast_symlink(ev)))
			(void)ext2_truncate(vn, 0);
		if (ev->e_file_acl != 0)
			drop_xattr_block(ev);
		ev->e_dtime = (uint32_t)vfs_now().tv_sec;
		vn->v_size = 0;
		(void)ext2_iwrite(ev);
		(void)ext2_free_inode(fs, (uint32_t)vn->v_ino, S_ISDIR(vn->v_mode));
	} else {
		(void)ext2_iwrite(ev);
	}
	itab_remove(ev);
	fs->nvnodes--;
	kfree(ev);
}

/* --- the block map ---------------------------------------------------- */

/* A new zeroed block near goal (an indirect block or a data block). */
static int new_block(struct ext2_vnode *ev, uint32_t goal, bool zero, uint32_t *out)
{
	struct ext2_fs *fs = EFS(&ev->vn);
	struct buf *b;
	int err;

	/* Next to the file's last block, so files stay contiguous; else in its inode's group. */
	if (goal == 0 && ev->e_last_alloc != 0)
		goal = ev->e_last_alloc + 1;
	if (goal == 0)
		goal = fs->sb.s_first_data_block + ((uint32_t)ev->vn.v_ino - 1) /
		       fs->sb.s_inodes_per_group * fs->sb.s_blocks_per_group;
	if ((err = ext2_alloc_block(fs, goal, out)) != 0)
		return err;
	ev->e_last_alloc = *out;
	ev->e_blocks += fs->bsize / 512;
	if (zero) {
		if ((err = bcache_get_zero(fs->bd, *out, fs->bsize, &b)) != 0)
			return err;
		ext2_dirty(ev, b);
		bcache_put(b);
	}
	return 0;
}

/* Follow (or fill) slot idx of the indirect block blk. */
static int ind_step(struct ext2_vnode *ev, uint32_t blk, uint32_t idx, bool alloc, bool leaf,
		    uint32_t *out)
{
	struct ext2_fs *fs = EFS(&ev->vn);
	uint32_t *p, nb;
	struct buf *b;
	int err;

	if (!ext2_block_ok(fs, blk))
		return ext2_corrupt(fs, "indirect block out of range", blk);
	if ((err = ext2_bread(fs, blk, &b)) != 0)
		return err;
	p = (uint32_t *)b->b_data + idx;
	if (*p != 0 && !ext2_block_ok(fs, *p)) {
		bcache_put(b);
		return ext2_corrupt(fs, "block pointer out of range", *p);
	}
	if (*p == 0 && alloc) {
		err = new_block(ev, 0, !leaf, &nb);
		if (err != 0) {
			bcache_put(b);
			return err;
		}
		*p = nb;
		ext2_dirty(ev, b);
	}
	*out = *p;
	bcache_put(b);
	return 0;
}

int ext2_bmap(struct ext2_vnode *ev, uint64_t lblk, bool alloc, uint32_t *out)
{
	struct ext2_fs *fs = EFS(&ev->vn);
	uint64_t p = fs->bsize / 4, span[4] = { 1, p, p * p, p * p * p };
	uint32_t *slot, blk;
	int level, i, err;

	if (lblk < EXT2_NDIR) {
		slot = &ev->e_block[lblk];
		level = 0;
	} else {
		lblk -= EXT2_NDIR;
		for (level = 1; level <= 3 && lblk >= span[level]; level++)
			lblk -= span[level];
		if (level > 3)
			return -EFBIG;
		slot = &ev->e_block[EXT2_IND + level - 1];
	}
	if (*slot != 0 && !ext2_block_ok(fs, *slot))
		return ext2_corrupt(fs, "block pointer in inode out of range", ev->vn.v_ino);
	if (*slot == 0) {
		if (!alloc) {
			*out = 0;
			return 0;
		}
		if ((err = new_block(ev, 0, level > 0, slot)) != 0)
			return err;
	}
	blk = *slot;
	for (i = level; i > 0 && blk != 0; i--) {
		err = ind_step(ev, blk, (uint32_t)(lblk / span[i - 1] % p), alloc, i == 1, &blk);
		if (err != 0)
			return err;
	}
	*out = blk;
	return 0;
}

/* --- data ------------------------------------------------------------- */

static const uint8_t zeros[4096];
static long blk_read(struct ext2_vnode *ev, struct uio *u, uint64_t off);
static long blk_write(struct ext2_vnode *ev, struct uio *u, uint64_t off);

long ext2_read(struct vnode *vn, struct uio *u, uint64_t off)
{
	struct ext2_vnode *ev = EV(vn);

	if (S_ISREG(vn->v_mode))
		return ext2_page_read(ev, u, off);
	return blk_read(ev, u, off);
}

/* A slow symlink's target: through the block cache (it is metadata to fsync). */
static long blk_read(struct ext2_vnode *ev, struct uio *u, uint64_t off)
{
	struct vnode *vn = &ev->vn;
	struct ext2_fs *fs = EFS(vn);
	size_t done = 0, want;
	uint32_t blk;
	struct buf *b;
	int err = 0;

	if (off >= vn->v_size)
		return 0;
	want = vn->v_size - off < u->len ? vn->v_size - off : u->len;
	while (done < want) {
		uint64_t pos = off + done, lb = pos / fs->bsize;
		size_t bo = pos % fs->bsize, n = fs->bsize - bo < want - done ? fs->bsize - bo : want - done;

		if ((err = ext2_bmap(ev, lb, false, &blk)) != 0)
			break;
		if (blk == 0) {
			size_t z = 0, c;

			for (; z < n && err == 0; z += c) {
				c = n - z < sizeof(zeros) ? n - z : sizeof(zeros);
				err = uio_copyout(u, done + z, zeros, c);
			}
		} else {
			if ((err = bcache_read(fs->bd, blk, fs->bsize, &b)) != 0)
				break;
			err = uio_copyout(u, done, b->b_data + bo, n);
			bcache_put(b);
		}
		if (err != 0)
			break;
		done += n;
	}
	return done > 0 ? (long)done : err;
}

long ext2_write(struct vnode *vn, struct uio *u, uint64_t off)
{
	struct ext2_fs *fs = EFS(vn);

	if (fs->rdonly)
		return -EROFS;
	if (off >= fs->max_size || u->len > fs->max_size - off)
		return -EFBIG;
	if (S_ISREG(vn->v_mode))
		return ext2_page_write(EV(vn), u, off);
	return blk_write(EV(vn), u, off);
}

/* A slow symlink's target, written once when it is made. */
static long blk_write(struct ext2_vnode *ev, struct uio *u, uint64_t off)
{
	struct vnode *vn = &ev->vn;
	struct ext2_fs *fs = EFS(vn);
	size_t done = 0;
	uint32_t blk;
	struct buf *b;
	int err = 0;

	while (done < u->len) {
		uint64_t pos = off + done, lb = pos / fs->bsize;
		size_t bo = pos % fs->bsize, n = fs->bsize - bo < u->len - done ? fs->bsize - bo : u->len - done;
		uint64_t before = ev->e_blocks;

		if ((err = ext2_bmap(ev, lb, true, &blk)) != 0)
			break;
		/* A new block need not be read first. */
		if (ev->e_blocks != before)
			err = bcache_get_zero(fs->bd, blk, fs->bsize, &b);
		else
			err = bcache_read(fs->bd, blk, fs->bsize, &b);
		if (err != 0)
			break;
		err = uio_copyin(b->b_data + bo, u, done, n);
		ext2_dirty_data(ev, b);
		bcache_put(b);
		if (err != 0)
			break;
		done += n;
		if (off + done > vn->v_size)
			vn->v_size = off + done;
	}
	if (done > 0)
		vnode_touch(vn, VN_MTIME | VN_CTIME);
	return done > 0 ? (long)done : err;
}

/*
 * Free the blocks of the tree under *slot (level 0: a data block) that
 * hold file blocks from keep on; base is the first file block it covers.
 * *slot becomes 0 when nothing under it is left.
 */
static int free_tree(struct ext2_vnode *ev, uint32_t *slot, int level, uint64_t base,
		     uint64_t keep, int depth)
{
	struct ext2_fs *fs = EFS(&ev->vn);
	uint64_t p = fs->bsize / 4, span = 1, i;
	bool empty = true;
	uint32_t *ptr;
	struct buf *b;
	int err = 0, e;

	if (*slot == 0)
		return 0;
	if (!ext2_block_ok(fs, *slot))
		return ext2_corrupt(fs, "block pointer out of range while truncating", *slot);
	for (i = 1; (int)i < level; i++)
		span *= p; /* file blocks per pointer of this block: p^(level-1) */
	if (level == 0 || depth > 3) {
		if (base < keep)
			return 0;
		goto free_it;
	}
	if (base + span * p <= keep)
		return 0; /* wholly kept */
	if ((err = ext2_bread(fs, *slot, &b)) != 0)
		return err;
	ptr = (uint32_t *)b->b_data;
	for (i = 0; i < p; i++) {
		if (ptr[i] != 0 && base + (i + 1) * span > keep) {
			e = free_tree(ev, &ptr[i], level - 1, base + i * span, keep, depth + 1);
			ext2_dirty(ev, b);
			if (e != 0 && err == 0)
				err = e;
		}
		if (ptr[i] != 0)
			empty = false;
	}
	bcache_put(b);
	if (!empty || err != 0)
		return err;
free_it:
	err = ext2_free_block(fs, *slot);
	*slot = 0;
	if (ev->e_blocks >= fs->bsize / 512)
		ev->e_blocks -= fs->bsize / 512;
	return err;
}

/* Zero the part of the block holding offset size that lies past it. */
static int zero_tail(struct ext2_vnode *ev, uint64_t size)
{
	struct ext2_fs *fs = EFS(&ev->vn);
	uint32_t blk;
	struct buf *b;
	int err;

	if (size % fs->bsize == 0)
		return 0;
	if ((err = ext2_bmap(ev, size / fs->bsize, false, &blk)) != 0 || blk == 0)
		return err;
	if ((err = bcache_read(fs->bd, blk, fs->bsize, &b)) != 0)
		return err;
	memset(b->b_data + size % fs->bsize, 0, fs->bsize - size % fs->bsize);
	ext2_dirty_data(ev, b);
	bcache_put(b);
	return 0;
}

int ext2_truncate(struct vnode *vn, uint64_t size)
{
	struct ext2_vnode *ev = EV(vn);
	struct ext2_fs *fs = EFS(vn);
	uint64_t p = fs->bsize / 4, keep = (size + fs->bsize - 1) / fs->bsize;
	uint64_t base[3] = { EXT2_NDIR, EXT2_NDIR + p, EXT2_NDIR + p + p * p };
	int err = 0, e, i;

	if (fs->rdonly)
		return -EROFS;
	if (size > fs->max_size)
		return -EFBIG;
	if (S_ISREG(vn->v_mode) && (err = ext2_page_truncate(ev, size)) != 0)
		return err;
	if (size < vn->v_size) {
		if (!S_ISREG(vn->v_mode) && (err = zero_tail(ev, size)) != 0)
			return err;
		for (i = 0; i < EXT2_NDIR; i++)
			if ((uint64_t)i >= keep && (e = free_tree(ev, &ev->e_block[i], 0, (uint64_t)i,
								  keep, 0)) != 0 && err == 0)
				err = e;
		for (i = 0; i < 3; i++)
			if ((e = free_tree(ev, &ev->e_block[EXT2_IND + i], i + 1, base[i], keep, 0)) != 0 &&
			    err == 0)
				err = e;
	}
	vn->v_size = size;
	vnode_touch(vn, VN_MTIME | VN_CTIME);
	return err;
}
