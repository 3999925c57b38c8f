/*
 * pmap.h: x86_64 page-table entry format, private to kernel/arch/x86_64.
 */
#ifndef ARCH_X86_64_PMAP_H
#define ARCH_X86_64_PMAP_H

#include <stdint.h>

#define PTE_P 0x001ULL    /* present */
#define PTE_W 0x002ULL    /* writable */
#define PTE_U 0x004ULL    /* user accessible */
#define PTE_PWT 0x008ULL  /* write-through */
#define PTE_PCD 0x010ULL  /* cache disable */
#define PTE_A 0x020ULL    /* accessed */
#define PTE_D 0x040ULL    /* dirty */
#define PTE_PS 0x080ULL   /* large page (in PDPT and PD entries) */
#define PTE_G 0x100ULL    /* global */
/*
 * Software bit (ignored by the CPU): a user leaf entry without PTE_P that
 * still holds its page, so the page is the mapping's (reference kept,
 * address kept) but nobody reaches it through this space: PROT_NONE.
 * The CPU ignores every other bit of a non-present entry.
 */
#define PTE_NOACCESS 0x200ULL
#define PTE_NX (1ULL << 63)
#define PTE_ADDR 0x000FFFFFFFFFF000ULL

#define PMAP_LEVELS 4
#define PMAP_ENTRIES 512
#define PMAP_KERNEL_FIRST 256 /* first PML4 slot of the kernel half */
#define PMAP_LARGE_SIZE (2ULL << 20)

#endif
