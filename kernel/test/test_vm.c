/*
 * test_vm.c: in-kernel tests of address spaces, the kernel's final page
 * tables and kernel stacks.
 */
#include <kern/ktest.h>
#include <sys/errno.h>
#include <vm/kstack.h>
#include <vm/pmm.h>
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
