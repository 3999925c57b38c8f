/*
 * pcache.c: the page cache (fs/pcache.h).
 *
 * Pages are found through one hash of (file, page index), listed per file
 * (for write-back, truncation and the file's end) and on one LRU list for
 * eviction.  The cache is bounded (a quarter of memory): a miss over the
 * bound, or one that finds no free page, first evicts from the cold end of
 * the LRU list the pages no mapping holds, writing dirty ones back first;
 * a page whose write fails stays (dirty) and the cache grows instead of
 * losing data, as the block cache does.  Mapped pages are never evicted:
 * a mapping holds them.
 *
 * Everything runs with vfs_lock held, including the file system's I/O.
 */
#include <fs/pcache.h>
#include <fs/vfs.h>
#include <kern/kprintf.h>
#include <kern/panic.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include <vm/pmm.h>

#define NHASH 4096
#define EVICT_BATCH 64 /* pages freed at once when memory runs out */

static struct pcpage *hash[NHASH];
static struct pcpage *lru_head, *lru_tail;
static uint64_t npages;

uint64_t pcache_total(void)
{
	return npages;
}

static uint64_t limit; /* 0: the default */

static uint64_t max_pages(void)
{
	return limit != 0 ? limit : pmm_total_count() / 4;
}

uint64_t pcache_set_limit(uint64_t pages)
{
	uint64_t old = limit;

	limit = pages;
	return old;
}

static unsigned hash_of(const struct pcache *pc, uint64_t idx)
{
	uint64_t h = idx * 0x9e3779b97f4a7c15ull ^ (uint64_t)(uintptr_t)pc;

	return (unsigned)(h >> 20) % NHASH;
}

void pcache_init(struct pcache *pc, const struct pcache_ops *ops)
{
	memset(pc, 0, sizeof(*pc));
	pc->pc_ops = ops;
}

static void lru_unlink(struct pcpage *pp)
{
	if (pp->pp_lprev != NULL)
		pp->pp_lprev->pp_lnext = pp->pp_lnext;
	else
		lru_head = pp->pp_lnext;
	if (pp->pp_lnext != NULL)
		pp->pp_lnext->pp_lprev = pp->pp_lprev;
	else
		lru_tail = pp->pp_lprev;
	pp->pp_lprev = pp->pp_lnext = NULL;
}

static void lru_push(struct pcpage *pp)
{
	pp->pp_lprev = NULL;
	pp->pp_lnext = lru_head;
	if (lru_head != NULL)
		lru_head->pp_lprev = pp;
	lru_head = pp;
	if (lru_tail == NULL)
		lru_tail = pp;
}

struct pcpage *pcache_find(struct pcache *pc, uint64_t idx)
{
	struct pcpage *pp;

	for (pp = hash[hash_of(pc, idx)]; pp != NULL; pp = pp->pp_hnext)
		if (pp->pp_pc == pc && pp->pp_idx == idx)
			return pp;
	return NULL;
}

/* Whether a mapping holds pp besides the cache. */
static bool mapped(const struct pcpage *pp)
{
	return pmm_page(pp->pp_pa)->pg_ref > 1;
}

/* Take pp out of every list and drop the cache's reference on its page. */
static void page_drop(struct pcpage *pp)
{
	struct pcache *pc = pp->pp_pc;
	struct pcpage **hp = &hash[hash_of(pc, pp->pp_idx)];

	while (*hp != pp)
		hp = &(*hp)->pp_hnext;
	*hp = pp->pp_hnext;
	if (pp->pp_prev != NULL)
		pp->pp_prev->pp_next = pp->pp_next;
	else
		pc->pc_pages = pp->pp_next;
	if (pp->pp_next != NULL)
		pp->pp_next->pp_prev = pp->pp_prev;
	lru_unlink(pp);
	pc->pc_npages--;
	npages--;
	page_unref(pp->pp_pa);
	kfree(pp);
}

/*
 * Write pp back.  A page a writable shared mapping still holds stays
 * dirty: a store through the mapping may follow at any time.
 */
