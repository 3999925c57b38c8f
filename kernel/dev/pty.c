/*
 * pty.c: pseudo-terminals, as Linux's /dev/ptmx and devpts (dev/tty.h).
 *
 * Opening /dev/ptmx (5,2) makes a pair: the file it gives is the master,
 * and /dev/pts/N (136,N) appears, owned by the opener (its effective uid
 * and gid), mode 0620, locked until TIOCSPTLCK unlocks it.  The slave is
 * a terminal with the consoles' line discipline (tty.c): the master is its
 * "hardware", so what is written to the master is the slave's input, and
 * what the slave outputs (after OPOST) is what the master reads, from a
 * buffer of PTY_BUF bytes (a slave writer waits for room).
 *
 * Lifetime: a pair lives while its master is open or any slave file is
 * (slave opens, /dev/tty opens of it); its number is free again once both
 * are gone.  Closing the master hangs the slave up (tty_hangup: SIGHUP to
 * its session's leader, reads 0, writes EIO) and removes /dev/pts/N; the
 * last slave close makes master reads fail with EIO once drained, as
 * Linux.  At most PTY_MAX pairs exist (ENOSPC, as Linux's pty max).
 *
 * Locking: a pair's state changes with interrupts off (sched_lock), as
 * the terminals'; master readers and writers, and slave writers waiting
 * for room, sleep on the struct pty.  The /dev/pts nodes change under
 * vfs_lock, never with interrupts off.
 */
#include <abi/linux.h>
#include <dev/tty.h>
#include <fs/file.h>
#include <fs/open.h>
#include <fs/poll.h>
#include <kern/cred.h>
#include <kern/proc.h>
#include <kern/signal.h>
#include <kern/thread.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>

#include "tty_priv.h"

#define PTY_MAX 64
#define PTY_BUF 8192
#define PTS_MAJOR 136
#define CHUNK 256

struct pty {
	int p_index;
	struct tty p_tty;          /* the slave side */
	char p_out[PTY_BUF];       /* slave output, for the master to read */
	size_t p_head, p_count;
	bool p_master;             /* the master is open */
	unsigned p_slaves;         /* slave files open */
	bool p_slave_closed;       /* slaves were open and none is now: master reads EIO */
	bool p_locked;             /* TIOCSPTLCK: the slave cannot be opened (EIO) */
};

static struct pty *ptys[PTY_MAX];
static struct cdev pts_cdevs[PTY_MAX];
static bool pts_registered[PTY_MAX];

static void wake(struct pty *p)
{
	wakeup(p);
	poll_notify();
}

/* The slave's output sink: into the master's buffer; what finds no room is lost. */
static void master_sink(struct tty *t, const char *s, size_t n)
{
	struct pty *p = t->t_pty;
	unsigned long fl = sched_lock(); /* slave writes come with interrupts on */
	size_t i;

	for (i = 0; i < n && p->p_count < PTY_BUF; i++, p->p_count++)
		p->p_out[(p->p_head + p->p_count) % PTY_BUF] = s[i];
	if (i > 0)
		wake(p);
	sched_unlock(fl);
}

int pty_wait_room(struct tty *t, struct file *f, size_t n)
{
	struct pty *p = t->t_pty;
	unsigned long fl = sched_lock();
	int err = 0;

	while (PTY_BUF - p->p_count < n) {
		if (t->t_hungup)
			err = -EIO;
		else if (f->f_flags & O_NONBLOCK)
			err = -EAGAIN;
		else if (sleep_on_intr(p, 0) == -EINTR)
			err = -ERESTARTSYS;
		if (err != 0)
			break;
	}
	sched_unlock(fl);
	return err;
}

void pty_input_taken(struct tty *t)
{
	wake(t->t_pty);
}

void pty_foreach(void (*fn)(struct tty *t, void *arg), void *arg)
{
	unsigned i;

	for (i = 0; i < PTY_MAX; i++)
		if (ptys[i] != NULL)
			fn(&ptys[i]->p_tty, arg);
}

/* A slave file is gone; the pair goes too if its master has (the caller frees it). */
static bool slave_gone(struct pty *p)
{
	if (--p->p_slaves == 0) {
		p->p_slave_closed = true;
		wake(p);
	}
	if (p->p_master || p->p_slaves > 0)
		return false;
	ptys[p->p_index] = NULL;
	return true;
}

static void pts_close(struct file *f)
{
	struct tty *t = f->f_priv;
	unsigned long fl;
	bool gone;

	if (t == NULL)
		return; /* its open failed */
	fl = sched_lock();
	gone = slave_gone(t->t_pty);
	sched_unlock(fl);
	if (gone)
		kfree(t->t_pty);
}

static const struct file_ops pts_ops = {
	.fop_read = tty_read,
	.fop_write = tty_write,
	.fop_ioctl = tty_ioctl,
	.fop_poll = tty_poll,
	.fop_close = pts_close,
};

void pty_devtty_open(struct file *f)
{
	struct tty *t = f->f_priv;
	unsigned long fl = sched_lock();

	f->f_ops = &pts_ops;
	t->t_pty->p_slaves++;
	sched_unlock(fl);
}

