/*
 * vm_page.c: bookkeeping of physical pages.
 *
 * One struct vm_page per physical page frame from address 0 up to the end of
 * the highest usable region, in one array (pmm.c places it in memory).  Free
 * pages sit on a doubly linked list, so taking or returning one page is O(1)
 * (fork copies and frees many single pages); a contiguous run is found by a
 * linear scan of the array, which only the heap's large blocks and slabs use.
 *
 * States: PG_RESERVED (not ours: holes, kernel, boot data), PG_FREE (on the
 * list, pg_ref 0), or allocated (flags 0, pg_ref >= 1).  The first pages
 * handed to vm_page_add_free() go out first, so pmm.c adds low memory before
 * high memory.  Freed pages are reused first (LIFO).
 *
 * Locking: every entry point takes the vm lock.  This file touches no page
 * contents, which lets tests/host run it against a fake memory map.
 */
#include <kern/panic.h>
#include <vm/pmm.h>
#include <vm/vm_lock.h>

static struct vm_page *vp_pages;
static size_t vp_npages;
static struct vm_page vp_freelist; /* sentinel of a circular list */
static size_t vp_nfree;
static size_t vp_ntotal;

static paddr_t vp_addr(const struct vm_page *pg)
{
	return (paddr_t)(pg - vp_pages) << PAGE_SHIFT;
}

static void vp_list_remove(struct vm_page *pg)
{
	pg->pg_prev->pg_next = pg->pg_next;
	pg->pg_next->pg_prev = pg->pg_prev;
	pg->pg_next = pg->pg_prev = NULL;
}

static void vp_list_insert_after(struct vm_page *pos, struct vm_page *pg)
{
	pg->pg_next = pos->pg_next;
	pg->pg_prev = pos;
	pos->pg_next->pg_prev = pg;
	pos->pg_next = pg;
}

/* Take a free page off the list and give it one reference. */
static void vp_take(struct vm_page *pg)
{
	vp_list_remove(pg);
	pg->pg_flags = 0;
	pg->pg_ref = 1;
	pg->pg_private = 0;
	vp_nfree--;
}

/* Put an allocated page back on the list (at the head: reused first). */
static void vp_put(struct vm_page *pg)
{
	if (pg->pg_flags != 0)
		panic("pmm: freeing page %lx with flags %x",
		      (unsigned long)vp_addr(pg), pg->pg_flags);
	pg->pg_ref = 0;
	pg->pg_flags = PG_FREE;
	pg->pg_private = 0;
	vp_list_insert_after(&vp_freelist, pg);
	vp_nfree++;
}

static struct vm_page *vp_lookup(paddr_t pa)
{
	size_t pfn = pa >> PAGE_SHIFT;

	return pfn < vp_npages ? &vp_pages[pfn] : NULL;
}

/* A page frame number limited to the end of the array. */
static size_t vp_clamp(size_t pfn)
{
	return pfn < vp_npages ? pfn : vp_npages;
}

/* Start over with npages page structures, all reserved. */
void vm_page_setup(struct vm_page *pages, size_t npages)
{
	unsigned long fl = vm_lock();
	size_t i;

	vp_pages = pages;
	vp_npages = npages;
	vp_freelist.pg_next = vp_freelist.pg_prev = &vp_freelist;
	vp_nfree = vp_ntotal = 0;
	for (i = 0; i < npages; i++) {
		pages[i].pg_next = pages[i].pg_prev = NULL;
		pages[i].pg_ref = 0;
		pages[i].pg_flags = PG_RESERVED;
		pages[i].pg_private = 0;
	}
	vm_unlock(fl);
}

/*
 * Hand the whole pages inside [start, end) to the allocator.  Pages already
 * managed are left alone, so overlapping regions are harmless.
 */
void vm_page_add_free(paddr_t start, paddr_t end)
{
	unsigned long fl = vm_lock();
	size_t pfn = (start >> PAGE_SHIFT) + ((start & PAGE_MASK) != 0);
	size_t last = vp_clamp(end >> PAGE_SHIFT);

	for (; pfn < last; pfn++) {
		struct vm_page *pg = &vp_pages[pfn];

		if (!(pg->pg_flags & PG_RESERVED))
			continue;
		pg->pg_flags = PG_FREE;
		/* At the tail: pages added first are allocated first. */
		vp_list_insert_after(vp_freelist.pg_prev, pg);
		vp_nfree++;
		vp_ntotal++;
	}
	vm_unlock(fl);
}