static int page_write(struct pcpage *pp)
{
	struct pcache *pc = pp->pp_pc;
	bool held = pc->pc_wmaps > 0 && mapped(pp);
	int err;

	if (held)
		pp->pp_mapped = true;
	if (!pp->pp_dirty && !held)
		return 0;
	err = pc->pc_ops->pco_write(pc, pp->pp_idx, PHYS_TO_VIRT(pp->pp_pa), pp->pp_mapped);
	if (err == 0)
		pp->pp_dirty = pp->pp_mapped = held;
	return err;
}

/* Evict up to want pages no mapping holds, coldest first: the number evicted. */
static unsigned evict(unsigned want)
{
	struct pcpage *pp, *prev;
	unsigned done = 0;

	for (pp = lru_tail; pp != NULL && done < want; pp = prev) {
		prev = pp->pp_lprev;
		if (mapped(pp))
			continue;
		if (pp->pp_dirty && page_write(pp) != 0) {
			kprintf("pcache: write-back of a page failed; it stays cached\n");
			continue;
		}
		/* The write may have slept on the device: the list is still ours (vfs_lock). */
		page_drop(pp);
		done++;
	}
	return done;
}

/* A free page, evicting cached ones when there is none. */
static paddr_t page_alloc(void)
{
	paddr_t pa;

	if (npages >= max_pages())
		evict((unsigned)(npages - max_pages()) + 1);
	if ((pa = pmm_alloc()) == 0 && evict(EVICT_BATCH) > 0)
		pa = pmm_alloc();
	return pa;
}

int pcache_get(struct pcache *pc, uint64_t idx, bool fill, struct pcpage **out)
{
	struct pcpage *pp = pcache_find(pc, idx);
	unsigned h;
	int err;

	if (!mutex_held(&vfs_lock))
		panic("pcache_get: vfs_lock not held");
	if (pp != NULL) {
		lru_unlink(pp);
		lru_push(pp);
		*out = pp;
		return 0;
	}
	if ((pp = kzalloc(sizeof(*pp))) == NULL)
		return -ENOMEM;
	if ((pp->pp_pa = page_alloc()) == 0) {
		kfree(pp);
		return -ENOMEM;
	}
	if (fill)
		err = pc->pc_ops->pco_read(pc, idx, PHYS_TO_VIRT(pp->pp_pa));
	else
		err = (memset(PHYS_TO_VIRT(pp->pp_pa), 0, PAGE_SIZE), 0);
	if (err != 0) {
		page_unref(pp->pp_pa);
		kfree(pp);
		return err;
	}
	/* Not cached before the read slept?  vfs_lock kept everyone else out. */
	pp->pp_pc = pc;
	pp->pp_idx = idx;
	h = hash_of(pc, idx);
	pp->pp_hnext = hash[h];
	hash[h] = pp;
	pp->pp_next = pc->pc_pages;
	if (pc->pc_pages != NULL)
		pc->pc_pages->pp_prev = pp;
	pc->pc_pages = pp;
	pc->pc_npages++;
	npages++;
	lru_push(pp);
	*out = pp;
	return 0;
}

void pcache_dirty_range(struct pcache *pc, uint64_t first, uint64_t last)
{
	struct pcpage *pp;

	for (pp = pc->pc_pages; pp != NULL; pp = pp->pp_next)
		if (pp->pp_idx >= first && pp->pp_idx <= last)
			pp->pp_dirty = pp->pp_mapped = true;
}

int pcache_writeback(struct pcache *pc)
{
	struct pcpage *pp;
	int err = 0, e;

	for (pp = pc->pc_pages; pp != NULL; pp = pp->pp_next)
		if ((e = page_write(pp)) != 0 && err == 0)
			err = e;
	return err;
}

void pcache_truncate(struct pcache *pc, uint64_t idx)
{
	struct pcpage *pp, *next;

	for (pp = pc->pc_pages; pp != NULL; pp = next) {
		next = pp->pp_next;
		if (pp->pp_idx >= idx)
			page_drop(pp);
	}
}
