/*
 * ramfs.c: the in-memory file system (fs/ramfs.h).
 *
 * Each vnode is embedded in a struct rnode.  A directory is a list of
 * entries in creation order (so readdir is stable) and a pointer to its
 * parent, cleared when the directory is removed; a regular file is an
 * array of page addresses, 0 for a hole; a symlink is its target string.
 * A file's pages may also be mapped by MAP_SHARED mappings (ramfs_getpage):
 * the file holds one reference on each of its pages and every mapping one
 * more, so a page cut off by truncate lives on while mapped.
 * Entries do not hold vnode references: a vnode is freed when nothing
 * names it (v_nlink == 0) and nothing holds it (v_refs == 0), whichever
 * comes last (ramfs_inactive, or the unlink itself).
 *
 * Called with vfs_lock held.
 */
#include <fs/ramfs.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include <vm/pmm.h>
#include <vm/vm.h>

#define RAMFS_MAX_SIZE (1ull << 40) /* EFBIG beyond this */

struct rdirent {
	struct rdirent *next;
	struct vnode *vn;
	char name[];
};

struct rnode {
	struct vnode vn;
	union {
		struct {
			struct rdirent *entries;
			struct vnode *parent;
		} dir;
		struct {
			paddr_t *pages;
			size_t npages; /* length of pages[] */
		} reg;
		char *link;
	};
};

static const struct vnode_ops ramfs_ops;
static const uint8_t zeros[PAGE_SIZE];

static struct rnode *RN(struct vnode *vn)
{
	return (struct rnode *)vn;
}

static struct rnode *rnode_new(struct mount *m, uint32_t mode)
{
	struct rnode *rn = kzalloc(sizeof(*rn));

	if (rn != NULL) {
		vnode_init(&rn->vn, m, mode, &ramfs_ops);
		rn->vn.v_data = rn;
	}
	return rn;
}

static void reg_free_pages(struct rnode *rn, size_t from)
{
	size_t i;

	for (i = from; i < rn->reg.npages; i++) {
		if (rn->reg.pages[i] != 0)
			page_unref(rn->reg.pages[i]); /* a mapping may hold it still */
		rn->reg.pages[i] = 0;
	}
}

static void rnode_free(struct rnode *rn)
{
	if (S_ISREG(rn->vn.v_mode)) {
		reg_free_pages(rn, 0);
		kfree(rn->reg.pages);
	} else if (S_ISLNK(rn->vn.v_mode)) {
		kfree(rn->link);
	}
	kfree(rn);
}

static void ramfs_inactive(struct vnode *vn)
{
	if (vn->v_nlink == 0)
		rnode_free(RN(vn));
}

/* Free vn now if nothing names or holds it. */
static void rnode_release(struct vnode *vn)
{
	if (vn->v_nlink == 0 && vn->v_refs == 0)
		rnode_free(RN(vn));
}

static struct rdirent **dir_find(struct vnode *dir, const char *name)
{
	struct rdirent **pp;

	for (pp = &RN(dir)->dir.entries; *pp != NULL; pp = &(*pp)->next)
		if (strcmp((*pp)->name, name) == 0)
			return pp;
	return NULL;
}

static int dir_add(struct vnode *dir, const char *name, struct vnode *vn)
{
	size_t len = strlen(name);
	struct rdirent *d = kmalloc(sizeof(*d) + len + 1), **pp;

	if (d == NULL)
		return -ENOMEM;
	memcpy(d->name, name, len + 1);
	d->vn = vn;
	d->next = NULL;
	for (pp = &RN(dir)->dir.entries; *pp != NULL; pp = &(*pp)->next)
		;
	*pp = d;
	vnode_touch(dir, VN_MTIME | VN_CTIME);
	return 0;
}

static void dir_remove(struct vnode *dir, struct rdirent **pp)
{
	struct rdirent *d = *pp;

	*pp = d->next;
	kfree(d);
	vnode_touch(dir, VN_MTIME | VN_CTIME);
}

