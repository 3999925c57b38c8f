/*
 * inet_tcp.c: SOCK_STREAM sockets of AF_INET on lwIP's TCP (raw API).
 *
 * lwIP calls back, with net_lock held (from netd or from a system call
 * that made it send): recv with each in-order segment (or NULL for the
 * peer's FIN), sent when acknowledged data freed send buffer, err when it
 * has freed the pcb (a reset, or a retransmission or keepalive timeout),
 * connected when a connect completes, accept on a listener when a
 * handshake completes.  Each callback records what happened in the
 * inet_sock and wakes it; the system calls wait for those records.
 * Ownership of pcbs, pbufs and embryos: inet_priv.h.
 *
 * Flow control: a received segment is acknowledged to lwIP (tcp_recved,
 * which reopens the advertised window) only when a read has consumed it,
 * so at most TCP_WND bytes wait in a socket however fast the peer sends.
 * A send waits while lwIP's send buffer (TCP_SND_BUF) is full.
 */
#include "inet_priv.h"
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include "lwip/tcp.h"

#define TCP_CHUNK 16384 /* bytes copied from the user per tcp_write */

static void tcp_names(struct inet_sock *is)
{
	struct tcp_pcb *pcb = is->is_tcp;

	if (pcb == NULL)
		return;
	is->is_laddr = pcb->local_ip;
	is->is_lport = pcb->local_port;
	if (is->is_state == INET_CONNECTED || is->is_state == INET_CONNECTING) {
		is->is_raddr = pcb->remote_ip;
		is->is_rport = pcb->remote_port;
	}
}

static err_t tcp_recv_cb(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct inet_sock *is = arg;
	struct inet_pkt *pk;

	(void)err;
	if (p == NULL) {
		is->is_eof = true;
		inet_wake(is);
		return ERR_OK;
	}
	if (is->is_shut_rd) { /* the reader is gone: take and drop, as Linux does */
		tcp_recved(pcb, p->tot_len);
		pbuf_free(p);
		return ERR_OK;
	}
	pk = kzalloc(sizeof(*pk));
	if (pk == NULL)
		return ERR_MEM; /* lwIP keeps p and offers it again */
	pk->ip_p = p;
	inet_pkt_append(is, pk);
	is->is_rxbytes += p->tot_len;
	inet_wake(is);
	return ERR_OK;
}

static err_t tcp_sent_cb(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	(void)pcb;
	(void)len;
	inet_wake(arg);
	return ERR_OK;
}

/* lwIP has freed the pcb. */
static void tcp_err_cb(void *arg, err_t err)
{
	struct inet_sock *is = arg;

	is->is_tcp = NULL;
	if (is->is_state == INET_CONNECTING)
		is->is_err = err == ERR_RST ? ECONNREFUSED : ETIMEDOUT;
	else if (err == ERR_RST)
		is->is_err = ECONNRESET;
	else if (err == ERR_ABRT)
		is->is_err = ETIMEDOUT; /* lwIP aborts on its own only when a timer gave up */
	else
		is->is_eof = true;
	is->is_state = INET_CLOSED;
	inet_wake(is);
}

static err_t tcp_connected_cb(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct inet_sock *is = arg;

	(void)pcb;
	(void)err; /* always ERR_OK in lwIP 2.1 */
	is->is_state = INET_CONNECTED;
	tcp_names(is);
	inet_wake(is);
	return ERR_OK;
}

static void tcp_apply_opts(struct inet_sock *is)
{
	struct tcp_pcb *pcb = is->is_tcp;

	if (is->is_reuse)
		ip_set_option(pcb, SOF_REUSEADDR);
	if (is->is_keepalive)
		ip_set_option(pcb, SOF_KEEPALIVE);
	inet_tcp_set_nodelay(is);
}