/* Opening /dev/pts/N: EIO while it is locked or its master is gone, as Linux's pty_open. */
static int pts_open(struct file *f)
{
	unsigned n = f->f_vnode->v_rdev & 0xFF;
	unsigned long fl = sched_lock();
	struct pty *p = n < PTY_MAX ? ptys[n] : NULL;

	if (p == NULL || !p->p_master || p->p_locked || p->p_tty.t_hungup) {
		sched_unlock(fl);
		return -EIO;
	}
	p->p_slaves++;
	p->p_slave_closed = false;
	f->f_priv = &p->p_tty;
	sched_unlock(fl);
	return tty_open(f);
}

static void pts_name(char *buf, size_t size, int n)
{
	snprintf(buf, size, "%d", n);
}

/* Make /dev/pts/N for p, owned by the caller (vfs_lock taken here). */
static int pts_node_make(struct pty *p)
{
	const struct cred *c = cred_cur();
	struct vnode *dir, *vn;
	char name[16];
	int err;

	pts_name(name, sizeof(name), p->p_index);
	mutex_lock(&vfs_lock);
	if ((err = vfs_resolve(vfs_root(), "/dev/pts", true, &dir)) != 0)
		goto out;
	if (VOP_LOOKUP(dir, name, &vn) == 0) { /* a stale one root made */
		vnode_put(vn);
		VOP_UNLINK(dir, name, false);
	}
	err = VOP_CREATE(dir, name, S_IFCHR | 0620, MKDEV(PTS_MAJOR, p->p_index), &vn);
	if (err == 0) {
		vn->v_uid = c->uid[ID_EFF];
		vn->v_gid = c->gid[ID_EFF];
		vnode_put(vn);
	}
	vnode_put(dir);
out:
	mutex_unlock(&vfs_lock);
	return err;
}

static void pts_node_remove(int n)
{
	struct vnode *dir;
	char name[16];

	pts_name(name, sizeof(name), n);
	mutex_lock(&vfs_lock);
	if (vfs_resolve(vfs_root(), "/dev/pts", true, &dir) == 0) {
		VOP_UNLINK(dir, name, false);
		vnode_put(dir);
	}
	mutex_unlock(&vfs_lock);
}

/* A free number for p (interrupts off): its index, or -ENOSPC. */
static int pty_slot(struct pty *p)
{
	int i;

	for (i = 0; i < PTY_MAX; i++) {
		if (ptys[i] != NULL)
			continue;
		ptys[i] = p;
		p->p_index = i;
		if (!pts_registered[i]) {
			pts_registered[i] = true;
			pts_cdevs[i] = (struct cdev){ .cd_rdev = MKDEV(PTS_MAJOR, i), .cd_name = "pts",
						      .cd_mode = 0620, .cd_ops = &pts_ops,
						      .cd_open = pts_open };
			cdev_register(&pts_cdevs[i]);
		}
		return i;
	}
	return -ENOSPC;
}

static int ptmx_open(struct file *f)
{
	struct pty *p = kzalloc(sizeof(*p));
	unsigned long fl;
	int err;

	if (p == NULL)
		return -ENOMEM;
	tty_setup(&p->p_tty);
	p->p_tty.t_sink = master_sink;
	p->p_tty.t_pty = p;
	p->p_master = true;
	p->p_locked = true;
	fl = sched_lock();
	err = pty_slot(p);
	sched_unlock(fl);
	if (err < 0) {
		kfree(p);
		return err;
	}
	if ((err = pts_node_make(p)) != 0) {
		fl = sched_lock();
		ptys[p->p_index] = NULL;
		sched_unlock(fl);
		kfree(p);
		return err;
	}
	f->f_priv = p;
	return 0;
}

static void ptmx_close(struct file *f)
{
	struct pty *p = f->f_priv;
	unsigned long fl;
	bool gone;
	int n;

	if (p == NULL)
		return;
	n = p->p_index;
	pts_node_remove(n); /* while n is ours: a new pair may take it once freed */
	fl = sched_lock();
	p->p_master = false;
	tty_hangup(&p->p_tty);
	wake(p);
	gone = p->p_slaves == 0;
	if (gone)
		ptys[n] = NULL;
	sched_unlock(fl);
	if (gone)
		kfree(p);
}

/* What the slave output; EIO once no slave is open and all is read. */
static long ptmx_read(struct file *f, struct uio *u, uint64_t *pos)
{
	struct pty *p = f->f_priv;
	char buf[CHUNK];
	unsigned long fl;
	size_t n = 0;
	int err = 0;

	(void)pos;
	if (u->len == 0)
		return 0;
	fl = sched_lock();
	while (p->p_count == 0) {
		if (p->p_slave_closed)
			err = -EIO;
		else if (f->f_flags & O_NONBLOCK)
			err = -EAGAIN;
		else if (sleep_on_intr(p, 0) == -EINTR)
			err = -ERESTARTSYS;
		if (err != 0)
			break;
	}
	while (err == 0 && n < u->len && n < sizeof(buf) && p->p_count > 0) {
		buf[n++] = p->p_out[p->p_head];
		p->p_head = (p->p_head + 1) % PTY_BUF;
		p->p_count--;
	}
	if (n > 0)
		wake(p); /* slave writers waiting for room */
	sched_unlock(fl);
	if (err != 0)
		return err;
	return uio_copyout(u, 0, buf, n) != 0 ? -EFAULT : (long)n;
}

