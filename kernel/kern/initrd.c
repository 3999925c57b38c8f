/*
 * initrd.c: the initial root file system.  GRUB loads a cpio (newc)
 * archive as a module named "initrd"; at boot its directories, files and
 * symlinks are created in the ramfs root with their permission bits.  The
 * archive is untrusted input: an entry that cannot be made is reported
 * and skipped, a malformed header ends the unpacking with a message, and
 * neither stops the boot.  The module's memory is not needed afterwards.
 */
#include <fs/vfs.h>
#include <kern/bootinfo.h>
#include <kern/cpio.h>
#include <kern/initrd.h>
#include <kern/kprintf.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/vm.h>

static const void *initrd;
static size_t initrd_size;

void initrd_init(void)
{
	unsigned i;

	for (i = 0; i < boot_info.nmods; i++) {
		const struct boot_module *m = &boot_info.mods[i];

		if (strcmp(m->cmdline, "initrd") == 0 || boot_info.nmods == 1) {
			initrd = PHYS_TO_VIRT(m->start);
			initrd_size = m->end - m->start;
			kprintf("initrd: %lu KiB\n", (unsigned long)(initrd_size >> 10));
			return;
		}
	}
	kprintf("initrd: none\n");
}

static int write_data(struct vnode *vn, const struct cpio_entry *e)
{
	struct uio u = { .kbuf = (char *)e->data, .len = e->size, .user = false };
	long n = VOP_WRITE(vn, &u, 0);

	return n < 0 ? (int)n : (size_t)n == e->size ? 0 : -ENOSPC;
}

static void set_owner(struct vnode *vn, const struct cpio_entry *e)
{
	vn->v_uid = e->uid;
	vn->v_gid = e->gid;
}

/* A directory's permission bits and owner from its entry (the type stays). */
static void set_mode_owner(struct vnode *dir, uint32_t perm, const struct cpio_entry *e)
{
	dir->v_mode = S_IFDIR | perm;
	set_owner(dir, e);
}

/* Make one entry (vfs_lock held). */
static int unpack_entry(struct vnode *root, const struct cpio_entry *e)
{
	static char name[NAME_MAX + 1], target[PATH_MAX]; /* boot only, under vfs_lock */
	uint32_t type = e->mode & S_IFMT, perm = e->mode & 07777;
	struct vnode *dir, *vn;
	bool trailing;
	int err;

	err = vfs_resolve_parent(root, e->name, &dir, name, &trailing);
	if (err != 0)
		return err;
	if (strcmp(name, "..") == 0) {
		err = -EINVAL; /* names that climb out are not made */
		goto out;
	}
	if (name[0] == '\0' || strcmp(name, ".") == 0) {
		/* The archive's "." (or "d/."): the directory's own mode and owner. */
		err = type == S_IFDIR ? 0 : -EINVAL;
		if (err == 0)
			set_mode_owner(dir, perm, e);
		goto out;
	}
	switch (type) {
	case S_IFDIR:
		err = VOP_LOOKUP(dir, name, &vn);
		if (err == -ENOENT)
			err = VOP_CREATE(dir, name, S_IFDIR | perm, 0, &vn);
		if (err != 0)
			break;
		/* A directory entry repeated only changes its mode; over a file it is refused. */
		if (S_ISDIR(vn->v_mode))
			set_mode_owner(vn, perm, e);
		else
			err = -EEXIST;
		vnode_put(vn);
		break;
	case S_IFREG:
		err = VOP_CREATE(dir, name, S_IFREG | perm, 0, &vn);
		if (err == 0) {
			set_owner(vn, e);
			err = write_data(vn, e);
			vnode_put(vn);
		}
		break;
	case S_IFLNK:
		if (e->size >= sizeof(target)) {
			err = -ENAMETOOLONG;
			break;
		}
		memcpy(target, e->data, e->size);
		target[e->size] = '\0';
		err = VOP_SYMLINK(dir, name, target);
		break;
	default:
		err = -EOPNOTSUPP; /* device nodes come from devfs */
	}
out:
	vnode_put(dir);
	return err;
}

unsigned initrd_unpack_archive(struct vnode *root, const void *a, size_t len)
{
	struct cpio_entry e;
	size_t pos = 0;
	unsigned made = 0;
	int r;

	mutex_lock(&vfs_lock);
	while ((r = cpio_next(a, len, &pos, &e)) == 1) {
		int err = unpack_entry(root, &e);

		if (err != 0)
			kprintf("initrd: %s: skipped (error %d)\n", e.name, -err);
		else
			made++;
	}
	mutex_unlock(&vfs_lock);
	if (r < 0)
		kprintf("initrd: malformed archive at byte %lu; the rest is ignored\n",
			(unsigned long)pos);
	return made;
}

void initrd_unpack(struct vnode *root)
{
	if (initrd != NULL)
		kprintf("initrd: %u entries unpacked\n",
			initrd_unpack_archive(root, initrd, initrd_size));
}
