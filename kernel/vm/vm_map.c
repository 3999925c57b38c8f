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

static void region_free(struct vm_region *r);
static void region_close(struct vm_region *r);

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

/*
 * The objects' mappings are closed first, while the page tables are still
 * there: a file's close may look at the pages (a truncate in another
 * process walks the file's regions into their maps until then).
 */
void vm_map_destroy(struct vm_map *m)
{
	struct vm_region *r, *next;

	for (r = m->m_regions; r != NULL; r = r->r_next)
		region_close(r);
	vmm_space_destroy(m->m_space); /* releases every mapped page */
	for (r = m->m_regions; r != NULL; r = next) {
		next = r->r_next;
		kfree(r);
	}
	kfree(m);
}

/* Give back the region's count on its object (once). */
static void region_close(struct vm_region *r)
{
	if (r->r_ops != NULL)
		r->r_ops->close(r);
	r->r_ops = NULL;
}

/* Free a region off every list, giving back its object's count. */
static void region_free(struct vm_region *r)
{
	region_close(r);
	kfree(r);
}

static struct vm_region *region_find(struct vm_map *m, vaddr_t va)
{
	struct vm_region *r;

	for (r = m->m_regions; r != NULL && r->r_start <= va; r = r->r_next)
		if (va < r->r_end)
			return r;
	return NULL;
}

struct vm_region *vm_map_find(struct vm_map *m, vaddr_t va)
{
	return region_find(m, va);
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
	nr->r_map = m;
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

int vm_map_add_obj(struct vm_map *m, vaddr_t start, size_t len, unsigned prot, unsigned flags,
		   const struct vm_region_ops *ops, void *obj)
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
	r->r_ops = ops;
	r->r_obj = obj;
	region_insert(m, r);
	return 0;
}

