/*
 * elf.c: validating a static ELF64 executable for x86_64.  The file comes
 * from the user (any file can be exec'd), so every field that the loader
 * uses is checked here first: sizes, offsets inside the file, segment
 * addresses inside the user half without wrap-around, alignment of file
 * offset and address modulo the page size, and the entry point inside an
 * executable segment.  Anything else is -ENOEXEC, never a crash.
 */
#include <stdbool.h>

#include <kern/elf.h>
#include <lib/string.h>
#include <sys/errno.h>

#define EI_NIDENT 16
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ET_EXEC 2
#define EM_X86_64 62
#define PAGE 4096ULL

struct elf64_ehdr {
	uint8_t e_ident[EI_NIDENT];
	uint16_t e_type, e_machine;
	uint32_t e_version;
	uint64_t e_entry, e_phoff, e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

static int check_header(const struct elf64_ehdr *h, size_t size)
{
	if (memcmp(h->e_ident, "\177ELF", 4) != 0 || h->e_ident[4] != ELFCLASS64 ||
	    h->e_ident[5] != ELFDATA2LSB || h->e_ident[6] != 1)
		return -ENOEXEC;
	if (h->e_type != ET_EXEC || h->e_machine != EM_X86_64 || h->e_version != 1)
		return -ENOEXEC;
	if (h->e_phentsize != sizeof(struct elf64_phdr) || h->e_phnum == 0 ||
	    h->e_phoff > size || h->e_phnum > (size - h->e_phoff) / sizeof(struct elf64_phdr))
		return -ENOEXEC;
	return 0;
}

static int check_load(const struct elf64_phdr *ph, size_t size, uint64_t user_end)
{
	if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset)
		return -ENOEXEC;
	if (ph->p_filesz > ph->p_memsz || ph->p_memsz == 0)
		return -ENOEXEC;
	if (ph->p_vaddr < PAGE || ph->p_vaddr >= user_end || ph->p_memsz > user_end - ph->p_vaddr)
		return -ENOEXEC;
	if ((ph->p_vaddr - ph->p_offset) % PAGE != 0)
		return -ENOEXEC;
	return 0;
}

static void add_load(struct elf_image *img, const struct elf64_phdr *ph)
{
	struct elf_segment *s = &img->loads[img->nloads++];

	s->vaddr = ph->p_vaddr;
	s->memsz = ph->p_memsz;
	s->offset = ph->p_offset;
	s->filesz = ph->p_filesz;
	s->flags = ph->p_flags;
}

/* The address of the program headers in memory: PT_PHDR, or the load holding them. */
static uint64_t find_phdr(const struct elf_image *img, const struct elf64_ehdr *h)
{
	uint64_t len = (uint64_t)h->e_phnum * sizeof(struct elf64_phdr);
	unsigned i;

	for (i = 0; i < img->nloads; i++) {
		const struct elf_segment *s = &img->loads[i];

		if (h->e_phoff >= s->offset && h->e_phoff + len <= s->offset + s->filesz)
			return s->vaddr + (h->e_phoff - s->offset);
	}
	return 0;
}

int elf_check(const void *data, size_t size, uint64_t user_end, struct elf_image *img)
{
	struct elf64_ehdr h;
	unsigned i;
	bool entry_ok = false;

	if (size < sizeof(h))
		return -ENOEXEC;
	memcpy(&h, data, sizeof(h));
	if (check_header(&h, size) != 0)
		return -ENOEXEC;
	memset(img, 0, sizeof(*img));
	for (i = 0; i < h.e_phnum; i++) {
		struct elf64_phdr ph;

		memcpy(&ph, (const uint8_t *)data + h.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD)
			continue;
		if (img->nloads == ELF_MAX_LOADS || check_load(&ph, size, user_end) != 0)
			return -ENOEXEC;
		add_load(img, &ph);
		if ((ph.p_flags & PF_X) && h.e_entry >= ph.p_vaddr &&
		    h.e_entry - ph.p_vaddr < ph.p_memsz)
			entry_ok = true;
	}
	if (!entry_ok)
		return -ENOEXEC;
	img->entry = h.e_entry;
	img->phnum = h.e_phnum;
	img->phdr_vaddr = find_phdr(img, &h);
	return 0;
}
