/*
 * futex.c: the futex system call (Linux's FUTEX_WAIT, WAKE, WAIT_BITSET,
 * WAKE_BITSET, REQUEUE, CMP_REQUEUE, with the PRIVATE and CLOCK_REALTIME
 * flags) and the robust lists.
 *
 * A waiter is a struct on its sleeping thread's kernel stack, linked in one
 * list under the scheduler lock (one CPU: interrupts off).  Its key is the
 * address space and the user address, as Linux's for private futexes and
 * for non-private ones in private memory; a non-private futex in a
 * MAP_SHARED region is keyed by the physical address instead, so
 * processes sharing the page meet (Linux keys those by inode and offset;
 * Breenix's shared anonymous pages stay put while mapped).
 *
 * No lost wake-ups, in Linux's order: the waiter is queued first (under
 * the scheduler lock), then the word is read with an ordinary fault-safe
 * copy (interrupts on: another thread sharing the memory runs meanwhile),
 * and only then does the waiter sleep, if no wake found it in between.  A
 * waker changes the word before it wakes: either the read sees the new
 * value (EAGAIN) or the wake finds the waiter queued (it then does not
 * sleep).  CMP_REQUEUE and the robust-list update read the word once
 * without the lock (which faults its page in), then again with interrupts
 * off, where the check and the requeue or store happen as one step.
 * Bounds: every waiter is a sleeping thread, so a wake or requeue walks
 * at most as many entries as there are threads.
 */
#include <kern/clock.h>
#include <kern/cred.h>
#include <kern/futex.h>
#include <kern/proc.h>
#include <kern/signal.h>
#include <kern/sysargs.h>
#include <kern/syscall.h>
#include <kern/thread.h>
#include <kern/uaccess.h>
#include <lib/time.h>
#include <sys/errno.h>
#include <vm/vm_map.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_ANY 0xFFFFFFFFu

struct futex_key {
	const void *space;          /* the vm_map, or &shared_space */
	uint64_t addr;              /* user address, or physical address */
};

struct futex_waiter {
	struct futex_key key;
	uint32_t bitset;
	bool woken;
	struct futex_waiter *next;
};

struct k_timespec {
	int64_t tv_sec, tv_nsec;
};

static struct futex_waiter *waiters;   /* sched_lock */
static const char shared_space;        /* the space of physical-address keys */

static bool key_eq(const struct futex_key *a, const struct futex_key *b)
{
	return a->space == b->space && a->addr == b->addr;
}

static struct futex_key key_of(struct vm_map *m, uint64_t uaddr, bool private)
{
	struct futex_key k = { m, uaddr };
	paddr_t pa;

	if (!private && vm_map_shared_pa(m, uaddr, &pa)) {
		k.space = &shared_space;
		k.addr = pa;
	}
	return k;
}

static void waiter_unlink(struct futex_waiter *w)
{
	struct futex_waiter **pp;

	for (pp = &waiters; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == w) {
			*pp = w->next;
			return;
		}
	}
}

/* Wake up to n waiters of k whose bitset meets bits (sched_lock held). */
static int wake_locked(const struct futex_key *k, int n, uint32_t bits)
{
	struct futex_waiter **pp = &waiters, *w;
	int woken = 0;

	while ((w = *pp) != NULL && woken < n) {
		if (!key_eq(&w->key, k) || !(w->bitset & bits)) {
			pp = &w->next;
			continue;
		}
		*pp = w->next;
		w->woken = true;
		wakeup(w);
		woken++;
	}
	return woken;
}

int futex_wake_addr(struct vm_map *m, uint64_t uaddr, int n)
{
	struct futex_key k = key_of(m, uaddr, false); /* Linux's exit wake is not private */
	unsigned long fl = sched_lock();
	int woken = wake_locked(&k, n, FUTEX_BITSET_ANY);

	sched_unlock(fl);
	return woken;
}

/* Move up to n waiters of from to to (sched_lock held); the number moved. */
static int requeue_locked(const struct futex_key *from, const struct futex_key *to, int n)
{
	struct futex_waiter *w;
	int moved = 0;

	for (w = waiters; w != NULL && moved < n; w = w->next) {
		if (key_eq(&w->key, from)) {
			w->key = *to;
			moved++;
		}
	}
	return moved;
}

/*
 * The wait's deadline on the monotonic clock from the user timespec at
 * uts (0: none): relative for FUTEX_WAIT, absolute on the chosen clock
 * for FUTEX_WAIT_BITSET.  TIME_NS_MAX: never.
 */
