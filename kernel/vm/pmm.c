/*
 * pmm.c: setting up the physical page allocator from the boot memory map.
 *
 * pmm_init() sizes the vm_page array to the highest usable address, puts it
 * in the first usable hole that holds it, and hands usable memory to
 * vm_page.c, minus the reserved ranges: the first 1 MiB (BIOS data, future
 * SMP trampoline), the kernel image, the multiboot information and the boot
 * modules.  Until vmm_init() has built the full direct map only memory below
 * VM_EARLY_MAP_LIMIT is reachable, so pmm_init() adds only that; vmm_init()
 * calls pmm_add_high_memory() for the rest.  Modules stay reserved until
 * their user calls pmm_release_range() (the VFS, after unpacking the initrd).
 *
 * Locking: pmm_init and pmm_add_high_memory run once at boot on one CPU;
 * the allocator proper locks in vm_page.c.
 */
#include <kern/bootinfo.h>
#include <kern/kprintf.h>
#include <kern/panic.h>
#include <vm/pmm.h>

#define PMM_LOW_RESERVE 0x100000ULL /* first 1 MiB */
#define PMM_MAX_RESERVED (4 + BOOT_MAX_MODS)
#define PMM_4GIB 0x100000000ULL

struct pmm_range {
	paddr_t start, end;
};

static struct boot_mem_region pmm_regions[BOOT_MAX_MEM];
static unsigned pmm_nregions;
static struct pmm_range pmm_reserved[PMM_MAX_RESERVED];
static unsigned pmm_nreserved;
static paddr_t pmm_limit;     /* end of the highest usable region */
static paddr_t pmm_map_limit; /* end of the highest region of any type */

static void pmm_add_reserved(paddr_t start, paddr_t end)
{
	if (pmm_nreserved == PMM_MAX_RESERVED)
		panic("pmm: too many reserved ranges");
	pmm_reserved[pmm_nreserved].start = PAGE_ROUND_DOWN(start);
	pmm_reserved[pmm_nreserved].end = PAGE_ROUND_UP(end);
	pmm_nreserved++;
}

/* The first reserved range overlapping [start, end), or NULL. */
static const struct pmm_range *pmm_overlap(paddr_t start, paddr_t end)
{
	unsigned i;

	for (i = 0; i < pmm_nreserved; i++)
		if (start < pmm_reserved[i].end && pmm_reserved[i].start < end)
			return &pmm_reserved[i];
	return NULL;
}

/*
 * Whether the direct map must cover region r: everything below 4 GiB (RAM,
 * ACPI tables, legacy holes) and RAM-like types above; not reserved windows
 * high up (QEMU reserves 12 GiB below 1 TiB, for instance).
 */
static int pmm_direct_mapped(const struct boot_mem_region *r)
{
	return r->base + r->len <= PMM_4GIB || r->type == BOOT_MEM_USABLE ||
	       r->type == BOOT_MEM_ACPI || r->type == BOOT_MEM_NVS;
}

/* Find room for size bytes of usable, unreserved memory below the early map. */
static paddr_t pmm_place_array(size_t size)
{
	unsigned i;

	for (i = 0; i < pmm_nregions; i++) {
		const struct boot_mem_region *r = &pmm_regions[i];
		paddr_t start = PAGE_ROUND_UP(r->base);
		paddr_t end = r->base + r->len;
		const struct pmm_range *o;

		if (r->type != BOOT_MEM_USABLE)
			continue;
		if (end > VM_EARLY_MAP_LIMIT)
			end = VM_EARLY_MAP_LIMIT;
		while (start + size <= end) {
			o = pmm_overlap(start, start + size);
			if (o == NULL)
				return start;
			start = o->end;
		}
	}
	return 0;
}

/* Give the usable memory inside [lo, hi) to the allocator, then re-reserve. */
static void pmm_add_window(paddr_t lo, paddr_t hi)
{
	unsigned i;

	for (i = 0; i < pmm_nregions; i++) {
		const struct boot_mem_region *r = &pmm_regions[i];
		paddr_t start = r->base, end = r->base + r->len;

		if (r->type != BOOT_MEM_USABLE)
			continue;
		start = start < lo ? lo : start;
		end = end > hi ? hi : end;
		if (start < end)
			vm_page_add_free(start, end);
	}
	for (i = 0; i < pmm_nreserved; i++)
		vm_page_reserve(pmm_reserved[i].start, pmm_reserved[i].end);
}

void pmm_init(const struct boot_info *bi, paddr_t kernel_phys_start,
	      paddr_t kernel_phys_end)
{
	size_t npages, size;
	paddr_t array, top = 0;
	unsigned i;

	for (i = 0; i < bi->nmem; i++) {
		const struct boot_mem_region *r = &bi->mem[i];

		pmm_regions[pmm_nregions++] = *r;
		if (pmm_direct_mapped(r) && r->base + r->len > top)
			top = r->base + r->len;
		if (r->type == BOOT_MEM_USABLE && r->base + r->len > pmm_limit)
			pmm_limit = PAGE_ROUND_DOWN(r->base + r->len);
	}
	if (pmm_limit == 0)
		panic("pmm: no usable memory in the boot memory map");

	pmm_add_reserved(0, PMM_LOW_RESERVE);
	pmm_add_reserved(kernel_phys_start, kernel_phys_end);
	if (bi->mbi_size != 0)
		pmm_add_reserved(bi->mbi_phys, bi->mbi_phys + bi->mbi_size);
	for (i = 0; i < bi->nmods; i++)
		pmm_add_reserved(bi->mods[i].start, bi->mods[i].end);

	npages = pmm_limit >> PAGE_SHIFT;
	size = PAGE_ROUND_UP(npages * sizeof(struct vm_page));
	array = pmm_place_array(size);
	if (array == 0)
		panic("pmm: no room for %lu page structures", (unsigned long)npages);
	pmm_add_reserved(array, array + size);

	vm_page_setup(PHYS_TO_VIRT(array), npages);
	pmm_add_window(0, VM_EARLY_MAP_LIMIT);
	/* The direct map must also reach firmware tables above usable RAM. */
	pmm_map_limit = PAGE_ROUND_UP(top);
	kprintf("pmm: %lu KiB free below 1 GiB, RAM ends at %lu MiB\n",
		(unsigned long)(pmm_free_count() * PAGE_SIZE / 1024),
		(unsigned long)(pmm_limit >> 20));
}

/* Called by vmm_init() once the direct map covers all physical memory. */
void pmm_add_high_memory(void)
{
	pmm_add_window(VM_EARLY_MAP_LIMIT, ~(paddr_t)0);
}

/* Give a reserved boot range (the initrd) to the allocator. */
void pmm_release_range(paddr_t start, paddr_t end)
{
	vm_page_add_free(start, end);
}

/* A page filled with zeros, or 0 when memory is exhausted. */
paddr_t pmm_alloc_zeroed(void)
{
	paddr_t pa = pmm_alloc();

	if (pa != 0)
		__builtin_memset(PHYS_TO_VIRT(pa), 0, PAGE_SIZE);
	return pa;
}

/* End of the physical address range the direct map has to cover. */
paddr_t pmm_phys_limit(void)
{
	return pmm_map_limit;
}
