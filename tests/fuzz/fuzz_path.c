/*
 * fuzz_path.c: libFuzzer target for path resolution (kernel/fs/namei.c)
 * over the real vfs.c and ramfs.c, with kstubs.c for the rest of the
 * kernel.  A fixed tree is built once:
 *
 *	/a/  /a/b/  /a/b/f  /a/f  /a/rel -> b/f  /a/up -> ../dev/sub
 *	/a/b/dot -> .  /abs -> /a/b  /fileln -> a/f
 *	/dev/ (a second ramfs mounted there)  /dev/sub/  /dev/null
 *	/dev/back -> ../a  /loop1 -> loop2  /loop2 -> /loop1  /self -> self
 *	/c0 -> c1 ... /c8 -> /a (a chain of final links: resolves)
 *	/n0 -> n1/. ... /n9 -> /a (links inside targets: one level deeper
 *	than namei nests, ELOOP)
 *	/priv/ (mode 0700)  /priv/f
 *	/rm/ (removed, but still held: a process's cwd after rmdir)
 *
 * The input is: one flags byte (start directory, follow, which call, as
 * root or as an ordinary user), the path, and optionally a NUL and the
 * target of a symlink /a/fz made for this input.  Checked after each
 * call: the error is one of Linux's for a walk (ENOENT, ENOTDIR, ELOOP,
 * ENAMETOOLONG, and EACCES for the user only); a returned vnode is
 * one of the tree's, a directory when the path ends in "/", never a
 * symlink when following; vfs_resolve_parent's name is the path's last
 * component; and every vnode's reference count is back to what it was.
 * A violation aborts; leaks and bad accesses are ASan's.
 */
#include <stdint.h>

#include <fs/ramfs.h>
#include <fs/vfs.h>
#include <kern/cred.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>

#include "kstubs.h"

/* The kernel's headers clash with the C library's (struct stat, timespec): none here. */
#define abort() __builtin_abort()

#define MAX_NODES 48
#define NSTARTS 5

static struct vnode *nodes[MAX_NODES]; /* every vnode of the tree, each held once */
static uint32_t base_refs[MAX_NODES];
static unsigned nnodes;
static struct vnode *starts[NSTARTS];
static struct vnode *dir_a;

static struct vnode *keep(struct vnode *vn)
{
	if (nnodes == MAX_NODES)
		abort();
	nodes[nnodes++] = vn;
	return vn;
}

static struct vnode *make(struct vnode *dir, const char *name, uint32_t mode)
{
	struct vnode *vn;

	if (VOP_CREATE(dir, name, mode, 0, &vn) != 0)
		abort();
	return keep(vn);
}

static struct vnode *make_link(struct vnode *dir, const char *name, const char *target)
{
	struct vnode *vn;

	if (VOP_SYMLINK(dir, name, target) != 0 || vfs_lookup_name(dir, name, &vn) != 0)
		abort();
	return vn;
}

/* /c0 -> c1 ... -> /a, and /n0 -> n1/. ... -> /a (n1 to n9 nest). */
static void make_chains(struct vnode *root)
{
	char name[] = "c0", target[] = "c1", nested[] = "n1/.";

	for (; name[1] < '9'; name[1]++, target[1]++, nested[1]++) {
		if (name[1] < '8')
			keep(make_link(root, name, target));
		name[0] = 'n';
		keep(make_link(root, name, nested));
		name[0] = 'c';
	}
	keep(make_link(root, "c8", "/a"));
	keep(make_link(root, "n9", "/a"));
}

/* The removed directory: unlinked from / but still referenced, as a cwd would be. */
static struct vnode *make_removed(struct vnode *root)
{
	struct vnode *vn = make(root, "rm", S_IFDIR | 0755);

	if (VOP_UNLINK(root, "rm", true) != 0)
		abort();
	return vn;
}

static void build_dev(void)
{
	struct mount *m = ramfs_create("devfs");
	struct vnode *root = vfs_root(), *dev;

	if (m == NULL)
		abort();
	keep(m->m_root);
	make(root, "dev", S_IFDIR | 0755);
	if (vfs_mount(m, "/dev") != 0 || vfs_resolve(root, "/dev", true, &dev) != 0)
		abort();
	starts[3] = make(dev, "sub", S_IFDIR | 0755);
	make(dev, "null", S_IFCHR | 0666);
	keep(make_link(dev, "back", "../a"));
	vnode_put(dev);
}

static void build_tree(void)
{
	struct mount *m = ramfs_create("ramfs");
	struct vnode *root, *b;

	vfs_init();
	if (m == NULL || vfs_mount(m, "/") != 0)
		abort();
	root = keep(m->m_root);
	dir_a = make(root, "a", S_IFDIR | 0755);
	b = make(dir_a, "b", S_IFDIR | 0755);
	make(b, "f", S_IFREG | 0644);
	make(dir_a, "f", S_IFREG | 0644);
	keep(make_link(dir_a, "rel", "b/f"));
	keep(make_link(dir_a, "up", "../dev/sub"));
	keep(make_link(b, "dot", "."));
	keep(make_link(root, "abs", "/a/b"));
	keep(make_link(root, "fileln", "a/f"));
	keep(make_link(root, "loop1", "loop2"));
	keep(make_link(root, "loop2", "/loop1"));
	keep(make_link(root, "self", "self"));
	make_chains(root);
	make(make(root, "priv", S_IFDIR | 0700), "f", S_IFREG | 0644);
	build_dev();
	starts[0] = root;
	starts[1] = dir_a;
	starts[2] = b;
	starts[4] = make_removed(root);
}

