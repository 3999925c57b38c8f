/*
 * ipc_sem.c: System V semaphores: semget, semop, semtimedop, semctl, and
 * the SEM_UNDO adjustments applied when a process ends (docs/ipc.md).
 *
 * A semop applies all its operations or none: they are tried in order on
 * the array, and undone if one would block.  A caller that would block
 * queues a waiter (on its own kernel stack) naming the operation that
 * blocked it, which is what GETNCNT and GETZCNT count, as Linux's
 * count_semcnt, and sleeps on the array; every change of a value wakes
 * the array's sleepers, which try again.  IPC_RMID wakes them too: they
 * find the array deleted (EIDRM).  A signal ends the sleep with
 * ERESTARTNOHAND, the timeout of semtimedop with EAGAIN, as Linux.
 *
 * Undo (SEM_UNDO): one struct sem_undo per process and array, on the
 * process's list (p_semundo: the threads share it, as with Linux's
 * CLONE_SYSVSEM) and on the array's; it holds an adjustment per semaphore.
 * Fork starts the child without any; exec keeps them; the process's last
 * thread applies them (ipc_sem_exit), clamped to 0..SEMVMX as Linux.
 * SETVAL and SETALL zero the adjustments of what they set; IPC_RMID
 * detaches the array's entries (they are then freed with their process).
 *
 * Bounds: SEMMSL semaphores per array, SEMOPM operations per call, as
 * Linux; SEMMNS (semaphores in all arrays) is smaller than Linux's, so
 * all of them fit in a few MiB of kernel memory.
 */
#include <kern/ipc.h>
#include <kern/proc.h>
#include <kern/signal.h>
#include <kern/sysargs.h>
#include <kern/syscall.h>
#include <kern/thread.h>
#include <kern/uaccess.h>
#include <kern/clock.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <lib/time.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>

#define SEMMSL 32000
#define SEMMNI 32000
#define SEMMNS 262144   /* Linux: SEMMNI * SEMMSL; here 2 MiB of semaphores */
#define SEMOPM 500
#define SEMVMX 32767
#define SEMAEM SEMVMX

struct ksem {
	int semval;
	int sempid;
};

struct sem_waiter {
	const struct sembuf *blocking; /* the operation it waits for (GETNCNT, GETZCNT) */
	struct sem_waiter *next;
};

struct sem_undo;

struct sem_array {
	struct ipc_obj perm;        /* first: the table holds &perm */
	int nsems;
	int64_t otime, ctime;
	struct sem_waiter *waiters;
	struct sem_undo *undos;     /* linked by un_anext */
	struct ksem sems[];
};

struct sem_undo {
	struct sem_array *un_arr;   /* NULL once the array is removed */
	struct sem_undo *un_pnext;  /* the process's list */
	struct sem_undo *un_anext;  /* the array's list */
	int un_nsems;
	int16_t un_adj[];
};

static struct ipc_ids sem_ids = { .max = SEMMNI };
static long sem_used;           /* semaphores in all arrays (ipc_lock) */

static struct sem_array *ARR(struct ipc_obj *o)
{
	return (struct sem_array *)o;
}

static int sem_create(int32_t key, int flags, uint64_t nsems)
{
	struct sem_array *a;
	int id;

	if (nsems == 0)
		return -EINVAL;
	if (sem_used + (long)nsems > SEMMNS)
		return -ENOSPC;
	a = kzalloc(sizeof(*a) + nsems * sizeof(struct ksem));
	if (a == NULL)
		return -ENOMEM;
	a->nsems = (int)nsems;
	if ((id = ipc_add(&sem_ids, &a->perm, key, flags)) < 0) {
		kfree(a);
		return id;
	}
	sem_used += (long)nsems;
	a->ctime = ipc_now();
	return id;
}

static int sem_check(struct ipc_obj *o, uint64_t nsems)
{
	return nsems > (uint64_t)ARR(o)->nsems ? -EINVAL : 0;
}

