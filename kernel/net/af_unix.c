/*
 * af_unix.c: Unix-domain sockets (net/unix.h), with Linux's semantics:
 * SOCK_STREAM, SOCK_DGRAM and SOCK_SEQPACKET; filesystem and abstract
 * names; SCM_RIGHTS and SCM_CREDENTIALS.  docs/sockets.md tells the design.
 *
 * State: a struct unix_sock per endpoint, reference counted (u_refs): its
 * socket holds one, a peer pointer one, a listener's backlog one for each
 * connection not yet accepted (an "embryo": the server end, made by
 * connect, which has no socket until accept gives it one).  Data waits in
 * the receiver's queue as struct umsg, one per send (a stream send is cut
 * into chunks); a message carries the sender's address and credentials and
 * the files passed with it, each a file reference ("in flight").
 *
 * Memory: a queue holds at most u_rcvbuf bytes, counting data, a fixed
 * overhead per message and the passed files (Linux charges the sender's
 * SO_SNDBUF; the bound is the same kind).  Datagrams from a socket that is
 * not the receiver's peer also stop at UNIX_DGRAM_QLEN queued messages.
 * A user may have at most RLIMIT_NOFILE files in flight (root: no limit),
 * as Linux's too_many_unix_fds.
 *
 * Cycles: a socket passed over itself (or over a ring of sockets) keeps its
 * own file alive from its own queue.  unix_gc, as Linux's garbage collector,
 * finds sockets whose every file reference is in flight and that no queue
 * reachable from outside holds, and purges their queues; it runs when a
 * socket is released and before every send that passes descriptors.
 * The counts, the collector and unix_bury are in unix_inflight.c.
 *
 * Locking: one sleeping mutex, unix_lock, guards every unix_sock field, the
 * name list and the collector's list.  Waits drop it (unix_wait).  It is
 * never held while closing a file: messages to free go to unix_bury, which
 * closes their files after the lock is dropped, iteratively, so a long
 * chain of sockets in flight cannot grow the kernel stack.  vfs_lock is
 * never taken with unix_lock held.
 */
#include <net/unix.h>
#include "unix_priv.h"
#include <fs/poll.h>
#include <kern/proc.h>
#include <kern/rlimit.h>
#include <kern/signal.h>
#include <kern/thread.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>

struct mutex unix_lock;
static struct unix_sock *bound_list;
static unsigned autobind_next;

static struct unix_sock *U(struct socket *so)
{
	return so->so_pcb;
}

static bool conn_type(int type)
{
	return type == SOCK_STREAM || type == SOCK_SEQPACKET;
}

struct unix_sock *unix_of_file(struct file *f)
{
	struct socket *so = socket_of_file(f);

	return so != NULL && so->so_family == AF_UNIX ? so->so_pcb : NULL;
}

/*
 * Sleep on chan, dropping unix_lock without losing a wakeup: 0, or
 * -ERESTARTSYS without sleeping if a signal is to be handled.
 */
static int unix_wait(const void *chan)
{
	unsigned long fl;

	if (signal_pending())
		return -ERESTARTSYS;
	fl = sched_lock();
	mutex_unlock(&unix_lock);
	sleep_on_intr(chan, 0);
	sched_unlock(fl);
	mutex_lock(&unix_lock);
	return 0;
}

static void unix_wake(const void *chan)
{
	wakeup(chan);
	poll_notify();
}

static void queue_append(struct unix_sock *u, struct umsg *m)
{
	m->m_next = NULL;
	if (u->u_tail != NULL)
		u->u_tail->m_next = m;
	else
		u->u_head = m;
	u->u_tail = m;
	u->u_qbytes += m->m_charge;
	u->u_qlen++;
	unix_msg_inflight(m, true);
	unix_wake(&u->u_head);
}

/* Take the first message off u's queue; its files leave flight with it. */
static struct umsg *queue_pop(struct unix_sock *u)
{
	struct umsg *m = u->u_head;

	u->u_head = m->m_next;
	if (u->u_head == NULL)
		u->u_tail = NULL;
	m->m_next = NULL;
	u->u_qbytes -= m->m_charge;
	u->u_qlen--;
	unix_msg_inflight(m, false);
	unix_wake(&u->u_qbytes); /* writers wait for room there */
	return m;
}

void unix_queue_purge(struct unix_sock *u, struct umsg **list)
{
	while (u->u_head != NULL) {
		struct umsg *m = queue_pop(u);

		m->m_next = *list;
		*list = m;
	}
}

static struct unix_sock *unix_alloc(int type)
{
	struct unix_sock *u = kzalloc(sizeof(*u));

	if (u == NULL)
		return NULL;
	u->u_refs = 1;
	u->u_type = type;
	u->u_rcvbuf = u->u_sndbuf = UNIX_BUF_DEFAULT;
	return u;
}

/* Drop a reference (unix_lock held); the last frees u, whose queue is empty by then. */
static void unix_unref(struct unix_sock *u)
{
	if (--u->u_refs == 0)
		kfree(u);
}

static void set_peer(struct unix_sock *u, struct unix_sock *peer)
{
	if (peer != NULL)
		peer->u_refs++;
	if (u->u_peer != NULL)
		unix_unref(u->u_peer);
	u->u_peer = peer;
}

/* Bound names. */

