/*
 * pmap.c: x86_64 4-level page tables behind the vmm.h interface.
 *
 * Tables are reached through the direct map (PHYS_TO_VIRT).  vmm_init()
 * replaces boot.asm's tables with the final kernel layout:
 *   - the direct map of [0, pmm_phys_limit()) at VM_DIRECT_BASE with 2 MiB
 *     pages, read/write, no-execute;
 *   - the kernel image at VM_KERNEL_BASE + physical with 4 KiB pages: text
 *     read+execute, rodata read-only, data/bss read/write no-execute; the
 *     first 1 MiB below it (VGA memory, BIOS data) read/write no-execute;
 *   - PML4 slots 256..511 all allocated, so every address space made later
 *     by copying them shares every kernel mapping made later;
 *   - no identity map.
 * It enables EFER.NXE (when the CPU has NX) and CR0.WP so the kernel itself
 * faults on writes to read-only pages.
 *
 * User page tables below the root count their used entries (in their
 * vm_page's pg_private) and are freed as soon as the last one goes, so no
 * user table in the tree is ever empty: walking the present entries costs
 * what is mapped, whatever the size of the range.  vmm_next_mapped() skips
 * a missing PML4/PDPT/PD entry's whole span at once.  A user page may be
 * held without any access (PTE_NOACCESS, for PROT_NONE): not present to
 * the CPU, so neither user code nor the kernel's user copies reach it.
 * Kernel tables are never freed.  Locking: the vm lock around every table
 * change, and never for more than one table's scan at a time.
 */
#include <kern/kprintf.h>
#include <kern/panic.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include <vm/pmm.h>
#include <vm/vm_lock.h>
#include <vm/vmm.h>

#include "pmap.h"

#define MSR_EFER 0xC0000080
#define EFER_NXE (1ULL << 11)
#define CR0_WP (1ULL << 16)
#define CPUID_EXT_NX (1U << 20)
#define PMAP_LOW_ALIAS 0x100000ULL /* low memory kept at VM_KERNEL_BASE */

extern char _kernel_start[], _kernel_end[];
extern char _text_start[], _text_end[];
extern char _rodata_start[], _rodata_end[];
extern char _ksyms_start[], _ksyms_end[];
extern char _data_start[], _data_end[];

struct vm_space vmm_kernel_space;

static uint64_t pmap_nx;                   /* PTE_NX, or 0 without NX */
static vaddr_t pmap_mmio_next = VM_MMIO_BASE;

static uint64_t pmap_read_cr3(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static void pmap_write_cr3(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static void pmap_invlpg(vaddr_t va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static uint64_t pmap_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static void pmap_wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

/* Turn on no-execute (if the CPU has it) and kernel write protection. */
static void pmap_enable_features(void)
{
	uint32_t a, b, c, d;
	uint64_t cr0;

	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0x80000000U));
	if (a >= 0x80000001U) {
		__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
				 : "a"(0x80000001U), "c"(0));
		if (d & CPUID_EXT_NX) {
			pmap_wrmsr(MSR_EFER, pmap_rdmsr(MSR_EFER) | EFER_NXE);
			pmap_nx = PTE_NX;
		}
	}
	if (pmap_nx == 0)
		kprintf("pmap: CPU without NX: data pages stay executable\n");
	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	__asm__ volatile("mov %0, %%cr0" : : "r"(cr0 | CR0_WP));
}

static uint64_t *pmap_table(uint64_t entry)
{
	return PHYS_TO_VIRT(entry & PTE_ADDR);
}

static unsigned pmap_index(vaddr_t va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * (level - 1))) & (PMAP_ENTRIES - 1);
}

static int pmap_is_kernel(vaddr_t va)
{
	return va >= VM_DIRECT_BASE;
}

static int pmap_canonical(vaddr_t va)
{
	return va < VM_USER_END || va >= VM_DIRECT_BASE;
}

