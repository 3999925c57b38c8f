/*
 * ext2_dir.c: directory entries (fs/ext2.h).
 *
 * A directory is a file of blocks, each a chain of entries (inode, record
 * length, name length, file type, name) whose record lengths add up to the
 * block exactly; an entry with inode 0 is free space.  Every entry is
 * checked before it is used: a record length that is not a multiple of 4,
 * too short for its name or running past the block, or an inode number past
 * the count, is corruption (-EUCLEAN and a log line).  Adding an entry
 * splits the first entry with room, or appends a block; removing one merges
 * it into the entry before it in its block.  A directory we change loses
 * its hashed-index flag (docs/storage.md).
 */
#include <fs/ext2.h>
#include <lib/string.h>
#include <sys/errno.h>

#define REC_LEN(namelen) (((uint32_t)(namelen) + 8 + 3) & ~3u)

/* Called for each valid entry; 0 goes on, 1 stops the walk, < 0 fails it. */
typedef int (*dir_fn)(struct ext2_vnode *dir, struct buf *b, struct ext2_dirent *de,
		      struct ext2_dirent *prev, uint64_t pos, void *arg);

static int entry_check(struct ext2_fs *fs, struct ext2_dirent *de, uint32_t off, uint64_t ino)
{
	uint32_t i;

	if (de->rec_len < 8 || de->rec_len % 4 != 0 || off + de->rec_len > fs->bsize ||
	    (uint32_t)de->name_len + 8 > de->rec_len || de->inode > fs->sb.s_inodes_count)
		return ext2_corrupt(fs, "bad directory entry in directory", ino);
	for (i = 0; de->inode != 0 && i < de->name_len; i++)
		if (de->name[i] == '/' || de->name[i] == '\0')
			return ext2_corrupt(fs, "name with '/' or NUL in directory", ino);
	if (de->inode != 0 && de->name_len == 0)
		return ext2_corrupt(fs, "empty name in directory", ino);
	return 0;
}

static int dir_block(struct ext2_vnode *dir, uint64_t lb, struct buf **b)
{
	struct ext2_fs *fs = EFS(&dir->vn);
	uint32_t blk;
	int err = ext2_bmap(dir, lb, false, &blk);

	if (err != 0)
		return err;
	if (blk == 0)
		return ext2_corrupt(fs, "hole in directory", dir->vn.v_ino);
	return bcache_read(fs->bd, blk, fs->bsize, b);
}

/* Walk the entries from byte from on: 1 if fn stopped it, 0 at the end. */
static int dir_walk(struct ext2_vnode *dir, uint64_t from, dir_fn fn, void *arg)
{
	struct ext2_fs *fs = EFS(&dir->vn);
	uint64_t nblocks = (dir->vn.v_size + fs->bsize - 1) / fs->bsize, lb;
	struct ext2_dirent *de, *prev;
	uint32_t off;
	struct buf *b;
	int r;

	for (lb = from / fs->bsize; lb < nblocks; lb++) {
		if ((r = dir_block(dir, lb, &b)) != 0)
			return r;
		for (off = 0, prev = NULL, r = 0; off < fs->bsize && r == 0; off += de->rec_len) {
			de = (struct ext2_dirent *)(b->b_data + off);
			if ((r = entry_check(fs, de, off, dir->vn.v_ino)) != 0)
				break;
			if (lb * fs->bsize + off >= from)
				r = fn(dir, b, de, prev, lb * fs->bsize + off, arg);
			prev = de;
		}
		bcache_put(b);
		if (r != 0)
			return r;
	}
	return 0;
}

static bool name_is(const struct ext2_dirent *de, const char *name)
{
	size_t len = strlen(name);

	return de->inode != 0 && de->name_len == len && memcmp(de->name, name, len) == 0;
}

struct find_arg {
	const char *name;
	uint32_t ino;
	uint32_t mode;
	int op; /* FIND, REMOVE, SET */
};

enum { OP_FIND, OP_REMOVE, OP_SET };

