/*
 * test_kmalloc.c: in-kernel tests of the heap: many sizes, interleaved
 * frees, realloc, alignment; the heap and the page allocator end where they
 * started.
 */
#include <kern/ktest.h>
#include <vm/kmalloc.h>
#include <vm/pmm.h>

#define TEST_KM_N 300

KTEST(kmalloc_patterns)
{
	static uint8_t *p[TEST_KM_N];
	size_t pages = pmm_free_count(), bytes = kmalloc_stats();
	size_t i, j, n;

	for (i = 0; i < TEST_KM_N; i++) {
		n = 1 + (i * 37) % 3000;
		p[i] = kmalloc(n);
		KTEST_ASSERT(p[i] != NULL);
		KTEST_ASSERT(((uintptr_t)p[i] & 15) == 0);
		for (j = 0; j < n; j++)
			p[i][j] = (uint8_t)i;
	}
	KTEST_ASSERT(kmalloc_stats() > bytes);
	for (i = 0; i < TEST_KM_N; i += 3) {
		kfree(p[i]);
		p[i] = NULL;
	}
	for (i = 0; i < TEST_KM_N; i++) {
		if (p[i] == NULL)
			continue;
		n = 1 + (i * 37) % 3000;
		KTEST_ASSERT(p[i][0] == (uint8_t)i && p[i][n - 1] == (uint8_t)i);
		kfree(p[i]);
	}
	KTEST_ASSERT(kmalloc_stats() == bytes);
	KTEST_ASSERT(pmm_free_count() == pages);
}

KTEST(kmalloc_realloc)
{
	size_t pages = pmm_free_count(), bytes = kmalloc_stats();
	uint8_t *p = kzalloc(40), *q;
	size_t i;

	KTEST_ASSERT(p != NULL);
	for (i = 0; i < 40; i++)
		KTEST_ASSERT(p[i] == 0);
	for (i = 0; i < 40; i++)
		p[i] = (uint8_t)(i + 1);
	q = krealloc(p, 48);            /* same 64-byte class: stays */
	KTEST_ASSERT(q == p);
	q = krealloc(p, 10000);         /* moves to whole pages */
	KTEST_ASSERT(q != NULL && ((uintptr_t)q & PAGE_MASK) == 0);
	for (i = 0; i < 40; i++)
		KTEST_ASSERT(q[i] == i + 1);
	p = krealloc(NULL, 100);
	KTEST_ASSERT(p != NULL);
	KTEST_ASSERT(krealloc(p, 0) == NULL);
	kfree(q);
	kfree(NULL);
	KTEST_ASSERT(kmalloc(0) == NULL);
	KTEST_ASSERT(kmalloc_stats() == bytes);
	KTEST_ASSERT(pmm_free_count() == pages);
}

KTEST(kmalloc_alignment)
{
	size_t n;

	for (n = 16; n <= 2048; n *= 2) {
		void *a = kmalloc(n), *b = kmalloc(n);

		KTEST_ASSERT(a != NULL && b != NULL && a != b);
		KTEST_ASSERT((uintptr_t)a % n == 0 && (uintptr_t)b % n == 0);
		kfree(a);
		kfree(b);
	}
}
