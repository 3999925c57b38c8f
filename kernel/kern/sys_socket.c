/*
 * sys_socket.c: the socket system calls (socket, socketpair, bind,
 * listen, accept4, connect, sendto, recvfrom, sendmsg, recvmsg, shutdown,
 * getsockname, getpeername, setsockopt, getsockopt).  Argument handling
 * only, as Linux's net/socket.c and net/core/scm.c: addresses, iovecs and
 * control messages are checked and copied here, with Linux's errors, and
 * the family (net/socket.h) sees kernel copies.
 */
#include <net/socket.h>
#include <kern/proc.h>
#include <kern/sysargs.h>
#include <kern/syscall.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>

#define OPT_MAX 64 /* the most of an option value copied (all are small) */

/* The socket fd names, its file referenced in *fp: EBADF, or ENOTSOCK. */
static int sock_get(int fd, struct file **fp, struct socket **sop)
{
	struct file *f = fd_get(fd);

	if (f == NULL)
		return -EBADF;
	*sop = socket_of_file(f);
	if (*sop == NULL) {
		file_put(f);
		return -ENOTSOCK;
	}
	*fp = f;
	return 0;
}

/* Linux's move_addr_to_kernel: a length over sockaddr_storage (or negative) is EINVAL. */
static int addr_in(uint8_t *buf, struct uptr uaddr, uint64_t ulen)
{
	if ((int)ulen < 0 || (uint32_t)ulen > SOCKADDR_MAX)
		return -EINVAL;
	if (ulen == 0)
		return 0;
	return copy_from_user(buf, uaddr, (uint32_t)ulen);
}

/* Linux's move_addr_to_user: copy what fits in *ulen, then store the full length there. */
static int addr_out(const uint8_t *buf, int klen, struct uptr uaddr, struct uptr ulenp)
{
	int len;

	if (copy_from_user(&len, ulenp, sizeof(len)) != 0)
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if (len > klen)
		len = klen;
	if (len > 0 && copy_to_user(uaddr, buf, (size_t)len) != 0)
		return -EFAULT;
	return copy_to_user(ulenp, &klen, sizeof(klen));
}

static bool fd_nonblock(struct file *f, int flags)
{
	return (f->f_flags & O_NONBLOCK) || (flags & MSG_DONTWAIT);
}