static int wait_deadline(uint64_t uts, int cmd, bool realtime, uint64_t *deadline)
{
	struct k_timespec ts;
	uint64_t ns, now = clock_monotonic_ns();
	int err;

	*deadline = 0;
	if (uts == 0)
		return 0;
	if (copy_from_user(&ts, uts, sizeof(ts)) != 0)
		return -EFAULT;
	if ((err = time_ts_to_ns(ts.tv_sec, ts.tv_nsec, &ns)) != 0)
		return err;
	if (cmd == FUTEX_WAIT)
		*deadline = time_deadline(now, ns);
	else if (!realtime)
		*deadline = ns;
	else {
		uint64_t real = clock_realtime_ns();

		/* The same distance from now on the monotonic clock (saturating). */
		*deadline = ns > real ? time_deadline(now, ns - real) : now;
	}
	if (*deadline == 0)
		*deadline = 1; /* an absolute 0: already passed, not "no timeout" */
	return 0;
}

static long futex_wait_restart(const struct restart_block *rb);

/*
 * A signal ends a wait without a timeout in -ERESTARTSYS; one with a
 * timeout, as Linux, in -ERESTART_RESTARTBLOCK: EINTR if a handler ran,
 * else (a stop and continue) it goes on to the same deadline.
 */
static long futex_wait(struct vm_map *m, uint64_t uaddr, bool private, uint32_t val,
		       uint32_t bits, uint64_t deadline)
{
	struct futex_waiter w = { .key = key_of(m, uaddr, private), .bitset = bits };
	unsigned long fl = sched_lock();
	uint32_t cur;
	int ret = 0;

	w.next = waiters; /* queued before the read: a wake after it finds us */
	waiters = &w;
	sched_unlock(fl);
	if (copy_from_user(&cur, uaddr, sizeof(cur)) != 0)
		ret = -EFAULT;
	else if (cur != val)
		ret = -EAGAIN;
	fl = sched_lock();
	if (ret != 0) {
		if (w.woken)
			ret = 0; /* a wake already took us off: report it, so it is not lost */
		else
			waiter_unlink(&w);
		sched_unlock(fl);
		return ret;
	}
	while (!w.woken && ret == 0) {
		if (deadline != 0 && clock_monotonic_ns() >= deadline)
			ret = -ETIMEDOUT;
		else
			ret = sleep_on_intr(&w, deadline);
	}
	if (w.woken)
		ret = 0; /* woken wins over a timeout or signal that came with it */
	else
		waiter_unlink(&w);
	sched_unlock(fl);
	if (ret == -EINTR && deadline == 0)
		return -ERESTARTSYS;
	if (ret == -EINTR) {
		curthread->t_restart = (struct restart_block){ futex_wait_restart, deadline, uaddr,
							       private, val | (uint64_t)bits << 32 };
		return -ERESTART_RESTARTBLOCK;
	}
	return ret;
}

static long futex_wait_restart(const struct restart_block *rb)
{
	return futex_wait(curproc()->p_map, rb->uaddr, rb->n != 0, (uint32_t)rb->arg,
			  (uint32_t)(rb->arg >> 32), rb->deadline);
}

static long futex_requeue(struct vm_map *m, uint64_t uaddr, bool private, int nwake,
			  int nreq, uint64_t uaddr2, bool cmp, uint32_t val3)
{
	struct futex_key k1, k2;
	unsigned long fl;
	uint32_t cur = 0;
	long n;

	if (nwake < 0 || nreq < 0)
		return -EINVAL;
	if (uaddr2 % 4 != 0)
		return -EINVAL;
	if (!user_range_ok(uaddr2, 4))
		return -EFAULT;
	k1 = key_of(m, uaddr, private);
	k2 = key_of(m, uaddr2, private);
	if (cmp && copy_from_user(&cur, uaddr, sizeof(cur)) != 0)
		return -EFAULT; /* (faults the page in for the read under the lock) */
	fl = sched_lock();
	if (cmp && copy_from_user(&cur, uaddr, sizeof(cur)) != 0) {
		sched_unlock(fl);
		return -EFAULT;
	}
	if (cmp && cur != val3) {
		sched_unlock(fl);
		return -EAGAIN;
	}
	n = wake_locked(&k1, nwake, FUTEX_BITSET_ANY);
	n += requeue_locked(&k1, &k2, nreq);
	sched_unlock(fl);
	return n;
}

