/*
 * cpio.h: reading a cpio archive in the "newc" format (the initrd), pure
 * (kernel/kern/cpio.c, unit-tested on the host).
 */
#ifndef KERN_CPIO_H
#define KERN_CPIO_H

#include <stddef.h>
#include <stdint.h>

struct cpio_entry {
	const char *name;  /* namelen bytes, then the archive's NUL */
	size_t namelen;
	const void *data;
	size_t size;
	uint32_t mode;     /* file type and permission bits, as in st_mode */
	uint32_t uid, gid; /* the owner */
};

/*
 * Step through the archive: *pos starts at 0.  Returns 1 and the next entry
 * (its name without a leading "./" or "/"), 0 at the trailer, or -EINVAL
 * for a malformed or truncated archive.
 */
int cpio_next(const void *archive, size_t len, size_t *pos, struct cpio_entry *e);
/* Find path (without a leading "/"): 0 and *e, -ENOENT, or -EINVAL. */
int cpio_find(const void *archive, size_t len, const char *path, struct cpio_entry *e);

#endif
