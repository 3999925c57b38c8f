/*
 * multiboot2.c: parse the multiboot2 boot information into struct boot_info.
 *
 * The information structure comes from the boot loader, so it is treated as
 * untrusted input: every read is checked against both the structure's own
 * total_size and the caller's maxlen, fields are read with byte copies (no
 * unaligned loads), and strings are copied only up to the end of their tag.
 * A tag that is too short for its type, overruns the structure or is not
 * followed by an end tag makes the whole structure invalid (-EINVAL); tag
 * types we do not use are skipped.  Tables that do not fit in boot_info are
 * cut at its capacity.
 *
 * This file is pure (no globals, no kernel calls) and is built for the host
 * by tests/host for unit tests and fuzzing.
 */
#include <kern/bootinfo.h>
#include <sys/errno.h>
#include <vm/vm.h>

enum {
	MB2_TAG_END = 0,
	MB2_TAG_CMDLINE = 1,
	MB2_TAG_MODULE = 3,
	MB2_TAG_MMAP = 6,
	MB2_TAG_FRAMEBUFFER = 8,
	MB2_TAG_ACPI_OLD = 14,
	MB2_TAG_ACPI_NEW = 15,
};

#define MB2_HDR_SIZE 8          /* total_size, reserved */
#define MB2_TAG_HDR 8           /* type, size */
#define MB2_MMAP_HDR 16         /* tag header, entry_size, entry_version */
#define MB2_MMAP_ENTRY_MIN 24   /* base, length, type, reserved */
#define MB2_MODULE_HDR 16       /* tag header, mod_start, mod_end */
#define MB2_FB_MIN 30           /* through framebuffer_type */
#define ACPI_RSDP_V1_LEN 20
#define ACPI_RSDP_V2_LEN 36

