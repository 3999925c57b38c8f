/*
 * Unit tests of kernel/vm/vm_page.c on a fake 64 MiB machine: usable
 * memory [1 MiB, 32 MiB) and [33 MiB + 100, 64 MiB - 100) with the "kernel"
 * at [1 MiB, 2 MiB + 100) reserved.  The allocator never touches page
 * contents, so no memory backs the fake physical pages.
 */
#include <stdlib.h>
#include <string.h>

#include <vm/pmm.h>

#include "htest.h"

#define FAKE_PAGES (64 * 256)
#define MIB (1024ULL * 1024)

static struct vm_page *fake;

/* Usable pages: 1..32 MiB minus the kernel, plus 33 MiB+1 page..64 MiB-1 page. */
#define LOW_PAGES ((32 * MIB - (2 * MIB + PAGE_SIZE)) / PAGE_SIZE)
#define HIGH_PAGES ((64 * MIB - PAGE_SIZE - (33 * MIB + PAGE_SIZE)) / PAGE_SIZE)

static void fake_machine(void)
{
	free(fake);
	fake = calloc(FAKE_PAGES, sizeof(*fake));
	vm_page_setup(fake, FAKE_PAGES);
	vm_page_add_free(1 * MIB, 32 * MIB);
	vm_page_add_free(33 * MIB + 100, 64 * MIB - 100);
	vm_page_reserve(1 * MIB, 2 * MIB + 100);
}

static int usable(paddr_t pa)
{
	return (pa >= 2 * MIB + PAGE_SIZE && pa < 32 * MIB) ||
	       (pa >= 33 * MIB + PAGE_SIZE && pa < 64 * MIB - PAGE_SIZE);
}

HTEST(vm_page, counts)
{
	fake_machine();
	HCHECK(pmm_total_count() == LOW_PAGES + HIGH_PAGES);
	HCHECK(pmm_free_count() == pmm_total_count());
	/* Re-adding managed pages changes nothing; new ones are counted. */
	vm_page_add_free(10 * MIB, 20 * MIB);
	HCHECK(pmm_total_count() == LOW_PAGES + HIGH_PAGES);
	vm_page_add_free(32 * MIB, 33 * MIB);
	HCHECK(pmm_total_count() == LOW_PAGES + HIGH_PAGES + 256);
	/* Reversed, out-of-range and wrapping ranges add nothing. */
	vm_page_add_free(20 * MIB, 10 * MIB);
	vm_page_add_free(1ULL << 40, 1ULL << 41);
	vm_page_add_free(~0ULL - 100, ~0ULL);
	vm_page_add_free(0x800, 0x1000);
	HCHECK(pmm_total_count() == LOW_PAGES + HIGH_PAGES + 256);
	vm_page_reserve(20 * MIB, 10 * MIB);
	vm_page_reserve(1ULL << 40, ~0ULL);
	HCHECK(pmm_free_count() == LOW_PAGES + HIGH_PAGES + 256);
	fake_machine();
	HCHECK(pmm_total_count() == LOW_PAGES + HIGH_PAGES);
}

HTEST(vm_page, low_first_and_lifo)
{
	paddr_t a, b;

	fake_machine();
	a = pmm_alloc();
	HCHECK(a == 2 * MIB + PAGE_SIZE);
	b = pmm_alloc();
	HCHECK(b == a + PAGE_SIZE);
	pmm_free(a);
	HCHECK(pmm_alloc() == a);
	pmm_free(a);
	pmm_free(b);
	HCHECK(pmm_free_count() == pmm_total_count());
}

HTEST(vm_page, exhaust_and_return)
{
	size_t total, i;
	paddr_t *got;
	uint8_t *seen;

	fake_machine();
	total = pmm_free_count();
	got = calloc(total, sizeof(*got));
	seen = calloc(FAKE_PAGES, 1);
	for (i = 0; i < total; i++) {
		got[i] = pmm_alloc();
		HCHECK(got[i] != 0 && (got[i] & PAGE_MASK) == 0 && usable(got[i]));
		HCHECK(!seen[got[i] >> PAGE_SHIFT]);
		seen[got[i] >> PAGE_SHIFT] = 1;
		HCHECK(pmm_page(got[i])->pg_ref == 1);
	}
	HCHECK(pmm_free_count() == 0);
	HCHECK(pmm_alloc() == 0);
	HCHECK(pmm_alloc_contig(1) == 0);
	for (i = 0; i < total; i += 2)
		pmm_free(got[i]);
	for (i = 1; i < total; i += 2)
		pmm_free(got[i]);
	HCHECK(pmm_free_count() == total);
	free(got);
	free(seen);
}

