/*
 * blkdev_file.c: the /dev node of a block device (dev/blkdev.h): read,
 * write and lseek at any byte offset, and the size ioctls, with Linux's
 * rules for block devices:
 *   - a read at or past the end returns 0, one that crosses it is short;
 *   - a write at or past the end fails with ENOSPC, one that crosses it
 *     is short; a write to a read-only device fails with EPERM;
 *   - lseek may not go past the end (EINVAL), SEEK_END counts from it;
 *   - an offset plus length beyond 2^63 - 1 is EINVAL.
 *
 * There is no cache yet (docs/storage.md): every call goes to the device
 * through a bounce buffer of at most BOUNCE_MAX bytes, one chunk at a
 * time, so a huge length costs no more kernel memory than a small one,
 * and the caller's signals are looked at between chunks (the transfer
 * then ends short).  A chunk that begins or ends inside a sector reads
 * that sector first and writes it back whole; bd_wlock keeps two writers
 * from interleaving such read-modify-writes of one sector.
 */
#include <dev/blkdev.h>
#include <kern/signal.h>
#include <kern/uaccess.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include <vm/vm.h>

#define BOUNCE_MAX (64 * 1024)

#define BLKROGET 0x125E
#define BLKGETSIZE 0x1260
#define BLKSSZGET 0x1268
#define BLKGETSIZE64 0x80081272
#define BLKPBSZGET 0x127B
#define SEEK_DATA 3
#define SEEK_HOLE 4

static struct blkdev *bd_of(struct file *f)
{
	return f->f_priv;
}

/* A bounce buffer for len bytes: up to BOUNCE_MAX, or one page when memory is tight. */
static char *bounce_alloc(size_t len, size_t *size)
{
	char *buf;

	*size = len < BOUNCE_MAX ? (size_t)PAGE_ROUND_UP(len) : BOUNCE_MAX;
	if (*size > PAGE_SIZE && (buf = kmalloc(*size)) != NULL)
		return buf;
	*size = PAGE_SIZE;
	return kmalloc(PAGE_SIZE);
}

/*
 * The transfer [off, off + *len) clipped to the device: 0, or -EINVAL
 * when off + len overflows an off_t (Linux's rw_verify_area).
 */
static int clip(struct blkdev *bd, uint64_t off, size_t *len)
{
	uint64_t size = blkdev_bytes(bd);

	if (*len > (uint64_t)INT64_MAX - off)
		return -EINVAL;
	if (off < size && *len > size - off)
		*len = (size_t)(size - off);
	return 0;
}

/* One piece of a transfer at byte at: its first sector, offset in it, sector count. */
struct piece {
	uint64_t first;
	size_t skip, n, nsec;
};

static void piece_at(struct blkdev *bd, uint64_t at, size_t left, size_t cap, struct piece *p)
{
	size_t ss = bd->bd_sector_size;

	p->first = at / ss;
	p->skip = (size_t)(at % ss);
	p->n = left < cap - p->skip ? left : cap - p->skip;
	p->nsec = (p->skip + p->n + ss - 1) / ss;
}

/* What a transfer that stopped after done bytes with err returns. */
static long result(size_t done, int err)
{
	return done > 0 ? (long)done : err;
}

static long blk_read(struct file *f, struct uio *u, uint64_t *pos)
{
	struct blkdev *bd = bd_of(f);
	size_t len = u->len, done = 0, cap;
	struct piece p;
	char *buf;
	int err;

	if ((err = clip(bd, *pos, &len)) != 0)
		return err;
	if (*pos >= blkdev_bytes(bd) || len == 0)
		return 0;
	if ((buf = bounce_alloc(len, &cap)) == NULL)
		return -ENOMEM;
	while (done < len && !(done > 0 && signal_pending())) {
		piece_at(bd, *pos + done, len - done, cap, &p);
		if ((err = blkdev_read(bd, p.first, buf, p.nsec)) != 0)
			break;
		if (uio_copyout(u, done, buf + p.skip, p.n) != 0) {
			err = -EFAULT;
			break;
		}
		done += p.n;
	}
	kfree(buf);
	*pos += done;
	return result(done, err);
}

/* Read the sectors a piece only partly covers, so writing it whole keeps their rest. */
static int fill_edges(struct blkdev *bd, const struct piece *p, char *buf)
{
	size_t ss = bd->bd_sector_size;
	int err = 0;

	if (p->skip != 0)
		err = blkdev_read(bd, p->first, buf, 1);
	if (err == 0 && (p->skip + p->n) % ss != 0 && !(p->nsec == 1 && p->skip != 0))
		err = blkdev_read(bd, p->first + p->nsec - 1, buf + (p->nsec - 1) * ss, 1);
	return err;
}

static long blk_write(struct file *f, struct uio *u, uint64_t *pos)
{
	struct blkdev *bd = bd_of(f);
	size_t len = u->len, done = 0, cap;
	struct piece p;
	char *buf;
	int err;

	if (bd->bd_readonly)
		return -EPERM;
	if (len == 0)
		return 0;
	if ((err = clip(bd, *pos, &len)) != 0)
		return err;
	if (*pos >= blkdev_bytes(bd))
		return -ENOSPC;
	if ((buf = bounce_alloc(len, &cap)) == NULL)
		return -ENOMEM;
	mutex_lock(&bd->bd_wlock);
	while (done < len && !(done > 0 && signal_pending())) {
		piece_at(bd, *pos + done, len - done, cap, &p);
		if ((err = fill_edges(bd, &p, buf)) != 0)
			break;
		if (uio_copyin(buf + p.skip, u, done, p.n) != 0) {
			err = -EFAULT;
			break;
		}
		if ((err = blkdev_write(bd, p.first, buf, p.nsec)) != 0)
			break;
		done += p.n;
	}
	mutex_unlock(&bd->bd_wlock);
	kfree(buf);
	*pos += done;
	return result(done, err);
}

static int64_t blk_llseek(struct file *f, int64_t off, int whence)
{
	int64_t size = (int64_t)blkdev_bytes(bd_of(f)), base;

	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = (int64_t)f->f_pos; break;
	case SEEK_END: base = size; break;
	case SEEK_DATA: return off < 0 || off >= size ? -ENXIO : off;
	case SEEK_HOLE: return off < 0 || off >= size ? -ENXIO : size;
	default: return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0 || base + off > size)
		return -EINVAL;
	return base + off;
}

static int put_u64(uaddr_t arg, uint64_t v)
{
	return copy_to_user(arg, &v, sizeof(v));
}

static int put_u32(uaddr_t arg, uint32_t v)
{
	return copy_to_user(arg, &v, sizeof(v));
}

static int blk_ioctl(struct file *f, unsigned long cmd, uaddr_t arg)
{
	struct blkdev *bd = bd_of(f);

	switch ((uint32_t)cmd) { /* Linux's cmd is an unsigned int */
	case BLKGETSIZE64: return put_u64(arg, blkdev_bytes(bd));
	case BLKGETSIZE: return put_u64(arg, blkdev_bytes(bd) >> 9);
	case BLKSSZGET:
	case BLKPBSZGET: return put_u32(arg, bd->bd_sector_size);
	case BLKROGET: return put_u32(arg, bd->bd_readonly);
	default: return -ENOTTY;
	}
}

static unsigned blk_poll(struct file *f)
{
	(void)f;
	return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
}

const struct file_ops blkdev_file_ops = {
	.fop_read = blk_read,
	.fop_write = blk_write,
	.fop_ioctl = blk_ioctl,
	.fop_poll = blk_poll,
	.fop_llseek = blk_llseek,
	.fop_seekable = true,
	.fop_always_ready = true,
};
