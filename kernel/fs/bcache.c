/*
 * bcache.c: the block cache (fs/bcache.h).
 *
 * Buffers are found through a hash of (device, block number) and kept on
 * one LRU list, most recently used first.  A miss allocates a new buffer
 * while the cache is under its bound; over it, the coldest unreferenced
 * buffers go first (a dirty one is written, with its device's other dirty
 * buffers, before it goes).  Dirty buffers are written in runs of
 * contiguous blocks, sorted by block number, one request per run.
 *
 * The rules a holder follows, and why, are in docs/storage.md.  All of it
 * runs with vfs_lock held (asserted), including the device I/O.
 */
#include <dev/blkdev.h>
#include <fs/bcache.h>
#include <fs/vfs.h>
#include <kern/kprintf.h>
#include <kern/panic.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include <vm/pmm.h>

#define NHASH 1024
#define RUN_MAX_BYTES (64 * 1024)
#define READAHEAD_MAX 32

static struct buf *hash[NHASH];
static struct buf *lru_head, *lru_tail;
static uint64_t cached_bytes, max_bytes;

uint64_t bcache_bytes(void)
{
	return cached_bytes;
}

void bcache_init(void)
{
	uint64_t total = (uint64_t)pmm_total_count() * 4096;

	max_bytes = total / 8;
	if (max_bytes > 64ull << 20)
		max_bytes = 64ull << 20;
	if (max_bytes < 256 * 1024)
		max_bytes = 256 * 1024;
}

static unsigned hash_of(struct blkdev *bd, uint64_t blkno)
{
	uint64_t h = blkno * 0x9e3779b97f4a7c15ull ^ (uint64_t)(uintptr_t)bd;

	return (unsigned)(h >> 20) % NHASH;
}

static void lru_unlink(struct buf *b)
{
	if (b->b_prev != NULL)
		b->b_prev->b_next = b->b_next;
	else
		lru_head = b->b_next;
	if (b->b_next != NULL)
		b->b_next->b_prev = b->b_prev;
	else
		lru_tail = b->b_prev;
	b->b_prev = b->b_next = NULL;
}

static void lru_push_front(struct buf *b)
{
	b->b_prev = NULL;
	b->b_next = lru_head;
	if (lru_head != NULL)
		lru_head->b_prev = b;
	lru_head = b;
	if (lru_tail == NULL)
		lru_tail = b;
}

static struct buf *find(struct blkdev *bd, uint64_t blkno, uint32_t size)
{
	struct buf *b;

	for (b = hash[hash_of(bd, blkno)]; b != NULL; b = b->b_hnext)
		if (b->b_dev == bd && b->b_blkno == blkno && b->b_size == size)
			return b;
	return NULL;
}

static void hash_remove(struct buf *b)
{
	struct buf **pp = &hash[hash_of(b->b_dev, b->b_blkno)];

	while (*pp != b)
		pp = &(*pp)->b_hnext;
	*pp = b->b_hnext;
}

static void buf_free(struct buf *b)
{
	hash_remove(b);
	lru_unlink(b);
	cached_bytes -= b->b_size;
	kfree(b->b_data);
	kfree(b);
}

static uint64_t sector_of(struct blkdev *bd, uint64_t blkno, uint32_t size)
{
	return blkno * (size / bd->bd_sector_size);
}

/* Write the run bs[0..n) (contiguous blocks of one device) in one request. */
static int write_run(struct buf **bs, size_t n, uint8_t *bounce)
{
	struct buf *b0 = bs[0];
	uint32_t spb = b0->b_size / b0->b_dev->bd_sector_size;
	const void *src = b0->b_data;
	size_t i;
	int err;

	if (n > 1) {
		for (i = 0; i < n; i++)
			memcpy(bounce + i * b0->b_size, bs[i]->b_data, b0->b_size);
		src = bounce;
	}
	err = blkdev_write(b0->b_dev, sector_of(b0->b_dev, b0->b_blkno, b0->b_size), src, n * spb);
	if (err != 0) {
		kprintf("bcache: %s: write of block %lu (+%lu) failed (%d)\n", b0->b_dev->bd_name,
			(unsigned long)b0->b_blkno, (unsigned long)n, err);
		return err;
	}
	for (i = 0; i < n; i++)
		bs[i]->b_dirty = false;
	return 0;
}

