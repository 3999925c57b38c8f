/*
 * sys_machdep.c: the x86_64 half of system calls (as OpenBSD's
 * arch/amd64/amd64/trap.c and sys_machdep.c): where the Linux convention
 * keeps a call's number (rax), arguments (rdi, rsi, rdx, r10, r8, r9) and
 * result (rax) in the trap frame, how a call is restarted, what a fork
 * child's context returns, and arch_prctl, the one x86-only system call.
 * Generic code (kern/syscall.c, kern/signal.c, kern/proc.c) reaches the
 * frame only through these (arch/syscall.h, arch/thread.h).
 */
#include <arch/syscall.h>
#include <arch/thread.h>
#include <kern/sysargs.h>
#include <kern/syscall.h>
#include <kern/thread.h>
#include <kern/uaccess.h>
#include <sys/errno.h>
#include <vm/vm.h>

long arch_syscall_nr(const struct trapframe *tf)
{
	return (long)tf->tf_rax;
}

void arch_syscall_args(const struct trapframe *tf, uint64_t args[6])
{
	args[0] = tf->tf_rdi;
	args[1] = tf->tf_rsi;
	args[2] = tf->tf_rdx;
	args[3] = tf->tf_r10;
	args[4] = tf->tf_r8;
	args[5] = tf->tf_r9;
}

void arch_syscall_set_result(struct trapframe *tf, long ret)
{
	tf->tf_rax = (uint64_t)ret;
}

long arch_syscall_result(const struct trapframe *tf)
{
	return (long)tf->tf_rax;
}

/* Back over "int 0x80" or "syscall", both 2 bytes, with the number in rax again. */
void arch_syscall_restart(struct trapframe *tf, long nr)
{
	tf->tf_rax = (uint64_t)nr;
	tf->tf_rip -= 2;
}

void arch_fork_child_return(struct trapframe *tf, uint64_t sp)
{
	tf->tf_rax = 0;
	if (sp != 0)
		tf->tf_rsp = sp; /* any value: a bad one faults in the child */
}

bool arch_frame_from_user(const struct trapframe *tf)
{
	return TF_FROM_USER(tf);
}

uint64_t arch_frame_user_sp(const struct trapframe *tf)
{
	return tf->tf_rsp;
}

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

/*
 * The FS and GS bases.  A base is refused (EPERM) from Linux's bound up,
 * TASK_SIZE_MAX (the last page below 2^47), before it reaches an MSR: a
 * non-canonical value would make the WRMSR fault in ring 0.
 */
long sys_arch_prctl(const struct sys_arch_prctl_args *uap)
{
	struct arch_thread *at = &curthread->t_arch;
	uint64_t addr = uap->addr; /* a base, or a user address for the GETs */

	switch (uap->option) {
	case ARCH_SET_FS:
	case ARCH_SET_GS:
		if (addr >= VM_USER_END - PAGE_SIZE)
			return -EPERM;
		if (uap->option == ARCH_SET_FS) {
			at->at_fsbase = addr;
			arch_set_fsbase(addr);
		} else {
			at->at_gsbase = addr;
			arch_set_gsbase(addr);
		}
		return 0;
	case ARCH_GET_FS:
		return copy_to_user(addr, &at->at_fsbase, sizeof(uint64_t));
	case ARCH_GET_GS:
		return copy_to_user(addr, &at->at_gsbase, sizeof(uint64_t));
	default:
		return -EINVAL;
	}
}
