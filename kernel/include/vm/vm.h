/*
 * vm.h: basic types and constants of the virtual memory system.
 *
 * Physical and virtual addresses are plain integers (paddr_t, vaddr_t) so a
 * physical address cannot be dereferenced by accident: PHYS_TO_VIRT turns it
 * into a pointer through the direct map.  The direct map covers all physical
 * memory once vmm_init() has run; before that, only the first 1 GiB (the
 * early map built by boot.asm).
 */
#ifndef VM_VM_H
#define VM_VM_H

#include <stddef.h>
#include <stdint.h>

typedef uint64_t paddr_t;
typedef uint64_t vaddr_t;

#define PAGE_SHIFT 12
#define PAGE_SIZE ((size_t)1 << PAGE_SHIFT)
#define PAGE_MASK (PAGE_SIZE - 1)

#define PAGE_ROUND_DOWN(x) ((x) & ~(uint64_t)PAGE_MASK)
#define PAGE_ROUND_UP(x) (((x) + PAGE_MASK) & ~(uint64_t)PAGE_MASK)

/* Virtual memory map (see docs/memory.md). */
#define VM_USER_END 0x0000800000000000ULL    /* first non-user address */
#define VM_DIRECT_BASE 0xFFFF800000000000ULL /* direct map of physical memory */
#define VM_KSTACK_BASE 0xFFFFC00000000000ULL /* kernel stacks with guards */
#define VM_MMIO_BASE 0xFFFFE00000000000ULL   /* vmm_map_mmio() windows */
#define VM_KERNEL_BASE 0xFFFFFFFF80000000ULL /* kernel image: + physical */

/* Memory below this is mapped by boot.asm's early direct map. */
#define VM_EARLY_MAP_LIMIT 0x40000000ULL

#define PHYS_TO_VIRT(pa) ((void *)((uintptr_t)(pa) + VM_DIRECT_BASE))
#define VIRT_TO_PHYS(va) ((paddr_t)((uintptr_t)(va) - VM_DIRECT_BASE))

#endif
