/*
 * namei.c: path resolution (fs/vfs.h), with vfs_lock held.
 *
 * A path is walked one component at a time from the root ("/...") or the
 * start directory.  "." stays, ".." goes to the parent (at a mount's root,
 * to the parent of the directory it covers; at "/", stays), and a
 * directory with a file system mounted on it is replaced by that file
 * system's root.  "/" is the process's root (chroot), and ".." stays
 * there too, so a path cannot climb out of it.  A symlink in the middle
 * of a path is always followed by resolving its target from the directory
 * that holds it; a final one only when asked.  At most SYMLOOP_MAX links per resolution (ELOOP), as Linux.
 * A final link is followed in a loop (a chain a -> b -> c ... costs no
 * stack); one in the middle of a path recurses, so links within link
 * targets nest at most NEST_MAX deep, which bounds the kernel stack used.
 * Errors are Linux's: ENOENT for an empty path or a missing component,
 * ENOTDIR when a component other than the last is not a directory (or the
 * last is not one but the path ends in "/"), ENAMETOOLONG for a component
 * over NAME_MAX bytes, EACCES when the caller may not search (x) a
 * directory on the way, including the one that holds the last component.
 */
#include <fs/vfs.h>
#include <kern/panic.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>

#define NEST_MAX 8

struct walk {
	int links;  /* symlinks followed so far */
	int depth;  /* follow_link nesting */
};

static int resolve(struct vnode *start, const char *path, bool follow, struct walk *w,
		   struct vnode **out);

int vfs_lookup_name(struct vnode *dir, const char *name, struct vnode **out)
{
	struct vnode *vn;
	int err;

	if (!S_ISDIR(dir->v_mode))
		return -ENOTDIR;
	if (strcmp(name, ".") == 0 || (strcmp(name, "..") == 0 && dir == vfs_proc_root())) {
		vnode_ref(dir);
		*out = dir;
		return 0;
	}
	if (strcmp(name, "..") == 0) {
		/* Climb out of mounted file systems first. */
		while (dir->v_mount != NULL && dir == dir->v_mount->m_root &&
		       dir->v_mount->m_covered != NULL)
			dir = dir->v_mount->m_covered;
		if (dir == vfs_root()) {
			vnode_ref(dir);
			*out = dir;
			return 0;
		}
	}
	err = VOP_LOOKUP(dir, name, &vn);
	if (err != 0)
		return err;
	while (vn->v_mounted != NULL) {
		struct vnode *r = vn->v_mounted->m_root;

		vnode_ref(r);
		vnode_put(vn);
		vn = r;
	}
	*out = vn;
	return 0;
}

/* Read the symlink vn's target into buf (PATH_MAX bytes), counting the link. */
static int read_link(struct vnode *vn, struct walk *w, char *buf)
{
	long n;

	if (++w->links > SYMLOOP_MAX)
		return -ELOOP;
	n = VOP_READLINK(vn, buf, PATH_MAX);
	return n < 0 ? (int)n : 0;
}

/* Follow the symlink vn, found in dir in the middle of a path: the vnode its target names. */
static int follow_link(struct vnode *dir, struct vnode *vn, struct walk *w, struct vnode **out)
{
	char *target;
	int err;

	if (w->depth >= NEST_MAX)
		return -ELOOP;
	target = kmalloc(PATH_MAX);
	if (target == NULL)
		return -ENOMEM;
	err = read_link(vn, w, target);
	if (err == 0) {
		w->depth++;
		err = resolve(dir, target, true, w, out);
		w->depth--;
	}
	kfree(target);
	return err;
}

static int resolve_parent(struct vnode *start, const char *path, struct walk *w,
			  struct vnode **dirp, char name[NAME_MAX + 1], bool *trailing)
{
	struct vnode *cur, *next;
	const char *p = path, *e;
	int err;

