/*
 * gpt.h: the GUID partition table (kernel/dev/gpt.c; pure code, also run
 * by the host tests).  A GPT disk has a protective MBR in sector 0, its
 * header in sector 1 (a backup in the last sector) and an array of
 * partition entries the header points at, both guarded by CRC-32s.
 */
#ifndef DEV_GPT_H
#define DEV_GPT_H

#include <stdint.h>

#define GPT_MAX_PARTS 15          /* Linux's virtio_blk: 16 minors per disk, the disk at 0 */
#define GPT_MAX_ENTRIES 1024      /* a bigger array is refused */
#define GPT_ENTRY_SIZE 128        /* the only size Linux accepts */

/* Where a checked header says the entries are. */
struct gpt_table {
	uint64_t gt_entries_lba;
	uint32_t gt_nentries;
	uint32_t gt_entries_crc;
	uint64_t gt_first_usable, gt_last_usable;
	uint64_t gt_disk_sectors;
};

struct gpt_part {
	uint64_t gp_start;   /* first sector */
	uint64_t gp_count;   /* sectors; 0: the entry is unused (or refused) */
};

/*
 * Check the header in sector (sector_size bytes) read from sector lba of a
 * disk of nsectors: signature, size, CRC, its own LBA, the usable range and
 * the entry array inside the disk.  0 and *t, or -EINVAL.
 */
int gpt_header(const uint8_t *sector, uint32_t sector_size, uint64_t lba, uint64_t nsectors,
	       struct gpt_table *t);
/* Bytes of the entry array t describes (at most GPT_MAX_ENTRIES * GPT_ENTRY_SIZE). */
uint32_t gpt_entries_bytes(const struct gpt_table *t);
/*
 * The entries (gpt_entries_bytes(t) bytes) checked against t's CRC: entry i
 * becomes partition i + 1 when it is used and lies on the disk, first <=
 * last (others are left unused, as Linux skips them); entries past
 * GPT_MAX_PARTS are counted in *beyond.  Returns how many are used, or
 * -EINVAL when the CRC does not match.
 */
int gpt_parse(const uint8_t *entries, const struct gpt_table *t,
	      struct gpt_part parts[GPT_MAX_PARTS], unsigned *beyond);
/* zlib's CRC-32 (the one GPT uses) of n bytes, continuing from crc. */
uint32_t gpt_crc32(uint32_t crc, const uint8_t *p, uint32_t n);

#endif
