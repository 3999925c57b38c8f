/*
 * Unit tests of kernel/kern/multiboot2.c: valid structures, every truncation
 * of a valid structure, malformed tags, and random mutations, each parsed
 * from a heap buffer of exactly the given length so ASan sees any overread.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <kern/bootinfo.h>
#include <sys/errno.h>

#include "htest.h"

#define MB_CAP 4096

struct mb_builder {
	uint8_t *buf;
	size_t len;
};

static void mb_start(struct mb_builder *b)
{
	b->buf = aligned_alloc(8, MB_CAP);
	memset(b->buf, 0, MB_CAP);
	b->len = 8;
}

/* Append a tag with the given payload; returns the tag's offset. */
static size_t mb_tag(struct mb_builder *b, uint32_t type, const void *payload, uint32_t plen)
{
	size_t off = b->len;
	uint32_t size = 8 + plen;

	memcpy(b->buf + off, &type, 4);
	memcpy(b->buf + off + 4, &size, 4);
	if (plen)
		memcpy(b->buf + off + 8, payload, plen);
	b->len = (off + size + 7) & ~(size_t)7;
	return off;
}

static void mb_finish(struct mb_builder *b)
{
	uint32_t total;

	mb_tag(b, 0, NULL, 0);
	total = (uint32_t)b->len;
	memcpy(b->buf, &total, 4);
}

/*
 * A copy of the structure in a buffer of exactly len bytes, so ASan flags a
 * read past it; malloc's blocks are 16-byte aligned.
 */
static uint8_t *mb_exact(const uint8_t *src, size_t len)
{
	uint8_t *p = malloc(len == 0 ? 1 : len);

	memcpy(p, src, len);
	return p;
}

static void mb_put_mmap(struct mb_builder *b, uint32_t esize, unsigned n)
{
	uint8_t payload[8 + 70 * 40];
	uint32_t ver = 0;
	unsigned i;

	memset(payload, 0, sizeof(payload));
	memcpy(payload, &esize, 4);
	memcpy(payload + 4, &ver, 4);
	for (i = 0; i < n; i++) {
		uint64_t base = (uint64_t)i << 20, len = 1 << 20;
		uint32_t type = i % 2 ? 2 : 1;

		memcpy(payload + 8 + i * esize, &base, 8);
		memcpy(payload + 8 + i * esize + 8, &len, 8);
		memcpy(payload + 8 + i * esize + 16, &type, 4);
	}
	mb_tag(b, 6, payload, 8 + n * esize);
}

static size_t mb_rsdp_off;

static void mb_build_full(struct mb_builder *b)
{
	uint8_t mod[8 + 7], fb[22], rsdp1[20], rsdp2[36];
	uint32_t s = 0x200000, e = 0x280000;
	uint64_t fbaddr = 0xFD000000ULL;
	uint32_t pitch = 4096, w = 1024, h = 768;

	mb_start(b);
	mb_tag(b, 1, "console=ttyS0 ktest", 20);
	memcpy(mod, &s, 4);
	memcpy(mod + 4, &e, 4);
	memcpy(mod + 8, "initrd", 7);
	mb_tag(b, 3, mod, sizeof(mod));
	mb_put_mmap(b, 24, 3);
	memcpy(fb, &fbaddr, 8);
	memcpy(fb + 8, &pitch, 4);
	memcpy(fb + 12, &w, 4);
	memcpy(fb + 16, &h, 4);
	fb[20] = 32;
	fb[21] = 1;
	mb_tag(b, 8, fb, sizeof(fb));
	memset(rsdp2, 0x22, sizeof(rsdp2));
	mb_rsdp_off = mb_tag(b, 15, rsdp2, sizeof(rsdp2)) + 8;
	memset(rsdp1, 0x11, sizeof(rsdp1));
	mb_tag(b, 14, rsdp1, sizeof(rsdp1));
	mb_tag(b, 99, "unknown tag", 11);
	mb_finish(b);
}

static struct boot_info bi;