static int known(const struct vnode *vn, const struct vnode *fz)
{
	unsigned i;

	for (i = 0; i < nnodes; i++)
		if (nodes[i] == vn)
			return 1;
	return vn == fz;
}

static void check_refs(const struct vnode *fz)
{
	unsigned i;

	for (i = 0; i < nnodes; i++)
		if (nodes[i]->v_refs != base_refs[i])
			abort();
	if (fz->v_refs != 1)
		abort();
}

static int walk_error(int r)
{
	return r == -ENOENT || r == -ENOTDIR || r == -ELOOP || r == -ENAMETOOLONG ||
	       (r == -EACCES && !cred_root(&fuzz_cred));
}

static int ends_in_slash(const char *path)
{
	size_t n = strlen(path);

	return n > 0 && path[n - 1] == '/';
}

/* The last component of path, independently of namei: "" for "/". */
static void last_component(const char *path, char *out, size_t cap)
{
	size_t end = strlen(path), start;

	while (end > 0 && path[end - 1] == '/')
		end--;
	for (start = end; start > 0 && path[start - 1] != '/'; start--)
		;
	if (end - start >= cap)
		abort();
	memcpy(out, path + start, end - start);
	out[end - start] = '\0';
}

static void try_resolve(struct vnode *start, const char *path, int follow, struct vnode *fz)
{
	struct vnode *vn;
	int r = vfs_resolve(start, path, follow, &vn);

	if (r != 0) {
		if (!walk_error(r))
			abort();
		return;
	}
	if (!known(vn, fz) || (follow && S_ISLNK(vn->v_mode)) ||
	    (ends_in_slash(path) && !S_ISDIR(vn->v_mode)))
		abort();
	vnode_put(vn);
}

static void try_resolve_parent(struct vnode *start, const char *path, struct vnode *fz)
{
	char name[NAME_MAX + 1], want[NAME_MAX + 1];
	struct vnode *dir;
	bool trailing;
	int r = vfs_resolve_parent(start, path, &dir, name, &trailing);

	if (r != 0) {
		if (!walk_error(r))
			abort();
		return;
	}
	last_component(path, want, sizeof(want));
	if (!known(dir, fz) || !S_ISDIR(dir->v_mode) || strcmp(name, want) != 0 ||
	    trailing != (name[0] != '\0' && ends_in_slash(path)))
		abort();
	vnode_put(dir);
}

/* The next NUL-terminated string of the input, in a block of its exact size. */
static char *take_string(const uint8_t **p, const uint8_t *end)
{
	size_t left = (size_t)(end - *p), n = strnlen((const char *)*p, left);
	char *s = kmalloc(n + 1);

	if (s == NULL)
		abort();
	memcpy(s, *p, n);
	s[n] = '\0';
	*p += n < left ? n + 1 : n;
	return s;
}

static void run(uint8_t flags, const char *path, const char *target)
{
	struct vnode *fz = make_link(dir_a, "fz", target);
	struct vnode *start = starts[(flags & 7) % NSTARTS];

	fuzz_cred.uid[ID_EFF] = fuzz_cred.gid[ID_EFF] = flags & 0x20 ? 1000 : 0;

	if (flags & 0x10)
		try_resolve_parent(start, path, fz);
	else
		try_resolve(start, path, (flags & 8) != 0, fz);
	check_refs(fz);
	if (VOP_UNLINK(dir_a, "fz", false) != 0)
		abort();
	vnode_put(fz);
}

/* The chains resolve as documented, or the fuzzer would check the wrong tree. */
static void check_chains(void)
{
	struct vnode *vn;

	if (vfs_resolve(vfs_root(), "/c0", true, &vn) != 0 || vn != dir_a)
		abort();
	vnode_put(vn);
	if (vfs_resolve(vfs_root(), "/n0", true, &vn) != -ELOOP)
		abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	unsigned i;

	(void)argc, (void)argv;
	build_tree();
	check_chains();
	for (i = 0; i < nnodes; i++)
		base_refs[i] = nodes[i]->v_refs;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p, *end = data + size;
	char *path, *target;

	if (size == 0)
		return 0;
	p = data + 1;
	path = take_string(&p, end);
	target = take_string(&p, end);
	/* The system calls refuse longer strings before resolving them. */
	if (strlen(path) < PATH_MAX && strlen(target) < PATH_MAX)
		run(data[0], path, target);
	kfree(path);
	kfree(target);
	return 0;
}
