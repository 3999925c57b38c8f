/*
 * vfs.h: the virtual file system: vnodes, mounts and path resolution
 * (kernel/fs/vfs.c, namei.c).
 *
 * A vnode is one file, directory, symlink, device node or pipe.  Each file
 * system gives its vnodes an operations table; the VFS resolves paths,
 * crosses mount points and keeps reference counts.  Lifetime (see
 * docs/vfs.md): v_refs counts in-memory holders (open files, current
 * directories, mount points, a path walk in progress); v_nlink counts
 * directory entries.  When both reach zero the file system's inactive op
 * frees the vnode and its data, so an unlinked file lives until its last
 * close and its pages then go back to the page allocator.
 *
 * Locking: one sleeping mutex, vfs_lock, serialises every name-space
 * operation and every read or write of file-system data.  It is never held
 * while sleeping for I/O that may take forever (pipes and terminals have
 * their own waits and do not take it).  Field tags (docs/design.md,
 * "Contracts"): [I] set before the vnode or mount is published, [V]
 * vfs_lock; vnode_ref, vnode_put and vfs_resolve* check that it is held.
 */
#ifndef FS_VFS_H
#define FS_VFS_H

#include <abi/linux.h>
#include <kern/cred.h>
#include <kern/mutex.h>
#include <kern/uaccess.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NAME_MAX 255
#define PATH_MAX 4096
#define SYMLOOP_MAX 40

struct file;
struct pipe;
struct vnode;
struct mount;
struct pcache;
struct vm_region;

/* A buffer on either side of the user/kernel boundary. */
struct uio {
	uaddr_t ubuf;   /* when user */
	char *kbuf;     /* when !user */
	size_t len;
	bool user;
};

/* Copy n bytes to/from offset off of the buffer: 0 or -EFAULT. */
int uio_copyout(struct uio *u, size_t off, const void *src, size_t n);
int uio_copyin(void *dst, struct uio *u, size_t off, size_t n);

/* One directory entry, as readdir reports it. */
struct vdirent {
	uint64_t d_ino;
	uint8_t d_type;
	uint16_t d_namelen;
	const char *d_name;
};

struct vnode_ops {
	/* Find name in dir: a referenced vnode, or -ENOENT.  "." is done by the VFS. */
	int (*vop_lookup)(struct vnode *dir, const char *name, struct vnode **out);
	/* Make a regular file, directory, device node or fifo (mode has the type). */
	int (*vop_create)(struct vnode *dir, const char *name, uint32_t mode, uint32_t rdev,
			  struct vnode **out);
	int (*vop_symlink)(struct vnode *dir, const char *name, const char *target);
	int (*vop_link)(struct vnode *dir, const char *name, struct vnode *vn);
	/* Remove the entry; rmdir when isdir (the VFS checked the type). */
	int (*vop_unlink)(struct vnode *dir, const char *name, bool isdir);
	int (*vop_rename)(struct vnode *odir, const char *oname, struct vnode *ndir,
			  const char *nname);
	/* The link target, NUL-terminated, into buf of size len: its length. */
	long (*vop_readlink)(struct vnode *vn, char *buf, size_t len);
	long (*vop_read)(struct vnode *vn, struct uio *u, uint64_t off);
	long (*vop_write)(struct vnode *vn, struct uio *u, uint64_t off);
	int (*vop_truncate)(struct vnode *vn, uint64_t size);
	/*
	 * MAP_SHARED (optional): the physical page holding the file's bytes at
	 * off (page-aligned, below the size), made (zeroed) if the file has a
	 * hole there, with a page reference for the caller (page_ref).  The page
	 * stays the file's: writes through a mapping are writes to the file.
	 * See docs/memory.md for who owns the page.
	 */
	int (*vop_getpage)(struct vnode *vn, uint64_t off, uint64_t *pa);
	/* Entry number *cookie: 0 and the entry (cookie advanced), or 1 at the end. */
	int (*vop_readdir)(struct vnode *dir, uint64_t *cookie, struct vdirent *out);
	/* Last reference gone: free the vnode if nothing names it. */
	void (*vop_inactive)(struct vnode *vn);
	/* st_blocks (512-byte units allocated), when not the size rounded up; or NULL. */
	uint64_t (*vop_blocks)(struct vnode *vn);
	/*
	 * fsync/fdatasync (optional): write this file's data and what finds it
	 * back, and wait; or NULL, when the file system's sync is used.
	 */
	int (*vop_fsync)(struct vnode *vn, bool datasync);
};

