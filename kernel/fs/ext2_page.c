/*
 * ext2_page.c: a regular file's bytes through the page cache (fs/ext2.h,
 * fs/pcache.h).
 *
 * read(), write() and mappings of a regular file use its pages in the page
 * cache (ev->e_pc); the block cache never holds them, so the file's bytes
 * are cached once.  A page is filled from, and written back to, the file's
 * blocks (4096 / bsize of them per page) straight between the page and the
 * device, one request per run of blocks contiguous on the disk.  Only the
 * blocks below the file's size are read or written: past it a page is
 * zeros, in memory and on the disk.
 *
 * Blocks are allocated when write() reaches them (so ENOSPC is write()'s),
 * and at write-back for a hole a shared mapping stored into.  A block
 * freed by the file system has its block-cache buffer forgotten
 * (ext2_free_block), so a stale metadata buffer can never be written over
 * a block that now holds a file's bytes.
 *
 * Locking: vfs_lock, as all of ext2.
 */
#include <dev/blkdev.h>
#include <fs/ext2.h>
#include <lib/string.h>
#include <stddef.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include <vm/pmm.h>

#define PPB_MAX (PAGE_SIZE / 1024) /* blocks per page at the smallest block size */

static struct ext2_vnode *pc_vnode(struct pcache *pc)
{
	return (struct ext2_vnode *)((char *)pc - offsetof(struct ext2_vnode, e_pc));
}

/*
 * The disk blocks of page idx's blocks below the file's end (0: a hole or
 * past the end), allocating holes when alloc: how many blocks a page has.
 */
static int page_blocks(struct ext2_vnode *ev, uint64_t idx, bool alloc, uint32_t *blks)
{
	struct ext2_fs *fs = EFS(&ev->vn);
	unsigned ppb = PAGE_SIZE / fs->bsize, i;
	uint64_t first = idx * ppb;
	int err;

	for (i = 0; i < ppb; i++) {
		blks[i] = 0;
		if ((first + i) * fs->bsize >= ev->vn.v_size)
			continue;
		if ((err = ext2_bmap(ev, first + i, alloc, &blks[i])) != 0)
			return err;
	}
	return 0;
}

/* Move the runs of contiguous non-zero blocks between kva and the disk. */
static int page_io(struct ext2_fs *fs, bool write, const uint32_t *blks, uint8_t *kva)
{
	unsigned ppb = PAGE_SIZE / fs->bsize, i, n;
	uint64_t spb = fs->bsize / fs->bd->bd_sector_size;
	int err;

	for (i = 0; i < ppb; i += n) {
		if (blks[i] == 0) {
			n = 1;
			continue;
		}
		for (n = 1; i + n < ppb && blks[i + n] == blks[i] + n; n++)
			;
		err = write ? blkdev_write(fs->bd, blks[i] * spb, kva + i * fs->bsize, n * spb)
			    : blkdev_read(fs->bd, blks[i] * spb, kva + i * fs->bsize, n * spb);
		if (err != 0)
			return err;
	}
	return 0;
}

static int ext2_pco_read(struct pcache *pc, uint64_t idx, void *kva)
{
	struct ext2_vnode *ev = pc_vnode(pc);
	struct ext2_fs *fs = EFS(&ev->vn);
	uint32_t blks[PPB_MAX];
	unsigned i;
	int err;

	if ((err = page_blocks(ev, idx, false, blks)) != 0)
		return err;
	for (i = 0; i < PAGE_SIZE / fs->bsize; i++)
		if (blks[i] == 0)
			memset((uint8_t *)kva + i * fs->bsize, 0, fs->bsize);
	return page_io(fs, false, blks, kva);
}

static int ext2_pco_write(struct pcache *pc, uint64_t idx, void *kva, bool mapped)
{
	struct ext2_vnode *ev = pc_vnode(pc);
	struct ext2_fs *fs = EFS(&ev->vn);
	uint64_t start = idx * PAGE_SIZE;
	uint32_t blks[PPB_MAX];
	int err;

	if (fs->rdonly)
		return -EROFS;
	if (start >= ev->vn.v_size)
		return 0; /* wholly past the end (cut meanwhile): nothing of it is the file's */
	/* Past the end the disk holds zeros, whatever a mapping stored there (as Linux). */
	if (ev->vn.v_size - start < PAGE_SIZE)
		memset((uint8_t *)kva + (ev->vn.v_size - start), 0,
		       PAGE_SIZE - (ev->vn.v_size - start));
	if ((err = page_blocks(ev, idx, mapped, blks)) != 0)
		return err;
	return page_io(fs, true, blks, kva);
}

const struct pcache_ops ext2_pcache_ops = {
	.pco_read = ext2_pco_read,
	.pco_write = ext2_pco_write,
};