/* Linux's unix_mkname_bsd: the path, NUL-terminated, from sun_path; its address length. */
static size_t addr_path(const uint8_t *addr, size_t len, char path[UNIX_PATH_MAX + 1])
{
	size_t n = len - 2;

	memcpy(path, addr + 2, n);
	path[n] = '\0';
	return 2 + strlen(path) + 1;
}

/* Linux's unix_validate_addr: EINVAL for a length out of range or another family. */
static int addr_check(const uint8_t *addr, size_t len)
{
	if (len < 2 || len > UNIX_ADDR_MAX)
		return -EINVAL;
	if (addr[0] != AF_UNIX || addr[1] != 0)
		return -EINVAL;
	return 0;
}

static struct unix_sock *find_abstract(const uint8_t *addr, size_t len)
{
	struct unix_sock *u;

	for (u = bound_list; u != NULL; u = u->u_bnext)
		if (u->u_vnode == NULL && u->u_addrlen == len && memcmp(u->u_addr, addr, len) == 0)
			return u;
	return NULL;
}

static struct unix_sock *find_vnode(struct vnode *vn)
{
	struct unix_sock *u;

	for (u = bound_list; u != NULL; u = u->u_bnext)
		if (u->u_vnode == vn)
			return u;
	return NULL;
}

/* The current process's working directory, referenced. */
static struct vnode *cwd_get(void)
{
	struct vnode *vn;

	mutex_lock(&vfs_lock);
	vn = curproc()->p_cwd;
	vnode_ref(vn);
	mutex_unlock(&vfs_lock);
	return vn;
}

static void vnode_drop(struct vnode *vn)
{
	if (vn == NULL)
		return;
	mutex_lock(&vfs_lock);
	vnode_put(vn);
	mutex_unlock(&vfs_lock);
}

/* bind's node: S_IFSOCK, mode 0777 less the umask (fs/dirops.c); EADDRINUSE if the name exists. */
static int make_sock_node(const char *path, struct vnode **out)
{
	struct vnode *start = cwd_get();
	int err = vfs_mknod(start, path, S_IFSOCK | 0777, 0, out);

	vnode_drop(start);
	return err == -EEXIST ? -EADDRINUSE : err;
}

/* Whether path names something (a final symlink not followed, as mknod). */
static bool name_exists(const char *path)
{
	struct vnode *start = cwd_get(), *vn;
	int err;

	mutex_lock(&vfs_lock);
	err = vfs_resolve(start, path, false, &vn);
	if (err == 0)
		vnode_put(vn);
	vnode_put(start);
	mutex_unlock(&vfs_lock);
	return err == 0;
}

/*
 * The node a connect or sendto names, referenced: it must be a socket
 * node (ECONNREFUSED) the caller may write (EACCES), as Linux's
 * unix_find_bsd.
 */
static int find_sock_node(const char *path, struct vnode **out)
{
	struct vnode *start = cwd_get();
	int err;

	mutex_lock(&vfs_lock);
	err = vfs_resolve(start, path, true, out);
	if (err == 0) {
		err = vnode_access(*out, MAY_WRITE);
		if (err == 0 && ((*out)->v_mode & S_IFMT) != S_IFSOCK)
			err = -ECONNREFUSED;
		if (err != 0)
			vnode_put(*out);
	}
	vnode_put(start);
	mutex_unlock(&vfs_lock);
	return err;
}

/*
 * What an address names, before unix_lock is taken: *vn is the node for a
 * path (referenced; the caller drops it), NULL for an abstract name.
 */
static int addr_resolve(const uint8_t *addr, size_t len, struct vnode **vn)
{
	char path[UNIX_PATH_MAX + 1];
	int err = addr_check(addr, len);

	*vn = NULL;
	if (err != 0)
		return err;
	if (len == 2)
		return -EINVAL;
	if (addr[2] == '\0')
		return 0;
	addr_path(addr, len, path);
	return find_sock_node(path, vn);
}

/* The live socket of type bound to (addr, vn), with unix_lock held. */
static int lookup_bound(const uint8_t *addr, size_t len, struct vnode *vn, int type,
			struct unix_sock **out)
{
	struct unix_sock *u = vn != NULL ? find_vnode(vn) : find_abstract(addr, len);

	if (u == NULL || u->u_dead)
		return -ECONNREFUSED;
	if (u->u_type != type)
		return -EPROTOTYPE;
	*out = u;
	return 0;
}

static void bound_add(struct unix_sock *u)
{
	u->u_bnext = bound_list;
	bound_list = u;
}

static void bound_del(struct unix_sock *u)
{
	struct unix_sock **pp;

	for (pp = &bound_list; *pp != NULL; pp = &(*pp)->u_bnext)
		if (*pp == u) {
			*pp = u->u_bnext;
			return;
		}
}

/* An abstract name of five hex digits, as Linux's autobind. */
static int autobind(struct unix_sock *u)
{
	static const char hex[] = "0123456789abcdef";
	uint8_t a[8] = { AF_UNIX, 0, 0 };
	unsigned tries, v, i;

	for (tries = 0; tries < 0x100000; tries++) {
		v = autobind_next++ & 0xfffff;
		for (i = 0; i < 5; i++)
			a[3 + i] = (uint8_t)hex[(v >> (4 * (4 - i))) & 0xf];
		if (find_abstract(a, sizeof(a)) == NULL) {
			memcpy(u->u_addr, a, sizeof(a));
			u->u_addrlen = sizeof(a);
			bound_add(u);
			return 0;
		}
	}
	return -ENOSPC;
}

