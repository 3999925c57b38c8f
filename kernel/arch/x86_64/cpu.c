/*
 * cpu.c: per-CPU state, the SYSCALL MSRs, and the machine side of threads.
 *
 * GS: in the kernel, GS.base points at struct cpu (one CPU for now); in
 * user mode it holds the user's value, and SWAPGS on every kernel entry and
 * exit from and to user mode swaps the two (isr.asm).  The SYSCALL entry
 * needs struct cpu to find the kernel stack before it can save anything.
 *
 * Per thread, the switch saves and restores what user mode can change and
 * the kernel never touches: the FPU/SSE state (FXSAVE, 512 bytes), and
 * sets the FS and user GS bases (changed only through arch_prctl; the
 * user's GS base is in KERNEL_GS_BASE while the kernel runs) and the
 * kernel stack the CPU enters on (TSS RSP0, and cpu.kstack_top for
 * SYSCALL).  RFLAGS is saved by arch_switch itself (switch.asm).
 *
 * User RFLAGS never reaches kernel code.  Interrupt and exception gates
 * clear IF, TF, NT and RF (and VM) on the way in, and trap_common clears
 * DF and AC itself; SYSCALL clears only what IA32_FMASK names, so FMASK
 * names every flag user mode can set (the kernel starts with RFLAGS = 2):
 *   IF   interrupts stay off until the entry has a kernel stack and GS;
 *   TF   a single-step trap on the first kernel instruction would be a
 *        #DB in ring 0 on the user's stack;
 *   DF   the compiler and copy.asm's rep movsb assume it clear: set, a
 *        copy_to_user would run backwards over kernel memory;
 *   AC   set, SMAP is off: every kernel access to user memory would go
 *        through, not only the user-copy routines';
 *   NT   set, the next IRETQ (the way back from most system calls, and
 *        that of any thread switched to) is a task return, which faults
 *        in ring 0 in long mode;
 *   RF, IOPL, ID and the arithmetic flags: nothing in the kernel wants
 *        them, so none may come from user space (IOPL cannot: popf in
 *        ring 3 leaves it alone).
 * SYSCALL from 32-bit (compatibility) code goes to IA32_CSTAR, not LSTAR:
 * Breenix has no 32-bit system calls, so that entry only answers -ENOSYS
 * (isr.asm); left at 0, it would run ring 0 at address 0 on the user's
 * stack.  SYSENTER is refused by IA32_SYSENTER_CS = 0 (#GP in user mode).
 */
#include <stddef.h>

#include <arch/thread.h>
#include <kern/thread.h>
#include <lib/string.h>
#include <machine/cpufunc.h>
#include <machine/frame.h>
#include <machine/segments.h>
#include <vm/kstack.h>

#include "cpu.h"

#define MSR_SYSENTER_CS 0x174
#define MSR_EFER 0xC0000080
#define MSR_STAR 0xC0000081
#define MSR_LSTAR 0xC0000082
#define MSR_CSTAR 0xC0000083
#define MSR_FMASK 0xC0000084
#define MSR_FS_BASE 0xC0000100
#define MSR_GS_BASE 0xC0000101
#define MSR_KERNEL_GS_BASE 0xC0000102
#define EFER_SCE 0x1
/* What SYSCALL clears in RFLAGS: all a user can set (see above; as Linux). */
#define FMASK_BITS                                                                    \
	(RFLAGS_CF | RFLAGS_PF | RFLAGS_AF | RFLAGS_ZF | RFLAGS_SF | RFLAGS_TF | RFLAGS_IF | \
	 RFLAGS_DF | RFLAGS_OF | RFLAGS_IOPL | RFLAGS_NT | RFLAGS_RF | RFLAGS_AC | RFLAGS_ID)

extern char syscall_entry[], syscall_entry_compat[], thread_trampoline[];

struct cpu cpu0 = { .self = &cpu0 };

static uint8_t fpu_clean[512] __attribute__((aligned(16)));

