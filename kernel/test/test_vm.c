/*
 * test_vm.c: in-kernel tests of address spaces, the kernel's final page
 * tables and kernel stacks; pages held without access (PROT_NONE); walks
 * whose cost follows what is mapped, and the tables an unmap frees; the
 * vm_map operations on a huge region; a file fill that stays in its range.
 */
#include <arch/arch.h>
#include <fs/vfs.h>
#include <kern/clock.h>
#include <kern/ktest.h>
#include <kern/uaccess.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kstack.h>
#include <vm/pmm.h>
#include <vm/vm_map.h>
#include <vm/vmm.h>

extern char _text_start[], _rodata_start[], _data_start[];

#define TEST_VA 0x400000ULL

KTEST(vm_map_unmap_user)
{
	size_t start = pmm_free_count();
	struct vm_space *vs = vmm_space_create();
	paddr_t pa = pmm_alloc(), got;
	unsigned prot;

	KTEST_ASSERT(vs != NULL && pa != 0);
	KTEST_ASSERT(vmm_translate(vs, TEST_VA, &got, &prot) == -EFAULT);
	KTEST_ASSERT(vmm_map(vs, TEST_VA, pa, VM_PROT_READ | VM_PROT_WRITE | VM_PROT_USER) == 0);
	KTEST_ASSERT(vmm_map(vs, TEST_VA, pa, VM_PROT_READ) == -EEXIST);
	KTEST_ASSERT(vmm_translate(vs, TEST_VA + 0x123, &got, &prot) == 0);
	KTEST_ASSERT(got == pa + 0x123);
	KTEST_ASSERT((prot & (VM_PROT_WRITE | VM_PROT_USER)) == (VM_PROT_WRITE | VM_PROT_USER));
	KTEST_ASSERT(vmm_protect(vs, TEST_VA, VM_PROT_READ | VM_PROT_EXEC | VM_PROT_USER) == 0);
	KTEST_ASSERT(vmm_translate(vs, TEST_VA, &got, &prot) == 0);
	KTEST_ASSERT(!(prot & VM_PROT_WRITE) && (prot & VM_PROT_EXEC));
	KTEST_ASSERT(vmm_unmap(vs, TEST_VA) == pa);
	KTEST_ASSERT(vmm_translate(vs, TEST_VA, &got, &prot) == -EFAULT);
	KTEST_ASSERT(vmm_unmap(vs, TEST_VA) == 0);
	KTEST_ASSERT(vmm_protect(vs, TEST_VA, VM_PROT_READ) == -EFAULT);
	/* The space is private: the kernel space does not see the mapping. */
	KTEST_ASSERT(vmm_map(vs, TEST_VA, pa, VM_PROT_READ | VM_PROT_USER) == 0);
	KTEST_ASSERT(vmm_translate(&vmm_kernel_space, TEST_VA, &got, &prot) == -EFAULT);
	/* Destroying the space drops the mapping's reference: pa is freed. */
	vmm_space_destroy(vs);
	KTEST_ASSERT(pmm_free_count() == start);
}

/*
 * Pages spread over tables at every level all come back on destroy, except
 * those holding a second reference (as a copy-on-write fork would take).
 */
KTEST(vm_space_destroy_frees_all)
{
	static const vaddr_t bases[] = { 0x3FF000ULL, 0x3FF80000ULL, 0x7FFFFFF00000ULL,
					 0x8000000000ULL };
	static paddr_t shared[4 * 256 / 7 + 4];
	size_t start = pmm_free_count(), nshared = 0, i;
	struct vm_space *vs = vmm_space_create();
	unsigned b;

	KTEST_ASSERT(vs != NULL);
	for (b = 0; b < sizeof(bases) / sizeof(bases[0]); b++) {
		for (i = 0; i < 256; i++) {
			vaddr_t va = bases[b] + i * PAGE_SIZE;
			paddr_t pa = pmm_alloc();

			KTEST_ASSERT(pa != 0);
			KTEST_ASSERT(vmm_map(vs, va, pa, VM_PROT_READ | VM_PROT_USER) == 0);
			if (i % 7 == 0) {
				page_ref(pa);
				shared[nshared++] = pa;
			}
		}
	}
	KTEST_ASSERT(pmm_free_count() < start - 4 * 256);
	vmm_space_destroy(vs);
	KTEST_ASSERT(pmm_free_count() == start - nshared);
	for (i = 0; i < nshared; i++)
		page_unref(shared[i]);
	KTEST_ASSERT(pmm_free_count() == start);
}

