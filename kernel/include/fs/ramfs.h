/*
 * ramfs.h: the in-memory file system that holds the root (unpacked from
 * the initrd) and /dev.  File data lives in whole pages from the page
 * allocator, allocated on first write (holes read as zeros) and returned
 * when the file shrinks or its last name and last reference are gone.
 */
#ifndef FS_RAMFS_H
#define FS_RAMFS_H

#include <fs/vfs.h>

/* A new, empty ramfs (its root directory has mode 0755); NULL if out of memory. */
struct mount *ramfs_create(const char *type);

#endif