static int ramfs_lookup(struct vnode *dir, const char *name, struct vnode **out)
{
	struct rdirent **pp;

	if (strcmp(name, "..") == 0) {
		struct vnode *p = RN(dir)->dir.parent;

		if (p == NULL)
			return -ENOENT; /* a removed directory */
		vnode_ref(p);
		*out = p;
		return 0;
	}
	pp = dir_find(dir, name);
	if (pp == NULL)
		return -ENOENT;
	vnode_ref((*pp)->vn);
	*out = (*pp)->vn;
	return 0;
}

static int ramfs_mknod(struct vnode *dir, const char *name, uint32_t mode, uint32_t rdev,
			struct vnode **out)
{
	struct rnode *rn;
	int err;

	if (dir_find(dir, name) != NULL)
		return -EEXIST;
	rn = rnode_new(dir->v_mount, mode);
	if (rn == NULL)
		return -ENOMEM;
	vnode_init_owner(&rn->vn, dir);
	rn->vn.v_rdev = rdev;
	if (S_ISDIR(mode)) {
		rn->dir.parent = dir;
		rn->vn.v_nlink = 2;
	}
	err = dir_add(dir, name, &rn->vn);
	if (err != 0) {
		rnode_free(rn);
		return err;
	}
	if (S_ISDIR(mode))
		dir->v_nlink++;
	*out = &rn->vn;
	return 0;
}

static int ramfs_symlink(struct vnode *dir, const char *name, const char *target)
{
	struct vnode *vn;
	size_t len = strlen(target);
	char *copy = kmalloc(len + 1);
	int err;

	if (copy == NULL)
		return -ENOMEM;
	memcpy(copy, target, len + 1);
	err = ramfs_mknod(dir, name, S_IFLNK | 0777, 0, &vn);
	if (err != 0) {
		kfree(copy);
		return err;
	}
	RN(vn)->link = copy;
	vn->v_size = len;
	vnode_put(vn);
	return 0;
}

static int ramfs_link(struct vnode *dir, const char *name, struct vnode *vn)
{
	int err;

	if (dir_find(dir, name) != NULL)
		return -EEXIST;
	err = dir_add(dir, name, vn);
	if (err == 0) {
		vn->v_nlink++;
		vnode_touch(vn, VN_CTIME);
	}
	return err;
}

/* Drop one name of vn (already removed from its directory). */
static void drop_name(struct vnode *parent, struct vnode *vn)
{
	if (S_ISDIR(vn->v_mode)) {
		vn->v_nlink = 0;
		RN(vn)->dir.parent = NULL;
		parent->v_nlink--;
	} else {
		vn->v_nlink--;
	}
	vnode_touch(vn, VN_CTIME);
	rnode_release(vn);
}

static int ramfs_unlink(struct vnode *dir, const char *name, bool isdir)
{
	struct rdirent **pp = dir_find(dir, name);
	struct vnode *vn;

	if (pp == NULL)
		return -ENOENT;
	vn = (*pp)->vn;
	if (isdir && RN(vn)->dir.entries != NULL)
		return -ENOTEMPTY;
	dir_remove(dir, pp);
	drop_name(dir, vn);
	return 0;
}

/* Whether dir is vn or inside it (renaming vn there would cut it off). */
static bool inside(struct vnode *dir, struct vnode *vn)
{
	for (; dir != NULL; dir = RN(dir)->dir.parent) {
		if (dir == vn)
			return true;
		if (RN(dir)->dir.parent == dir)
			break; /* the root */
	}
	return false;
}

