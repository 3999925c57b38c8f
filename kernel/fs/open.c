/*
 * open.c: open(2) (fs/open.h): what an open may do and what its
 * descriptor may then do, decided here and nowhere else.
 *
 * An open goes through three steps, each Linux's:
 *  1. open_req (build_open_flags): the flags alone.  Unknown bits are
 *     dropped; O_PATH keeps only O_DIRECTORY, O_NOFOLLOW and O_CLOEXEC, so
 *     O_PATH|O_TRUNC truncates nothing and O_PATH|O_CREAT creates nothing;
 *     O_CREAT|O_DIRECTORY is EINVAL (Linux 6.4 and later; 6.1 made a
 *     regular file and then failed with ENOTDIR).  The access mode asks for
 *     read (0), write (1), or both (2, and 3, which opens for ioctl only);
 *     O_TRUNC adds write; O_PATH asks for nothing but search on the path.
 *  2. the look-up: O_CREAT finds the last name's directory (following a
 *     final symlink unless O_NOFOLLOW or O_EXCL, even a dangling one) and
 *     makes a regular file there (vfs_create: a removed directory or one
 *     the caller may not write refuses); otherwise the path is resolved.
 *  3. open_check (do_open, may_open): the file found against the request:
 *     EEXIST (O_EXCL), EISDIR (O_CREAT of a directory, or writing one),
 *     ENOTDIR (O_DIRECTORY), ELOOP (a symlink, unless O_PATH), the
 *     permission bits (not for a file this open made), EPERM for O_NOATIME
 *     unless the caller owns the file or is root; and whether to truncate
 *     (O_TRUNC of an existing regular file, after it is open).
 * The descriptor keeps the flags less those that only act at open
 * (O_CREAT, O_EXCL, O_NOCTTY, O_TRUNC, O_CLOEXEC), and open_fmode reads
 * what it may do from them.  fd_get refuses O_PATH descriptors to every
 * call but the few that only name the file (fs/file.c).
 */
#include <fs/open.h>
#include <fs/pipe.h>
#include <kern/proc.h>
#include <sys/errno.h>

/* The flags open(2) knows (Linux's VALID_OPEN_FLAGS, less O_TMPFILE: see docs/vfs.md). */
#define OPEN_VALID (O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK | \
		    O_SYNC | O_DSYNC | O_ASYNC | O_DIRECT | O_LARGEFILE | O_DIRECTORY |           \
		    O_NOFOLLOW | O_NOATIME | O_CLOEXEC | O_PATH)
/* All that O_PATH leaves of them. */
#define OPEN_PATH_KEEPS (O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
/* What acts only at open: the descriptor does not keep it (F_GETFL). */
#define OPEN_ONLY (O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC)

/* What the flags of one open ask (step 1). */
struct open_req {
	uint32_t flags;   /* in effect */
	int may;          /* MAY_READ, MAY_WRITE: what an existing file must allow */
	bool follow;      /* a final symlink */
};

unsigned open_fmode(uint32_t f_flags)
{
	static const unsigned acc[4] = { FMODE_READ, FMODE_WRITE, FMODE_READ | FMODE_WRITE, 0 };

	return (f_flags & O_PATH) ? FMODE_PATH : acc[f_flags & O_ACCMODE];
}

static int open_req(uint32_t flags, struct open_req *r)
{
	static const int acc[4] = { MAY_READ, MAY_WRITE, MAY_READ | MAY_WRITE,
				    MAY_READ | MAY_WRITE };

	flags &= OPEN_VALID;
	if (flags & O_PATH)
		flags &= OPEN_PATH_KEEPS;
	else
		flags |= O_LARGEFILE; /* as Linux on 64-bit: F_GETFL shows it */
	if ((flags & (O_CREAT | O_DIRECTORY)) == (O_CREAT | O_DIRECTORY))
		return -EINVAL;
	if (flags & (O_SYNC & ~O_DSYNC))
		flags |= O_DSYNC; /* Linux: __O_SYNC alone still syncs data */
	r->flags = flags;
	r->may = (flags & O_PATH) ? 0 : acc[flags & O_ACCMODE] | ((flags & O_TRUNC) ? MAY_WRITE : 0);
	r->follow = !(flags & O_NOFOLLOW) && (flags & (O_CREAT | O_EXCL)) != (O_CREAT | O_EXCL);
	return 0;
}

