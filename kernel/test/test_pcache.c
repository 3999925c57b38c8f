/*
 * test_pcache.c: the page cache over a fake file whose pages are filled
 * with their index and whose write-backs are counted: a page is read once
 * and then found, write-back writes exactly the dirty pages (and keeps a
 * page a writable mapping holds dirty), truncation drops the pages past
 * the cut, and the free-page count comes back when everything goes; over
 * its bound the cache evicts the coldest pages no mapping holds, writing
 * dirty ones first, and keeps a page whose write fails.
 */
#include <fs/pcache.h>
#include <fs/vfs.h>
#include <kern/ktest.h>
#include <sys/errno.h>
#include <vm/pmm.h>

static unsigned reads, writes;
static bool fail_reads;

static int fake_read(struct pcache *pc, uint64_t idx, void *kva)
{
	(void)pc;
	if (fail_reads)
		return -EIO;
	reads++;
	*(uint64_t *)kva = idx;
	return 0;
}

static int fake_write(struct pcache *pc, uint64_t idx, void *kva, bool mapped)
{
	(void)pc;
	(void)mapped;
	writes++;
	return *(uint64_t *)kva == idx ? 0 : -EIO;
}

static const struct pcache_ops fake_ops = { .pco_read = fake_read, .pco_write = fake_write };

KTEST(pcache_get_dirty_writeback_truncate)
{
	size_t free0 = pmm_free_count();
	uint64_t total0 = pcache_total();
	struct pcache pc;
	struct pcpage *pp;
	uint64_t i;

	mutex_lock(&vfs_lock);
	pcache_init(&pc, &fake_ops);
	reads = writes = 0;
	for (i = 0; i < 8; i++)
		KTEST_ASSERT(pcache_get(&pc, i * 3, true, &pp) == 0 &&
			     *(uint64_t *)PHYS_TO_VIRT(pp->pp_pa) == i * 3);
	KTEST_ASSERT(reads == 8 && pc.pc_npages == 8 && pcache_total() == total0 + 8);
	KTEST_ASSERT(pcache_get(&pc, 6, true, &pp) == 0 && reads == 8); /* cached */
	pcache_dirty(pp);
	KTEST_ASSERT(pcache_get(&pc, 100, false, &pp) == 0 && reads == 8 &&
		     *(uint64_t *)PHYS_TO_VIRT(pp->pp_pa) == 0); /* zeroed, not read */
	*(uint64_t *)PHYS_TO_VIRT(pp->pp_pa) = 100;
	pcache_dirty(pp);
	KTEST_ASSERT(pcache_writeback(&pc) == 0 && writes == 2);
	KTEST_ASSERT(pcache_writeback(&pc) == 0 && writes == 2); /* clean now */
	/* A page a writable mapping holds stays dirty after its write. */
	pp = pcache_find(&pc, 9);
	KTEST_ASSERT(pp != NULL);
	page_ref(pp->pp_pa);
	pc.pc_wmaps = 1;
	KTEST_ASSERT(pcache_writeback(&pc) == 0 && writes == 3 && pp->pp_dirty);
	KTEST_ASSERT(pcache_writeback(&pc) == 0 && writes == 4);
	pc.pc_wmaps = 0;
	page_unref(pp->pp_pa);
	KTEST_ASSERT(pcache_writeback(&pc) == 0 && writes == 5 && !pp->pp_dirty);
	/* A failed read leaves nothing cached. */
	fail_reads = true;
	KTEST_ASSERT(pcache_get(&pc, 7, true, &pp) == -EIO && pcache_find(&pc, 7) == NULL);
	fail_reads = false;
	pcache_truncate(&pc, 10);
	KTEST_ASSERT(pc.pc_npages == 4 && pcache_find(&pc, 12) == NULL && pcache_find(&pc, 9));
	pcache_dirty_range(&pc, 3, 6);
	KTEST_ASSERT(pcache_writeback(&pc) == 0 && writes == 7);
	pcache_truncate(&pc, 0);
	KTEST_ASSERT(pc.pc_npages == 0 && pc.pc_pages == NULL && pcache_total() == total0);
	mutex_unlock(&vfs_lock);
	KTEST_ASSERT(pmm_free_count() == free0);
}

/* Page idx of pc is cached. */
static bool cached(struct pcache *pc, uint64_t idx)
{
	return pcache_find(pc, idx) != NULL;
}

KTEST(pcache_evicts_over_its_bound)
{
	size_t free0 = pmm_free_count();
	uint64_t total0, old, i;
	struct pcache pc;
	struct pcpage *pp;
	paddr_t mapped;

	mutex_lock(&vfs_lock);
	total0 = pcache_total();
	old = pcache_set_limit(total0 + 4);
	pcache_init(&pc, &fake_ops);
	reads = writes = 0;
	for (i = 0; i < 4; i++)
		KTEST_ASSERT(pcache_get(&pc, i, true, &pp) == 0);
	pcache_dirty(pcache_find(&pc, 1));
	mapped = pcache_find(&pc, 0)->pp_pa;
	page_ref(mapped); /* as a mapping does: page 0 may not go */
	for (i = 4; i < 8; i++)
		KTEST_ASSERT(pcache_get(&pc, i, true, &pp) == 0);
	/* Coldest first, the mapped page skipped, the dirty one written before it went. */
	KTEST_ASSERT(cached(&pc, 0) && !cached(&pc, 1) && !cached(&pc, 2) && !cached(&pc, 3));
	KTEST_ASSERT(!cached(&pc, 4) && cached(&pc, 5) && cached(&pc, 7));
	KTEST_ASSERT(writes == 1 && pc.pc_npages == 4 && pcache_total() == total0 + 4);
	/* A hit makes a page the most recently used. */
	KTEST_ASSERT(pcache_get(&pc, 5, true, &pp) == 0 && pcache_get(&pc, 8, true, &pp) == 0);
	KTEST_ASSERT(cached(&pc, 5) && !cached(&pc, 6) && cached(&pc, 8));
	/* A dirty page whose write fails stays: the cache grows instead of losing it. */
	pp = pcache_find(&pc, 7);
	*(uint64_t *)PHYS_TO_VIRT(pp->pp_pa) = 12345; /* fake_write refuses it */
	pcache_dirty(pp);
	KTEST_ASSERT(pcache_get(&pc, 9, true, &pp) == 0);
	KTEST_ASSERT(cached(&pc, 7) && pcache_find(&pc, 7)->pp_dirty && !cached(&pc, 5));
	KTEST_ASSERT(pcache_get(&pc, 10, true, &pp) == 0 && pc.pc_npages >= 4);
	page_unref(mapped);
	pcache_truncate(&pc, 0);
	pcache_set_limit(old);
	KTEST_ASSERT(pcache_total() == total0);
	mutex_unlock(&vfs_lock);
	KTEST_ASSERT(pmm_free_count() == free0);
}
