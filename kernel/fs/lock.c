/*
 * lock.c: advisory file locks, flock(2) and POSIX record locks (fs/lock.h).
 *
 * Every lock is a record in one of LOCK_BUCKETS lists, chosen by its key
 * (the vnode, or the file for a file without one).  A flock record is
 * owned by an open file description and covers the whole file; a POSIX
 * record is owned by a process and covers [l_start, l_end] (inclusive,
 * l_end INT64_MAX for "to the end and beyond").  A process's own POSIX
 * records on a file never overlap, and two of the same type never touch:
 * posix_apply splits and merges them as each request demands.
 *
 * Locking: one CPU; every list and the waiters' list change with
 * interrupts off (sched_lock), and a request sleeps on lock_chan, which
 * every release wakes.  Memory is allocated before and freed after the
 * interrupts-off part, so the heap is never entered with them off.
 *
 * Ownership: a POSIX record names its owner process, which cannot go
 * while it holds records (exit drops them: lock_release_proc), and its
 * key, a vnode that cannot go either: the owner holds a descriptor of the
 * file, and closing any descriptor of it drops the owner's records there
 * (lock_close_posix).  A flock record goes with its description's last
 * reference (lock_close_file), before the description drops its vnode.
 *
 * Deadlock: a process that would sleep on a lock first walks the wait-for
 * graph, as Linux's posix_locks_deadlock: the holder in its way, what
 * that holder waits for, its holder... up to LOCK_DEADLK_DEPTH steps; if
 * the walk comes back to the caller the request fails with EDEADLK.
 */
#include <abi/linux.h>
#include <fs/file.h>
#include <fs/lock.h>
#include <kern/proc.h>
#include <kern/thread.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>

#define LOCK_BUCKETS 64
#define LOCK_DEADLK_DEPTH 16
#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8

struct lockrec {
	struct lockrec *l_next;
	const void *l_key;
	bool l_posix;
	int l_type;             /* F_RDLCK or F_WRLCK */
	int64_t l_start, l_end; /* inclusive */
	struct proc *l_proc;    /* POSIX: the owner */
	struct file *l_file;    /* flock: the owner */
};

/* A process asleep in F_SETLKW, and what it asks for (on its kernel stack). */
struct waiter {
	struct waiter *w_next;
	struct lockrec w_req;
};

static struct lockrec *buckets[LOCK_BUCKETS];
static unsigned lock_total; /* records in all lists, at most LOCK_MAX_TOTAL */
static struct waiter *waiters;
static char lock_chan;

static const void *key_of(struct file *f)
{
	return f->f_vnode != NULL ? (const void *)f->f_vnode : (const void *)f;
}

static struct lockrec **bucket(const void *key)
{
	return &buckets[((uintptr_t)key >> 6) % LOCK_BUCKETS];
}

static bool same_owner(const struct lockrec *a, const struct lockrec *b)
{
	return a->l_posix ? a->l_proc == b->l_proc : a->l_file == b->l_file;
}

static bool overlaps(const struct lockrec *r, int64_t s, int64_t e)
{
	return r->l_start <= e && r->l_end >= s;
}

/* Overlapping or adjacent: a record of the same type merges with it. */
static bool touches(const struct lockrec *r, int64_t s, int64_t e)
{
	return (e == INT64_MAX || r->l_start <= e + 1) && (s == 0 || r->l_end >= s - 1);
}

/* The first record of another owner that req may not coexist with (interrupts off). */
static struct lockrec *first_conflict(const struct lockrec *req)
{
	struct lockrec *r;

	for (r = *bucket(req->l_key); r != NULL; r = r->l_next)
		if (r->l_key == req->l_key && r->l_posix == req->l_posix && !same_owner(r, req) &&
		    overlaps(r, req->l_start, req->l_end) &&
		    (r->l_type == F_WRLCK || req->l_type == F_WRLCK))
			return r;
	return NULL;
}

static struct waiter *waiter_of(const struct proc *p)
{
	struct waiter *w;

	for (w = waiters; w != NULL; w = w->w_next)
		if (w->w_req.l_proc == p)
			return w;
	return NULL;
}

/* Whether waiting behind blocker would close a cycle back to me (interrupts off). */
static bool would_deadlock(const struct proc *me, const struct lockrec *blocker)
{
	const struct proc *owner = blocker->l_proc;
	int i;

	for (i = 0; i < LOCK_DEADLK_DEPTH; i++) {
		struct waiter *w;

		if (owner == me)
			return true;
		if ((w = waiter_of(owner)) == NULL || (blocker = first_conflict(&w->w_req)) == NULL)
			return false;
		owner = blocker->l_proc;
	}
	return false;
}

