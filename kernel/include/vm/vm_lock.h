/*
 * vm_lock.h: the lock of the memory subsystems (page allocator, heap, kernel
 * page tables).  Breenix runs on one CPU for now, so disabling interrupts is
 * enough: an interrupt handler may allocate, nothing else can race.  It
 * nests (pmap.c and kmalloc.c call the page allocator while holding it), so
 * a spinlock replacing it for SMP must be split per subsystem or recursive.
 */
#ifndef VM_VM_LOCK_H
#define VM_VM_LOCK_H

#include <arch/arch.h>

static inline unsigned long vm_lock(void)
{
	return arch_irq_save();
}

static inline void vm_unlock(unsigned long flags)
{
	arch_irq_restore(flags);
}

#endif