static void tcp_attach(struct inet_sock *is, struct tcp_pcb *pcb)
{
	is->is_tcp = pcb;
	tcp_arg(pcb, is);
	tcp_recv(pcb, tcp_recv_cb);
	tcp_sent(pcb, tcp_sent_cb);
	tcp_err(pcb, tcp_err_cb);
}

/* Cut the pcb loose from is: no callback reaches is after this. */
static struct tcp_pcb *tcp_detach(struct inet_sock *is)
{
	struct tcp_pcb *pcb = is->is_tcp;

	is->is_tcp = NULL;
	if (pcb != NULL && is->is_state != INET_LISTEN) {
		tcp_arg(pcb, NULL);
		tcp_recv(pcb, NULL); /* lwIP's tcp_recv_null: drops data, closes on FIN */
		tcp_sent(pcb, NULL);
		tcp_err(pcb, NULL);
	} else if (pcb != NULL) {
		tcp_arg(pcb, NULL);
	}
	return pcb;
}

void inet_tcp_set_nodelay(struct inet_sock *is)
{
	if (is->is_tcp == NULL || is->is_state == INET_LISTEN)
		return;
	if (is->is_nodelay)
		tcp_nagle_disable(is->is_tcp);
	else
		tcp_nagle_enable(is->is_tcp);
}

int inet_tcp_create(struct inet_sock *is)
{
	struct tcp_pcb *pcb = tcp_new();

	if (pcb == NULL)
		return -ENOBUFS;
	tcp_attach(is, pcb);
	is->is_state = INET_NEW;
	return 0;
}

int inet_tcp_bind(struct inet_sock *is, const ip_addr_t *ip, uint16_t port)
{
	err_t e;

	if (is->is_tcp == NULL || is->is_state != INET_NEW || is->is_tcp->local_port != 0)
		return -EINVAL;
	e = tcp_bind(is->is_tcp, ip, port);
	if (e != ERR_OK)
		return inet_err_from_lwip(e);
	tcp_names(is);
	return 0;
}

int inet_tcp_connect(struct inet_sock *is, const ip_addr_t *ip, uint16_t port, bool nonblock)
{
	uint64_t deadline = inet_deadline(is->is_sndtimeo);
	struct tcp_pcb *pcb;
	int err;
	err_t e;

	if (is->is_state == INET_LISTEN || is->is_state == INET_CONNECTED)
		return -EISCONN;
	if (is->is_state == INET_CONNECTING && nonblock)
		return -EALREADY;
	if (is->is_state != INET_CONNECTING) {
		if (is->is_tcp == NULL) { /* a failed or reset connection: start afresh */
			if ((pcb = tcp_new()) == NULL)
				return -ENOBUFS;
			tcp_attach(is, pcb);
			tcp_apply_opts(is);
		}
		is->is_err = 0;
		is->is_eof = is->is_shut_rd = is->is_shut_wr = false;
		e = tcp_connect(is->is_tcp, ip, port, tcp_connected_cb);
		if (e != ERR_OK)
			return inet_err_from_lwip(e);
		is->is_state = INET_CONNECTING;
		tcp_names(is);
		if (nonblock)
			return -EINPROGRESS;
	}
	while (is->is_state == INET_CONNECTING) {
		err = inet_wait(is, deadline);
		if (err == -EAGAIN)
			return -EINPROGRESS; /* SO_SNDTIMEO ran out, as Linux */
		if (err != 0)
			return err;
	}
	if (is->is_state == INET_CONNECTED)
		return 0;
	err = is->is_err != 0 ? is->is_err : ECONNREFUSED;
	is->is_err = 0;
	return -err;
}