	if (*path == '\0')
		return -ENOENT;
	cur = *path == '/' ? vfs_proc_root() : start;
	vnode_ref(cur);
	for (;;) {
		size_t len;

		while (*p == '/')
			p++;
		for (e = p; *e != '\0' && *e != '/'; e++)
			;
		len = (size_t)(e - p);
		if (len > NAME_MAX) {
			err = -ENAMETOOLONG;
			goto fail;
		}
		memcpy(name, p, len);
		name[len] = '\0';
		while (*e == '/')
			e++;
		if (*e == '\0')
			break; /* p was the last component ("" when the path is all slashes) */
		if (!S_ISDIR(cur->v_mode)) {
			err = -ENOTDIR;
			goto fail;
		}
		if ((err = vnode_access(cur, MAY_EXEC)) != 0)
			goto fail;
		err = vfs_lookup_name(cur, name, &next);
		if (err != 0)
			goto fail;
		if (S_ISLNK(next->v_mode)) {
			struct vnode *t;

			err = follow_link(cur, next, w, &t);
			vnode_put(next);
			if (err != 0)
				goto fail;
			next = t;
		}
		vnode_put(cur);
		cur = next;
		p = e;
	}
	if (!S_ISDIR(cur->v_mode)) {
		err = -ENOTDIR;
		goto fail;
	}
	/* The caller will look the last name up (or create it) in cur. */
	if (name[0] != '\0' && (err = vnode_access(cur, MAY_EXEC)) != 0)
		goto fail;
	*trailing = p[strlen(name)] == '/';
	*dirp = cur;
	return 0;
fail:
	vnode_put(cur);
	return err;
}

/* Resolve the last component of path in its directory, following final links in a loop. */
static int resolve(struct vnode *start, const char *path, bool follow, struct walk *w,
		   struct vnode **out)
{
	char *name = kmalloc(NAME_MAX + 1), *target = NULL;
	struct vnode *dir, *vn, *held = NULL;
	bool trailing, must_dir = false;
	int err;

	if (name == NULL)
		return -ENOMEM;
	for (;;) {
		err = resolve_parent(start, path, w, &dir, name, &trailing);
		if (held != NULL)
			vnode_put(held);
		if (err != 0)
			goto out;
		if (name[0] == '\0') {
			*out = dir;
			goto out;
		}
		must_dir |= trailing;
		err = vfs_lookup_name(dir, name, &vn);
		if (err != 0 || !S_ISLNK(vn->v_mode) || !(follow || must_dir))
			break;
		/* A final link: resolve its target from dir next ("link/" follows too). */
		if (target == NULL && (target = kmalloc(PATH_MAX)) == NULL)
			err = -ENOMEM;
		else
			err = read_link(vn, w, target);
		vnode_put(vn);
		if (err != 0) {
			vnode_put(dir);
			goto out;
		}
		start = held = dir;
		path = target;
		follow = true;
	}
	if (err == 0 && must_dir && !S_ISDIR(vn->v_mode)) {
		vnode_put(vn);
		err = -ENOTDIR;
	}
	vnode_put(dir);
	if (err == 0)
		*out = vn;
out:
	kfree(target);
	kfree(name);
	return err;
}

/*
 * The directory and name open(O_CREAT) acts on: while the last name is an
 * existing symlink (and follow), its target's instead, so O_CREAT through a
 * dangling link makes the file it points to, as on Linux.  *vn is what the
 * name names (NULL when nothing, or when the name ends in '/': not looked up).
 */
static int resolve_create(struct vnode *start, const char *path, bool follow, struct walk *w,
			  struct vnode **dirp, char name[NAME_MAX + 1], bool *trailing,
			  struct vnode **vnp)
{
	struct vnode *dir, *vn, *held = NULL;
	char *target = NULL;
	int err;

