/*
 * kmalloc.c: the kernel heap, kheap.c fed by the physical page allocator.
 *
 * Heap pages are reached through the direct map, so a block of n pages is
 * n physically contiguous pages (pmm_alloc_contig); single pages, the common
 * case, come from pmm_alloc in O(1).  The per-page metadata word kheap.c
 * needs is the page's vm_page pg_private.  Freed slabs and large blocks go
 * back to the page allocator at once.
 *
 * Locking: every entry point holds the vm lock around the kheap call.
 */
#include <kern/panic.h>
#include <vm/kheap.h>
#include <vm/kmalloc.h>
#include <vm/pmm.h>
#include <vm/vm_lock.h>

static struct kheap kmalloc_heap;

static void *kmalloc_pages_alloc(size_t npages)
{
	paddr_t pa = npages == 1 ? pmm_alloc() : pmm_alloc_contig(npages);

	return pa != 0 ? PHYS_TO_VIRT(pa) : NULL;
}

static void kmalloc_pages_free(void *p, size_t npages)
{
	pmm_free_contig(VIRT_TO_PHYS(p), npages);
}

static uintptr_t *kmalloc_page_meta(const void *page)
{
	struct vm_page *pg = pmm_page(VIRT_TO_PHYS(page));

	if (pg == NULL)
		panic("kmalloc: %p is outside the direct map", page);
	return &pg->pg_private;
}

static const struct kheap_pagesrc kmalloc_src = {
	.ps_alloc = kmalloc_pages_alloc,
	.ps_free = kmalloc_pages_free,
	.ps_meta = kmalloc_page_meta,
};

void kmalloc_init(void)
{
	kheap_init(&kmalloc_heap, &kmalloc_src);
}

void *kmalloc(size_t n)
{
	unsigned long fl = vm_lock();
	void *p = kheap_alloc(&kmalloc_heap, n);

	vm_unlock(fl);
	return p;
}

void *kzalloc(size_t n)
{
	void *p = kmalloc(n);

	if (p != NULL)
		__builtin_memset(p, 0, n);
	return p;
}

void kfree(void *p)
{
	unsigned long fl = vm_lock();

	kheap_free(&kmalloc_heap, p);
	vm_unlock(fl);
}

/*
 * Resize p to n bytes, keeping its contents; the block stays in place when
 * it is big enough.  On failure p is untouched and NULL is returned.
 */
void *krealloc(void *p, size_t n)
{
	unsigned long fl;
	size_t have;
	void *q;

	if (p == NULL)
		return kmalloc(n);
	if (n == 0) {
		kfree(p);
		return NULL;
	}
	fl = vm_lock();
	have = kheap_usable_size(&kmalloc_heap, p);
	vm_unlock(fl);
	if (n <= have)
		return p;
	q = kmalloc(n);
	if (q == NULL)
		return NULL;
	__builtin_memcpy(q, p, have);
	kfree(p);
	return q;
}

/* Bytes handed out by the heap (rounded to size classes and pages). */
size_t kmalloc_stats(void)
{
	return kmalloc_heap.kh_bytes;
}