void cpu_init(void)
{
	uint32_t mxcsr = 0x1F80; /* all SIMD exceptions masked */

	wrmsr(MSR_GS_BASE, (uint64_t)&cpu0);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	wrmsr(MSR_STAR, ((uint64_t)(GDT_UCODE32 | 3) << 48) | ((uint64_t)GDT_KCODE << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_CSTAR, (uint64_t)syscall_entry_compat);
	wrmsr(MSR_FMASK, FMASK_BITS);
	wrmsr(MSR_SYSENTER_CS, 0);
	__asm__ volatile("fninit; ldmxcsr %1; fxsave64 %0" : "=m"(fpu_clean) : "m"(mxcsr));
}

uint64_t arch_random_u64(void)
{
	static int has_rdrand = -1;
	uint32_t r[4];
	uint64_t v;
	unsigned char ok;
	int tries;

	if (has_rdrand < 0) {
		cpuid(1, 0, r);
		has_rdrand = (r[2] >> 30) & 1;
	}
	for (tries = 0; has_rdrand && tries < 10; tries++) {
		__asm__ volatile("rdrand %0; setc %1" : "=r"(v), "=qm"(ok));
		if (ok)
			return v;
	}
	return rdtsc();
}

void arch_fpu_init_state(uint8_t fpu[512])
{
	memcpy(fpu, fpu_clean, sizeof(fpu_clean));
}

void arch_fpu_save(uint8_t fpu[512])
{
	__asm__ volatile("fxsave64 %0" : "=m"(*(uint8_t(*)[512])fpu));
}

/*
 * fxrstor faults on MXCSR bits the CPU does not support; a user-supplied
 * image (a signal frame) must not make the kernel fault, so clear them,
 * using the mask the CPU reported in the clean image (0 means 0xFFBF).
 */
void arch_fpu_load(uint8_t fpu[512])
{
	uint32_t mask, mxcsr;

	memcpy(&mask, fpu_clean + 28, sizeof(mask));
	if (mask == 0)
		mask = 0xFFBF;
	memcpy(&mxcsr, fpu + 24, sizeof(mxcsr));
	mxcsr &= mask;
	memcpy(fpu + 24, &mxcsr, sizeof(mxcsr));
	__asm__ volatile("fxrstor64 %0" : : "m"(*(const uint8_t(*)[512])fpu));
}

void arch_set_fsbase(uint64_t base)
{
	wrmsr(MSR_FS_BASE, base);
}

/* In the kernel, after SWAPGS, the user's GS base waits in KERNEL_GS_BASE. */
void arch_set_gsbase(uint64_t base)
{
	wrmsr(MSR_KERNEL_GS_BASE, base);
}

void arch_user_frame(struct trapframe *tf, uint64_t entry, uint64_t sp)
{
	memset(tf, 0, sizeof(*tf));
	tf->tf_rip = entry;
	tf->tf_rsp = sp;
	tf->tf_cs = SEL_UCODE;
	tf->tf_ss = SEL_UDATA;
	tf->tf_rflags = RFLAGS_IF | RFLAGS_FIXED;
}

void arch_thread_exec_reset(struct thread *t)
{
	t->t_arch.at_fsbase = 0;
	t->t_arch.at_gsbase = 0;
	wrmsr(MSR_FS_BASE, 0);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
	arch_fpu_init_state(t->t_arch.at_fpu);
	__asm__ volatile("fxrstor64 %0" : : "m"(t->t_arch.at_fpu));
}

_Static_assert(offsetof(struct arch_thread, at_sp) == 0, "switch.asm reads at_sp at offset 0");

void arch_thread_init(struct arch_thread *at)
{
	at->at_sp = 0;
	at->at_fsbase = 0;
	at->at_gsbase = 0;
	arch_fpu_init_state(at->at_fpu);
}

void arch_thread_copy(struct arch_thread *at, const struct arch_thread *from)
{
	at->at_fsbase = from->at_fsbase;
	at->at_gsbase = from->at_gsbase;
	memcpy(at->at_fpu, from->at_fpu, sizeof(at->at_fpu));
}

/* The x86_64 TLS pointer is the FS base. */
void arch_thread_set_tls(struct arch_thread *at, uint64_t tls)
{
	at->at_fsbase = tls;
}

void arch_thread_setup(struct thread *t, void (*fn)(void *), void *arg)
{
	uint64_t top = (uint64_t)t->t_kstack + KSTACK_SIZE;
	uint64_t start = fn != NULL ? top - 16 : (uint64_t)t->t_tf;
	uint64_t *sp = (uint64_t *)start;

	*--sp = (uint64_t)thread_trampoline;
	*--sp = 0;                                                 /* rbp */
	*--sp = (uint64_t)fn;                                      /* rbx */
	*--sp = fn != NULL ? (uint64_t)arg : (uint64_t)t->t_tf;    /* r12 */
	*--sp = 0;                                                 /* r13 */
	*--sp = 0;                                                 /* r14 */
	*--sp = 0;                                                 /* r15 */
	*--sp = RFLAGS_FIXED;             /* rflags: interrupts off, the rest clear */
	t->t_arch.at_sp = (uint64_t)sp;
}

void arch_thread_switch_state(struct thread *prev, struct thread *next)
{
	uint64_t top = (uint64_t)next->t_kstack + KSTACK_SIZE;

	__asm__ volatile("fxsave64 %0" : "=m"(prev->t_arch.at_fpu));
	__asm__ volatile("fxrstor64 %0" : : "m"(next->t_arch.at_fpu));
	if (next->t_kstack != NULL) {
		tss_set_rsp0(top);
		cpu0.kstack_top = top;
	}
	if (next->t_proc != NULL) {
		wrmsr(MSR_FS_BASE, next->t_arch.at_fsbase);
		wrmsr(MSR_KERNEL_GS_BASE, next->t_arch.at_gsbase);
	}
}
