/*
 * open.h: open(2), its flags and what they allow (kernel/fs/open.c).
 *
 * One place decides, from the flags, the file found (its type and mode)
 * and the caller's credentials, what an open may do (follow, create,
 * truncate; the permission it needs) and what the descriptor may then do
 * (read, write, or only name a file: O_PATH).  The system calls only copy
 * their arguments in (kern/sys_path.c).  The rules are Linux's
 * (fs/open.c: build_open_flags; fs/namei.c: do_open, may_open).
 */
#ifndef FS_OPEN_H
#define FS_OPEN_H

#include <fs/file.h>
#include <stdint.h>

/* What a descriptor may do (open_fmode). */
#define FMODE_READ  1
#define FMODE_WRITE 2
#define FMODE_PATH  4   /* O_PATH: names a file, reads and writes nothing */

/*
 * What a descriptor whose status flags are f_flags may do: read for
 * O_RDONLY and O_RDWR, write for O_WRONLY and O_RDWR, neither for access
 * mode 3 (Linux's "ioctl only") or O_PATH.
 */
unsigned open_fmode(uint32_t f_flags);

/*
 * open(2) of path from the directory start (referenced by the caller),
 * mode for a file O_CREAT makes (the umask is applied here): the new open
 * file, or -errno.  Takes vfs_lock.
 */
int vfs_open(struct vnode *start, const char *path, uint32_t flags, uint32_t mode,
	     struct file **out);

/*
 * Open the vnode vn with open(2) flags that open_flags has already
 * filtered (the kernel's own opens pass plain O_RDWR and the like): a new
 * file, the device's if vn is a character device, or -errno.
 */
int vfs_open_vnode(struct vnode *vn, uint32_t flags, struct file **out);

#endif
