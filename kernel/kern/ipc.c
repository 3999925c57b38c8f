/*
 * ipc.c: what System V shared memory, semaphores and message queues share
 * (kern/ipc.h): id tables, keys, permissions, the lock.
 *
 * An id is seq * IPC_MNI + slot, as Linux's: each new object takes the
 * table's next sequence number, so the id of a removed object stays
 * invalid (EINVAL) when its slot is used again.  Tables grow by doubling
 * up to their kind's limit (SHMMNI, SEMMNI, MSGMNI), so an unused kind
 * costs nothing.  Keys are found by a walk of the slots: at most the
 * limit, and only at get calls.
 *
 * Locking: ipc_lock, one sleeping mutex for every table and object of the
 * three kinds; blocked semop, msgsnd and msgrcv drop it while they sleep
 * (ipc_sleep).  Order: a map's m_lock, then ipc_lock.
 */
#include <kern/clock.h>
#include <kern/cred.h>
#include <kern/ipc.h>
#include <kern/panic.h>
#include <kern/proc.h>
#include <kern/thread.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>

struct mutex ipc_lock;

struct ipc_obj *ipc_find_key(struct ipc_ids *ids, int32_t key)
{
	int i;

	KASSERT(mutex_held(&ipc_lock));
	for (i = 0; i < ids->nslots; i++)
		if (ids->slots[i] != NULL && ids->slots[i]->key == key)
			return ids->slots[i];
	return NULL;
}

struct ipc_obj *ipc_find_id(struct ipc_ids *ids, int id)
{
	int slot = id & (IPC_MNI - 1);
	struct ipc_obj *o;

	KASSERT(mutex_held(&ipc_lock));
	if (id < 0 || slot >= ids->nslots || (o = ids->slots[slot]) == NULL)
		return NULL;
	return o->seq == (uint16_t)(id >> IPC_MNI_SHIFT) ? o : NULL;
}

/* A free slot, growing the table if needed: its index, or -ENOSPC / -ENOMEM. */
static int slot_alloc(struct ipc_ids *ids)
{
	struct ipc_obj **grown;
	int i, n;

	if (ids->in_use >= ids->max)
		return -ENOSPC;
	for (i = 0; i < ids->nslots; i++)
		if (ids->slots[i] == NULL)
			return i;
	n = ids->nslots == 0 ? 16 : ids->nslots * 2;
	if (n > ids->max)
		n = ids->max;
	grown = krealloc(ids->slots, (size_t)n * sizeof(*grown));
	if (grown == NULL)
		return -ENOMEM;
	memset(grown + ids->nslots, 0, (size_t)(n - ids->nslots) * sizeof(*grown));
	ids->slots = grown;
	i = ids->nslots;
	ids->nslots = n;
	return i;
}

int ipc_add(struct ipc_ids *ids, struct ipc_obj *o, int32_t key, int flags)
{
	const struct cred *c = cred_cur();
	int slot;

	KASSERT(mutex_held(&ipc_lock));
	slot = slot_alloc(ids);
	if (slot < 0)
		return slot;
	o->key = key;
	o->uid = o->cuid = c->uid[ID_EFF];
	o->gid = o->cgid = c->gid[ID_EFF];
	o->mode = (uint32_t)flags & 0777;
	o->seq = ids->seq;
	ids->seq = ids->seq >= IPC_SEQ_MAX ? 0 : ids->seq + 1;
	o->id = (int)((uint32_t)o->seq << IPC_MNI_SHIFT) + slot;
	o->deleted = false;
	ids->slots[slot] = o;
	ids->in_use++;
	return o->id;
}

void ipc_remove(struct ipc_ids *ids, struct ipc_obj *o)
{
	int slot = o->id & (IPC_MNI - 1);

	KASSERT(mutex_held(&ipc_lock));
	if (slot < ids->nslots && ids->slots[slot] == o) {
		ids->slots[slot] = NULL;
		ids->in_use--;
	}
	o->deleted = true;
}

int ipc_perm_check(const struct ipc_obj *o, int want)
{
	const struct cred *c = cred_cur();
	int requested = (want >> 6 | want >> 3 | want) & 7, granted = (int)o->mode;

	if (c->uid[ID_EFF] == o->cuid || c->uid[ID_EFF] == o->uid)
		granted >>= 6;
	else if (cred_in_group(c, o->cgid) || cred_in_group(c, o->gid))
		granted >>= 3;
	if ((requested & ~granted & 7) != 0 && !cred_root(c))
		return -EACCES;
	return 0;
}

int ipc_owner_check(const struct ipc_obj *o)
{
	const struct cred *c = cred_cur();
	uint32_t euid = c->uid[ID_EFF];

	return euid == o->uid || euid == o->cuid || cred_root(c) ? 0 : -EPERM;
}

void ipc_perm_fill(const struct ipc_obj *o, struct ipc64_perm *out)
{
	memset(out, 0, sizeof(*out));
	out->key = o->key;
	out->uid = o->uid;
	out->gid = o->gid;
	out->cuid = o->cuid;
	out->cgid = o->cgid;
	out->mode = o->mode;
	out->seq = o->seq;
}

void ipc_perm_set(struct ipc_obj *o, const struct ipc64_perm *in)
{
	o->uid = in->uid;
	o->gid = in->gid;
	o->mode = (o->mode & ~0777u) | (in->mode & 0777u);
}

static int get_existing(struct ipc_obj *o, int flags, int (*check)(struct ipc_obj *, uint64_t),
			uint64_t arg)
{
	int err;

	/* Linux's order: IPC_EXCL, the kind's own check (a size), then the access. */
	if ((flags & IPC_CREAT) && (flags & IPC_EXCL))
		return -EEXIST;
	if (check != NULL && (err = check(o, arg)) != 0)
		return err;
	if ((err = ipc_perm_check(o, flags & 0777)) != 0)
		return err;
	return o->id;
}

int ipc_get(struct ipc_ids *ids, int32_t key, int flags, int (*create)(int32_t, int, uint64_t),
	    int (*check)(struct ipc_obj *, uint64_t), uint64_t arg)
{
	struct ipc_obj *o;
	int ret;

	mutex_lock(&ipc_lock);
	if (key == IPC_PRIVATE)
		ret = create(key, flags, arg);
	else if ((o = ipc_find_key(ids, key)) == NULL)
		ret = (flags & IPC_CREAT) ? create(key, flags, arg) : -ENOENT;
	else
		ret = get_existing(o, flags, check, arg);
	mutex_unlock(&ipc_lock);
	return ret;
}

int64_t ipc_now(void)
{
	return (int64_t)(clock_realtime_ns() / 1000000000ull);
}

int ipc_pid(void)
{
	struct proc *p = curthread->t_proc;

	return p != NULL ? p->p_pid : 0;
}

int ipc_sleep(const void *chan, uint64_t deadline)
{
	unsigned long fl = sched_lock(); /* no wake-up between the unlock and the sleep */
	int ret;

	mutex_unlock(&ipc_lock);
	ret = sleep_on_intr(chan, deadline);
	sched_unlock(fl);
	mutex_lock(&ipc_lock);
	return ret;
}
