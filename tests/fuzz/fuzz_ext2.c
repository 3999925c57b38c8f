/*
 * fuzz_ext2.c: libFuzzer target for ext2 (kernel/fs/ext2_*.c) over the
 * block cache (bcache.c) and the real vfs.c, namei.c, cred.c, with
 * kstubs.c and a block device in memory.  The input is a disk image (the
 * first DISK_BYTES; the rest reads as zeros): mounted, its whole tree
 * walked and read, then changed (files written with holes and indirect
 * blocks, directories made, renames, links, symlinks, truncations,
 * deletions), then unmounted.  Whatever the image holds, every call must
 * return (an error is fine: EUCLEAN for corruption); a crash, a panic, a
 * leak (the cache must be empty after the unmount) or a bad access is a
 * finding.
 *
 * Run by hand on one image, EXT2_FUZZ_OUT=FILE writes the disk as the
 * unmount left it, and EXT2_FUZZ_BYTES sets the disk's size: with an image
 * from mkfs.ext2, `e2fsck -fn FILE` must then find it clean.
 */
#include <stdint.h>

#include <dev/blkdev.h>
#include <fs/bcache.h>
#include <fs/ext2.h>
#include <fs/pcache.h>
#include <fs/vfs.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>

#define abort() __builtin_abort()

/* No C library headers here (their struct stat and timespec clash with the kernel's). */
char *getenv(const char *name);
int open(const char *path, int flags, ...);
long write(int fd, const void *p, unsigned long n);
int close(int fd);
long strtol(const char *s, char **end, int base);

#define DISK_MAX (64ul << 20)

static uint8_t *disk;
static size_t disk_bytes = 65536;
static struct blkdev bd = { .bd_name = "fz0", .bd_sector_size = 512, .bd_max_sectors = 128 };

struct blkdev *blkdev_list(void)
{
	return &bd;
}

uint64_t blkdev_bytes(const struct blkdev *b)
{
	return b->bd_nsectors * b->bd_sector_size;
}

int blkdev_read(struct blkdev *b, uint64_t sector, void *buf, size_t count)
{
	if (sector >= b->bd_nsectors || count > b->bd_nsectors - sector)
		abort(); /* the cache must check its ranges */
	memcpy(buf, disk + sector * 512, count * 512);
	return 0;
}

int blkdev_write(struct blkdev *b, uint64_t sector, const void *buf, size_t count)
{
	if (sector >= b->bd_nsectors || count > b->bd_nsectors - sector)
		abort();
	memcpy(disk + sector * 512, buf, count * 512);
	return 0;
}

uint64_t clock_monotonic_ns(void)
{
	return 0;
}

static char scratch[70000];

static void read_all(struct vnode *vn)
{
	struct uio u = { .kbuf = scratch, .len = sizeof(scratch), .user = false };

	if (S_ISREG(vn->v_mode))
		(void)VOP_READ(vn, &u, 0);
	else if (S_ISLNK(vn->v_mode))
		(void)VOP_READLINK(vn, scratch, 4096);
}

/* Walk and read the tree under dir, to a bounded depth and breadth. */
static void walk(struct vnode *dir, int depth, int *budget)
{
	char name[NAME_MAX + 1];
	struct vdirent d;
	struct vnode *vn;
	uint64_t cookie = 0;

	while (--*budget > 0 && VOP_READDIR(dir, &cookie, &d) == 0) {
		if (d.d_namelen > NAME_MAX)
			abort();
		memcpy(name, d.d_name, d.d_namelen);
		name[d.d_namelen] = '\0';
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || strlen(name) != d.d_namelen)
			continue; /* a name with a NUL in it cannot be looked up */
		if (VOP_LOOKUP(dir, name, &vn) != 0)
			continue;
		if (S_ISDIR(vn->v_mode) && depth < 6)
			walk(vn, depth + 1, budget);
		else
			read_all(vn);
		vnode_put(vn);
	}
}

