/*
 * test_blk.c: the block layer as the kernel sees it.  A disk, when the
 * boot has one (the test boot attaches tests/harness/blk_image.py's
 * image), refuses ranges off its end (also ones whose sum wraps) and
 * buffers outside the direct map, reads its pattern back, and serves
 * several kernel threads reading at once without a page leaking.
 */
#include <dev/blkdev.h>
#include <kern/clock.h>
#include <kern/ktest.h>
#include <kern/thread.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include <vm/pmm.h>

#define SIG "BREENIX-BLKTEST\n"

/* Whether the sector in buf is sector s of the test image. */
static bool is_pattern(const unsigned char *buf, uint64_t s)
{
	uint64_t n;

	memcpy(&n, buf + 16, 8);
	return memcmp(buf, SIG, 16) == 0 && n == s;
}

KTEST(blk_rejects_bad_ranges)
{
	struct blkdev *bd = blkdev_find("vda");
	unsigned char onstack[512];
	unsigned char *buf;

	if (bd == NULL)
		return; /* a boot without a disk */
	buf = kmalloc(2 * 512);
	KTEST_ASSERT(buf != NULL);
	KTEST_ASSERT(blkdev_read(bd, bd->bd_nsectors, buf, 1) == -EINVAL);
	KTEST_ASSERT(blkdev_read(bd, bd->bd_nsectors - 1, buf, 2) == -EINVAL);
	KTEST_ASSERT(blkdev_read(bd, UINT64_MAX, buf, 2) == -EINVAL);
	KTEST_ASSERT(blkdev_read(bd, 1, buf, SIZE_MAX) == -EINVAL);
	KTEST_ASSERT(blkdev_read(bd, 0, onstack, 1) == -EINVAL); /* a kernel stack */
	KTEST_ASSERT(blkdev_read(bd, 0, buf, 0) == 0);
	KTEST_ASSERT(blkdev_read(bd, bd->bd_nsectors - 1, buf, 1) == 0);
	if (bd->bd_nsectors == 16384) /* the test image */
		KTEST_ASSERT(is_pattern(buf, bd->bd_nsectors - 1));
	kfree(buf);
}

struct reader {
	struct blkdev *bd;
	unsigned id;
	volatile int *left;
	volatile bool ok;
};

/* Read a stretch of the disk a sector at a time, as one of several threads. */
static void reader_main(void *arg)
{
	struct reader *r = arg;
	unsigned char *buf = kmalloc(512);
	uint64_t s;

	r->ok = buf != NULL;
	for (s = r->id * 512; r->ok && s < r->id * 512 + 64; s++)
		r->ok = blkdev_read(r->bd, s, buf, 1) == 0 && is_pattern(buf, s);
	kfree(buf);
	--*r->left;
	wakeup((const void *)r->left);
}

KTEST(blk_concurrent_kernel_readers)
{
	static struct reader rd[4];
	struct blkdev *bd = blkdev_find("vda");
	size_t free0 = pmm_free_count(), heap0 = kmalloc_stats();
	static volatile int left;
	unsigned i;

	if (bd == NULL || bd->bd_nsectors != 16384)
		return; /* not the test image */
	left = 4;
	for (i = 0; i < 4; i++) {
		rd[i] = (struct reader){ .bd = bd, .id = i, .left = &left };
		KTEST_ASSERT(thread_create_kernel(reader_main, &rd[i]) != NULL);
	}
	while (left > 0)
		sleep_on((const void *)&left, clock_monotonic_ns() + 100000000);
	for (i = 0; i < 4; i++)
		KTEST_ASSERT(rd[i].ok);
	sleep_on(rd, clock_monotonic_ns() + 20000000); /* let the last thread be freed */
	KTEST_ASSERT(pmm_free_count() == free0);
	KTEST_ASSERT(kmalloc_stats() == heap0);
}
