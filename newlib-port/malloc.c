/* malloc for Breenix, backed by mmap.
 *
 * Small requests (up to 64 KiB) are served from power-of-two size classes
 * (16 B .. 64 KiB).  Each class keeps a free list; an empty list is refilled
 * from the current arena, a 1 MiB region obtained with mmap, so the heap grows
 * by mmap'd regions and never needs brk.  Larger requests get a mapping of
 * their own, returned with munmap on free.  Every block starts with a 16-byte
 * header saying which kind it is; user pointers are 16-byte aligned.
 *
 * One recursive lock (newlib's __malloc_lock) guards the free lists and the
 * arena; mappings of their own need none.  fork takes it so the child's
 * heap is never caught half-updated by another thread. */
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <reent.h>
#include <sys/lock.h>
#include <sys/mman.h>

#define MIN_SHIFT	4			/* 16 B */
#define MAX_SHIFT	16			/* 64 KiB */
#define NCLASSES	(MAX_SHIFT - MIN_SHIFT + 1)
#define ARENA_SIZE	(1024 * 1024)
#define PAGE		4096UL

enum kind { K_SMALL = 0x5a11, K_MAPPED = 0xb16b, K_ALIGNED = 0xa119 };

struct header {
	size_t	size;	/* K_SMALL: class index; K_MAPPED: mapping length;
			   K_ALIGNED: distance back to the underlying block */
	size_t	kind;
};

struct free_block {
	struct header	 h;
	struct free_block *next;
};

static struct free_block *free_lists[NCLASSES];	/* malloc_lock */
__LOCK_INIT_RECURSIVE(static, malloc_lock);

void __malloc_lock(struct _reent *r) { (void)r; __lock_acquire_recursive(malloc_lock); }
void __malloc_unlock(struct _reent *r) { (void)r; __lock_release_recursive(malloc_lock); }
static char *arena_next, *arena_end;	/* malloc_lock */

static int
class_of(size_t n)
{
	int c = 0;

	n += sizeof(struct header);
	while (((size_t)1 << (c + MIN_SHIFT)) < n)
		c++;
	return c;
}

static size_t class_size(int c) { return (size_t)1 << (c + MIN_SHIFT); }

static struct header *
arena_take(size_t size)
{
	char *p;

	if (arena_next == NULL || (size_t)(arena_end - arena_next) < size) {
		p = mmap(NULL, ARENA_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return NULL;
		arena_next = p;		/* the old arena's tail is left unused */
		arena_end = p + ARENA_SIZE;
	}
	p = arena_next;
	arena_next += size;
	return (struct header *)p;
}

static void *
alloc_mapped(size_t n)
{
	size_t len = (n + sizeof(struct header) + PAGE - 1) & ~(PAGE - 1);
	struct header *h;

	if (len < n) {
		errno = ENOMEM;
		return NULL;
	}
	h = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (h == MAP_FAILED) {
		errno = ENOMEM;
		return NULL;
	}
	h->size = len;
	h->kind = K_MAPPED;
	return h + 1;
}

void *
malloc(size_t n)
{
	struct free_block *b;
	struct header *h;
	int c;

	if (n > class_size(NCLASSES - 1) - sizeof(struct header))
		return alloc_mapped(n);
	c = class_of(n);
	__lock_acquire_recursive(malloc_lock);
	b = free_lists[c];
	if (b != NULL) {
		free_lists[c] = b->next;
		h = &b->h;
	} else {
		h = arena_take(class_size(c));
	}
	__lock_release_recursive(malloc_lock);
	if (h == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	h->size = (size_t)c;
	h->kind = K_SMALL;
	return h + 1;
}

static struct header *
header_of(void *p)
{
	struct header *h = (struct header *)p - 1;

	if (h->kind == K_ALIGNED)
		h = (struct header *)((char *)p - h->size) - 1;
	return h;
}

void
free(void *p)
{
	struct header *h;
	struct free_block *b;

	if (p == NULL)
		return;
	h = header_of(p);
	if (h->kind == K_MAPPED) {
		munmap(h, h->size);
		return;
	}
	if (h->kind != K_SMALL || h->size >= NCLASSES)
		abort();	/* not a block of ours, or freed twice */
	b = (struct free_block *)h;
	b->h.kind = 0;
	__lock_acquire_recursive(malloc_lock);
	b->next = free_lists[h->size];
	free_lists[h->size] = b;
	__lock_release_recursive(malloc_lock);
}

size_t
malloc_usable_size(void *p)
{
	struct header *h;

	if (p == NULL)
		return 0;
	h = header_of(p);
	if (h->kind == K_MAPPED)
		return h->size - ((char *)p - (char *)h);
	return class_size((int)h->size) - ((char *)p - (char *)h);
}

void *
calloc(size_t n, size_t size)
{
	void *p;

	if (size != 0 && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	p = malloc(n * size);
	if (p != NULL)
		memset(p, 0, n * size);	/* arena and free-list memory may be dirty */
	return p;
}

void *
realloc(void *p, size_t n)
{
	size_t have;
	void *q;

	if (p == NULL)
		return malloc(n);
	if (n == 0) {
		free(p);
		return NULL;
	}
	have = malloc_usable_size(p);
	if (n <= have && (char *)header_of(p) + sizeof(struct header) == (char *)p)
		return p;
	q = malloc(n);
	if (q == NULL)
		return NULL;
	memcpy(q, p, have < n ? have : n);
	free(p);
	return q;
}

void *
memalign(size_t align, size_t n)
{
	char *raw, *p;
	struct header *h;

	if (align == 0 || (align & (align - 1)) != 0) {
		errno = EINVAL;
		return NULL;
	}
	if (align <= sizeof(struct header))
		return malloc(n);
	if (n > SIZE_MAX - align - sizeof(struct header)) {
		errno = ENOMEM;
		return NULL;
	}
	raw = malloc(n + align + sizeof(struct header));
	if (raw == NULL)
		return NULL;
	p = (char *)(((uintptr_t)raw + sizeof(struct header) + align - 1) & ~(uintptr_t)(align - 1));
	h = (struct header *)p - 1;
	h->kind = K_ALIGNED;
	h->size = (size_t)(p - raw);
	return p;
}

int
posix_memalign(void **out, size_t align, size_t n)
{
	void *p;

	if (align < sizeof(void *) || (align & (align - 1)) != 0)
		return EINVAL;
	p = memalign(align, n);
	if (p == NULL)
		return ENOMEM;
	*out = p;
	return 0;
}

void *valloc(size_t n) { return memalign(PAGE, n); }
void *pvalloc(size_t n) { return memalign(PAGE, (n + PAGE - 1) & ~(PAGE - 1)); }

/* The reentrant names newlib's own code calls. */
void *_malloc_r(struct _reent *r, size_t n) { (void)r; return malloc(n); }
void _free_r(struct _reent *r, void *p) { (void)r; free(p); }
void *_calloc_r(struct _reent *r, size_t n, size_t s) { (void)r; return calloc(n, s); }
void *_realloc_r(struct _reent *r, void *p, size_t n) { (void)r; return realloc(p, n); }
void *_memalign_r(struct _reent *r, size_t a, size_t n) { (void)r; return memalign(a, n); }
size_t _malloc_usable_size_r(struct _reent *r, void *p) { (void)r; return malloc_usable_size(p); }