static uint64_t pmap_pte_bits(unsigned prot)
{
	uint64_t bits = PTE_P;

	/* No access at all (PROT_NONE): keep the page, but not present. */
	if (!(prot & (VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC)))
		return PTE_NOACCESS | ((prot & VM_PROT_USER) ? PTE_U : 0);
	if (prot & VM_PROT_WRITE)
		bits |= PTE_W;
	if (prot & VM_PROT_USER)
		bits |= PTE_U;
	if (!(prot & VM_PROT_EXEC))
		bits |= pmap_nx;
	if (prot & VM_PROT_NOCACHE)
		bits |= PTE_PCD | PTE_PWT;
	return bits;
}

static unsigned pmap_pte_prot(uint64_t pte)
{
	unsigned prot = VM_PROT_READ;

	if (!(pte & PTE_P))
		return (pte & PTE_U) ? VM_PROT_USER : 0; /* held without access */
	if (pte & PTE_W)
		prot |= VM_PROT_WRITE;
	if (pte & PTE_U)
		prot |= VM_PROT_USER;
	if (!(pte & pmap_nx))
		prot |= VM_PROT_EXEC;
	if (pte & PTE_PCD)
		prot |= VM_PROT_NOCACHE;
	return prot;
}

/* Whether a leaf (level 1) entry holds a page: present, or without access. */
static int pmap_leaf_used(uint64_t pte)
{
	return (pte & (PTE_P | PTE_NOACCESS)) != 0;
}

/* The page structure of the table holding the entry e (for its use count). */
static struct vm_page *pmap_entry_page(const uint64_t *e)
{
	return pmm_page(VIRT_TO_PHYS(PAGE_ROUND_DOWN((uintptr_t)e)));
}

/*
 * The entry for va at level `stop` (1 = PTE, 2 = PD entry) in the tables
 * under root, creating missing tables when create is set.  NULL when a
 * table is missing (and not created), memory ran out (*err = -ENOMEM), or a
 * large page is in the way (*err = -EEXIST).  Call with the vm lock held.
 */
static uint64_t *pmap_walk(paddr_t root, vaddr_t va, int stop, int create, int *err)
{
	uint64_t *table = PHYS_TO_VIRT(root);
	uint64_t dirbits = PTE_P | PTE_W | (pmap_is_kernel(va) ? 0 : PTE_U);
	int level;

	*err = -EFAULT;
	for (level = PMAP_LEVELS; level > stop; level--) {
		uint64_t *e = &table[pmap_index(va, level)];

		if (!(*e & PTE_P)) {
			paddr_t pa;

			if (!create)
				return NULL;
			pa = pmm_alloc_zeroed();
			if (pa == 0) {
				*err = -ENOMEM;
				return NULL;
			}
			*e = pa | dirbits;
			if (!pmap_is_kernel(va))
				pmap_entry_page(e)->pg_private++;
		} else if (*e & PTE_PS) {
			*err = -EEXIST;
			return NULL;
		}
		table = pmap_table(*e);
	}
	return &table[pmap_index(va, stop)];
}

/*
 * Flush va from the TLB if the change can be visible on this CPU now.
 * INVLPG also drops the cached upper-level entries on va's path, which
 * makes freeing a page table on that path safe (Intel SDM 4.10.4.1; AMD
 * APM 5.5.2).  Inactive spaces have nothing cached: no PCIDs are used.
 */
static void pmap_flush(struct vm_space *vs, vaddr_t va)
{
	if (pmap_is_kernel(va) || (pmap_read_cr3() & PTE_ADDR) == vs->vs_root)
		pmap_invlpg(va);
}

/*
 * Free the user tables on the way to va that have no used entry left,
 * lowest first, clearing the entries that pointed at them.  The root is
 * kept.  Call with the vm lock held, after va's own entry changed.
 */