static int unix_bind(struct socket *so, const uint8_t *addr, size_t len)
{
	struct unix_sock *u = U(so);
	char path[UNIX_PATH_MAX + 1];
	struct vnode *vn = NULL;
	size_t alen = len;
	int err = addr_check(addr, len);

	if (err != 0)
		return err;
	if (len > 2 && addr[2] != '\0')
		alen = addr_path(addr, len, path);
	mutex_lock(&unix_lock);
	err = u->u_addrlen != 0 ? -EINVAL : 0;
	if (err == 0 && len == 2)
		err = autobind(u);
	mutex_unlock(&unix_lock);
	/* Linux makes the node before it looks: a name that exists is EADDRINUSE first. */
	if (err == -EINVAL && len > 2 && addr[2] != '\0' && name_exists(path))
		err = -EADDRINUSE;
	if (err != 0 || len == 2)
		return err;
	if (addr[2] != '\0') {
		err = make_sock_node(path, &vn);
		if (err != 0)
			return err;
	}
	mutex_lock(&unix_lock);
	if (u->u_addrlen != 0)
		err = -EINVAL; /* bound meanwhile (a shared descriptor); the node stays */
	else if (vn == NULL && find_abstract(addr, len) != NULL)
		err = -EADDRINUSE;
	if (err == 0) {
		/* A path's address is the family and the path with its NUL; an abstract one as given. */
		memset(u->u_addr, 0, sizeof(u->u_addr));
		memcpy(u->u_addr, addr, vn != NULL ? alen - 1 : len);
		u->u_addrlen = (uint8_t)alen;
		u->u_vnode = vn;
		vn = NULL;
		bound_add(u);
	}
	mutex_unlock(&unix_lock);
	vnode_drop(vn);
	return err;
}

/* Creation, pairs and release. */

static int unix_create(struct socket *so, int protocol)
{
	struct unix_sock *u;

	if (protocol != 0 && protocol != AF_UNIX)
		return -EPROTONOSUPPORT;
	switch (so->so_type) {
	case SOCK_RAW:
		so->so_type = SOCK_DGRAM; /* as Linux */
		break;
	case SOCK_STREAM:
	case SOCK_DGRAM:
	case SOCK_SEQPACKET:
		break;
	default:
		return -ESOCKTNOSUPPORT;
	}
	u = unix_alloc(so->so_type);
	if (u == NULL)
		return -ENOMEM;
	u->u_socket = so;
	so->so_pcb = u;
	return 0;
}

static void connect_pair(struct unix_sock *a, struct unix_sock *b, struct ucred acred,
			 struct ucred bcred)
{
	set_peer(a, b);
	set_peer(b, a);
	a->u_state = b->u_state = US_CONNECTED;
	a->u_peercred = bcred;
	b->u_peercred = acred;
	a->u_has_peercred = b->u_has_peercred = true;
}

static int unix_pair(struct socket *a, struct socket *b)
{
	struct ucred c = socket_cur_cred(true);

	mutex_lock(&unix_lock);
	connect_pair(U(a), U(b), c, c);
	mutex_unlock(&unix_lock);
	return 0;
}

/*
 * u is gone (its file closed, or an embryo its listener dropped): as
 * Linux's unix_release_sock.  A connected peer sees end of file, and
 * ECONNRESET if u had unread data; a listener's embryos go too.
 */
static void unix_release_locked(struct unix_sock *u, bool embryo, struct umsg **list)
{
	struct unix_sock *peer = u->u_peer, *e;

	u->u_dead = true;
	u->u_shutdown = SHUTDOWN_MASK;
	u->u_socket = NULL;
	if (u->u_addrlen != 0)
		bound_del(u);
	if (peer != NULL && conn_type(u->u_type) && peer->u_peer == u) {
		peer->u_shutdown = SHUTDOWN_MASK;
		if (u->u_head != NULL || embryo)
			peer->u_err = ECONNRESET;
		unix_wake(&peer->u_head);
		unix_wake(&peer->u_qbytes);
	}
	set_peer(u, NULL);
	unix_queue_purge(u, list);
	while ((e = u->u_bl_head) != NULL) {
		u->u_bl_head = e->u_bl_next;
		unix_release_locked(e, true, list);
		unix_unref(e);
	}
	u->u_bl_tail = NULL;
	u->u_bl_len = 0;
	unix_wake(&u->u_bl_len);   /* connects waiting for room find it gone */
	unix_wake(&u->u_qbytes);   /* senders waiting for room too */
}

static void unix_release(struct socket *so)
{
	struct unix_sock *u = U(so);
	struct umsg *list = NULL;
	struct vnode *vn;

	mutex_lock(&unix_lock);
	vn = u->u_vnode;
	u->u_vnode = NULL;
	unix_release_locked(u, false, &list);
	so->so_pcb = NULL;
	unix_unref(u);
	if (unix_gc_pending())
		unix_gc(&list);
	mutex_unlock(&unix_lock);
	unix_bury(list);
	vnode_drop(vn);
}

/* Connections. */

