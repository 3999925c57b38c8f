/*
 * vmm.h: address spaces and page mappings, machine-independent interface
 * (implemented by kernel/arch/x86_64/pmap.c).
 *
 * An address space's lower half (below VM_USER_END) is its own; the upper
 * half is the kernel's and is the same in every space, because vmm_init()
 * allocates all kernel top-level entries once and vmm_space_create() copies
 * them.  Only 4 KiB pages are mapped through this interface.
 *
 * A user mapping whose protection has none of READ, WRITE, EXEC holds its
 * page without access (PROT_NONE): vmm_translate() finds it, with no
 * VM_PROT_READ in its protection, but no access through the space reaches
 * it, the kernel's user copies included.
 *
 * Ownership: a user mapping owns one reference on its page.  vmm_map() takes
 * over the caller's reference (it does not page_ref); vmm_unmap() hands it
 * back to the caller with the address; vmm_space_destroy() page_unrefs every
 * page still mapped in the lower half.  Kernel mappings own nothing.
 *
 * Locking: the vm lock (vm/vm_lock.h) inside each call; vs_lock is reserved
 * for the process layer's address-space lock.
 */
#ifndef VM_VMM_H
#define VM_VMM_H

#include <stddef.h>
#include <vm/vm.h>

#define VM_PROT_READ 0x01
#define VM_PROT_WRITE 0x02
#define VM_PROT_EXEC 0x04
#define VM_PROT_USER 0x08
#define VM_PROT_NOCACHE 0x10

struct vm_space {
	paddr_t vs_root;        /* top-level page table (PML4) */
	unsigned long vs_lock;  /* placeholder: the process layer's lock */
	size_t vs_pages;        /* user pages held (for RSS); vm lock */
};

extern struct vm_space vmm_kernel_space;

void vmm_init(void);
struct vm_space *vmm_space_create(void);
void vmm_space_destroy(struct vm_space *vs);
int vmm_map(struct vm_space *vs, vaddr_t va, paddr_t pa, unsigned prot);
paddr_t vmm_unmap(struct vm_space *vs, vaddr_t va);
paddr_t vmm_replace(struct vm_space *vs, vaddr_t va, paddr_t pa, unsigned prot);
int vmm_protect(struct vm_space *vs, vaddr_t va, unsigned prot);
int vmm_translate(struct vm_space *vs, vaddr_t va, paddr_t *pa, unsigned *prot);
vaddr_t vmm_next_mapped(struct vm_space *vs, vaddr_t va, vaddr_t end, paddr_t *pa, unsigned *prot);
void vmm_activate(struct vm_space *vs);
void *vmm_map_mmio(paddr_t pa, size_t len);

#endif
