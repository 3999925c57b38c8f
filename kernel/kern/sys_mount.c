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

long sys_mount(const struct sys_mount_args *uap)
{
	char *source = NULL, *target, type[FSTYPE_MAX] = "";
	unsigned long flags = uap->flags;
	long ret, n;

	target = kmalloc(PATH_MAX);
	source = kmalloc(PATH_MAX);
	ret = -ENOMEM;
	if (target == NULL || source == NULL)
		goto out;
	source[0] = '\0';
	if ((ret = strncpy_from_user(target, uap->target, PATH_MAX)) < 0)
		goto out;
	if (ret == PATH_MAX) {
		ret = -ENAMETOOLONG;
		goto out;
	}
	/* A remount names no source and no type (the C library may pass anything there). */
	if (!(flags & MS_REMOUNT)) {
		if (uptr_null(uap->source) || uptr_null(uap->fstype)) {
			ret = uptr_null(uap->fstype) ? -EINVAL : -EFAULT;
			goto out;
		}
		if ((n = strncpy_from_user(source, uap->source, PATH_MAX)) < 0 ||
		    (ret = strncpy_from_user(type, uap->fstype, FSTYPE_MAX)) < 0) {
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

long sys_umount2(const struct sys_umount2_args *uap)
{
	char *target = kmalloc(PATH_MAX);
	long ret = -ENOMEM;

	if (target != NULL && (ret = strncpy_from_user(target, uap->target, PATH_MAX)) >= 0)
		ret = ret == PATH_MAX ? -ENAMETOOLONG : vfs_umount(target, uap->flags);
	kfree(target);
	return ret;
}

long sys_sync(void)
{
	(void)vfs_sync_all(); /* sync(2) cannot fail */
	return 0;
}

long sys_syncfs(const struct sys_syncfs_args *uap)
{
	struct file *f = fd_get_any(uap->fd);
	long ret;

	if (f == NULL)
		return -EBADF;
	ret = f->f_vnode != NULL ? vfs_syncfs(f->f_vnode) : 0;
	file_put(f);
	return ret;
}
