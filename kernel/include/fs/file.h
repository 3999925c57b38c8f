/*
 * file.h: open files and descriptor tables (kernel/fs/file.c).
 *
 * A struct file is an open-file description: the offset and status flags
 * that fork and dup share.  It holds a reference on its vnode (if any) and
 * is freed, calling its close op, when the last descriptor naming it goes.
 * A descriptor table maps small integers to files, with the close-on-exec
 * flag per descriptor; each process has one (fork copies it), shared by
 * its threads (they share the struct proc) and, with CLONE_FILES, by other
 * processes: fd_refs counts those, and the last fdtable_put closes and
 * frees it.
 *
 * Locking: f_refs, fd_refs and the slots change with interrupts off, and
 * every call that uses a file takes a reference on it first (fd_get), so a
 * close in another thread or process never frees a file under a call.
 * Field tags (docs/design.md, "Contracts"): [I] set at creation, [S]
 * sched_lock, [a] one word stored without a lock, [u] unguarded: a known
 * gap (two threads reading one shared description race on f_pos; Linux
 * has f_pos_lock).
 */
#ifndef FS_FILE_H
#define FS_FILE_H

#include <fs/vfs.h>
#include <stdbool.h>
#include <stdint.h>

#define NOFILE 256 /* descriptors per process (RLIMIT_NOFILE) */

struct file;
struct epitem;

struct file_ops {
	/* Read/write at *pos (advanced); pos is NULL for streams that have none. */
	long (*fop_read)(struct file *f, struct uio *u, uint64_t *pos);
	long (*fop_write)(struct file *f, struct uio *u, uint64_t *pos);
	int (*fop_ioctl)(struct file *f, unsigned long cmd, uaddr_t arg);
	/* The POLL* bits that are ready now. */
	unsigned (*fop_poll)(struct file *f);
	/* The last reference is gone. */
	void (*fop_close)(struct file *f);
	/*
	 * lseek for files whose size the vnode does not know (block devices):
	 * the new offset, or -errno; NULL for the generic rules.
	 */
	int64_t (*fop_llseek)(struct file *f, int64_t off, int whence);
	bool fop_seekable;
	/* poll never waits (files, disks): epoll refuses it (EPERM), as Linux's !file_can_poll. */
	bool fop_always_ready;
};

struct file {
	uint32_t f_refs;        /* [S] */
	uint32_t f_flags;       /* [a] O_ACCMODE, O_APPEND, O_NONBLOCK, ... (not O_CLOEXEC) */
	uint64_t f_pos;         /* [u] offset; for a directory, the readdir cookie */
	struct vnode *f_vnode;  /* [I] NULL for none */
	const struct file_ops *f_ops; /* [I] */
	void *f_priv;           /* [I] the device's or pipe's */
	struct epitem *f_epoll; /* [S] epoll items watching it (fs/epoll.c) */
};

struct fdtable {
	struct file *fd_files[NOFILE]; /* [S] */
	uint8_t fd_cloexec[NOFILE];    /* [S] */
	unsigned fd_refs;       /* [S] processes using it (CLONE_FILES); the last put frees */
};

/* A new file with one reference (holding a new reference on vn, if not NULL). */
struct file *file_alloc(struct vnode *vn, const struct file_ops *ops, uint32_t flags);
void file_ref(struct file *f);
void file_put(struct file *f);
bool file_readable(const struct file *f);
bool file_writable(const struct file *f);

/*
 * The current process's file for fd, referenced, or NULL (EBADF): fd_get
 * for a call on the open file (an O_PATH descriptor is EBADF, as Linux's
 * fdget), fd_get_any for one that only uses the file it names (fstat,
 * fchdir, fcntl, dup, a *at call's directory: Linux's fdget_raw).
 */
struct file *fd_get(int fd);
struct file *fd_get_any(int fd);
/* Descriptor numbers the current process may open: below RLIMIT_NOFILE (at most NOFILE). */
int fd_limit(void);
/* Install f (its reference moves to the table) at the lowest free slot >= min: the fd or -EMFILE. */
int fd_install(struct file *f, int min, bool cloexec);
/* Install at exactly fd, closing what was there. */
int fd_install_at(struct file *f, int fd, bool cloexec);
int fd_close(int fd);
int fd_get_cloexec(int fd);
int fd_set_cloexec(int fd, bool on);

/* A new empty table with one reference, or NULL. */
struct fdtable *fdtable_alloc(void);
/* Another reference (CLONE_FILES); the last fdtable_put closes every descriptor and frees it. */
struct fdtable *fdtable_share(struct fdtable *t);
void fdtable_put(struct fdtable *t);
/* Copy for fork (files shared); close-on-exec descriptors for exec; all, at exit. */
void fdtable_copy(struct fdtable *dst, const struct fdtable *src);
void fdtable_exec(struct fdtable *t);
void fdtable_close_all(struct fdtable *t);

/* Regular files and directories: read/write through the vnode with vfs_lock. */
extern const struct file_ops vnode_file_ops;

/*
 * Devices: a driver registers its file ops for a device number (major <<
 * 8 | minor, as st_rdev) of a character or block device; opening a device
 * node of that kind and number gives a file with those ops, after the
 * driver's open hook (which may set f_priv).
 */
struct cdev {
	uint32_t cd_rdev;
	bool cd_block;           /* a block device (S_IFBLK node), else character */
	const char *cd_name;     /* the node devfs makes under /dev */
	uint32_t cd_mode;        /* its permissions */
	uint32_t cd_gid;         /* its group (root owns it) */
	const struct file_ops *cd_ops;
	int (*cd_open)(struct file *f);
	void *cd_priv;
	struct cdev *cd_next;
};

#define MKDEV(ma, mi) ((uint32_t)(((ma) << 8) | (mi)))

void cdev_register(struct cdev *cd);
struct cdev *cdev_find(uint32_t rdev, bool block);
struct cdev *cdev_list(void);

/* open(2) itself, and opening a vnode: fs/open.h. */

#endif
