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

long sys_getuid(const struct sysargs *a)
{
	(void)a;
	return mine()->uid[ID_REAL];
}

long sys_geteuid(const struct sysargs *a)
{
	(void)a;
	return mine()->uid[ID_EFF];
}

long sys_getgid(const struct sysargs *a)
{
	(void)a;
	return mine()->gid[ID_REAL];
}

long sys_getegid(const struct sysargs *a)
{
	(void)a;
	return mine()->gid[ID_EFF];
}

long sys_setuid(const struct sysargs *a)
{
	struct cred *c = mine();

	return cred_set(c->uid, (uint32_t)a->arg[0], cred_root(c));
}

long sys_setgid(const struct sysargs *a)
{
	struct cred *c = mine();

	return cred_set(c->gid, (uint32_t)a->arg[0], cred_root(c));
}

long sys_setreuid(const struct sysargs *a)
{
	struct cred *c = mine();

	return cred_setre(c->uid, (uint32_t)a->arg[0], (uint32_t)a->arg[1], cred_root(c));
}

long sys_setregid(const struct sysargs *a)
{
	struct cred *c = mine();

	return cred_setre(c->gid, (uint32_t)a->arg[0], (uint32_t)a->arg[1], cred_root(c));
}

long sys_setresuid(const struct sysargs *a)
{
	struct cred *c = mine();

	return cred_setres(c->uid, (uint32_t)a->arg[0], (uint32_t)a->arg[1], (uint32_t)a->arg[2],
			   cred_root(c));
}

long sys_setresgid(const struct sysargs *a)
{
	struct cred *c = mine();

	return cred_setres(c->gid, (uint32_t)a->arg[0], (uint32_t)a->arg[1], (uint32_t)a->arg[2],
			   cred_root(c));
}

/* getresuid/getresgid: three ids to three user pointers. */
static long put_three(const uint32_t ids[3], const struct sysargs *a)
{
	int i;

	for (i = 0; i < 3; i++)
		if (copy_to_user(a->arg[i], &ids[i], sizeof(ids[i])) != 0)
			return -EFAULT;
	return 0;
}

long sys_getresuid(const struct sysargs *a)
{
	return put_three(mine()->uid, a);
}

long sys_getresgid(const struct sysargs *a)
{
	return put_three(mine()->gid, a);
}

long sys_getgroups(const struct sysargs *a)
{
	const struct cred *c = mine();
	int size = (int)a->arg[0];

	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return c->ngroups;
	if ((uint32_t)size < c->ngroups)
		return -EINVAL;
	if (copy_to_user(a->arg[1], c->groups, c->ngroups * sizeof(c->groups[0])) != 0)
		return -EFAULT;
	return c->ngroups;
}

long sys_setgroups(const struct sysargs *a)
{
	struct cred *c = mine();
	uint32_t groups[NGROUPS_MAX];
	int size = (int)a->arg[0];

	if (!cred_root(c))
		return -EPERM;
	if (size < 0 || size > NGROUPS_MAX)
		return -EINVAL;
	if (copy_from_user(groups, a->arg[1], (size_t)size * sizeof(groups[0])) != 0)
		return -EFAULT;
	memcpy(c->groups, groups, (size_t)size * sizeof(groups[0]));
	c->ngroups = (uint32_t)size;
	return 0;
}
