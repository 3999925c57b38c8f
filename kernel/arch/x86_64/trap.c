/*
 * trap.c: what happens after isr.asm has saved a trap frame.
 *
 * Vectors 0-31 are CPU exceptions.  A fault in the kernel at an address
 * listed in the exception table (__ex_table: pairs of faulting and
 * fix-up addresses, made by the user-memory and probe routines in
 * copy.asm) resumes at the fix-up, which returns -EFAULT; any other
 * kernel fault prints the vector, error code, registers, CR2 and a
 * symbolised backtrace, then panics.  A page fault on a user address is
 * first offered to the process's vm_map (demand-zero, copy-on-write), also
 * when the kernel takes it inside a user-copy routine.  A fault in user
 * mode that the vm_map cannot resolve becomes the matching signal
 * (SIGSEGV, SIGFPE, SIGILL, SIGTRAP, SIGBUS), which the process may
 * catch.  Every return to user mode delivers pending signals.  Vectors
 * 32-47 are the PIC's interrupt lines (pic.c), 0x80 the system call.
 * Every way out of an interrupt or system call is a preemption point.
 *
 * Every frame bound for user mode, whoever built it (an entry, a signal
 * frame, rt_sigreturn, exec, fork), passes trap_user_exit last: user
 * RFLAGS without IOPL or VM and with IF, user selectors, and a canonical
 * RIP, so that the IRETQ or SYSRET that follows cannot fault in ring 0.
 */
#include <stddef.h>

#include <kern/cputime.h>
#include <kern/kprintf.h>
#include <kern/ksyms.h>
#include <kern/panic.h>
#include <kern/proc.h>
#include <kern/signal.h>
#include <kern/syscall.h>
#include <kern/thread.h>
#include <vm/vm.h>
#include <vm/vm_map.h>
#include <vm/vmm.h>
#include <machine/cpufunc.h>
#include <machine/frame.h>
#include <machine/segments.h>

#include "trap.h"

struct ex_entry {
	uint64_t ex_fault, ex_fixup;
};

extern const struct ex_entry __ex_table_start[], __ex_table_end[];


static const char *const exc_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow", "bound range",
	"invalid opcode", "device not available", "double fault", "coprocessor overrun",
	"invalid TSS", "segment not present", "stack fault", "general protection",
	"page fault", "reserved", "x87 FP error", "alignment check", "machine check",
	"SIMD FP error", "virtualization", "control protection", "reserved", "reserved",
	"reserved", "reserved", "reserved", "reserved", "hypervisor injection",
	"VMM communication", "security", "reserved",
};

static const struct ex_entry *ex_find(uint64_t rip)
{
	const struct ex_entry *e;

	for (e = __ex_table_start; e < __ex_table_end; e++)
		if (e->ex_fault == rip)
			return e;
	return NULL;
}

/*
 * addr with its symbol.  A return address (ret) is looked up one byte back:
 * a call to a noreturn function may be its caller's last instruction, and
 * the address after it belongs to the next function.
 */
static void print_sym(const char *what, uint64_t addr, bool ret)
{
	uint64_t off;
	const char *name = ksyms_lookup(addr - ret, &off);

	if (name != NULL)
		kprintf("%s %016lx <%s+0x%lx>\n", what, addr, name, off + ret);
	else
		kprintf("%s %016lx\n", what, addr);
}

static void trap_dump(const struct trapframe *tf)
{
	kprintf("\n%s (vector %lu) in %s mode, error code %#lx\n",
		exc_names[tf->tf_vector], tf->tf_vector, TF_FROM_USER(tf) ? "user" : "kernel",
		tf->tf_err);
	print_sym("RIP", tf->tf_rip, false);
	kprintf("CS  %04lx RFLAGS %016lx SS %04lx RSP %016lx CR2 %016lx\n", tf->tf_cs,
		tf->tf_rflags, tf->tf_ss, tf->tf_rsp, read_cr2());
	kprintf("RAX %016lx RBX %016lx RCX %016lx RDX %016lx\n", tf->tf_rax, tf->tf_rbx,
		tf->tf_rcx, tf->tf_rdx);
	kprintf("RSI %016lx RDI %016lx RBP %016lx R8  %016lx\n", tf->tf_rsi, tf->tf_rdi,
		tf->tf_rbp, tf->tf_r8);
	kprintf("R9  %016lx R10 %016lx R11 %016lx R12 %016lx\n", tf->tf_r9, tf->tf_r10,
		tf->tf_r11, tf->tf_r12);
	kprintf("R13 %016lx R14 %016lx R15 %016lx CR3 %016lx\n", tf->tf_r13, tf->tf_r14,
		tf->tf_r15, read_cr3());
	backtrace_from(tf->tf_rbp);
}