static int ramfs_rename(struct vnode *odir, const char *oname, struct vnode *ndir,
			const char *nname)
{
	struct rdirent **op = dir_find(odir, oname), **np;
	struct vnode *vn, *victim = NULL;
	int err;

	if (op == NULL)
		return -ENOENT;
	vn = (*op)->vn;
	if (S_ISDIR(vn->v_mode) && inside(ndir, vn))
		return -EINVAL;
	np = dir_find(ndir, nname);
	if (np != NULL) {
		victim = (*np)->vn;
		if (victim == vn)
			return 0;
		if (S_ISDIR(vn->v_mode) && !S_ISDIR(victim->v_mode))
			return -ENOTDIR;
		if (!S_ISDIR(vn->v_mode) && S_ISDIR(victim->v_mode))
			return -EISDIR;
		if (S_ISDIR(victim->v_mode) && RN(victim)->dir.entries != NULL)
			return -ENOTEMPTY;
		(*np)->vn = vn; /* replace in place: never a moment without the name */
		vnode_touch(ndir, VN_MTIME | VN_CTIME);
	} else {
		err = dir_add(ndir, nname, vn);
		if (err != 0)
			return err;
	}
	op = dir_find(odir, oname); /* dir_add may have moved nothing, but find again */
	dir_remove(odir, op);
	if (S_ISDIR(vn->v_mode) && odir != ndir) {
		RN(vn)->dir.parent = ndir;
		odir->v_nlink--;
		ndir->v_nlink++;
	}
	vnode_touch(vn, VN_CTIME);
	if (victim != NULL)
		drop_name(ndir, victim);
	return 0;
}

static long ramfs_readlink(struct vnode *vn, char *buf, size_t len)
{
	size_t n = vn->v_size < len - 1 ? vn->v_size : len - 1;

	memcpy(buf, RN(vn)->link, n);
	buf[n] = '\0';
	return (long)n;
}

static long ramfs_read(struct vnode *vn, struct uio *u, uint64_t off)
{
	struct rnode *rn = RN(vn);
	size_t done = 0, want;

	if (off >= vn->v_size)
		return 0;
	want = vn->v_size - off < u->len ? vn->v_size - off : u->len;
	while (done < want) {
		uint64_t pos = off + done;
		size_t pi = pos / PAGE_SIZE, po = pos % PAGE_SIZE;
		size_t n = PAGE_SIZE - po < want - done ? PAGE_SIZE - po : want - done;
		const uint8_t *src = pi < rn->reg.npages && rn->reg.pages[pi] != 0 ?
			(const uint8_t *)PHYS_TO_VIRT(rn->reg.pages[pi]) : zeros;

		if (uio_copyout(u, done, src + po, n) != 0)
			return done > 0 ? (long)done : -EFAULT;
		done += n;
	}
	return (long)done;
}

static int reg_grow_array(struct rnode *rn, size_t npages)
{
	size_t cap = rn->reg.npages;
	paddr_t *p;

	if (npages <= cap)
		return 0;
	while (cap < npages)
		cap = cap < 8 ? 8 : cap * 2;
	p = krealloc(rn->reg.pages, cap * sizeof(*p));
	if (p == NULL)
		return -ENOSPC;
	memset(p + rn->reg.npages, 0, (cap - rn->reg.npages) * sizeof(*p));
	rn->reg.pages = p;
	rn->reg.npages = cap;
	return 0;
}

static long ramfs_write(struct vnode *vn, struct uio *u, uint64_t off)
{
	struct rnode *rn = RN(vn);
	size_t done = 0;
	int err;

	if (off >= RAMFS_MAX_SIZE || u->len > RAMFS_MAX_SIZE - off)
		return -EFBIG;
	err = reg_grow_array(rn, (off + u->len + PAGE_SIZE - 1) / PAGE_SIZE);
	if (err != 0)
		return err;
	while (done < u->len) {
		uint64_t pos = off + done;
		size_t pi = pos / PAGE_SIZE, po = pos % PAGE_SIZE;
		size_t n = PAGE_SIZE - po < u->len - done ? PAGE_SIZE - po : u->len - done;

		if (rn->reg.pages[pi] == 0 && (rn->reg.pages[pi] = pmm_alloc_zeroed()) == 0) {
			err = -ENOSPC;
			break;
		}
		if (uio_copyin((uint8_t *)PHYS_TO_VIRT(rn->reg.pages[pi]) + po, u, done, n) != 0) {
			err = -EFAULT;
			break;
		}
		done += n;
		if (off + done > vn->v_size)
			vn->v_size = off + done;
	}
	if (done > 0)
		vnode_touch(vn, VN_MTIME | VN_CTIME);
	return done > 0 ? (long)done : err;
}

