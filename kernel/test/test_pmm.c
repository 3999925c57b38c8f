/*
 * test_pmm.c: in-kernel tests of the physical page allocator: pages are
 * distinct, aligned, writable through the direct map, and every free count
 * returns to its start value.
 */
#include <kern/ktest.h>
#include <vm/pmm.h>

#define TEST_PMM_PAGES 100

KTEST(pmm_alloc_free)
{
	static paddr_t pages[TEST_PMM_PAGES];
	size_t start = pmm_free_count();
	size_t i, j;

	KTEST_ASSERT(start > TEST_PMM_PAGES && start <= pmm_total_count());
	for (i = 0; i < TEST_PMM_PAGES; i++) {
		pages[i] = pmm_alloc();
		KTEST_ASSERT(pages[i] != 0 && (pages[i] & PAGE_MASK) == 0);
		KTEST_ASSERT(pmm_page(pages[i])->pg_ref == 1);
		*(uint64_t *)PHYS_TO_VIRT(pages[i]) = pages[i];
		for (j = 0; j < i; j++)
			KTEST_ASSERT(pages[j] != pages[i]);
	}
	KTEST_ASSERT(pmm_free_count() == start - TEST_PMM_PAGES);
	for (i = 0; i < TEST_PMM_PAGES; i++) {
		KTEST_ASSERT(*(uint64_t *)PHYS_TO_VIRT(pages[i]) == pages[i]);
		pmm_free(pages[i]);
	}
	KTEST_ASSERT(pmm_free_count() == start);
}

KTEST(pmm_contig)
{
	size_t start = pmm_free_count();
	paddr_t pa = pmm_alloc_contig(8);
	size_t i;

	KTEST_ASSERT(pa != 0 && (pa & PAGE_MASK) == 0);
	for (i = 0; i < 8; i++)
		KTEST_ASSERT(pmm_page(pa + i * PAGE_SIZE)->pg_ref == 1);
	KTEST_ASSERT(pmm_free_count() == start - 8);
	pmm_free_contig(pa, 8);
	KTEST_ASSERT(pmm_free_count() == start);
}

KTEST(pmm_page_refcount)
{
	size_t start = pmm_free_count();
	paddr_t pa = pmm_alloc_zeroed();

	KTEST_ASSERT(pa != 0 && *(uint64_t *)PHYS_TO_VIRT(pa) == 0);
	page_ref(pa);
	KTEST_ASSERT(pmm_page(pa)->pg_ref == 2);
	page_unref(pa);
	KTEST_ASSERT(pmm_free_count() == start - 1);
	page_unref(pa);
	KTEST_ASSERT(pmm_free_count() == start);
	KTEST_ASSERT(pmm_page(pa)->pg_flags == PG_FREE);
}
