/*
 * Unit tests of kernel/vm/kheap.c over a fake page source: a 1024-page
 * arena with first-fit allocation and one metadata word per page, which
 * checks that the heap gives every page back.
 */
#include <stdlib.h>
#include <string.h>

#include <vm/kheap.h>
#include <vm/vm.h>

#include "htest.h"

#define ARENA_PAGES 1024

static uint8_t *arena;
static uint8_t arena_used[ARENA_PAGES];
static uintptr_t arena_meta[ARENA_PAGES];
static size_t arena_out;

static void *arena_alloc(size_t n)
{
	size_t i, j;

	for (i = 0; i + n <= ARENA_PAGES; i++) {
		for (j = 0; j < n && !arena_used[i + j]; j++)
			;
		if (j == n) {
			memset(arena_used + i, 1, n);
			arena_out += n;
			/* Garbage, so the heap cannot rely on zeroed pages. */
			memset(arena + i * PAGE_SIZE, 0xA5, n * PAGE_SIZE);
			return arena + i * PAGE_SIZE;
		}
	}
	return NULL;
}

static size_t arena_index(const void *p)
{
	return (size_t)((const uint8_t *)p - arena) / PAGE_SIZE;
}

static void arena_free(void *p, size_t n)
{
	size_t i = arena_index(p), j;

	for (j = 0; j < n; j++) {
		if (!arena_used[i + j])
			abort();
		arena_used[i + j] = 0;
	}
	arena_out -= n;
}

static uintptr_t *arena_page_meta(const void *page)
{
	return &arena_meta[arena_index(page)];
}

static const struct kheap_pagesrc arena_src = { arena_alloc, arena_free, arena_page_meta };
static struct kheap kh;

static void arena_reset(void)
{
	if (arena == NULL)
		arena = aligned_alloc(PAGE_SIZE, ARENA_PAGES * PAGE_SIZE);
	memset(arena_used, 0, sizeof(arena_used));
	memset(arena_meta, 0, sizeof(arena_meta));
	arena_out = 0;
	kheap_init(&kh, &arena_src);
}

HTEST(kheap, size_classes)
{
	HCHECK(kheap_class(1) == 0 && kheap_class(16) == 0);
	HCHECK(kheap_class(17) == 1 && kheap_class(32) == 1);
	HCHECK(kheap_class(33) == 2 && kheap_class(1024) == 6);
	HCHECK(kheap_class(1025) == 7 && kheap_class(2048) == 7);
	HCHECK(kheap_class(2049) == -1);
	HCHECK(kheap_class_size(0) == 16 && kheap_class_size(7) == 2048);
}

HTEST(kheap, alignment_and_sizes)
{
	static const size_t sizes[] = { 1, 8, 16, 24, 100, 255, 256, 500, 1000, 2048, 2049, 5000, 70000 };
	void *p[sizeof(sizes) / sizeof(sizes[0])];
	size_t i, align;

	arena_reset();
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		p[i] = kheap_alloc(&kh, sizes[i]);
		HCHECK(p[i] != NULL);
		HCHECK(kheap_usable_size(&kh, p[i]) >= sizes[i]);
		align = sizes[i] > KHEAP_MAX_SMALL ? PAGE_SIZE
						   : kheap_class_size(kheap_class(sizes[i]));
		HCHECK((uintptr_t)p[i] % align == 0);
		memset(p[i], (int)i, sizes[i]);
	}
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		HCHECK(((uint8_t *)p[i])[0] == i && ((uint8_t *)p[i])[sizes[i] - 1] == i);
		kheap_free(&kh, p[i]);
	}
	HCHECK(kh.kh_bytes == 0 && kh.kh_pages == 0 && arena_out == 0);
	HCHECK(kheap_alloc(&kh, 0) == NULL);
	kheap_free(&kh, NULL);
}

/* Fill several slabs of each class, free in an interleaved order. */
HTEST(kheap, slabs_return_pages)
{
	static void *p[8][600];
	int cls;
	size_t i, n;

	arena_reset();
	for (cls = 0; cls < KHEAP_NCLASSES; cls++) {
		n = cls < 5 ? 600 : 40;
		for (i = 0; i < n; i++) {
			p[cls][i] = kheap_alloc(&kh, kheap_class_size(cls));
			HCHECK(p[cls][i] != NULL);
			memset(p[cls][i], cls, kheap_class_size(cls));
		}
	}
	HCHECK(kh.kh_pages > 0 && kh.kh_pages == arena_out);
	for (cls = 0; cls < KHEAP_NCLASSES; cls++) {
		n = cls < 5 ? 600 : 40;
		for (i = 0; i < n; i += 2)
			kheap_free(&kh, p[cls][i]);
	}
	for (cls = 0; cls < KHEAP_NCLASSES; cls++) {
		n = cls < 5 ? 600 : 40;
		for (i = 1; i < n; i += 2) {
			HCHECK(*(uint8_t *)p[cls][i] == cls);
			kheap_free(&kh, p[cls][i]);
		}
	}
	HCHECK(kh.kh_bytes == 0 && kh.kh_pages == 0 && arena_out == 0);
}

/* Random allocation and free with content checks against overlap. */
HTEST(kheap, random_stress)
{
	static void *p[512];
	static size_t sz[512];
	unsigned iter, k;

	arena_reset();
	srand(42);
	for (iter = 0; iter < 50000; iter++) {
		k = (unsigned)rand() % 512;
		if (p[k] != NULL) {
			HCHECK(((uint8_t *)p[k])[0] == (uint8_t)k);
			HCHECK(((uint8_t *)p[k])[sz[k] - 1] == (uint8_t)k);
			kheap_free(&kh, p[k]);
			p[k] = NULL;
		} else {
			sz[k] = 1 + (size_t)rand() % (rand() % 8 == 0 ? 9000 : 600);
			p[k] = kheap_alloc(&kh, sz[k]);
			HCHECK(p[k] != NULL);
			memset(p[k], (uint8_t)k, sz[k]);
		}
	}
	for (k = 0; k < 512; k++)
		kheap_free(&kh, p[k]);
	HCHECK(kh.kh_bytes == 0 && arena_out == 0);
}

HTEST(kheap, exhaustion)
{
	void *big;

	arena_reset();
	big = kheap_alloc(&kh, (ARENA_PAGES - 1) * PAGE_SIZE);
	HCHECK(big != NULL);
	HCHECK(kheap_alloc(&kh, 2 * PAGE_SIZE) == NULL);
	HCHECK(kheap_alloc(&kh, 1024) == NULL);  /* needs a 4-page slab */
	HCHECK(kheap_alloc(&kh, 16) != NULL);    /* one page left */
	HCHECK(kheap_alloc(&kh, (size_t)-1) == NULL);
	kheap_free(&kh, big);
}

static void do_free(void *arg)
{
	kheap_free(&kh, arg);
}

HTEST(kheap, bad_free_panics)
{
	uint8_t *a, *big;

	arena_reset();
	a = kheap_alloc(&kh, 64);
	big = kheap_alloc(&kh, 3 * PAGE_SIZE);
	HCHECK(htest_panics(do_free, a + 8));            /* inside an object */
	HCHECK(htest_panics(do_free, big + 16));         /* inside a large block */
	HCHECK(htest_panics(do_free, arena + 500 * PAGE_SIZE)); /* never allocated */
	kheap_free(&kh, a);
	kheap_free(&kh, big);
	HCHECK(arena_out == 0);
}
