/*
 * mbr.c: the four primary entries of a PC partition table (dev/mbr.h).
 *
 * The table sits at byte 446 of sector 0: four 16-byte entries (boot
 * flag, CHS start, type, CHS end, LBA start and sector count as little-
 * endian 32-bit numbers), then the signature 0x55 0xAA.  Only the LBA
 * fields are used.  The disk image is outside data: every entry is checked
 * against the disk's size, without overflow, before it becomes a device.
 */
#include <dev/mbr.h>
#include <stddef.h>
#include <sys/errno.h>

#define MBR_TABLE 446
#define MBR_ENTRY 16
#define MBR_TYPE_GPT 0xEE

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int is_extended(uint8_t type)
{
	return type == 0x05 || type == 0x0F || type == 0x85;
}

int mbr_parse(const uint8_t *sector, uint64_t nsectors, struct mbr_part parts[MBR_SLOTS])
{
	int i, used = 0;

	for (i = 0; i < MBR_SLOTS; i++)
		parts[i] = (struct mbr_part){ 0 };
	if (sector[510] != 0x55 || sector[511] != 0xAA)
		return 0;
	for (i = 0; i < MBR_SLOTS; i++)
		if (sector[MBR_TABLE + i * MBR_ENTRY + 4] == MBR_TYPE_GPT)
			return -EOPNOTSUPP;
	for (i = 0; i < MBR_SLOTS; i++) {
		const uint8_t *e = sector + MBR_TABLE + i * MBR_ENTRY;
		uint64_t start = le32(e + 8), count = le32(e + 12);

		if (e[4] == 0 || is_extended(e[4]) || start == 0 || count == 0 || start >= nsectors)
			continue;
		parts[i].mp_type = e[4];
		parts[i].mp_start = start;
		parts[i].mp_count = count;
		if (count > nsectors - start) {
			parts[i].mp_count = nsectors - start;
			parts[i].mp_truncated = 1;
		}
		used++;
	}
	return used;
}