#define PF_PRESENT 0x1
#define PF_WRITE 0x2
#define PF_FETCH 0x10
#define SYSCALL_VECTOR 0x80

/* The access a page fault's error code describes, as VM_PROT_* bits. */
static unsigned fault_access(uint64_t err)
{
	return err & PF_WRITE ? VM_PROT_WRITE : err & PF_FETCH ? VM_PROT_EXEC : VM_PROT_READ;
}

/*
 * A page fault on a user address, resolved by the current process's map:
 * from user mode, or from the kernel only inside a user-copy routine
 * (anywhere else the kernel has no business touching user memory, and
 * with SMAP the page may well be present).
 */
static bool user_fault_resolved(const struct trapframe *tf)
{
	struct proc *p = curproc();
	uint64_t addr = read_cr2();

	if (!TF_FROM_USER(tf) && ex_find(tf->tf_rip) == NULL)
		return false;
	if (tf->tf_vector != 14 || p == NULL || p->p_map == NULL || addr >= VM_USER_END ||
	    vm_fault(p->p_map, addr, fault_access(tf->tf_err)) != 0)
		return false;
	cputime_fault(); /* getrusage's ru_minflt */
	return true;
}

static int exception_signal(uint64_t vector)
{
	switch (vector) {
	case 0: case 16: case 19: return SIGFPE;
	case 1: case 3: return SIGTRAP;
	case 6: return SIGILL;
	case 11: case 12: case 17: return SIGBUS; /* #NP, #SS, #AC: as Linux */
	default: return SIGSEGV;
	}
}

static int exception_code(const struct trapframe *tf)
{
	switch (tf->tf_vector) {
	case 0: return FPE_INTDIV;
	case 6: return ILL_ILLOPN;
	case 14: {
		struct proc *p = curproc();

		return (tf->tf_err & PF_PRESENT) || (p->p_map != NULL && vm_map_has(p->p_map, read_cr2())) ?
			SEGV_ACCERR : SEGV_MAPERR;
	}
	case 17: return BUS_ADRALN;
	default: return SI_KERNEL;
	}
}

/* A fault in user mode that the process did not get away with: a signal. */
static void user_exception(struct trapframe *tf)
{
	struct proc *p = curproc();
	int sig = exception_signal(tf->tf_vector), code = exception_code(tf);
	uint64_t addr = tf->tf_vector == 14 ? read_cr2() :
			tf->tf_vector == 13 ? 0 : tf->tf_rip;

	/* As Linux: a shared file mapping's page past the end of the file is SIGBUS. */
	if (tf->tf_vector == 14 && p->p_map != NULL && vm_map_past_file_end(p->p_map, addr)) {
		sig = SIGBUS;
		code = BUS_ADRERR;
	}

	if (p->p_sigact[sig].sa_handler == SIG_DFL)
		klog(KLOG_INFO, "pid %d (%s): %s at rip %lx addr %lx: signal %d\n", p->p_pid,
		     p->p_name, exc_names[tf->tf_vector], tf->tf_rip, addr, sig);
	signal_force(sig, code, addr);
}

static void trap_exception(struct trapframe *tf)
{
	const struct ex_entry *e;

	if (user_fault_resolved(tf))
		return;
	if (TF_FROM_USER(tf)) {
		user_exception(tf);
		return;
	}
	if ((e = ex_find(tf->tf_rip)) != NULL) {
		tf->tf_rip = e->ex_fixup;
		return;
	}
	if (tf->tf_vector == 2) {
		kprintf("NMI received, continuing\n");
		return;
	}
	trap_dump(tf);
	panic("unhandled %s", exc_names[tf->tf_vector]);
}

static bool irq_from_user; /* interrupts are off while a hardware interrupt is handled */

bool trap_irq_from_user(void)
{
	return irq_from_user;
}