static int unix_listen(struct socket *so, int backlog)
{
	struct unix_sock *u = U(so);
	int err = 0;

	if (!conn_type(u->u_type))
		return -EOPNOTSUPP;
	if ((unsigned)backlog > SOMAXCONN)
		backlog = SOMAXCONN;
	mutex_lock(&unix_lock);
	if (u->u_addrlen == 0 || u->u_state == US_CONNECTED)
		err = -EINVAL;
	if (err == 0) {
		u->u_bl_max = (unsigned)backlog;
		u->u_state = US_LISTEN;
		u->u_peercred = socket_cur_cred(true);
		u->u_has_peercred = true;
		unix_wake(&u->u_bl_len);
	}
	mutex_unlock(&unix_lock);
	return err;
}

/* A datagram socket's connect: set (or, with AF_UNSPEC, clear) its peer. */
static int dgram_connect(struct unix_sock *u, const uint8_t *addr, size_t len)
{
	struct unix_sock *other;
	struct vnode *vn;
	int err;

	if (len >= 2 && addr[0] == AF_UNSPEC && addr[1] == 0) {
		mutex_lock(&unix_lock);
		set_peer(u, NULL);
		u->u_state = US_UNCONNECTED;
		mutex_unlock(&unix_lock);
		return 0;
	}
	err = addr_resolve(addr, len, &vn);
	if (err != 0)
		return err;
	mutex_lock(&unix_lock);
	err = lookup_bound(addr, len, vn, u->u_type, &other);
	if (err == 0 && other->u_peer != NULL && other->u_peer != u)
		err = -EPERM; /* it takes datagrams from its own peer only */
	if (err == 0) {
		set_peer(u, other);
		u->u_state = US_CONNECTED;
	}
	mutex_unlock(&unix_lock);
	vnode_drop(vn);
	return err;
}

/* Whether listener l has room for one more connection (Linux: qlen > backlog is full). */
static bool backlog_full(const struct unix_sock *l)
{
	return l->u_bl_len > l->u_bl_max;
}

static int stream_connect(struct unix_sock *u, const uint8_t *addr, size_t len, bool nonblock)
{
	struct unix_sock *l, *e = NULL;
	struct vnode *vn;
	int err = addr_resolve(addr, len, &vn);

	if (err != 0)
		return err;
	e = unix_alloc(u->u_type);
	if (e == NULL) {
		vnode_drop(vn);
		return -ENOMEM;
	}
	mutex_lock(&unix_lock);
	for (;;) {
		err = u->u_state == US_CONNECTED ? -EISCONN : u->u_state == US_LISTEN ? -EINVAL : 0;
		if (err == 0)
			err = lookup_bound(addr, len, vn, u->u_type, &l);
		if (err == 0 && l->u_state != US_LISTEN)
			err = -ECONNREFUSED;
		if (err != 0 || !backlog_full(l))
			break;
		if (nonblock) {
			err = -EAGAIN;
			break;
		}
		if ((err = unix_wait(&l->u_bl_len)) != 0)
			break;
	}
	if (err == 0) {
		/* e, the server's end, takes the listener's address; the backlog holds e's reference. */
		memcpy(e->u_addr, l->u_addr, l->u_addrlen);
		e->u_addrlen = l->u_addrlen;
		e->u_passcred = l->u_passcred;
		connect_pair(u, e, socket_cur_cred(true), l->u_peercred);
		if (l->u_bl_tail != NULL)
			l->u_bl_tail->u_bl_next = e;
		else
			l->u_bl_head = e;
		l->u_bl_tail = e;
		l->u_bl_len++;
		e = NULL;
		unix_wake(&l->u_bl_head);
	}
	if (e != NULL)
		unix_unref(e);
	mutex_unlock(&unix_lock);
	vnode_drop(vn);
	return err;
}

static int unix_connect(struct socket *so, const uint8_t *addr, size_t len, bool nonblock)
{
	struct unix_sock *u = U(so);

	if (!conn_type(u->u_type))
		return dgram_connect(u, addr, len);
	return stream_connect(u, addr, len, nonblock);
}

static int unix_accept(struct socket *so, struct socket *newso, bool nonblock)
{
	struct unix_sock *u = U(so), *e;
	int err = 0;

	if (!conn_type(u->u_type))
		return -EOPNOTSUPP;
	mutex_lock(&unix_lock);
	while (err == 0 && u->u_bl_head == NULL) {
		if (u->u_state != US_LISTEN)
			err = -EINVAL;
		else if (nonblock)
			err = -EAGAIN;
		else
			err = unix_wait(&u->u_bl_head);
	}
	if (err == 0 && u->u_state != US_LISTEN)
		err = -EINVAL;
	if (err == 0) {
		e = u->u_bl_head;
		u->u_bl_head = e->u_bl_next;
		if (u->u_bl_head == NULL)
			u->u_bl_tail = NULL;
		u->u_bl_len--;
		e->u_socket = newso;
		newso->so_pcb = e; /* the backlog's reference is the socket's now */
		unix_wake(&u->u_bl_len);
	}
	mutex_unlock(&unix_lock);
	return err;
}

