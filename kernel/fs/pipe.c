/*
 * pipe.c: anonymous pipes (fs/pipe.h).
 *
 * A ring buffer of PIPE_SIZE bytes, guarded by a per-pipe mutex; readers
 * and writers sleep on the pipe (rd/wr channels) with the scheduler lock
 * taken before the mutex is dropped, so a wakeup cannot slip in between.
 * An anonymous pipe's vnode (type S_IFIFO, for fstat) is referenced by both
 * files; the last file's vnode_put frees the pipe (pipe_inactive).
 *
 * FIFOs (named pipes, pipe_fifo_open): the FIFO's vnode, in whatever file
 * system holds it, points at a pipe (v_pipe) while anyone has it open or
 * is opening it (p_users, under the scheduler lock); the first open makes
 * the pipe, the last close frees it with any bytes left unread, as Linux.
 * Opening for reading waits for a writer to open, and for writing waits
 * for a reader (O_NONBLOCK: a reader does not wait; a writer gets ENXIO
 * if there is no reader); O_RDWR never waits.  A waiter looks for a
 * partner's open, counted in r_opens / w_opens, so a partner that opens
 * and closes at once still lets it go on, as Linux's wait_for_partner.
 *
 * Packet mode (pipe2 with O_DIRECT, as Linux): each write of up to
 * PIPE_BUF bytes is one packet (a larger one is cut into packets of
 * PIPE_BUF), a read takes at most one packet and drops what of it does not
 * fit, and the pipe holds at most PIPE_PACKETS packets, as Linux's 16
 * buffers.  The packets' lengths sit in a ring of their own beside the
 * bytes; zero-length writes make no packet.
 */
#include <fs/pipe.h>
#include <fs/poll.h>
#include <kern/proc.h>
#include <kern/signal.h>
#include <kern/thread.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>

#define PIPE_PACKETS 16

struct pipe {
	struct vnode vn;
	struct mutex lock;
	char *buf;
	size_t head;    /* next byte to read */
	size_t count;   /* bytes in the buffer */
	int readers, writers;
	bool packet;    /* O_DIRECT: packet mode; fixed at creation */
	uint16_t pkt_len[PIPE_PACKETS]; /* packet mode: the queued packets' sizes */
	unsigned pkt_head, pkt_count;
	/* A FIFO's pipe: its vnode, files and openers (sched_lock), and opens per end. */
	struct vnode *fifo;
	unsigned users;
	unsigned r_opens, w_opens;
};

static struct pipe *P(struct file *f)
{
	return f->f_priv;
}

/*
 * Sleep on chan, releasing the pipe's mutex without losing a wakeup: 0,
 * or -ERESTARTSYS, without sleeping, if a signal is to be handled.  The
 * callers recheck their condition first, so data that is there wins.
 */
static int pipe_wait(struct pipe *p, const void *chan)
{
	unsigned long fl;

	if (signal_pending())
		return -ERESTARTSYS;
	fl = sched_lock();
	mutex_unlock(&p->lock);
	sleep_on_intr(chan, 0);
	sched_unlock(fl);
	mutex_lock(&p->lock);
	return 0;
}

static void pipe_wake(const void *chan)
{
	wakeup(chan);
	poll_notify();
}

/* Copy n bytes out of the ring to u at off (two pieces across the wrap). */
static int ring_out(struct pipe *p, struct uio *u, size_t off, size_t n)
{
	size_t first = PIPE_SIZE - p->head < n ? PIPE_SIZE - p->head : n;

	if (uio_copyout(u, off, p->buf + p->head, first) != 0 ||
	    uio_copyout(u, off + first, p->buf, n - first) != 0)
		return -EFAULT;
	p->head = (p->head + n) % PIPE_SIZE;
	p->count -= n;
	return 0;
}

static int ring_in(struct pipe *p, struct uio *u, size_t off, size_t n)
{
	size_t tail = (p->head + p->count) % PIPE_SIZE;
	size_t first = PIPE_SIZE - tail < n ? PIPE_SIZE - tail : n;

	if (uio_copyin(p->buf + tail, u, off, first) != 0 ||
	    uio_copyin(p->buf, u, off + first, n - first) != 0)
		return -EFAULT;
	p->count += n;
	return 0;
}

/* Packet mode: n bytes of the oldest packet were read: drop the rest of it. */
static void packet_done(struct pipe *p, size_t n)
{
	size_t rest = p->pkt_len[p->pkt_head] - n;

	p->head = (p->head + rest) % PIPE_SIZE;
	p->count -= rest;
	p->pkt_head = (p->pkt_head + 1) % PIPE_PACKETS;
	p->pkt_count--;
}