HTEST(multiboot2, valid_full)
{
	struct mb_builder b;

	mb_build_full(&b);
	HCHECK(multiboot2_parse(b.buf, b.len, &bi) == 0);
	HCHECK(strcmp(bi.cmdline, "console=ttyS0 ktest") == 0);
	HCHECK(bi.nmods == 1);
	HCHECK(bi.mods[0].start == 0x200000 && bi.mods[0].end == 0x280000);
	HCHECK(strcmp(bi.mods[0].cmdline, "initrd") == 0);
	HCHECK(bi.nmem == 3);
	HCHECK(bi.mem[1].base == 1 << 20 && bi.mem[1].len == 1 << 20);
	HCHECK(bi.mem[0].type == 1 && bi.mem[1].type == 2);
	HCHECK(bi.has_fb && bi.fb.addr == 0xFD000000ULL && bi.fb.pitch == 4096);
	HCHECK(bi.fb.width == 1024 && bi.fb.height == 768 && bi.fb.bpp == 32);
	HCHECK(bi.fb.type == 1);
	/* The new RSDP wins even though the old tag comes later. */
	HCHECK(bi.rsdp_len == 36 && bi.rsdp[0] == 0x22);
	HCHECK(bi.rsdp_phys == (uintptr_t)b.buf + mb_rsdp_off);
	HCHECK(bi.mbi_phys == (uintptr_t)b.buf && bi.mbi_size == b.len);
	free(b.buf);
}

HTEST(multiboot2, old_rsdp_only)
{
	struct mb_builder b;
	uint8_t r[20];

	memset(r, 0x33, sizeof(r));
	mb_start(&b);
	mb_tag(&b, 14, r, sizeof(r));
	mb_finish(&b);
	HCHECK(multiboot2_parse(b.buf, b.len, &bi) == 0);
	HCHECK(bi.rsdp_len == 20 && bi.rsdp[19] == 0x33 && bi.rsdp_phys != 0);
	HCHECK(!bi.has_fb && bi.nmem == 0 && bi.nmods == 0);
	free(b.buf);
}

HTEST(multiboot2, minimal)
{
	struct mb_builder b;

	mb_start(&b);
	mb_finish(&b);
	HCHECK(b.len == 16);
	HCHECK(multiboot2_parse(b.buf, b.len, &bi) == 0);
	HCHECK(bi.cmdline[0] == '\0' && bi.rsdp_phys == 0);
	free(b.buf);
}

/* Every prefix of a valid structure is rejected, both ways of truncating. */
HTEST(multiboot2, truncated)
{
	struct mb_builder b;
	size_t cut;

	mb_build_full(&b);
	for (cut = 0; cut < b.len; cut++) {
		uint8_t *p = mb_exact(b.buf, cut);
		uint32_t total = (uint32_t)cut;

		HCHECK(multiboot2_parse(p, cut, &bi) == -EINVAL);
		if (cut >= 4) {
			memcpy(p, &total, 4);
			HCHECK(multiboot2_parse(p, cut, &bi) == -EINVAL);
			HCHECK(bi.nmem == 0 && bi.cmdline[0] == '\0');
		}
		free(p);
	}
	free(b.buf);
}

HTEST(multiboot2, bad_header)
{
	struct mb_builder b;
	uint32_t big;

	mb_build_full(&b);
	HCHECK(multiboot2_parse(NULL, 100, &bi) == -EINVAL);
	HCHECK(multiboot2_parse(b.buf + 4, b.len - 4, &bi) == -EINVAL);
	big = (uint32_t)b.len + 8;
	memcpy(b.buf, &big, 4);
	HCHECK(multiboot2_parse(b.buf, b.len, &bi) == -EINVAL);
	big = 8;
	memcpy(b.buf, &big, 4);
	HCHECK(multiboot2_parse(b.buf, b.len, &bi) == -EINVAL);
	free(b.buf);
}

HTEST(multiboot2, bad_tag_sizes)
{
	struct mb_builder b;
	uint32_t size;

	mb_build_full(&b);
	size = 4;       /* smaller than a tag header */
	memcpy(b.buf + 12, &size, 4);
	HCHECK(multiboot2_parse(b.buf, b.len, &bi) == -EINVAL);
	size = 0x10000; /* runs past the end */
	memcpy(b.buf + 12, &size, 4);
	HCHECK(multiboot2_parse(b.buf, b.len, &bi) == -EINVAL);
	free(b.buf);

	/* A module tag too short for its addresses. */
	mb_start(&b);
	mb_tag(&b, 3, "abc", 3);
	mb_finish(&b);
	HCHECK(multiboot2_parse(b.buf, b.len, &bi) == -EINVAL);
	free(b.buf);

	/* A framebuffer tag too short for its fields. */
	mb_start(&b);
	mb_tag(&b, 8, "0123456789", 10);
	mb_finish(&b);
	HCHECK(multiboot2_parse(b.buf, b.len, &bi) == -EINVAL);
	free(b.buf);
}