KTEST(vm_bad_arguments)
{
	struct vm_space *vs = vmm_space_create();
	paddr_t pa = pmm_alloc();

	KTEST_ASSERT(vs != NULL && pa != 0);
	KTEST_ASSERT(vmm_map(vs, TEST_VA + 1, pa, VM_PROT_READ) == -EINVAL);
	KTEST_ASSERT(vmm_map(vs, 0x0000800000000000ULL, pa, VM_PROT_READ) == -EINVAL);
	KTEST_ASSERT(vmm_map(vs, VM_KSTACK_BASE, pa, VM_PROT_READ | VM_PROT_USER) == -EINVAL);
	KTEST_ASSERT(vmm_map(&vmm_kernel_space, TEST_VA, pa, VM_PROT_READ) == -EINVAL);
	/* The direct map's large pages are in the way of a 4 KiB mapping. */
	KTEST_ASSERT(vmm_map(vs, (vaddr_t)PHYS_TO_VIRT(0x200000), pa, VM_PROT_READ) == -EEXIST);
	vmm_space_destroy(vs);
	pmm_free(pa);
}

/* Kernel mappings are shared by every space, including ones made later. */
KTEST(vm_kernel_half_shared)
{
	struct vm_space *vs = vmm_space_create();
	paddr_t pa = pmm_alloc(), a, b;
	vaddr_t kva = VM_KSTACK_BASE + 0x40000000ULL; /* no stack slot reaches here */
	unsigned prot;

	KTEST_ASSERT(vs != NULL && pa != 0);
	KTEST_ASSERT(vmm_translate(vs, (vaddr_t)_data_start, &a, &prot) == 0);
	KTEST_ASSERT(vmm_translate(&vmm_kernel_space, (vaddr_t)_data_start, &b, &prot) == 0);
	KTEST_ASSERT(a == b);
	KTEST_ASSERT(vmm_map(&vmm_kernel_space, kva, pa, VM_PROT_READ | VM_PROT_WRITE) == 0);
	KTEST_ASSERT(vmm_translate(vs, kva, &a, &prot) == 0 && a == pa);
	vmm_activate(vs);
	*(volatile uint64_t *)kva = 0x5a5a;
	vmm_activate(&vmm_kernel_space);
	KTEST_ASSERT(*(uint64_t *)PHYS_TO_VIRT(pa) == 0x5a5a);
	KTEST_ASSERT(vmm_unmap(&vmm_kernel_space, kva) == pa);
	vmm_space_destroy(vs);
	pmm_free(pa);
}

KTEST(vm_kernel_sections)
{
	paddr_t pa;
	unsigned prot;

	KTEST_ASSERT(vmm_translate(&vmm_kernel_space, (vaddr_t)_text_start, &pa, &prot) == 0);
	KTEST_ASSERT((prot & VM_PROT_EXEC) && !(prot & VM_PROT_WRITE));
	KTEST_ASSERT(pa == (vaddr_t)_text_start - VM_KERNEL_BASE);
	KTEST_ASSERT(vmm_translate(&vmm_kernel_space, (vaddr_t)_rodata_start, &pa, &prot) == 0);
	KTEST_ASSERT(!(prot & VM_PROT_WRITE));
	KTEST_ASSERT(vmm_translate(&vmm_kernel_space, (vaddr_t)_data_start, &pa, &prot) == 0);
	KTEST_ASSERT((prot & VM_PROT_WRITE) && !(prot & VM_PROT_USER));
	/* No identity map once vmm_init has run. */
	KTEST_ASSERT(vmm_translate(&vmm_kernel_space, 0x100000, &pa, &prot) == -EFAULT);
	/* The direct map reaches the last managed page. */
	KTEST_ASSERT(vmm_translate(&vmm_kernel_space, (vaddr_t)PHYS_TO_VIRT(0x1234567), &pa,
				   &prot) == 0);
	KTEST_ASSERT(pa == 0x1234567 && !(prot & VM_PROT_EXEC));
}

