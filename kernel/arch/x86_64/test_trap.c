/*
 * test_trap.c: the fault path.  A deliberate page fault at a probed
 * address must come back as -EFAULT through the exception table, not
 * panic, and must leave the kernel able to go on (interrupts still
 * arrive, the next probe of good memory works).  And the CPU protections
 * the kernel turns on are on, and no user flag or frame field can make the
 * way in or out fault in ring 0.
 */
#include <arch/arch.h>
#include <kern/clock.h>
#include <kern/ktest.h>
#include <kern/uaccess.h>
#include <sys/errno.h>
#include <vm/pmm.h>
#include <vm/vm.h>
#include <vm/vmm.h>
#include <machine/cpufunc.h>
#include <machine/frame.h>
#include <machine/segments.h>

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

/* CPUID.(EAX=7,ECX=0): EBX bit 7 SMEP, bit 20 SMAP; ECX bit 2 UMIP. */
static bool cpu_has(int reg, unsigned bit)
{
	uint32_t r[4];

	cpuid(0, 0, r);
	if (r[0] < 7)
		return false;
	cpuid(7, 0, r);
	return r[reg] & (1u << bit);
}

/*
 * SMEP, SMAP and UMIP are on wherever the CPU has them, and SMAP does its
 * job: the kernel reads a user page only through the user-copy routines.
 */
KTEST(trap_cpu_protections)
{
	const vaddr_t va = 0x10000000ULL;
	struct vm_space *vs;
	uint64_t cr4 = read_cr4(), v = 1;
	paddr_t pa;
	unsigned long fl;
	int probe, copy;

	KTEST_ASSERT(!!(cr4 & CR4_SMEP) == cpu_has(1, 7));
	KTEST_ASSERT(!!(cr4 & CR4_SMAP) == cpu_has(1, 20));
	KTEST_ASSERT(!!(cr4 & CR4_UMIP) == cpu_has(2, 2));
	if (!(cr4 & CR4_SMAP))
		return;
	vs = vmm_space_create();
	pa = pmm_alloc_zeroed();
	KTEST_ASSERT(vs != NULL && pa != 0);
	KTEST_ASSERT(vmm_map(vs, va, pa, VM_PROT_READ | VM_PROT_WRITE | VM_PROT_USER) == 0);
	fl = arch_irq_save(); /* no switch back to this thread's own space meanwhile */
	vmm_activate(vs);
	probe = arch_probe_read((const void *)va, &v);
	copy = copy_from_user(&v, va, sizeof(v));
	vmm_activate(&vmm_kernel_space);
	arch_irq_restore(fl);
	vmm_space_destroy(vs); /* frees the page too */
	KTEST_ASSERT(probe == -EFAULT);
	KTEST_ASSERT(copy == 0 && v == 0);
}

/*
 * SYSCALL clears every flag user mode can set; 32-bit SYSCALL has an entry
 * and SYSENTER none; and a frame bound for user mode leaves trap_user_exit
 * with user selectors, IF on and IOPL off, whatever was put in it.
 */
KTEST(trap_user_state_contained)
{
	const uint64_t user_flags = RFLAGS_TF | RFLAGS_IF | RFLAGS_DF | RFLAGS_IOPL | RFLAGS_NT |
				    RFLAGS_RF | RFLAGS_AC | RFLAGS_ID;
	struct trapframe tf = { 0 };

	KTEST_ASSERT((rdmsr(0xC0000084) & user_flags) == user_flags); /* IA32_FMASK */
	KTEST_ASSERT(rdmsr(0xC0000083) != 0);                          /* IA32_CSTAR */
	KTEST_ASSERT(rdmsr(0x174) == 0);                               /* IA32_SYSENTER_CS */
	tf.tf_rip = 0x401000;
	tf.tf_cs = GDT_KCODE;
	tf.tf_ss = GDT_KDATA;
	tf.tf_rflags = RFLAGS_IOPL | RFLAGS_VM | RFLAGS_NT | RFLAGS_AC;
	trap_user_exit(&tf);
	KTEST_ASSERT(tf.tf_cs == SEL_UCODE && tf.tf_ss == SEL_UDATA && tf.tf_rip == 0x401000);
	KTEST_ASSERT(tf.tf_rflags == (RFLAGS_FIXED | RFLAGS_IF | RFLAGS_NT | RFLAGS_AC));
}
