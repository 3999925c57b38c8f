/*
 * inet.c: the AF_INET family of the socket layer (net/socket.h), on lwIP's
 * raw API: the proto_ops, addresses, options, names and the helpers TCP
 * (inet_tcp.c) and UDP (inet_udp.c) share.  Ownership and locking are in
 * inet_priv.h; the semantics and where they differ from Linux's in
 * docs/net.md.
 */
#include "inet_priv.h"
#include <fs/poll.h>
#include <kern/clock.h>
#include <kern/cred.h>
#include <kern/panic.h>
#include <kern/proc.h>
#include <kern/signal.h>
#include <kern/thread.h>
#include <kern/uaccess.h>
#include <lib/string.h>
#include <lib/time.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include "lwip/netif.h"
#include "lwip/raw.h"
#include "lwip/tcp.h"
#include "lwip/udp.h"

static struct inet_sock *I(struct socket *so)
{
	return so->so_pcb;
}

int inet_wait(struct inet_sock *is, uint64_t deadline)
{
	unsigned long fl;
	int r;

	KASSERT(mutex_held(&net_lock));
	if (signal_pending())
		return -ERESTARTSYS;
	net_kick(); /* what we queued (loopback, a window update) goes out while we sleep */
	fl = sched_lock();
	mutex_unlock(&net_lock);
	r = sleep_on_intr(is, deadline);
	sched_unlock(fl);
	mutex_lock(&net_lock);
	return r == -ETIMEDOUT ? -EAGAIN : 0;
}

void inet_wake(struct inet_sock *is)
{
	wakeup(is);
	poll_notify();
}

uint64_t inet_deadline(uint64_t timeo)
{
	return timeo == 0 ? 0 : time_deadline(clock_monotonic_ns(), timeo);
}

void inet_sigpipe(int flags)
{
	if (!(flags & MSG_NOSIGNAL))
		signal_send_user(curproc(), SIGPIPE, SI_USER);
}

/* A sockaddr_in: EINVAL if short, EAFNOSUPPORT for another family. */
int inet_parse_addr(const uint8_t *addr, size_t len, ip_addr_t *ip, uint16_t *port)
{
	uint16_t fam;
	uint32_t a;

	if (len < INET_ADDR_LEN)
		return -EINVAL;
	memcpy(&fam, addr, 2);
	if (fam != AF_INET)
		return -EAFNOSUPPORT;
	memcpy(port, addr + 2, 2);
	*port = lwip_ntohs(*port);
	memcpy(&a, addr + 4, 4);
	ip_addr_set_ip4_u32(ip, a);
	return 0;
}

/* The limited broadcast address or an interface's subnet broadcast (there may be no interface). */
bool inet_is_broadcast(const ip_addr_t *ip)
{
	struct netif *ni;

	if (ip4_addr_get_u32(ip_2_ip4(ip)) == IPADDR_BROADCAST)
		return true;
	NETIF_FOREACH(ni)
		if (ip4_addr_isbroadcast_u32(ip4_addr_get_u32(ip_2_ip4(ip)), ni))
			return true;
	return false;
}

/* bind: the address must be ours (any, loopback, an interface's); low ports are root's. */
int inet_check_bind_addr(const ip_addr_t *ip, uint16_t port)
{
	struct netif *ni;
	bool ours = ip_addr_isany(ip) || ip4_addr_isloopback(ip_2_ip4(ip)) ||
		    inet_is_broadcast(ip);

	NETIF_FOREACH(ni)
		if (ip4_addr_cmp(netif_ip4_addr(ni), ip_2_ip4(ip)))
			ours = true;
	if (!ours)
		return -EADDRNOTAVAIL;
	if (port != 0 && port < 1024 && !cred_root(cred_cur()))
		return -EACCES;
	return 0;
}

void inet_pkt_append(struct inet_sock *is, struct inet_pkt *pk)
{
	pk->ip_next = NULL;
	*is->is_rxtail = pk;
	is->is_rxtail = &pk->ip_next;
}

void inet_pkt_free_all(struct inet_sock *is)
{
	struct inet_pkt *pk;

	while ((pk = is->is_rxq) != NULL) {
		is->is_rxq = pk->ip_next;
		pbuf_free(pk->ip_p);
		kfree(pk);
	}
	is->is_rxtail = &is->is_rxq;
	is->is_rxbytes = 0;
}

