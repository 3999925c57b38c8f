/*
 * fuzz_initrd.c: libFuzzer target for unpacking an initrd
 * (kernel/kern/initrd.c) over the real cpio.c, namei.c, vfs.c and
 * ramfs.c, with kstubs.c for the rest of the kernel.  The input is the
 * archive, unpacked into an empty ramfs root as at boot.  The tree is then
 * walked: every name readdir lists can be looked up and has the type
 * readdir gives, only the walk holds a reference to what it looks up, a
 * directory's link count is 2 plus its subdirectories, a file's is 1 (the
 * initrd makes no hard links).  Then everything is removed and the root
 * must be empty again.  A violation aborts; leaks and bad accesses are
 * ASan's.
 */
#include <stdint.h>

#include <fs/ramfs.h>
#include <fs/vfs.h>
#include <kern/bootinfo.h>
#include <kern/initrd.h>
#include <lib/string.h>
#include <sys/errno.h>

/* The kernel's headers clash with the C library's (struct stat, timespec): none here. */
#define abort() __builtin_abort()

struct boot_info boot_info; /* initrd_init's, never called here */

static struct vnode *root;

static unsigned dtype_of(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR: return DT_DIR;
	case S_IFREG: return DT_REG;
	case S_IFLNK: return DT_LNK;
	}
	return DT_UNKNOWN; /* the initrd makes nothing else */
}

/* The next entry of dir after *cookie other than "." and "..": 0, or 1 at the end. */
static int next_name(struct vnode *dir, uint64_t *cookie, char name[NAME_MAX + 1], unsigned *type)
{
	struct vdirent d;
	int r;

	do {
		r = VOP_READDIR(dir, cookie, &d);
		if (r < 0 || d.d_namelen > NAME_MAX)
			abort();
		if (r != 0)
			return 1;
	} while ((d.d_namelen == 1 && d.d_name[0] == '.') ||
		 (d.d_namelen == 2 && d.d_name[0] == '.' && d.d_name[1] == '.'));
	memcpy(name, d.d_name, d.d_namelen);
	name[d.d_namelen] = '\0';
	*type = d.d_type;
	return 0;
}

/* Check dir's entries and everything below them. */
static void check_tree(struct vnode *dir)
{
	char name[NAME_MAX + 1];
	uint64_t cookie = 0;
	uint32_t subdirs = 0;
	unsigned type;
	struct vnode *vn;

	while (next_name(dir, &cookie, name, &type) == 0) {
		if (VOP_LOOKUP(dir, name, &vn) != 0 || vn->v_refs != 1 ||
		    dtype_of(vn->v_mode) != type || type == DT_UNKNOWN)
			abort();
		if (S_ISDIR(vn->v_mode)) {
			subdirs++;
			check_tree(vn);
		} else if (vn->v_nlink != 1) {
			abort();
		}
		vnode_put(vn);
	}
	if (dir->v_nlink != 2 + subdirs)
		abort();
}

/* Remove everything below dir. */
static void remove_tree(struct vnode *dir)
{
	char name[NAME_MAX + 1];
	uint64_t cookie;
	unsigned type;
	struct vnode *vn;

	for (cookie = 0; next_name(dir, &cookie, name, &type) == 0; cookie = 0) {
		if (VOP_LOOKUP(dir, name, &vn) != 0)
			abort();
		if (S_ISDIR(vn->v_mode))
			remove_tree(vn);
		vnode_put(vn);
		if (VOP_UNLINK(dir, name, type == DT_DIR) != 0)
			abort();
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct mount *m = ramfs_create("ramfs");

	(void)argc, (void)argv;
	vfs_init();
	if (m == NULL || vfs_mount(m, "/") != 0)
		abort();
	root = vfs_root();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t cookie = 0;
	char name[NAME_MAX + 1];
	unsigned type;

	initrd_unpack_archive(root, data, size);
	if (!S_ISDIR(root->v_mode))
		abort();
	check_tree(root);
	remove_tree(root);
	if (next_name(root, &cookie, name, &type) != 1 || root->v_nlink != 2)
		abort();
	root->v_mode = S_IFDIR | 0755; /* the archive's "." may have changed it */
	root->v_uid = root->v_gid = 0;
	return 0;
}
