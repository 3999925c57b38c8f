/*
 * fuzz_multiboot2.c: libFuzzer target for kernel/kern/multiboot2.c.  The
 * input is a boot information structure, parsed from an 8-byte aligned
 * buffer of exactly its size (so ASan sees any overread).  On success the
 * boot_info must be what pmm_init() and the console can use without
 * further checks: counts within the tables, strings terminated, memory
 * regions non-empty and not wrapping, modules with start <= end, the RSDP
 * copy equal to the bytes it was copied from inside the structure, and the
 * structure's own extent inside the buffer.  On failure nothing may be
 * kept (all zeros).  A violation aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <kern/bootinfo.h>
#include <sys/errno.h>

static int terminated(const char *s, size_t cap)
{
	return memchr(s, '\0', cap) != NULL;
}

static void check_tables(const struct boot_info *bi)
{
	unsigned i;

	if (bi->nmem > BOOT_MAX_MEM || bi->nmods > BOOT_MAX_MODS)
		abort();
	if (!terminated(bi->cmdline, sizeof(bi->cmdline)))
		abort();
	/* A region may end exactly at 2^64: its last byte must not wrap. */
	for (i = 0; i < bi->nmem; i++)
		if (bi->mem[i].len == 0 || bi->mem[i].base + (bi->mem[i].len - 1) < bi->mem[i].base)
			abort();
	for (i = 0; i < bi->nmods; i++)
		if (bi->mods[i].start > bi->mods[i].end ||
		    !terminated(bi->mods[i].cmdline, sizeof(bi->mods[i].cmdline)))
			abort();
}

/* On the host, the "physical" addresses are the buffer's own addresses. */
static void check_extent(const struct boot_info *bi, const uint8_t *buf, size_t size)
{
	uintptr_t lo = (uintptr_t)buf;

	if (bi->mbi_phys != lo || bi->mbi_size > size || bi->mbi_size < 16)
		abort();
	if (bi->rsdp_len == 0) {
		if (bi->rsdp_phys != 0)
			abort();
		return;
	}
	if (bi->rsdp_len != 20 && bi->rsdp_len != 36)
		abort();
	if (bi->rsdp_phys < lo + 8 || bi->rsdp_phys + bi->rsdp_len > lo + bi->mbi_size ||
	    memcmp(bi->rsdp, (const void *)(uintptr_t)bi->rsdp_phys, bi->rsdp_len) != 0)
		abort();
}

static void check_cleared(const struct boot_info *bi)
{
	static const struct boot_info zero;

	if (memcmp(bi, &zero, sizeof(zero)) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct boot_info bi;
	uint8_t *buf = malloc(size == 0 ? 1 : size); /* malloc's blocks are 16-byte aligned */
	int r;

	if (buf == NULL)
		abort();
	memcpy(buf, data, size);
	r = multiboot2_parse(buf, size, &bi);
	if (r == 0) {
		check_tables(&bi);
		check_extent(&bi, buf, size);
	} else if (r == -EINVAL) {
		check_cleared(&bi);
	} else {
		abort();
	}
	free(buf);
	return 0;
}