long sys_semget(const struct sys_semget_args *uap)
{
	int nsems = uap->nsems;

	if (nsems < 0 || nsems > SEMMSL)
		return -EINVAL;
	return ipc_get(&sem_ids, uap->key, uap->semflg, sem_create, sem_check,
		       (uint64_t)nsems);
}

/* The caller's undo entry for a, made if missing (ipc_lock held); NULL: no memory. */
static struct sem_undo *undo_get(struct proc *p, struct sem_array *a)
{
	struct sem_undo *un, **pp;

	for (pp = &p->p_semundo; (un = *pp) != NULL;) {
		if (un->un_arr == a)
			return un;
		if (un->un_arr == NULL) { /* its array was removed: drop it here, not at exit */
			*pp = un->un_pnext;
			kfree(un);
			continue;
		}
		pp = &un->un_pnext;
	}
	un = kzalloc(sizeof(*un) + (size_t)a->nsems * sizeof(un->un_adj[0]));
	if (un == NULL)
		return NULL;
	un->un_arr = a;
	un->un_nsems = a->nsems;
	un->un_pnext = p->p_semundo;
	p->p_semundo = un;
	un->un_anext = a->undos;
	a->undos = un;
	return un;
}

/* Take un off its array's list (ipc_lock held). */
static void undo_unlink_array(struct sem_undo *un)
{
	struct sem_undo **pp;

	for (pp = &un->un_arr->undos; *pp != NULL; pp = &(*pp)->un_anext) {
		if (*pp == un) {
			*pp = un->un_anext;
			break;
		}
	}
	un->un_arr = NULL;
}

/*
 * Apply the operations to a, all or none: 0, 1 if one would block
 * (*blocking: which), -EAGAIN if that one has IPC_NOWAIT, -ERANGE past
 * SEMVMX or SEMAEM.  un: the caller's undo entry if any op has SEM_UNDO.
 */
static int sem_try(struct sem_array *a, const struct sembuf *sops, int nsops,
		   struct sem_undo *un, const struct sembuf **blocking)
{
	int i, ret = 0, pid = ipc_pid();

	for (i = 0; i < nsops; i++) {
		const struct sembuf *op = &sops[i];
		int v = a->sems[op->sem_num].semval + op->sem_op;

		if ((op->sem_op == 0 && a->sems[op->sem_num].semval != 0) || v < 0) {
			*blocking = op;
			ret = (op->sem_flg & IPC_NOWAIT) ? -EAGAIN : 1;
			break;
		}
		if (v > SEMVMX) {
			ret = -ERANGE;
			break;
		}
		if (op->sem_flg & SEM_UNDO) {
			int adj = un->un_adj[op->sem_num] - op->sem_op;

			if (adj < -SEMAEM - 1 || adj > SEMAEM) {
				ret = -ERANGE;
				break;
			}
		}
		a->sems[op->sem_num].semval = v;
		if (op->sem_flg & SEM_UNDO)
			un->un_adj[op->sem_num] -= op->sem_op;
	}
	if (ret != 0) { /* roll back what was applied */
		while (--i >= 0) {
			a->sems[sops[i].sem_num].semval -= sops[i].sem_op;
			if (sops[i].sem_flg & SEM_UNDO)
				un->un_adj[sops[i].sem_num] += sops[i].sem_op;
		}
		return ret;
	}
	for (i = 0; i < nsops; i++)
		a->sems[sops[i].sem_num].sempid = pid;
	a->otime = ipc_now();
	return 0;
}

static void waiter_unlink(struct sem_array *a, struct sem_waiter *w)
{
	struct sem_waiter **pp;

	for (pp = &a->waiters; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == w) {
			*pp = w->next;
			return;
		}
	}
}