static int unix_shutdown(struct socket *so, int how)
{
	struct unix_sock *u = U(so), *peer;
	int mode;

	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	mode = how + 1; /* SHUT_RD -> RCV_SHUTDOWN, SHUT_WR -> SEND_SHUTDOWN */
	mutex_lock(&unix_lock);
	u->u_shutdown |= mode;
	unix_wake(&u->u_head);
	unix_wake(&u->u_qbytes);
	peer = u->u_peer;
	if (peer != NULL && conn_type(u->u_type)) {
		int pm = ((mode & RCV_SHUTDOWN) ? SEND_SHUTDOWN : 0) |
			 ((mode & SEND_SHUTDOWN) ? RCV_SHUTDOWN : 0);

		peer->u_shutdown |= pm;
		unix_wake(&peer->u_head);
		unix_wake(&peer->u_qbytes);
	}
	mutex_unlock(&unix_lock);
	return 0;
}

static int unix_getname(struct socket *so, uint8_t *addr, bool peer)
{
	struct unix_sock *u = U(so), *t;
	int len;

	mutex_lock(&unix_lock);
	t = peer ? u->u_peer : u;
	if (t == NULL) {
		mutex_unlock(&unix_lock);
		return -ENOTCONN;
	}
	if (t->u_addrlen == 0) {
		addr[0] = AF_UNIX;
		addr[1] = 0;
		len = 2;
	} else {
		memcpy(addr, t->u_addr, t->u_addrlen);
		len = t->u_addrlen;
	}
	mutex_unlock(&unix_lock);
	return len;
}

/* Sending. */

static void signal_pipe(int flags)
{
	if (!(flags & MSG_NOSIGNAL))
		signal_send_user(curproc(), SIGPIPE, SI_USER);
}

static size_t msg_charge(size_t len, int nfds)
{
	return len + MSG_OVERHEAD + (size_t)nfds * sizeof(struct file *);
}

/* A message of len bytes from u, with the send's files and credentials (moved in). */
static struct umsg *msg_make(struct unix_sock *u, struct sockmsg *sm, size_t len, bool with_fds)
{
	struct umsg *m = kmalloc(sizeof(*m) + len);

	if (m == NULL)
		return NULL;
	memset(m, 0, sizeof(*m));
	m->m_len = len;
	m->m_cred = sm->m_cred_set ? sm->m_cred : socket_cur_cred(false);
	if (with_fds && sm->m_nfds > 0) {
		m->m_fds = sm->m_fds;
		m->m_nfds = sm->m_nfds;
		m->m_fduid = cred_cur()->uid[ID_REAL];
		sm->m_fds = NULL;
		sm->m_nfds = 0;
	}
	m->m_charge = msg_charge(len, m->m_nfds);
	m->m_addrlen = u->u_addrlen;
	memcpy(m->m_addr, u->u_addr, u->u_addrlen);
	return m;
}

/* Put m's files back into sm (a send that failed), and free m. */
static void msg_unmake(struct umsg *m, struct sockmsg *sm)
{
	if (m->m_nfds > 0) {
		sm->m_fds = m->m_fds;
		sm->m_nfds = m->m_nfds;
	}
	kfree(m);
}

/* Room in u's queue for charge bytes (a message always fits an empty queue). */
static bool has_room(const struct unix_sock *u, size_t charge)
{
	return u->u_qbytes == 0 || u->u_qbytes + charge <= u->u_rcvbuf;
}

static long stream_sendmsg(struct unix_sock *u, struct sockmsg *sm, bool nonblock)
{
	size_t len = sm->m_iter.resid, sent = 0;
	long err = 0;

	if (sm->m_name != NULL)
		return u->u_state == US_CONNECTED ? -EISCONN : -EOPNOTSUPP;
	mutex_lock(&unix_lock);
	if (u->u_peer == NULL)
		err = -ENOTCONN;
	while (err == 0 && sent < len) {
		struct unix_sock *peer = u->u_peer;
		size_t chunk = len - sent, room;
		struct umsg *m;

		if ((u->u_shutdown & SEND_SHUTDOWN) || peer->u_dead ||
		    (peer->u_shutdown & RCV_SHUTDOWN)) {
			err = -EPIPE;
			if (sent == 0)
				signal_pipe(sm->m_flags);
			break;
		}
		room = peer->u_qbytes + MSG_OVERHEAD * 2 < peer->u_rcvbuf ?
			       peer->u_rcvbuf - peer->u_qbytes - MSG_OVERHEAD : 0;
		if (room == 0) {
			if (nonblock)
				err = -EAGAIN;
			else
				err = unix_wait(&peer->u_qbytes);
			continue;
		}
		if (chunk > room)
			chunk = room;
		if (chunk > STREAM_CHUNK)
			chunk = STREAM_CHUNK;
		m = msg_make(u, sm, chunk, true);
		if (m == NULL) {
			err = -ENOMEM;
			break;
		}
		if (msgiter_copyin(m->m_data, &sm->m_iter, chunk) != 0) {
			msg_unmake(m, sm);
			err = -EFAULT;
			break;
		}
		queue_append(peer, m);
		sent += chunk;
	}
	mutex_unlock(&unix_lock);
	return sent > 0 ? (long)sent : err;
}

/* The destination of a datagram, referenced: the address given, or the peer. */
static int dgram_target(struct unix_sock *u, struct sockmsg *sm, size_t namelen,
			struct unix_sock **out)
{
	struct vnode *vn;
	int err;