struct vnode {
	uint32_t v_mode;             /* [V] */
	uint32_t v_nlink;            /* [V] */
	uint32_t v_uid, v_gid;       /* [V] */
	uint32_t v_rdev;             /* [I] */
	uint32_t v_refs;             /* [V] */
	uint64_t v_ino;              /* [I] */
	uint64_t v_size;             /* [V] */
	struct timespec v_atime, v_mtime, v_ctime; /* [V] */
	const struct vnode_ops *v_ops; /* [I] */
	struct mount *v_mount;       /* [I] the file system this vnode is in */
	struct mount *v_mounted;     /* [V] a file system mounted on this directory */
	void *v_data;                /* [I] the file system's */
	struct pipe *v_pipe;         /* [V] a FIFO's pipe while it is open (fs/pipe.c) */
	struct pcache *v_pcache;     /* [V] a disk file's page cache (fs/pcache.h), or NULL */
	struct vm_region *v_maps;    /* [V] the regions mapping it (vm/vm_file.c) */
};

/*
 * The vnode operations, called only through these (fs/vops.c): each calls
 * the member of the same name (VOP_READ, vop_read), asserting that it is
 * there; VOP_INACTIVE and VOP_BLOCKS give the default of a missing one.
 * Whether an optional operation is there is VOP_HAS(vn, vop_name)'s to say,
 * and the vfs_* call that needs it picks the error its absence gives.
 */
#define VOP_HAS(vn, op) ((vn)->v_ops != NULL && (vn)->v_ops->op != NULL)
int VOP_LOOKUP(struct vnode *dir, const char *name, struct vnode **out);
int VOP_CREATE(struct vnode *dir, const char *name, uint32_t mode, uint32_t rdev,
	       struct vnode **out);
int VOP_SYMLINK(struct vnode *dir, const char *name, const char *target);
int VOP_LINK(struct vnode *dir, const char *name, struct vnode *vn);
int VOP_UNLINK(struct vnode *dir, const char *name, bool isdir);
int VOP_RENAME(struct vnode *odir, const char *oname, struct vnode *ndir, const char *nname);
long VOP_READLINK(struct vnode *vn, char *buf, size_t len);
long VOP_READ(struct vnode *vn, struct uio *u, uint64_t off);
long VOP_WRITE(struct vnode *vn, struct uio *u, uint64_t off);
int VOP_TRUNCATE(struct vnode *vn, uint64_t size);
int VOP_GETPAGE(struct vnode *vn, uint64_t off, uint64_t *pa);
int VOP_READDIR(struct vnode *dir, uint64_t *cookie, struct vdirent *out);
void VOP_INACTIVE(struct vnode *vn);
uint64_t VOP_BLOCKS(struct vnode *vn);
int VOP_FSYNC(struct vnode *vn, bool datasync);
/* Whether vn's file system gives its pages (vop_getpage): MAP_SHARED, copy-on-write maps. */
bool vnode_has_pages(const struct vnode *vn);

/* What a disk file system adds to a mount (NULL for ramfs, devfs, procfs). */
struct mount_ops {
	/* Fill in sf (the VFS sets f_fsid, f_flags). */
	void (*mo_statfs)(struct mount *m, struct statfs *sf);
	/* Write everything back: 0 or -EIO. */
	int (*mo_sync)(struct mount *m);
	/* Change MS_RDONLY to what flags say: 0, -EROFS (cannot be made writable). */
	int (*mo_remount)(struct mount *m, unsigned long flags);
	/* Write back and free: -EBUSY if a vnode other than the root is in use. */
	int (*mo_unmount)(struct mount *m);
};

struct mount {
	const char *m_type;          /* "ramfs", "devfs", "proc" */
	const char *m_path;          /* where it is mounted, for /proc/mounts */
	struct vnode *m_root;
	struct vnode *m_covered;     /* the directory it hides; NULL for / */
	uint32_t m_dev;              /* st_dev of its vnodes */
	int64_t m_magic;             /* statfs f_type */
	unsigned long m_flags;       /* MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC */
	const struct mount_ops *m_ops; /* or NULL */
	const char *m_source;        /* the device, for /proc/mounts; or NULL */
	uint32_t m_wmaps;            /* writable shared mappings of its files (vm_file.c), vfs_lock */
	struct mount *m_next;
};

extern struct mutex vfs_lock;

void vfs_init(void);
struct vnode *vfs_root(void);
/*
 * Where "/" starts and ".." stops for the current process: its chroot
 * root, or vfs_root().  With vfs_lock held (chroot changes it under it).
 */
