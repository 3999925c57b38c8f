/*
 * mbr.h: the partition table of a PC disk's first sector
 * (kernel/dev/mbr.c; pure code, also run by the host tests).
 */
#ifndef DEV_MBR_H
#define DEV_MBR_H

#include <stdint.h>

#define MBR_SLOTS 4

struct mbr_part {
	uint64_t mp_start;   /* first sector */
	uint64_t mp_count;   /* sectors; 0: the slot is unused */
	uint8_t mp_type;
	uint8_t mp_truncated; /* it ran past the disk's end and was cut there */
};

/*
 * Read the four primary entries of the MBR in sector (512 bytes) of a disk
 * of nsectors: slot i becomes partition i + 1.  Empty slots, extended
 * partitions (their logical ones are not read yet) and entries starting
 * at 0 or past the end are left unused; one that runs past the end is cut
 * there, as Linux does.  Returns how many slots are used, 0 when the
 * sector has no MBR signature, or -EOPNOTSUPP for a GPT disk's
 * protective MBR (then dev/gpt.h reads the disk's GPT).
 */
int mbr_parse(const uint8_t *sector, uint64_t nsectors, struct mbr_part parts[MBR_SLOTS]);

#endif