static void pmap_prune(struct vm_space *vs, vaddr_t va)
{
	uint64_t *path[PMAP_LEVELS + 1]; /* path[l]: the level-l entry for va */
	uint64_t *table = PHYS_TO_VIRT(vs->vs_root);
	int level;

	for (level = PMAP_LEVELS;; level--) {
		path[level] = &table[pmap_index(va, level)];
		if (level == 1 || !(*path[level] & PTE_P))
			break;
		table = pmap_table(*path[level]);
	}
	for (; level < PMAP_LEVELS; level++) {
		struct vm_page *pg = pmap_entry_page(path[level]);

		if (pg->pg_private != 0)
			break;
		*path[level + 1] = 0;
		pmap_entry_page(path[level + 1])->pg_private--;
		pmap_flush(vs, va);
		pmm_free(VIRT_TO_PHYS(PAGE_ROUND_DOWN((uintptr_t)path[level])));
	}
}

static int pmap_check(struct vm_space *vs, vaddr_t va, unsigned prot)
{
	if ((va & PAGE_MASK) != 0 || !pmap_canonical(va))
		return -EINVAL;
	/* User pages live only in user halves, kernel pages only up high. */
	if (pmap_is_kernel(va) ? (prot & VM_PROT_USER) != 0 : vs == &vmm_kernel_space)
		return -EINVAL;
	return 0;
}

/* Map the 4 KiB page at pa at va; -EEXIST if something is mapped there. */
int vmm_map(struct vm_space *vs, vaddr_t va, paddr_t pa, unsigned prot)
{
	unsigned long fl;
	uint64_t *pte;
	int err;

	err = pmap_check(vs, va, prot);
	if (err != 0 || (pa & ~PTE_ADDR) != 0)
		return err != 0 ? err : -EINVAL;
	fl = vm_lock();
	pte = pmap_walk(vs->vs_root, va, 1, 1, &err);
	if (pte != NULL) {
		err = pmap_leaf_used(*pte) ? -EEXIST : 0;
		if (err == 0) {
			*pte = pa | pmap_pte_bits(prot);
			if (!pmap_is_kernel(va)) {
				pmap_entry_page(pte)->pg_private++;
				vs->vs_pages++;
			}
		}
	} else if (!pmap_is_kernel(va)) {
		pmap_prune(vs, va); /* tables made before memory ran out */
	}
	vm_unlock(fl);
	return err;
}

/* Remove the mapping at va and return its physical address (0 if none). */
paddr_t vmm_unmap(struct vm_space *vs, vaddr_t va)
{
	unsigned long fl;
	uint64_t *pte;
	paddr_t pa = 0;
	int err;

	if ((va & PAGE_MASK) != 0 || !pmap_canonical(va))
		return 0;
	fl = vm_lock();
	pte = pmap_walk(vs->vs_root, va, 1, 0, &err);
	if (pte != NULL && pmap_leaf_used(*pte)) {
		pa = *pte & PTE_ADDR;
		*pte = 0;
		pmap_flush(vs, va);
		if (!pmap_is_kernel(va)) {
			pmap_entry_page(pte)->pg_private--;
			vs->vs_pages--;
			pmap_prune(vs, va);
		}
	}
	vm_unlock(fl);
	return pa;
}

/*
 * Put the page pa in place of the one held at va (copy-on-write) and
 * return the old one's address; 0, changing nothing, if none is held.
 * No table is made or freed, so this cannot fail for want of memory.
 */
paddr_t vmm_replace(struct vm_space *vs, vaddr_t va, paddr_t pa, unsigned prot)
{
	unsigned long fl;
	uint64_t *pte;
	paddr_t old = 0;
	int err;

	if (pmap_check(vs, va, prot) != 0 || (pa & ~PTE_ADDR) != 0)
		return 0;
	fl = vm_lock();
	pte = pmap_walk(vs->vs_root, va, 1, 0, &err);
	if (pte != NULL && pmap_leaf_used(*pte)) {
		old = *pte & PTE_ADDR;
		*pte = pa | pmap_pte_bits(prot);
		pmap_flush(vs, va);
	}
	vm_unlock(fl);
	return old;
}