/* A handshake on listener l completed: queue the new connection as an embryo. */
static err_t tcp_accept_cb(void *arg, struct tcp_pcb *newpcb, err_t err)
{
	struct inet_sock *l = arg, *e;

	if (newpcb == NULL || err != ERR_OK)
		return ERR_VAL; /* lwIP had no memory for the pcb */
	if (l == NULL || l->is_aqlen > l->is_backlog || (e = inet_sock_alloc(SOCK_STREAM)) == NULL) {
		tcp_abort(newpcb);
		return ERR_ABRT;
	}
	e->is_state = INET_CONNECTED;
	e->is_nodelay = l->is_nodelay;
	e->is_keepalive = l->is_keepalive;
	e->is_rcvbuf = l->is_rcvbuf;
	e->is_sndbuf = l->is_sndbuf;
	e->is_uid = l->is_uid;
	tcp_attach(e, newpcb);
	tcp_apply_opts(e);
	tcp_names(e);
	*l->is_aqtail = e;
	l->is_aqtail = &e->is_aqnext;
	l->is_aqlen++;
	/*
	 * Counted in the listener's backlog until accept takes it (or it is
	 * dropped: tcp_abort releases the count), so that lwIP drops SYNs
	 * beyond the backlog silently, as Linux does with a full queue, and
	 * the client retries; resetting them would fail the connection.
	 */
	tcp_backlog_delayed(newpcb);
	inet_wake(l);
	return ERR_OK;
}

/*
 * lwIP's backlog for listen(backlog): it counts handshakes in progress and,
 * through tcp_backlog_delayed(), finished ones not yet accepted; as Linux,
 * a backlog of n holds n + 1 connections.
 */
static u8_t lwip_backlog(int backlog)
{
	return (u8_t)(backlog < 254 ? backlog + 1 : 255);
}

int inet_tcp_listen(struct inet_sock *is, int backlog)
{
	struct tcp_pcb *lp;
	err_t e;

	if (is->is_state == INET_LISTEN) {
		is->is_backlog = backlog;
		tcp_backlog_set(is->is_tcp, lwip_backlog(backlog));
		return 0;
	}
	if (is->is_state != INET_NEW || is->is_tcp == NULL)
		return -EINVAL;
	if (is->is_tcp->local_port == 0 && (e = tcp_bind(is->is_tcp, IP_ANY_TYPE, 0)) != ERR_OK)
		return inet_err_from_lwip(e);
	lp = tcp_listen_with_backlog_and_err(is->is_tcp, lwip_backlog(backlog), &e);
	if (lp == NULL)
		return inet_err_from_lwip(e);
	is->is_tcp = lp; /* lwIP freed the old pcb */
	tcp_arg(lp, is);
	tcp_accept(lp, tcp_accept_cb);
	is->is_state = INET_LISTEN;
	is->is_backlog = backlog;
	tcp_names(is);
	return 0;
}

int inet_tcp_accept(struct inet_sock *is, struct inet_sock **out, bool nonblock)
{
	uint64_t deadline = inet_deadline(is->is_rcvtimeo);
	struct inet_sock *e;
	int err;

	if (is->is_state != INET_LISTEN)
		return -EINVAL;
	while (is->is_aq == NULL) {
		if (nonblock)
			return -EAGAIN;
		if ((err = inet_wait(is, deadline)) != 0)
			return err;
	}
	e = is->is_aq;
	is->is_aq = e->is_aqnext;
	if (is->is_aq == NULL)
		is->is_aqtail = &is->is_aq;
	is->is_aqlen--;
	e->is_aqnext = NULL;
	if (e->is_tcp != NULL) /* NULL: lwIP freed it (a reset), which released the count */
		tcp_backlog_accepted(e->is_tcp);
	*out = e;
	return 0;
}

