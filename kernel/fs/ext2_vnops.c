/*
 * ext2_vnops.c: the vnode operations of ext2 (fs/ext2.h), called by the
 * VFS with vfs_lock held.  Name-space changes keep the on-disk invariants
 * a checker verifies: link counts (a directory's: 2 plus its
 * subdirectories), ".." entries, the groups' directory counts.
 */
#include <fs/ext2.h>
#include <lib/string.h>
#include <sys/errno.h>

#define EXT2_LINK_MAX 32000
#define FAST_LINK_MAX 60 /* bytes of i_block; a target of up to 59 lives there */
#define LOOP_BOUND 4096  /* ".." steps before a walk to the root calls it a loop */

static int writable(struct vnode *dir)
{
	return EFS(dir)->rdonly ? -EROFS : 0;
}

static int ext2_lookup(struct vnode *dir, const char *name, struct vnode **out)
{
	uint32_t ino;
	int err = ext2_dir_find(EV(dir), name, &ino);

	return err != 0 ? err : ext2_iget(EFS(dir), ino, out);
}

/* Make a new inode of mode named name in dir: referenced in *out. */
static int make_node(struct vnode *dir, const char *name, uint32_t mode, uint32_t rdev,
		     struct vnode **out)
{
	struct ext2_fs *fs = EFS(dir);
	struct ext2_vnode *ev;
	uint32_t ino, junk;
	int err;

	if ((err = writable(dir)) != 0)
		return err;
	if (strlen(name) > NAME_MAX)
		return -ENAMETOOLONG;
	if ((err = ext2_dir_find(EV(dir), name, &junk)) != -ENOENT)
		return err == 0 ? -EEXIST : err;
	if (S_ISDIR(mode) && dir->v_nlink >= EXT2_LINK_MAX)
		return -EMLINK;
	if ((err = ext2_alloc_inode(fs, (uint32_t)dir->v_ino, S_ISDIR(mode), &ino)) != 0)
		return err;
	if ((err = ext2_inew(fs, ino, mode, &ev)) != 0) {
		(void)ext2_free_inode(fs, ino, S_ISDIR(mode));
		return err;
	}
	vnode_init_owner(&ev->vn, dir);
	ev->vn.v_rdev = rdev;
	if (S_ISDIR(mode)) {
		ev->vn.v_nlink = 2;
		err = ext2_dir_init(ev, (uint32_t)dir->v_ino);
	}
	if (err == 0)
		err = ext2_dir_add(EV(dir), name, ino, ev->vn.v_mode);
	if (err != 0) {
		ev->vn.v_nlink = 0; /* the put frees what was made */
		vnode_put(&ev->vn);
		return err;
	}
	if (S_ISDIR(mode))
		dir->v_nlink++;
	(void)ext2_iwrite(ev);
	(void)ext2_iwrite(EV(dir));
	*out = &ev->vn;
	return 0;
}

static int ext2_create(struct vnode *dir, const char *name, uint32_t mode, uint32_t rdev,
		       struct vnode **out)
{
	return make_node(dir, name, mode, rdev, out);
}

static int ext2_symlink(struct vnode *dir, const char *name, const char *target)
{
	size_t len = strlen(target);
	struct vnode *vn;
	struct uio u;
	long n;
	int err;

	if (len >= EFS(dir)->bsize)
		return -ENAMETOOLONG;
	if ((err = make_node(dir, name, S_IFLNK | 0777, 0, &vn)) != 0)
		return err;
	if (len < FAST_LINK_MAX) {
		memcpy(EV(vn)->e_block, target, len);
		vn->v_size = len;
	} else {
		u = (struct uio){ .kbuf = (char *)target, .len = len, .user = false };
		n = ext2_write(vn, &u, 0);
		if (n != (long)len) {
			(void)ext2_dir_remove(EV(dir), name);
			vn->v_nlink = 0;
			vnode_put(vn);
			return n < 0 ? (int)n : -ENOSPC;
		}
	}
	(void)ext2_iwrite(EV(vn));
	vnode_put(vn);
	return 0;
}

static long ext2_readlink(struct vnode *vn, char *buf, size_t len)
{
	struct ext2_vnode *ev = EV(vn);
	struct ext2_fs *fs = EFS(vn);
	size_t n = vn->v_size < len - 1 ? vn->v_size : len - 1;
	struct uio u;
	long got;

	if (ext2_fast_symlink(ev)) {
		if (vn->v_size >= FAST_LINK_MAX)
			return ext2_corrupt(fs, "fast symlink too long", vn->v_ino);
		memcpy(buf, ev->e_block, n);
	} else {
		if (vn->v_size >= fs->bsize)
			return ext2_corrupt(fs, "symlink longer than a block", vn->v_ino);
		u = (struct uio){ .kbuf = buf, .len = n, .user = false };
		got = ext2_read(vn, &u, 0);
		if (got < 0)
			return got;
		n = (size_t)got;
	}
	buf[n] = '\0';
	return (long)n;
}

static int ext2_link(struct vnode *dir, const char *name, struct vnode *vn)
{
	uint32_t junk;
	int err;

	if ((err = writable(dir)) != 0)
		return err;
	if (vn->v_nlink >= EXT2_LINK_MAX)
		return -EMLINK;
	if ((err = ext2_dir_find(EV(dir), name, &junk)) != -ENOENT)
		return err == 0 ? -EEXIST : err;
	if ((err = ext2_dir_add(EV(dir), name, (uint32_t)vn->v_ino, vn->v_mode)) != 0)
		return err;
	vn->v_nlink++;
	vnode_touch(vn, VN_CTIME);
	(void)ext2_iwrite(EV(vn));
	(void)ext2_iwrite(EV(dir));
	return 0;
}