/* Change the protection of the page mapped at va; -EFAULT if none. */
int vmm_protect(struct vm_space *vs, vaddr_t va, unsigned prot)
{
	unsigned long fl;
	uint64_t *pte;
	int err;

	err = pmap_check(vs, va, prot);
	if (err != 0)
		return err;
	fl = vm_lock();
	pte = pmap_walk(vs->vs_root, va, 1, 0, &err);
	if (pte != NULL && pmap_leaf_used(*pte)) {
		*pte = (*pte & PTE_ADDR) | pmap_pte_bits(prot);
		pmap_flush(vs, va);
		err = 0;
	} else if (pte != NULL) {
		err = -EFAULT;
	}
	vm_unlock(fl);
	return err;
}

/*
 * Look up va (any alignment, any page size); on success store the physical
 * address of that byte and the page's protection.  -EFAULT if not mapped.
 */
int vmm_translate(struct vm_space *vs, vaddr_t va, paddr_t *pa, unsigned *prot)
{
	unsigned long fl;
	uint64_t *table, e = 0;
	uint64_t offmask = 0;
	int level, err = -EFAULT;

	if (!pmap_canonical(va))
		return -EFAULT;
	fl = vm_lock();
	table = PHYS_TO_VIRT(vs->vs_root);
	for (level = PMAP_LEVELS; level >= 1; level--) {
		e = table[pmap_index(va, level)];
		if (!(e & PTE_P)) {
			if (level == 1 && pmap_leaf_used(e)) {
				offmask = PAGE_MASK;
				err = 0;
			}
			break;
		}
		offmask = (1ULL << (PAGE_SHIFT + 9 * (level - 1))) - 1;
		if (level == 1 || (level <= 3 && (e & PTE_PS))) {
			err = 0;
			break;
		}
		table = pmap_table(e);
	}
	vm_unlock(fl);
	if (err != 0)
		return err;
	if (pa != NULL)
		*pa = ((e & PTE_ADDR) & ~offmask) + (va & offmask);
	if (prot != NULL)
		*prot = pmap_pte_prot(e);
	return 0;
}

/* The start of the span after the one the level-`level` entry for va maps. */
static vaddr_t pmap_span_next(vaddr_t va, int level)
{
	uint64_t span = 1ULL << (PAGE_SHIFT + 9 * (level - 1));

	return (va & ~(span - 1)) + span;
}

/*
 * One step of vmm_next_mapped, with the vm lock held: go down towards *va,
 * moving past every missing entry's span, and return the used leaf entry
 * at *va; or NULL, with *va past what was found empty, when the scan
 * reached end or the end of one table (the caller starts over from the
 * root).  At most PMAP_ENTRIES entries are looked at on each level.
 */
static uint64_t *pmap_scan(paddr_t root, vaddr_t *vap, vaddr_t end)
{
	uint64_t *table = PHYS_TO_VIRT(root);
	vaddr_t va = *vap;
	int level = PMAP_LEVELS;

	while (va < end) {
		uint64_t *e = &table[pmap_index(va, level)];

		if (level == 1 && pmap_leaf_used(*e)) {
			*vap = va;
			return e;
		}
		if (level > 1 && (*e & PTE_P)) {
			table = pmap_table(*e);
			level--;
			continue;
		}
		va = pmap_span_next(va, level);
		if (pmap_index(va, level) == 0)
			break; /* past this table's last entry */
	}
	*vap = va;
	return NULL;
}

/*
 * The lowest page address in [va, end) of vs's user half that holds a page
 * (present or without access), or end if none; its physical address and
 * protection go to *pa and *prot.  The cost grows with the tables present
 * in the range, not with its size, and interrupts are off for one table's
 * scan at a time.  va must be page aligned.
 */
