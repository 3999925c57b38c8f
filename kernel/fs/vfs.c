/*
 * vfs.c: vnodes, mounts and buffers (fs/vfs.h).  Path resolution is in
 * namei.c.
 */
#include <fs/vfs.h>
#include <kern/clock.h>
#include <kern/panic.h>
#include <kern/proc.h>
#include <vm/pmm.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include <vm/vm_map.h>

struct mutex vfs_lock;
static struct mount *mounts;
static struct vnode *root;
static uint32_t next_dev = 1;

struct vnode *vfs_root(void)
{
	return root;
}

struct vnode *vfs_proc_root(void)
{
	struct proc *p = curproc();

	return p != NULL && p->p_root != NULL ? p->p_root : root;
}

struct mount *vfs_mounts(void)
{
	return mounts;
}

int uio_copyout(struct uio *u, size_t off, const void *src, size_t n)
{
	if (!u->user) {
		memcpy(u->kbuf + off, src, n);
		return 0;
	}
	return copy_to_user(u->ubuf + off, src, n);
}

int uio_copyin(void *dst, struct uio *u, size_t off, size_t n)
{
	if (!u->user) {
		memcpy(dst, u->kbuf + off, n);
		return 0;
	}
	return copy_from_user(dst, u->ubuf + off, n);
}

void vnode_init(struct vnode *vn, struct mount *m, uint32_t mode, const struct vnode_ops *ops)
{
	static uint64_t next_ino = 1;

	memset(vn, 0, sizeof(*vn));
	vn->v_mode = mode;
	vn->v_nlink = 1;
	vn->v_refs = 1;
	vn->v_ino = next_ino++;
	vn->v_ops = ops;
	vn->v_mount = m;
	vnode_touch(vn, VN_ATIME | VN_MTIME | VN_CTIME);
}

void vnode_ref(struct vnode *vn)
{
	KASSERT(mutex_held(&vfs_lock));
	vn->v_refs++;
}

void vnode_put(struct vnode *vn)
{
	KASSERT(mutex_held(&vfs_lock));
	if (vn == NULL)
		return;
	if (vn->v_refs == 0)
		panic("vnode_put: vnode %lu has no references", (unsigned long)vn->v_ino);
	if (--vn->v_refs == 0)
		VOP_INACTIVE(vn);
}

struct timespec vfs_now(void)
{
	uint64_t ns = clock_realtime_ns();

	return (struct timespec){ (int64_t)(ns / NSEC_PER_SEC), (int64_t)(ns % NSEC_PER_SEC) };
}

void vnode_touch(struct vnode *vn, unsigned which)
{
	struct timespec now = vfs_now();

	if (which & VN_ATIME)
		vn->v_atime = now;
	if (which & VN_MTIME)
		vn->v_mtime = now;
	if (which & VN_CTIME)
		vn->v_ctime = now;
}

void vnode_stat(struct vnode *vn, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = vn->v_mount != NULL ? vn->v_mount->m_dev : 0;
	st->st_ino = vn->v_ino;
	st->st_nlink = vn->v_nlink;
	st->st_mode = vn->v_mode;
	st->st_uid = vn->v_uid;
	st->st_gid = vn->v_gid;
	st->st_rdev = vn->v_rdev;
	st->st_size = (int64_t)vn->v_size;
	st->st_blksize = 4096;
	st->st_blocks = (int64_t)VOP_BLOCKS(vn);
	st->st_atim = vn->v_atime;
	st->st_mtim = vn->v_mtime;
	st->st_ctim = vn->v_ctime;
}

void vfs_init(void)
{
	mounts = NULL;
	root = NULL;
}

int vfs_mount(struct mount *m, const char *path)
{
	struct vnode *dir;
	int err;

	if (root == NULL) {
		if (strcmp(path, "/") != 0)
			return -ENOENT;
		m->m_dev = next_dev++;
		m->m_path = path;
		root = m->m_root;
		vnode_ref(root);
		m->m_covered = NULL;
		m->m_next = mounts;
		mounts = m;
		return 0;
	}
	err = vfs_resolve(root, path, true, &dir);
	if (err != 0)
		return err;
	err = vfs_mount_on(m, dir, path);
	vnode_put(dir);
	return err;
}

int vfs_mount_on(struct mount *m, struct vnode *dir, const char *path)
{
	if (!S_ISDIR(dir->v_mode))
		return -ENOTDIR;
	if (dir->v_mounted != NULL)
		return -EBUSY;
	m->m_dev = next_dev++;
	m->m_path = path;
	dir->v_mounted = m;
	vnode_ref(dir);
	m->m_covered = dir; /* keeps this reference */
	m->m_next = mounts;
	mounts = m;
	return 0;
}