KTEST(vm_map_mmio)
{
	uint8_t *vga = vmm_map_mmio(0xB8010, 4000);
	paddr_t pa;
	unsigned prot;

	KTEST_ASSERT(vga != NULL);
	KTEST_ASSERT(vmm_translate(&vmm_kernel_space, (vaddr_t)vga, &pa, &prot) == 0);
	KTEST_ASSERT(pa == 0xB8010 && (prot & VM_PROT_NOCACHE) && !(prot & VM_PROT_EXEC));
	KTEST_ASSERT(vmm_translate(&vmm_kernel_space, (vaddr_t)vga + 4000, &pa, &prot) == 0);
	KTEST_ASSERT(vmm_map_mmio(0xB8000, 0) == NULL);
}

KTEST(vm_kstack_guard)
{
	size_t start;
	uint8_t *a, *b;
	paddr_t pa;
	unsigned prot;
	size_t i;

	/* The region's page tables stay once made: make them before counting. */
	a = kstack_alloc();
	KTEST_ASSERT(a != NULL);
	kstack_free(a);
	start = pmm_free_count();
	a = kstack_alloc();
	b = kstack_alloc();
	KTEST_ASSERT(a != NULL && b != NULL && a != b);
	for (i = 0; i < KSTACK_SIZE; i++)
		a[i] = (uint8_t)i;
	KTEST_ASSERT(vmm_translate(&vmm_kernel_space, (vaddr_t)a - 1, &pa, &prot) == -EFAULT);
	KTEST_ASSERT(vmm_translate(&vmm_kernel_space, (vaddr_t)a - KSTACK_GUARD, &pa, &prot) ==
		     -EFAULT);
	KTEST_ASSERT(vmm_translate(&vmm_kernel_space, (vaddr_t)a + KSTACK_SIZE - 1, &pa, &prot) == 0);
	KTEST_ASSERT((prot & VM_PROT_WRITE) && !(prot & VM_PROT_EXEC));
	kstack_free(a);
	kstack_free(b);
	KTEST_ASSERT(vmm_translate(&vmm_kernel_space, (vaddr_t)a, &pa, &prot) == -EFAULT);
	KTEST_ASSERT(pmm_free_count() == start);
}

/*
 * A user mapping without access rights holds its page but is not present:
 * the kernel's user copies fault on it (-EFAULT) until it gets a right.
 */
KTEST(vm_noaccess_page)
{
	size_t start = pmm_free_count();
	struct vm_space *vs = vmm_space_create();
	paddr_t pa = pmm_alloc_zeroed(), got;
	unsigned prot;
	unsigned long fl;
	uint8_t v = 1;
	int none, readable;

	KTEST_ASSERT(vs != NULL && pa != 0);
	*(uint8_t *)PHYS_TO_VIRT(pa) = 0x42;
	KTEST_ASSERT(vmm_map(vs, TEST_VA, pa, VM_PROT_USER) == 0);
	KTEST_ASSERT(vs->vs_pages == 1);
	KTEST_ASSERT(vmm_map(vs, TEST_VA, pa, VM_PROT_READ | VM_PROT_USER) == -EEXIST);
	KTEST_ASSERT(vmm_translate(vs, TEST_VA + 5, &got, &prot) == 0);
	KTEST_ASSERT(got == pa + 5 && prot == VM_PROT_USER);
	fl = arch_irq_save(); /* no switch back to this thread's own space meanwhile */
	vmm_activate(vs);
	none = copy_from_user(&v, TEST_VA, 1);
	vmm_protect(vs, TEST_VA, VM_PROT_READ | VM_PROT_USER);
	readable = copy_from_user(&v, TEST_VA, 1);
	vmm_protect(vs, TEST_VA, VM_PROT_USER);
	vmm_activate(&vmm_kernel_space);
	arch_irq_restore(fl);
	KTEST_ASSERT(none == -EFAULT);
	KTEST_ASSERT(readable == 0 && v == 0x42);
	KTEST_ASSERT(vmm_translate(vs, TEST_VA, &got, &prot) == 0 && !(prot & VM_PROT_READ));
	KTEST_ASSERT(vmm_unmap(vs, TEST_VA) == pa);
	KTEST_ASSERT(vs->vs_pages == 0);
	/* Destroying a space releases pages held without access too. */
	KTEST_ASSERT(vmm_map(vs, TEST_VA, pa, VM_PROT_USER) == 0);
	vmm_space_destroy(vs);
	KTEST_ASSERT(pmm_free_count() == start);
}

