/*
 * test_trap.c: the fault path.  A deliberate page fault at a probed
 * address must come back as -EFAULT through the exception table, not
 * panic, and must leave the kernel able to go on (interrupts still
 * arrive, the next probe of good memory works).
 */
#include <arch/arch.h>
#include <kern/clock.h>
#include <kern/ktest.h>
#include <sys/errno.h>
#include <vm/pmm.h>
#include <vm/vm.h>
#include <vm/vmm.h>

KTEST(trap_page_fault_caught)
{
	static const uint64_t marker = 0x1122334455667788ULL;
	uint64_t v = 0;
	uint64_t t;

	/* Nothing is mapped at user address 0 in the kernel's space. */
	KTEST_ASSERT(arch_probe_read((const void *)0, &v) == -EFAULT);
	/* A non-canonical address raises #GP instead of #PF. */
	KTEST_ASSERT(arch_probe_read((const void *)0x8000000000000000ULL, &v) == -EFAULT);
	/* Unmapped kernel-half address: the MMIO window's far end. */
	KTEST_ASSERT(arch_probe_read((const void *)(VM_MMIO_BASE + (1ULL << 40)), &v) == -EFAULT);
	KTEST_ASSERT(v == 0);
	KTEST_ASSERT(arch_probe_read(&marker, &v) == 0);
	KTEST_ASSERT(v == marker);
	/* The machine still takes interrupts after the faults. */
	t = clock_ticks();
	while (clock_ticks() == t)
		arch_wait_irq();
}

/* A page unmapped after use faults again: the TLB entry went with it. */
KTEST(trap_fault_after_unmap)
{
	const vaddr_t va = 0x10000000ULL;
	paddr_t pa = pmm_alloc_zeroed();
	uint64_t v = 1;

	KTEST_ASSERT(pa != 0);
	KTEST_ASSERT(vmm_map(&vmm_kernel_space, VM_KSTACK_BASE + va, pa,
			     VM_PROT_READ | VM_PROT_WRITE) == 0);
	KTEST_ASSERT(arch_probe_read((const void *)(VM_KSTACK_BASE + va), &v) == 0);
	KTEST_ASSERT(v == 0);
	KTEST_ASSERT(vmm_unmap(&vmm_kernel_space, VM_KSTACK_BASE + va) == pa);
	KTEST_ASSERT(arch_probe_read((const void *)(VM_KSTACK_BASE + va), &v) == -EFAULT);
	pmm_free(pa);
}