static void write_at(struct vnode *vn, uint64_t off, size_t len)
{
	struct uio u = { .kbuf = scratch, .len = len, .user = false };

	memset(scratch, 'x', len);
	(void)VOP_WRITE(vn, &u, off);
}

/* Change the file system in every way the VFS can. */
static void change(struct vnode *root)
{
	const struct vnode_ops *o = root->v_ops;
	struct vnode *f, *d, *g;

	if (o->vop_create(root, "fz", S_IFREG | 0644, 0, &f) == 0) {
		write_at(f, 0, 5000);
		write_at(f, 300000, 10);
		write_at(f, 70ull << 20, 1); /* past the double-indirect blocks at 1 KiB */
		(void)o->vop_fsync(f, false);
		(void)o->vop_truncate(f, 20000);
		(void)o->vop_fsync(f, true);
		(void)o->vop_link(root, "fz2", f);
		vnode_put(f);
	}
	if (o->vop_create(root, "fzd", S_IFDIR | 0755, 0, &d) == 0) {
		(void)o->vop_rename(root, "fz", d, "g");
		(void)o->vop_symlink(d, "s", "g");
		(void)o->vop_symlink(d, "slow",
				     "a-rather-long-target-that-does-not-fit-in-the-inode-itself/x");
		if (o->vop_create(d, "sub", S_IFDIR | 0700, 0, &g) == 0) {
			(void)o->vop_rename(d, "g", g, "g2");
			(void)o->vop_rename(root, "fz2", g, "g2");
			(void)o->vop_fsync(g, false); /* a new directory in a new directory */
			vnode_put(g);
		}
		(void)o->vop_rename(d, "sub", root, "sub");
		(void)o->vop_rename(root, "fzd", root, "sub"); /* over a non-empty one: refused */
		vnode_put(d);
	}
	(void)o->vop_unlink(root, "fz2", false);
	if (o->vop_lookup(root, "sub", &d) == 0) {
		(void)o->vop_unlink(d, "g2", false);
		vnode_put(d);
	}
	(void)o->vop_unlink(root, "sub", true);
	if (o->vop_lookup(root, "fzd", &d) == 0) {
		(void)o->vop_unlink(d, "s", false);
		(void)o->vop_unlink(d, "slow", false);
		vnode_put(d);
	}
	(void)o->vop_unlink(root, "fzd", true);
	if (o->vop_create(root, "left", S_IFREG | 0600, 0, &f) == 0) {
		write_at(f, 0, 3000);
		vnode_put(f);
	}
}

static void save(const char *path)
{
	int fd = open(path, 01 | 0100 | 01000, 0644); /* O_WRONLY | O_CREAT | O_TRUNC */

	if (fd >= 0) {
		if (write(fd, disk, disk_bytes) != (long)disk_bytes)
			abort();
		close(fd);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mount *m;
	int err, budget = 2000;

	if (getenv("EXT2_FUZZ_BYTES") != NULL)
		disk_bytes = (size_t)strtol(getenv("EXT2_FUZZ_BYTES"), NULL, 0);
	if (disk_bytes > DISK_MAX || disk_bytes < 4096)
		disk_bytes = 65536;
	disk = kzalloc(disk_bytes);
	memcpy(disk, data, size < disk_bytes ? size : disk_bytes);
	bd.bd_nsectors = disk_bytes / 512;
	m = ext2_mount(&bd, 0, &err);
	if (m != NULL) {
		m->m_covered = m->m_root; /* anything non-NULL: not the root file system */
		walk(m->m_root, 0, &budget);
		if (!(m->m_flags & MS_RDONLY))
			change(m->m_root);
		budget = 2000;
		walk(m->m_root, 0, &budget);
		if (m->m_ops->mo_unmount(m) != 0)
			abort(); /* nothing is in use */
	}
	if (bcache_bytes() != 0 || pcache_total() != 0)
		abort(); /* an unmount (or a failed mount) leaves nothing cached */
	if (getenv("EXT2_FUZZ_OUT") != NULL)
		save(getenv("EXT2_FUZZ_OUT"));
	kfree(disk);
	return 0;
}
