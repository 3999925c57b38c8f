/*
 * Unit tests of kernel/kern/elf.c: a well-formed static executable is
 * accepted with the right segments, entry and AT_PHDR; every kind of
 * damage gives -ENOEXEC; and no truncation of a valid file is accepted
 * unless what remains is still whole (checked under ASan for overreads).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <kern/elf.h>

#include "htest.h"

#define USER_END 0x7FFFFF000000ULL

struct image {
	unsigned char ehdr[64];
	unsigned char phdr[2][56];
	unsigned char text[4096 - 64 - 112];
};

static void put16(unsigned char *p, uint16_t v) { memcpy(p, &v, 2); }
static void put32(unsigned char *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(unsigned char *p, uint64_t v) { memcpy(p, &v, 8); }

static void phdr(unsigned char *p, uint32_t type, uint32_t flags, uint64_t off, uint64_t va,
		 uint64_t filesz, uint64_t memsz)
{
	put32(p, type);
	put32(p + 4, flags);
	put64(p + 8, off);
	put64(p + 16, va);
	put64(p + 24, va);
	put64(p + 32, filesz);
	put64(p + 40, memsz);
	put64(p + 48, 4096);
}

/* A text segment at 0x400000 holding the headers, and a bss-only data segment. */
static void make(struct image *im)
{
	memset(im, 0, sizeof(*im));
	memcpy(im->ehdr, "\177ELF\2\1\1", 7);
	put16(im->ehdr + 16, 2);           /* ET_EXEC */
	put16(im->ehdr + 18, 62);          /* x86_64 */
	put32(im->ehdr + 20, 1);
	put64(im->ehdr + 24, 0x400100);    /* entry */
	put64(im->ehdr + 32, 64);          /* phoff */
	put16(im->ehdr + 52, 64);
	put16(im->ehdr + 54, 56);
	put16(im->ehdr + 56, 2);
	phdr(im->phdr[0], PT_LOAD, PF_R | PF_X, 0, 0x400000, sizeof(*im), sizeof(*im));
	phdr(im->phdr[1], PT_LOAD, PF_R | PF_W, 4096, 0x401000, 0, 0x2000);
}

HTEST(elf, accepts_valid)
{
	struct image im;
	struct elf_image img;

	make(&im);
	HCHECK(elf_check(&im, sizeof(im), USER_END, &img) == 0);
	HCHECK(img.entry == 0x400100 && img.nloads == 2 && img.phnum == 2);
	HCHECK(img.phdr_vaddr == 0x400040);
	HCHECK(img.loads[1].vaddr == 0x401000 && img.loads[1].filesz == 0 &&
	       img.loads[1].memsz == 0x2000 && img.loads[1].flags == (PF_R | PF_W));
}

static int check_damaged(void (*damage)(struct image *))
{
	struct image im;
	struct elf_image img;

	make(&im);
	damage(&im);
	return elf_check(&im, sizeof(im), USER_END, &img);
}

static void bad_magic(struct image *im) { im->ehdr[1] = 'X'; }
static void bad_class(struct image *im) { im->ehdr[4] = 1; }
static void bad_type(struct image *im) { put16(im->ehdr + 16, 3); }
static void bad_machine(struct image *im) { put16(im->ehdr + 18, 3); }
static void bad_phentsize(struct image *im) { put16(im->ehdr + 54, 32); }
static void phoff_past_end(struct image *im) { put64(im->ehdr + 32, 1ULL << 40); }
static void phnum_huge(struct image *im) { put16(im->ehdr + 56, 0xFFFF); }
static void no_phdrs(struct image *im) { put16(im->ehdr + 56, 0); }
static void entry_outside(struct image *im) { put64(im->ehdr + 24, 0x401000); }
static void entry_not_exec(struct image *im) { put32(im->phdr[0] + 4, PF_R); }
static void filesz_past_end(struct image *im) { put64(im->phdr[0] + 32, 1 << 20); }
static void filesz_over_memsz(struct image *im) { put64(im->phdr[0] + 40, 16); }
static void kernel_address(struct image *im) { put64(im->phdr[1] + 16, 0xFFFF800000000000ULL); }
static void wraps_around(struct image *im) { put64(im->phdr[1] + 40, ~0ULL - 0x1000); }
static void misaligned(struct image *im) { put64(im->phdr[1] + 16, 0x401010); }
static void page_zero(struct image *im) { put64(im->phdr[1] + 16, 0); }

HTEST(elf, rejects_damage)
{
	HCHECK(check_damaged(bad_magic) == -ENOEXEC);
	HCHECK(check_damaged(bad_class) == -ENOEXEC);
	HCHECK(check_damaged(bad_type) == -ENOEXEC);
	HCHECK(check_damaged(bad_machine) == -ENOEXEC);
	HCHECK(check_damaged(bad_phentsize) == -ENOEXEC);
	HCHECK(check_damaged(phoff_past_end) == -ENOEXEC);
	HCHECK(check_damaged(phnum_huge) == -ENOEXEC);
	HCHECK(check_damaged(no_phdrs) == -ENOEXEC);
	HCHECK(check_damaged(entry_outside) == -ENOEXEC);
	HCHECK(check_damaged(entry_not_exec) == -ENOEXEC);
	HCHECK(check_damaged(filesz_past_end) == -ENOEXEC);
	HCHECK(check_damaged(filesz_over_memsz) == -ENOEXEC);
	HCHECK(check_damaged(kernel_address) == -ENOEXEC);
	HCHECK(check_damaged(wraps_around) == -ENOEXEC);
	HCHECK(check_damaged(misaligned) == -ENOEXEC);
	HCHECK(check_damaged(page_zero) == -ENOEXEC);
}

/* Every truncation, in an exactly-sized heap copy so ASan sees any overread. */
HTEST(elf, truncations)
{
	struct image im;
	struct elf_image img;
	size_t n;

	make(&im);
	for (n = 0; n < sizeof(im); n += (n < 200 ? 1 : 97)) {
		unsigned char *copy = malloc(n ? n : 1);

		memcpy(copy, &im, n);
		HCHECK(elf_check(copy, n, USER_END, &img) == -ENOEXEC);
		free(copy);
	}
}