struct vnode *vfs_proc_root(void);
struct mount *vfs_mounts(void);

/* Initialise a new vnode of mount m (one reference). */
void vnode_init(struct vnode *vn, struct mount *m, uint32_t mode, const struct vnode_ops *ops);
void vnode_ref(struct vnode *vn);
void vnode_put(struct vnode *vn);
/* Set the given timestamps to now (VN_ATIME | VN_MTIME | VN_CTIME). */
#define VN_ATIME 1
#define VN_MTIME 2
#define VN_CTIME 4
void vnode_touch(struct vnode *vn, unsigned which);
/* The time stamps are set to: the real-time clock. */
struct timespec vfs_now(void);
void vnode_stat(struct vnode *vn, struct stat *st);

/* Mount the file system rooted at root on the directory path (or "/" first). */
int vfs_mount(struct mount *m, const char *path);
/* Mount m on the directory dir (path: its name, for /proc/mounts); with vfs_lock. */
int vfs_mount_on(struct mount *m, struct vnode *dir, const char *path);
/* Take m out of the tree (the caller then drops m_covered's reference). */
void vfs_mount_remove(struct mount *m);
/*
 * mount(2) and umount2(2) (fs/mount.c): mount the file system on the block
 * device named by source at target, change a mount's flags (MS_REMOUNT),
 * unmount the one whose root target names.  Root only.
 */
int vfs_mount_dev(const char *source, const char *target, const char *type,
		  unsigned long flags);
int vfs_umount(const char *target, int flags);
/* sync(2), syncfs(2) of vn's file system: 0 or -EIO. */
int vfs_sync_all(void);
/* A kernel thread that syncs every disk file system every 5 s. */
void vfs_start_flusher(void);
int vfs_syncfs(struct vnode *vn);
/* fsync(2)/fdatasync(2): the file system's per-file fsync, or its sync. */
int vfs_fsync(struct vnode *vn, bool datasync);
/* -EROFS if vn's file system is mounted read-only. */
int vnode_writable_fs(const struct vnode *vn);

/*
 * Path resolution, with vfs_lock held.  start is the directory a relative
 * path begins at.  vfs_resolve gives the vnode path names, following a
 * final symlink when follow; vfs_resolve_parent the directory that would
 * hold the last component and that name ("" for "/"), and whether the path
 * ended in a slash.  Both return referenced vnodes.
 */
int vfs_resolve(struct vnode *start, const char *path, bool follow, struct vnode **out);
int vfs_resolve_parent(struct vnode *start, const char *path, struct vnode **dir,
		       char name[NAME_MAX + 1], bool *trailing_slash);
/*
 * For open(O_CREAT): the directory and name to look up or create, with a
 * final symlink followed (when follow) even if its target does not exist;
 * *vn is the vnode the name has, or NULL (none, or the name ends in '/').
 */
int vfs_resolve_create(struct vnode *start, const char *path, bool follow, struct vnode **dir,
		       char name[NAME_MAX + 1], bool *trailing_slash, struct vnode **vn);
/*
 * The absolute path of directory dir, with vfs_lock held: written to end
 * at buf[size - 1] (its NUL), starting at buf + *pos; 0, -ENAMETOOLONG if
 * it does not fit, -ENOENT if dir has been removed (getcwd, /proc/N/exe).
 */
int vfs_dir_path(struct vnode *dir, char *buf, size_t size, size_t *pos);
/* Look name up in dir (".", ".." and mount points handled): referenced vnode. */
int vfs_lookup_name(struct vnode *dir, const char *name, struct vnode **out);

/*
 * For exec: read the whole regular file path names (from start) into a
 * kmalloc'd buffer, and give its attributes; -EACCES unless the caller
 * may execute it, -E2BIG if it is over max bytes.
 */
int vfs_read_whole(struct vnode *start, const char *path, void **data, size_t *size,
		   size_t max, struct stat *st);

/*
 * Permission checks (kern/cred.h) for the current process: vnode_access
 * asks for MAY_READ, MAY_WRITE and/or MAY_EXEC (0 or -EACCES);
 * vnode_owner is 0 for the file's owner or root, else -EPERM (chmod,
 * utimes); vnode_may_create checks what making a name in dir takes:
 * dir must not have been removed (-ENOENT), and write and search on it;
 * every operation that adds a name calls it.  vnode_may_delete checks what
 * removing or renaming vn out of dir takes: the same, and with the sticky
 * bit, owning vn or dir.  vnode_init_owner gives a new vnode in dir the
 * caller's ids; when dir is set-group-ID, dir's group instead, and as on
 * Linux a new directory is set-group-ID too, while a new executable file
 * loses set-group-ID unless the caller is root or in that group.
 */