long sys_socket(const struct sys_socket_args *uap)
{
	int type = uap->type, flags = type & ~SOCK_TYPE_MASK;
	struct file *f;
	int err, fd;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	err = socket_create(uap->domain, type & SOCK_TYPE_MASK, uap->protocol, flags, &f);
	if (err != 0)
		return err;
	fd = fd_install(f, 0, flags & SOCK_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

long sys_socketpair(const struct sys_socketpair_args *uap)
{
	int type = uap->type, flags = type & ~SOCK_TYPE_MASK, fds[2] = { -1, -1 }, err;
	struct file *f1, *f2;
	struct socket *s1;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	err = socket_create(uap->domain, type & SOCK_TYPE_MASK, uap->protocol, flags, &f1);
	if (err != 0)
		return err;
	err = socket_create(uap->domain, type & SOCK_TYPE_MASK, uap->protocol, flags, &f2);
	if (err != 0) {
		file_put(f1);
		return err;
	}
	s1 = socket_of_file(f1);
	err = s1->so_ops->pair != NULL ? s1->so_ops->pair(s1, socket_of_file(f2)) : -EOPNOTSUPP;
	if (err == 0 && (fds[0] = err = fd_install(f1, 0, flags & SOCK_CLOEXEC)) >= 0)
		f1 = NULL;
	if (err >= 0 && (fds[1] = err = fd_install(f2, 0, flags & SOCK_CLOEXEC)) >= 0)
		f2 = NULL;
	if (err >= 0)
		err = copy_to_user(uap->sv, fds, sizeof(fds));
	if (err < 0) {
		if (f1 != NULL)
			file_put(f1);
		if (f2 != NULL)
			file_put(f2);
		if (f1 == NULL)
			fd_close(fds[0]);
		if (f2 == NULL)
			fd_close(fds[1]);
		return err;
	}
	return 0;
}

long sys_bind(const struct sys_bind_args *uap)
{
	uint8_t addr[SOCKADDR_MAX];
	struct socket *so;
	struct file *f;
	int err = sock_get(uap->fd, &f, &so);

	if (err != 0)
		return err;
	err = addr_in(addr, uap->addr, uap->addrlen);
	if (err == 0)
		err = so->so_ops->bind != NULL ? so->so_ops->bind(so, addr, (uint32_t)uap->addrlen)
					       : -EOPNOTSUPP;
	file_put(f);
	return err;
}

long sys_connect(const struct sys_connect_args *uap)
{
	uint8_t addr[SOCKADDR_MAX];
	struct socket *so;
	struct file *f;
	int err = sock_get(uap->fd, &f, &so);

	if (err != 0)
		return err;
	err = addr_in(addr, uap->addr, uap->addrlen);
	if (err == 0)
		err = so->so_ops->connect != NULL ?
			      so->so_ops->connect(so, addr, (uint32_t)uap->addrlen,
						  fd_nonblock(f, 0)) :
			      -EOPNOTSUPP;
	file_put(f);
	return err;
}

long sys_listen(const struct sys_listen_args *uap)
{
	struct socket *so;
	struct file *f;
	int err = sock_get(uap->fd, &f, &so);

	if (err != 0)
		return err;
	err = so->so_ops->listen != NULL ? so->so_ops->listen(so, uap->backlog) : -EOPNOTSUPP;
	file_put(f);
	return err;
}

/* accept4 and accept: addr and addrlen may be NULL. */
static long do_accept(int sfd, struct uptr uaddr, struct uptr ulen, int flags)
{
	int err, len, fd;
	uint8_t addr[SOCKADDR_MAX];
	struct socket *so, *nso;
	struct file *f, *nf;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	err = sock_get(sfd, &f, &so);
	if (err != 0)
		return err;
	if (so->so_ops->accept == NULL) {
		file_put(f);
		return -EOPNOTSUPP;
	}
	err = socket_create_like(so, flags, &nf);
	if (err != 0) {
		file_put(f);
		return err;
	}
	nso = socket_of_file(nf);
	err = so->so_ops->accept(so, nso, fd_nonblock(f, 0));
	file_put(f);
	if (err == 0 && !uptr_null(uaddr)) {
		len = nso->so_ops->getname(nso, addr, true);
		err = len < 0 ? -ECONNABORTED : addr_out(addr, len, uaddr, ulen);
	}
	if (err != 0) {
		socket_discard_new(nf);
		return err;
	}
	fd = fd_install(nf, 0, flags & SOCK_CLOEXEC);
	if (fd < 0)
		file_put(nf);
	return fd;
}

long sys_accept4(const struct sys_accept4_args *uap)
{
	return do_accept(uap->fd, uap->addr, uap->addrlen, uap->flags);
}

long sys_accept(const struct sys_accept_args *uap)
{
	return do_accept(uap->fd, uap->addr, uap->addrlen, 0);
}

long sys_shutdown(const struct sys_shutdown_args *uap)
{
	struct socket *so;
	struct file *f;
	int err = sock_get(uap->fd, &f, &so);

	if (err != 0)
		return err;
	err = so->so_ops->shutdown != NULL ? so->so_ops->shutdown(so, uap->how) : -EOPNOTSUPP;
	file_put(f);
	return err;
}

static long getname(int fd, struct uptr uaddr, struct uptr ulen, bool peer)
{
	uint8_t addr[SOCKADDR_MAX];
	struct socket *so;
	struct file *f;
	int err = sock_get(fd, &f, &so), len;

	if (err != 0)
		return err;
	len = so->so_ops->getname(so, addr, peer);
	err = len < 0 ? len : addr_out(addr, len, uaddr, ulen);
	file_put(f);
	return err;
}

long sys_getsockname(const struct sys_getsockname_args *uap)
{
	return getname(uap->fd, uap->addr, uap->addrlen, false);
}

long sys_getpeername(const struct sys_getpeername_args *uap)
{
	return getname(uap->fd, uap->addr, uap->addrlen, true);
}

long sys_setsockopt(const struct sys_setsockopt_args *uap)
{
	int level = uap->level, name = uap->optname, len = uap->optlen, err;
	uint8_t val[OPT_MAX];
	struct socket *so;
	struct file *f;

	if (len < 0)
		return -EINVAL;
	err = sock_get(uap->fd, &f, &so);
	if (err != 0)
		return err;
	if (len > OPT_MAX)
		len = OPT_MAX;
	err = copy_from_user(val, uap->optval, (size_t)len);
	if (err == 0 && level == SOL_SOCKET &&
	    (name == SO_TYPE || name == SO_DOMAIN || name == SO_PROTOCOL || name == SO_PEERCRED ||
	     name == SO_ACCEPTCONN || name == SO_ERROR))
		err = -ENOPROTOOPT; /* read-only */
	else if (err == 0)
		err = so->so_ops->setsockopt(so, level, name, val, (size_t)len);
	file_put(f);
	return err;
}

long sys_getsockopt(const struct sys_getsockopt_args *uap)
{
	int level = uap->level, name = uap->optname, len, v = -1, err;
	uint8_t val[OPT_MAX];
	struct socket *so;
	struct file *f;
	size_t n;

	err = sock_get(uap->fd, &f, &so);
	if (err != 0)
		return err;
	if (copy_from_user(&len, uap->optlen, sizeof(len)) != 0)
		err = -EFAULT;
	else if (len < 0)
		err = -EINVAL;
	n = len > OPT_MAX ? OPT_MAX : (size_t)(len < 0 ? 0 : len);
	if (err == 0 && level == SOL_SOCKET) {
		if (name == SO_TYPE)
			v = so->so_type;
		else if (name == SO_DOMAIN)
			v = so->so_family;
		else if (name == SO_PROTOCOL)
			v = so->so_protocol;
	}
	if (err == 0 && v >= 0) {
		if (n > sizeof(v))
			n = sizeof(v);
		memcpy(val, &v, n);
	} else if (err == 0) {
		err = so->so_ops->getsockopt(so, level, name, val, &n);
	}
	file_put(f);
	if (err == 0 && (copy_to_user(uap->optval, val, n) != 0 ||
			 copy_to_user(uap->optlen, &(int){ (int)n }, sizeof(int)) != 0))
		err = -EFAULT;
	return err;
}

/* Messages. */

/*
 * Linux's __scm_send: walk the control messages (each must lie inside the
 * buffer, EINVAL), take SCM_RIGHTS (at most SCM_MAX_FD descriptors in all,
 * EINVAL; each must be open, EBADF) and SCM_CREDENTIALS (checked against
 * the caller's ids, EPERM); other SOL_SOCKET types are EINVAL, other
 * levels are ignored.
 */
static int scm_parse(struct socket *so, const uint8_t *ctl, size_t len, struct sockmsg *m)
{
	size_t off = 0;

	while (len - off >= CMSG_HDR_K) {
		struct user_cmsghdr h;
		size_t i, n;

		memcpy(&h, ctl + off, sizeof(h));
		if (h.cmsg_len < CMSG_HDR_K || h.cmsg_len > len - off)
			return -EINVAL;
		if (h.cmsg_level == SOL_SOCKET && h.cmsg_type == SCM_RIGHTS) {
			if (so->so_family != AF_UNIX)
				return -EINVAL;
			n = (h.cmsg_len - CMSG_HDR_K) / sizeof(int);
			if (n > SCM_MAX_FD || (size_t)m->m_nfds + n > SCM_MAX_FD)
				return -EINVAL;
			if (m->m_fds == NULL && n > 0 &&
			    (m->m_fds = kmalloc(SCM_MAX_FD * sizeof(struct file *))) == NULL)
				return -ENOMEM;
			for (i = 0; i < n; i++) {
				int fd;

				memcpy(&fd, ctl + off + CMSG_HDR_K + i * sizeof(int), sizeof(fd));
				m->m_fds[m->m_nfds] = fd_get_any(fd);
				if (m->m_fds[m->m_nfds] == NULL)
					return -EBADF;
				m->m_nfds++;
			}
		} else if (h.cmsg_level == SOL_SOCKET && h.cmsg_type == SCM_CREDENTIALS) {
			const struct cred *c = cred_cur();
			struct ucred uc;

			if (h.cmsg_len != CMSG_HDR_K + sizeof(uc))
				return -EINVAL;
			memcpy(&uc, ctl + off + CMSG_HDR_K, sizeof(uc));
			if ((uc.pid != curproc()->p_pid ||
			     (uc.uid != c->uid[0] && uc.uid != c->uid[1] && uc.uid != c->uid[2]) ||
			     (uc.gid != c->gid[0] && uc.gid != c->gid[1] && uc.gid != c->gid[2])) &&
			    !cred_root(c))
				return -EPERM;
			m->m_cred = uc;
			m->m_cred_set = true;
		} else if (h.cmsg_level == SOL_SOCKET) {
			return -EINVAL;
		}
		off += CMSG_ALIGN_K(h.cmsg_len);
		if (off > len)
			break;
	}
	return 0;
}

static void fds_put(struct sockmsg *m)
{
	int i;

	for (i = 0; i < m->m_nfds; i++)
		file_put(m->m_fds[i]);
	kfree(m->m_fds);
	m->m_fds = NULL;
	m->m_nfds = 0;
}

/* Linux's import_iovec for msghdr: more than UIO_MAXIOV is EMSGSIZE. */
static int iov_in(uaddr_t uiov, uint64_t cnt, struct iovec **out)
{
	uint64_t i, total = 0;
	struct iovec *iov;

	*out = NULL;
	if (cnt > UIO_MAXIOV)
		return -EMSGSIZE;
	if (cnt == 0)
		return 0;
	iov = kmalloc(cnt * sizeof(*iov));
	if (iov == NULL)
		return -ENOMEM;
	if (copy_from_user(iov, uiov, cnt * sizeof(*iov)) != 0) {
		kfree(iov);
		return -EFAULT;
	}
	for (i = 0; i < cnt; i++) {
		if ((int64_t)iov[i].iov_len < 0) {
			kfree(iov);
			return -EINVAL;
		}
		if (!user_range_ok(iov[i].iov_base, iov[i].iov_len)) {
			kfree(iov);
			return -EFAULT;
		}
		/* As Linux, the total is cut at MAX_RW_COUNT (INT_MAX rounded to a page). */
		if (total + iov[i].iov_len > 0x7ffff000)
			iov[i].iov_len = 0x7ffff000 - total;
		total += iov[i].iov_len;
	}
	*out = iov;
	return 0;
}

static long do_send(struct file *f, struct socket *so, struct sockmsg *m, uint8_t *name,
		    size_t namelen)
{
	long n;

	if (namelen > 0) {
		m->m_name = name;
		m->m_namelen = namelen;
	}
	n = so->so_ops->sendmsg(so, m, fd_nonblock(f, m->m_flags));
	fds_put(m);
	return n;
}

long sys_sendto(const struct sys_sendto_args *uap)
{
	uint8_t name[SOCKADDR_MAX];
	struct iovec v = { uptr_addr(uap->buf), uap->len > 0x7fffffff ? 0x7fffffff : uap->len };
	struct sockmsg m = { .m_flags = (int)uap->flags };
	struct socket *so;
	struct file *f;
	long err;
	size_t namelen = !uptr_null(uap->addr) ? (uint32_t)uap->addrlen : 0;

	if (!user_range_ok(v.iov_base, v.iov_len))
		return -EFAULT;
	err = sock_get(uap->fd, &f, &so);
	if (err != 0)
		return err;
	if (namelen > 0)
		err = addr_in(name, uap->addr, uap->addrlen);
	if (err == 0) {
		msgiter_init(&m.m_iter, &v, 1, true);
		err = do_send(f, so, &m, name, namelen);
	}
	file_put(f);
	return err;
}

long sys_sendmsg(const struct sys_sendmsg_args *uap)
{
	struct sockmsg m = { .m_flags = (int)uap->flags };
	uint8_t name[SOCKADDR_MAX], *ctl = NULL;
	struct user_msghdr h;
	struct iovec *iov = NULL;
	struct socket *so;
	struct file *f;
	size_t namelen;
	long err;

	err = sock_get(uap->fd, &f, &so);
	if (err != 0)
		return err;
	if (copy_from_user(&h, uap->msg, sizeof(h)) != 0) {
		err = -EFAULT;
		goto out;
	}
	namelen = h.msg_name != 0 ? h.msg_namelen : 0;
	if ((int)namelen < 0) {
		err = -EINVAL;
		goto out;
	}
	if (namelen > SOCKADDR_MAX)
		namelen = SOCKADDR_MAX;
	if (namelen > 0 && (err = addr_in(name, uptr_from(h.msg_name), namelen)) != 0)
		goto out;
	if ((err = iov_in(h.msg_iov, h.msg_iovlen, &iov)) != 0)
		goto out;
	msgiter_init(&m.m_iter, iov, h.msg_iovlen, true);
	if (h.msg_controllen > 0x7fffffff || h.msg_controllen > OPTMEM_MAX) {
		err = -ENOBUFS;
		goto out;
	}
	if (h.msg_controllen > 0) {
		ctl = kmalloc(h.msg_controllen);
		if (ctl == NULL) {
			err = -ENOBUFS;
			goto out;
		}
		if (copy_from_user(ctl, h.msg_control, h.msg_controllen) != 0) {
			err = -EFAULT;
			goto out;
		}
		err = scm_parse(so, ctl, h.msg_controllen, &m);
		if (err != 0) {
			fds_put(&m);
			goto out;
		}
	}
	err = do_send(f, so, &m, name, namelen);
out:
	kfree(ctl);
	kfree(iov);
	file_put(f);
	return err;
}

/* The control buffer recvmsg fills: user address, size, bytes used, flags. */
struct ctlbuf {
	uaddr_t c_ptr;
	size_t c_len, c_used;
	int *c_flags;
};

/* Linux's put_cmsg: what fits, MSG_CTRUNC if not all. */
static void cmsg_put(struct ctlbuf *c, int type, const void *data, size_t len)
{
	size_t room = c->c_len - c->c_used, cmlen = CMSG_HDR_K + len;
	struct user_cmsghdr h = { .cmsg_level = SOL_SOCKET, .cmsg_type = type };

	if (c->c_ptr == 0 || room < CMSG_HDR_K) {
		*c->c_flags |= MSG_CTRUNC;
		return;
	}
	if (room < cmlen) {
		*c->c_flags |= MSG_CTRUNC;
		cmlen = room;
	}
	h.cmsg_len = cmlen;
	if (copy_to_user(c->c_ptr + c->c_used, &h, sizeof(h)) != 0 ||
	    copy_to_user(c->c_ptr + c->c_used + CMSG_HDR_K, data, cmlen - CMSG_HDR_K) != 0) {
		*c->c_flags |= MSG_CTRUNC;
		return;
	}
	cmlen = CMSG_ALIGN_K(cmlen);
	c->c_used += cmlen < room ? cmlen : room;
}

/*
 * Linux's scm_detach_fds: install as many of the received files as the
 * buffer has room for (and the table takes); close the rest, MSG_CTRUNC.
 */
static void cmsg_fds(struct ctlbuf *c, struct sockmsg *m, bool cloexec)
{
	size_t room = c->c_ptr != 0 ? c->c_len - c->c_used : 0, max = 0;
	int *fds, i, n = 0;

	if (room > CMSG_HDR_K)
		max = (room - CMSG_HDR_K) / sizeof(int);
	fds = kmalloc((size_t)m->m_nfds * sizeof(int));
	for (i = 0; fds != NULL && i < m->m_nfds && (size_t)i < max; i++) {
		int fd = fd_install(m->m_fds[i], 0, cloexec);

		if (fd < 0)
			break;
		m->m_fds[i] = NULL; /* the table holds it */
		fds[n++] = fd;
	}
	if (n > 0)
		cmsg_put(c, SCM_RIGHTS, fds, (size_t)n * sizeof(int));
	if (n < m->m_nfds)
		*c->c_flags |= MSG_CTRUNC;
	for (i = n; i < m->m_nfds; i++)
		file_put(m->m_fds[i]);
	kfree(fds);
	kfree(m->m_fds);
	m->m_fds = NULL;
	m->m_nfds = 0;
}

static long do_recv(struct file *f, struct socket *so, struct sockmsg *m, struct ctlbuf *c)
{
	long n = so->so_ops->recvmsg(so, m, fd_nonblock(f, m->m_flags));

	if (m->m_cred_set)
		cmsg_put(c, SCM_CREDENTIALS, &m->m_cred, sizeof(m->m_cred));
	if (m->m_nfds > 0)
		cmsg_fds(c, m, m->m_flags & MSG_CMSG_CLOEXEC);
	return n;
}

long sys_recvfrom(const struct sys_recvfrom_args *uap)
{
	uint8_t name[SOCKADDR_MAX];
	struct iovec v = { uptr_addr(uap->buf), uap->len > 0x7fffffff ? 0x7fffffff : uap->len };
	struct sockmsg m = { .m_flags = (int)uap->flags, .m_name = name };
	struct ctlbuf c = { .c_flags = &m.m_oflags };
	struct socket *so;
	struct file *f;
	long n;
	int err;

	if (!user_range_ok(v.iov_base, v.iov_len))
		return -EFAULT;
	n = sock_get(uap->fd, &f, &so);
	if (n != 0)
		return n;
	msgiter_init(&m.m_iter, &v, 1, true);
	n = do_recv(f, so, &m, &c);
	file_put(f);
	if (n >= 0 && !uptr_null(uap->addr) &&
	    (err = addr_out(name, (int)m.m_namelen, uap->addr, uap->addrlen)) != 0)
		return err;
	return n;
}

long sys_recvmsg(const struct sys_recvmsg_args *uap)
{
	struct sockmsg m = { .m_flags = (int)uap->flags };
	uint8_t name[SOCKADDR_MAX];
	struct user_msghdr h;
	struct iovec *iov = NULL;
	struct ctlbuf c = { .c_flags = &m.m_oflags };
	struct uptr uh = uap->msg;
	struct socket *so;
	struct file *f;
	long n;
	int len;

	n = sock_get(uap->fd, &f, &so);
	if (n != 0)
		return n;
	if (copy_from_user(&h, uh, sizeof(h)) != 0) {
		n = -EFAULT;
		goto out;
	}
	if (h.msg_name != 0 && (int)h.msg_namelen < 0) {
		n = -EINVAL; /* as Linux's __copy_msghdr */
		goto out;
	}
	if ((n = iov_in(h.msg_iov, h.msg_iovlen, &iov)) != 0)
		goto out;
	msgiter_init(&m.m_iter, iov, h.msg_iovlen, true);
	m.m_name = h.msg_name != 0 ? name : NULL;
	c.c_ptr = h.msg_control;
	c.c_len = h.msg_controllen > 0x7fffffff ? 0x7fffffff : h.msg_controllen;
	n = do_recv(f, so, &m, &c);
	if (n < 0)
		goto out;
	if (h.msg_name != 0) {
		len = (int)h.msg_namelen;
		if ((size_t)len > m.m_namelen)
			len = (int)m.m_namelen;
		if (copy_to_user(h.msg_name, name, (size_t)len) != 0)
			n = -EFAULT;
		h.msg_namelen = (uint32_t)m.m_namelen;
	}
	h.msg_controllen = c.c_used;
	h.msg_flags = m.m_oflags;
	if (copy_to_user(uptr_add(uh, offsetof(struct user_msghdr, msg_namelen)),
			 &h.msg_namelen, sizeof(h.msg_namelen)) != 0 ||
	    copy_to_user(uptr_add(uh, offsetof(struct user_msghdr, msg_controllen)),
			 &h.msg_controllen, sizeof(h.msg_controllen)) != 0 ||
	    copy_to_user(uptr_add(uh, offsetof(struct user_msghdr, msg_flags)),
			 &h.msg_flags, sizeof(h.msg_flags)) != 0)
		n = -EFAULT;
out:
	kfree(iov);
	file_put(f);
	return n;
}