/* Copy n bytes of chain p from offset off into the user's iovecs. */
int inet_pbuf_copyout(struct pbuf *p, size_t off, struct msgiter *it, size_t n)
{
	struct pbuf *q;
	size_t k;

	for (q = p; q != NULL && n > 0; q = q->next) {
		if (off >= q->len) {
			off -= q->len;
			continue;
		}
		k = q->len - off;
		if (k > n)
			k = n;
		if (msgiter_copyout(it, (uint8_t *)q->payload + off, k) != 0)
			return -EFAULT;
		n -= k;
		off = 0;
	}
	return 0;
}

int inet_err_from_lwip(int err)
{
	switch (err) {
	case ERR_OK: return 0;
	case ERR_MEM: case ERR_BUF: return -ENOBUFS;
	case ERR_TIMEOUT: return -ETIMEDOUT;
	case ERR_RTE: return -ENETUNREACH;
	case ERR_INPROGRESS: return -EINPROGRESS;
	case ERR_VAL: case ERR_ARG: return -EINVAL;
	case ERR_WOULDBLOCK: return -EAGAIN;
	case ERR_USE: return -EADDRINUSE;
	case ERR_ALREADY: return -EALREADY;
	case ERR_ISCONN: return -EISCONN;
	case ERR_CONN: return -ENOTCONN;
	case ERR_IF: return -EIO;
	case ERR_ABRT: return -ECONNABORTED;
	case ERR_RST: return -ECONNRESET;
	case ERR_CLSD: return -ENOTCONN;
	default: return -EIO;
	}
}

struct inet_sock *inet_sock_alloc(int type)
{
	struct inet_sock *is = kzalloc(sizeof(*is));

	if (is == NULL)
		return NULL;
	is->is_type = type;
	is->is_rxtail = &is->is_rxq;
	is->is_aqtail = &is->is_aq;
	is->is_rcvbuf = type == SOCK_STREAM ? 131072 : INET_BUF_MAX;
	is->is_sndbuf = type == SOCK_STREAM ? 16384 : INET_BUF_MAX;
	return is;
}

