/*
 * arch/signal.h: the machine-dependent half of signal delivery: the
 * signal frame on the user stack (x86_64: Linux's rt_sigframe, see
 * kernel/arch/x86_64/sigframe.c) and rt_sigreturn.
 */
#ifndef ARCH_SIGNAL_H
#define ARCH_SIGNAL_H

#include <stdint.h>

#include <kern/signal.h>
#include <machine/frame.h>

/*
 * Build the frame for handler ka of sig on the current thread's user (or
 * alternate) stack and point tf at the handler.  oldmask goes in the frame,
 * to be restored by rt_sigreturn.  0, or -EFAULT if the stack is unusable.
 */
int arch_signal_frame(struct trapframe *tf, int sig, const struct ksiginfo *info,
		      const struct ksigaction *ka, uint64_t oldmask);
/*
 * Restore the context the frame at the user stack pointer saved, refusing
 * anything that would leave user mode's privileges.  0 and the saved mask,
 * or -EFAULT for an unreadable or unacceptable frame.
 */
int arch_sigreturn(struct trapframe *tf, uint64_t *mask);

/* The live FPU/SSE state of the running thread. */
void arch_fpu_save(uint8_t fpu[512]);
/* Load fpu as the live state, with the MXCSR bits this CPU refuses cleared. */
void arch_fpu_load(uint8_t fpu[512]);

#endif
