/*
 * exec.h: loading a program into a process (kernel/kern/exec.c).
 */
#ifndef KERN_EXEC_H
#define KERN_EXEC_H

#include <machine/frame.h>

struct proc;

#define EXEC_ARG_MAX (128 * 1024) /* bytes of argument and environment strings */

/*
 * Replace p's program with the executable at path, with the argument and
 * environment vectors given (kernel memory, NULL-terminated).  On success
 * p has a new address space (activated if p is running) and *tf is the
 * user context to start it; on failure p is untouched.  Errors: -ENOENT,
 * -ENOEXEC (not a valid static x86_64 executable), -E2BIG, -ENOMEM, -ELOOP
 * (interpreter chain too long).
 */
int exec_image(struct proc *p, const char *path, char *const argv[], char *const envp[],
	       struct trapframe *tf);

#endif
