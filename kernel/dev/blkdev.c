/*
 * blkdev.c: the registry of block devices and the one way to their
 * sectors from the rest of the kernel (dev/blkdev.h).
 *
 * A disk's MBR or GPT partitions are block devices of their own whose one
 * operation adds their first sector and calls the disk's; blkdev_read has
 * already kept the range inside the partition, and mbr_parse or gpt_parse
 * kept the partition inside the disk.
 *
 * blkdev_read and blkdev_write are the checks every caller relies on: the
 * range must lie on the device (computed without overflow, whatever the
 * caller passes), the buffer in the direct map (the driver gives its
 * physical address to the device), and the request is cut into pieces of
 * at most bd_max_sectors for the driver.
 */
#include <dev/blkdev.h>
#include <dev/gpt.h>
#include <dev/mbr.h>
#include <kern/kprintf.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include <vm/pmm.h>
#include <vm/vm.h>

static struct blkdev *blkdevs, **blkdev_tail = &blkdevs;

/* Add bd to the registry and devfs: 0, or -EINVAL for a geometry it cannot serve. */
static int blkdev_register(struct blkdev *bd, uint32_t rdev)
{
	uint32_t ss = bd->bd_sector_size;

	if (ss < 512 || ss > PAGE_SIZE || (ss & (ss - 1)) != 0 || bd->bd_max_sectors == 0) {
		kprintf("blkdev: %s: sector size %u or limit %u unusable\n", bd->bd_name, ss,
			bd->bd_max_sectors);
		return -EINVAL;
	}
	if (bd->bd_nsectors > INT64_MAX / ss) {
		/* A size in bytes must fit lseek's off_t. */
		kprintf("blkdev: %s: %lu sectors, using %lu\n", bd->bd_name,
			(unsigned long)bd->bd_nsectors, (unsigned long)(INT64_MAX / ss));
		bd->bd_nsectors = INT64_MAX / ss;
	}
	bd->bd_node = (struct cdev){
		.cd_rdev = rdev, .cd_block = true, .cd_name = bd->bd_name, .cd_mode = 0660,
		.cd_gid = DISK_GID, .cd_ops = &blkdev_file_ops, .cd_priv = bd,
	};
	cdev_register(&bd->bd_node);
	bd->bd_next = NULL;
	*blkdev_tail = bd;
	blkdev_tail = &bd->bd_next;
	return 0;
}

/* A partition reads and writes its window of the disk. */
static int part_rw(struct blkdev *bd, bool write, uint64_t sector, void *buf, uint32_t count)
{
	struct blkdev *disk = bd->bd_whole;

	return disk->bd_ops->bo_rw(disk, write, bd->bd_start + sector, buf, count);
}

static const struct blkdev_ops part_ops = {
	.bo_rw = part_rw,
};

/* Partition n (1-15) of disk: Linux's name, "vda1", or "loop0p1" after a digit. */
static void part_add(struct blkdev *disk, unsigned n, const struct mbr_part *mp)
{
	struct blkdev *bd = kzalloc(sizeof(*bd));
	size_t len = strlen(disk->bd_name);
	bool digit = len > 0 && disk->bd_name[len - 1] >= '0' && disk->bd_name[len - 1] <= '9';

	if (bd == NULL) {
		kprintf("blkdev: %s: no memory for partition %u\n", disk->bd_name, n);
		return;
	}
	snprintf(bd->bd_name, sizeof(bd->bd_name), "%s%s%u", disk->bd_name, digit ? "p" : "", n);
	bd->bd_sector_size = disk->bd_sector_size;
	bd->bd_nsectors = mp->mp_count;
	bd->bd_max_sectors = disk->bd_max_sectors;
	bd->bd_readonly = disk->bd_readonly;
	bd->bd_ops = &part_ops;
	bd->bd_whole = disk;
	bd->bd_start = mp->mp_start;
	if (mp->mp_truncated)
		kprintf("blkdev: %s extends beyond the end of %s, truncated\n", bd->bd_name,
			disk->bd_name);
	if (blkdev_register(bd, disk->bd_node.cd_rdev + n) != 0)
		kfree(bd);
}

/* The GPT header at lba, checked, into *t: 0 or an error. */
static int gpt_read_header(struct blkdev *disk, uint64_t lba, uint8_t *sector, struct gpt_table *t)
{
	int err = blkdev_read(disk, lba, sector, 1);

	return err != 0 ? err : gpt_header(sector, 512, lba, disk->bd_nsectors, t);
}

