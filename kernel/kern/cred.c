/*
 * cred.c: the rules of credentials (kern/cred.h), as Linux applies them to
 * a process without capabilities and to root.  Pure functions: the system
 * calls (kern/sys_cred.c), the VFS and kill(2) ask, and act on the answer.
 */
#include <abi/linux.h>
#include <kern/cred.h>
#include <sys/errno.h>

#define UNCHANGED ((uint32_t)-1)

bool cred_in_group(const struct cred *c, uint32_t gid)
{
	uint32_t i;

	if (c->gid[ID_EFF] == gid)
		return true;
	for (i = 0; i < c->ngroups && i < NGROUPS_MAX; i++)
		if (c->groups[i] == gid)
			return true;
	return false;
}

int cred_permission(const struct cred *c, uint32_t mode, uint32_t uid, uint32_t gid, int may,
		    bool real)
{
	uint32_t me = c->uid[real ? ID_REAL : ID_EFF];
	bool member = real ? c->gid[ID_REAL] == gid || cred_in_group(c, gid) :
			     cred_in_group(c, gid);
	uint32_t bits;

	if (me == 0) {
		/* Root reads and writes anything; it executes only what someone could. */
		if ((may & MAY_EXEC) && !S_ISDIR(mode) && !(mode & 0111))
			return -EACCES;
		return 0;
	}
	if (me == uid)
		bits = (mode >> 6) & 7;
	else if (member)
		bits = (mode >> 3) & 7;
	else
		bits = mode & 7;
	return (may & ~(int)bits) != 0 ? -EACCES : 0;
}

bool cred_may_signal(const struct cred *c, const struct cred *t)
{
	return cred_root(c) || c->uid[ID_EFF] == t->uid[ID_REAL] ||
	       c->uid[ID_EFF] == t->uid[ID_SAVED] || c->uid[ID_REAL] == t->uid[ID_REAL] ||
	       c->uid[ID_REAL] == t->uid[ID_SAVED];
}

void cred_exec(struct cred *c, uint32_t mode, uint32_t uid, uint32_t gid)
{
	if (mode & S_ISUID)
		c->uid[ID_EFF] = uid;
	if (mode & S_ISGID)
		c->gid[ID_EFF] = gid;
	/* Linux: the saved ids become the effective ones at every execve. */
	c->uid[ID_SAVED] = c->uid[ID_EFF];
	c->gid[ID_SAVED] = c->gid[ID_EFF];
}

/* Whether an unprivileged caller may take id: it must be one of its three. */
static bool one_of(const uint32_t ids[3], uint32_t id)
{
	return id == UNCHANGED || id == ids[ID_REAL] || id == ids[ID_EFF] || id == ids[ID_SAVED];
}

static void assign(uint32_t *slot, uint32_t id)
{
	if (id != UNCHANGED)
		*slot = id;
}

int cred_setres(uint32_t ids[3], uint32_t r, uint32_t e, uint32_t s, bool priv)
{
	if (!priv && !(one_of(ids, r) && one_of(ids, e) && one_of(ids, s)))
		return -EPERM;
	assign(&ids[ID_REAL], r);
	assign(&ids[ID_EFF], e);
	assign(&ids[ID_SAVED], s);
	return 0;
}

int cred_setre(uint32_t ids[3], uint32_t r, uint32_t e, bool priv)
{
	uint32_t old_real = ids[ID_REAL];

	if (!priv) {
		if (r != UNCHANGED && r != ids[ID_REAL] && r != ids[ID_EFF])
			return -EPERM;
		if (!one_of(ids, e))
			return -EPERM;
	}
	assign(&ids[ID_REAL], r);
	assign(&ids[ID_EFF], e);
	/* POSIX and Linux: the saved id follows a new effective one that is not the real one. */
	if (r != UNCHANGED || (e != UNCHANGED && e != old_real))
		ids[ID_SAVED] = ids[ID_EFF];
	return 0;
}

int cred_set(uint32_t ids[3], uint32_t id, bool priv)
{
	if (id == UNCHANGED)
		return -EINVAL;
	if (priv) {
		ids[ID_REAL] = ids[ID_EFF] = ids[ID_SAVED] = id;
		return 0;
	}
	if (id != ids[ID_REAL] && id != ids[ID_SAVED])
		return -EPERM;
	ids[ID_EFF] = id;
	return 0;
}