/* O_CREAT (step 2): the file the last name names, made if missing (*created). */
static int open_create(struct vnode *start, const char *path, const struct open_req *r,
		       uint32_t mode, struct vnode **out, bool *created)
{
	char name[NAME_MAX + 1];
	struct vnode *dir, *vn;
	bool trailing;
	int err;

	err = vfs_resolve_create(start, path, r->follow, &dir, name, &trailing, &vn);
	if (err != 0)
		return err;
	if (vn == NULL && trailing) {
		err = -EISDIR; /* "name/" asks for a directory, which open cannot make */
	} else if (vn == NULL) {
		mode = S_IFREG | (mode & 07777 & ~curproc()->p_umask);
		err = vfs_create(dir, name, mode, 0, &vn);
		*created = err == 0;
	}
	vnode_put(dir);
	if (err == 0)
		*out = vn;
	return err;
}

/* Step 3: whether this open of vn may go on, and whether it truncates vn. */
static int open_check(const struct open_req *r, struct vnode *vn, bool created, bool *trunc)
{
	uint32_t fl = r->flags;
	int err;

	*trunc = false;
	if ((fl & O_CREAT) && (fl & O_EXCL) && !created)
		return -EEXIST;
	if ((fl & O_CREAT) && S_ISDIR(vn->v_mode))
		return -EISDIR;
	if ((fl & O_DIRECTORY) && !S_ISDIR(vn->v_mode))
		return -ENOTDIR;
	if (fl & O_PATH)
		return 0;
	if (S_ISLNK(vn->v_mode))
		return -ELOOP;
	if (created)
		return 0; /* the new file is the caller's: no permission asked, nothing to cut */
	if (S_ISDIR(vn->v_mode) && (r->may & MAY_WRITE))
		return -EISDIR;
	if ((err = vnode_access(vn, r->may)) != 0)
		return err;
	if ((fl & O_NOATIME) && (err = vnode_owner(vn)) != 0)
		return err;
	*trunc = (fl & O_TRUNC) && S_ISREG(vn->v_mode);
	return 0;
}

int vfs_open(struct vnode *start, const char *path, uint32_t flags, uint32_t mode,
	     struct file **out)
{
	struct vnode *vn = NULL;
	bool created = false, trunc = false;
	struct open_req r;
	int err;

	if ((err = open_req(flags, &r)) != 0)
		return err;
	mutex_lock(&vfs_lock);
	if (r.flags & O_CREAT)
		err = open_create(start, path, &r, mode, &vn, &created);
	else
		err = vfs_resolve(start, path, r.follow, &vn);
	if (err == 0 && (err = open_check(&r, vn, created, &trunc)) != 0)
		vnode_put(vn);
	mutex_unlock(&vfs_lock);
	if (err != 0)
		return err;
	err = vfs_open_vnode(vn, r.flags, out);
	/* As Linux: truncate once the file is open, so a failed open cuts nothing. */
	if (err == 0 && trunc && (err = vnode_truncate(vn, 0)) != 0)
		file_put(*out);
	mutex_lock(&vfs_lock);
	vnode_put(vn);
	mutex_unlock(&vfs_lock);
	return err;
}

int vfs_open_vnode(struct vnode *vn, uint32_t flags, struct file **out)
{
	const struct file_ops *ops = &vnode_file_ops;
	struct cdev *cd = NULL;
	struct file *f;
	int err;

	if ((S_ISCHR(vn->v_mode) || S_ISBLK(vn->v_mode)) && !(flags & O_PATH)) {
		if (vn->v_mount != NULL && (vn->v_mount->m_flags & MS_NODEV))
			return -EACCES; /* as Linux's may_open_dev */
		cd = cdev_find(vn->v_rdev, S_ISBLK(vn->v_mode));
		if (cd == NULL)
			return -ENXIO;
		ops = cd->cd_ops;
	} else if (S_ISFIFO(vn->v_mode) && !(flags & O_PATH)) {
		return pipe_fifo_open(vn, flags & ~(uint32_t)OPEN_ONLY, out);
	} else if (!S_ISREG(vn->v_mode) && !S_ISDIR(vn->v_mode) && !(flags & O_PATH)) {
		return -ENXIO; /* a socket's name opens nothing, as Linux */
	}
	f = file_alloc(vn, ops, flags);
	if (f == NULL)
		return -ENOMEM;
	if (cd != NULL) {
		f->f_priv = cd->cd_priv;
		/* The driver's open sees every flag (the terminal's looks for O_NOCTTY). */
		if (cd->cd_open != NULL && (err = cd->cd_open(f)) != 0) {
			file_put(f);
			return err;
		}
	}
	f->f_flags &= ~(uint32_t)OPEN_ONLY;
	*out = f;
	return 0;
}
