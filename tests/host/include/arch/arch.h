/*
 * Host stand-in for kernel/include/arch/arch.h: the pure kernel code built
 * into the host unit tests only needs the interrupt-flag calls, which have
 * nothing to protect in a single-threaded test program.
 */
#ifndef HOST_ARCH_ARCH_H
#define HOST_ARCH_ARCH_H

static inline unsigned long arch_irq_save(void)
{
	return 0;
}

static inline void arch_irq_restore(unsigned long flags)
{
	(void)flags;
}

#endif