/* Unlink *pp onto the dead list (freed once interrupts are on again). */
static void unlink_rec(struct lockrec **pp, struct lockrec **dead)
{
	struct lockrec *r = *pp;

	*pp = r->l_next;
	lock_total--;
	if (r->l_posix)
		r->l_proc->p_nlocks--;
	r->l_next = *dead;
	*dead = r;
}

static void free_list(struct lockrec *r)
{
	while (r != NULL) {
		struct lockrec *next = r->l_next;

		kfree(r);
		r = next;
	}
}

static bool own(const struct lockrec *r, const struct lockrec *req)
{
	return r->l_key == req->l_key && r->l_posix == req->l_posix && same_owner(r, req);
}

/* Records the request adds at most: the new one, and a piece of a record it splits. */
static unsigned records_needed(const struct lockrec *req)
{
	struct lockrec *r;
	unsigned n = req->l_type != F_UNLCK;

	for (r = *bucket(req->l_key); r != NULL; r = r->l_next)
		if (own(r, req) && r->l_start < req->l_start && r->l_end > req->l_end &&
		    r->l_type != req->l_type)
			return n + 1;
	return n;
}

/*
 * Make the owner's records on the file say req (F_UNLCK: nothing) over
 * its range, leaving the rest as it was (interrupts off).  spare holds
 * the two records this may need, taken as used.
 */
static void posix_apply(const struct lockrec *req, struct lockrec **spare, struct lockrec **dead)
{
	int64_t s = req->l_start, e = req->l_end, ns = s, ne = e;
	struct lockrec **pp = bucket(req->l_key), *r, *n;

	while ((r = *pp) != NULL) {
		if (!own(r, req)) {
			pp = &r->l_next;
		} else if (req->l_type == r->l_type && touches(r, ns, ne)) {
			ns = r->l_start < ns ? r->l_start : ns;
			ne = r->l_end > ne ? r->l_end : ne;
			unlink_rec(pp, dead);
		} else if (!overlaps(r, s, e)) {
			pp = &r->l_next;
		} else if (r->l_start < s && r->l_end > e) {
			n = spare[1];
			spare[1] = NULL;
			*n = *r;
			n->l_start = e + 1;
			r->l_end = s - 1;
			r->l_next = n;
			r->l_proc->p_nlocks++;
			lock_total++;
			pp = &n->l_next;
		} else if (r->l_start < s) {
			r->l_end = s - 1;
			pp = &r->l_next;
		} else if (r->l_end > e) {
			r->l_start = e + 1;
			pp = &r->l_next;
		} else {
			unlink_rec(pp, dead);
		}
	}
	if (req->l_type == F_UNLCK)
		return;
	n = spare[0];
	spare[0] = NULL;
	*n = *req;
	n->l_start = ns;
	n->l_end = ne;
	pp = bucket(req->l_key);
	n->l_next = *pp;
	*pp = n;
	n->l_proc->p_nlocks++;
	lock_total++;
}

/* Sleep until a lock goes (interrupts off): 0, or -ERESTARTSYS for a signal. */
static int wait_release(void)
{
	return sleep_on_intr(&lock_chan, 0) == -EINTR ? -ERESTARTSYS : 0;
}

static int posix_set(struct lockrec *req, bool wait, struct lockrec **spare,
		     struct lockrec **dead)
{
	struct proc *p = req->l_proc;
	struct waiter w = { .w_req = *req };
	struct lockrec *c;
	unsigned need;
	int err;

	while (req->l_type != F_UNLCK && (c = first_conflict(req)) != NULL) {
		if (!wait)
			return -EAGAIN;
		if (would_deadlock(p, c))
			return -EDEADLK;
		w.w_next = waiters;
		waiters = &w;
		err = wait_release();
		for (struct waiter **wp = &waiters; *wp != NULL; wp = &(*wp)->w_next)
			if (*wp == &w) {
				*wp = w.w_next;
				break;
			}
		if (err != 0)
			return err;
	}
	need = records_needed(req);
	if (p->p_nlocks + need > LOCK_MAX_PER_PROC || lock_total + need > LOCK_MAX_TOTAL)
		return -ENOLCK;
	posix_apply(req, spare, dead);
	return 0;
}

static void getlk(const struct lockrec *req, struct flock *fl)
{
	unsigned long irq = sched_lock();
	const struct lockrec *c = first_conflict(req);

	if (c == NULL) {
		fl->l_type = F_UNLCK;
	} else {
		fl->l_type = (int16_t)c->l_type;
		fl->l_whence = SEEK_SET;
		fl->l_start = c->l_start;
		fl->l_len = c->l_end == INT64_MAX ? 0 : c->l_end - c->l_start + 1;
		fl->l_pid = c->l_proc->p_pid;
	}
	sched_unlock(irq);
}