static long pipe_read(struct file *f, struct uio *u, uint64_t *pos)
{
	struct pipe *p = P(f);
	size_t avail;
	long ret;

	(void)pos;
	if (u->len == 0)
		return 0;
	mutex_lock(&p->lock);
	while (p->count == 0) {
		if (p->writers == 0) {
			ret = 0;
			goto out;
		}
		if (f->f_flags & O_NONBLOCK) {
			ret = -EAGAIN;
			goto out;
		}
		if ((ret = pipe_wait(p, &p->readers)) != 0)
			goto out;
	}
	avail = p->packet ? p->pkt_len[p->pkt_head] : p->count;
	ret = (long)(avail < u->len ? avail : u->len);
	if (ring_out(p, u, 0, (size_t)ret) != 0)
		ret = -EFAULT;
	else if (p->packet)
		packet_done(p, (size_t)ret);
	pipe_wake(&p->writers);
out:
	mutex_unlock(&p->lock);
	return ret;
}

static long pipe_write(struct file *f, struct uio *u, uint64_t *pos)
{
	struct pipe *p = P(f);
	size_t done = 0;
	long err = 0;

	(void)pos;
	mutex_lock(&p->lock);
	while (done < u->len) {
		size_t space = PIPE_SIZE - p->count, left = u->len - done;
		/* A write of at most PIPE_BUF bytes goes in whole or waits; so does a packet. */
		size_t need = u->len <= PIPE_BUF ? left : 1;

		if (p->packet) {
			left = left < PIPE_BUF ? left : PIPE_BUF;
			need = left;
			if (p->pkt_count == PIPE_PACKETS)
				space = 0;
		}
		if (p->readers == 0) {
			err = -EPIPE;
			signal_send_user(curproc(), SIGPIPE, SI_USER);
			break;
		}
		if (space < need) {
			if (f->f_flags & O_NONBLOCK) {
				err = -EAGAIN;
				break;
			}
			if ((err = pipe_wait(p, &p->writers)) != 0)
				break;
			continue;
		}
		if (left > space)
			left = space;
		if (ring_in(p, u, done, left) != 0) {
			err = -EFAULT;
			break;
		}
		if (p->packet)
			p->pkt_len[(p->pkt_head + p->pkt_count++) % PIPE_PACKETS] = (uint16_t)left;
		done += left;
		pipe_wake(&p->readers);
	}
	mutex_unlock(&p->lock);
	return done > 0 ? (long)done : err;
}

static unsigned pipe_poll(struct file *f)
{
	struct pipe *p = P(f);
	unsigned ev = 0;

	if (file_readable(f)) {
		if (p->count > 0)
			ev |= POLLIN | POLLRDNORM;
		if (p->writers == 0)
			ev |= POLLHUP;
	}
	if (file_writable(f)) {
		if (p->count < PIPE_SIZE && !(p->packet && p->pkt_count == PIPE_PACKETS))
			ev |= POLLOUT | POLLWRNORM;
		if (p->readers == 0)
			ev |= POLLERR;
	}
	return ev;
}

static int pipe_ioctl(struct file *f, unsigned long cmd, uaddr_t arg)
{
	int n;

	if (cmd != FIONREAD)
		return -ENOTTY;
	n = (int)P(f)->count;
	return copy_to_user(arg, &n, sizeof(n));
}

static void fifo_put(struct pipe *p);

static void pipe_close(struct file *f)
{
	struct pipe *p = P(f);

	mutex_lock(&p->lock);
	if (file_readable(f))
		p->readers--;
	if (file_writable(f))
		p->writers--;
	mutex_unlock(&p->lock);
	pipe_wake(&p->readers);
	pipe_wake(&p->writers);
	if (p->fifo != NULL)
		fifo_put(p);
}

static const struct file_ops pipe_ops = {
	.fop_read = pipe_read,
	.fop_write = pipe_write,
	.fop_ioctl = pipe_ioctl,
	.fop_poll = pipe_poll,
	.fop_close = pipe_close,
};

static const struct file_ops unopened_ops;

static void pipe_inactive(struct vnode *vn)
{
	struct pipe *p = (struct pipe *)vn;

	kfree(p->buf);
	kfree(p);
}

static const struct vnode_ops pipe_vnode_ops = {
	.vop_inactive = pipe_inactive,
};

