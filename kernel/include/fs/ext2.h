/*
 * ext2.h: the second extended file system (kernel/fs/ext2_super.c,
 * ext2_inode.c, ext2_dir.c, ext2_vnops.c).  The on-disk structures
 * (little-endian, as the machine) and the in-memory ones.  Design, rules
 * for hostile images and what is supported: docs/storage.md.
 *
 * Locking: vfs_lock guards all of it (every entry point runs with it
 * held, as every vnode operation does).
 */
#ifndef FS_EXT2_H
#define FS_EXT2_H

#include <fs/bcache.h>
#include <fs/pcache.h>
#include <fs/vfs.h>
#include <stdbool.h>
#include <stdint.h>

struct blkdev;

#define EXT2_MAGIC 0xef53
#define EXT2_ROOT_INO 2
#define EXT2_GOOD_OLD_FIRST_INO 11
#define EXT2_GOOD_OLD_INODE_SIZE 128
#define EXT2_NDIR 12
#define EXT2_IND 12
#define EXT2_DIND 13
#define EXT2_TIND 14
#define EXT2_NBLOCKS 15

#define EXT2_VALID_FS 1
#define EXT2_ERROR_FS 2

#define EXT2_FEATURE_INCOMPAT_FILETYPE 0x0002
#define EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER 0x0001
#define EXT2_FEATURE_RO_COMPAT_LARGE_FILE 0x0002
#define EXT2_FEATURE_RO_COMPAT_BTREE_DIR 0x0004
#define EXT2_INCOMPAT_SUPP EXT2_FEATURE_INCOMPAT_FILETYPE
#define EXT2_RO_COMPAT_SUPP (EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER | \
			     EXT2_FEATURE_RO_COMPAT_LARGE_FILE | EXT2_FEATURE_RO_COMPAT_BTREE_DIR)

#define EXT2_INDEX_FL 0x00001000 /* hashed directory index */

/* Directory entry file types (the filetype feature). */
#define EXT2_FT_UNKNOWN 0
#define EXT2_FT_REG 1
#define EXT2_FT_DIR 2
#define EXT2_FT_CHR 3
#define EXT2_FT_BLK 4
#define EXT2_FT_FIFO 5
#define EXT2_FT_SOCK 6
#define EXT2_FT_SYMLINK 7

struct ext2_super {
	uint32_t s_inodes_count;
	uint32_t s_blocks_count;
	uint32_t s_r_blocks_count;
	uint32_t s_free_blocks_count;
	uint32_t s_free_inodes_count;
	uint32_t s_first_data_block;
	uint32_t s_log_block_size;
	uint32_t s_log_frag_size;
	uint32_t s_blocks_per_group;
	uint32_t s_frags_per_group;
	uint32_t s_inodes_per_group;
	uint32_t s_mtime;
	uint32_t s_wtime;
	uint16_t s_mnt_count;
	int16_t s_max_mnt_count;
	uint16_t s_magic;
	uint16_t s_state;
	uint16_t s_errors;
	uint16_t s_minor_rev_level;
	uint32_t s_lastcheck;
	uint32_t s_checkinterval;
	uint32_t s_creator_os;
	uint32_t s_rev_level;
	uint16_t s_def_resuid;
	uint16_t s_def_resgid;
	uint32_t s_first_ino;
	uint16_t s_inode_size;
	uint16_t s_block_group_nr;
	uint32_t s_feature_compat;
	uint32_t s_feature_incompat;
	uint32_t s_feature_ro_compat;
	uint8_t s_uuid[16];
	char s_volume_name[16];
	char s_last_mounted[64];
	uint32_t s_algo_bitmap;
	uint8_t s_prealloc_blocks;
	uint8_t s_prealloc_dir_blocks;
	uint16_t s_reserved_gdt_blocks;
	uint8_t s_rest[816];
};

struct ext2_group {
	uint32_t bg_block_bitmap;
	uint32_t bg_inode_bitmap;
	uint32_t bg_inode_table;
	uint16_t bg_free_blocks_count;
	uint16_t bg_free_inodes_count;
	uint16_t bg_used_dirs_count;
	uint16_t bg_pad;
	uint32_t bg_reserved[3];
};

struct ext2_inode {
	uint16_t i_mode;
	uint16_t i_uid;
	uint32_t i_size;
	uint32_t i_atime;
	uint32_t i_ctime;
	uint32_t i_mtime;
	uint32_t i_dtime;
	uint16_t i_gid;
	uint16_t i_links_count;
	uint32_t i_blocks;          /* 512-byte units */
	uint32_t i_flags;
	uint32_t i_osd1;
	uint32_t i_block[EXT2_NBLOCKS];
	uint32_t i_generation;
	uint32_t i_file_acl;
	uint32_t i_size_high;
	uint32_t i_faddr;
	uint8_t i_frag, i_fsize;
	uint16_t i_pad1;
	uint16_t i_uid_high;
	uint16_t i_gid_high;
	uint32_t i_reserved2;
	uint16_t i_extra_isize;     /* only when s_inode_size > 128 */
};

struct ext2_dirent {
	uint32_t inode;
	uint16_t rec_len;
	uint8_t name_len;
	uint8_t file_type;
	char name[];
};

struct ext2_vnode;

/* One mounted ext2 file system. */
struct ext2_fs {
	struct mount mnt;
	struct blkdev *bd;
	struct ext2_super sb;        /* the primary superblock, written back on sync */
	uint32_t bsize;
	uint32_t ngroups;
	uint32_t gdt_blocks;
	uint32_t inode_size;
	uint32_t first_ino;
	uint64_t max_size;           /* largest file size */
	uint32_t meta_end;           /* first block after the primary superblock and GDT */
	bool rdonly;
	bool forced_ro;              /* an unknown ro-compat feature: never writable */
	bool errors;                 /* an inconsistency was found */
	uint32_t nvnodes;            /* vnodes in memory */
	struct ext2_vnode *itab[64]; /* inode number -> live vnode */
	char dname[256];             /* readdir's name, good until the next call */
};

