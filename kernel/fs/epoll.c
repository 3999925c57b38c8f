/*
 * epoll.c: epoll instances (fs/epoll.h).
 *
 * An epoll file holds an interest list of items, one per (file, fd)
 * pair, as Linux keys them.  Readiness is not pushed to the instance:
 * epoll_wait asks each watched file's poll op, as poll(2) does, and when
 * nothing is ready it sleeps on poll(2)'s channel (fs/poll.h), which every
 * file whose readiness changes notifies.  So epoll shares poll's machinery
 * and costs O(items) per wakeup, which is fine at Breenix's scale.
 *
 * Edge-triggered items (EPOLLET) remember the notification count
 * (poll_generation) at which they were last reported, and are reported
 * again only when ready after a later notification.  Notifications are
 * global, so an edge may be reported that Linux would not (after another
 * file's activity, or after a partial read of this one), never one fewer:
 * programs written for EPOLLET (read until EAGAIN) are not affected.
 * EPOLLONESHOT disables an item once reported, until EPOLL_CTL_MOD.
 * EPOLLEXCLUSIVE is accepted (with Linux's checks) and changes nothing:
 * every waiter is woken anyway.
 *
 * Lifetime: an item does not hold its file.  When the file's last
 * reference goes (file_put), epoll_file_gone marks its items dead
 * (ei_file = NULL); an instance frees its dead items when it next walks
 * its list.  So closing a descriptor removes its items exactly when Linux
 * does: when no descriptor (or in-flight message) names the file any more.
 * While polling a file the walker pins it: a reference taken only while
 * the count is not yet 0, so a file on its way out is skipped, never
 * revived.
 *
 * Locking: ep_mtx guards an instance's item list and its items' fields;
 * ei_file and each file's f_epoll list change with the scheduler lock
 * (epoll_file_gone runs from file_put, which may hold other locks, so it
 * takes no sleeping lock).  Nested instances lock outer before inner; the
 * loop check at EPOLL_CTL_ADD (under epoll_nest_lock, so that two adds
 * cannot close a loop together) keeps that order acyclic, and bounds the
 * nesting (levels above the instance + 1 + levels below the one added,
 * at most EP_MAX_NESTS), which bounds the recursion of a nested poll.
 */
#include <fs/epoll.h>
#include <fs/poll.h>
#include <kern/clock.h>
#include <kern/cred.h>
#include <kern/mutex.h>
#include <kern/signal.h>
#include <kern/thread.h>
#include <kern/uaccess.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>

#define EP_MAX_NESTS 4     /* Linux's bound on the levels of nesting */
#define EP_MAX_ITEMS 1024  /* per instance: more is ENOSPC (Linux: max_user_watches) */
#define EP_FLAGS (EPOLLET | EPOLLONESHOT | EPOLLEXCLUSIVE | EPOLLWAKEUP)
#define EP_EXCLUSIVE_OK (EPOLLIN | EPOLLOUT | EPOLLRDNORM | EPOLLWRNORM | EPOLLERR | \
			 EPOLLHUP | EPOLLWAKEUP | EPOLLET | EPOLLEXCLUSIVE)
#define GEN_NONE UINT64_MAX /* an ET item not reported since it was set */

struct epitem {
	struct epoll *ei_owner;   /* the instance whose list it is on [immutable] */
	struct file *ei_file;     /* sched_lock; NULL once the file is gone */
	struct epitem *ei_fnext;  /* sched_lock: the file's f_epoll list */
	struct epitem *ei_next;   /* ep_mtx: the instance's list */
	int ei_fd;
	uint32_t ei_events;       /* asked for, with EPOLLERR | EPOLLHUP and the flags */
	uint64_t ei_data;
	uint64_t ei_gen;          /* EPOLLET: poll_generation when last reported */
	bool ei_disabled;         /* EPOLLONESHOT: reported; MOD re-arms it */
};

struct epoll {
	struct vnode ep_vn;       /* anonymous, for fstat; its last put frees the instance */
	struct mutex ep_mtx;
	struct epitem *ep_items;  /* ep_mtx */
	unsigned ep_nitems;       /* ep_mtx */
	struct file *ep_file;     /* its file [immutable]: the instance dies with it */
	uint64_t ep_walk;         /* epoll_nest_lock: the loop check that last reached it */
	int ep_walk_depth;        /* and at what depth */
};

static struct mutex epoll_nest_lock;
static const struct file_ops epoll_ops;

static struct epoll *EP(const struct file *f)
{
	return f->f_priv;
}

bool file_is_epoll(const struct file *f)
{
	return f->f_ops == &epoll_ops;
}