	if (sm->m_name == NULL || u->u_type == SOCK_SEQPACKET) {
		mutex_lock(&unix_lock);
		*out = u->u_peer;
		if (*out != NULL)
			(*out)->u_refs++;
		mutex_unlock(&unix_lock);
		return *out != NULL ? 0 : -ENOTCONN;
	}
	err = addr_resolve(sm->m_name, namelen, &vn);
	if (err != 0)
		return err;
	mutex_lock(&unix_lock);
	err = lookup_bound(sm->m_name, namelen, vn, u->u_type, out);
	if (err == 0)
		(*out)->u_refs++;
	mutex_unlock(&unix_lock);
	vnode_drop(vn);
	return err;
}

/* Whether other refuses datagrams from u: it is connected to someone else (EPERM). */
static int dgram_may_send(struct unix_sock *u, struct unix_sock *other)
{
	if (other->u_dead)
		return u->u_type == SOCK_SEQPACKET ? -EPIPE : -ECONNREFUSED;
	if (other->u_peer != NULL && other->u_peer != u)
		return -EPERM;
	if (other->u_shutdown & RCV_SHUTDOWN)
		return -EPIPE;
	return 0;
}

static bool dgram_full(struct unix_sock *u, struct unix_sock *other, size_t charge)
{
	if (other->u_peer != u && other->u_qlen > UNIX_DGRAM_QLEN)
		return true;
	return !has_room(other, charge);
}

static long dgram_sendmsg(struct unix_sock *u, struct sockmsg *sm, size_t namelen, bool nonblock)
{
	size_t len = sm->m_iter.resid;
	struct unix_sock *other;
	struct umsg *m;
	long err;

	if (len > u->u_sndbuf - 32)
		return -EMSGSIZE;
	if (u->u_type == SOCK_SEQPACKET && u->u_state != US_CONNECTED)
		return -ENOTCONN;
	err = dgram_target(u, sm, namelen, &other);
	if (err != 0)
		return err;
	mutex_lock(&unix_lock);
	m = msg_make(u, sm, len, true);
	if (m == NULL)
		err = -ENOMEM;
	else if (msgiter_copyin(m->m_data, &sm->m_iter, len) != 0)
		err = -EFAULT;
	while (err == 0) {
		if (u->u_shutdown & SEND_SHUTDOWN)
			err = -EPIPE;
		else
			err = dgram_may_send(u, other);
		if (err == -ECONNREFUSED && u->u_peer == other)
			set_peer(u, NULL); /* as Linux: the dead peer is forgotten */
		if (err != 0 || !dgram_full(u, other, m->m_charge))
			break;
		if (nonblock)
			err = -EAGAIN;
		else
			err = unix_wait(&other->u_qbytes);
	}
	if (err == 0) {
		queue_append(other, m);
		m = NULL;
	}
	if (err == -EPIPE && u->u_type == SOCK_SEQPACKET)
		signal_pipe(sm->m_flags);
	if (m != NULL)
		msg_unmake(m, sm);
	unix_unref(other);
	mutex_unlock(&unix_lock);
	return err != 0 ? err : (long)len;
}