int lock_posix(struct file *f, int cmd, struct flock *fl, int64_t start)
{
	struct lockrec req = { .l_key = key_of(f), .l_posix = true, .l_type = fl->l_type,
			       .l_proc = curproc() };
	struct lockrec *spare[2] = { NULL, NULL }, *dead = NULL;
	unsigned long irq;
	int err;

	if (fl->l_len > 0) {
		req.l_start = start;
		req.l_end = start + (fl->l_len - 1);
	} else if (fl->l_len < 0) {
		req.l_start = start + fl->l_len;
		req.l_end = start - 1;
	} else {
		req.l_start = start;
		req.l_end = INT64_MAX;
	}
	if (cmd == F_GETLK) {
		getlk(&req, fl);
		return 0;
	}
	spare[0] = kmalloc(sizeof(struct lockrec));
	spare[1] = kmalloc(sizeof(struct lockrec));
	if (spare[0] == NULL || spare[1] == NULL) {
		err = -ENOLCK;
		goto out;
	}
	irq = sched_lock();
	err = posix_set(&req, cmd == F_SETLKW, spare, &dead);
	sched_unlock(irq);
	if (dead != NULL)
		wakeup(&lock_chan);
out:
	kfree(spare[0]);
	kfree(spare[1]);
	free_list(dead);
	return err;
}

/*
 * flock: as Linux's flock_lock_inode, a description that has a lock of
 * the other type drops it first (so the change is not atomic), then
 * waits for the new one unless LOCK_NB.
 */
int lock_flock(struct file *f, int op)
{
	struct lockrec req = { .l_key = key_of(f), .l_start = 0, .l_end = INT64_MAX, .l_file = f };
	struct lockrec **pp, *r, *dead = NULL, *spare;
	unsigned long irq;
	int err = 0;

	switch (op & ~LOCK_NB) {
	case LOCK_SH: req.l_type = F_RDLCK; break;
	case LOCK_EX: req.l_type = F_WRLCK; break;
	case LOCK_UN: req.l_type = F_UNLCK; break;
	default: return -EINVAL;
	}
	spare = req.l_type != F_UNLCK ? kmalloc(sizeof(*spare)) : NULL;
	if (req.l_type != F_UNLCK && spare == NULL)
		return -ENOLCK;
	irq = sched_lock();
	for (pp = bucket(req.l_key); (r = *pp) != NULL; pp = &r->l_next)
		if (own(r, &req))
			break;
	if (r != NULL && r->l_type == req.l_type)
		goto unlock;
	if (r != NULL)
		unlink_rec(pp, &dead);
	if (req.l_type == F_UNLCK)
		goto unlock;
	while (first_conflict(&req) != NULL) {
		if (op & LOCK_NB) {
			err = -EWOULDBLOCK;
			goto unlock;
		}
		if ((err = wait_release()) != 0)
			goto unlock;
	}
	if (lock_total >= LOCK_MAX_TOTAL) {
		err = -ENOLCK;
		goto unlock;
	}
	*spare = req;
	pp = bucket(req.l_key);
	spare->l_next = *pp;
	*pp = spare;
	spare = NULL;
	lock_total++;
unlock:
	sched_unlock(irq);
	if (dead != NULL)
		wakeup(&lock_chan);
	kfree(spare);
	free_list(dead);
	return err;
}

/* Drop the records match says are going, from one bucket or all (key NULL). */
static void drop(const void *key, bool (*match)(const struct lockrec *, const void *),
		 const void *arg)
{
	struct lockrec **pp, *r, *dead = NULL;
	unsigned long irq = sched_lock();
	unsigned b;

	for (b = 0; b < LOCK_BUCKETS; b++) {
		pp = key != NULL ? bucket(key) : &buckets[b];
		while ((r = *pp) != NULL) {
			if ((key == NULL || r->l_key == key) && match(r, arg))
				unlink_rec(pp, &dead);
			else
				pp = &r->l_next;
		}
		if (key != NULL)
			break;
	}
	sched_unlock(irq);
	if (dead != NULL)
		wakeup(&lock_chan);
	free_list(dead);
}

static bool posix_of(const struct lockrec *r, const void *p)
{
	return r->l_posix && r->l_proc == p;
}

static bool flock_of(const struct lockrec *r, const void *f)
{
	return !r->l_posix && r->l_file == f;
}

void lock_close_posix(struct proc *p, struct file *f)
{
	if (p != NULL && p->p_nlocks > 0)
		drop(key_of(f), posix_of, p);
}

void lock_release_proc(struct proc *p)
{
	if (p->p_nlocks > 0)
		drop(NULL, posix_of, p);
}

void lock_close_file(struct file *f)
{
	drop(key_of(f), flock_of, f);
}