/* The item's file with a reference, or NULL if it is gone or going. */
static struct file *item_pin(struct epitem *it)
{
	unsigned long fl = sched_lock();
	struct file *f = it->ei_file;

	if (f != NULL && f->f_refs > 0)
		f->f_refs++;
	else
		f = NULL;
	sched_unlock(fl);
	return f;
}

static bool item_dead(struct epitem *it)
{
	unsigned long fl = sched_lock();
	bool dead = it->ei_file == NULL;

	sched_unlock(fl);
	return dead;
}

/* Take it off its file's list (if the file is still there). */
static void item_unlink_file(struct epitem *it)
{
	unsigned long fl = sched_lock();
	struct epitem **pp;

	if (it->ei_file != NULL) {
		for (pp = &it->ei_file->f_epoll; *pp != it; pp = &(*pp)->ei_fnext)
			;
		*pp = it->ei_fnext;
		it->ei_file = NULL;
	}
	sched_unlock(fl);
}

void epoll_file_gone(struct file *f)
{
	unsigned long fl = sched_lock();
	struct epitem *it;

	for (it = f->f_epoll; it != NULL; it = it->ei_fnext)
		it->ei_file = NULL;
	f->f_epoll = NULL;
	sched_unlock(fl);
}

/* With ep_mtx: the live item for (tf, fd), or NULL. */
static struct epitem *ep_find(struct epoll *ep, struct file *tf, int fd)
{
	struct epitem *it;

	for (it = ep->ep_items; it != NULL; it = it->ei_next)
		if (it->ei_fd == fd && it->ei_file == tf)
			return it;
	return NULL;
}

/* With ep_mtx: free the dead items (files gone since the last walk). */
static void ep_reap(struct epoll *ep)
{
	struct epitem **pp = &ep->ep_items, *it;

	while ((it = *pp) != NULL) {
		if (item_dead(it)) {
			*pp = it->ei_next;
			ep->ep_nitems--;
			kfree(it);
		} else {
			pp = &it->ei_next;
		}
	}
}

/* The events of it that are ready now (0 if none, or if its file is going). */
static uint32_t item_ready(struct epitem *it)
{
	struct file *f;
	uint32_t ev;

	if (it->ei_disabled)
		return 0;
	f = item_pin(it);
	if (f == NULL)
		return 0;
	ev = f->f_ops->fop_poll != NULL ? f->f_ops->fop_poll(f) : POLLIN | POLLOUT;
	file_put(f);
	return ev & (it->ei_events & ~EP_FLAGS);
}

/* Whether it is to be reported now, given what is ready and the generation of the scan. */
static bool item_due(const struct epitem *it, uint32_t ev, uint64_t gen)
{
	return ev != 0 && (!(it->ei_events & EPOLLET) || it->ei_gen != gen);
}

/*
 * With ep_mtx: up to max due events into out; the items reported move to
 * the end of the list, so that a small max still serves every item in
 * turn, as Linux's ready list does.
 */
static int ep_collect(struct epoll *ep, struct epoll_event *out, int max, uint64_t gen)
{
	struct epitem **pp = &ep->ep_items, *it, *done = NULL, **donetail = &done;
	int n = 0;

	ep_reap(ep);
	while ((it = *pp) != NULL && n < max) {
		uint32_t ev = item_ready(it);

		if (!item_due(it, ev, gen)) {
			pp = &it->ei_next;
			continue;
		}
		out[n].events = ev;
		out[n].data = it->ei_data;
		n++;
		it->ei_gen = gen;
		if (it->ei_events & EPOLLONESHOT)
			it->ei_disabled = true;
		*pp = it->ei_next;
		it->ei_next = NULL;
		*donetail = it;
		donetail = &it->ei_next;
	}
	while (*pp != NULL)
		pp = &(*pp)->ei_next;
	*pp = done;
	return n;
}

long epoll_wait(struct file *f, uaddr_t uevents, int max, uint64_t deadline, bool once)
{
	struct epoll *ep = EP(f);
	struct epoll_event *ev;
	long n;

	if (max > EP_MAX_ITEMS)
		max = EP_MAX_ITEMS; /* no more can be ready at once */
	ev = kmalloc((size_t)max * sizeof(*ev));
	if (ev == NULL)
		return -ENOMEM;
	for (;;) {
		uint64_t gen = poll_generation();
		int w;

		mutex_lock(&ep->ep_mtx);
		n = ep_collect(ep, ev, max, gen);
		mutex_unlock(&ep->ep_mtx);
		if (n > 0 || once || (w = poll_sleep(gen, deadline)) == 0)
			break;
		if (w < 0) {
			n = -EINTR; /* as Linux: epoll_wait is never restarted */
			break;
		}
	}
	if (n > 0 && copy_to_user(uevents, ev, (size_t)n * sizeof(*ev)) != 0)
		n = -EFAULT;
	kfree(ev);
	return n;
}