void trap_dispatch(struct trapframe *tf)
{
	if (TF_FROM_USER(tf))
		curthread->t_syscall_nr = -1;
	if (tf->tf_vector < 32) {
		trap_exception(tf);
		if (!TF_FROM_USER(tf))
			return; /* a kernel fault fixed up: no switch in the middle */
	} else if ((tf->tf_vector >= IRQ_VECTOR_BASE &&
		    tf->tf_vector < IRQ_VECTOR_BASE + IRQ_NVECTORS) ||
		   tf->tf_vector == APIC_SPURIOUS_VECTOR) {
		irq_from_user = TF_FROM_USER(tf);
		intr_dispatch((unsigned)tf->tf_vector);
	} else if (tf->tf_vector == SYSCALL_VECTOR && TF_FROM_USER(tf)) {
		/*
		 * Both ways in clobber rcx and r11 as SYSCALL does (the x86_64
		 * convention), so trap_return can take SYSRET after int 0x80 too.
		 */
		tf->tf_rcx = tf->tf_rip;
		tf->tf_r11 = tf->tf_rflags;
		syscall_dispatch(tf);
	} else {
		kprintf("trap: stray interrupt vector %lu\n", tf->tf_vector);
	}
	sched_preempt_point();
	if (TF_FROM_USER(tf))
		signal_deliver(tf);
}

/* RFLAGS bits user mode never runs with: port access, virtual-8086 mode. */
#define RFLAGS_NEVER_USER (RFLAGS_IOPL | RFLAGS_VM | RFLAGS_VIF | RFLAGS_VIP)
#define VECTOR_GP 13

/* Whether addr is canonical: bits 63..47 all equal (4-level paging). */
static bool canonical(uint64_t addr)
{
	return (uint64_t)(((int64_t)addr >> 47) + 1) <= 1;
}

/*
 * IRETQ to a non-canonical RIP faults in ring 0 on Intel CPUs (SYSRET
 * too; trap_return never takes SYSRET there).  Linux catches that fault
 * and hands it to the process as the #GP it would have taken at that
 * address in user mode; do the same before the fault can happen:
 * SIGSEGV (SI_KERNEL, address 0), the bad RIP in the handler's ucontext.
 * If the handler itself is at a bad address, nothing is left to run (Linux
 * goes round until the stack is exhausted): the process dies of SIGSEGV.
 */
static void user_bad_rip(struct trapframe *tf)
{
	tf->tf_vector = VECTOR_GP;
	tf->tf_err = 0;
	user_exception(tf);
	signal_deliver(tf);
	if (!canonical(tf->tf_rip))
		signal_die(SIGSEGV);
}

/*
 * The last look at a frame before isr.asm's trap_return restores it to
 * user mode (interrupts off).  IRETQ takes RFLAGS, CS, SS and RIP from the
 * frame and SYSRET takes RFLAGS from it too: none may make them fault in
 * ring 0 or give user mode what it must not have.  RSP may be anything:
 * neither instruction checks it, and its first use faults in user mode.
 */
void trap_user_exit(struct trapframe *tf)
{
	tf->tf_rflags = (tf->tf_rflags & ~RFLAGS_NEVER_USER) | RFLAGS_IF | RFLAGS_FIXED;
	if (tf->tf_cs != SEL_UCODE && tf->tf_cs != (GDT_UCODE32 | 3))
		tf->tf_cs = SEL_UCODE;
	tf->tf_ss = SEL_UDATA;
	if (!canonical(tf->tf_rip))
		user_bad_rip(tf);
}

/* Walk saved frame pointers (the kernel keeps them) from rbp upwards. */
void backtrace_from(uint64_t rbp)
{
	int depth;

	kprintf("backtrace:\n");
	for (depth = 0; depth < 32 && rbp != 0; depth++) {
		uint64_t frame[2];

		/* A corrupt frame pointer must not fault inside the panic path. */
		if ((rbp & 7) != 0 || arch_probe_read((void *)rbp, &frame[0]) != 0 ||
		    arch_probe_read((void *)(rbp + 8), &frame[1]) != 0)
			break;
		if (frame[1] == 0)
			break;
		print_sym("  ", frame[1], true);
		if (frame[0] <= rbp)
			break;
		rbp = frame[0];
	}
}

void arch_backtrace(void)
{
	backtrace_from((uint64_t)__builtin_frame_address(0));
}