void vfs_mount_remove(struct mount *m)
{
	struct mount **pp;

	for (pp = &mounts; *pp != NULL; pp = &(*pp)->m_next)
		if (*pp == m) {
			*pp = m->m_next;
			break;
		}
	m->m_covered->v_mounted = NULL;
}

int vnode_writable_fs(const struct vnode *vn)
{
	return vn->v_mount != NULL && (vn->v_mount->m_flags & MS_RDONLY) ? -EROFS : 0;
}

int vnode_access(const struct vnode *vn, int may)
{
	/* As Linux's inode_permission: a read-only file system refuses writing first. */
	if ((may & MAY_WRITE) && (S_ISREG(vn->v_mode) || S_ISDIR(vn->v_mode) ||
				  S_ISLNK(vn->v_mode)) && vnode_writable_fs(vn) != 0)
		return -EROFS;
	return cred_permission(cred_cur(), vn->v_mode, vn->v_uid, vn->v_gid, may, false);
}

int vfs_access(const struct vnode *vn, int may, bool effective)
{
	/* The real ids unless asked (a set-user-ID program asking for its user). */
	return cred_permission(cred_cur(), vn->v_mode, vn->v_uid, vn->v_gid, may, !effective);
}

int vnode_owner(const struct vnode *vn)
{
	const struct cred *c = cred_cur();

	return cred_root(c) || c->uid[ID_EFF] == vn->v_uid ? 0 : -EPERM;
}

/*
 * Whether a missing name in dir can be made at all.  A filesystem without
 * create (procfs) has no names but its own: as Linux's proc_lookup, which
 * fails with ENOENT instead of leaving a negative dentry, adding a name
 * there (open O_CREAT, mkdir, symlink, link...) is ENOENT for everyone,
 * before any permission or cross-mount check.
 */
static bool dir_has_new_names(const struct vnode *dir)
{
	return VOP_HAS(dir, vop_create);
}

/*
 * The one check every operation that adds a name to dir goes through (open
 * O_CREAT, mkdir and mknod by vfs_create; symlink, link, rename).  A removed
 * directory takes no new names, as on Linux (ENOENT): nothing could ever
 * remove them, so they would hold their memory for good.
 */
int vnode_may_create(const struct vnode *dir)
{
	if (!dir_has_new_names(dir))
		return -ENOENT;
	if (S_ISDIR(dir->v_mode) && dir->v_nlink == 0)
		return -ENOENT;
	return vnode_access(dir, MAY_WRITE | MAY_EXEC);
}

int vfs_create(struct vnode *dir, const char *name, uint32_t mode, uint32_t rdev,
	       struct vnode **out)
{
	int err = vnode_may_create(dir);

	return err != 0 ? err : VOP_CREATE(dir, name, mode, rdev, out);
}