/* The semop loop, ipc_lock held: try, and sleep while an operation blocks. */
static long semop_locked(int semid, const struct sembuf *sops, int nsops, bool undo,
			 bool alter, int maxnum, uint64_t deadline)
{
	struct sem_array *a;
	struct ipc_obj *o = ipc_find_id(&sem_ids, semid);
	struct sem_undo *un = NULL;
	struct sem_waiter w = { 0 };
	long err;

	if (o == NULL)
		return -EINVAL;
	a = ARR(o);
	if (maxnum >= a->nsems)
		return -EFBIG;
	if ((err = ipc_perm_check(o, alter ? 0222 : 0444)) != 0)
		return err;
	if (undo && (un = undo_get(curproc(), a)) == NULL)
		return -ENOMEM;
	for (;;) {
		if ((err = sem_try(a, sops, nsops, un, &w.blocking)) != 1)
			break;
		w.next = a->waiters;
		a->waiters = &w;
		err = ipc_sleep(a, deadline);
		waiter_unlink(a, &w);
		if (a->perm.deleted) {
			if (a->waiters == NULL)
				kfree(a); /* the last waiter of a removed array (sem_free) */
			return -EIDRM;
		}
		if (err == -ETIMEDOUT)
			return -EAGAIN;
		if (err == -EINTR)
			return -ERESTARTNOHAND;
	}
	if (err == 0 && alter)
		wakeup(a); /* a value changed: the others try again */
	return err;
}

/*
 * Linux's do_semtimedop, in its order of checks; timeout (a user
 * timespec, relative) or 0.
 */
static long do_semtimedop(int semid, struct uptr usops, size_t nsops, struct uptr uts)
{
	struct sembuf fast[16], *sops = fast;
	uint64_t deadline = 0;
	bool undo = false, alter = false;
	int maxnum = 0;
	size_t i;
	long err;

	if (nsops < 1 || semid < 0)
		return -EINVAL;
	if (nsops > SEMOPM)
		return -E2BIG;
	if (nsops > 16 && (sops = kmalloc(nsops * sizeof(*sops))) == NULL)
		return -ENOMEM;
	err = -EFAULT;
	if (copy_from_user(sops, usops, nsops * sizeof(*sops)) != 0)
		goto out;
	if (!uptr_null(uts)) {
		struct { int64_t tv_sec, tv_nsec; } ts;
		uint64_t ns;

		if (copy_from_user(&ts, uts, sizeof(ts)) != 0)
			goto out;
		err = -EINVAL;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
			goto out;
		if ((err = time_ts_to_ns(ts.tv_sec, ts.tv_nsec, &ns)) != 0)
			goto out;
		deadline = time_deadline(clock_monotonic_ns(), ns);
		if (deadline == 0)
			deadline = 1;
	}
	for (i = 0; i < nsops; i++) {
		if (sops[i].sem_num >= maxnum)
			maxnum = sops[i].sem_num;
		undo |= (sops[i].sem_flg & SEM_UNDO) != 0;
		alter |= sops[i].sem_op != 0;
	}
	mutex_lock(&ipc_lock);
	err = semop_locked(semid, sops, (int)nsops, undo, alter, maxnum, deadline);
	mutex_unlock(&ipc_lock);
out:
	if (sops != fast)
		kfree(sops);
	return err;
}

long sys_semop(const struct sys_semop_args *uap)
{
	return do_semtimedop(uap->semid, uap->sops, uap->nsops, (struct uptr){ 0 });
}

long sys_semtimedop(const struct sys_semtimedop_args *uap)
{
	return do_semtimedop(uap->semid, uap->sops, uap->nsops, uap->timeout);
}

/* Zero every process's adjustment of semaphore num (-1: all) of a (ipc_lock held). */
static void undo_clear(struct sem_array *a, int num)
{
	struct sem_undo *un;

	for (un = a->undos; un != NULL; un = un->un_anext) {
		if (num >= 0)
			un->un_adj[num] = 0;
		else
			memset(un->un_adj, 0, (size_t)un->un_nsems * sizeof(un->un_adj[0]));
	}
}

/* IPC_RMID: off the table, waiters woken (EIDRM), undo entries detached. */
static void sem_free(struct sem_array *a)
{
	while (a->undos != NULL)
		undo_unlink_array(a->undos);
	ipc_remove(&sem_ids, &a->perm);
	sem_used -= a->nsems;
	wakeup(a);
	/*
	 * Waiters look at a->perm.deleted when they wake (ipc_lock held), so
	 * the array outlives them: with waiters, the last one to leave frees it.
	 */
	if (a->waiters == NULL)
		kfree(a);
}