HTEST(multiboot2, no_end_tag)
{
	struct mb_builder b;
	uint32_t total;

	mb_start(&b);
	mb_tag(&b, 1, "abc", 4);
	total = (uint32_t)b.len;
	memcpy(b.buf, &total, 4);
	HCHECK(multiboot2_parse(b.buf, b.len, &bi) == -EINVAL);
	free(b.buf);
}

HTEST(multiboot2, mmap_entry_sizes)
{
	struct mb_builder b;

	mb_start(&b);
	mb_put_mmap(&b, 16, 2);         /* entries too small */
	mb_finish(&b);
	HCHECK(multiboot2_parse(b.buf, b.len, &bi) == -EINVAL);
	free(b.buf);

	mb_start(&b);
	mb_put_mmap(&b, 28, 5);         /* larger, unaligned entries */
	mb_finish(&b);
	HCHECK(multiboot2_parse(b.buf, b.len, &bi) == 0);
	HCHECK(bi.nmem == 5 && bi.mem[4].base == 4 << 20 && bi.mem[3].type == 2);
	free(b.buf);

	mb_start(&b);
	mb_put_mmap(&b, 24, 70);        /* more than boot_info holds */
	mb_finish(&b);
	HCHECK(multiboot2_parse(b.buf, b.len, &bi) == 0);
	HCHECK(bi.nmem == BOOT_MAX_MEM && bi.mem[63].base == 63ULL << 20);
	free(b.buf);
}

HTEST(multiboot2, strings_bounded)
{
	struct mb_builder b;
	char longline[400];
	uint8_t mod[8 + 100];
	uint32_t s = 0x1000, e = 0x800;

	memset(longline, 'x', sizeof(longline));
	mb_start(&b);
	mb_tag(&b, 1, longline, sizeof(longline)); /* no NUL inside the tag */
	mb_finish(&b);
	HCHECK(multiboot2_parse(b.buf, b.len, &bi) == 0);
	HCHECK(strlen(bi.cmdline) == sizeof(bi.cmdline) - 1);
	free(b.buf);

	mb_start(&b);
	mb_tag(&b, 1, "abc", 3);       /* unterminated, short */
	mb_finish(&b);
	HCHECK(multiboot2_parse(b.buf, b.len, &bi) == 0);
	HCHECK(strcmp(bi.cmdline, "abc") == 0);
	free(b.buf);

	memset(mod, 'm', sizeof(mod));
	memcpy(mod, &s, 4);
	memcpy(mod + 4, &e, 4);         /* end before start */
	mb_start(&b);
	mb_tag(&b, 3, mod, sizeof(mod));
	mb_finish(&b);
	HCHECK(multiboot2_parse(b.buf, b.len, &bi) == -EINVAL);
	free(b.buf);
}

HTEST(multiboot2, too_many_modules)
{
	struct mb_builder b;
	uint8_t mod[8 + 2] = { 0, 0, 1, 0, 0, 0, 2, 0, 'm', 0 };
	int i;

	mb_start(&b);
	for (i = 0; i < 12; i++)
		mb_tag(&b, 3, mod, sizeof(mod));
	mb_finish(&b);
	HCHECK(multiboot2_parse(b.buf, b.len, &bi) == 0);
	HCHECK(bi.nmods == BOOT_MAX_MODS && bi.mods[7].start == 0x10000);
	free(b.buf);
}

/* Random byte mutations: the parser must never read out of bounds. */
HTEST(multiboot2, fuzz_mutations)
{
	struct mb_builder b;
	unsigned iter;

	srand(1234);
	mb_build_full(&b);
	for (iter = 0; iter < 20000; iter++) {
		uint8_t *p = mb_exact(b.buf, b.len);
		int n = 1 + rand() % 4, i, r;

		for (i = 0; i < n; i++)
			p[rand() % b.len] = (uint8_t)rand();
		r = multiboot2_parse(p, b.len, &bi);
		HCHECK(r == 0 || r == -EINVAL);
		HCHECK(bi.nmem <= BOOT_MAX_MEM && bi.nmods <= BOOT_MAX_MODS);
		HCHECK(memchr(bi.cmdline, 0, sizeof(bi.cmdline)) != NULL);
		free(p);
	}
	free(b.buf);
}
