/*
 * initrd.h: the initial root file system, a cpio (newc) archive loaded by
 * GRUB as a module (kernel/kern/initrd.c).
 */
#ifndef KERN_INITRD_H
#define KERN_INITRD_H

#include <stddef.h>

struct vnode;

/* Find the module (boot_info must be parsed). */
void initrd_init(void);
/* Create the module's files under root (a ramfs directory). */
void initrd_unpack(struct vnode *root);
/*
 * Create the files of the cpio archive a (len bytes, untrusted) under
 * root: the number of entries made.  Bad entries are reported and
 * skipped; a malformed header ends the walk.
 */
unsigned initrd_unpack_archive(struct vnode *root, const void *a, size_t len);

#endif
