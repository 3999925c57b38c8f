/*
 * vm_map.c: regions of a user address space, demand-zero and copy-on-write
 * faults, fork's copy (see vm/vm_map.h).
 *
 * Sizes are the user's choice (64 TiB of PROT_NONE costs one region), so
 * no loop here steps through a region page by page: every walk over the
 * pages of a range asks vmm_next_mapped() for the next page held, which
 * skips unmapped spans a page table at a time.  fork, munmap, mprotect,
 * brk and exit thus cost what is mapped.  The figures /proc reads with
 * interrupts off are counters: m_size here, vs_pages in the space.
 *
 * Protection: a region's pages get the region's protection, except that a
 * private page shared after fork stays read-only until written (COW).  As
 * on x86 Linux, WRITE or EXEC alone also allow reading; PROT_NONE pages
 * are held without access (not present), so neither the process nor the
 * kernel's user copies reach them, and vm_fault never maps them.
 *
 * Locking (threads, CLONE_VM): two users of one map may run at once.  The
 * operations that change the region list (vm_map_add, _remove, _protect,
 * _find_space then _add, _fork's walk) run under the map's sleeping lock,
 * m_lock (vm_map_lock), taken by their callers (kern/sys_mem.c, fork), so
 * they never interleave.  Faults do not take it: they run with interrupts
 * off, so every list edit is made with interrupts off too (vm_lock) and a
 * fault sees the list before or after an edit, never half a split.
 * munmap takes its regions off the list before it unmaps their pages, so
 * a fault in another thread meanwhile finds no region (SIGSEGV, as after
 * the munmap) instead of mapping a page the walk has passed.  Readers that
 * may be preempted (vm_map_shared_pa) walk with interrupts off.
 */
#include <fs/vfs.h>
#include <kern/mutex.h>
#include <kern/panic.h>
#include <kern/thread.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include <vm/pmm.h>
#include <vm/vm_lock.h>
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
	m->m_refs = 1;
	return m;
}

void vm_map_ref(struct vm_map *m)
{
	unsigned long fl = sched_lock(); /* callers hold the sharing process's map alive */

	m->m_refs++;
	sched_unlock(fl);
}

void vm_map_put(struct vm_map *m)
{
	unsigned long fl = sched_lock();
	bool last = --m->m_refs == 0;

	sched_unlock(fl);
	if (last)
		vm_map_destroy(m);
}

void vm_map_lock(struct vm_map *m)
{
	mutex_lock(&m->m_lock);
}