int pipe_create(uint32_t flags, struct file **rd, struct file **wr)
{
	struct pipe *p = kzalloc(sizeof(*p));

	if (p == NULL)
		return -ENOMEM;
	p->buf = kmalloc(PIPE_SIZE);
	if (p->buf == NULL) {
		kfree(p);
		return -ENOMEM;
	}
	vnode_init(&p->vn, NULL, S_IFIFO | 0600, &pipe_vnode_ops);
	p->packet = flags & O_DIRECT;
	/* As Linux, only the write end shows O_DIRECT in F_GETFL. */
	*rd = file_alloc(&p->vn, &pipe_ops, O_RDONLY | (flags & O_NONBLOCK));
	*wr = file_alloc(&p->vn, &pipe_ops, O_WRONLY | (flags & (O_NONBLOCK | O_DIRECT)));
	if (*rd == NULL || *wr == NULL) {
		/* Not opened yet: drop the files without their close op. */
		if (*rd != NULL)
			(*rd)->f_ops = &unopened_ops;
		if (*wr != NULL)
			(*wr)->f_ops = &unopened_ops;
		goto fail;
	}
	(*rd)->f_priv = (*wr)->f_priv = p;
	p->readers = p->writers = 1;
	mutex_lock(&vfs_lock);
	vnode_put(&p->vn); /* the files hold it now */
	mutex_unlock(&vfs_lock);
	return 0;
fail:
	if (*rd != NULL)
		file_put(*rd);
	if (*wr != NULL)
		file_put(*wr);
	mutex_lock(&vfs_lock);
	vnode_put(&p->vn);
	mutex_unlock(&vfs_lock);
	return -ENOMEM;
}

/* The pipe of FIFO vn, made on its first open: one more user, or NULL (no memory). */
static struct pipe *fifo_get(struct vnode *vn)
{
	struct pipe *p, *fresh = kzalloc(sizeof(*fresh));
	unsigned long fl;

	if (fresh != NULL && (fresh->buf = kmalloc(PIPE_SIZE)) == NULL) {
		kfree(fresh);
		fresh = NULL;
	}
	fl = sched_lock();
	p = vn->v_pipe;
	if (p == NULL && fresh != NULL) {
		p = vn->v_pipe = fresh;
		p->fifo = vn;
		fresh = NULL;
	}
	if (p != NULL)
		p->users++;
	sched_unlock(fl);
	if (fresh != NULL) {
		kfree(fresh->buf);
		kfree(fresh);
	}
	return p;
}

/* One user fewer; the last frees the pipe and what it held. */
static void fifo_put(struct pipe *p)
{
	unsigned long fl = sched_lock();
	bool last = --p->users == 0;

	if (last)
		p->fifo->v_pipe = NULL;
	sched_unlock(fl);
	if (last) {
		kfree(p->buf);
		kfree(p);
	}
}

/*
 * Wait, with the pipe's mutex held, until *opens moves from what it was
 * (a partner opened) or *count is not 0: 0, or -ERESTARTSYS on a signal.
 */
static int fifo_wait_partner(struct pipe *p, const int *count, const unsigned *opens)
{
	unsigned seen = *opens;
	int err = 0;

	while (*count == 0 && *opens == seen && err == 0)
		err = pipe_wait(p, opens);
	return err;
}

/* Take this open's ends and wait for the other end as its mode says. */
static int fifo_connect(struct pipe *p, struct file *f)
{
	bool rd = file_readable(f), wr = file_writable(f), nonblock = f->f_flags & O_NONBLOCK;
	int err = 0;

	mutex_lock(&p->lock);
	if (wr && !rd && nonblock && p->readers == 0) {
		mutex_unlock(&p->lock);
		return -ENXIO;
	}
	if (rd) {
		p->readers++;
		p->r_opens++;
		pipe_wake(&p->r_opens);
	}
	if (wr) {
		p->writers++;
		p->w_opens++;
		pipe_wake(&p->w_opens);
	}
	if (rd && !wr && !nonblock)
		err = fifo_wait_partner(p, &p->writers, &p->w_opens);
	else if (wr && !rd)
		err = fifo_wait_partner(p, &p->readers, &p->r_opens);
	mutex_unlock(&p->lock);
	return err;
}

int pipe_fifo_open(struct vnode *vn, uint32_t flags, struct file **out)
{
	struct pipe *p = fifo_get(vn);
	struct file *f;
	int err;

	if (p == NULL)
		return -ENOMEM;
	f = file_alloc(vn, &unopened_ops, flags & ~(uint32_t)O_DIRECT);
	if (f == NULL) {
		fifo_put(p);
		return -ENOMEM;
	}
	err = fifo_connect(p, f);
	if (err == -ENXIO) {
		file_put(f);
		fifo_put(p);
		return err;
	}
	/* From here on the file is one of the pipe's: closing it undoes the counts. */
	f->f_priv = p;
	f->f_ops = &pipe_ops;
	if (err != 0) {
		file_put(f);
		return err;
	}
	*out = f;
	return 0;
}
