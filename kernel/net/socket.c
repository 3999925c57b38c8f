/*
 * socket.c: the generic socket layer (net/socket.h): the socket's file
 * and vnode, the family table, and the walk over a message's iovecs.
 *
 * A socket file's read and write are recvmsg and sendmsg with no flags;
 * poll, ioctl and the last close go to the family.  The struct socket is
 * freed by its vnode's inactive op, after the close op has released the
 * family's state, so fstat and the file ops never see it freed.
 *
 * Families: AF_UNIX (net/af_unix.c), AF_INET (net/inet.c, on lwIP).
 */
#include <net/socket.h>
#include <net/unix.h>
#include <kern/proc.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>

extern const struct proto_ops inet_proto_ops;

static const struct proto_ops *families[] = {
	&unix_proto_ops,
	&inet_proto_ops,
};

static const struct proto_ops *family_find(int family)
{
	size_t i;

	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (families[i]->family == family)
			return families[i];
	return NULL;
}

void msgiter_init(struct msgiter *it, const struct iovec *iov, size_t cnt, bool user)
{
	size_t i;

	it->iov = iov;
	it->cnt = cnt;
	it->idx = it->off = 0;
	it->user = user;
	it->resid = 0;
	for (i = 0; i < cnt; i++)
		it->resid += iov[i].iov_len;
}

/* Move n bytes between buf and the iovecs (to_iov: buf is the source). */
static int msgiter_move(struct msgiter *it, void *buf, size_t n, bool to_iov)
{
	char *p = buf;

	if (n > it->resid)
		return -EFAULT;
	while (n > 0) {
		const struct iovec *v = &it->iov[it->idx];
		size_t k = v->iov_len - it->off;
		uint64_t a = v->iov_base + it->off;
		int err = 0;

		if (k == 0) {
			it->idx++;
			it->off = 0;
			continue;
		}
		if (k > n)
			k = n;
		if (!it->user)
			memcpy(to_iov ? (void *)(uintptr_t)a : p, to_iov ? p : (void *)(uintptr_t)a, k);
		else
			err = to_iov ? copy_to_user(a, p, k) : copy_from_user(p, a, k);
		if (err != 0)
			return -EFAULT;
		p += k;
		n -= k;
		it->off += k;
		it->resid -= k;
	}
	return 0;
}

int msgiter_copyin(void *dst, struct msgiter *it, size_t n)
{
	return msgiter_move(it, dst, n, false);
}

int msgiter_copyout(struct msgiter *it, const void *src, size_t n)
{
	return msgiter_move(it, (void *)src, n, true);
}

struct ucred socket_cur_cred(bool effective)
{
	struct proc *p = curproc();
	struct ucred c = {
		.pid = p->p_pid,
		.uid = p->p_cred.uid[effective ? ID_EFF : ID_REAL],
		.gid = p->p_cred.gid[effective ? ID_EFF : ID_REAL],
	};

	return c;
}

static struct socket *S(struct file *f)
{
	return f->f_priv;
}

static bool nonblock(struct file *f, int flags)
{
	return (f->f_flags & O_NONBLOCK) || (flags & MSG_DONTWAIT);
}

/* read and write: one kernel iovec over the uio's buffer, no flags. */
static long sock_rw(struct file *f, struct uio *u, bool write)
{
	struct socket *so = S(f);
	struct iovec v = { .iov_base = u->user ? u->ubuf : (uint64_t)(uintptr_t)u->kbuf,
			   .iov_len = u->len };
	uint8_t name[SOCKADDR_MAX];
	struct sockmsg m = { .m_name = write ? NULL : name };
	long n;
	int i;

	msgiter_init(&m.m_iter, &v, 1, u->user);
	if (write)
		return so->so_ops->sendmsg(so, &m, nonblock(f, 0));
	n = so->so_ops->recvmsg(so, &m, nonblock(f, 0));
	/* Descriptors that came with the data have nowhere to go: close them. */
	for (i = 0; i < m.m_nfds; i++)
		file_put(m.m_fds[i]);
	kfree(m.m_fds);
	return n;
}