static bool before(const struct buf *a, const struct buf *b)
{
	if (a->b_dev != b->b_dev)
		return (uintptr_t)a->b_dev < (uintptr_t)b->b_dev;
	return a->b_blkno < b->b_blkno;
}

static void sift_down(struct buf **a, size_t i, size_t n)
{
	for (;;) {
		size_t c = 2 * i + 1;
		struct buf *t;

		if (c >= n)
			return;
		if (c + 1 < n && before(a[c], a[c + 1]))
			c++;
		if (!before(a[i], a[c]))
			return;
		t = a[i];
		a[i] = a[c];
		a[c] = t;
		i = c;
	}
}

/* Heap sort: no recursion, no extra memory, n log n for any order. */
static void sort_bufs(struct buf **a, size_t n)
{
	size_t i;

	for (i = n / 2; i-- > 0;)
		sift_down(a, i, n);
	for (i = n; i-- > 1;) {
		struct buf *t = a[0];

		a[0] = a[i];
		a[i] = t;
		sift_down(a, 0, i);
	}
}

static bool continues(const struct buf *prev, const struct buf *b, size_t len)
{
	return b->b_dev == prev->b_dev && b->b_size == prev->b_size &&
	       b->b_blkno == prev->b_blkno + 1 && (len + 1) * b->b_size <= RUN_MAX_BYTES;
}

/* Write the n sorted dirty buffers in a, run by run: 0 or the first error. */
static int write_sorted(struct buf **a, size_t n)
{
	uint8_t *bounce = kmalloc(RUN_MAX_BYTES);
	size_t i = 0, len;
	int err = 0, e;

	while (i < n) {
		len = 1;
		while (bounce != NULL && i + len < n && continues(a[i + len - 1], a[i + len], len))
			len++;
		e = write_run(a + i, len, bounce);
		if (e != 0 && err == 0)
			err = e;
		i += len;
	}
	kfree(bounce);
	return err;
}

#define META_ONLY 0xfffffffeu /* an owner value no inode has: "metadata of any owner" */

/* Whether b is one the sync asked for: dirty, of bd (NULL: any), of owner (ANY: any). */
static bool wanted(const struct buf *b, struct blkdev *bd, uint32_t owner)
{
	if (!b->b_dirty || (bd != NULL && b->b_dev != bd))
		return false;
	if (owner == META_ONLY)
		return !b->b_filedata;
	return owner == BCACHE_ANY_OWNER || b->b_owner == owner;
}

static int sync_some(struct blkdev *bd, uint32_t owner)
{
	struct buf **a, *b;
	size_t n = 0, cap = 0;
	int err;

	if (!mutex_held(&vfs_lock))
		panic("bcache_sync without vfs_lock");
	for (b = lru_head; b != NULL; b = b->b_next)
		if (wanted(b, bd, owner))
			cap++;
	if (cap == 0)
		return 0;
	a = kmalloc(cap * sizeof(*a));
	if (a == NULL) {
		/* No room to sort: write them one by one, which needs nothing. */
		for (b = lru_head, err = 0; b != NULL; b = b->b_next)
			if (wanted(b, bd, owner) && write_run(&b, 1, NULL) != 0)
				err = -EIO;
		return err;
	}
	for (b = lru_head; b != NULL; b = b->b_next)
		if (wanted(b, bd, owner))
			a[n++] = b;
	sort_bufs(a, n);
	err = write_sorted(a, n);
	kfree(a);
	return err;
}

int bcache_sync(struct blkdev *bd)
{
	return sync_some(bd, BCACHE_ANY_OWNER);
}

int bcache_sync_owner(struct blkdev *bd, uint32_t owner)
{
	return sync_some(bd, owner);
}

int bcache_sync_meta(struct blkdev *bd)
{
	return sync_some(bd, META_ONLY);
}

/* Make room for size more bytes if the bound allows; else as much as can go. */
static void evict(uint32_t size)
{
	struct buf *b, *prev;

	for (b = lru_tail; b != NULL && cached_bytes + size > max_bytes; b = prev) {
		prev = b->b_prev;
		if (b->b_refs > 0)
			continue;
		if (b->b_dirty) {
			/* Write its device's dirty buffers in runs; the list is unchanged. */
			(void)bcache_sync(b->b_dev);
			if (b->b_dirty)
				continue; /* a failed write: keep it rather than lose it */
		}
		buf_free(b);
	}
}

