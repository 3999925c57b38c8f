/*
 * Unit tests of kernel/kern/cred.c: the permission bits, kill(2)'s rule,
 * set-user-ID exec and the set*id transitions, against what Linux does.
 */
#include <abi/linux.h>
#include <kern/cred.h>
#include <sys/errno.h>

#include "htest.h"

#define U (uint32_t)-1

static struct cred user(uint32_t uid, uint32_t gid)
{
	struct cred c = { { uid, uid, uid }, { gid, gid, gid }, 0, { 0 } };

	return c;
}

HTEST(cred, permission_classes)
{
	struct cred c = user(1000, 100);

	HCHECK(cred_permission(&c, S_IFREG | 0640, 1000, 0, MAY_READ | MAY_WRITE, false) == 0);
	HCHECK(cred_permission(&c, S_IFREG | 0640, 1000, 0, MAY_EXEC, false) == -EACCES);
	HCHECK(cred_permission(&c, S_IFREG | 0640, 1, 100, MAY_READ, false) == 0);
	HCHECK(cred_permission(&c, S_IFREG | 0640, 1, 100, MAY_WRITE, false) == -EACCES);
	HCHECK(cred_permission(&c, S_IFREG | 0604, 1, 2, MAY_READ, false) == 0);
	/* The owner's bits decide for the owner, even when others may do more. */
	HCHECK(cred_permission(&c, S_IFREG | 0077, 1000, 2, MAY_READ, false) == -EACCES);
	c.ngroups = 1;
	c.groups[0] = 7;
	HCHECK(cred_permission(&c, S_IFREG | 0070, 1, 7, MAY_READ, false) == 0);
	HCHECK(cred_in_group(&c, 7) && cred_in_group(&c, 100) && !cred_in_group(&c, 8));
}

HTEST(cred, root_and_real_ids)
{
	struct cred r = user(0, 0), s = user(1000, 1000);

	HCHECK(cred_permission(&r, S_IFREG | 0000, 5, 5, MAY_READ | MAY_WRITE, false) == 0);
	HCHECK(cred_permission(&r, S_IFREG | 0600, 5, 5, MAY_EXEC, false) == -EACCES);
	HCHECK(cred_permission(&r, S_IFREG | 0001, 5, 5, MAY_EXEC, false) == 0);
	HCHECK(cred_permission(&r, S_IFDIR | 0000, 5, 5, MAY_EXEC, false) == 0);
	/* A set-user-ID root program run by 1000: access(2) asks as 1000. */
	s.uid[ID_EFF] = 0;
	HCHECK(cred_permission(&s, S_IFREG | 0600, 0, 0, MAY_READ, false) == 0);
	HCHECK(cred_permission(&s, S_IFREG | 0600, 0, 0, MAY_READ, true) == -EACCES);
}

HTEST(cred, who_may_signal)
{
	struct cred a = user(1000, 1), b = user(1000, 2), c = user(2000, 1), r = user(0, 0);

	HCHECK(cred_may_signal(&a, &b));
	HCHECK(!cred_may_signal(&a, &c));
	HCHECK(cred_may_signal(&r, &c));
	HCHECK(!cred_may_signal(&a, &r));
	c.uid[ID_SAVED] = 1000; /* a process that was 1000 keeps answering to it */
	HCHECK(cred_may_signal(&a, &c));
}

HTEST(cred, setuid_exec)
{
	struct cred c = user(1000, 100);

	cred_exec(&c, S_IFREG | S_ISUID | 0755, 0, 50);
	HCHECK(c.uid[ID_REAL] == 1000 && c.uid[ID_EFF] == 0 && c.uid[ID_SAVED] == 0);
	HCHECK(c.gid[ID_EFF] == 100);
	cred_exec(&c, S_IFREG | S_ISGID | 0755, 7, 50);
	HCHECK(c.uid[ID_EFF] == 0 && c.gid[ID_EFF] == 50 && c.gid[ID_SAVED] == 50);
}

HTEST(cred, set_ids)
{
	uint32_t ids[3] = { 1000, 1000, 1000 }, root[3] = { 0, 0, 0 };

	HCHECK(cred_set(ids, 0, false) == -EPERM);
	HCHECK(cred_set(ids, U, false) == -EINVAL);
	HCHECK(cred_set(root, 5, true) == 0 && root[0] == 5 && root[1] == 5 && root[2] == 5);
	HCHECK(cred_setres(ids, U, 2000, U, false) == -EPERM && ids[1] == 1000);
	ids[2] = 0; /* saved root: the effective id may come back to it */
	HCHECK(cred_setres(ids, U, 0, U, false) == 0 && ids[1] == 0);
	HCHECK(cred_setre(ids, U, 1000, false) == 0 && ids[2] == 0); /* e == real: saved kept */
	HCHECK(cred_setre(ids, 1000, 1000, false) == 0 && ids[2] == 1000);
	HCHECK(cred_setre(ids, 0, U, false) == -EPERM);
}