vaddr_t vmm_next_mapped(struct vm_space *vs, vaddr_t va, vaddr_t end, paddr_t *pa, unsigned *prot)
{
	if (end > VM_USER_END)
		end = VM_USER_END;
	while (va < end) {
		unsigned long fl = vm_lock();
		uint64_t *e = pmap_scan(vs->vs_root, &va, end);

		if (e != NULL) {
			*pa = *e & PTE_ADDR;
			*prot = pmap_pte_prot(*e);
		}
		vm_unlock(fl);
		if (e != NULL)
			return va;
	}
	return end;
}

/* A new address space: empty user half, shared kernel half; NULL if no memory. */
struct vm_space *vmm_space_create(void)
{
	struct vm_space *vs = kzalloc(sizeof(*vs));
	uint64_t *root, *kroot;

	if (vs == NULL)
		return NULL;
	vs->vs_root = pmm_alloc_zeroed();
	if (vs->vs_root == 0) {
		kfree(vs);
		return NULL;
	}
	root = PHYS_TO_VIRT(vs->vs_root);
	kroot = PHYS_TO_VIRT(vmm_kernel_space.vs_root);
	__builtin_memcpy(&root[PMAP_KERNEL_FIRST], &kroot[PMAP_KERNEL_FIRST],
			 (PMAP_ENTRIES - PMAP_KERNEL_FIRST) * sizeof(uint64_t));
	return vs;
}

/* Free the tables under a user-half entry of the given level and their pages. */
static void pmap_free_tree(uint64_t entry, int level)
{
	uint64_t *table = pmap_table(entry);
	unsigned i;

	for (i = 0; i < PMAP_ENTRIES; i++) {
		if (level == 1 ? !pmap_leaf_used(table[i]) : !(table[i] & PTE_P))
			continue;
		if (level == 2 && (table[i] & PTE_PS))
			panic("pmap: large page in a user address space");
		if (level == 1)
			page_unref(table[i] & PTE_ADDR);
		else
			pmap_free_tree(table[i], level - 1);
	}
	pmm_free(entry & PTE_ADDR);
}

/* Destroy an inactive address space, dropping the pages its user half maps. */
void vmm_space_destroy(struct vm_space *vs)
{
	uint64_t *root = PHYS_TO_VIRT(vs->vs_root);
	unsigned i;

	if (vs == &vmm_kernel_space || (pmap_read_cr3() & PTE_ADDR) == vs->vs_root)
		panic("vmm_space_destroy: space %p is in use", (void *)vs);
	for (i = 0; i < PMAP_KERNEL_FIRST; i++)
		if (root[i] & PTE_P)
			pmap_free_tree(root[i], PMAP_LEVELS - 1);
	pmm_free(vs->vs_root);
	kfree(vs);
}

/* Switch this CPU to vs (no-op when it is already active). */
void vmm_activate(struct vm_space *vs)
{
	if ((pmap_read_cr3() & PTE_ADDR) != vs->vs_root)
		pmap_write_cr3(vs->vs_root);
}

/*
 * Map len bytes of device memory at pa uncached in the MMIO window and
 * return the virtual address of pa, or NULL.  Windows are never unmapped;
 * an unmapped page separates consecutive windows.
 */
void *vmm_map_mmio(paddr_t pa, size_t len)
{
	paddr_t first = PAGE_ROUND_DOWN(pa);
	size_t npages = (PAGE_ROUND_UP(pa + len) - first) >> PAGE_SHIFT;
	unsigned long fl;
	vaddr_t va;
	size_t i;

	if (len == 0 || pa + len < pa)
		return NULL;
	fl = vm_lock();
	va = pmap_mmio_next;
	pmap_mmio_next += (npages + 1) << PAGE_SHIFT;
	vm_unlock(fl);
	for (i = 0; i < npages; i++) {
		if (vmm_map(&vmm_kernel_space, va + (i << PAGE_SHIFT), first + (i << PAGE_SHIFT),
			    VM_PROT_READ | VM_PROT_WRITE | VM_PROT_NOCACHE) != 0)
			goto unmap;
	}
	return (void *)(va + (pa - first));
unmap:
	while (i-- > 0)
		vmm_unmap(&vmm_kernel_space, va + (i << PAGE_SHIFT));
	return NULL;
}

