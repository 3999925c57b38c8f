/*
 * kheap.h: the kernel heap's allocator core, independent of where its pages
 * come from (kmalloc.c feeds it from the page allocator, tests/host from a
 * fake arena).
 *
 * Requests up to KHEAP_MAX_SMALL bytes are served from slabs of one size
 * class (powers of two from 16 bytes), larger ones by whole pages.  Each page
 * has one word of metadata kept by the page source: for a slab page, the
 * slab header's address; for the first page of a large block, its page count
 * shifted left once with bit 0 set.  The caller serialises all calls.
 */
#ifndef VM_KHEAP_H
#define VM_KHEAP_H

#include <stddef.h>
#include <stdint.h>

#define KHEAP_MIN_SHIFT 4
#define KHEAP_MAX_SHIFT 11
#define KHEAP_NCLASSES (KHEAP_MAX_SHIFT - KHEAP_MIN_SHIFT + 1)
#define KHEAP_MAX_SMALL ((size_t)1 << KHEAP_MAX_SHIFT)

struct kheap_pagesrc {
	void *(*ps_alloc)(size_t npages);           /* contiguous, page aligned */
	void (*ps_free)(void *p, size_t npages);
	uintptr_t *(*ps_meta)(const void *page);    /* the page's metadata word */
};

struct kheap_slab;

struct kheap {
	const struct kheap_pagesrc *kh_src;
	struct kheap_slab *kh_partial[KHEAP_NCLASSES]; /* slabs with room */
	size_t kh_bytes;   /* bytes handed out, rounded to class or pages */
	size_t kh_pages;   /* pages held from the page source */
};

void kheap_init(struct kheap *kh, const struct kheap_pagesrc *src);
void *kheap_alloc(struct kheap *kh, size_t n);
void kheap_free(struct kheap *kh, void *p);
size_t kheap_usable_size(struct kheap *kh, const void *p);
int kheap_class(size_t n);
size_t kheap_class_size(int cls);

#endif