static long sock_read(struct file *f, struct uio *u, uint64_t *pos)
{
	(void)pos;
	return sock_rw(f, u, false);
}

static long sock_write(struct file *f, struct uio *u, uint64_t *pos)
{
	(void)pos;
	return sock_rw(f, u, true);
}

static unsigned sock_poll(struct file *f)
{
	return S(f)->so_ops->poll(S(f));
}

static int sock_ioctl(struct file *f, unsigned long cmd, uaddr_t arg)
{
	struct socket *so = S(f);

	return so->so_ops->ioctl != NULL ? so->so_ops->ioctl(so, cmd, arg) : -ENOTTY;
}

static void sock_close(struct file *f)
{
	struct socket *so = S(f);

	if (so->so_pcb != NULL)
		so->so_ops->release(so);
}

static const struct file_ops socket_file_ops = {
	.fop_read = sock_read,
	.fop_write = sock_write,
	.fop_ioctl = sock_ioctl,
	.fop_poll = sock_poll,
	.fop_close = sock_close,
};

static const struct file_ops unopened_ops;

struct socket *socket_of_file(struct file *f)
{
	return f->f_ops == &socket_file_ops ? S(f) : NULL;
}

static void socket_inactive(struct vnode *vn)
{
	kfree((struct socket *)vn);
}

static const struct vnode_ops socket_vnode_ops = {
	.vop_inactive = socket_inactive,
};

/* The socket and its file, with no family state yet. */
static int socket_alloc(const struct proto_ops *ops, int type, int protocol, int flags,
			struct file **out)
{
	struct socket *so = kzalloc(sizeof(*so));
	struct file *f;

	if (so == NULL)
		return -ENOMEM;
	vnode_init(&so->so_vn, NULL, S_IFSOCK | 0777, &socket_vnode_ops);
	so->so_vn.v_uid = cred_cur()->uid[ID_EFF];
	so->so_vn.v_gid = cred_cur()->gid[ID_EFF];
	so->so_family = ops->family;
	so->so_type = type;
	so->so_protocol = protocol;
	so->so_ops = ops;
	f = file_alloc(&so->so_vn, &socket_file_ops, O_RDWR | (flags & O_NONBLOCK));
	mutex_lock(&vfs_lock);
	vnode_put(&so->so_vn); /* the file holds it now (or it is freed) */
	mutex_unlock(&vfs_lock);
	if (f == NULL)
		return -ENOMEM;
	f->f_priv = so;
	so->so_file = f;
	*out = f;
	return 0;
}

/* Drop a file whose family state was never made (no release to call). */
static void socket_discard(struct file *f)
{
	f->f_ops = &unopened_ops;
	file_put(f);
}

int socket_create(int family, int type, int protocol, int flags, struct file **out)
{
	const struct proto_ops *ops;
	int err;

	if (family < 0 || family >= AF_MAX)
		return -EAFNOSUPPORT;
	ops = family_find(family);
	if (ops == NULL)
		return -EAFNOSUPPORT;
	if (type < 0 || type >= SOCK_MAX)
		return -EINVAL;
	err = socket_alloc(ops, type, protocol, flags, out);
	if (err != 0)
		return err;
	err = ops->create(S(*out), protocol);
	if (err != 0)
		socket_discard(*out);
	return err;
}

int socket_create_like(struct socket *so, int flags, struct file **out)
{
	return socket_alloc(so->so_ops, so->so_type, so->so_protocol, flags, out);
}

/* For sys_socket.c: drop a socket from socket_create_like that accept did not fill. */
void socket_discard_new(struct file *f)
{
	if (S(f)->so_pcb != NULL)
		file_put(f);
	else
		socket_discard(f);
}