static int count_waiters(struct sem_array *a, int num, bool zero)
{
	struct sem_waiter *w;
	int n = 0;

	for (w = a->waiters; w != NULL; w = w->next)
		if (w->blocking->sem_num == num && (zero ? w->blocking->sem_op == 0 :
						    w->blocking->sem_op < 0))
			n++;
	return n;
}

static void sem_fill_ds(const struct sem_array *a, struct semid64_ds *ds)
{
	memset(ds, 0, sizeof(*ds));
	ipc_perm_fill(&a->perm, &ds->sem_perm);
	ds->sem_otime = a->otime;
	ds->sem_ctime = a->ctime;
	ds->sem_nsems = (uint64_t)a->nsems;
}

/* GETALL and SETALL: the values as an array of unsigned short at ubuf. */
static long sem_all(struct sem_array *a, int cmd, uaddr_t ubuf)
{
	size_t n = (size_t)a->nsems;
	uint16_t *vals = kmalloc(n * sizeof(*vals));
	long err = 0;
	size_t i;

	if (vals == NULL)
		return -ENOMEM;
	if (cmd == GETALL) {
		for (i = 0; i < n; i++)
			vals[i] = (uint16_t)a->sems[i].semval;
		/* (ipc_lock is a mutex: a fault in the copy may sleep) */
		err = copy_to_user(ubuf, vals, n * sizeof(*vals)) != 0 ? -EFAULT : 0;
	} else if (copy_from_user(vals, ubuf, n * sizeof(*vals)) != 0) {
		err = -EFAULT;
	} else {
		for (i = 0; i < n && err == 0; i++)
			if (vals[i] > SEMVMX)
				err = -ERANGE;
		for (i = 0; i < n && err == 0; i++) {
			a->sems[i].semval = vals[i];
			a->sems[i].sempid = ipc_pid();
		}
		if (err == 0) {
			undo_clear(a, -1);
			a->ctime = ipc_now();
			wakeup(a);
		}
	}
	kfree(vals);
	return err;
}

/* Linux's semctl_main and semctl_setval on a (ipc_lock held). */
static long sem_value_cmd(struct sem_array *a, int num, int cmd, uint64_t arg)
{
	long err;

	if ((err = ipc_perm_check(&a->perm, (cmd == SETALL || cmd == SETVAL) ? 0222 : 0444)) != 0)
		return err;
	if (cmd == GETALL || cmd == SETALL)
		return sem_all(a, cmd, arg);
	if (num < 0 || num >= a->nsems)
		return -EINVAL;
	switch (cmd) {
	case GETVAL:
		return a->sems[num].semval;
	case GETPID:
		return a->sems[num].sempid;
	case GETNCNT:
		return count_waiters(a, num, false);
	case GETZCNT:
		return count_waiters(a, num, true);
	default: /* SETVAL, its value checked by the caller */
		a->sems[num].semval = (int)arg;
		a->sems[num].sempid = ipc_pid();
		undo_clear(a, num);
		a->ctime = ipc_now();
		wakeup(a);
		return 0;
	}
}

static long sem_ctl_locked(struct sem_array *a, int num, int cmd, uint64_t arg,
			   const struct semid64_ds *in, struct semid64_ds *out)
{
	long err;

	switch (cmd) {
	case IPC_STAT:
		if ((err = ipc_perm_check(&a->perm, 0444)) != 0)
			return err;
		sem_fill_ds(a, out);
		return 0;
	case IPC_SET:
		if ((err = ipc_owner_check(&a->perm)) != 0)
			return err;
		ipc_perm_set(&a->perm, &in->sem_perm);
		a->ctime = ipc_now();
		return 0;
	case IPC_RMID:
		if ((err = ipc_owner_check(&a->perm)) != 0)
			return err;
		sem_free(a);
		return 0;
	default:
		return sem_value_cmd(a, num, cmd, arg);
	}
}