static long unix_sendmsg(struct socket *so, struct sockmsg *sm, bool nonblock)
{
	struct unix_sock *u = U(so);
	size_t namelen = 0;
	int err;

	if (sm->m_flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (sm->m_name != NULL) {
		namelen = sm->m_namelen;
		if (u->u_type == SOCK_DGRAM && (err = addr_check(sm->m_name, namelen)) != 0)
			return err;
	}
	if (sm->m_nfds > 0) {
		mutex_lock(&unix_lock);
		if (unix_gc_pending()) {
			struct umsg *list = NULL;

			unix_gc(&list);
			mutex_unlock(&unix_lock);
			unix_bury(list);
			mutex_lock(&unix_lock);
		}
		err = unix_inflight_check();
		mutex_unlock(&unix_lock);
		if (err != 0)
			return err;
	}
	if (u->u_type == SOCK_STREAM)
		return stream_sendmsg(u, sm, nonblock);
	return dgram_sendmsg(u, sm, namelen, nonblock);
}

/* Receiving. */

/* The next message's files and credentials go to the caller (sm). */
static void take_fds(struct umsg *m, struct sockmsg *sm, bool peek)
{
	int i;

	if (m->m_nfds == 0)
		return;
	if (peek) {
		/* As Linux's unix_peek_fds: the reader gets its own references. */
		sm->m_fds = kmalloc((size_t)m->m_nfds * sizeof(struct file *));
		if (sm->m_fds == NULL)
			return;
		for (i = 0; i < m->m_nfds; i++) {
			file_ref(m->m_fds[i]);
			sm->m_fds[i] = m->m_fds[i];
		}
		sm->m_nfds = m->m_nfds;
		return;
	}
	unix_msg_inflight(m, false); /* they leave the queue now */
	sm->m_fds = m->m_fds;
	sm->m_nfds = m->m_nfds;
	m->m_fds = NULL;
	m->m_nfds = 0;
}

static void take_meta(struct unix_sock *u, struct umsg *m, struct sockmsg *sm)
{
	if (sm->m_name != NULL) {
		memcpy(sm->m_name, m->m_addr, m->m_addrlen);
		sm->m_namelen = m->m_addrlen;
	}
	if (u->u_passcred) {
		sm->m_cred_set = true;
		sm->m_cred = m->m_cred;
	}
}

/*
 * Wait for data in u's queue (unix_lock held): 0 when there is some; 1 at
 * end of file; or an error (a pending SO_ERROR first, as Linux).
 */
static int recv_wait(struct unix_sock *u, bool nonblock)
{
	int err;

	while (u->u_head == NULL) {
		if (u->u_err != 0) {
			err = -u->u_err;
			u->u_err = 0;
			return err;
		}
		if (u->u_shutdown & RCV_SHUTDOWN)
			return 1;
		if (nonblock)
			return -EAGAIN;
		if ((err = unix_wait(&u->u_head)) != 0)
			return err;
	}
	return 0;
}

/* One message is one read: the rest of a long one is dropped (MSG_TRUNC). */
static long dgram_recvmsg(struct unix_sock *u, struct sockmsg *sm, bool nonblock)
{
	bool peek = sm->m_flags & MSG_PEEK;
	struct umsg *m, *dead = NULL;
	size_t n;
	long err;

	mutex_lock(&unix_lock);
	err = u->u_type == SOCK_SEQPACKET && u->u_state != US_CONNECTED ? -ENOTCONN : 0;
	if (err == 0)
		err = recv_wait(u, nonblock);
	if (err != 0) {
		mutex_unlock(&unix_lock);
		return err > 0 ? 0 : err;
	}
	m = u->u_head;
	n = m->m_len < sm->m_iter.resid ? m->m_len : sm->m_iter.resid;
	if (msgiter_copyout(&sm->m_iter, m->m_data, n) != 0) {
		mutex_unlock(&unix_lock);
		return -EFAULT;
	}
	if (m->m_len > n)
		sm->m_oflags |= MSG_TRUNC;
	take_meta(u, m, sm);
	take_fds(m, sm, peek);
	err = (sm->m_flags & MSG_TRUNC) ? (long)m->m_len : (long)n;
	if (!peek)
		dead = queue_pop(u);
	mutex_unlock(&unix_lock);
	unix_bury(dead);
	return err;
}

/*
 * A stream read takes what is there, up to the buffer (all of it with
 * MSG_WAITALL), and stops after a message that carried files, as Linux.
 */
static long stream_recvmsg(struct unix_sock *u, struct sockmsg *sm, bool nonblock)
{
	bool peek = sm->m_flags & MSG_PEEK;
	size_t want = sm->m_iter.resid, target, got = 0, skip = 0;
	struct umsg *m, *dead = NULL;
	long err = 0;

	target = (sm->m_flags & MSG_WAITALL) ? want : 1;
	if (target == 0)
		target = 1;
	mutex_lock(&unix_lock);
	if (u->u_state != US_CONNECTED) {
		mutex_unlock(&unix_lock);
		return -EINVAL;
	}
	m = u->u_head;
	for (;;) {
		size_t n;
		bool files;

		if (peek) {
			/* Past what this read has peeked already. */
			for (m = u->u_head, skip = got; m != NULL && skip >= m->m_len - m->m_off;
			     m = m->m_next)
				skip -= m->m_len - m->m_off;
		} else {
			m = u->u_head;
			skip = 0;
		}
		if (m == NULL) {
			if (got >= target || (got > 0 && nonblock))
				break;
			if (got > 0 && (u->u_err != 0 || (u->u_shutdown & RCV_SHUTDOWN)))
				break;
			/* A peek that has seen the whole queue waits for a new message. */
			if (peek && got > 0)
				err = unix_wait(&u->u_head);
			else
				err = recv_wait(u, nonblock);
			if (err != 0)
				break;
			continue;
		}
		n = m->m_len - m->m_off - skip;
		if (n > want - got)
			n = want - got;
		if (got == 0)
			take_meta(u, m, sm);
		if (msgiter_copyout(&sm->m_iter, m->m_data + m->m_off + skip, n) != 0) {
			err = -EFAULT;
			break;
		}
		got += n;
		files = m->m_nfds > 0;
		if (files)
			take_fds(m, sm, peek);
		if (!peek) {
			m->m_off += n;
			if (m->m_off == m->m_len) {
				struct umsg *x = queue_pop(u);

				x->m_next = dead;
				dead = x;
			}
		}
		if (files || got == want)
			break;
	}
	mutex_unlock(&unix_lock);
	unix_bury(dead);
	if (got > 0)
		return (long)got;
	return err > 0 ? 0 : err;
}

static long unix_recvmsg(struct socket *so, struct sockmsg *sm, bool nonblock)
{
	struct unix_sock *u = U(so);

	if (sm->m_flags & (MSG_OOB | MSG_ERRQUEUE))
		return -EOPNOTSUPP;
	if (u->u_type == SOCK_STREAM)
		return stream_recvmsg(u, sm, nonblock);
	return dgram_recvmsg(u, sm, nonblock);
}

/* poll, ioctl, options. */

static unsigned unix_poll(struct socket *so)
{
	struct unix_sock *u = U(so), *peer;
	unsigned ev = 0;

	mutex_lock(&unix_lock);
	if (u->u_err != 0)
		ev |= POLLERR;
	if (u->u_shutdown == SHUTDOWN_MASK)
		ev |= POLLHUP;
	if (u->u_shutdown & RCV_SHUTDOWN)
		ev |= POLLRDHUP | POLLIN | POLLRDNORM;
	if (u->u_head != NULL || u->u_bl_head != NULL)
		ev |= POLLIN | POLLRDNORM;
	if (conn_type(u->u_type) && u->u_state == US_UNCONNECTED)
		ev |= POLLHUP;
	/* Writable, as Linux, while the peer's queue is at most a quarter full. */
	peer = u->u_peer;
	if (u->u_state != US_LISTEN &&
	    (peer == NULL || peer->u_dead ||
	     (peer->u_qbytes * 4 <= peer->u_rcvbuf &&
	      !(!conn_type(u->u_type) && dgram_full(u, peer, MSG_OVERHEAD)))))
		ev |= POLLOUT | POLLWRNORM | POLLWRBAND;
	mutex_unlock(&unix_lock);
	return ev;
}

static int unix_ioctl(struct socket *so, unsigned long cmd, uaddr_t arg)
{
	struct unix_sock *u = U(so);
	struct umsg *m;
	int n = 0;

	if (cmd != FIONREAD)
		return -ENOTTY;
	mutex_lock(&unix_lock);
	if (u->u_state == US_LISTEN) {
		mutex_unlock(&unix_lock);
		return -EINVAL;
	}
	if (u->u_type == SOCK_STREAM) {
		for (m = u->u_head; m != NULL; m = m->m_next)
			n += (int)(m->m_len - m->m_off);
	} else if (u->u_head != NULL) {
		n = (int)u->u_head->m_len;
	}
	mutex_unlock(&unix_lock);
	return copy_to_user(arg, &n, sizeof(n));
}

static int opt_int(const void *val, size_t len, int *out)
{
	if (len < sizeof(int))
		return -EINVAL;
	memcpy(out, val, sizeof(int));
	return 0;
}

static int unix_setsockopt(struct socket *so, int level, int name, const void *val, size_t len)
{
	struct unix_sock *u = U(so);
	int v, err;

	if (level != SOL_SOCKET)
		return -EOPNOTSUPP;
	switch (name) {
	case SO_SNDBUF:
	case SO_RCVBUF:
	case SO_PASSCRED:
		break;
	case SO_REUSEADDR:
	case SO_KEEPALIVE:
	case SO_BROADCAST:
		return opt_int(val, len, &v); /* accepted; no meaning for AF_UNIX */
	default:
		return -ENOPROTOOPT;
	}
	if ((err = opt_int(val, len, &v)) != 0)
		return err;
	mutex_lock(&unix_lock);
	if (name == SO_PASSCRED) {
		u->u_passcred = v != 0;
	} else {
		/* As Linux: capped at the maximum, doubled, and at least the minimum. */
		size_t b = (unsigned)v > UNIX_BUF_DEFAULT ? UNIX_BUF_DEFAULT : (size_t)(unsigned)v;
		size_t min = name == SO_SNDBUF ? UNIX_SNDBUF_MIN : UNIX_RCVBUF_MIN;

		b = b * 2 < min ? min : b * 2;
		if (name == SO_SNDBUF)
			u->u_sndbuf = b;
		else
			u->u_rcvbuf = b;
		unix_wake(&u->u_qbytes);
	}
	mutex_unlock(&unix_lock);
	return 0;
}

static int unix_getsockopt(struct socket *so, int level, int name, void *val, size_t *len)
{
	struct unix_sock *u = U(so);
	struct ucred none = { 0, (uint32_t)-1, (uint32_t)-1 };
	int v;

	if (level != SOL_SOCKET)
		return -EOPNOTSUPP;
	mutex_lock(&unix_lock);
	switch (name) {
	case SO_ERROR:
		v = u->u_err;
		u->u_err = 0;
		break;
	case SO_SNDBUF:
		v = (int)u->u_sndbuf;
		break;
	case SO_RCVBUF:
		v = (int)u->u_rcvbuf;
		break;
	case SO_PASSCRED:
		v = u->u_passcred;
		break;
	case SO_ACCEPTCONN:
		v = u->u_state == US_LISTEN;
		break;
	case SO_PEERCRED:
		if (*len > sizeof(struct ucred))
			*len = sizeof(struct ucred);
		memcpy(val, u->u_has_peercred ? &u->u_peercred : &none, *len);
		mutex_unlock(&unix_lock);
		return 0;
	default:
		mutex_unlock(&unix_lock);
		return -ENOPROTOOPT;
	}
	mutex_unlock(&unix_lock);
	if (*len > sizeof(int))
		*len = sizeof(int);
	memcpy(val, &v, *len);
	return 0;
}

const struct proto_ops unix_proto_ops = {
	.family = AF_UNIX,
	.create = unix_create,
	.pair = unix_pair,
	.bind = unix_bind,
	.connect = unix_connect,
	.listen = unix_listen,
	.accept = unix_accept,
	.sendmsg = unix_sendmsg,
	.recvmsg = unix_recvmsg,
	.shutdown = unix_shutdown,
	.getname = unix_getname,
	.poll = unix_poll,
	.ioctl = unix_ioctl,
	.setsockopt = unix_setsockopt,
	.getsockopt = unix_getsockopt,
	.release = unix_release,
};