/* One inode in memory; the vnode's attributes are the inode's. */
struct ext2_vnode {
	struct vnode vn;
	uint32_t e_block[EXT2_NBLOCKS];
	uint32_t e_flags;
	uint32_t e_file_acl;
	uint32_t e_dtime;
	uint64_t e_blocks;           /* i_blocks: 512-byte units */
	uint32_t e_last_alloc;       /* the last block allocated to it: the next goes after */
	struct pcache e_pc;          /* a regular file's bytes (ext2_page.c) */
	struct ext2_vnode *e_hnext;
};

static inline struct ext2_vnode *EV(struct vnode *vn)
{
	return (struct ext2_vnode *)vn;
}

static inline struct ext2_fs *EFS(struct vnode *vn)
{
	return (struct ext2_fs *)vn->v_mount;
}

/* b (an indirect block, a directory block: metadata) changed: it is ev's, for fsync. */
static inline void ext2_dirty(struct ext2_vnode *ev, struct buf *b)
{
	bcache_dirty_owned(b, (uint32_t)ev->vn.v_ino, false);
}

/* b, a block of ev's bytes, changed. */
static inline void ext2_dirty_data(struct ext2_vnode *ev, struct buf *b)
{
	bcache_dirty_owned(b, (uint32_t)ev->vn.v_ino, true);
}

/* ext2_super.c */
struct mount *ext2_mount(struct blkdev *bd, unsigned long flags, int *errp);
/* Log an inconsistency and mark the file system as having errors: -EUCLEAN. */
int ext2_corrupt(struct ext2_fs *fs, const char *what, uint64_t n);
int ext2_bread(struct ext2_fs *fs, uint32_t blk, struct buf **out);
bool ext2_block_ok(struct ext2_fs *fs, uint32_t blk);
int ext2_alloc_block(struct ext2_fs *fs, uint32_t goal, uint32_t *out);
int ext2_free_block(struct ext2_fs *fs, uint32_t blk);
int ext2_alloc_inode(struct ext2_fs *fs, uint32_t dir_ino, bool isdir, uint32_t *out);
int ext2_free_inode(struct ext2_fs *fs, uint32_t ino, bool isdir);
int ext2_dirs_delta(struct ext2_fs *fs, uint32_t ino, int delta);

/* ext2_inode.c */
int ext2_iget(struct ext2_fs *fs, uint32_t ino, struct vnode **out);
int ext2_iwrite(struct ext2_vnode *ev);
/* A fresh in-memory inode for a just-allocated number. */
int ext2_inew(struct ext2_fs *fs, uint32_t ino, uint32_t mode, struct ext2_vnode **out);
void ext2_inactive(struct vnode *vn);
/* File block lblk: its disk block (0 for a hole), allocating when alloc. */
int ext2_bmap(struct ext2_vnode *ev, uint64_t lblk, bool alloc, uint32_t *out);
long ext2_read(struct vnode *vn, struct uio *u, uint64_t off);
long ext2_write(struct vnode *vn, struct uio *u, uint64_t off);
int ext2_truncate(struct vnode *vn, uint64_t size);
int ext2_sync_inodes(struct ext2_fs *fs);
bool ext2_fast_symlink(struct ext2_vnode *ev);

/* ext2_page.c: a regular file's bytes, through the page cache */
extern const struct pcache_ops ext2_pcache_ops;
long ext2_page_read(struct ext2_vnode *ev, struct uio *u, uint64_t off);
long ext2_page_write(struct ext2_vnode *ev, struct uio *u, uint64_t off);
/* Before the size changes to size: zero past it in the cache, drop the pages past it. */
int ext2_page_truncate(struct ext2_vnode *ev, uint64_t size);
/* The vnode op getpage: the page holding off, referenced for the caller. */
int ext2_getpage(struct vnode *vn, uint64_t off, uint64_t *pa);
/* Write back every live regular file's dirty pages: 0 or the first error. */
int ext2_sync_pages(struct ext2_fs *fs);

/* ext2_fsync.c */
/* Write vn's blocks, then (unless datasync and only its times changed) all metadata. */
int ext2_fsync(struct vnode *vn, bool datasync);
/* ext2_inode.c, for fdatasync: whether ev's inode on the disk may differ in more than its times. */
bool ext2_inode_changed(struct ext2_vnode *ev);
/* ext2_super.c, for fsync: in-memory inodes and superblock into their buffers, then all metadata out. */
int ext2_sync_meta(struct ext2_fs *fs);

/* ext2_dir.c */
int ext2_dir_find(struct ext2_vnode *dir, const char *name, uint32_t *ino);
int ext2_dir_add(struct ext2_vnode *dir, const char *name, uint32_t ino, uint32_t mode);
int ext2_dir_remove(struct ext2_vnode *dir, const char *name);
/* Point name's entry at ino (rename over an existing name). */
int ext2_dir_set(struct ext2_vnode *dir, const char *name, uint32_t ino, uint32_t mode);
int ext2_dir_empty(struct ext2_vnode *dir);
int ext2_dir_init(struct ext2_vnode *dir, uint32_t parent);
int ext2_readdir(struct vnode *dir, uint64_t *cookie, struct vdirent *out);

extern const struct vnode_ops ext2_vnops;

#endif
