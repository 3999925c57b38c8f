/*
 * inet_udp.c: SOCK_DGRAM sockets of AF_INET on lwIP's UDP (raw API).
 *
 * lwIP's recv callback (netd, net_lock held) hands each datagram as a
 * pbuf chain; it goes on the socket's queue with its source address while
 * the queue holds less than SO_RCVBUF (each datagram counted with
 * INET_PKT_OVERHEAD bytes more), and is dropped otherwise, as Linux drops
 * on a full receive buffer.  Ownership: inet_priv.h.
 */
#include "inet_priv.h"
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include "lwip/udp.h"

static void udp_recv_cb(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *addr,
			u16_t port)
{
	struct inet_sock *is = arg;
	size_t charge = (size_t)p->tot_len + INET_PKT_OVERHEAD;
	struct inet_pkt *pk;

	(void)pcb;
	if (is->is_shut_rd || is->is_rxbytes + charge > (size_t)is->is_rcvbuf ||
	    (pk = kzalloc(sizeof(*pk))) == NULL) {
		pbuf_free(p);
		return;
	}
	pk->ip_p = p;
	ip_addr_copy(pk->ip_from, *addr);
	pk->ip_port = port;
	inet_pkt_append(is, pk);
	is->is_rxbytes += charge;
	inet_wake(is);
}

int inet_udp_create(struct inet_sock *is)
{
	struct udp_pcb *pcb = udp_new();

	if (pcb == NULL)
		return -ENOBUFS;
	udp_recv(pcb, udp_recv_cb, is);
	is->is_udp = pcb;
	is->is_state = INET_NEW;
	return 0;
}

int inet_udp_bind(struct inet_sock *is, const ip_addr_t *ip, uint16_t port)
{
	err_t e;

	if (is->is_udp->local_port != 0)
		return -EINVAL;
	if (is->is_reuse)
		ip_set_option(is->is_udp, SOF_REUSEADDR);
	e = udp_bind(is->is_udp, ip, port);
	return inet_err_from_lwip(e);
}

/* connect sets the default destination; AF_UNSPEC forgets it. */
int inet_udp_connect(struct inet_sock *is, const uint8_t *addr, size_t len)
{
	ip_addr_t ip;
	uint16_t port, fam;
	int err;

	if (len >= 2) {
		memcpy(&fam, addr, 2);
		if (fam == AF_UNSPEC) {
			udp_disconnect(is->is_udp);
			return 0;
		}
	}
	err = inet_parse_addr(addr, len, &ip, &port);
	if (err != 0)
		return err;
	if (ip_addr_isany(&ip))
		ip_addr_set_ip4_u32(&ip, PP_HTONL(0x7f000001));
	return inet_err_from_lwip(udp_connect(is->is_udp, &ip, port));
}

long inet_udp_send(struct inet_sock *is, struct sockmsg *m, bool nonblock)
{
	size_t len = m->m_iter.resid;
	ip_addr_t ip;
	uint16_t port;
	struct pbuf *p;
	err_t e;
	int err;

	(void)nonblock; /* a datagram is sent at once or not at all */
	if (is->is_shut_wr) {
		inet_sigpipe(m->m_flags);
		return -EPIPE;
	}
	if (m->m_name != NULL) {
		if ((err = inet_parse_addr(m->m_name, m->m_namelen, &ip, &port)) != 0)
			return err;
		if (ip_addr_isany(&ip))
			ip_addr_set_ip4_u32(&ip, PP_HTONL(0x7f000001));
	} else if (udp_flags(is->is_udp) & UDP_FLAGS_CONNECTED) {
		ip_addr_copy(ip, is->is_udp->remote_ip);
		port = is->is_udp->remote_port;
	} else {
		return -EDESTADDRREQ;
	}
	if (port == 0)
		return -EINVAL;
	if (len > INET_UDP_MAX)
		return -EMSGSIZE;
	if (inet_is_broadcast(&ip) && !is->is_broadcast)
		return -EACCES;
	/* Room for the headers in front, unless that would pass a pbuf's 64 KiB:
	 * then lwIP chains the headers in a pbuf of their own. */
	p = pbuf_alloc(len <= 1472 ? PBUF_TRANSPORT : PBUF_RAW, (u16_t)len, PBUF_RAM);
	if (p == NULL)
		return -ENOBUFS;
	if (msgiter_copyin(p->payload, &m->m_iter, len) != 0) {
		pbuf_free(p);
		return -EFAULT;
	}
	e = udp_sendto(is->is_udp, p, &ip, port);
	pbuf_free(p);
	return e == ERR_OK ? (long)len : inet_err_from_lwip(e);
}

static void udp_name(uint8_t *buf, const ip_addr_t *ip, uint16_t port)
{
	uint16_t fam = AF_INET, nport = lwip_htons(port);
	uint32_t a = ip4_addr_get_u32(ip_2_ip4(ip));

	memset(buf, 0, INET_ADDR_LEN);
	memcpy(buf, &fam, 2);
	memcpy(buf + 2, &nport, 2);
	memcpy(buf + 4, &a, 4);
}

long inet_udp_recv(struct inet_sock *is, struct sockmsg *m, bool nonblock)
{
	uint64_t deadline = inet_deadline(is->is_rcvtimeo);
	struct inet_pkt *pk;
	size_t n, full;
	int err;

	while ((pk = is->is_rxq) == NULL) {
		if (is->is_shut_rd)
			return 0;
		if (nonblock)
			return -EAGAIN;
		if ((err = inet_wait(is, deadline)) != 0)
			return err;
	}
	full = pk->ip_p->tot_len;
	n = full < m->m_iter.resid ? full : m->m_iter.resid;
	if (inet_pbuf_copyout(pk->ip_p, 0, &m->m_iter, n) != 0)
		return -EFAULT;
	if (m->m_name != NULL) {
		udp_name(m->m_name, &pk->ip_from, pk->ip_port);
		m->m_namelen = INET_ADDR_LEN;
	}
	if (n < full)
		m->m_oflags |= MSG_TRUNC;
	if (!(m->m_flags & MSG_PEEK)) {
		is->is_rxq = pk->ip_next;
		if (is->is_rxq == NULL)
			is->is_rxtail = &is->is_rxq;
		is->is_rxbytes -= full + INET_PKT_OVERHEAD;
		pbuf_free(pk->ip_p);
		kfree(pk);
	}
	return (long)((m->m_flags & MSG_TRUNC) ? full : n);
}

unsigned inet_udp_poll(struct inet_sock *is)
{
	unsigned ev = 0;

	if (is->is_rxq != NULL || is->is_shut_rd)
		ev |= POLLIN | POLLRDNORM;
	if (!is->is_shut_wr)
		ev |= POLLOUT | POLLWRNORM;
	if (is->is_shut_rd && is->is_shut_wr)
		ev |= POLLHUP;
	if (is->is_err != 0)
		ev |= POLLERR;
	return ev;
}

/* The socket a pcb is (NULL for lwIP's own, DHCP's). */
struct inet_sock *inet_udp_owner(struct udp_pcb *pcb)
{
	return pcb->recv == udp_recv_cb ? pcb->recv_arg : NULL;
}

void inet_udp_release(struct inet_sock *is)
{
	if (is->is_udp != NULL)
		udp_remove(is->is_udp);
	is->is_udp = NULL;
}
