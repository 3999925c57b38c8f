/*
 * bootinfo.h: what the boot loader told us, copied out of the multiboot2
 * information structure by multiboot2_parse() so that nothing later depends
 * on the loader's memory.
 *
 * All addresses are physical.  mbi_phys/mbi_size describe the multiboot2
 * structure itself: pmm_init() keeps those pages reserved because rsdp_phys
 * points at the RSDP copy inside it.
 */
#ifndef KERN_BOOTINFO_H
#define KERN_BOOTINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BOOT_MEM_USABLE 1   /* multiboot2 memory types */
#define BOOT_MEM_ACPI 3     /* ACPI reclaimable */
#define BOOT_MEM_NVS 4      /* ACPI NVS */
#define BOOT_FB_RGB 1        /* framebuffer types */
#define BOOT_FB_EGA_TEXT 2
#define BOOT_MAX_MEM 64
#define BOOT_MAX_MODS 8

struct boot_mem_region {
	uint64_t base, len;
	uint32_t type;
};

struct boot_module {
	uint64_t start, end;    /* [start, end) */
	char cmdline[64];
};

struct boot_fb {
	uint64_t addr;
	uint32_t pitch, width, height;
	uint8_t bpp, type;
};

struct boot_info {
	char cmdline[256];
	struct boot_mem_region mem[BOOT_MAX_MEM];
	unsigned nmem;
	struct boot_module mods[BOOT_MAX_MODS];
	unsigned nmods;
	struct boot_fb fb;
	bool has_fb;
	uint64_t rsdp_phys;     /* 0 when absent */
	uint8_t rsdp[36];       /* copy of the RSDP (20 bytes v1, 36 bytes v2) */
	unsigned rsdp_len;
	uint64_t mbi_phys, mbi_size;
};

/* The boot information of this boot, filled in by kmain(). */
extern struct boot_info boot_info;

/*
 * Parse the multiboot2 information at mbi, reading at most maxlen bytes.
 * Returns 0 or -EINVAL (bad header, truncated or misaligned tag, no end tag);
 * tables larger than boot_info holds are cut at its capacity.
 */
int multiboot2_parse(const void *mbi, size_t maxlen, struct boot_info *out);

#endif