/* vmm_next_mapped finds exactly the pages held, in order, across every level. */
KTEST(vm_next_mapped_skips_holes)
{
	static const vaddr_t at[] = { 0x1000ULL, TEST_VA, TEST_VA + 0x3000, 0x40000000000ULL,
				      0x7FFFFFFFE000ULL };
	size_t start = pmm_free_count();
	struct vm_space *vs = vmm_space_create();
	paddr_t pa[5], got;
	vaddr_t va;
	unsigned prot, i;

	KTEST_ASSERT(vs != NULL);
	for (i = 0; i < 5; i++) {
		pa[i] = pmm_alloc();
		KTEST_ASSERT(pa[i] != 0);
		KTEST_ASSERT(vmm_map(vs, at[i], pa[i], i == 4 ? VM_PROT_USER :
						       VM_PROT_READ | VM_PROT_USER) == 0);
	}
	va = 0;
	for (i = 0; i < 5; i++, va += PAGE_SIZE) {
		va = vmm_next_mapped(vs, va, VM_USER_END, &got, &prot);
		KTEST_ASSERT(va == at[i] && got == pa[i]);
		KTEST_ASSERT(!!(prot & VM_PROT_READ) == (i != 4));
	}
	KTEST_ASSERT(vmm_next_mapped(vs, va, VM_USER_END, &got, &prot) == VM_USER_END);
	/* Ranges with nothing in them, however large, and ranges cut short. */
	KTEST_ASSERT(vmm_next_mapped(vs, 0x2000, TEST_VA, &got, &prot) == TEST_VA);
	KTEST_ASSERT(vmm_next_mapped(vs, TEST_VA + 0x1000, TEST_VA + 0x3000, &got, &prot) ==
		     TEST_VA + 0x3000);
	KTEST_ASSERT(vmm_next_mapped(vs, 0x40000001000ULL, 0x7FFFFFFFE000ULL, &got, &prot) ==
		     0x7FFFFFFFE000ULL);
	KTEST_ASSERT(vmm_next_mapped(vs, TEST_VA + 0x1000, VM_USER_END, &got, &prot) ==
		     TEST_VA + 0x3000);
	KTEST_ASSERT(vs->vs_pages == 5);
	vmm_space_destroy(vs);
	KTEST_ASSERT(pmm_free_count() == start);
}

/* Unmapping a table's last page frees the tables above it that it emptied. */
KTEST(vm_unmap_frees_tables)
{
	const vaddr_t far = 0x40000000000ULL; /* a PML4 slot of its own */
	struct vm_space *vs = vmm_space_create();
	size_t start = pmm_free_count();
	paddr_t a = pmm_alloc(), b = pmm_alloc(), got;

	KTEST_ASSERT(vs != NULL && a != 0 && b != 0);
	KTEST_ASSERT(vmm_map(vs, far, a, VM_PROT_READ | VM_PROT_USER) == 0);
	KTEST_ASSERT(vmm_map(vs, far + PAGE_SIZE, b, VM_PROT_USER) == 0);
	KTEST_ASSERT(pmm_free_count() == start - 2 - 3); /* two pages, PDPT, PD, PT */
	KTEST_ASSERT(vmm_unmap(vs, far) == a);
	KTEST_ASSERT(pmm_free_count() == start - 2 - 3); /* the PT still holds b */
	KTEST_ASSERT(vmm_unmap(vs, far + PAGE_SIZE) == b);
	KTEST_ASSERT(pmm_free_count() == start - 2);
	KTEST_ASSERT(vmm_translate(vs, far + PAGE_SIZE, NULL, NULL) == -EFAULT);
	/* The space still works at the same place afterwards; a page is replaced in place. */
	KTEST_ASSERT(vmm_map(vs, far, a, VM_PROT_READ | VM_PROT_USER) == 0);
	KTEST_ASSERT(vmm_replace(vs, far, b, VM_PROT_READ | VM_PROT_USER) == a);
	KTEST_ASSERT(vmm_replace(vs, far + PAGE_SIZE, a, VM_PROT_READ | VM_PROT_USER) == 0);
	KTEST_ASSERT(vs->vs_pages == 1 && vmm_translate(vs, far, &got, NULL) == 0 && got == b);
	KTEST_ASSERT(vmm_unmap(vs, far) == b);
	KTEST_ASSERT(pmm_free_count() == start - 2 && vs->vs_pages == 0);
	pmm_free(a);
	pmm_free(b);
	vmm_space_destroy(vs);
}

