/*
 * vm_map.c: regions of a user address space, demand-zero and copy-on-write
 * faults, fork's copy (see vm/vm_map.h).
 */
#include <kern/panic.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include <vm/pmm.h>
#include <vm/vm_map.h>
#include <vm/vmm.h>

struct vm_map *vm_map_create(void)
{
	struct vm_map *m = kzalloc(sizeof(*m));

	if (m == NULL)
		return NULL;
	m->m_space = vmm_space_create();
	if (m->m_space == NULL) {
		kfree(m);
		return NULL;
	}
	m->m_mmap_base = USER_MMAP_BASE;
	return m;
}

void vm_map_destroy(struct vm_map *m)
{
	struct vm_region *r, *next;

	for (r = m->m_regions; r != NULL; r = next) {
		next = r->r_next;
		kfree(r);
	}
	vmm_space_destroy(m->m_space); /* releases every mapped page */
	kfree(m);
}

static struct vm_region *region_find(struct vm_map *m, vaddr_t va)
{
	struct vm_region *r;

	for (r = m->m_regions; r != NULL && r->r_start <= va; r = r->r_next)
		if (va < r->r_end)
			return r;
	return NULL;
}

static bool range_free(struct vm_map *m, vaddr_t start, vaddr_t end)
{
	struct vm_region *r;

	for (r = m->m_regions; r != NULL; r = r->r_next)
		if (start < r->r_end && r->r_start < end)
			return false;
	return true;
}

static bool range_valid(vaddr_t start, size_t len)
{
	return (start & PAGE_MASK) == 0 && len > 0 && start >= PAGE_SIZE &&
	       start < VM_USER_END && len <= VM_USER_END - start;
}

static void region_insert(struct vm_map *m, struct vm_region *nr)
{
	struct vm_region **pp = &m->m_regions;

	while (*pp != NULL && (*pp)->r_start < nr->r_start)
		pp = &(*pp)->r_next;
	nr->r_next = *pp;
	*pp = nr;
}

int vm_map_add(struct vm_map *m, vaddr_t start, size_t len, unsigned prot, unsigned flags)
{
	struct vm_region *r;

	len = PAGE_ROUND_UP(len);
	if (!range_valid(start, len))
		return -EINVAL;
	if (!range_free(m, start, start + len))
		return -EEXIST;
	r = kzalloc(sizeof(*r));
	if (r == NULL)
		return -ENOMEM;
	r->r_start = start;
	r->r_end = start + len;
	r->r_prot = prot & (VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC);
	r->r_flags = flags;
	region_insert(m, r);
	return 0;
}

/* Unmap and release the pages of [start, end). */
static void unmap_pages(struct vm_map *m, vaddr_t start, vaddr_t end)
{
	vaddr_t va;

	for (va = start; va < end; va += PAGE_SIZE) {
		paddr_t pa = vmm_unmap(m->m_space, va);

		if (pa != 0)
			page_unref(pa);
	}
}

/*
 * Cut the region r at va (inside it): r keeps [r_start, va), a new region
 * takes [va, r_end).  -ENOMEM leaves r whole.
 */
static int region_split(struct vm_region *r, vaddr_t va)
{
	struct vm_region *tail = kzalloc(sizeof(*tail));

	if (tail == NULL)
		return -ENOMEM;
	*tail = *r;
	tail->r_start = va;
	r->r_end = va;
	r->r_next = tail;
	return 0;
}

/* Split regions so that no region straddles start or end. */
static int split_at_edges(struct vm_map *m, vaddr_t start, vaddr_t end)
{
	struct vm_region *r;
	int err;

	for (r = m->m_regions; r != NULL; r = r->r_next) {
		if (r->r_start < start && start < r->r_end && (err = region_split(r, start)) != 0)
			return err;
		if (r->r_start < end && end < r->r_end && (err = region_split(r, end)) != 0)
			return err;
	}
	return 0;
}

