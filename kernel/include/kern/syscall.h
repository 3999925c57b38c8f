/*
 * syscall.h: system-call dispatch (kernel/kern/syscall.c).  Handlers are
 * `long sys_<name>(const struct sysargs *a)`: the six arguments as the
 * user passed them, and the trap frame for the few that need the whole
 * user context (fork, execve).  A handler returns a value or -errno.
 */
#ifndef KERN_SYSCALL_H
#define KERN_SYSCALL_H

#include <stdint.h>

#include <machine/frame.h>

#define SYSCALL_MAX 512

struct sysargs {
	uint64_t arg[6];
	struct trapframe *tf;
};

struct syscall_entry {
	const char *name;
	long (*fn)(const struct sysargs *a);
};

extern const struct syscall_entry syscall_table[SYSCALL_MAX];

void syscall_dispatch(struct trapframe *tf);

#endif
