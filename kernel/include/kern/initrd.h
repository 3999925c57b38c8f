/*
 * initrd.h: the initial root file system, a cpio (newc) archive loaded by
 * GRUB as a module (kernel/kern/initrd.c).
 */
#ifndef KERN_INITRD_H
#define KERN_INITRD_H

struct vnode;

/* Find the module (boot_info must be parsed). */
void initrd_init(void);
/* Create the archive's files under root (a ramfs directory). */
void initrd_unpack(struct vnode *root);

#endif