static uint8_t ftype(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: return EXT2_FT_REG;
	case S_IFDIR: return EXT2_FT_DIR;
	case S_IFCHR: return EXT2_FT_CHR;
	case S_IFBLK: return EXT2_FT_BLK;
	case S_IFIFO: return EXT2_FT_FIFO;
	case S_IFSOCK: return EXT2_FT_SOCK;
	case S_IFLNK: return EXT2_FT_SYMLINK;
	}
	return EXT2_FT_UNKNOWN;
}

static uint8_t ftype_fs(struct ext2_fs *fs, uint32_t mode)
{
	return (fs->sb.s_feature_incompat & EXT2_FEATURE_INCOMPAT_FILETYPE) ? ftype(mode) : 0;
}

static void dir_changed(struct ext2_vnode *dir, struct buf *b)
{
	ext2_dirty(dir, b);
	dir->e_flags &= ~(uint32_t)EXT2_INDEX_FL;
	vnode_touch(&dir->vn, VN_MTIME | VN_CTIME);
}

static int find_fn(struct ext2_vnode *dir, struct buf *b, struct ext2_dirent *de,
		   struct ext2_dirent *prev, uint64_t pos, void *arg)
{
	struct find_arg *a = arg;

	(void)pos;
	if (!name_is(de, a->name))
		return 0;
	switch (a->op) {
	case OP_FIND:
		a->ino = de->inode;
		if (a->ino < EXT2_ROOT_INO)
			return ext2_corrupt(EFS(&dir->vn), "directory entry names a reserved inode",
					    a->ino);
		break;
	case OP_REMOVE:
		if (prev != NULL)
			prev->rec_len = (uint16_t)(prev->rec_len + de->rec_len);
		else
			de->inode = 0;
		dir_changed(dir, b);
		break;
	case OP_SET:
		de->inode = a->ino;
		de->file_type = ftype_fs(EFS(&dir->vn), a->mode);
		dir_changed(dir, b);
		break;
	}
	return 1;
}

int ext2_dir_find(struct ext2_vnode *dir, const char *name, uint32_t *ino)
{
	struct find_arg a = { name, 0, 0, OP_FIND };
	int r = dir_walk(dir, 0, find_fn, &a);

	if (r == 1)
		*ino = a.ino;
	return r < 0 ? r : r == 1 ? 0 : -ENOENT;
}

int ext2_dir_remove(struct ext2_vnode *dir, const char *name)
{
	struct find_arg a = { name, 0, 0, OP_REMOVE };
	int r = dir_walk(dir, 0, find_fn, &a);

	return r < 0 ? r : r == 1 ? 0 : -ENOENT;
}

int ext2_dir_set(struct ext2_vnode *dir, const char *name, uint32_t ino, uint32_t mode)
{
	struct find_arg a = { name, ino, mode, OP_SET };
	int r = dir_walk(dir, 0, find_fn, &a);

	return r < 0 ? r : r == 1 ? 0 : -ENOENT;
}

static void fill(struct ext2_fs *fs, struct ext2_dirent *de, const char *name, uint32_t ino,
		 uint32_t mode, uint32_t rec_len)
{
	de->inode = ino;
	de->rec_len = (uint16_t)rec_len;
	de->name_len = (uint8_t)strlen(name);
	de->file_type = ftype_fs(fs, mode);
	memcpy(de->name, name, de->name_len);
}

static int add_fn(struct ext2_vnode *dir, struct buf *b, struct ext2_dirent *de,
		  struct ext2_dirent *prev, uint64_t pos, void *arg)
{
	struct find_arg *a = arg;
	struct ext2_fs *fs = EFS(&dir->vn);
	uint32_t need = REC_LEN(strlen(a->name)), used = de->inode != 0 ? REC_LEN(de->name_len) : 0;
	struct ext2_dirent *nd;

	(void)prev;
	(void)pos;
	if (de->rec_len < used + need)
		return 0;
	if (used == 0) {
		fill(fs, de, a->name, a->ino, a->mode, de->rec_len);
	} else {
		nd = (struct ext2_dirent *)((uint8_t *)de + used);
		fill(fs, nd, a->name, a->ino, a->mode, de->rec_len - used);
		de->rec_len = (uint16_t)used;
	}
	dir_changed(dir, b);
	return 1;
}