int vm_map_add(struct vm_map *m, vaddr_t start, size_t len, unsigned prot, unsigned flags)
{
	return vm_map_add_obj(m, start, len, prot, flags, NULL, NULL);
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

void vm_map_unmap_range(struct vm_map *m, vaddr_t start, vaddr_t end)
{
	unmap_pages(m, start, end);
}

/* Take *pp off the list, then its pages out of the page tables, then free
 * it: in this order, so no fault maps a page behind the unmap. */
static void region_remove(struct vm_map *m, struct vm_region **pp)
{
	struct vm_region *r = region_detach(m, pp);

	unmap_pages(m, r->r_start, r->r_end);
	region_free(r);
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
	*tail = *r;
	tail->r_start = va;
	tail->r_off += va - r->r_start;
	/*
	 * One more mapping of the object, as Linux's vm_open, counted before r
	 * shrinks: an object walking its mappings (a file's truncate) sees the
	 * tail's pages through r or through the tail, never through neither.
	 */
	if (tail->r_ops != NULL)
		tail->r_ops->open(tail);
	fl = vm_lock(); /* a fault between the two halves would find neither */
	r->r_end = va;
	tail->r_next = r->r_next;
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
		if (r->r_start >= start && r->r_end <= end)
			region_remove(m, pp);
		else
			pp = &r->r_next;
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
	for (va = start; va < end; va = r->r_end) {
		if ((r = region_find(m, va)) == NULL)
			return -ENOMEM;
		if ((r->r_flags & VMR_NOWRITE) && (prot & VM_PROT_WRITE))
			return -EACCES; /* Linux: the file was not opened for writing */
	}
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
	if (vmm_translate(m->m_space, va, &pa, &prot) != 0) {
		/* A shared file mapping has every page of the file mapped: this one is past its end. */
		if ((r->r_flags & (VMR_SHARED | VMR_FILE)) == (VMR_SHARED | VMR_FILE))
			return -EFAULT;
		return fault_zero(m, r, va) == 0 ? 0 : -EFAULT;
	}
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
		n = VOP_READ(vn, &u, off + done);
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
		if (vm_map_add(c, r->r_start, r->r_end - r->r_start, r->r_prot, r->r_flags) != 0) {
			vm_map_destroy(c);
			return NULL;
		}
		if (r->r_ops != NULL) { /* the child's region is one more mapping of the object */
			struct vm_region *cr = region_find(c, r->r_start);

			cr->r_ops = r->r_ops;
			cr->r_obj = r->r_obj;
			cr->r_off = r->r_off;
			r->r_ops->open(cr);
		}
		if (fork_region(m, c, r) != 0) {
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

bool vm_map_covered(struct vm_map *m, vaddr_t start, vaddr_t end)
{
	struct vm_region *r;
	vaddr_t va;

	if (end < start)
		return false; /* a range that wraps is never all mapped */
	for (va = start; va < end; va = r->r_end)
		if ((r = region_find(m, va)) == NULL)
			return false;
	return true;
}

/*
 * MADV_DONTNEED: private anonymous pages go (the next touch finds zeros,
 * as Linux); a shared region's pages stay, as Linux keeps them in the
 * shared object, and so do a private file mapping's (Linux would read the
 * file again; here the copy made at map time is all there is).
 */
void vm_map_discard(struct vm_map *m, vaddr_t start, vaddr_t end)
{
	struct vm_region *r;

	for (r = m->m_regions; r != NULL && r->r_start < end; r = r->r_next) {
		if (r->r_end <= start || (r->r_flags & (VMR_SHARED | VMR_FILE)))
			continue;
		unmap_pages(m, r->r_start > start ? r->r_start : start,
			    r->r_end < end ? r->r_end : end);
	}
}

/*
 * Move the pages held in [from, from + len) to the same offsets at to,
 * keeping each page's protection (a copy-on-write page stays read-only).
 * The page tables at to may need memory: when they cannot have it the
 * page goes back where it was and the move stops with -ENOMEM.
 */
static int move_pages(struct vm_map *m, vaddr_t from, vaddr_t to, size_t len)
{
	vaddr_t va, end = from + len;
	paddr_t pa;
	unsigned prot;

	for (va = from; (va = vmm_next_mapped(m->m_space, va, end, &pa, &prot)) < end;
	     va += PAGE_SIZE) {
		pa = vmm_unmap(m->m_space, va);
		if (vmm_map(m->m_space, to + (va - from), pa, prot) != 0) {
			if (vmm_map(m->m_space, va, pa, prot) != 0)
				panic("vm_map: cannot put back page %lx", (unsigned long)va);
			return -ENOMEM;
		}
	}
	return 0;
}

/* Grow r, which ends at end, by delta bytes in place if nothing is there. */
static bool grow_in_place(struct vm_map *m, struct vm_region *r, vaddr_t end, size_t delta)
{
	if (r->r_end != end || delta > VM_MAP_END - end || !range_free(m, end, end + delta))
		return false;
	r->r_end += delta;
	m->m_size += delta;
	return true;
}

int vm_map_remap(struct vm_map *m, vaddr_t old, size_t old_len, size_t new_len, bool may_move,
		 vaddr_t new_addr, bool fixed, vaddr_t *out)
{
	struct vm_region *r = region_find(m, old);
	unsigned prot, flags;
	vaddr_t to;
	int err;

	if (r == NULL || old_len > r->r_end - old)
		return -EFAULT; /* Linux: no remapping across regions */
	prot = r->r_prot;
	flags = r->r_flags & ~(unsigned)(VMR_HEAP | VMR_STACK);
	if ((flags & (VMR_SHARED | VMR_FILE)) == (VMR_SHARED | VMR_FILE) && new_len > old_len)
		return -EINVAL; /* growing would need the file's next pages: not done */
	if (r->r_ops != NULL && (fixed || new_len > old_len))
		return -EINVAL; /* moving an object's region (System V shm): not done */
	if (!fixed && new_len <= old_len) {
		if (new_len < old_len && (err = vm_map_remove(m, old + new_len, old_len - new_len)) != 0)
			return err;
		*out = old;
		return 0;
	}
	if (!fixed && grow_in_place(m, r, old + old_len, new_len - old_len)) {
		to = old;
		goto grown;
	}
	if (!may_move)
		return -ENOMEM;
	if (fixed)
		to = new_addr;
	else if ((err = vm_map_find_space(m, new_len, 0, &to)) != 0)
		return err;
	if ((err = vm_map_add(m, to, new_len, prot, flags)) != 0)
		return err;
	if ((err = move_pages(m, old, to, old_len < new_len ? old_len : new_len)) != 0) {
		move_pages(m, to, old, old_len < new_len ? old_len : new_len);
		vm_map_remove(m, to, new_len);
		return err;
	}
	vm_map_remove(m, old, old_len);
grown:
	*out = to;
	/* A shared region's pages must all exist (vm_map_populate). */
	if ((flags & VMR_SHARED) && new_len > old_len)
		return vm_map_populate(m, to + old_len, new_len - old_len);
	return 0;
}

bool vm_map_past_file_end(struct vm_map *m, vaddr_t va)
{
	struct vm_region *r = region_find(m, va);

	return r != NULL && (r->r_flags & (VMR_SHARED | VMR_FILE)) == (VMR_SHARED | VMR_FILE) &&
	       vmm_translate(m->m_space, PAGE_ROUND_DOWN(va), NULL, NULL) != 0;
}

/*
 * shmdt: the regions of one attach are those of the object with ops whose
 * offset 0 lies at addr (a split or mprotect may have cut it in pieces).
 */
int vm_map_remove_obj(struct vm_map *m, vaddr_t addr, const struct vm_region_ops *ops)
{
	struct vm_region **pp, *r;
	void *obj = NULL;

	for (r = m->m_regions; r != NULL && obj == NULL; r = r->r_next)
		if (r->r_ops == ops && r->r_start >= addr && r->r_start - addr == r->r_off)
			obj = r->r_obj;
	if (obj == NULL)
		return -EINVAL;
	for (pp = &m->m_regions; (r = *pp) != NULL;) {
		if (r->r_obj == obj && r->r_start >= addr && r->r_start - addr == r->r_off)
			region_remove(m, pp);
		else
			pp = &r->r_next;
	}
	return 0;
}

int vm_map_enter_page(struct vm_map *m, vaddr_t va, paddr_t pa)
{
	struct vm_region *r = region_find(m, va);
	int err;

	if (r == NULL)
		return -EFAULT;
	page_ref(pa);
	if ((err = vmm_map(m->m_space, va, pa, r->r_prot | VM_PROT_USER)) != 0)
		page_unref(pa);
	return err;
}
