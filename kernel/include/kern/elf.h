/*
 * elf.h: checking a static x86_64 ELF executable before loading it
 * (kernel/kern/elf.c, pure: also unit-tested on the host).
 */
#ifndef KERN_ELF_H
#define KERN_ELF_H

#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_LOADS 16
#define PT_LOAD 1
#define PF_X 1
#define PF_W 2
#define PF_R 4

struct elf_segment {
	uint64_t vaddr, memsz;   /* where and how much, in memory */
	uint64_t offset, filesz; /* what comes from the file */
	uint32_t flags;          /* PF_* */
};

struct elf_image {
	uint64_t entry;
	uint64_t phdr_vaddr; /* where the program headers are in memory (AT_PHDR), or 0 */
	uint16_t phnum;
	unsigned nloads;
	struct elf_segment loads[ELF_MAX_LOADS];
};

/*
 * Validate the ELF file in [data, data + size) for a user address space
 * below user_end: header, every program header, PT_LOAD segments inside
 * the file and the user half, entry point in an executable segment.
 * 0 and *img filled in, or -ENOEXEC.
 */
int elf_check(const void *data, size_t size, uint64_t user_end, struct elf_image *img);

#endif
