/*
 * syscall.c: from the trap frame to the handler and back.  Both ways into
 * the kernel arrive here; where the number, the six arguments and the
 * result live in the frame is the machine's business (arch/syscall.h).
 */
#include <stddef.h>

#include <arch/arch.h>
#include <arch/syscall.h>
#include <kern/kprintf.h>
#include <kern/panic.h>
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
	uint64_t nr = (uint64_t)arch_syscall_nr(tf);
	struct sysargs a;
	long ret;

	/* The handlers that need the user context (fork, execve, sigreturn) take it from here. */
	KASSERT(tf == curthread->t_tf);
	arch_syscall_args(tf, a.arg);
	curthread->t_syscall_nr = (long)nr; /* for restarting it after a signal */
	arch_irq_enable(); /* system calls run preemptible */
	if (nr < SYSCALL_MAX && syscall_table[nr].fn != NULL)
		ret = syscall_table[nr].fn(&a);
	else
		ret = syscall_unknown(nr);
	arch_irq_disable();
	arch_syscall_set_result(tf, ret);
}