long sys_futex(const struct sys_futex_args *uap)
{
	/* The words are keys here (their addresses name the futex); utime is val2 for requeue. */
	uint64_t uaddr = uptr_addr(uap->uaddr), utime = uptr_addr(uap->utime);
	uint64_t uaddr2 = uptr_addr(uap->uaddr2), deadline;
	int op = uap->op, cmd = op & FUTEX_CMD_MASK, err;
	uint32_t val = uap->val, val3 = uap->val3;
	bool realtime = op & FUTEX_CLOCK_REALTIME, private = op & FUTEX_PRIVATE_FLAG;
	struct vm_map *m = curproc()->p_map;

	if (realtime && cmd != FUTEX_WAIT_BITSET)
		return -ENOSYS; /* Linux's answer (4.5 allowed FUTEX_WAIT too, then reverted) */
	if (uaddr % 4 != 0)
		return -EINVAL;
	if (!user_range_ok(uaddr, 4))
		return -EFAULT;
	switch (cmd) {
	case FUTEX_WAIT:
		val3 = FUTEX_BITSET_ANY;
		/* fall through */
	case FUTEX_WAIT_BITSET:
		if (val3 == 0)
			return -EINVAL;
		if ((err = wait_deadline(utime, cmd, realtime, &deadline)) != 0)
			return err;
		return futex_wait(m, uaddr, private, val, val3, deadline);
	case FUTEX_WAKE:
		val3 = FUTEX_BITSET_ANY;
		/* fall through */
	case FUTEX_WAKE_BITSET: {
		struct futex_key k = key_of(m, uaddr, private);
		unsigned long fl;
		int n;

		if (val3 == 0)
			return -EINVAL;
		fl = sched_lock();
		n = wake_locked(&k, (int)val > 0 ? (int)val : 1, val3);
		sched_unlock(fl);
		return n;
	}
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(m, uaddr, private, (int)val, (int)utime, uaddr2,
				     cmd == FUTEX_CMP_REQUEUE, val3);
	default:
		return -ENOSYS;
	}
}

/* Robust lists (Linux's struct robust_list_head: next, futex_offset, list_op_pending). */
#define ROBUST_LIST_LIMIT 2048
#define ROBUST_HEAD_SIZE 24
#define FUTEX_WAITERS 0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u
#define FUTEX_TID_MASK 0x3FFFFFFFu

/*
 * The lock word at uaddr, if this thread holds it: OWNER_DIED, waiters
 * bit kept, and one waiter woken.  Read and written with interrupts off:
 * atomic against every other user of the page (Linux's cmpxchg).
 */
static void robust_death(struct vm_map *m, uint64_t uaddr, int tid)
{
	unsigned long fl;
	uint32_t v = 0, nv;
	bool ok;

	if (uaddr % 4 != 0 || copy_from_user(&v, uaddr, sizeof(v)) != 0)
		return; /* (faults the page in for the locked read and write) */
	fl = sched_lock();
	ok = copy_from_user(&v, uaddr, sizeof(v)) == 0 && (v & FUTEX_TID_MASK) == (uint32_t)tid;
	nv = (v & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
	ok = ok && copy_to_user(uaddr, &nv, sizeof(nv)) == 0;
	sched_unlock(fl);
	if (ok && (v & FUTEX_WAITERS))
		futex_wake_addr(m, uaddr, 1);
}

void futex_exit_robust(struct vm_map *m)
{
	uint64_t head = curthread->t_robust_head, entry, next, pending;
	int64_t off;
	int n;

	curthread->t_robust_head = 0;
	if (head == 0 || m == NULL)
		return;
	if (copy_from_user(&entry, head, 8) != 0 || copy_from_user(&off, head + 8, 8) != 0 ||
	    copy_from_user(&pending, head + 16, 8) != 0)
		return;
	entry &= ~1ull; /* bit 0: a PI futex (not supported: treated alike) */
	pending &= ~1ull;
	for (n = 0; entry != head && n < ROBUST_LIST_LIMIT; n++) {
		if (copy_from_user(&next, entry, 8) != 0)
			return;
		if (entry != pending)
			robust_death(m, entry + (uint64_t)off, curthread->t_tid);
		entry = next & ~1ull;
	}
	if (pending != 0)
		robust_death(m, pending + (uint64_t)off, curthread->t_tid);
}

long sys_set_robust_list(const struct sys_set_robust_list_args *uap)
{
	if (uap->len != ROBUST_HEAD_SIZE)
		return -EINVAL;
	curthread->t_robust_head = uptr_addr(uap->head); /* checked when walked, as Linux */
	return 0;
}

/* Linux's ptrace read check, as far as Breenix has it: root, or all of t's ids are c's real ones. */
static bool may_read_task(const struct cred *c, const struct cred *t)
{
	int i;

	if (cred_root(c))
		return true;
	for (i = ID_REAL; i <= ID_SAVED; i++)
		if (t->uid[i] != c->uid[ID_REAL] || t->gid[i] != c->gid[ID_REAL])
			return false;
	return true;
}

long sys_get_robust_list(const struct sys_get_robust_list_args *uap)
{
	int pid = uap->pid;
	uint64_t head, len = ROBUST_HEAD_SIZE;
	unsigned long fl = sched_lock();
	struct proc *p;

	struct thread *t = pid == 0 ? curthread : proc_find_thread(pid);

	p = t != NULL ? t->t_proc : NULL; /* pid is a thread id, as on Linux */
	if (p == NULL) {
		sched_unlock(fl);
		return -ESRCH;
	}
	if (!may_read_task(&curproc()->p_cred, &p->p_cred)) {
		sched_unlock(fl);
		return -EPERM;
	}
	head = t->t_robust_head;
	sched_unlock(fl);
	if (copy_to_user(uap->len_ptr, &len, sizeof(len)) != 0 ||
	    copy_to_user(uap->head_ptr, &head, sizeof(head)) != 0)
		return -EFAULT;
	return 0;
}