static uint32_t mb2_read32(const uint8_t *p)
{
	uint32_t v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t mb2_read64(const uint8_t *p)
{
	uint64_t v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

/* Copy a string of at most srclen bytes, always NUL-terminating dst. */
static void mb2_copy_string(char *dst, size_t dstlen, const uint8_t *src, size_t srclen)
{
	size_t i;

	for (i = 0; i + 1 < dstlen && i < srclen && src[i] != '\0'; i++)
		dst[i] = (char)src[i];
	dst[i] = '\0';
}

/*
 * The physical address of a byte of the information structure.  The kernel
 * reaches it through one of boot.asm's maps (kernel image, direct map, or
 * identity); on the host the pointer is returned as is.
 */
static uint64_t mb2_phys(const void *p)
{
	uintptr_t va = (uintptr_t)p;

	if (va >= VM_KERNEL_BASE)
		return va - VM_KERNEL_BASE;
	if (va >= VM_DIRECT_BASE)
		return va - VM_DIRECT_BASE;
	return va;
}

static int mb2_parse_mmap(const uint8_t *tag, uint32_t size, struct boot_info *out)
{
	uint32_t esize;
	const uint8_t *e;

	if (size < MB2_MMAP_HDR)
		return -EINVAL;
	esize = mb2_read32(tag + 8);
	if (esize < MB2_MMAP_ENTRY_MIN)
		return -EINVAL;
	for (e = tag + MB2_MMAP_HDR; (size_t)(e - tag) + esize <= size; e += esize) {
		struct boot_mem_region *r;

		if (out->nmem == BOOT_MAX_MEM)
			break;
		r = &out->mem[out->nmem];
		r->base = mb2_read64(e);
		r->len = mb2_read64(e + 8);
		r->type = mb2_read32(e + 16);
		/* A region wrapping past 2^64 is cut at the top of the space. */
		if (r->base + r->len < r->base)
			r->len = -r->base;
		if (r->len != 0)
			out->nmem++;
	}
	return 0;
}

static int mb2_parse_module(const uint8_t *tag, uint32_t size, struct boot_info *out)
{
	struct boot_module *m;

	if (size < MB2_MODULE_HDR)
		return -EINVAL;
	if (out->nmods == BOOT_MAX_MODS)
		return 0;
	m = &out->mods[out->nmods];
	m->start = mb2_read32(tag + 8);
	m->end = mb2_read32(tag + 12);
	if (m->end < m->start)
		return -EINVAL;
	mb2_copy_string(m->cmdline, sizeof(m->cmdline), tag + MB2_MODULE_HDR,
			size - MB2_MODULE_HDR);
	out->nmods++;
	return 0;
}

static int mb2_parse_fb(const uint8_t *tag, uint32_t size, struct boot_info *out)
{
	if (size < MB2_FB_MIN)
		return -EINVAL;
	out->fb.addr = mb2_read64(tag + 8);
	out->fb.pitch = mb2_read32(tag + 16);
	out->fb.width = mb2_read32(tag + 20);
	out->fb.height = mb2_read32(tag + 24);
	out->fb.bpp = tag[28];
	out->fb.type = tag[29];
	out->has_fb = true;
	return 0;
}

/* The new (ACPI 2.0+) RSDP wins over the old one whatever the tag order. */
static int mb2_parse_rsdp(const uint8_t *tag, uint32_t size, unsigned want,
			  struct boot_info *out)
{
	if (size < MB2_TAG_HDR + want)
		return -EINVAL;
	if (out->rsdp_len > want)
		return 0;
	__builtin_memcpy(out->rsdp, tag + MB2_TAG_HDR, want);
	out->rsdp_len = want;
	out->rsdp_phys = mb2_phys(tag + MB2_TAG_HDR);
	return 0;
}

static int mb2_parse_tag(const uint8_t *tag, uint32_t type, uint32_t size,
			 struct boot_info *out)
{
	switch (type) {
	case MB2_TAG_CMDLINE:
		mb2_copy_string(out->cmdline, sizeof(out->cmdline), tag + MB2_TAG_HDR,
				size - MB2_TAG_HDR);
		return 0;
	case MB2_TAG_MODULE:
		return mb2_parse_module(tag, size, out);
	case MB2_TAG_MMAP:
		return mb2_parse_mmap(tag, size, out);
	case MB2_TAG_FRAMEBUFFER:
		return mb2_parse_fb(tag, size, out);
	case MB2_TAG_ACPI_OLD:
		return mb2_parse_rsdp(tag, size, ACPI_RSDP_V1_LEN, out);
	case MB2_TAG_ACPI_NEW:
		return mb2_parse_rsdp(tag, size, ACPI_RSDP_V2_LEN, out);
	default:
		return 0;
	}
}

int multiboot2_parse(const void *mbi, size_t maxlen, struct boot_info *out)
{
	const uint8_t *base = mbi;
	size_t total, off;
	int err;

	__builtin_memset(out, 0, sizeof(*out));
	if (mbi == NULL || ((uintptr_t)mbi & 7) != 0 || maxlen < MB2_HDR_SIZE)
		return -EINVAL;
	total = mb2_read32(base);
	if (total < MB2_HDR_SIZE + MB2_TAG_HDR || total > maxlen)
		return -EINVAL;
	out->mbi_phys = mb2_phys(mbi);
	out->mbi_size = total;

	for (off = MB2_HDR_SIZE; off + MB2_TAG_HDR <= total;) {
		uint32_t type = mb2_read32(base + off);
		uint32_t size = mb2_read32(base + off + 4);

		if (size < MB2_TAG_HDR || size > total - off)
			goto invalid;
		if (type == MB2_TAG_END)
			return 0;
		err = mb2_parse_tag(base + off, type, size, out);
		if (err != 0)
			goto invalid;
		off += ((size_t)size + 7) & ~(size_t)7;
	}
invalid:
	/* Keep nothing from a structure we could not trust as a whole. */
	__builtin_memset(out, 0, sizeof(*out));
	return -EINVAL;
}
