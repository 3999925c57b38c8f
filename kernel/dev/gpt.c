/*
 * gpt.c: the GUID partition table (dev/gpt.h).
 *
 * Header (sector 1, little-endian): "EFI PART", revision, header size,
 * header CRC-32 (computed with itself zeroed), reserved, its own LBA, the
 * other copy's LBA, first and last usable LBA, disk GUID, the entries'
 * LBA, their number and size, the entries' CRC-32.  Entry: type GUID (all
 * zero: unused), unique GUID, first and last LBA (inclusive), attributes,
 * name.  The disk image is outside data: sizes are bounded before anything
 * is allocated or read, and every range is checked without overflow.
 */
#include <dev/gpt.h>
#include <stddef.h>
#include <sys/errno.h>

#define HDR_MIN 92

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

uint32_t gpt_crc32(uint32_t crc, const uint8_t *p, uint32_t n)
{
	int k;

	crc = ~crc;
	while (n-- > 0) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = crc & 1 ? 0xedb88320u ^ (crc >> 1) : crc >> 1;
	}
	return ~crc;
}

/* The header's CRC: over hsize bytes with the CRC field (bytes 16..19) taken as 0. */
static uint32_t header_crc(const uint8_t *s, uint32_t hsize)
{
	static const uint8_t zero[4];
	uint32_t crc = gpt_crc32(0, s, 16);

	crc = gpt_crc32(crc, zero, 4);
	return gpt_crc32(crc, s + 20, hsize - 20);
}

int gpt_header(const uint8_t *s, uint32_t sector_size, uint64_t lba, uint64_t nsectors,
	       struct gpt_table *t)
{
	static const uint8_t sig[8] = { 'E', 'F', 'I', ' ', 'P', 'A', 'R', 'T' };
	uint32_t hsize = le32(s + 12), esize = le32(s + 84), i;
	uint64_t bytes, sectors;

	for (i = 0; i < 8; i++)
		if (s[i] != sig[i])
			return -EINVAL;
	if (hsize < HDR_MIN || hsize > sector_size || header_crc(s, hsize) != le32(s + 16))
		return -EINVAL;
	if (le64(s + 24) != lba || esize != GPT_ENTRY_SIZE)
		return -EINVAL;
	t->gt_first_usable = le64(s + 40);
	t->gt_last_usable = le64(s + 48);
	t->gt_entries_lba = le64(s + 72);
	t->gt_nentries = le32(s + 80);
	t->gt_entries_crc = le32(s + 88);
	t->gt_disk_sectors = nsectors;
	if (t->gt_first_usable > t->gt_last_usable || t->gt_last_usable >= nsectors)
		return -EINVAL;
	if (t->gt_nentries == 0 || t->gt_nentries > GPT_MAX_ENTRIES)
		return -EINVAL;
	bytes = (uint64_t)t->gt_nentries * GPT_ENTRY_SIZE;
	sectors = (bytes + sector_size - 1) / sector_size;
	if (t->gt_entries_lba < 2 || t->gt_entries_lba >= nsectors ||
	    sectors > nsectors - t->gt_entries_lba)
		return -EINVAL;
	return 0;
}

uint32_t gpt_entries_bytes(const struct gpt_table *t)
{
	return t->gt_nentries * GPT_ENTRY_SIZE;
}

static int unused(const uint8_t *e)
{
	int i;

	for (i = 0; i < 16; i++)
		if (e[i] != 0)
			return 0;
	return 1;
}

int gpt_parse(const uint8_t *entries, const struct gpt_table *t,
	      struct gpt_part parts[GPT_MAX_PARTS], unsigned *beyond)
{
	uint32_t i;
	int used = 0;

	*beyond = 0;
	for (i = 0; i < GPT_MAX_PARTS; i++)
		parts[i] = (struct gpt_part){ 0 };
	if (gpt_crc32(0, entries, gpt_entries_bytes(t)) != t->gt_entries_crc)
		return -EINVAL;
	for (i = 0; i < t->gt_nentries; i++) {
		const uint8_t *e = entries + (size_t)i * GPT_ENTRY_SIZE;
		uint64_t first = le64(e + 32), last = le64(e + 40);

		/* As Linux's is_pte_valid: on the disk is enough. */
		if (unused(e) || first > last || last >= t->gt_disk_sectors)
			continue;
		if (i >= GPT_MAX_PARTS) {
			(*beyond)++;
			continue;
		}
		parts[i].gp_start = first;
		parts[i].gp_count = last - first + 1;
		used++;
	}
	return used;
}