static int ramfs_truncate(struct vnode *vn, uint64_t size)
{
	struct rnode *rn = RN(vn);
	size_t keep = (size + PAGE_SIZE - 1) / PAGE_SIZE;

	if (size >= RAMFS_MAX_SIZE)
		return -EFBIG;
	if (size < vn->v_size) {
		reg_free_pages(rn, keep);
		/* Zero the cut-off tail of the last page, so growing again reads zeros. */
		if (size % PAGE_SIZE != 0 && keep - 1 < rn->reg.npages && rn->reg.pages[keep - 1] != 0)
			memset((uint8_t *)PHYS_TO_VIRT(rn->reg.pages[keep - 1]) + size % PAGE_SIZE, 0,
			       PAGE_SIZE - size % PAGE_SIZE);
	}
	vn->v_size = size;
	vnode_touch(vn, VN_MTIME | VN_CTIME);
	return 0;
}

static uint8_t dtype(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR: return DT_DIR;
	case S_IFREG: return DT_REG;
	case S_IFLNK: return DT_LNK;
	case S_IFCHR: return DT_CHR;
	case S_IFIFO: return DT_FIFO;
	case S_IFBLK: return DT_BLK;
	case S_IFSOCK: return DT_SOCK;
	}
	return DT_UNKNOWN;
}

static int ramfs_readdir(struct vnode *dir, uint64_t *cookie, struct vdirent *out)
{
	struct rdirent *d;
	uint64_t i;

	if (*cookie < 2) {
		struct vnode *p = RN(dir)->dir.parent;

		if (*cookie == 1 && p == NULL)
			return 1;
		out->d_ino = *cookie == 0 ? dir->v_ino : p->v_ino;
		out->d_type = DT_DIR;
		out->d_name = *cookie == 0 ? "." : "..";
		out->d_namelen = (uint16_t)(*cookie + 1);
		++*cookie;
		return 0;
	}
	for (d = RN(dir)->dir.entries, i = 2; d != NULL && i < *cookie; d = d->next, i++)
		;
	if (d == NULL)
		return 1;
	out->d_ino = d->vn->v_ino;
	out->d_type = dtype(d->vn->v_mode);
	out->d_name = d->name;
	out->d_namelen = (uint16_t)strlen(d->name);
	++*cookie;
	return 0;
}

static int ramfs_getpage(struct vnode *vn, uint64_t off, uint64_t *pa)
{
	struct rnode *rn = RN(vn);
	size_t pi = off / PAGE_SIZE;
	int err;

	if (!S_ISREG(vn->v_mode) || off >= vn->v_size)
		return -ENXIO;
	if ((err = reg_grow_array(rn, pi + 1)) != 0)
		return err;
	if (rn->reg.pages[pi] == 0 && (rn->reg.pages[pi] = pmm_alloc_zeroed()) == 0)
		return -ENOMEM;
	page_ref(rn->reg.pages[pi]);
	*pa = rn->reg.pages[pi];
	return 0;
}

static const struct vnode_ops ramfs_ops = {
	.vop_lookup = ramfs_lookup,
	.vop_create = ramfs_mknod,
	.vop_symlink = ramfs_symlink,
	.vop_link = ramfs_link,
	.vop_unlink = ramfs_unlink,
	.vop_rename = ramfs_rename,
	.vop_readlink = ramfs_readlink,
	.vop_read = ramfs_read,
	.vop_write = ramfs_write,
	.vop_truncate = ramfs_truncate,
	.vop_getpage = ramfs_getpage,
	.vop_readdir = ramfs_readdir,
	.vop_inactive = ramfs_inactive,
};

struct mount *ramfs_create(const char *type)
{
	struct mount *m = kzalloc(sizeof(*m));
	struct rnode *root;

	if (m == NULL)
		return NULL;
	root = rnode_new(m, S_IFDIR | 0755);
	if (root == NULL) {
		kfree(m);
		return NULL;
	}
	root->vn.v_nlink = 2;
	root->dir.parent = &root->vn; /* ".." of a file system's root is itself */
	m->m_type = type;
	m->m_root = &root->vn;
	m->m_magic = RAMFS_MAGIC;
	return m;
}
