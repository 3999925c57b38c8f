/*
 * eventfd.c: event counters (fs/eventfd.h), as Linux's eventfd.
 *
 * A 64-bit counter behind a file.  write adds its 8-byte value (blocking,
 * or EAGAIN, while the sum would reach UINT64_MAX, which is never held);
 * read returns the counter and zeroes it, or with EFD_SEMAPHORE returns 1
 * and decrements it (blocking, or EAGAIN, while it is 0).  Each change
 * wakes the other side and notifies pollers (fs/poll.h).  The file has an
 * anonymous vnode (mode 0600, no type bits, as Linux's anon inode) for
 * fstat; the vnode's last reference frees the counter.
 *
 * Locking: ev_count changes with the scheduler lock held, and sleepers
 * take it before testing, so no wakeup is lost.
 */
#include <fs/eventfd.h>
#include <fs/poll.h>
#include <kern/cred.h>
#include <kern/signal.h>
#include <kern/thread.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>

#define EVENTFD_MAX UINT64_MAX

struct eventfd {
	struct vnode ev_vn;
	uint64_t ev_count;     /* sched_lock */
	bool ev_semaphore;     /* fixed at creation */
};

static struct eventfd *E(struct file *f)
{
	return f->f_priv;
}

/* Whether a read, or a write adding v, can go on now (sched_lock held). */
static bool eventfd_ready(const struct eventfd *e, bool write, uint64_t v)
{
	return write ? EVENTFD_MAX - e->ev_count > v : e->ev_count > 0;
}

/*
 * Wait, with the scheduler lock held, until eventfd_ready or a signal: 0,
 * or -EAGAIN for a non-blocking file, -ERESTARTSYS for a signal (as Linux).
 */
static int eventfd_wait(struct file *f, bool write, uint64_t v)
{
	struct eventfd *e = E(f);

	while (!eventfd_ready(e, write, v)) {
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (signal_pending())
			return -ERESTARTSYS;
		sleep_on_intr(e, 0);
	}
	return 0;
}

static void eventfd_changed(struct eventfd *e)
{
	wakeup(e);
	poll_notify();
}

static long eventfd_read(struct file *f, struct uio *u, uint64_t *pos)
{
	struct eventfd *e = E(f);
	unsigned long fl;
	uint64_t v;
	int err;

	(void)pos;
	if (u->len < sizeof(v))
		return -EINVAL;
	fl = sched_lock();
	err = eventfd_wait(f, false, 0);
	if (err == 0) {
		v = e->ev_semaphore ? 1 : e->ev_count;
		e->ev_count -= v;
	}
	sched_unlock(fl);
	if (err != 0)
		return err;
	eventfd_changed(e);
	/* As Linux: the value is taken before the copy; a bad buffer loses it. */
	return uio_copyout(u, 0, &v, sizeof(v)) != 0 ? -EFAULT : (long)sizeof(v);
}

static long eventfd_write(struct file *f, struct uio *u, uint64_t *pos)
{
	struct eventfd *e = E(f);
	unsigned long fl;
	uint64_t v;
	int err;

	(void)pos;
	if (u->len < sizeof(v))
		return -EINVAL;
	if (uio_copyin(&v, u, 0, sizeof(v)) != 0)
		return -EFAULT;
	if (v == EVENTFD_MAX)
		return -EINVAL;
	fl = sched_lock();
	err = eventfd_wait(f, true, v);
	if (err == 0)
		e->ev_count += v;
	sched_unlock(fl);
	if (err != 0)
		return err;
	eventfd_changed(e);
	return sizeof(v);
}

static unsigned eventfd_poll(struct file *f)
{
	struct eventfd *e = E(f);
	unsigned long fl = sched_lock();
	unsigned ev = 0;

	if (e->ev_count > 0)
		ev |= POLLIN | POLLRDNORM;
	if (e->ev_count < EVENTFD_MAX - 1)
		ev |= POLLOUT | POLLWRNORM;
	sched_unlock(fl);
	return ev;
}

static const struct file_ops eventfd_ops = {
	.fop_read = eventfd_read,
	.fop_write = eventfd_write,
	.fop_poll = eventfd_poll,
};

static void eventfd_inactive(struct vnode *vn)
{
	kfree((struct eventfd *)vn);
}

static const struct vnode_ops eventfd_vnode_ops = {
	.vop_inactive = eventfd_inactive,
};

int eventfd_create(uint64_t initval, int flags, struct file **out)
{
	struct eventfd *e = kzalloc(sizeof(*e));
	struct file *f;

	if (e == NULL)
		return -ENOMEM;
	vnode_init(&e->ev_vn, NULL, 0600, &eventfd_vnode_ops);
	e->ev_vn.v_uid = cred_cur()->uid[ID_EFF];
	e->ev_vn.v_gid = cred_cur()->gid[ID_EFF];
	e->ev_count = initval;
	e->ev_semaphore = flags & EFD_SEMAPHORE;
	f = file_alloc(&e->ev_vn, &eventfd_ops, O_RDWR | (flags & O_NONBLOCK));
	mutex_lock(&vfs_lock);
	vnode_put(&e->ev_vn); /* the file holds it now (or it is freed) */
	mutex_unlock(&vfs_lock);
	if (f == NULL)
		return -ENOMEM;
	f->f_priv = e;
	*out = f;
	return 0;
}