/* Map [pa, pa + len) at va with 2 MiB pages; boot time only. */
static void pmap_map_large(vaddr_t va, paddr_t pa, uint64_t len, uint64_t bits)
{
	uint64_t off;
	uint64_t *pde;
	int err;

	for (off = 0; off < len; off += PMAP_LARGE_SIZE) {
		pde = pmap_walk(vmm_kernel_space.vs_root, va + off, 2, 1, &err);
		if (pde == NULL)
			panic("pmap: cannot build the direct map (%d)", err);
		*pde = (pa + off) | bits | PTE_PS;
	}
}

static int pmap_overlaps(vaddr_t va, const char *start, const char *end)
{
	return va < (vaddr_t)end && (vaddr_t)start < va + PAGE_SIZE;
}

/* The protection of the kernel image page at va, from the linker's sections. */
static unsigned pmap_image_prot(vaddr_t va)
{
	int text = pmap_overlaps(va, _text_start, _text_end);
	int ro = pmap_overlaps(va, _rodata_start, _rodata_end) ||
		 pmap_overlaps(va, _ksyms_start, _ksyms_end);
	int data = pmap_overlaps(va, _data_start, _data_end);

	if (text && data) {
		kprintf("pmap: page %lx holds code and data: mapped W+X\n", (unsigned long)va);
		return VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC;
	}
	if (text)
		return VM_PROT_READ | VM_PROT_EXEC;
	if (ro && !data)
		return VM_PROT_READ;
	return VM_PROT_READ | VM_PROT_WRITE;
}

static void pmap_map_kernel_page(vaddr_t va, unsigned prot)
{
	int err = vmm_map(&vmm_kernel_space, va, va - VM_KERNEL_BASE, prot);

	if (err != 0)
		panic("pmap: cannot map kernel page %lx (%d)", (unsigned long)va, err);
}

void vmm_init(void)
{
	uint64_t *root;
	vaddr_t va;
	unsigned i;

	pmap_enable_features();
	vmm_kernel_space.vs_root = pmm_alloc_zeroed();
	if (vmm_kernel_space.vs_root == 0)
		panic("pmap: no memory for the kernel page tables");
	root = PHYS_TO_VIRT(vmm_kernel_space.vs_root);
	for (i = PMAP_KERNEL_FIRST; i < PMAP_ENTRIES; i++) {
		paddr_t pa = pmm_alloc_zeroed();

		if (pa == 0)
			panic("pmap: no memory for the kernel page tables");
		root[i] = pa | PTE_P | PTE_W;
	}

	pmap_map_large(VM_DIRECT_BASE, 0,
		       (pmm_phys_limit() + PMAP_LARGE_SIZE - 1) & ~(PMAP_LARGE_SIZE - 1),
		       PTE_P | PTE_W | pmap_nx);
	for (va = VM_KERNEL_BASE; va < VM_KERNEL_BASE + PMAP_LOW_ALIAS; va += PAGE_SIZE)
		pmap_map_kernel_page(va, VM_PROT_READ | VM_PROT_WRITE);
	/* _kernel_start may include boot code linked low: start at 1 MiB up. */
	va = PAGE_ROUND_DOWN((vaddr_t)_kernel_start);
	if (va < VM_KERNEL_BASE + PMAP_LOW_ALIAS)
		va = VM_KERNEL_BASE + PMAP_LOW_ALIAS;
	for (; va < (vaddr_t)_kernel_end; va += PAGE_SIZE)
		pmap_map_kernel_page(va, pmap_image_prot(va));

	pmap_write_cr3(vmm_kernel_space.vs_root);
	pmm_add_high_memory();
	kprintf("vmm: direct map of %lu MiB, kernel image W^X\n",
		(unsigned long)(pmm_phys_limit() >> 20));
}