int vm_map_remove(struct vm_map *m, vaddr_t start, size_t len)
{
	struct vm_region **pp, *r;
	vaddr_t end;
	int err;

	len = PAGE_ROUND_UP(len);
	if (!range_valid(start, len))
		return -EINVAL;
	end = start + len;
	if ((err = split_at_edges(m, start, end)) != 0)
		return err;
	for (pp = &m->m_regions; (r = *pp) != NULL;) {
		if (r->r_start >= start && r->r_end <= end) {
			unmap_pages(m, r->r_start, r->r_end);
			*pp = r->r_next;
			kfree(r);
		} else {
			pp = &r->r_next;
		}
	}
	return 0;
}

/* The protection a present page of r gets: without write while still shared (COW). */
static unsigned page_prot(const struct vm_region *r, paddr_t pa)
{
	unsigned prot = r->r_prot | VM_PROT_USER;

	if (!(r->r_flags & VMR_SHARED) && pmm_page(pa)->pg_ref > 1)
		prot &= ~VM_PROT_WRITE;
	return prot;
}

int vm_map_protect(struct vm_map *m, vaddr_t start, size_t len, unsigned prot)
{
	struct vm_region *r;
	vaddr_t end, va;
	int err;

	len = PAGE_ROUND_UP(len);
	if (!range_valid(start, len))
		return -EINVAL;
	end = start + len;
	for (va = start; va < end; va = r->r_end)
		if ((r = region_find(m, va)) == NULL)
			return -ENOMEM;
	if ((err = split_at_edges(m, start, end)) != 0)
		return err;
	for (r = m->m_regions; r != NULL; r = r->r_next) {
		if (r->r_start < start || r->r_end > end)
			continue;
		r->r_prot = prot & (VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC);
		for (va = r->r_start; va < r->r_end; va += PAGE_SIZE) {
			paddr_t pa;
			unsigned old;

			if (vmm_translate(m->m_space, va, &pa, &old) == 0)
				vmm_protect(m->m_space, va, page_prot(r, PAGE_ROUND_DOWN(pa)));
		}
	}
	return 0;
}

int vm_map_find_space(struct vm_map *m, size_t len, vaddr_t hint, vaddr_t *out)
{
	vaddr_t start = hint != 0 ? PAGE_ROUND_UP(hint) : m->m_mmap_base;
	struct vm_region *r;

	len = PAGE_ROUND_UP(len);
	if (len == 0)
		return -EINVAL;
	/* First fit going up from start: regions are sorted. */
	for (r = m->m_regions; r != NULL; r = r->r_next) {
		if (r->r_end <= start)
			continue;
		if (start + len <= r->r_start)
			break;
		start = r->r_end;
	}
	if (start + len > USER_MMAP_END || start + len < start)
		return hint != 0 ? vm_map_find_space(m, len, 0, out) : -ENOMEM;
	*out = start;
	return 0;
}

/* Map a fresh zeroed page at va for region r. */
static int fault_zero(struct vm_map *m, struct vm_region *r, vaddr_t va)
{
	paddr_t pa = pmm_alloc_zeroed();
	int err;

	if (pa == 0)
		return -ENOMEM;
	err = vmm_map(m->m_space, va, pa, r->r_prot | VM_PROT_USER);
	if (err != 0)
		page_unref(pa);
	return err;
}

/* A write to a present read-only private page of a writable region. */
static int fault_cow(struct vm_map *m, struct vm_region *r, vaddr_t va, paddr_t pa)
{
	paddr_t copy;

	if (pmm_page(pa)->pg_ref == 1)
		return vmm_protect(m->m_space, va, r->r_prot | VM_PROT_USER);
	copy = pmm_alloc();
	if (copy == 0)
		return -ENOMEM;
	memcpy(PHYS_TO_VIRT(copy), PHYS_TO_VIRT(pa), PAGE_SIZE);
	vmm_unmap(m->m_space, va);
	page_unref(pa);
	if (vmm_map(m->m_space, va, copy, r->r_prot | VM_PROT_USER) != 0)
		panic("vm_fault: remapping %lx failed", (unsigned long)va);
	return 0;
}