/* vn (named in dir) lost that name.  A directory goes empty at once, as on Linux. */
static void drop_name(struct vnode *dir, struct vnode *vn)
{
	if (S_ISDIR(vn->v_mode)) {
		vn->v_nlink = 0;
		(void)ext2_truncate(vn, 0); /* lookups in it (a cwd) find nothing now */
		if (dir->v_nlink > 2)
			dir->v_nlink--;
	} else if (vn->v_nlink > 0) {
		vn->v_nlink--;
	}
	vnode_touch(vn, VN_CTIME);
}

static int ext2_unlink(struct vnode *dir, const char *name, bool isdir)
{
	struct vnode *vn;
	int err;

	if ((err = writable(dir)) != 0)
		return err;
	if ((err = ext2_lookup(dir, name, &vn)) != 0)
		return err;
	if (isdir && (err = ext2_dir_empty(EV(vn))) != 0)
		goto out;
	if ((err = ext2_dir_remove(EV(dir), name)) != 0)
		goto out;
	drop_name(dir, vn);
	(void)ext2_iwrite(EV(dir));
out:
	vnode_put(vn); /* frees the inode if that was its last name and use */
	return err;
}

/* Whether dir is vn or below it: walk ".." up to the root (a bounded walk). */
static int inside(struct vnode *dir, struct vnode *vn)
{
	struct ext2_fs *fs = EFS(dir);
	uint32_t ino = (uint32_t)dir->v_ino, parent;
	struct vnode *cur;
	int i, err;

	for (i = 0; i < LOOP_BOUND; i++) {
		if (ino == vn->v_ino)
			return 1;
		if (ino == EXT2_ROOT_INO)
			return 0;
		if ((err = ext2_iget(fs, ino, &cur)) != 0)
			return err;
		err = S_ISDIR(cur->v_mode) ? ext2_dir_find(EV(cur), "..", &parent) :
		      ext2_corrupt(fs, "\"..\" names a non-directory", ino);
		vnode_put(cur);
		if (err != 0)
			return err == -ENOENT ? ext2_corrupt(fs, "directory without \"..\"", ino) : err;
		ino = parent;
	}
	return ext2_corrupt(fs, "directory loop above", dir->v_ino);
}

static int check_victim(struct vnode *vn, struct vnode *victim)
{
	if (S_ISDIR(vn->v_mode) && !S_ISDIR(victim->v_mode))
		return -ENOTDIR;
	if (!S_ISDIR(vn->v_mode) && S_ISDIR(victim->v_mode))
		return -EISDIR;
	return S_ISDIR(victim->v_mode) ? ext2_dir_empty(EV(victim)) : 0;
}

static int ext2_rename(struct vnode *odir, const char *oname, struct vnode *ndir,
		       const char *nname)
{
	struct vnode *vn, *victim = NULL;
	bool isdir;
	int err;

	if ((err = writable(odir)) != 0)
		return err;
	if ((err = ext2_lookup(odir, oname, &vn)) != 0)
		return err;
	isdir = S_ISDIR(vn->v_mode);
	if (isdir && odir != ndir && (err = inside(ndir, vn)) != 0) {
		err = err == 1 ? -EINVAL : err;
		goto out;
	}
	err = ext2_lookup(ndir, nname, &victim);
	if (err == 0 && victim == vn)
		goto out; /* two names of one file: nothing to do, as POSIX says */
	if (err == 0) {
		if ((err = check_victim(vn, victim)) != 0)
			goto out;
		/* Point the existing entry at vn: the name never disappears. */
		err = ext2_dir_set(EV(ndir), nname, (uint32_t)vn->v_ino, vn->v_mode);
	} else if (err == -ENOENT) {
		if (isdir && odir != ndir && ndir->v_nlink >= EXT2_LINK_MAX)
			err = -EMLINK;
		else
			err = ext2_dir_add(EV(ndir), nname, (uint32_t)vn->v_ino, vn->v_mode);
		victim = NULL;
	}
	if (err != 0)
		goto out;
	if ((err = ext2_dir_remove(EV(odir), oname)) != 0)
		goto out;
	if (isdir && odir != ndir) {
		err = ext2_dir_set(EV(vn), "..", (uint32_t)ndir->v_ino, S_IFDIR);
		odir->v_nlink--;
		ndir->v_nlink++;
	}
	vnode_touch(vn, VN_CTIME);
	if (victim != NULL)
		drop_name(ndir, victim);
	(void)ext2_iwrite(EV(odir));
	(void)ext2_iwrite(EV(ndir));
out:
	vnode_put(victim);
	vnode_put(vn);
	return err;
}

static int ext2_vtruncate(struct vnode *vn, uint64_t size)
{
	return ext2_truncate(vn, size);
}

static uint64_t ext2_blocks(struct vnode *vn)
{
	return EV(vn)->e_blocks;
}

const struct vnode_ops ext2_vnops = {
	.vop_lookup = ext2_lookup,
	.vop_create = ext2_create,
	.vop_symlink = ext2_symlink,
	.vop_link = ext2_link,
	.vop_unlink = ext2_unlink,
	.vop_rename = ext2_rename,
	.vop_readlink = ext2_readlink,
	.vop_read = ext2_read,
	.vop_write = ext2_write,
	.vop_truncate = ext2_vtruncate,
	.vop_getpage = ext2_getpage,
	.vop_readdir = ext2_readdir,
	.vop_inactive = ext2_inactive,
	.vop_blocks = ext2_blocks,
	.vop_fsync = ext2_fsync,
};
