/*
 * kstack.h: kernel stacks.  Each is KSTACK_SIZE bytes in the kernel-stack
 * region with KSTACK_GUARD bytes of unmapped guard below it, so an overflow
 * faults instead of corrupting memory (the double-fault IST stack reports it).
 */
#ifndef VM_KSTACK_H
#define VM_KSTACK_H

#include <stddef.h>

#define KSTACK_SIZE (16 * 1024)
#define KSTACK_GUARD (16 * 1024)
#define KSTACK_MAX 4096

/* Lowest address of a new stack (its top is that plus KSTACK_SIZE), or NULL. */
void *kstack_alloc(void);
void kstack_free(void *stack);

#endif