static int get(struct blkdev *bd, uint64_t blkno, uint32_t size, struct buf **out)
{
	struct buf *b;

	if (!mutex_held(&vfs_lock))
		panic("bcache without vfs_lock");
	if (size < bd->bd_sector_size || size % bd->bd_sector_size != 0 ||
	    blkno >= blkdev_bytes(bd) / size)
		return -EINVAL;
	b = find(bd, blkno, size);
	if (b == NULL) {
		evict(size);
		b = kzalloc(sizeof(*b));
		if (b == NULL)
			return -ENOMEM;
		b->b_data = kmalloc(size);
		if (b->b_data == NULL) {
			kfree(b);
			return -ENOMEM;
		}
		b->b_dev = bd;
		b->b_blkno = blkno;
		b->b_size = size;
		b->b_hnext = hash[hash_of(bd, blkno)];
		hash[hash_of(bd, blkno)] = b;
		cached_bytes += size;
	} else {
		lru_unlink(b);
	}
	lru_push_front(b);
	b->b_refs++;
	*out = b;
	return 0;
}

int bcache_read(struct blkdev *bd, uint64_t blkno, uint32_t size, struct buf **out)
{
	struct buf *b;
	int err = get(bd, blkno, size, &b);

	if (err != 0)
		return err;
	if (!b->b_valid) {
		err = blkdev_read(bd, sector_of(bd, blkno, size), b->b_data, size / bd->bd_sector_size);
		if (err != 0) {
			bcache_put(b);
			return err;
		}
		b->b_valid = true;
	}
	*out = b;
	return 0;
}

int bcache_get_zero(struct blkdev *bd, uint64_t blkno, uint32_t size, struct buf **out)
{
	int err = get(bd, blkno, size, out);

	if (err == 0) {
		memset((*out)->b_data, 0, size);
		(*out)->b_valid = true;
	}
	return err;
}

void bcache_put(struct buf *b)
{
	if (b->b_refs == 0)
		panic("bcache_put: block %lu has no references", (unsigned long)b->b_blkno);
	b->b_refs--;
	/* A buffer that never became valid (a failed read) is of no use to anyone. */
	if (b->b_refs == 0 && !b->b_valid)
		buf_free(b);
}

void bcache_dirty(struct buf *b)
{
	b->b_dirty = true;
	b->b_filedata = false;
}

void bcache_dirty_owned(struct buf *b, uint32_t owner, bool data)
{
	b->b_dirty = true;
	b->b_owner = owner;
	b->b_filedata = data;
}

void bcache_readahead(struct blkdev *bd, uint64_t blkno, uint32_t size, uint32_t count)
{
	struct buf *bs[READAHEAD_MAX];
	uint32_t n = 0, i;
	uint8_t *tmp;

	if (count > READAHEAD_MAX)
		count = READAHEAD_MAX;
	if (cached_bytes + (uint64_t)count * size > max_bytes / 2)
		return; /* read-ahead must not push out what is in use */
	while (n < count && find(bd, blkno + n, size) == NULL && get(bd, blkno + n, size, &bs[n]) == 0)
		n++;
	if (n == 0)
		return;
	tmp = kmalloc((size_t)n * size);
	if (tmp != NULL && blkdev_read(bd, sector_of(bd, blkno, size), tmp,
				       (size_t)n * (size / bd->bd_sector_size)) == 0) {
		for (i = 0; i < n; i++) {
			memcpy(bs[i]->b_data, tmp + (size_t)i * size, size);
			bs[i]->b_valid = true;
		}
	}
	kfree(tmp);
	for (i = 0; i < n; i++)
		bcache_put(bs[i]);
}

int bcache_invalidate(struct blkdev *bd)
{
	struct buf *b, *next;
	int err;

	for (b = lru_head; b != NULL; b = b->b_next)
		if (b->b_dev == bd && b->b_refs > 0)
			return -EBUSY;
	err = bcache_sync(bd);
	for (b = lru_head; b != NULL; b = next) {
		next = b->b_next;
		if (b->b_dev == bd && !b->b_dirty)
			buf_free(b);
	}
	return err;
}

void bcache_forget(struct blkdev *bd, uint64_t blkno, uint32_t size)
{
	struct buf *b = find(bd, blkno, size);

	if (b == NULL)
		return;
	b->b_dirty = false; /* its bytes are no one's: never written */
	if (b->b_refs == 0)
		buf_free(b);
}