static uint64_t walk_gen; /* epoll_nest_lock */

/*
 * Whether this walk has reached ep at this depth or deeper already: a
 * node is walked again only from deeper down, so the walks cost
 * O(instances * EP_MAX_NESTS) however the instances share each other,
 * and still find the deepest path (Linux's loop_check_gen, made exact).
 */
static bool walk_seen(struct epoll *ep, int depth)
{
	if (ep->ep_walk == walk_gen && ep->ep_walk_depth >= depth)
		return true;
	ep->ep_walk = walk_gen;
	ep->ep_walk_depth = depth;
	return false;
}

/*
 * The levels of instances nested below ep (0: none), walking down from
 * it; EP_MAX_NESTS + 1 once too deep or when target is among them (adding
 * target's file to ep would close a loop).  Under epoll_nest_lock.
 */
static int ep_depth_below(struct epoll *ep, struct epoll *target, int depth)
{
	struct epitem *it;
	int max = 0;

	if (ep == target || depth > EP_MAX_NESTS)
		return EP_MAX_NESTS + 1;
	if (walk_seen(ep, depth))
		return 0;
	mutex_lock(&ep->ep_mtx);
	for (it = ep->ep_items; it != NULL && max <= EP_MAX_NESTS; it = it->ei_next) {
		struct file *f = item_pin(it);
		int d;

		if (f == NULL)
			continue;
		if (file_is_epoll(f) && (d = 1 + ep_depth_below(EP(f), target, depth + 1)) > max)
			max = d;
		file_put(f); /* a last put closes an instance below ep, whose lock is not held */
	}
	mutex_unlock(&ep->ep_mtx);
	return max;
}

/*
 * The levels of instances above ep (watching it, or one that watches it):
 * the items on its file's f_epoll list name their owners.  With the
 * scheduler lock (those lists change under it) and epoll_nest_lock.
 */
static int ep_depth_above(struct epoll *ep, int depth)
{
	struct epitem *it;
	int max = 0;

	if (depth > EP_MAX_NESTS)
		return EP_MAX_NESTS + 1;
	if (walk_seen(ep, depth))
		return 0;
	for (it = ep->ep_file->f_epoll; it != NULL && max <= EP_MAX_NESTS; it = it->ei_fnext) {
		int d = 1 + ep_depth_above(it->ei_owner, depth + 1);

		if (d > max)
			max = d;
	}
	return max;
}

/* Whether watching the instance tf from ep would close a loop or nest too deep (ELOOP). */
static bool ep_nest_bad(struct epoll *ep, struct epoll *tf)
{
	unsigned long fl;
	int below, above;

	walk_gen++;
	below = ep_depth_below(tf, ep, 0);
	walk_gen++;
	fl = sched_lock();
	above = ep_depth_above(ep, 0);
	sched_unlock(fl);
	return above + 1 + below > EP_MAX_NESTS;
}

static int ep_insert(struct epoll *ep, int fd, struct file *tf, const struct epoll_event *ev)
{
	struct epitem *it;
	unsigned long fl;

	if (ep->ep_nitems >= EP_MAX_ITEMS)
		return -ENOSPC;
	it = kzalloc(sizeof(*it));
	if (it == NULL)
		return -ENOMEM;
	it->ei_owner = ep;
	it->ei_fd = fd;
	it->ei_events = ev->events | EPOLLERR | EPOLLHUP;
	it->ei_data = ev->data;
	it->ei_gen = GEN_NONE;
	fl = sched_lock();
	it->ei_file = tf;
	it->ei_fnext = tf->f_epoll;
	tf->f_epoll = it;
	sched_unlock(fl);
	it->ei_next = ep->ep_items;
	ep->ep_items = it;
	ep->ep_nitems++;
	return 0;
}

static void ep_remove(struct epoll *ep, struct epitem *it)
{
	struct epitem **pp;

	item_unlink_file(it);
	for (pp = &ep->ep_items; *pp != it; pp = &(*pp)->ei_next)
		;
	*pp = it->ei_next;
	ep->ep_nitems--;
	kfree(it);
}

