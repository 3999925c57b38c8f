/*
 * cred.h: credentials (kernel/kern/cred.c), as Linux keeps them without
 * capabilities: real, effective and saved user and group ids and the
 * supplementary groups.  An effective user id of 0 stands for every
 * capability Linux would give root (CAP_DAC_OVERRIDE, CAP_SETUID, CAP_KILL,
 * CAP_CHOWN, ...).  docs/security.md tells the whole model.
 *
 * Ownership: each process holds its own copy (struct proc p_cred), copied
 * at fork, changed only by the process itself (set*id, execve of a
 * set-user-ID file).  The functions here are pure: they decide, callers act.
 */
#ifndef KERN_CRED_H
#define KERN_CRED_H

#include <stdbool.h>
#include <stdint.h>

#define NGROUPS_MAX 32 /* supplementary groups (Linux allows 65536) */

enum { ID_REAL, ID_EFF, ID_SAVED };

struct cred {
	uint32_t uid[3];            /* indexed by ID_REAL, ID_EFF, ID_SAVED */
	uint32_t gid[3];
	uint32_t ngroups;
	uint32_t groups[NGROUPS_MAX];
};

/* What an access asks for, as access(2)'s R_OK, W_OK, X_OK. */
#define MAY_EXEC 1
#define MAY_WRITE 2
#define MAY_READ 4

/* The running process's credentials (root's for kernel threads); kern/proc.c. */
const struct cred *cred_cur(void);

static inline bool cred_root(const struct cred *c)
{
	return c->uid[ID_EFF] == 0;
}

/* Whether gid is c's effective group or one of its supplementary groups. */
bool cred_in_group(const struct cred *c, uint32_t gid);

/*
 * Whether c may access a file of mode, owned by uid:gid, as may asks:
 * 0 or -EACCES.  The owner's bits apply to the owner, the group's to a
 * member, the others' to the rest; root may read and write anything and
 * execute what has an x bit somewhere (or is a directory).  real: judge
 * by the real ids, as access(2) does.
 */
int cred_permission(const struct cred *c, uint32_t mode, uint32_t uid, uint32_t gid, int may,
		    bool real);

/* Whether c may send a signal to a process with credentials t (kill(2)). */
bool cred_may_signal(const struct cred *c, const struct cred *t);

/* execve of a file of mode and owner: set-user-ID and set-group-ID take effect. */
void cred_exec(struct cred *c, uint32_t mode, uint32_t uid, uint32_t gid);

/*
 * The set*id rules for one kind of id (ids: a cred's uid or gid array),
 * with (uint32_t)-1 meaning "unchanged"; priv: the caller is root.  0 or
 * -EPERM, and nothing changes on -EPERM.
 */
int cred_setres(uint32_t ids[3], uint32_t r, uint32_t e, uint32_t s, bool priv);
int cred_setre(uint32_t ids[3], uint32_t r, uint32_t e, bool priv);
int cred_set(uint32_t ids[3], uint32_t id, bool priv);

#endif
