/*
 * rootfs.h: the file-system tree at boot (kernel/fs/rootfs.c): a ramfs
 * root filled from the initrd, devfs on /dev, procfs on /proc.
 */
#ifndef FS_ROOTFS_H
#define FS_ROOTFS_H

/* Build the tree; device drivers must have registered their cdevs. */
void rootfs_init(void);

#endif