void vm_map_unlock(struct vm_map *m)
{
	mutex_unlock(&m->m_lock);
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

/* Whether [start, start + len) is a page-aligned, non-empty range a map may hold. */
static bool range_valid(vaddr_t start, size_t len)
{
	return (start & PAGE_MASK) == 0 && len > 0 && start >= PAGE_SIZE &&
	       start < VM_MAP_END && len <= VM_MAP_END - start;
}

static void region_insert(struct vm_map *m, struct vm_region *nr)
{
	struct vm_region **pp = &m->m_regions;
	unsigned long fl = vm_lock();

	while (*pp != NULL && (*pp)->r_start < nr->r_start)
		pp = &(*pp)->r_next;
	nr->r_next = *pp;
	*pp = nr;
	m->m_size += nr->r_end - nr->r_start;
	vm_unlock(fl);
}

/* Take the region *pp off the list (interrupts off: a fault sees it or not). */
static struct vm_region *region_detach(struct vm_map *m, struct vm_region **pp)
{
	struct vm_region *r = *pp;
	unsigned long fl = vm_lock();

	*pp = r->r_next;
	m->m_size -= r->r_end - r->r_start;
	vm_unlock(fl);
	r->r_next = NULL;
	return r;
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

/* Unmap and release the pages of [start, end): the pages held, not the range. */
static void unmap_pages(struct vm_map *m, vaddr_t start, vaddr_t end)
{
	vaddr_t va;
	paddr_t pa;
	unsigned prot;

	for (va = start; (va = vmm_next_mapped(m->m_space, va, end, &pa, &prot)) < end;
	     va += PAGE_SIZE) {
		pa = vmm_unmap(m->m_space, va);
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
	unsigned long fl;

	if (tail == NULL)
		return -ENOMEM;
	fl = vm_lock(); /* a fault between the two halves would find neither */
	*tail = *r;
	tail->r_start = va;
	r->r_end = va;
	r->r_next = tail;
	vm_unlock(fl);
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

	/* Linux's rule: any aligned range below the end of user space; page 0 too. */
	if ((start & PAGE_MASK) || len == 0 || start >= VM_MAP_END || len > VM_MAP_END - start)
		return -EINVAL;
	end = start + PAGE_ROUND_UP(len);
	if ((err = split_at_edges(m, start, end)) != 0)
		return err;
	for (pp = &m->m_regions; (r = *pp) != NULL;) {
		if (r->r_start >= start && r->r_end <= end) {
			/* Off the list first: no fault maps a page behind the unmap. */
			r = region_detach(m, pp);
			unmap_pages(m, r->r_start, r->r_end);
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

/* Give the pages r holds the protection r now has. */
static void protect_pages(struct vm_map *m, const struct vm_region *r)
{
	vaddr_t va;
	paddr_t pa;
	unsigned old;

	for (va = r->r_start; (va = vmm_next_mapped(m->m_space, va, r->r_end, &pa, &old)) <
	     r->r_end; va += PAGE_SIZE)
		vmm_protect(m->m_space, va, page_prot(r, pa));
}

int vm_map_protect(struct vm_map *m, vaddr_t start, size_t len, unsigned prot)
{
	struct vm_region *r;
	vaddr_t end, va;
	int err;

	/* Linux: a range that wraps, or with any hole in it, is ENOMEM. */
	if ((start & PAGE_MASK) || len == 0 || start >= VM_MAP_END || len > VM_MAP_END - start)
		return -ENOMEM;
	end = start + PAGE_ROUND_UP(len);
	for (va = start; va < end; va = r->r_end)
		if ((r = region_find(m, va)) == NULL)
			return -ENOMEM;
	if ((err = split_at_edges(m, start, end)) != 0)
		return err;
	for (r = m->m_regions; r != NULL; r = r->r_next) {
		if (r->r_start < start || r->r_end > end)
			continue;
		r->r_prot = prot & (VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC);
		protect_pages(m, r);
	}
	return 0;
}

int vm_map_find_space(struct vm_map *m, size_t len, vaddr_t hint, vaddr_t *out)
{
	vaddr_t start;
	struct vm_region *r;

	if (hint >= USER_MMAP_END) /* a hint out of reach is ignored, as on Linux */
		hint = 0;
	start = hint != 0 ? PAGE_ROUND_UP(hint) : m->m_mmap_base;
	if (len == 0 || len > USER_MMAP_END)
		return len == 0 ? -EINVAL : -ENOMEM;
	len = PAGE_ROUND_UP(len);
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
	/* In place: an unmap could free the tables, and the map then find no memory. */
	if (vmm_replace(m->m_space, va, copy, r->r_prot | VM_PROT_USER) != pa)
		panic("vm_fault: page %lx changed under a fault", (unsigned long)va);
	page_unref(pa);
	return 0;
}

/*
 * Whether r allows an access (VM_PROT_* bits).  As on x86 Linux, any right
 * includes reading (the page tables cannot express write- or execute-only);
 * a region with no right at all (PROT_NONE) allows nothing.
 */
static bool region_allows(const struct vm_region *r, unsigned access)
{
	unsigned rights = r->r_prot & (VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC);

	return rights != 0 && !(access & ~rights & (VM_PROT_WRITE | VM_PROT_EXEC));
}

int vm_fault(struct vm_map *m, vaddr_t va, unsigned access)
{
	struct vm_region *r = region_find(m, va);
	bool write = access & VM_PROT_WRITE;
	paddr_t pa;
	unsigned prot;

	if (r == NULL || !region_allows(r, access))
		return -EFAULT;
	va = PAGE_ROUND_DOWN(va);
	if (vmm_translate(m->m_space, va, &pa, &prot) != 0)
		return fault_zero(m, r, va) == 0 ? 0 : -EFAULT;
	pa = PAGE_ROUND_DOWN(pa);
	/* A page held without access in a region that now allows it: give it r's. */
	if (!(prot & VM_PROT_READ) && vmm_protect(m->m_space, va, page_prot(r, pa)) != 0)
		return -EFAULT;
	if (write && !(prot & VM_PROT_WRITE))
		return fault_cow(m, r, va, pa) == 0 ? 0 : -EFAULT;
	return 0; /* already mapped as needed (another path faulted it in) */
}

int vm_map_populate(struct vm_map *m, vaddr_t start, size_t len)
{
	struct vm_region *r = region_find(m, start);
	vaddr_t va;

	/* Fail at once rather than take every free page and give them back. */
	if (r == NULL || len > r->r_end - start || (len >> PAGE_SHIFT) > pmm_free_count())
		return -ENOMEM;
	/* The region's own protection, whatever it is: PROT_NONE pages are held too. */
	for (va = start; va < start + len; va += PAGE_SIZE) {
		unsigned long fl = vm_lock(); /* a fault in another thread may map it too */
		int err = vmm_translate(m->m_space, va, NULL, NULL) != 0 ? fault_zero(m, r, va) : 0;

		vm_unlock(fl);
		if (err != 0)
			return -ENOMEM;
	}
	return 0;
}

int vm_map_write(struct vm_map *m, vaddr_t va, const void *src, size_t n)
{
	const uint8_t *s = src;

	while (n > 0) {
		size_t off = va & PAGE_MASK, chunk = PAGE_SIZE - off;
		unsigned long fl = vm_lock(); /* the look-up, fill and copy as one, as a fault */
		struct vm_region *r = region_find(m, va);
		paddr_t pa;
		unsigned prot;

		if (chunk > n)
			chunk = n;
		if (r == NULL) {
			vm_unlock(fl);
			return -EFAULT;
		}
		if (vmm_translate(m->m_space, PAGE_ROUND_DOWN(va), &pa, &prot) != 0) {
			if (fault_zero(m, r, PAGE_ROUND_DOWN(va)) != 0) {
				vm_unlock(fl);
				return -ENOMEM;
			}
			vmm_translate(m->m_space, PAGE_ROUND_DOWN(va), &pa, &prot);
		}
		memcpy((uint8_t *)PHYS_TO_VIRT(PAGE_ROUND_DOWN(pa)) + off, s, chunk);
		vm_unlock(fl);
		va += chunk;
		s += chunk;
		n -= chunk;
	}
	return 0;
}

/*
 * The vfs lock is dropped between reads, so the file may shrink and grow
 * meanwhile, and a short read may be followed by a full one.  Each read
 * therefore asks for no more than what is left of [va, va + len): whatever
 * the file does, no byte lands past the range being filled (and a read
 * that returned more than asked would be refused, not copied).
 */
int vm_map_fill(struct vm_map *m, vaddr_t va, size_t len, struct vnode *vn, uint64_t off)
{
	char *page = kmalloc(PAGE_SIZE);
	size_t done = 0;
	int err = 0;

	if (page == NULL)
		return -ENOMEM;
	while (done < len) {
		size_t want = len - done < PAGE_SIZE ? len - done : PAGE_SIZE;
		struct uio u = { .kbuf = page, .len = want, .user = false };
		long n;

		mutex_lock(&vfs_lock);
		n = vn->v_ops->read(vn, &u, off + done);
		mutex_unlock(&vfs_lock);
		if (n <= 0 || (size_t)n > want) {
			err = n <= 0 ? (int)n : -EIO;
			break;
		}
		if ((err = vm_map_write(m, va + done, page, (size_t)n)) != 0)
			break;
		done += (size_t)n;
	}
	kfree(page);
	return err;
}

/*
 * Share the pages r holds with the child: read-only both sides unless
 * shared.  Only the pages held are visited, not every page of r.
 */
static int fork_region(struct vm_map *parent, struct vm_map *child, const struct vm_region *r)
{
	vaddr_t va;
	paddr_t pa;
	unsigned prot;

	for (va = r->r_start; (va = vmm_next_mapped(parent->m_space, va, r->r_end, &pa, &prot)) <
	     r->r_end; va += PAGE_SIZE) {
		unsigned cprot = r->r_prot | VM_PROT_USER;
		int err;

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
	return m->m_size;
}

/* O(1): procfs calls this with interrupts off, for any process's map. */
void vm_map_usage(struct vm_map *m, size_t *vsize, size_t *resident)
{
	*vsize = m->m_size;
	*resident = m->m_space->vs_pages;
}

bool vm_map_has(struct vm_map *m, vaddr_t va)
{
	return region_find(m, va) != NULL;
}

bool vm_map_shared_pa(struct vm_map *m, vaddr_t va, paddr_t *pa)
{
	unsigned long fl = vm_lock(); /* another thread may munmap meanwhile */
	struct vm_region *r = region_find(m, va);
	unsigned prot;
	bool ok = r != NULL && (r->r_flags & VMR_SHARED) &&
		  vmm_translate(m->m_space, va & ~(vaddr_t)(PAGE_SIZE - 1), pa, &prot) == 0;

	vm_unlock(fl);
	if (ok)
		*pa += va & (PAGE_SIZE - 1);
	return ok;
}