int vm_fault(struct vm_map *m, vaddr_t va, unsigned access)
{
	struct vm_region *r = region_find(m, va);
	bool write = access & VM_PROT_WRITE;
	paddr_t pa;
	unsigned prot;

	if (r == NULL || (access & ~r->r_prot & (VM_PROT_WRITE | VM_PROT_EXEC)) ||
	    !(r->r_prot & VM_PROT_READ))
		return -EFAULT;
	va = PAGE_ROUND_DOWN(va);
	if (vmm_translate(m->m_space, va, &pa, &prot) != 0)
		return fault_zero(m, r, va) == 0 ? 0 : -EFAULT;
	if (write && !(prot & VM_PROT_WRITE))
		return fault_cow(m, r, va, PAGE_ROUND_DOWN(pa)) == 0 ? 0 : -EFAULT;
	return 0; /* already mapped as needed (another path faulted it in) */
}

int vm_map_populate(struct vm_map *m, vaddr_t start, size_t len)
{
	vaddr_t va;

	for (va = start; va < start + len; va += PAGE_SIZE)
		if (vm_fault(m, va, VM_PROT_READ) != 0)
			return -ENOMEM;
	return 0;
}

int vm_map_write(struct vm_map *m, vaddr_t va, const void *src, size_t n)
{
	const uint8_t *s = src;

	while (n > 0) {
		size_t off = va & PAGE_MASK, chunk = PAGE_SIZE - off;
		struct vm_region *r = region_find(m, va);
		paddr_t pa;
		unsigned prot;

		if (chunk > n)
			chunk = n;
		if (r == NULL)
			return -EFAULT;
		if (vmm_translate(m->m_space, PAGE_ROUND_DOWN(va), &pa, &prot) != 0) {
			if (fault_zero(m, r, PAGE_ROUND_DOWN(va)) != 0)
				return -ENOMEM;
			vmm_translate(m->m_space, PAGE_ROUND_DOWN(va), &pa, &prot);
		}
		memcpy((uint8_t *)PHYS_TO_VIRT(PAGE_ROUND_DOWN(pa)) + off, s, chunk);
		va += chunk;
		s += chunk;
		n -= chunk;
	}
	return 0;
}

/* Share the present pages of r with the child: read-only both sides unless shared. */
static int fork_region(struct vm_map *parent, struct vm_map *child, const struct vm_region *r)
{
	vaddr_t va;

	for (va = r->r_start; va < r->r_end; va += PAGE_SIZE) {
		paddr_t pa;
		unsigned prot, cprot = r->r_prot | VM_PROT_USER;
		int err;

		if (vmm_translate(parent->m_space, va, &pa, &prot) != 0)
			continue;
		pa = PAGE_ROUND_DOWN(pa);
		if (!(r->r_flags & VMR_SHARED)) {
			cprot &= ~VM_PROT_WRITE;
			if (prot & VM_PROT_WRITE)
				vmm_protect(parent->m_space, va, cprot);
		}
		page_ref(pa);
		err = vmm_map(child->m_space, va, pa, cprot);
		if (err != 0) {
			page_unref(pa);
			return err;
		}
	}
	return 0;
}

struct vm_map *vm_map_fork(struct vm_map *m)
{
	struct vm_map *c = vm_map_create();
	struct vm_region *r;

	if (c == NULL)
		return NULL;
	c->m_brk_start = m->m_brk_start;
	c->m_brk = m->m_brk;
	c->m_mmap_base = m->m_mmap_base;
	for (r = m->m_regions; r != NULL; r = r->r_next) {
		if (vm_map_add(c, r->r_start, r->r_end - r->r_start, r->r_prot, r->r_flags) != 0 ||
		    fork_region(m, c, r) != 0) {
			vm_map_destroy(c);
			return NULL;
		}
	}
	return c;
}

size_t vm_map_size(struct vm_map *m)
{
	struct vm_region *r;
	size_t n = 0;

	for (r = m->m_regions; r != NULL; r = r->r_next)
		n += r->r_end - r->r_start;
	return n;
}

void vm_map_usage(struct vm_map *m, size_t *vsize, size_t *resident)
{
	struct vm_region *r;
	vaddr_t va;
	paddr_t pa;
	unsigned prot;

	*vsize = vm_map_size(m);
	*resident = 0;
	for (r = m->m_regions; r != NULL; r = r->r_next) {
		for (va = r->r_start; va < r->r_end; va += PAGE_SIZE)
			if (vmm_translate(m->m_space, va, &pa, &prot) == 0)
				++*resident;
	}
}

bool vm_map_has(struct vm_map *m, vaddr_t va)
{
	return region_find(m, va) != NULL;
}
