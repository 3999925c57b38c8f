/*
 * syscall.h: system-call dispatch (kernel/kern/syscall.c).  The table's
 * entries take `const struct sysargs *`: the six argument registers as the
 * user passed them.  Handlers are typed: the entry is
 * a stub generated from syscalls.master that converts each register to the
 * declared type, fills a `struct sys_<name>_args` (kern/sysargs.h) and
 * calls `long sys_<name>(const struct sys_<name>_args *uap)`; a handler
 * that needs the whole user context (fork, execve, sigreturn) takes
 * curthread->t_tf.  A handler returns a value or -errno.
 */
#ifndef KERN_SYSCALL_H
#define KERN_SYSCALL_H

#include <stdint.h>

#include <machine/frame.h>

#define SYSCALL_MAX 512

struct sysargs {
	uint64_t arg[6];
};

struct syscall_entry {
	const char *name;
	long (*fn)(const struct sysargs *a);
};

extern const struct syscall_entry syscall_table[SYSCALL_MAX];

void syscall_dispatch(struct trapframe *tf);

#endif