/* The partitions of disk's GPT: the primary header, else the backup in the last sector. */
static void gpt_scan(struct blkdev *disk, uint8_t *sector)
{
	struct gpt_part parts[GPT_MAX_PARTS];
	struct gpt_table t;
	uint8_t *entries = NULL;
	unsigned beyond = 0, i;
	int n = -EINVAL;

	if (gpt_read_header(disk, 1, sector, &t) != 0) {
		kprintf("blkdev: %s: bad primary GPT header, trying the backup\n", disk->bd_name);
		if (gpt_read_header(disk, disk->bd_nsectors - 1, sector, &t) != 0)
			goto out;
	}
	entries = kmalloc(gpt_entries_bytes(&t));
	if (entries != NULL && blkdev_read(disk, t.gt_entries_lba, entries,
					   (gpt_entries_bytes(&t) + 511) / 512) == 0)
		n = gpt_parse(entries, &t, parts, &beyond);
out:
	kfree(entries);
	if (n < 0) {
		kprintf("blkdev: %s: no valid GPT\n", disk->bd_name);
		return;
	}
	if (beyond != 0)
		kprintf("blkdev: %s: %u GPT partitions past number %u left out\n", disk->bd_name,
			beyond, GPT_MAX_PARTS);
	for (i = 0; i < GPT_MAX_PARTS; i++)
		if (parts[i].gp_count != 0)
			part_add(disk, i + 1, &(struct mbr_part){ .mp_start = parts[i].gp_start,
								  .mp_count = parts[i].gp_count });
}

/* The partitions of disk's MBR or GPT, if it has one. */
static void part_scan(struct blkdev *disk)
{
	struct mbr_part parts[MBR_SLOTS];
	uint8_t *sector;
	unsigned i;
	int n;

	if (disk->bd_sector_size != 512 || disk->bd_nsectors == 0)
		return; /* an MBR counts 512-byte sectors */
	sector = kmalloc(512);
	if (sector == NULL || blkdev_read(disk, 0, sector, 1) != 0) {
		kprintf("blkdev: %s: cannot read its partition table\n", disk->bd_name);
		kfree(sector);
		return;
	}
	n = mbr_parse(sector, disk->bd_nsectors, parts);
	if (n == -EOPNOTSUPP)
		gpt_scan(disk, sector); /* a protective MBR */
	kfree(sector);
	for (i = 0; n > 0 && i < MBR_SLOTS; i++)
		if (parts[i].mp_count != 0)
			part_add(disk, i + 1, &parts[i]);
}

void blkdev_add_disk(struct blkdev *bd, uint32_t rdev)
{
	if (blkdev_register(bd, rdev) == 0)
		part_scan(bd);
}

struct blkdev *blkdev_list(void)
{
	return blkdevs;
}

struct blkdev *blkdev_find(const char *name)
{
	struct blkdev *bd;

	for (bd = blkdevs; bd != NULL; bd = bd->bd_next)
		if (strcmp(bd->bd_name, name) == 0)
			return bd;
	return NULL;
}

uint64_t blkdev_bytes(const struct blkdev *bd)
{
	return bd->bd_nsectors * bd->bd_sector_size;
}

static bool in_direct_map(const void *p, size_t n)
{
	uintptr_t a = (uintptr_t)p, end = VM_DIRECT_BASE + pmm_phys_limit();

	return a >= VM_DIRECT_BASE && a <= end && n <= end - a;
}

static int blkdev_rw(struct blkdev *bd, bool write, uint64_t sector, char *buf, size_t count)
{
	uint32_t n;
	int err;

	if (write && bd->bd_readonly)
		return -EROFS;
	if (count == 0)
		return 0;
	if (sector >= bd->bd_nsectors || count > bd->bd_nsectors - sector ||
	    count > SIZE_MAX / bd->bd_sector_size || !in_direct_map(buf, count * bd->bd_sector_size))
		return -EINVAL;
	while (count > 0) {
		n = count < bd->bd_max_sectors ? (uint32_t)count : bd->bd_max_sectors;
		err = bd->bd_ops->bo_rw(bd, write, sector, buf, n);
		if (err != 0)
			return err;
		sector += n;
		buf += (size_t)n * bd->bd_sector_size;
		count -= n;
	}
	return 0;
}

int blkdev_read(struct blkdev *bd, uint64_t sector, void *buf, size_t count)
{
	return blkdev_rw(bd, false, sector, buf, count);
}

int blkdev_write(struct blkdev *bd, uint64_t sector, const void *buf, size_t count)
{
	return blkdev_rw(bd, true, sector, (char *)buf, count);
}

long blkdev_proc_partitions(char *buf, size_t size)
{
	const struct blkdev *bd;
	long n = snprintf(buf, size, "major minor  #blocks  name\n\n");

	for (bd = blkdevs; bd != NULL && (size_t)n < size; bd = bd->bd_next)
		n += snprintf(buf + n, size - (size_t)n, "%4u  %7u %10lu %s\n",
			      bd->bd_node.cd_rdev >> 8, bd->bd_node.cd_rdev & 0xFF,
			      (unsigned long)(blkdev_bytes(bd) >> 10), bd->bd_name);
	return (size_t)n < size ? n : (long)size - 1;
}
