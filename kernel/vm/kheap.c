/*
 * kheap.c: slab allocator core of the kernel heap (see vm/kheap.h).
 *
 * A slab is one page (classes up to 256 bytes) or KHEAP_BIG_SLAB pages
 * (512 to 2048 bytes, so the header wastes at most one object in eight).
 * Its header sits at the start of its first page; objects follow at the
 * first multiple of the class size, so every object is aligned to its size.
 * Free objects are chained through their first word.  Slabs with at least
 * one free object are on their class's partial list; a slab whose last
 * object is freed goes straight back to the page source, so an idle heap
 * holds no pages (leak checks compare page counts).
 *
 * Pure code: no globals, no locking (the caller's job); tests/host runs it.
 */
#include <kern/panic.h>
#include <vm/kheap.h>
#include <vm/vm.h>

#define KHEAP_BIG_SLAB 4
#define KHEAP_META_LARGE 1UL

struct kheap_slab {
	struct kheap_slab *ks_next, *ks_prev; /* partial list */
	void *ks_free;                        /* free objects */
	uint32_t ks_inuse, ks_total;
	uint8_t ks_class;
	uint8_t ks_onlist;
};

/* The size class of an n-byte request, or -1 when it needs whole pages. */
int kheap_class(size_t n)
{
	int cls = 0;

	if (n > KHEAP_MAX_SMALL)
		return -1;
	while (((size_t)1 << (cls + KHEAP_MIN_SHIFT)) < n)
		cls++;
	return cls;
}

size_t kheap_class_size(int cls)
{
	return (size_t)1 << (cls + KHEAP_MIN_SHIFT);
}

static size_t kheap_slab_pages(int cls)
{
	return kheap_class_size(cls) <= 256 ? 1 : KHEAP_BIG_SLAB;
}

static void *kheap_page_of(const void *p)
{
	return (void *)((uintptr_t)p & ~(uintptr_t)PAGE_MASK);
}

void kheap_init(struct kheap *kh, const struct kheap_pagesrc *src)
{
	__builtin_memset(kh, 0, sizeof(*kh));
	kh->kh_src = src;
}

static void kheap_list_add(struct kheap *kh, struct kheap_slab *s)
{
	struct kheap_slab **head = &kh->kh_partial[s->ks_class];

	s->ks_prev = NULL;
	s->ks_next = *head;
	if (*head != NULL)
		(*head)->ks_prev = s;
	*head = s;
	s->ks_onlist = 1;
}

static void kheap_list_remove(struct kheap *kh, struct kheap_slab *s)
{
	if (s->ks_prev != NULL)
		s->ks_prev->ks_next = s->ks_next;
	else
		kh->kh_partial[s->ks_class] = s->ks_next;
	if (s->ks_next != NULL)
		s->ks_next->ks_prev = s->ks_prev;
	s->ks_next = s->ks_prev = NULL;
	s->ks_onlist = 0;
}

static void kheap_set_meta(struct kheap *kh, void *first, size_t npages, uintptr_t v)
{
	size_t i;

	for (i = 0; i < npages; i++)
		*kh->kh_src->ps_meta((char *)first + i * PAGE_SIZE) = v;
}

static struct kheap_slab *kheap_slab_create(struct kheap *kh, int cls)
{
	size_t npages = kheap_slab_pages(cls), size = kheap_class_size(cls);
	size_t off = (sizeof(struct kheap_slab) + size - 1) & ~(size - 1);
	struct kheap_slab *s = kh->kh_src->ps_alloc(npages);
	char *obj, *end;

	if (s == NULL)
		return NULL;
	kh->kh_pages += npages;
	kheap_set_meta(kh, s, npages, (uintptr_t)s);
	s->ks_free = NULL;
	s->ks_inuse = 0;
	s->ks_total = 0;
	s->ks_class = (uint8_t)cls;
	end = (char *)s + npages * PAGE_SIZE;
	/* Chain from the top down so the lowest object goes out first. */
	for (obj = end - size; obj >= (char *)s + off; obj -= size) {
		*(void **)obj = s->ks_free;
		s->ks_free = obj;
		s->ks_total++;
	}
	kheap_list_add(kh, s);
	return s;
}