/* Queue one chunk from the user: bytes queued, 0 when lwIP has no room, or -errno. */
static long tcp_send_chunk(struct inet_sock *is, struct msgiter *it, uint8_t *buf, bool more)
{
	struct tcp_pcb *pcb = is->is_tcp;
	size_t n = tcp_sndbuf(pcb);
	struct msgiter saved = *it;
	err_t e;

	if (n > it->resid)
		n = it->resid;
	if (n > TCP_CHUNK)
		n = TCP_CHUNK;
	if (n == 0 || tcp_sndqueuelen(pcb) >= TCP_SND_QUEUELEN - 2)
		return 0;
	if (msgiter_copyin(buf, it, n) != 0)
		return -EFAULT;
	e = tcp_write(pcb, buf, (u16_t)n, TCP_WRITE_FLAG_COPY | (more ? TCP_WRITE_FLAG_MORE : 0));
	if (e == ERR_MEM) {
		*it = saved; /* not queued: the bytes are still the user's */
		return tcp_sndqueuelen(pcb) == 0 ? -ENOBUFS : 0;
	}
	if (e != ERR_OK) {
		*it = saved;
		return inet_err_from_lwip(e);
	}
	return (long)n;
}

long inet_tcp_send(struct inet_sock *is, struct sockmsg *m, bool nonblock)
{
	uint64_t deadline = inet_deadline(is->is_sndtimeo);
	uint8_t *buf = NULL;
	long total = 0, n = 0;

	for (;;) {
		if (is->is_err != 0) {
			n = -is->is_err;
			is->is_err = 0;
			break;
		}
		if (is->is_state == INET_CONNECTING) {
			n = nonblock ? -EAGAIN : inet_wait(is, deadline);
			if (n != 0)
				break;
			continue;
		}
		if (is->is_shut_wr || is->is_state != INET_CONNECTED || is->is_tcp == NULL) {
			n = -EPIPE;
			inet_sigpipe(m->m_flags);
			break;
		}
		if (m->m_iter.resid == 0)
			break;
		if (buf == NULL && (buf = kmalloc(TCP_CHUNK)) == NULL) {
			n = -ENOMEM;
			break;
		}
		n = tcp_send_chunk(is, &m->m_iter, buf, m->m_iter.resid > TCP_CHUNK);
		if (n < 0)
			break;
		if (n > 0) {
			total += n;
			continue;
		}
		tcp_output(is->is_tcp);
		n = nonblock ? -EAGAIN : inet_wait(is, deadline);
		if (n != 0)
			break;
	}
	if (is->is_tcp != NULL && is->is_state == INET_CONNECTED)
		tcp_output(is->is_tcp);
	kfree(buf);
	return total > 0 ? total : n;
}

/* Copy queued bytes out (consuming them unless peek): how many, or -EFAULT. */
static long tcp_copy_out(struct inet_sock *is, struct msgiter *it, bool peek)
{
	struct inet_pkt *pk = is->is_rxq;
	size_t done = 0, peek_off = 0, n, off;

	while (pk != NULL && it->resid > 0) {
		off = peek ? pk->ip_off + peek_off : pk->ip_off;
		n = pk->ip_p->tot_len - off;
		if (n > it->resid)
			n = it->resid;
		if (inet_pbuf_copyout(pk->ip_p, off, it, n) != 0)
			return done > 0 ? (long)done : -EFAULT;
		done += n;
		if (peek) {
			pk = pk->ip_next;
			continue;
		}
		pk->ip_off += n;
		is->is_rxbytes -= n;
		if (pk->ip_off == pk->ip_p->tot_len) {
			is->is_rxq = pk->ip_next;
			if (is->is_rxq == NULL)
				is->is_rxtail = &is->is_rxq;
			pbuf_free(pk->ip_p);
			kfree(pk);
			pk = is->is_rxq;
		}
	}
	return (long)done;
}

/* Tell lwIP n bytes were read, so it reopens the window. */
static void tcp_window_update(struct inet_sock *is, size_t n)
{
	while (is->is_tcp != NULL && n > 0) {
		u16_t k = n > 0xffff ? 0xffff : (u16_t)n;

		tcp_recved(is->is_tcp, k);
		n -= k;
	}
}