/* A 64 TiB region costs what is mapped in it: each operation is quick. */
KTEST(vm_map_huge_region)
{
	const size_t huge = 64ULL << 40;
	const vaddr_t base = USER_MMAP_BASE;
	size_t free0 = pmm_free_count(), vsize, rss;
	uint64_t t0 = clock_monotonic_ns();
	struct vm_map *m = vm_map_create(), *c;

	KTEST_ASSERT(m != NULL);
	KTEST_ASSERT(vm_map_add(m, base, huge, 0, 0) == 0);
	KTEST_ASSERT(vm_map_protect(m, base, huge, VM_PROT_READ | VM_PROT_WRITE) == 0);
	KTEST_ASSERT(vm_fault(m, base + huge / 2, VM_PROT_WRITE) == 0);
	KTEST_ASSERT(vm_map_protect(m, base, huge, 0) == 0);
	KTEST_ASSERT(vm_fault(m, base + huge / 2, VM_PROT_READ) == -EFAULT);
	c = vm_map_fork(m);
	KTEST_ASSERT(c != NULL);
	vm_map_usage(c, &vsize, &rss);
	KTEST_ASSERT(vsize == huge && rss == 1);
	vm_map_destroy(c);
	KTEST_ASSERT(vm_map_remove(m, base, huge) == 0);
	vm_map_usage(m, &vsize, &rss);
	KTEST_ASSERT(vsize == 0 && rss == 0);
	vm_map_destroy(m);
	KTEST_ASSERT(pmm_free_count() == free0);
	KTEST_ASSERT(clock_monotonic_ns() - t0 < 1000000000ULL);
}

/* A file that grows between two reads of a fill: the first short, the next full. */
static int fill_reads;

static long growing_read(struct vnode *vn, struct uio *u, uint64_t off)
{
	size_t n = fill_reads++ == 0 ? 100 : PAGE_SIZE;

	(void)vn;
	(void)off;
	if (n > u->len)
		n = u->len;
	memset(u->kbuf, fill_reads == 1 ? 'a' : 'b', n);
	return (long)n;
}

/* vm_map_fill never writes past the range it fills, whatever the reads return. */
KTEST(vm_fill_stays_in_range)
{
	static const struct vnode_ops ops = { .vop_read = growing_read };
	const vaddr_t base = USER_MMAP_BASE;
	struct vm_map *m = vm_map_create();
	struct vnode vn;
	paddr_t pa;
	const uint8_t *page;

	KTEST_ASSERT(m != NULL);
	memset(&vn, 0, sizeof(vn));
	vn.v_ops = &ops;
	fill_reads = 0;
	KTEST_ASSERT(vm_map_add(m, base, PAGE_SIZE, VM_PROT_READ, 0) == 0);
	KTEST_ASSERT(vm_map_add(m, base + PAGE_SIZE, PAGE_SIZE, VM_PROT_READ | VM_PROT_WRITE, 0) ==
		     0);
	KTEST_ASSERT(vm_map_fill(m, base, PAGE_SIZE, &vn, 0) == 0);
	KTEST_ASSERT(vmm_translate(m->m_space, base + PAGE_SIZE, &pa, NULL) == -EFAULT);
	KTEST_ASSERT(vmm_translate(m->m_space, base, &pa, NULL) == 0);
	page = PHYS_TO_VIRT(pa);
	KTEST_ASSERT(page[99] == 'a' && page[100] == 'b' && page[PAGE_SIZE - 1] == 'b');
	vm_map_destroy(m);
}