int ext2_dir_add(struct ext2_vnode *dir, const char *name, uint32_t ino, uint32_t mode)
{
	struct ext2_fs *fs = EFS(&dir->vn);
	struct find_arg a = { name, ino, mode, OP_FIND };
	uint64_t lb = (dir->vn.v_size + fs->bsize - 1) / fs->bsize;
	uint32_t blk;
	struct buf *b;
	int r;

	if (strlen(name) > NAME_MAX)
		return -ENAMETOOLONG;
	r = dir_walk(dir, 0, add_fn, &a);
	if (r != 0)
		return r < 0 ? r : 0;
	/* No room: a new block at the end. */
	if ((r = ext2_bmap(dir, lb, true, &blk)) != 0)
		return r;
	if ((r = bcache_get_zero(fs->bd, blk, fs->bsize, &b)) != 0)
		return r;
	fill(fs, (struct ext2_dirent *)b->b_data, name, ino, mode, fs->bsize);
	dir_changed(dir, b);
	bcache_put(b);
	dir->vn.v_size = (lb + 1) * fs->bsize;
	return 0;
}

static int empty_fn(struct ext2_vnode *dir, struct buf *b, struct ext2_dirent *de,
		    struct ext2_dirent *prev, uint64_t pos, void *arg)
{
	(void)dir, (void)b, (void)prev, (void)pos, (void)arg;
	if (de->inode == 0)
		return 0;
	if (de->name_len == 1 && de->name[0] == '.')
		return 0;
	if (de->name_len == 2 && de->name[0] == '.' && de->name[1] == '.')
		return 0;
	return 1;
}

int ext2_dir_empty(struct ext2_vnode *dir)
{
	int r = dir_walk(dir, 0, empty_fn, NULL);

	return r < 0 ? r : r == 1 ? -ENOTEMPTY : 0;
}

int ext2_dir_init(struct ext2_vnode *dir, uint32_t parent)
{
	struct ext2_fs *fs = EFS(&dir->vn);
	struct ext2_dirent *de;
	uint32_t blk;
	struct buf *b;
	int err;

	if ((err = ext2_bmap(dir, 0, true, &blk)) != 0)
		return err;
	if ((err = bcache_get_zero(fs->bd, blk, fs->bsize, &b)) != 0)
		return err;
	de = (struct ext2_dirent *)b->b_data;
	fill(fs, de, ".", (uint32_t)dir->vn.v_ino, S_IFDIR, 12);
	fill(fs, (struct ext2_dirent *)(b->b_data + 12), "..", parent, S_IFDIR, fs->bsize - 12);
	ext2_dirty(dir, b);
	bcache_put(b);
	dir->vn.v_size = fs->bsize;
	return 0;
}

struct rd_arg {
	uint64_t next;
	struct vdirent *out;
};

static const uint8_t ft_to_dt[8] = { DT_UNKNOWN, DT_REG, DT_DIR, DT_CHR, DT_BLK, DT_FIFO,
				      DT_SOCK, DT_LNK };

static int rd_fn(struct ext2_vnode *dir, struct buf *b, struct ext2_dirent *de,
		 struct ext2_dirent *prev, uint64_t pos, void *arg)
{
	struct rd_arg *a = arg;
	struct ext2_fs *fs = EFS(&dir->vn);

	(void)b, (void)prev;
	if (de->inode == 0)
		return 0;
	memcpy(fs->dname, de->name, de->name_len);
	fs->dname[de->name_len] = '\0';
	a->out->d_ino = de->inode;
	a->out->d_type = (fs->sb.s_feature_incompat & EXT2_FEATURE_INCOMPAT_FILETYPE) &&
			 de->file_type < 8 ? ft_to_dt[de->file_type] : DT_UNKNOWN;
	a->out->d_name = fs->dname;
	a->out->d_namelen = de->name_len;
	a->next = pos + de->rec_len;
	return 1;
}

int ext2_readdir(struct vnode *vn, uint64_t *cookie, struct vdirent *out)
{
	struct rd_arg a = { 0, out };
	int r = dir_walk(EV(vn), *cookie, rd_fn, &a);

	if (r < 0)
		return r;
	if (r == 0)
		return 1;
	*cookie = a.next;
	return 0;
}