long ext2_page_read(struct ext2_vnode *ev, struct uio *u, uint64_t off)
{
	struct vnode *vn = &ev->vn;
	size_t done = 0, want;
	struct pcpage *pp;
	int err = 0;

	if (off >= vn->v_size)
		return 0;
	want = vn->v_size - off < u->len ? vn->v_size - off : u->len;
	while (done < want) {
		uint64_t pos = off + done;
		size_t po = pos % PAGE_SIZE, n = PAGE_SIZE - po < want - done ? PAGE_SIZE - po : want - done;

		if ((err = pcache_get(&ev->e_pc, pos / PAGE_SIZE, true, &pp)) != 0)
			break;
		if ((err = uio_copyout(u, done, (uint8_t *)PHYS_TO_VIRT(pp->pp_pa) + po, n)) != 0)
			break;
		done += n;
	}
	return done > 0 ? (long)done : err;
}

/* Zero the cached page holding the end of the file past the end (before the file grows). */
static void tail_zero(struct ext2_vnode *ev)
{
	uint64_t size = ev->vn.v_size;
	struct pcpage *pp;

	if (size % PAGE_SIZE == 0 || (pp = pcache_find(&ev->e_pc, size / PAGE_SIZE)) == NULL)
		return;
	memset((uint8_t *)PHYS_TO_VIRT(pp->pp_pa) + size % PAGE_SIZE, 0,
	       PAGE_SIZE - size % PAGE_SIZE);
}

/* Allocate the blocks of [pos, pos + n) (within one block). */
static int alloc_range(struct ext2_vnode *ev, uint64_t pos, size_t n)
{
	struct ext2_fs *fs = EFS(&ev->vn);
	uint64_t lb;
	uint32_t blk;
	int err;

	for (lb = pos / fs->bsize; lb * fs->bsize < pos + n; lb++)
		if ((err = ext2_bmap(ev, lb, true, &blk)) != 0)
			return err;
	return 0;
}

/*
 * The user's bytes go through a bounce page: a fault half way through a
 * copy then leaves the cached page as it was, never half new.
 */
long ext2_page_write(struct ext2_vnode *ev, struct uio *u, uint64_t off)
{
	struct vnode *vn = &ev->vn;
	uint8_t *bounce;
	size_t done = 0;
	struct pcpage *pp;
	int err = 0;

	if ((bounce = kmalloc(PAGE_SIZE)) == NULL)
		return -ENOMEM;
	if (off + u->len > vn->v_size)
		tail_zero(ev);
	/* A block at a time: a block that cannot be had (ENOSPC) leaves none allocated past the end. */
	while (done < u->len) {
		uint64_t pos = off + done, idx = pos / PAGE_SIZE, bs = EFS(vn)->bsize;
		size_t po = pos % PAGE_SIZE, n = bs - pos % bs < u->len - done ? bs - pos % bs : u->len - done;

		if ((err = uio_copyin(bounce, u, done, n)) != 0)
			break;
		/* A page wholly past the end is zeros: no need to read it. */
		if ((err = pcache_get(&ev->e_pc, idx, idx * PAGE_SIZE < vn->v_size, &pp)) != 0)
			break;
		if ((err = alloc_range(ev, pos, n)) != 0)
			break;
		memcpy((uint8_t *)PHYS_TO_VIRT(pp->pp_pa) + po, bounce, n);
		pcache_dirty(pp);
		done += n;
		if (off + done > vn->v_size)
			vn->v_size = off + done;
	}
	kfree(bounce);
	if (done > 0)
		vnode_touch(vn, VN_MTIME | VN_CTIME);
	return done > 0 ? (long)done : err;
}

int ext2_page_truncate(struct ext2_vnode *ev, uint64_t size)
{
	struct pcpage *pp;
	int err;

	if (size >= ev->vn.v_size) {
		tail_zero(ev);
		return 0;
	}
	if (size % PAGE_SIZE != 0) {
		struct ext2_fs *fs = EFS(&ev->vn);
		uint32_t blk = 0;

		if ((err = pcache_get(&ev->e_pc, size / PAGE_SIZE, true, &pp)) != 0)
			return err;
		memset((uint8_t *)PHYS_TO_VIRT(pp->pp_pa) + size % PAGE_SIZE, 0,
		       PAGE_SIZE - size % PAGE_SIZE);
		/* The disk must hold zeros past the end too; a hole already does. */
		if (size % fs->bsize != 0 && (err = ext2_bmap(ev, size / fs->bsize, false, &blk)) != 0)
			return err;
		if (blk != 0)
			pcache_dirty(pp);
	}
	pcache_truncate(&ev->e_pc, (size + PAGE_SIZE - 1) / PAGE_SIZE);
	return 0;
}

int ext2_getpage(struct vnode *vn, uint64_t off, uint64_t *pa)
{
	struct pcpage *pp;
	int err;

	if (!S_ISREG(vn->v_mode) || off >= vn->v_size)
		return -ENXIO;
	if ((err = pcache_get(&EV(vn)->e_pc, off / PAGE_SIZE, true, &pp)) != 0)
		return err;
	page_ref(pp->pp_pa);
	*pa = pp->pp_pa;
	return 0;
}
