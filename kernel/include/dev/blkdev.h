/*
 * blkdev.h: block devices (kernel/dev/blkdev.c) and their /dev nodes
 * (kernel/dev/blkdev_file.c).
 *
 * A block device is an array of bd_nsectors sectors of bd_sector_size
 * bytes that a driver reads and writes whole, by sector number, with
 * blocking calls; several calls may be in flight at once (each sleeps on
 * its own request).  Disks register themselves with a name and a device
 * number; the partitions of its MBR become block devices too, windows on
 * their disk (MBR or GPT).  Everything above the driver (the /dev node today; the
 * block cache and file systems later) goes through blkdev_read and
 * blkdev_write, which check the range and split requests to the driver's
 * limit.  docs/storage.md has the layering.
 *
 * Buffers: a driver gets kernel memory in the direct map (kmalloc or
 * physical pages), so it can hand the device physical addresses; the
 * buffer belongs to the caller and must stay until the call returns,
 * which it does only once the device has finished with it.
 *
 * Locking: the registry is filled at boot, before any user process, and
 * only read afterwards.  bd_wlock serialises the writes of the /dev node,
 * whose partial sectors are read, changed and written back.
 */
#ifndef DEV_BLKDEV_H
#define DEV_BLKDEV_H

#include <fs/file.h>
#include <kern/mutex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BLKDEV_NAME_MAX 16
#define DISK_GID 6 /* the "disk" group of /etc/group, as on Debian */

/* Linux's device numbers: virtio_blk takes major 254 (dynamic, but always so in
 * practice) with 16 minors per disk, the disk itself at minor 0. */
#define VIRTBLK_MAJOR 254
#define VIRTBLK_MINORS 16

struct blkdev;

struct blkdev_ops {
	/*
	 * Move count (1..bd_max_sectors) sectors at sector between the device
	 * and buf: 0, or -EIO.  The range is checked by the caller.  Sleeps.
	 */
	int (*bo_rw)(struct blkdev *bd, bool write, uint64_t sector, void *buf, uint32_t count);
};

struct blkdev {
	char bd_name[BLKDEV_NAME_MAX];   /* "vda": the /dev node's name */
	uint32_t bd_sector_size;         /* bytes, a power of two >= 512 */
	uint64_t bd_nsectors;
	uint32_t bd_max_sectors;         /* per bo_rw call, >= 1 */
	bool bd_readonly;
	const struct blkdev_ops *bd_ops;
	void *bd_priv;                   /* the driver's */
	struct blkdev *bd_whole;         /* a partition's disk, or NULL */
	uint64_t bd_start;               /* a partition's first sector on its disk */
	struct cdev bd_node;             /* its /dev node */
	struct mutex bd_wlock;           /* see above */
	struct blkdev *bd_next;
};

/*
 * Add the disk bd (filled in by the driver) as /dev/<bd_name> with device
 * number rdev, then its MBR or GPT partitions as /dev/<bd_name>1.. (rdev + 1..).
 * Sleeps (it reads sector 0).
 */
void blkdev_add_disk(struct blkdev *bd, uint32_t rdev);
struct blkdev *blkdev_list(void);
struct blkdev *blkdev_find(const char *name);
/*
 * Read or write count sectors at sector: 0, -EINVAL for a range that does
 * not lie on the device or a buffer outside the direct map, -EROFS for a
 * write to a read-only device, -EIO when the device fails.
 */
int blkdev_read(struct blkdev *bd, uint64_t sector, void *buf, size_t count);
int blkdev_write(struct blkdev *bd, uint64_t sector, const void *buf, size_t count);
/* The device's size in bytes. */
uint64_t blkdev_bytes(const struct blkdev *bd);
/* /proc/partitions; the length written (at most size - 1). */
long blkdev_proc_partitions(char *buf, size_t size);

/* The file ops of a block device's /dev node (blkdev_file.c). */
extern const struct file_ops blkdev_file_ops;

#endif