int vfs_name_free(struct vnode *dir, const char *name, bool trailing, bool want_dir)
{
	struct vnode *vn;

	if (name[0] == '\0' || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return -EEXIST;
	if (vfs_lookup_name(dir, name, &vn) == 0) {
		vnode_put(vn);
		return -EEXIST;
	}
	if (!dir_has_new_names(dir))
		return -ENOENT;
	/* Linux: "name/" asks for a directory; only mkdir makes one. */
	return trailing && !want_dir ? -ENOENT : 0;
}

int vnode_may_delete(const struct vnode *dir, const struct vnode *vn)
{
	const struct cred *c = cred_cur();
	int err = vnode_may_create(dir);

	if (err == 0 && (dir->v_mode & S_ISVTX) && !cred_root(c) &&
	    c->uid[ID_EFF] != vn->v_uid && c->uid[ID_EFF] != dir->v_uid)
		err = -EPERM;
	return err;
}

void vnode_init_owner(struct vnode *vn, const struct vnode *dir)
{
	const struct cred *c = cred_cur();
	const uint32_t sgid_exec = S_ISGID | 0010; /* set-group-ID and group-executable */

	vn->v_uid = c->uid[ID_EFF];
	if (!(dir->v_mode & S_ISGID)) {
		vn->v_gid = c->gid[ID_EFF];
		return;
	}
	vn->v_gid = dir->v_gid;
	if (S_ISDIR(vn->v_mode))
		vn->v_mode |= S_ISGID; /* so the directory's files get the group too */
	else if ((vn->v_mode & sgid_exec) == sgid_exec && !cred_root(c) &&
		 !cred_in_group(c, dir->v_gid))
		vn->v_mode &= ~(uint32_t)S_ISGID; /* no set-group-ID program of a group not ours */
}

int vfs_read_whole(struct vnode *start, const char *path, void **data, size_t *size,
		   size_t max, struct stat *st)
{
	struct vnode *vn;
	struct uio u;
	void *buf;
	long n;
	int err;

	mutex_lock(&vfs_lock);
	err = vfs_resolve(start, path, true, &vn);
	if (err != 0)
		goto out;
	vnode_stat(vn, st);
	err = S_ISDIR(vn->v_mode) ? -EISDIR : !S_ISREG(vn->v_mode) ? -EACCES :
	      vnode_access(vn, MAY_EXEC);
	if (err == 0 && vn->v_mount != NULL && (vn->v_mount->m_flags & MS_NOEXEC))
		err = -EACCES;
	if (vn->v_mount != NULL && (vn->v_mount->m_flags & MS_NOSUID))
		st->st_mode &= ~(uint32_t)(S_ISUID | S_ISGID); /* exec ignores them there */
	if (err == 0 && vn->v_size > max)
		err = -E2BIG;
	if (err != 0)
		goto out_put;
	buf = kmalloc(vn->v_size > 0 ? vn->v_size : 1);
	if (buf == NULL) {
		err = -ENOMEM;
		goto out_put;
	}
	u = (struct uio){ .kbuf = buf, .len = vn->v_size, .user = false };
	n = VOP_READ(vn, &u, 0);
	if (n < 0) {
		kfree(buf);
		err = (int)n;
		goto out_put;
	}
	*data = buf;
	*size = (size_t)n;
out_put:
	vnode_put(vn);
out:
	mutex_unlock(&vfs_lock);
	return err;
}

int vnode_truncate(struct vnode *vn, int64_t len)
{
	int err;

	if (len < 0)
		return -EINVAL;
	if (S_ISDIR(vn->v_mode))
		return -EISDIR;
	if (!S_ISREG(vn->v_mode) || !VOP_HAS(vn, vop_truncate))
		return -EINVAL;
	mutex_lock(&vfs_lock);
	err = rlimit_fsize_grow(vn->v_size, (uint64_t)len);
	if (err == 0)
		err = VOP_TRUNCATE(vn, (uint64_t)len);
	if (err == 0)
		vm_file_truncate(vn, (uint64_t)len); /* mapped pages past the end: SIGBUS next */
	mutex_unlock(&vfs_lock);
	return err;
}

int vnode_chmod(struct vnode *vn, uint32_t mode)
{
	const struct cred *c = cred_cur();
	int err;

	mutex_lock(&vfs_lock);
	err = vnode_owner(vn);
	if (err == 0)
		err = vnode_writable_fs(vn);
	if (err == 0) {
		/* Linux: only a member of the file's group may make it set-group-ID. */
		if (!cred_root(c) && !cred_in_group(c, vn->v_gid))
			mode &= ~(uint32_t)S_ISGID;
		vn->v_mode = (vn->v_mode & S_IFMT) | (mode & 07777);
		vnode_touch(vn, VN_CTIME);
	}
	mutex_unlock(&vfs_lock);
	return err;
}

/* Linux's chown_ok and chgrp_ok: who may give the file to uid and gid. */
static int chown_allowed(const struct vnode *vn, uint32_t uid, uint32_t gid)
{
	const struct cred *c = cred_cur();
	bool owner = c->uid[ID_EFF] == vn->v_uid;

	if (cred_root(c))
		return 0;
	if (uid != (uint32_t)-1 && (!owner || uid != vn->v_uid))
		return -EPERM;
	if (gid != (uint32_t)-1 && (!owner || (gid != vn->v_gid && !cred_in_group(c, gid))))
		return -EPERM;
	return 0;
}

int vnode_chown(struct vnode *vn, uint32_t uid, uint32_t gid)
{
	int err;

	mutex_lock(&vfs_lock);
	err = chown_allowed(vn, uid, gid);
	if (err == 0)
		err = vnode_writable_fs(vn);
	if (err == 0) {
		if (uid != (uint32_t)-1)
			vn->v_uid = uid;
		if (gid != (uint32_t)-1)
			vn->v_gid = gid;
		/* A new owner must not inherit set-ID powers. */
		if (!S_ISDIR(vn->v_mode) && (uid != (uint32_t)-1 || gid != (uint32_t)-1) &&
		    !cred_root(cred_cur()))
			vn->v_mode &= ~(uint32_t)(S_ISUID | S_ISGID);
		vnode_touch(vn, VN_CTIME);
	}
	mutex_unlock(&vfs_lock);
	return err;
}

int vfs_truncate(struct vnode *vn, int64_t len)
{
	/* Nothing asked of a directory: vnode_truncate's EISDIR comes first, as Linux's. */
	int err = S_ISDIR(vn->v_mode) ? 0 : vnode_access(vn, MAY_WRITE);

	return err != 0 ? err : vnode_truncate(vn, len);
}

/* One of utimensat's times: UTIME_OMIT (not *set), UTIME_NOW, or a valid time. */
static int time_arg(const struct timespec *t, struct timespec *now, struct timespec *out,
		    bool *set)
{
	if (t->tv_nsec == UTIME_OMIT) {
		*set = false;
		return 0;
	}
	*set = true;
	if (t->tv_nsec == UTIME_NOW) {
		*out = *now;
		return 0;
	}
	if (t->tv_nsec < 0 || t->tv_nsec >= 1000000000)
		return -EINVAL;
	*out = *t;
	return 0;
}

/*
 * Setting times to now (both UTIME_NOW) takes write permission or
 * ownership; setting them to anything else takes ownership.
 */
static int utimens_allowed(const struct vnode *vn, const struct timespec ts[2])
{
	if (ts[0].tv_nsec == UTIME_OMIT && ts[1].tv_nsec == UTIME_OMIT)
		return 0;
	if (vnode_writable_fs(vn) != 0)
		return -EROFS;
	if (vnode_owner(vn) == 0)
		return 0;
	if (ts[0].tv_nsec == UTIME_NOW && ts[1].tv_nsec == UTIME_NOW)
		return vnode_access(vn, MAY_WRITE);
	return -EPERM;
}

int vnode_utimens(struct vnode *vn, const struct timespec ts[2])
{
	struct timespec now = vfs_now(), at, mt;
	bool set_a, set_m;
	int err;

	if (time_arg(&ts[0], &now, &at, &set_a) != 0 || time_arg(&ts[1], &now, &mt, &set_m) != 0)
		return -EINVAL;
	if ((err = utimens_allowed(vn, ts)) != 0)
		return err;
	mutex_lock(&vfs_lock);
	if (set_a)
		vn->v_atime = at;
	if (set_m)
		vn->v_mtime = mt;
	vn->v_ctime = now;
	mutex_unlock(&vfs_lock);
	return 0;
}

int vnode_statfs(struct vnode *vn, uaddr_t buf)
{
	struct statfs sf;
	struct mount *m = vn->v_mount;

	memset(&sf, 0, sizeof(sf));
	sf.f_type = m != NULL ? m->m_magic : 0;
	sf.f_bsize = sf.f_frsize = 4096;
	if (sf.f_type == RAMFS_MAGIC) {
		sf.f_blocks = pmm_total_count();
		sf.f_bfree = sf.f_bavail = pmm_free_count();
	}
	if (m != NULL && m->m_ops != NULL) {
		mutex_lock(&vfs_lock);
		m->m_ops->mo_statfs(m, &sf);
		mutex_unlock(&vfs_lock);
	}
	if (m != NULL)
		sf.f_flags = (int64_t)(m->m_flags & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC));
	sf.f_fsid[0] = m != NULL ? (int32_t)m->m_dev : 0;
	sf.f_namelen = NAME_MAX;
	return copy_to_user(buf, &sf, sizeof(sf));
}