int vnode_access(const struct vnode *vn, int may);
/*
 * access(2), faccessat(2): MAY_READ, MAY_WRITE, MAY_EXEC (0 for existence)
 * judged by the real ids, or the effective ones when effective
 * (AT_EACCESS); the permission bits only (no EROFS).
 */
int vfs_access(const struct vnode *vn, int may, bool effective);
int vnode_owner(const struct vnode *vn);
int vnode_may_create(const struct vnode *dir);
int vnode_may_delete(const struct vnode *dir, const struct vnode *vn);
void vnode_init_owner(struct vnode *vn, const struct vnode *dir);

/*
 * Make name in dir, a regular file, directory, device node or fifo (mode
 * has the type and the permission bits, umask applied): vnode_may_create
 * (-ENOENT where the file system makes no names), then VOP_CREATE.  For
 * open(O_CREAT) and fs/dirops.c, with vfs_lock.
 */
int vfs_create(struct vnode *dir, const char *name, uint32_t mode, uint32_t rdev,
	       struct vnode **out);
/*
 * Whether name may become a new name in dir, as Linux's filename_create:
 * -EEXIST for "", ".", ".." or a name that exists; -ENOENT for "name/"
 * unless want_dir (mkdir).  With vfs_lock.
 */
int vfs_name_free(struct vnode *dir, const char *name, bool trailing, bool want_dir);

/*
 * The calls that add, remove or move a name (fs/dirops.c), for the system
 * calls of the same names: each takes the directory a relative path starts
 * from (referenced by the caller) and the path, takes vfs_lock, and makes
 * the name, existence, permission and missing-operation checks in Linux's
 * order before it calls the file system.  vfs_mkdir and vfs_mknod apply
 * the umask to mode; vfs_mknod's mode has a type vfs_mknod_type accepts
 * (0 or -EPERM, -EINVAL: asked before the path is copied in, as now) and
 * rdev counts only for a device node; with out, the new node comes back
 * referenced (bind of a Unix socket).  vfs_symlink's target is not empty
 * (ENOENT is the caller's, as Linux's getname).  vfs_readlink gives the
 * target's length and the target in a kmalloc'd buffer of PATH_MAX bytes
 * (*target, the caller frees it; NULL if none), or -errno.
 */
int vfs_mknod_type(uint32_t mode);
int vfs_mknod(struct vnode *start, const char *path, uint32_t mode, uint32_t rdev,
	      struct vnode **out);
int vfs_mkdir(struct vnode *start, const char *path, uint32_t mode);
int vfs_symlink(const char *target, struct vnode *start, const char *path);
int vfs_unlink(struct vnode *start, const char *path);
int vfs_rmdir(struct vnode *start, const char *path);
long vfs_readlink(struct vnode *start, const char *path, char **target);
/* link(2): opath's file (its final symlink followed when follow) gets the name npath. */
int vfs_link(struct vnode *ostart, const char *opath, bool follow, struct vnode *nstart,
	     const char *npath);
int vfs_rename(struct vnode *ostart, const char *opath, struct vnode *nstart, const char *npath);

/* Attribute changes for the system calls (each takes vfs_lock). */
int vnode_truncate(struct vnode *vn, int64_t len);
/* truncate(2) of the file a path names: write permission on it, then vnode_truncate. */
int vfs_truncate(struct vnode *vn, int64_t len);
/*
 * utimensat(2): set the access and modification times to ts[0] and ts[1]
 * (each a time, UTIME_NOW or UTIME_OMIT), the change time to now.  A bad
 * time is EINVAL; then the file system must be writable (EROFS) unless
 * both are omitted, and the caller must own the file, or for two
 * UTIME_NOW, may write it (EPERM, EACCES).
 */
int vnode_utimens(struct vnode *vn, const struct timespec ts[2]);
/* chmod and chown with Linux's rules for who may (-EPERM otherwise). */
int vnode_chmod(struct vnode *vn, uint32_t mode);
int vnode_chown(struct vnode *vn, uint32_t uid, uint32_t gid);
int vnode_statfs(struct vnode *vn, uaddr_t buf);
/* Make vn the current process's working directory. */
int vfs_chdir(struct vnode *vn);
/* Make vn the current process's root (chroot: root only, after the search checks). */
int vfs_chroot(struct vnode *vn);

#endif