static int inet_create(struct socket *so, int protocol)
{
	struct inet_sock *is;
	int err;

	if (so->so_type == SOCK_STREAM && protocol != 0 && protocol != IPPROTO_TCP_K)
		return -EPROTONOSUPPORT;
	if (so->so_type == SOCK_DGRAM && protocol != 0 && protocol != IPPROTO_UDP_K &&
	    protocol != IPPROTO_ICMP_K)
		return -EPROTONOSUPPORT;
	if (so->so_type == SOCK_RAW)
		return cred_root(cred_cur()) ? -EPROTONOSUPPORT : -EPERM;
	if (so->so_type != SOCK_STREAM && so->so_type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	is = inet_sock_alloc(so->so_type);
	if (is == NULL)
		return -ENOMEM;
	is->is_uid = cred_cur()->uid[ID_EFF];
	mutex_lock(&net_lock);
	if (so->so_type == SOCK_STREAM)
		err = inet_tcp_create(is);
	else if (protocol == IPPROTO_ICMP_K)
		err = inet_icmp_create(is);
	else
		err = inet_udp_create(is);
	mutex_unlock(&net_lock);
	if (err != 0) {
		kfree(is);
		return err;
	}
	so->so_protocol = so->so_type == SOCK_STREAM ? IPPROTO_TCP_K :
			  is->is_raw != NULL ? IPPROTO_ICMP_K : IPPROTO_UDP_K;
	so->so_pcb = is;
	return 0;
}

static int inet_bind(struct socket *so, const uint8_t *addr, size_t len)
{
	struct inet_sock *is = I(so);
	ip_addr_t ip;
	uint16_t port;
	int err = inet_parse_addr(addr, len, &ip, &port);

	if (err != 0)
		return err;
	mutex_lock(&net_lock);
	/* A ping socket's port is its echo identifier: no port is privileged (as Linux). */
	err = inet_check_bind_addr(&ip, is->is_raw != NULL ? 0 : port);
	if (err == 0 && is->is_raw != NULL)
		err = inet_icmp_bind(is, &ip, port);
	else if (err == 0)
		err = is->is_type == SOCK_STREAM ? inet_tcp_bind(is, &ip, port)
						 : inet_udp_bind(is, &ip, port);
	mutex_unlock(&net_lock);
	return err;
}

static int inet_connect(struct socket *so, const uint8_t *addr, size_t len, bool nonblock)
{
	struct inet_sock *is = I(so);
	ip_addr_t ip;
	uint16_t port;
	int err;

	if (is->is_type == SOCK_DGRAM) {
		mutex_lock(&net_lock);
		err = is->is_raw != NULL ? inet_icmp_connect(is, addr, len)
					 : inet_udp_connect(is, addr, len);
		mutex_unlock(&net_lock);
		return err;
	}
	err = inet_parse_addr(addr, len, &ip, &port);
	if (err != 0)
		return err;
	if (ip_addr_isany(&ip)) /* as Linux: the unspecified address is this host */
		ip_addr_set_ip4_u32(&ip, PP_HTONL(0x7f000001));
	mutex_lock(&net_lock);
	err = inet_tcp_connect(is, &ip, port, nonblock);
	mutex_unlock(&net_lock);
	net_kick();
	return err;
}

static int inet_listen(struct socket *so, int backlog)
{
	int err;

	if (I(so)->is_type != SOCK_STREAM)
		return -EOPNOTSUPP;
	if ((unsigned)backlog > SOMAXCONN)
		backlog = SOMAXCONN;
	mutex_lock(&net_lock);
	err = inet_tcp_listen(I(so), backlog);
	mutex_unlock(&net_lock);
	return err;
}

static int inet_accept(struct socket *so, struct socket *newso, bool nonblock)
{
	struct inet_sock *e;
	int err;

	if (I(so)->is_type != SOCK_STREAM)
		return -EOPNOTSUPP;
	mutex_lock(&net_lock);
	err = inet_tcp_accept(I(so), &e, nonblock);
	mutex_unlock(&net_lock);
	if (err == 0)
		newso->so_pcb = e;
	return err;
}

static long inet_sendmsg(struct socket *so, struct sockmsg *m, bool nonblock)
{
	struct inet_sock *is = I(so);
	long n;

	if (m->m_flags & MSG_OOB)
		return -EOPNOTSUPP;
	mutex_lock(&net_lock);
	if (is->is_raw != NULL)
		n = inet_icmp_send(is, m);
	else
		n = is->is_type == SOCK_STREAM ? inet_tcp_send(is, m, nonblock)
					       : inet_udp_send(is, m, nonblock);
	mutex_unlock(&net_lock);
	net_kick();
	return n;
}

static long inet_recvmsg(struct socket *so, struct sockmsg *m, bool nonblock)
{
	struct inet_sock *is = I(so);
	long n;

	if (m->m_flags & (MSG_OOB | MSG_ERRQUEUE))
		return -EINVAL;
	m->m_namelen = 0;
	mutex_lock(&net_lock);
	n = is->is_type == SOCK_STREAM ? inet_tcp_recv(is, m, nonblock)
				       : inet_udp_recv(is, m, nonblock);
	mutex_unlock(&net_lock);
	net_kick(); /* a read may open the window: the update goes out from netd too */
	return n;
}

static int inet_shutdown(struct socket *so, int how)
{
	struct inet_sock *is = I(so);
	int err = 0;

	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	mutex_lock(&net_lock);
	if (is->is_type == SOCK_STREAM) {
		err = inet_tcp_shutdown(is, how);
	} else if (is->is_raw != NULL ? !(raw_flags(is->is_raw) & RAW_FLAGS_CONNECTED) :
		   is->is_udp == NULL || !(udp_flags(is->is_udp) & UDP_FLAGS_CONNECTED)) {
		err = -ENOTCONN;
	} else {
		is->is_shut_rd |= how != SHUT_WR;
		is->is_shut_wr |= how != SHUT_RD;
		inet_wake(is);
	}
	mutex_unlock(&net_lock);
	net_kick();
	return err;
}

/* The current names into the cache (the pcb may go away later).  net_lock held. */
static void inet_names_refresh(struct inet_sock *is)
{
	if (is->is_tcp != NULL) {
		is->is_laddr = is->is_tcp->local_ip;
		is->is_lport = is->is_tcp->local_port;
		if (is->is_state == INET_CONNECTED || is->is_state == INET_CONNECTING) {
			is->is_raddr = is->is_tcp->remote_ip;
			is->is_rport = is->is_tcp->remote_port;
		}
	} else if (is->is_udp != NULL) {
		is->is_laddr = is->is_udp->local_ip;
		is->is_lport = is->is_udp->local_port;
		is->is_raddr = is->is_udp->remote_ip;
		is->is_rport = is->is_udp->remote_port;
	}
}

static int inet_getname(struct socket *so, uint8_t *addr, bool peer)
{
	struct inet_sock *is = I(so);
	uint16_t fam = AF_INET, port;
	uint32_t a;
	bool connected;

	mutex_lock(&net_lock);
	inet_names_refresh(is);
	if (is->is_type == SOCK_STREAM)
		connected = is->is_state == INET_CONNECTED;
	else if (is->is_raw != NULL)
		connected = raw_flags(is->is_raw) & RAW_FLAGS_CONNECTED;
	else
		connected = is->is_udp != NULL && (udp_flags(is->is_udp) & UDP_FLAGS_CONNECTED);
	if (peer && !connected) {
		mutex_unlock(&net_lock);
		return -ENOTCONN;
	}
	a = ip4_addr_get_u32(ip_2_ip4(peer ? &is->is_raddr : &is->is_laddr));
	port = lwip_htons(is->is_raw != NULL ? (peer ? 0 : is->is_ident)
					     : peer ? is->is_rport : is->is_lport);
	mutex_unlock(&net_lock);
	memset(addr, 0, INET_ADDR_LEN);
	memcpy(addr, &fam, 2);
	memcpy(addr + 2, &port, 2);
	memcpy(addr + 4, &a, 4);
	return INET_ADDR_LEN;
}

static unsigned inet_poll(struct socket *so)
{
	struct inet_sock *is = I(so);
	unsigned ev;

	mutex_lock(&net_lock);
	ev = is->is_type == SOCK_STREAM ? inet_tcp_poll(is) : inet_udp_poll(is);
	mutex_unlock(&net_lock);
	return ev;
}

static int inet_ioctl(struct socket *so, unsigned long cmd, uaddr_t arg)
{
	struct inet_sock *is = I(so);
	int n;

	if (cmd != FIONREAD)
		return inet_if_ioctl(cmd, arg);
	mutex_lock(&net_lock);
	if (is->is_type == SOCK_STREAM)
		n = is->is_state == INET_LISTEN ? -EINVAL : (int)is->is_rxbytes;
	else
		n = is->is_rxq != NULL ? is->is_rxq->ip_p->tot_len : 0;
	mutex_unlock(&net_lock);
	if (n < 0)
		return n;
	return copy_to_user(arg, &n, sizeof(n)) != 0 ? -EFAULT : 0;
}

/* struct timeval (16 bytes) to ns: EINVAL if short, EDOM for bad microseconds. */
static int timeval_to_ns(const void *val, size_t len, uint64_t *out)
{
	int64_t tv[2];

	if (len < sizeof(tv))
		return -EINVAL;
	memcpy(tv, val, sizeof(tv));
	if (tv[1] < 0 || tv[1] >= 1000000)
		return -EDOM;
	if (tv[0] < 0) { /* as Linux: a negative timeout is no timeout... of zero wait */
		*out = 0;
		return 0;
	}
	if ((uint64_t)tv[0] > 1000000000ull)
		tv[0] = 1000000000; /* far enough: about 31 years */
	*out = (uint64_t)tv[0] * NSEC_PER_SEC + (uint64_t)tv[1] * 1000u;
	return 0;
}

static void ns_to_timeval(uint64_t ns, int64_t tv[2])
{
	tv[0] = (int64_t)(ns / NSEC_PER_SEC);
	tv[1] = (int64_t)(ns % NSEC_PER_SEC / 1000u);
}

static int buf_size(int v, int min)
{
	if (v < 0 || v > INET_BUF_MAX)
		v = v < 0 ? 0 : INET_BUF_MAX;
	v *= 2;
	return v < min ? min : v;
}

/* SOL_SOCKET options.  net_lock held. */
static int inet_set_sol(struct inet_sock *is, int name, const void *val, size_t len)
{
	int v = 0;

	if (name == SO_RCVTIMEO_K || name == SO_SNDTIMEO_K)
		return timeval_to_ns(val, len, name == SO_RCVTIMEO_K ? &is->is_rcvtimeo
								      : &is->is_sndtimeo);
	if (len < sizeof(int))
		return -EINVAL;
	memcpy(&v, val, sizeof(v));
	switch (name) {
	case SO_REUSEADDR:
		is->is_reuse = v != 0;
		if (is->is_tcp != NULL)
			v ? ip_set_option(is->is_tcp, SOF_REUSEADDR)
			  : ip_reset_option(is->is_tcp, SOF_REUSEADDR);
		if (is->is_udp != NULL)
			v ? ip_set_option(is->is_udp, SOF_REUSEADDR)
			  : ip_reset_option(is->is_udp, SOF_REUSEADDR);
		return 0;
	case SO_KEEPALIVE:
		is->is_keepalive = v != 0;
		if (is->is_tcp != NULL)
			v ? ip_set_option(is->is_tcp, SOF_KEEPALIVE)
			  : ip_reset_option(is->is_tcp, SOF_KEEPALIVE);
		return 0;
	case SO_BROADCAST:
		is->is_broadcast = v != 0;
		return 0;
	case SO_RCVBUF:
		is->is_rcvbuf = buf_size(v, INET_RCVBUF_MIN);
		return 0;
	case SO_SNDBUF:
		is->is_sndbuf = buf_size(v, INET_SNDBUF_MIN);
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

static int inet_setsockopt(struct socket *so, int level, int name, const void *val, size_t len)
{
	struct inet_sock *is = I(so);
	int err = -ENOPROTOOPT, v;

	mutex_lock(&net_lock);
	if (level == SOL_SOCKET) {
		err = inet_set_sol(is, name, val, len);
	} else if (level == IPPROTO_TCP_K && is->is_type == SOCK_STREAM && name == TCP_NODELAY_K) {
		err = -EINVAL;
		if (len >= sizeof(int)) {
			memcpy(&v, val, sizeof(v));
			is->is_nodelay = v != 0;
			inet_tcp_set_nodelay(is);
			err = 0;
		}
	}
	mutex_unlock(&net_lock);
	return err;
}

static int inet_get_sol(struct inet_sock *is, int name, void *val, size_t *len)
{
	int64_t tv[2];
	int v;

	switch (name) {
	case SO_RCVTIMEO_K:
	case SO_SNDTIMEO_K:
		ns_to_timeval(name == SO_RCVTIMEO_K ? is->is_rcvtimeo : is->is_sndtimeo, tv);
		if (*len > sizeof(tv))
			*len = sizeof(tv);
		memcpy(val, tv, *len);
		return 0;
	case SO_ERROR: v = is->is_err; is->is_err = 0; break;
	case SO_REUSEADDR: v = is->is_reuse; break;
	case SO_KEEPALIVE: v = is->is_keepalive; break;
	case SO_BROADCAST: v = is->is_broadcast; break;
	case SO_RCVBUF: v = is->is_rcvbuf; break;
	case SO_SNDBUF: v = is->is_sndbuf; break;
	case SO_ACCEPTCONN: v = is->is_state == INET_LISTEN; break;
	default: return -ENOPROTOOPT;
	}
	if (*len > sizeof(v))
		*len = sizeof(v);
	memcpy(val, &v, *len);
	return 0;
}

static int inet_getsockopt(struct socket *so, int level, int name, void *val, size_t *len)
{
	struct inet_sock *is = I(so);
	int err = -ENOPROTOOPT, v;

	mutex_lock(&net_lock);
	if (level == SOL_SOCKET) {
		err = inet_get_sol(is, name, val, len);
	} else if (level == IPPROTO_TCP_K && is->is_type == SOCK_STREAM && name == TCP_NODELAY_K) {
		v = is->is_nodelay;
		if (*len > sizeof(v))
			*len = sizeof(v);
		memcpy(val, &v, *len);
		err = 0;
	}
	mutex_unlock(&net_lock);
	return err;
}

static void inet_release(struct socket *so)
{
	struct inet_sock *is = I(so);

	mutex_lock(&net_lock);
	if (is->is_type == SOCK_STREAM)
		inet_tcp_release(is);
	else if (is->is_raw != NULL)
		inet_icmp_release(is);
	else
		inet_udp_release(is);
	inet_pkt_free_all(is);
	mutex_unlock(&net_lock);
	so->so_pcb = NULL;
	kfree(is);
	net_kick();
}

const struct proto_ops inet_proto_ops = {
	.family = AF_INET,
	.create = inet_create,
	.bind = inet_bind,
	.connect = inet_connect,
	.listen = inet_listen,
	.accept = inet_accept,
	.sendmsg = inet_sendmsg,
	.recvmsg = inet_recvmsg,
	.shutdown = inet_shutdown,
	.getname = inet_getname,
	.poll = inet_poll,
	.ioctl = inet_ioctl,
	.setsockopt = inet_setsockopt,
	.getsockopt = inet_getsockopt,
	.release = inet_release,
};
