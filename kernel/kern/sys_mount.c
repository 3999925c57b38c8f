/*
 * sys_mount.c: mount, umount2, sync, syncfs.  Arguments are copied in
 * here; fs/mount.c decides.
 */
#include <fs/file.h>
#include <fs/vfs.h>
#include <kern/sysargs.h>
#include <kern/syscall.h>
#include <kern/uaccess.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>

#define FSTYPE_MAX 64

long sys_mount(const struct sysargs *a)
{
	char *source = NULL, *target, type[FSTYPE_MAX] = "";
	unsigned long flags = a->arg[3];
	long ret, n;

	target = kmalloc(PATH_MAX);
	source = kmalloc(PATH_MAX);
	ret = -ENOMEM;
	if (target == NULL || source == NULL)
		goto out;
	source[0] = '\0';
	if ((ret = strncpy_from_user(target, a->arg[1], PATH_MAX)) < 0)
		goto out;
	if (ret == PATH_MAX) {
		ret = -ENAMETOOLONG;
		goto out;
	}
	/* A remount names no source and no type (the C library may pass anything there). */
	if (!(flags & MS_REMOUNT)) {
		if (a->arg[0] == 0 || a->arg[2] == 0) {
			ret = a->arg[2] == 0 ? -EINVAL : -EFAULT;
			goto out;
		}
		if ((n = strncpy_from_user(source, a->arg[0], PATH_MAX)) < 0 ||
		    (ret = strncpy_from_user(type, a->arg[2], FSTYPE_MAX)) < 0) {
			ret = n < 0 ? n : ret;
			goto out;
		}
		if (n == PATH_MAX || ret == FSTYPE_MAX) {
			ret = n == PATH_MAX ? -ENAMETOOLONG : -ENODEV;
			goto out;
		}
	}
	ret = vfs_mount_dev(source, target, type, flags);
out:
	kfree(source);
	kfree(target);
	return ret;
}

long sys_umount2(const struct sysargs *a)
{
	char *target = kmalloc(PATH_MAX);
	long ret = -ENOMEM;

	if (target != NULL && (ret = strncpy_from_user(target, a->arg[0], PATH_MAX)) >= 0)
		ret = ret == PATH_MAX ? -ENAMETOOLONG : vfs_umount(target, (int)a->arg[1]);
	kfree(target);
	return ret;
}

long sys_sync(const struct sysargs *a)
{
	(void)a;
	(void)vfs_sync_all(); /* sync(2) cannot fail */
	return 0;
}

long sys_syncfs(const struct sysargs *a)
{
	struct file *f = fd_get_any((int)a->arg[0]);
	long ret;

	if (f == NULL)
		return -EBADF;
	ret = f->f_vnode != NULL ? vfs_syncfs(f->f_vnode) : 0;
	file_put(f);
	return ret;
}
