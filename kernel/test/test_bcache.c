/*
 * test_bcache.c: the block cache over the test boot's pattern disk
 * (tests/harness/blk_image.py's image on /dev/vda; only read here, since
 * the harness checks that nothing but t_blk wrote it).  A block read twice
 * is one buffer; read-ahead fills the blocks that follow; a device error
 * leaves nothing cached; ranges off the disk and odd sizes are refused;
 * invalidating gives every byte back.
 */
#include <dev/blkdev.h>
#include <fs/bcache.h>
#include <fs/vfs.h>
#include <kern/ktest.h>
#include <lib/string.h>
#include <sys/errno.h>

#define SIG "BREENIX-BLKTEST\n"
#define BAD_SECTOR 11000 /* blk_image.py's failing sector */

/* Whether the 1 KiB block b holds sectors 2b and 2b+1 of the pattern. */
static bool block_ok(const struct buf *b)
{
	uint64_t n0, n1;

	memcpy(&n0, b->b_data + 16, 8);
	memcpy(&n1, b->b_data + 512 + 16, 8);
	return memcmp(b->b_data, SIG, 16) == 0 && n0 == 2 * b->b_blkno && n1 == n0 + 1;
}

static struct blkdev *test_disk(void)
{
	struct blkdev *bd = blkdev_find("vda");

	return bd != NULL && bd->bd_nsectors == 16384 ? bd : NULL;
}

/* The checks run with vfs_lock held; a failed one returns, and the caller unlocks. */
static void hits_and_readahead(struct blkdev *bd)
{
	struct buf *a, *b;
	uint64_t before;
	int i;

	before = bcache_bytes();
	KTEST_ASSERT(bcache_read(bd, 5, 1024, &a) == 0);
	KTEST_ASSERT(block_ok(a));
	KTEST_ASSERT(bcache_read(bd, 5, 1024, &b) == 0);
	KTEST_ASSERT(a == b && a->b_refs == 2);
	bcache_put(b);
	bcache_put(a);
	bcache_readahead(bd, 100, 1024, 8);
	KTEST_ASSERT(bcache_bytes() == before + 9 * 1024);
	for (i = 100; i < 108; i++) {
		KTEST_ASSERT(bcache_read(bd, (uint64_t)i, 1024, &a) == 0);
		KTEST_ASSERT(block_ok(a));
		bcache_put(a);
	}
	KTEST_ASSERT(bcache_bytes() == before + 9 * 1024); /* all hits */
	KTEST_ASSERT(bcache_invalidate(bd) == 0);
	KTEST_ASSERT(bcache_bytes() == before);
}

static void refuses_and_fails(struct blkdev *bd)
{
	uint64_t before;
	struct buf *b;

	before = bcache_bytes();
	KTEST_ASSERT(bcache_read(bd, 8192, 1024, &b) == -EINVAL);     /* just past the end */
	KTEST_ASSERT(bcache_read(bd, UINT64_MAX, 1024, &b) == -EINVAL);
	KTEST_ASSERT(bcache_read(bd, 0, 100, &b) == -EINVAL);         /* not whole sectors */
	KTEST_ASSERT(bcache_read(bd, 0, 256, &b) == -EINVAL);
	KTEST_ASSERT(bcache_read(bd, BAD_SECTOR / 2, 1024, &b) == -EIO);
	KTEST_ASSERT(bcache_bytes() == before);                        /* nothing left behind */
	bcache_readahead(bd, BAD_SECTOR / 2 - 2, 1024, 4);             /* fails as a whole */
	KTEST_ASSERT(bcache_bytes() == before);
}

KTEST(bcache_hits_and_readahead)
{
	struct blkdev *bd = test_disk();

	if (bd == NULL)
		return; /* not the test image */
	mutex_lock(&vfs_lock);
	hits_and_readahead(bd);
	(void)bcache_invalidate(bd);
	mutex_unlock(&vfs_lock);
}

KTEST(bcache_refuses_and_fails_cleanly)
{
	struct blkdev *bd = test_disk();

	if (bd == NULL)
		return;
	mutex_lock(&vfs_lock);
	refuses_and_fails(bd);
	mutex_unlock(&vfs_lock);
}