/* Take every page touching [start, end) away from the allocator. */
void vm_page_reserve(paddr_t start, paddr_t end)
{
	unsigned long fl = vm_lock();
	size_t pfn = start >> PAGE_SHIFT;
	size_t last = vp_clamp((end >> PAGE_SHIFT) + ((end & PAGE_MASK) != 0));

	for (; pfn < last; pfn++) {
		struct vm_page *pg = &vp_pages[pfn];

		if (pg->pg_flags & PG_RESERVED)
			continue;
		if (!(pg->pg_flags & PG_FREE))
			panic("pmm: reserving allocated page %lx",
			      (unsigned long)pfn << PAGE_SHIFT);
		vp_list_remove(pg);
		pg->pg_flags = PG_RESERVED;
		vp_nfree--;
		vp_ntotal--;
	}
	vm_unlock(fl);
}

/* One page with a reference count of 1, or 0 when none is left. */
paddr_t pmm_alloc(void)
{
	unsigned long fl = vm_lock();
	struct vm_page *pg = vp_freelist.pg_next;
	paddr_t pa = 0;

	if (pg != &vp_freelist) {
		vp_take(pg);
		pa = vp_addr(pg);
	}
	vm_unlock(fl);
	return pa;
}

/* n physically contiguous pages, each with one reference, or 0. */
paddr_t pmm_alloc_contig(size_t n)
{
	unsigned long fl = vm_lock();
	size_t pfn, run = 0, i;
	paddr_t pa = 0;

	if (n == 0 || n > vp_nfree)
		goto out;
	for (pfn = 0; pfn < vp_npages; pfn++) {
		run = (vp_pages[pfn].pg_flags & PG_FREE) ? run + 1 : 0;
		if (run == n)
			break;
	}
	if (run != n)
		goto out;
	for (i = pfn + 1 - n; i <= pfn; i++)
		vp_take(&vp_pages[i]);
	pa = (paddr_t)(pfn + 1 - n) << PAGE_SHIFT;
out:
	vm_unlock(fl);
	return pa;
}

/* Free a page allocated by pmm_alloc() that nobody else references. */
void pmm_free(paddr_t pa)
{
	unsigned long fl = vm_lock();
	struct vm_page *pg = vp_lookup(pa);

	if (pg == NULL || (pa & PAGE_MASK) != 0 || pg->pg_ref != 1)
		panic("pmm_free: bad page %lx (ref %u)", (unsigned long)pa,
		      pg != NULL ? pg->pg_ref : 0);
	vp_put(pg);
	vm_unlock(fl);
}

void pmm_free_contig(paddr_t pa, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		pmm_free(pa + (i << PAGE_SHIFT));
}

/* The page structure of pa, or NULL for an address past the array. */
struct vm_page *pmm_page(paddr_t pa)
{
	return vp_lookup(pa);
}

/*
 * Reference counting for shared pages.  Reserved pages (device memory, the
 * framebuffer) may be mapped too; their counts are not kept.
 */
void page_ref(paddr_t pa)
{
	unsigned long fl = vm_lock();
	struct vm_page *pg = vp_lookup(pa);

	if (pg != NULL && !(pg->pg_flags & PG_RESERVED)) {
		if (pg->pg_ref == 0)
			panic("page_ref: free page %lx", (unsigned long)pa);
		pg->pg_ref++;
	}
	vm_unlock(fl);
}

void page_unref(paddr_t pa)
{
	unsigned long fl = vm_lock();
	struct vm_page *pg = vp_lookup(pa);

	if (pg != NULL && !(pg->pg_flags & PG_RESERVED)) {
		if (pg->pg_ref == 0)
			panic("page_unref: free page %lx", (unsigned long)pa);
		if (--pg->pg_ref == 0)
			vp_put(pg);
	}
	vm_unlock(fl);
}

size_t pmm_free_count(void)
{
	return vp_nfree;
}

/* Pages managed by the allocator (free plus allocated). */
size_t pmm_total_count(void)
{
	return vp_ntotal;
}
