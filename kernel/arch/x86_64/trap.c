/*
 * trap.c: what happens after isr.asm has saved a trap frame.
 *
 * Vectors 0-31 are CPU exceptions.  A fault in the kernel at an address
 * listed in the exception table (__ex_table: pairs of faulting and
 * fix-up addresses, made by the user-memory and probe routines in
 * copy.asm) resumes at the fix-up, which returns -EFAULT; any other
 * kernel fault prints the vector, error code, registers, CR2 and a
 * symbolised backtrace, then panics.  Vectors 32-47 are the PIC's
 * interrupt lines (pic.c).  Other vectors (the system call gate) are
 * dispatched through trap_set_handler().
 */
#include <stddef.h>

#include <kern/kprintf.h>
#include <kern/ksyms.h>
#include <kern/panic.h>
#include <machine/cpufunc.h>
#include <machine/frame.h>

#include "trap.h"

struct ex_entry {
	uint64_t ex_fault, ex_fixup;
};

extern const struct ex_entry __ex_table_start[], __ex_table_end[];

static trap_handler_t handlers[256];

static const char *const exc_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow", "bound range",
	"invalid opcode", "device not available", "double fault", "coprocessor overrun",
	"invalid TSS", "segment not present", "stack fault", "general protection",
	"page fault", "reserved", "x87 FP error", "alignment check", "machine check",
	"SIMD FP error", "virtualization", "control protection", "reserved", "reserved",
	"reserved", "reserved", "reserved", "reserved", "hypervisor injection",
	"VMM communication", "security", "reserved",
};

void trap_set_handler(unsigned vector, trap_handler_t h)
{
	handlers[vector] = h;
}

static const struct ex_entry *ex_find(uint64_t rip)
{
	const struct ex_entry *e;

	for (e = __ex_table_start; e < __ex_table_end; e++)
		if (e->ex_fault == rip)
			return e;
	return NULL;
}

static void print_sym(const char *what, uint64_t addr)
{
	uint64_t off;
	const char *name = ksyms_lookup(addr, &off);

	if (name != NULL)
		kprintf("%s %016lx <%s+0x%lx>\n", what, addr, name, off);
	else
		kprintf("%s %016lx\n", what, addr);
}

static void trap_dump(const struct trapframe *tf)
{
	kprintf("\n%s (vector %lu) in %s mode, error code %#lx\n",
		exc_names[tf->tf_vector], tf->tf_vector, TF_FROM_USER(tf) ? "user" : "kernel",
		tf->tf_err);
	print_sym("RIP", tf->tf_rip);
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

static void trap_exception(struct trapframe *tf)
{
	const struct ex_entry *e;

	if (!TF_FROM_USER(tf) && (e = ex_find(tf->tf_rip)) != NULL) {
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

void trap_dispatch(struct trapframe *tf)
{
	if (tf->tf_vector < 32)
		trap_exception(tf);
	else if (tf->tf_vector >= PIC_VECTOR_BASE && tf->tf_vector < PIC_VECTOR_BASE + 16)
		pic_dispatch(tf->tf_vector - PIC_VECTOR_BASE);
	else if (handlers[tf->tf_vector] != NULL)
		handlers[tf->tf_vector](tf);
	else
		kprintf("trap: stray interrupt vector %lu\n", tf->tf_vector);
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
		print_sym("  ", frame[1]);
		if (frame[0] <= rbp)
			break;
		rbp = frame[0];
	}
}

void arch_backtrace(void)
{
	backtrace_from((uint64_t)__builtin_frame_address(0));
}
