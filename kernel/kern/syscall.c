/*
 * syscall.c: from the trap frame to the handler and back.  Both ways into
 * the kernel (int 0x80 and the SYSCALL instruction) arrive here with the
 * Linux register convention: number in rax, arguments in rdi, rsi, rdx,
 * r10, r8, r9; the result or -errno goes back in rax.
 */
#include <stddef.h>

#include <arch/arch.h>
#include <kern/kprintf.h>
#include <kern/proc.h>
#include <kern/syscall.h>
#include <kern/thread.h>
#include <sys/errno.h>

static uint64_t enosys_logged[SYSCALL_MAX / 64];

static long syscall_unknown(uint64_t nr)
{
	if (nr < SYSCALL_MAX) {
		if (enosys_logged[nr / 64] & (1ULL << (nr % 64)))
			return -ENOSYS;
		enosys_logged[nr / 64] |= 1ULL << (nr % 64);
	}
	klog(KLOG_WARN, "syscall: %s (pid %d) called unknown system call %lu\n",
	     curproc() != NULL ? curproc()->p_name : "kernel",
	     curproc() != NULL ? curproc()->p_pid : 0, (unsigned long)nr);
	return -ENOSYS;
}

void syscall_dispatch(struct trapframe *tf)
{
	uint64_t nr = tf->tf_rax;
	struct sysargs a = { { tf->tf_rdi, tf->tf_rsi, tf->tf_rdx, tf->tf_r10, tf->tf_r8,
			       tf->tf_r9 }, tf };
	long ret;

	curthread->t_syscall_nr = (long)nr; /* for restarting it after a signal */
	arch_irq_enable(); /* system calls run preemptible */
	if (nr < SYSCALL_MAX && syscall_table[nr].fn != NULL)
		ret = syscall_table[nr].fn(&a);
	else
		ret = syscall_unknown(nr);
	arch_irq_disable();
	tf->tf_rax = ret;
}
