/*
 * fuzz_elf.c: libFuzzer target for kernel/kern/elf.c.  The input is an
 * executable file as execve would read it; elf_check() must reject it or
 * hand exec.c an image it can load blindly.  So for every accepted image
 * this checks what load_segments() and build_stack() rely on: each PT_LOAD
 * is non-empty, no larger in the file than in memory, inside the file and
 * (rounded out to pages) inside the user area below the stack, with file
 * offset and address congruent modulo the page size; the entry point lies
 * in an executable segment; AT_PHDR, when given, points at the program
 * headers' copy in memory.  A violation aborts, which libFuzzer reports.
 */
#include <stdint.h>
#include <stdlib.h>

#include <kern/elf.h>
#include <sys/errno.h>
#include <vm/vm_map.h>

/* What exec.c passes: the user area ends where the stack's reserve begins. */
#define FUZZ_USER_END (USER_STACK_TOP - USER_STACK_SIZE)
#define PHDR_SIZE 56

static void check_segment(const struct elf_segment *s, size_t size)
{
	if (s->memsz == 0 || s->filesz > s->memsz)
		abort();
	if (s->offset > size || s->filesz > size - s->offset)
		abort();
	if (s->vaddr < PAGE_SIZE || s->vaddr >= FUZZ_USER_END ||
	    s->memsz > FUZZ_USER_END - s->vaddr ||
	    PAGE_ROUND_UP(s->vaddr + s->memsz) > FUZZ_USER_END)
		abort();
	if ((s->vaddr - s->offset) % PAGE_SIZE != 0)
		abort();
}

static int holds(const struct elf_segment *s, uint64_t va, uint64_t len, uint64_t limit)
{
	return va >= s->vaddr && va - s->vaddr <= limit && len <= limit - (va - s->vaddr);
}

static void check_image(const struct elf_image *img, size_t size)
{
	int entry_ok = 0, phdr_ok = img->phdr_vaddr == 0;
	unsigned i;

	if (img->nloads == 0 || img->nloads > ELF_MAX_LOADS || img->phnum == 0)
		abort();
	for (i = 0; i < img->nloads; i++) {
		const struct elf_segment *s = &img->loads[i];

		check_segment(s, size);
		if ((s->flags & PF_X) && holds(s, img->entry, 1, s->memsz))
			entry_ok = 1;
		if (holds(s, img->phdr_vaddr, (uint64_t)img->phnum * PHDR_SIZE, s->filesz))
			phdr_ok = 1;
	}
	if (!entry_ok || !phdr_ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_image img;
	int r = elf_check(data, size, FUZZ_USER_END, &img);

	if (r == 0)
		check_image(&img, size);
	else if (r != -ENOEXEC)
		abort();
	return 0;
}