HTEST(vm_page, contig)
{
	paddr_t a, b, big;
	size_t i, start;

	fake_machine();
	start = pmm_free_count();
	a = pmm_alloc();
	b = pmm_alloc_contig(16);
	HCHECK(b == a + PAGE_SIZE);
	for (i = 0; i < 16; i++)
		HCHECK(pmm_page(b + i * PAGE_SIZE)->pg_ref == 1);
	pmm_free(a);
	/* One free page at a is too small for 2: the run comes after b. */
	HCHECK(pmm_alloc_contig(2) == b + 16 * PAGE_SIZE);
	pmm_free_contig(b + 16 * PAGE_SIZE, 2);
	/* A run longer than the low region must come from the high one. */
	big = pmm_alloc_contig(LOW_PAGES + 1);
	HCHECK(big == 33 * MIB + PAGE_SIZE);
	pmm_free_contig(big, LOW_PAGES + 1);
	HCHECK(pmm_alloc_contig(HIGH_PAGES + 1) == 0);
	HCHECK(pmm_alloc_contig(0) == 0);
	pmm_free_contig(b, 16);
	HCHECK(pmm_free_count() == start);
}

HTEST(vm_page, refcount)
{
	paddr_t a;
	size_t start;

	fake_machine();
	start = pmm_free_count();
	a = pmm_alloc();
	page_ref(a);
	page_ref(a);
	HCHECK(pmm_page(a)->pg_ref == 3);
	page_unref(a);
	page_unref(a);
	HCHECK(pmm_free_count() == start - 1);
	page_unref(a);
	HCHECK(pmm_free_count() == start);
	HCHECK(pmm_page(a)->pg_flags == PG_FREE);
	/* Reserved and out-of-range pages are not counted. */
	page_ref(0);
	page_unref(1 * MIB);
	page_unref(1ULL << 40);
	HCHECK(pmm_page(0)->pg_ref == 0);
	HCHECK(pmm_free_count() == start);
}

HTEST(vm_page, reserve_and_release)
{
	size_t start;
	paddr_t a;

	fake_machine();
	start = pmm_free_count();
	vm_page_reserve(40 * MIB + 1, 41 * MIB - 1); /* touches 256 pages */
	HCHECK(pmm_free_count() == start - 256);
	HCHECK(pmm_total_count() == start - 256);
	vm_page_add_free(40 * MIB, 41 * MIB);
	HCHECK(pmm_free_count() == start);
	a = pmm_alloc();
	vm_page_add_free(0, 64 * MIB); /* must not double-add the allocated page */
	HCHECK(pmm_page(a)->pg_ref == 1 && pmm_page(a)->pg_flags == 0);
	pmm_free(a);
}

static void do_free(void *arg)
{
	pmm_free(*(paddr_t *)arg);
}

static void do_unref(void *arg)
{
	page_unref(*(paddr_t *)arg);
}

static void do_reserve(void *arg)
{
	paddr_t pa = *(paddr_t *)arg;

	vm_page_reserve(pa, pa + 1);
}

HTEST(vm_page, misuse_panics)
{
	paddr_t a, bad;

	fake_machine();
	a = pmm_alloc();
	pmm_free(a);
	HCHECK(htest_panics(do_free, &a));      /* double free */
	HCHECK(htest_panics(do_unref, &a));     /* unref of a free page */
	a = pmm_alloc();
	page_ref(a);
	HCHECK(htest_panics(do_free, &a));      /* pmm_free of a shared page */
	HCHECK(htest_panics(do_reserve, &a));   /* reserving an allocated page */
	bad = a + 8;
	HCHECK(htest_panics(do_free, &bad));    /* unaligned */
	bad = 1ULL << 40;
	HCHECK(htest_panics(do_free, &bad));    /* outside the array */
	page_unref(a);
	pmm_free(a);
	HCHECK(pmm_free_count() == pmm_total_count());
}