long inet_tcp_recv(struct inet_sock *is, struct sockmsg *m, bool nonblock)
{
	uint64_t deadline = inet_deadline(is->is_rcvtimeo);
	bool peek = m->m_flags & MSG_PEEK;
	bool waitall = (m->m_flags & MSG_WAITALL) && !peek;
	long total = 0, n = 0;

	if (is->is_state == INET_LISTEN || is->is_state == INET_NEW)
		return -ENOTCONN;
	for (;;) {
		n = tcp_copy_out(is, &m->m_iter, peek);
		if (n < 0)
			break;
		total += n;
		if (!peek)
			tcp_window_update(is, (size_t)n);
		n = 0;
		if (m->m_iter.resid == 0 || (total > 0 && !waitall))
			break;
		if (is->is_err != 0) {
			if (total == 0) {
				n = -is->is_err;
				is->is_err = 0;
			}
			break;
		}
		if (is->is_eof || is->is_shut_rd || is->is_state == INET_CLOSED)
			break;
		if (nonblock) {
			n = -EAGAIN;
			break;
		}
		if ((n = inet_wait(is, deadline)) != 0)
			break;
	}
	return total > 0 ? total : n;
}

int inet_tcp_shutdown(struct inet_sock *is, int how)
{
	if (is->is_state == INET_LISTEN)
		return 0;
	if (is->is_state != INET_CONNECTED && is->is_state != INET_CONNECTING)
		return -ENOTCONN;
	if (how != SHUT_WR)
		is->is_shut_rd = true;
	if (how != SHUT_RD && !is->is_shut_wr) {
		is->is_shut_wr = true;
		if (is->is_tcp != NULL)
			tcp_shutdown(is->is_tcp, 0, 1);
	}
	inet_wake(is);
	return 0;
}

unsigned inet_tcp_poll(struct inet_sock *is)
{
	unsigned ev = 0;

	switch (is->is_state) {
	case INET_LISTEN:
		if (is->is_aq != NULL)
			ev |= POLLIN | POLLRDNORM;
		break;
	case INET_NEW:
		ev |= POLLOUT | POLLWRNORM | POLLHUP;
		break;
	case INET_CONNECTING:
		break;
	case INET_CONNECTED:
	case INET_CLOSED:
		if (is->is_rxq != NULL || is->is_eof || is->is_shut_rd || is->is_state == INET_CLOSED)
			ev |= POLLIN | POLLRDNORM;
		if (is->is_eof)
			ev |= POLLRDHUP;
		if (is->is_state == INET_CLOSED ||
		    (!is->is_shut_wr && is->is_tcp != NULL && tcp_sndbuf(is->is_tcp) > 0 &&
		     tcp_sndqueuelen(is->is_tcp) < TCP_SND_QUEUELEN - 2))
			ev |= POLLOUT | POLLWRNORM;
		if (is->is_state == INET_CLOSED || (is->is_eof && is->is_shut_wr))
			ev |= POLLHUP;
		break;
	}
	if (is->is_err != 0)
		ev |= POLLERR;
	return ev;
}

/* Drop an embryo nobody accepted: reset its connection. */
static void tcp_drop_embryo(struct inet_sock *e)
{
	struct tcp_pcb *pcb = tcp_detach(e);

	if (pcb != NULL)
		tcp_abort(pcb);
	inet_pkt_free_all(e);
	kfree(e);
}

void inet_tcp_release(struct inet_sock *is)
{
	struct inet_sock *e;
	struct tcp_pcb *pcb;
	bool unread = is->is_rxq != NULL;

	while ((e = is->is_aq) != NULL) {
		is->is_aq = e->is_aqnext;
		tcp_drop_embryo(e);
	}
	is->is_aqtail = &is->is_aq;
	is->is_aqlen = 0;
	pcb = tcp_detach(is);
	if (pcb == NULL)
		return;
	/* As Linux: closing with unread data resets the connection. */
	if (unread && is->is_state != INET_LISTEN)
		tcp_abort(pcb);
	else if (tcp_close(pcb) != ERR_OK)
		tcp_abort(pcb);
}