/* With ep_mtx: the operation on the item for (tf, fd), as Linux's do_epoll_ctl's switch. */
static int ep_apply(struct epoll *ep, int op, int fd, struct file *tf, const struct epoll_event *ev)
{
	struct epitem *it;

	ep_reap(ep);
	it = ep_find(ep, tf, fd);
	switch (op) {
	case EPOLL_CTL_ADD:
		return it == NULL ? ep_insert(ep, fd, tf, ev) : -EEXIST;
	case EPOLL_CTL_DEL:
		if (it == NULL)
			return -ENOENT;
		ep_remove(ep, it);
		return 0;
	case EPOLL_CTL_MOD:
		if (it == NULL)
			return -ENOENT;
		if (it->ei_events & EPOLLEXCLUSIVE)
			return -EINVAL;
		it->ei_events = ev->events | EPOLLERR | EPOLLHUP;
		it->ei_data = ev->data;
		it->ei_gen = GEN_NONE; /* as Linux, a ready file is reported again */
		it->ei_disabled = false;
		return 0;
	default:
		return -EINVAL;
	}
}

int epoll_ctl(struct file *f, int op, int fd, struct file *tf, const struct epoll_event *ev)
{
	bool has_event = op != EPOLL_CTL_DEL, nest;
	struct epoll *ep;
	int err;

	if (tf->f_ops->fop_poll == NULL || tf->f_ops->fop_always_ready)
		return -EPERM; /* regular files, directories, disks: Linux's !file_can_poll */
	if (f == tf || !file_is_epoll(f))
		return -EINVAL;
	if (has_event && (ev->events & EPOLLEXCLUSIVE)) {
		if (op == EPOLL_CTL_MOD)
			return -EINVAL;
		if (op == EPOLL_CTL_ADD &&
		    (file_is_epoll(tf) || (ev->events & ~EP_EXCLUSIVE_OK)))
			return -EINVAL;
	}
	ep = EP(f);
	nest = op == EPOLL_CTL_ADD && file_is_epoll(tf);
	if (nest) {
		mutex_lock(&epoll_nest_lock);
		if (ep_nest_bad(ep, EP(tf))) {
			mutex_unlock(&epoll_nest_lock);
			return -ELOOP;
		}
	}
	mutex_lock(&ep->ep_mtx);
	err = ep_apply(ep, op, fd, tf, ev);
	mutex_unlock(&ep->ep_mtx);
	if (nest)
		mutex_unlock(&epoll_nest_lock);
	return err;
}

/* An epoll file polls readable while one of its items is due (nothing is consumed). */
static unsigned epoll_poll(struct file *f)
{
	struct epoll *ep = EP(f);
	uint64_t gen = poll_generation();
	struct epitem *it;
	unsigned ev = 0;

	mutex_lock(&ep->ep_mtx);
	for (it = ep->ep_items; it != NULL && ev == 0; it = it->ei_next)
		if (item_due(it, item_ready(it), gen))
			ev = POLLIN | POLLRDNORM;
	mutex_unlock(&ep->ep_mtx);
	return ev;
}

/* The instance's last file reference: forget every item. */
static void epoll_close(struct file *f)
{
	struct epoll *ep = EP(f);
	struct epitem *it;

	mutex_lock(&ep->ep_mtx);
	while ((it = ep->ep_items) != NULL) {
		item_unlink_file(it);
		ep->ep_items = it->ei_next;
		kfree(it);
	}
	ep->ep_nitems = 0;
	mutex_unlock(&ep->ep_mtx);
}

static const struct file_ops epoll_ops = {
	.fop_poll = epoll_poll,
	.fop_close = epoll_close,
};

static void epoll_inactive(struct vnode *vn)
{
	kfree((struct epoll *)vn);
}

static const struct vnode_ops epoll_vnode_ops = {
	.vop_inactive = epoll_inactive,
};

int epoll_create(struct file **out)
{
	struct epoll *ep = kzalloc(sizeof(*ep));
	struct file *f;

	if (ep == NULL)
		return -ENOMEM;
	vnode_init(&ep->ep_vn, NULL, 0600, &epoll_vnode_ops);
	ep->ep_vn.v_uid = cred_cur()->uid[ID_EFF];
	ep->ep_vn.v_gid = cred_cur()->gid[ID_EFF];
	f = file_alloc(&ep->ep_vn, &epoll_ops, O_RDWR);
	mutex_lock(&vfs_lock);
	vnode_put(&ep->ep_vn); /* the file holds it now (or it is freed) */
	mutex_unlock(&vfs_lock);
	if (f == NULL)
		return -ENOMEM;
	f->f_priv = ep;
	ep->ep_file = f;
	*out = f;
	return 0;
}
