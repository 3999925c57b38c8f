/*
 * pmm.h: the physical page allocator.
 *
 * Every physical page below the highest usable address has a struct vm_page.
 * Pages are either reserved (never managed: holes, the kernel image, the
 * multiboot information, firmware), free (on the free list), or allocated
 * with a reference count of at least 1.  page_unref() frees a page when its
 * count drops to 0; copy-on-write fork shares pages by page_ref().
 *
 * Allocation returns physical addresses; 0 means "out of memory" (page 0 is
 * always reserved).  All functions take the vm lock themselves.
 */
#ifndef VM_PMM_H
#define VM_PMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <vm/vm.h>

struct boot_info;

#define PG_FREE 0x1     /* on the free list */
#define PG_RESERVED 0x2 /* not managed by the allocator */

struct vm_page {
	struct vm_page *pg_next, *pg_prev; /* free list link */
	uint32_t pg_ref;                   /* references; 0 when free */
	uint32_t pg_flags;                 /* PG_* */
	uintptr_t pg_private;              /* owner's word (kmalloc: slab) */
};

/* Bookkeeping (vm_page.c, pure: also built for the host). */
void vm_page_setup(struct vm_page *pages, size_t npages);
void vm_page_add_free(paddr_t start, paddr_t end);
void vm_page_reserve(paddr_t start, paddr_t end);

paddr_t pmm_alloc(void);
paddr_t pmm_alloc_contig(size_t n);
void pmm_free(paddr_t pa);
void pmm_free_contig(paddr_t pa, size_t n);
struct vm_page *pmm_page(paddr_t pa);
void page_ref(paddr_t pa);
void page_unref(paddr_t pa);
size_t pmm_free_count(void);
size_t pmm_total_count(void);

/* Boot-time setup (pmm.c, kernel only). */
void pmm_init(const struct boot_info *bi, paddr_t kernel_phys_start,
	      paddr_t kernel_phys_end);
void pmm_add_high_memory(void);
void pmm_release_range(paddr_t start, paddr_t end);
paddr_t pmm_alloc_zeroed(void);
paddr_t pmm_phys_limit(void);

#endif