static void kheap_slab_destroy(struct kheap *kh, struct kheap_slab *s)
{
	size_t npages = kheap_slab_pages(s->ks_class);

	if (s->ks_onlist)
		kheap_list_remove(kh, s);
	kheap_set_meta(kh, s, npages, 0);
	kh->kh_pages -= npages;
	kh->kh_src->ps_free(s, npages);
}

static void *kheap_alloc_large(struct kheap *kh, size_t n)
{
	size_t npages = (n + PAGE_SIZE - 1) / PAGE_SIZE;
	void *p;

	if (npages == 0 || npages > (SIZE_MAX >> (PAGE_SHIFT + 1)))
		return NULL;
	p = kh->kh_src->ps_alloc(npages);
	if (p == NULL)
		return NULL;
	*kh->kh_src->ps_meta(p) = (npages << 1) | KHEAP_META_LARGE;
	kh->kh_pages += npages;
	kh->kh_bytes += npages * PAGE_SIZE;
	return p;
}

/* n bytes, or NULL when n is 0 or the page source is exhausted. */
void *kheap_alloc(struct kheap *kh, size_t n)
{
	int cls = kheap_class(n);
	struct kheap_slab *s;
	void *obj;

	if (n == 0)
		return NULL;
	if (cls < 0)
		return kheap_alloc_large(kh, n);
	s = kh->kh_partial[cls];
	if (s == NULL && (s = kheap_slab_create(kh, cls)) == NULL)
		return NULL;
	obj = s->ks_free;
	s->ks_free = *(void **)obj;
	if (++s->ks_inuse == s->ks_total)
		kheap_list_remove(kh, s);
	kh->kh_bytes += kheap_class_size(cls);
	return obj;
}

/* The metadata word of p's page; panics on a pointer the heap never gave. */
static uintptr_t kheap_meta_of(struct kheap *kh, const void *p)
{
	uintptr_t m = *kh->kh_src->ps_meta(kheap_page_of(p));

	if (m == 0 || ((m & KHEAP_META_LARGE) && ((uintptr_t)p & PAGE_MASK) != 0))
		panic("kheap: %p is not a heap block", p);
	return m;
}

void kheap_free(struct kheap *kh, void *p)
{
	struct kheap_slab *s;
	uintptr_t m;
	size_t size;

	if (p == NULL)
		return;
	m = kheap_meta_of(kh, p);
	if (m & KHEAP_META_LARGE) {
		*kh->kh_src->ps_meta(p) = 0;
		kh->kh_pages -= m >> 1;
		kh->kh_bytes -= (m >> 1) * PAGE_SIZE;
		kh->kh_src->ps_free(p, m >> 1);
		return;
	}
	s = (struct kheap_slab *)m;
	size = kheap_class_size(s->ks_class);
	if (((uintptr_t)p - (uintptr_t)s) % size != 0 || (void *)p == (void *)s ||
	    s->ks_inuse == 0)
		panic("kheap: bad free of %p", p);
	*(void **)p = s->ks_free;
	s->ks_free = p;
	s->ks_inuse--;
	kh->kh_bytes -= size;
	if (s->ks_inuse == 0)
		kheap_slab_destroy(kh, s);
	else if (!s->ks_onlist)
		kheap_list_add(kh, s);
}

/* How many bytes the block at p can hold. */
size_t kheap_usable_size(struct kheap *kh, const void *p)
{
	uintptr_t m = kheap_meta_of(kh, p);

	if (m & KHEAP_META_LARGE)
		return (m >> 1) * PAGE_SIZE;
	return kheap_class_size(((const struct kheap_slab *)m)->ks_class);
}