/* Whether the slave's input queue has room (interrupts off). */
static bool input_room(const struct tty *t)
{
	return t->t_count < TTY_QUEUE;
}

/* The slave's input: typed, as it were, through the line discipline. */
static long ptmx_write(struct file *f, struct uio *u, uint64_t *pos)
{
	struct pty *p = f->f_priv;
	struct tty *t = &p->p_tty;
	char buf[CHUNK];
	size_t done = 0, n, i;
	unsigned long fl;
	int err = 0;

	(void)pos;
	while (done < u->len) {
		n = u->len - done < CHUNK ? u->len - done : CHUNK;
		if (uio_copyin(buf, u, done, n) != 0)
			return done > 0 ? (long)done : -EFAULT;
		fl = sched_lock();
		while (!input_room(t)) {
			if (f->f_flags & O_NONBLOCK)
				err = -EAGAIN;
			else if (sleep_on_intr(p, 0) == -EINTR)
				err = -ERESTARTSYS;
			if (err != 0)
				break;
		}
		for (i = 0; err == 0 && i < n && input_room(t); i++)
			tty_input_locked(t, &buf[i], 1);
		sched_unlock(fl);
		done += i;
		if (err != 0 || i < n)
			break;
	}
	return done > 0 ? (long)done : err;
}

/* TIOCGPTPEER: open the slave through its node, as Linux's ptm_open_peer. */
static int open_peer(struct pty *p, unsigned long flags)
{
	struct vnode *vn;
	struct file *f;
	char path[32];
	int err, fd;

	if (flags & ~(unsigned long)(O_ACCMODE | O_NOCTTY | O_NONBLOCK | O_CLOEXEC))
		return -EINVAL;
	snprintf(path, sizeof(path), "/dev/pts/%d", p->p_index);
	mutex_lock(&vfs_lock);
	err = vfs_resolve(vfs_root(), path, true, &vn);
	mutex_unlock(&vfs_lock);
	if (err != 0)
		return -EIO;
	err = vfs_open_vnode(vn, (uint32_t)flags, &f);
	mutex_lock(&vfs_lock);
	vnode_put(vn);
	mutex_unlock(&vfs_lock);
	if (err != 0)
		return err;
	if ((fd = fd_install(f, 0, flags & O_CLOEXEC)) < 0)
		file_put(f);
	return fd;
}

static int ptmx_ioctl(struct file *f, unsigned long cmd, uaddr_t arg)
{
	struct pty *p = f->f_priv;
	struct file slave;
	int32_t v;

	switch (cmd) {
	case TIOCGPTN:
		v = p->p_index;
		return copy_to_user(arg, &v, sizeof(v));
	case TIOCSPTLCK:
		if (copy_from_user(&v, arg, sizeof(v)) != 0)
			return -EFAULT;
		p->p_locked = v != 0;
		return 0;
	case TIOCGPTLCK:
		v = p->p_locked;
		return copy_to_user(arg, &v, sizeof(v));
	case TIOCGPTPEER:
		return open_peer(p, arg);
	case FIONREAD:
		v = (int32_t)p->p_count;
		return copy_to_user(arg, &v, sizeof(v));
	case TCGETS:
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
	case TIOCGWINSZ:
	case TIOCSWINSZ:
		/* The slave's settings and size (Linux's master has termios of its own). */
		slave = *f;
		slave.f_priv = &p->p_tty;
		return tty_ioctl(&slave, cmd, arg);
	}
	return -ENOTTY;
}

static unsigned ptmx_poll(struct file *f)
{
	struct pty *p = f->f_priv;
	unsigned long fl = sched_lock();
	unsigned ev = 0;

	if (p->p_count > 0)
		ev |= POLLIN | POLLRDNORM;
	if (input_room(&p->p_tty))
		ev |= POLLOUT | POLLWRNORM;
	if (p->p_slave_closed)
		ev |= POLLHUP;
	sched_unlock(fl);
	return ev;
}

static const struct file_ops ptmx_ops = {
	.fop_read = ptmx_read,
	.fop_write = ptmx_write,
	.fop_ioctl = ptmx_ioctl,
	.fop_poll = ptmx_poll,
	.fop_close = ptmx_close,
};

static struct cdev ptmx_cdev = {
	.cd_rdev = MKDEV(5, 2), .cd_name = "ptmx", .cd_mode = 0666, .cd_ops = &ptmx_ops,
	.cd_open = ptmx_open,
};

void pty_init(void)
{
	cdev_register(&ptmx_cdev);
}
