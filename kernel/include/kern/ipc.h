/*
 * ipc.h: System V IPC (shared memory, semaphores, message queues), Linux's
 * calls, numbers and structures (docs/ipc.md).
 *
 * kern/ipc.c keeps what the three kinds share: the id tables (an id is
 * seq * IPC_MNI + slot, as Linux's, so a removed id stays invalid after its
 * slot is reused), keys, the permission checks and the one lock, ipc_lock,
 * a sleeping mutex that guards every table and object.  ipc_shm.c,
 * ipc_sem.c and ipc_msg.c hold the objects.  Lock order: a map's m_lock
 * before ipc_lock (a shared-memory region's close runs under m_lock).
 */
#ifndef KERN_IPC_H
#define KERN_IPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <abi/linux.h>
#include <kern/mutex.h>

struct proc;

/* Linux's flags, commands and structures: abi/linux.h. */

#define IPC_MNI_SHIFT 15
#define IPC_MNI (1 << IPC_MNI_SHIFT) /* slots per kind, as Linux's IPCMNI */
#define IPC_SEQ_MAX (0x7FFFFFFF >> IPC_MNI_SHIFT)

/* The part every IPC object starts with (ipc_lock). */
struct ipc_obj {
	int32_t key;                /* IPC_PRIVATE once removed (shm kept for its attaches) */
	uint32_t uid, gid, cuid, cgid;
	uint32_t mode;              /* the low 9 bits, plus SHM_DEST/SHM_LOCKED for shm */
	uint16_t seq;
	int id;
	bool deleted;               /* off the table: waiters see EIDRM */
};

/* One kind's table (ipc_lock): a slot array grown on demand up to max entries. */
struct ipc_ids {
	struct ipc_obj **slots;
	int nslots;                 /* length of slots[] */
	int in_use;
	int max;                    /* SHMMNI, SEMMNI, MSGMNI */
	uint16_t seq;               /* the next object's sequence number */
};

extern struct mutex ipc_lock;

/* The object with key (not IPC_PRIVATE), or NULL.  ipc_lock held. */
struct ipc_obj *ipc_find_key(struct ipc_ids *ids, int32_t key);
/* The live object with this id: NULL for a bad, stale or removed id (EINVAL).  ipc_lock held. */
struct ipc_obj *ipc_find_id(struct ipc_ids *ids, int id);
/*
 * Put o in a free slot, with key, mode (low 9 bits of flags) and the
 * caller as owner and creator: o->id, or -ENOSPC when max are in use,
 * -ENOMEM.  ipc_lock held.
 */
int ipc_add(struct ipc_ids *ids, struct ipc_obj *o, int32_t key, int flags);
/* Take o off its table (its id is invalid from now on).  ipc_lock held. */
void ipc_remove(struct ipc_ids *ids, struct ipc_obj *o);
/*
 * Linux's ipcperms: whether the caller may access o as the S_IRUGO /
 * S_IWUGO style bits in want (0444, 0222, 0666 or the low 9 bits of a
 * get call's flags) ask; 0 or -EACCES.  Root may do anything.
 */
int ipc_perm_check(const struct ipc_obj *o, int want);
/* IPC_SET and IPC_RMID: the owner, the creator or root; 0 or -EPERM. */
int ipc_owner_check(const struct ipc_obj *o);
/* Fill a struct ipc64_perm for IPC_STAT. */
void ipc_perm_fill(const struct ipc_obj *o, struct ipc64_perm *out);
/* IPC_SET: new owner ids and the low 9 bits of the mode from in. */
void ipc_perm_set(struct ipc_obj *o, const struct ipc64_perm *in);
/*
 * The common part of shmget, semget, msgget (Linux's ipcget): with
 * IPC_PRIVATE or a new key and IPC_CREAT, create(arg) makes the object
 * (an id or -errno); else the object with key if IPC_EXCL does not forbid
 * it, check(o, arg) agrees (0 or -errno) and the caller has the access
 * the flags ask: its id.  Takes ipc_lock.
 */
int ipc_get(struct ipc_ids *ids, int32_t key, int flags, int (*create)(int32_t key, int flags,
	    uint64_t arg), int (*check)(struct ipc_obj *o, uint64_t arg), uint64_t arg);
/* Seconds since the epoch, for the objects' times. */
int64_t ipc_now(void);
/* The caller's process id (tgid) for the objects' pids, 0 without a process. */
int ipc_pid(void);
/*
 * Sleep on chan with ipc_lock dropped and taken again, woken by wakeup(chan),
 * the deadline (monotonic ns, 0: none) or a signal: 0, -ETIMEDOUT, -EINTR.
 */
int ipc_sleep(const void *chan, uint64_t deadline);

/*
 * /proc/sysvipc/{shm,sem,msg}: Linux's header and one line per object into
 * buf (at most size bytes: the objects that fit); the length.  Take ipc_lock.
 */
long ipc_shm_proc(char *buf, size_t size);
long ipc_sem_proc(char *buf, size_t size);
long ipc_msg_proc(char *buf, size_t size);

/* Semaphore undo at a process's end (the last thread): SEM_UNDO adjustments applied. */
void ipc_sem_exit(struct proc *p);

#endif