static long sem_info(uaddr_t ubuf)
{
	struct seminfo si = { .semmap = SEMMNS, .semmni = SEMMNI, .semmns = SEMMNS,
			      .semmnu = SEMMNS, .semmsl = SEMMSL, .semopm = SEMOPM,
			      .semume = SEMOPM, .semusz = 20, .semvmx = SEMVMX, .semaem = SEMAEM };

	return copy_to_user(ubuf, &si, sizeof(si)) != 0 ? -EFAULT : 0;
}

long sys_semctl(const struct sys_semctl_args *uap)
{
	int id = uap->semid, num = uap->semnum, cmd = uap->cmd;
	uint64_t arg = uap->arg; /* a value or a user address (union semun) */
	struct semid64_ds in, out;
	struct ipc_obj *o;
	long err;

	if (id < 0)
		return -EINVAL;
	memset(&in, 0, sizeof(in));
	switch (cmd) {
	case IPC_INFO:
		return sem_info(arg);
	case IPC_SET:
		if (copy_from_user(&in, arg, sizeof(in)) != 0)
			return -EFAULT;
		break;
	case SETVAL:
		if ((int)arg < 0 || (int)arg > SEMVMX)
			return -ERANGE;
		break;
	case IPC_STAT: case IPC_RMID: case GETPID: case GETVAL: case GETALL:
	case GETNCNT: case GETZCNT: case SETALL:
		break;
	default: /* SEM_STAT, SEM_INFO, SEM_STAT_ANY: not done */
		return -EINVAL;
	}
	mutex_lock(&ipc_lock);
	o = ipc_find_id(&sem_ids, id);
	err = o == NULL ? -EINVAL : sem_ctl_locked(ARR(o), num, cmd, arg, &in, &out);
	mutex_unlock(&ipc_lock);
	if (err == 0 && cmd == IPC_STAT && copy_to_user(arg, &out, sizeof(out)) != 0)
		return -EFAULT;
	return err;
}

/* Apply un's adjustments to its array, if it still exists (ipc_lock held). */
static void undo_apply(struct sem_undo *un, int pid)
{
	struct sem_array *a = un->un_arr;
	int i;

	if (a == NULL)
		return;
	for (i = 0; i < un->un_nsems; i++) {
		int v = a->sems[i].semval + un->un_adj[i];

		if (un->un_adj[i] == 0)
			continue;
		a->sems[i].semval = v < 0 ? 0 : v > SEMVMX ? SEMVMX : v;
		a->sems[i].sempid = pid;
	}
	a->otime = ipc_now();
	undo_unlink_array(un);
	wakeup(a);
}

void ipc_sem_exit(struct proc *p)
{
	struct sem_undo *un, *next;

	if (p->p_semundo == NULL)
		return;
	mutex_lock(&ipc_lock);
	for (un = p->p_semundo; un != NULL; un = next) {
		next = un->un_pnext;
		undo_apply(un, p->p_pid);
		kfree(un);
	}
	p->p_semundo = NULL;
	mutex_unlock(&ipc_lock);
}

long ipc_sem_proc(char *buf, size_t size)
{
	long n = snprintf(buf, size, "       key      semid perms      nsems   uid   gid  cuid  "
			  "cgid      otime      ctime\n");
	int i;

	mutex_lock(&ipc_lock);
	for (i = 0; i < sem_ids.nslots && n < (long)size; i++) {
		struct sem_array *a = (struct sem_array *)sem_ids.slots[i];

		if (a == NULL)
			continue;
		n += snprintf(buf + n, size - (size_t)n,
			      "%10d %10d  %4o %10d %5u %5u %5u %5u %10ld %10ld\n", a->perm.key,
			      a->perm.id, a->perm.mode, a->nsems, a->perm.uid, a->perm.gid,
			      a->perm.cuid, a->perm.cgid, (long)a->otime, (long)a->ctime);
	}
	mutex_unlock(&ipc_lock);
	return n < (long)size ? n : (long)size - 1;
}