/*
 * As Linux: the search checks (the directory must be searchable) come
 * before the privilege check, and the working directory stays where it
 * is, so a process can still reach outside through it; ".." stops only
 * at the new root itself (fs/namei.c).
 */
int vfs_chroot(struct vnode *vn)
{
	struct proc *p = curproc();
	struct vnode *old;
	int err;

	if (!S_ISDIR(vn->v_mode))
		return -ENOTDIR;
	if ((err = vnode_access(vn, MAY_EXEC)) != 0)
		return err;
	if (!cred_root(cred_cur()))
		return -EPERM;
	mutex_lock(&vfs_lock);
	vnode_ref(vn);
	old = p->p_root;
	p->p_root = vn == root ? NULL : vn;
	if (p->p_root == NULL)
		vnode_put(vn);
	if (old != NULL)
		vnode_put(old);
	mutex_unlock(&vfs_lock);
	return 0;
}

int vfs_chdir(struct vnode *vn)
{
	struct proc *p = curproc();
	struct vnode *old;
	int err;

	if (!S_ISDIR(vn->v_mode))
		return -ENOTDIR;
	if ((err = vnode_access(vn, MAY_EXEC)) != 0)
		return err;
	mutex_lock(&vfs_lock);
	vnode_ref(vn);
	old = p->p_cwd;
	p->p_cwd = vn;
	vnode_put(old);
	mutex_unlock(&vfs_lock);
	return 0;
}
