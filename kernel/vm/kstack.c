/*
 * kstack.c: kernel stacks with guard pages.
 *
 * The region at VM_KSTACK_BASE is cut into KSTACK_MAX slots of
 * KSTACK_GUARD + KSTACK_SIZE bytes; a slot's lower part is never mapped (the
 * guard), its upper part maps KSTACK_SIZE / PAGE_SIZE pages that need not be
 * physically contiguous.  A bitmap records used slots.
 *
 * Locking: the vm lock around the bitmap; the mapping calls lock themselves.
 */
#include <kern/panic.h>
#include <vm/kstack.h>
#include <vm/pmm.h>
#include <vm/vm_lock.h>
#include <vm/vmm.h>

#define KSTACK_SLOT (KSTACK_GUARD + KSTACK_SIZE)
#define KSTACK_PAGES (KSTACK_SIZE / PAGE_SIZE)

static uint64_t kstack_used[KSTACK_MAX / 64];

static int kstack_take_slot(void)
{
	unsigned long fl = vm_lock();
	int slot = -1;
	unsigned i;

	for (i = 0; i < KSTACK_MAX; i++) {
		if (!(kstack_used[i / 64] & (1ULL << (i % 64)))) {
			kstack_used[i / 64] |= 1ULL << (i % 64);
			slot = (int)i;
			break;
		}
	}
	vm_unlock(fl);
	return slot;
}

static void kstack_put_slot(unsigned slot)
{
	unsigned long fl = vm_lock();

	kstack_used[slot / 64] &= ~(1ULL << (slot % 64));
	vm_unlock(fl);
}

/* Unmap and free the first n pages of the stack at base. */
static void kstack_unmap(vaddr_t base, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		paddr_t pa = vmm_unmap(&vmm_kernel_space, base + i * PAGE_SIZE);

		if (pa == 0)
			panic("kstack: page %lu of %lx not mapped", (unsigned long)i,
			      (unsigned long)base);
		pmm_free(pa);
	}
}

void *kstack_alloc(void)
{
	int slot = kstack_take_slot();
	vaddr_t base;
	size_t i;

	if (slot < 0)
		return NULL;
	base = VM_KSTACK_BASE + (vaddr_t)slot * KSTACK_SLOT + KSTACK_GUARD;
	for (i = 0; i < KSTACK_PAGES; i++) {
		paddr_t pa = pmm_alloc();

		if (pa == 0)
			goto unmap;
		if (vmm_map(&vmm_kernel_space, base + i * PAGE_SIZE, pa,
			    VM_PROT_READ | VM_PROT_WRITE) != 0) {
			pmm_free(pa);
			goto unmap;
		}
	}
	return (void *)base;
unmap:
	kstack_unmap(base, i);
	kstack_put_slot((unsigned)slot);
	return NULL;
}

void kstack_free(void *stack)
{
	vaddr_t base = (vaddr_t)stack;
	uint64_t off = base - VM_KSTACK_BASE - KSTACK_GUARD;

	if (base < VM_KSTACK_BASE + KSTACK_GUARD || off % KSTACK_SLOT != 0 ||
	    off / KSTACK_SLOT >= KSTACK_MAX)
		panic("kstack_free: %p is not a kernel stack", stack);
	kstack_unmap(base, KSTACK_PAGES);
	kstack_put_slot((unsigned)(off / KSTACK_SLOT));
}
