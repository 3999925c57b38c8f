/*
 * sys_cred.c: the user and group id system calls: get*id, set*id,
 * getres*id, getgroups and setgroups, with Linux's rules (kern/cred.c).
 * A process changes only its own credentials, so no lock is needed.
 */
#include <kern/cred.h>
#include <kern/proc.h>
#include <kern/sysargs.h>
#include <kern/syscall.h>
#include <kern/uaccess.h>
#include <lib/string.h>
#include <sys/errno.h>

static struct cred *mine(void)
{
	return &curproc()->p_cred;
}

long sys_getuid(void)
{
	return mine()->uid[ID_REAL];
}

long sys_geteuid(void)
{
	return mine()->uid[ID_EFF];
}

long sys_getgid(void)
{
	return mine()->gid[ID_REAL];
}

long sys_getegid(void)
{
	return mine()->gid[ID_EFF];
}

long sys_setuid(const struct sys_setuid_args *uap)
{
	struct cred *c = mine();

	return cred_set(c->uid, uap->uid, cred_root(c));
}

long sys_setgid(const struct sys_setgid_args *uap)
{
	struct cred *c = mine();

	return cred_set(c->gid, uap->gid, cred_root(c));
}

long sys_setreuid(const struct sys_setreuid_args *uap)
{
	struct cred *c = mine();

	return cred_setre(c->uid, uap->ruid, uap->euid, cred_root(c));
}

long sys_setregid(const struct sys_setregid_args *uap)
{
	struct cred *c = mine();

	return cred_setre(c->gid, uap->rgid, uap->egid, cred_root(c));
}

long sys_setresuid(const struct sys_setresuid_args *uap)
{
	struct cred *c = mine();

	return cred_setres(c->uid, uap->ruid, uap->euid, uap->suid, cred_root(c));
}

long sys_setresgid(const struct sys_setresgid_args *uap)
{
	struct cred *c = mine();

	return cred_setres(c->gid, uap->rgid, uap->egid, uap->sgid, cred_root(c));
}

/* getresuid/getresgid: three ids to three user pointers. */
static long put_three(const uint32_t ids[3], struct uptr r, struct uptr e, struct uptr s)
{
	const struct uptr to[3] = { r, e, s };
	int i;

	for (i = 0; i < 3; i++)
		if (copy_to_user(to[i], &ids[i], sizeof(ids[i])) != 0)
			return -EFAULT;
	return 0;
}

long sys_getresuid(const struct sys_getresuid_args *uap)
{
	return put_three(mine()->uid, uap->ruid, uap->euid, uap->suid);
}

long sys_getresgid(const struct sys_getresgid_args *uap)
{
	return put_three(mine()->gid, uap->rgid, uap->egid, uap->sgid);
}

long sys_getgroups(const struct sys_getgroups_args *uap)
{
	const struct cred *c = mine();
	int size = uap->size;

	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return c->ngroups;
	if ((uint32_t)size < c->ngroups)
		return -EINVAL;
	if (copy_to_user(uap->list, c->groups, c->ngroups * sizeof(c->groups[0])) != 0)
		return -EFAULT;
	return c->ngroups;
}

long sys_setgroups(const struct sys_setgroups_args *uap)
{
	struct cred *c = mine();
	uint32_t groups[NGROUPS_MAX];
	int size = uap->size;

	if (!cred_root(c))
		return -EPERM;
	if (size < 0 || size > NGROUPS_MAX)
		return -EINVAL;
	if (copy_from_user(groups, uap->list, (size_t)size * sizeof(groups[0])) != 0)
		return -EFAULT;
	memcpy(c->groups, groups, (size_t)size * sizeof(groups[0]));
	c->ngroups = (uint32_t)size;
	return 0;
}