	for (;;) {
		err = resolve_parent(start, path, w, &dir, name, trailing);
		if (held != NULL)
			vnode_put(held);
		if (err != 0)
			break;
		vn = NULL;
		if (name[0] == '\0' || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			err = vfs_lookup_name(dir, name[0] == '\0' ? "." : name, &vn);
		else if (!*trailing && (err = vfs_lookup_name(dir, name, &vn)) == -ENOENT)
			err = 0;
		if (err != 0 || vn == NULL || !S_ISLNK(vn->v_mode) || !follow) {
			if (err != 0)
				vnode_put(dir);
			break;
		}
		if (target == NULL && (target = kmalloc(PATH_MAX)) == NULL)
			err = -ENOMEM;
		else
			err = read_link(vn, w, target);
		vnode_put(vn);
		if (err != 0) {
			vnode_put(dir);
			break;
		}
		start = held = dir;
		path = target;
	}
	kfree(target);
	if (err == 0) {
		*dirp = dir;
		*vnp = vn;
	}
	return err;
}

int vfs_resolve(struct vnode *start, const char *path, bool follow, struct vnode **out)
{
	struct walk w = { 0, 0 };

	KASSERT(mutex_held(&vfs_lock));
	return resolve(start, path, follow, &w, out);
}

int vfs_resolve_parent(struct vnode *start, const char *path, struct vnode **dir,
		       char name[NAME_MAX + 1], bool *trailing_slash)
{
	struct walk w = { 0, 0 };

	KASSERT(mutex_held(&vfs_lock));
	return resolve_parent(start, path, &w, dir, name, trailing_slash);
}

int vfs_resolve_create(struct vnode *start, const char *path, bool follow, struct vnode **dir,
		       char name[NAME_MAX + 1], bool *trailing_slash, struct vnode **vn)
{
	struct walk w = { 0, 0 };

	KASSERT(mutex_held(&vfs_lock));
	return resolve_create(start, path, follow, &w, dir, name, trailing_slash, vn);
}

/* Whether child's name in parent is name (mount roots match the directory they cover). */
static bool names(struct vnode *parent, const char *name, struct vnode *child)
{
	struct vnode *vn;
	bool same;

	if (vfs_lookup_name(parent, name, &vn) != 0)
		return false;
	same = vn == child;
	vnode_put(vn);
	return same;
}

/* Prepend "/name" for dir (whose parent is parent) to the path ending at buf + *pos. */
static int prepend_name(struct vnode *parent, struct vnode *dir, char *buf, size_t *pos)
{
	struct vdirent e;
	uint64_t cookie = 2; /* skip "." and ".." */

	while (VOP_READDIR(parent, &cookie, &e) == 0) {
		char name[NAME_MAX + 1];

		memcpy(name, e.d_name, e.d_namelen);
		name[e.d_namelen] = '\0';
		if (!names(parent, name, dir))
			continue;
		if (*pos < (size_t)e.d_namelen + 1)
			return -ENAMETOOLONG;
		*pos -= e.d_namelen;
		memcpy(buf + *pos, name, e.d_namelen);
		buf[--*pos] = '/';
		return 0;
	}
	return -ENOENT;
}

static int prepend_str(char *buf, size_t *pos, const char *s)
{
	size_t n = strlen(s);

	if (*pos < n)
		return -ENAMETOOLONG;
	*pos -= n;
	memcpy(buf + *pos, s, n);
	return 0;
}

int vfs_dir_path(struct vnode *dir, char *buf, size_t size, size_t *pos)
{
	struct vnode *cur = dir, *parent;
	int err = 0;

	*pos = size - 1;
	buf[*pos] = '\0';
	vnode_ref(cur);
	while (err == 0 && cur != vfs_proc_root() && cur != vfs_root()) {
		err = vfs_lookup_name(cur, "..", &parent);
		if (err != 0)
			break;
		err = prepend_name(parent, cur, buf, pos);
		vnode_put(cur);
		cur = parent;
	}
	if (err == 0 && *pos == size - 1)
		buf[--*pos] = '/';
	/* Linux's answer for a directory outside the process's root (chroot). */
	if (err == 0 && cur != vfs_proc_root())
		err = prepend_str(buf, pos, "(unreachable)");
	vnode_put(cur);
	return err;
}
