/*
 * arch/syscall.h: where a system call's number, arguments and result live
 * in the trapped user context (kernel/arch/x86_64/sys_machdep.c), so that
 * kern/syscall.c and the signal code never name a register (OpenBSD's
 * trap.c, ToaruOS's arch_syscall_*).
 */
#ifndef ARCH_SYSCALL_H
#define ARCH_SYSCALL_H

#include <stdint.h>

#include <machine/frame.h>

/* The number of the system call that tf entered the kernel with. */
long arch_syscall_nr(const struct trapframe *tf);
/* Its six arguments, as the user passed them. */
void arch_syscall_args(const struct trapframe *tf, uint64_t args[6]);
/* The value the user will see returned (a result or -errno). */
void arch_syscall_set_result(struct trapframe *tf, long ret);
long arch_syscall_result(const struct trapframe *tf);
/*
 * Make the return to user mode enter system call nr again, from the
 * instruction that made the call (restart after a signal).
 */
void arch_syscall_restart(struct trapframe *tf, long nr);

#endif
