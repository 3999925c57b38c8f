/*
 * inet_icmp.c: ICMP echo ("ping") sockets, socket(AF_INET, SOCK_DGRAM,
 * IPPROTO_ICMP), as Linux's net/ipv4/ping.c: a program sends an ICMP echo
 * request (type 8, code 0, at least the 8-byte header) without privilege;
 * the kernel puts the socket's identifier in the header's id field and
 * computes the checksum, and the socket receives the echo replies that
 * carry its identifier, as ICMP header and data (no IP header).
 *
 * The identifier is the socket's "port": bind's sin_port, else one chosen
 * at the first send; two ping sockets never share one (EADDRINUSE).  Any
 * user may make one: Linux asks net.ipv4.ping_group_range, whose kernel
 * default ("1 0") allows nobody but which systemd sets to every group;
 * Breenix has no sysctl and behaves as the latter (docs/net.md).
 *
 * On lwIP each socket is a raw pcb for protocol ICMP.  lwIP offers every
 * ICMP packet to the raw pcbs before its own ICMP code (which answers echo
 * requests); the callback takes only a well-formed echo reply with the
 * socket's identifier and leaves the rest to lwIP.  Queueing, reading and
 * poll are UDP's (inet_udp.c), with source port 0 as Linux reports it.
 *
 * Locking: net_lock over everything here, the list of ping sockets too.
 */
#include "inet_priv.h"
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include "lwip/inet_chksum.h"
#include "lwip/prot/icmp.h"
#include "lwip/prot/ip4.h"
#include "lwip/raw.h"

#define ICMP_HDR 8
#define ICMP_MAX (INET_UDP_MAX + 8)   /* 65535 less a 20-byte IP header */
#define IDENT_FIRST 1024              /* automatic identifiers: as ephemeral ports */

static struct inet_sock *icmp_socks;  /* net_lock */
static uint16_t icmp_next_ident = IDENT_FIRST;

static bool ident_used(uint16_t id)
{
	struct inet_sock *is;

	for (is = icmp_socks; is != NULL; is = is->is_icmpnext)
		if (is->is_ident == id)
			return true;
	return false;
}

/* An unused identifier (0 if all 64512 are taken). */
static uint16_t ident_pick(void)
{
	unsigned i;

	for (i = 0; i < 65536u - IDENT_FIRST; i++) {
		uint16_t id = icmp_next_ident++;

		if (icmp_next_ident == 0)
			icmp_next_ident = IDENT_FIRST;
		if (id >= IDENT_FIRST && !ident_used(id))
			return id;
	}
	return 0;
}

/* An echo reply for is: queue it (ICMP header and data) and eat it. */
static u8_t icmp_recv_cb(void *arg, struct raw_pcb *pcb, struct pbuf *p, const ip_addr_t *addr)
{
	struct inet_sock *is = arg;
	struct icmp_echo_hdr h;
	struct inet_pkt *pk;
	uint8_t vhl;
	u16_t hlen;
	size_t charge;

	(void)pcb;
	if (is == NULL || is->is_ident == 0 || pbuf_copy_partial(p, &vhl, 1, 0) != 1)
		return 0;
	hlen = (u16_t)((vhl & 0x0f) * 4);
	if (p->tot_len < hlen + ICMP_HDR ||
	    pbuf_copy_partial(p, &h, sizeof(h), hlen) != sizeof(h) ||
	    h.type != ICMP_ER || h.code != 0 || lwip_ntohs(h.id) != is->is_ident)
		return 0;
	if (pbuf_remove_header(p, hlen) != 0)
		return 0;
	if (inet_chksum_pbuf(p) != 0) { /* corrupt: lwIP's ICMP ignores replies anyway */
		pbuf_add_header_force(p, hlen);
		return 0;
	}
	charge = (size_t)p->tot_len + INET_PKT_OVERHEAD;
	if (is->is_shut_rd || is->is_rxbytes + charge > (size_t)is->is_rcvbuf ||
	    (pk = kzalloc(sizeof(*pk))) == NULL) {
		pbuf_free(p);
		return 1;
	}
	pk->ip_p = p;
	ip_addr_copy(pk->ip_from, *addr);
	pk->ip_port = 0;
	inet_pkt_append(is, pk);
	is->is_rxbytes += charge;
	inet_wake(is);
	return 1;
}

int inet_icmp_create(struct inet_sock *is)
{
	struct raw_pcb *pcb = raw_new(IP_PROTO_ICMP);

	if (pcb == NULL)
		return -ENOBUFS;
	raw_recv(pcb, icmp_recv_cb, is);
	is->is_raw = pcb;
	is->is_state = INET_NEW;
	is->is_icmpnext = icmp_socks;
	icmp_socks = is;
	return 0;
}

/* bind: the address filters what arrives; the port is the identifier. */
int inet_icmp_bind(struct inet_sock *is, const ip_addr_t *ip, uint16_t ident)
{
	if (is->is_ident != 0)
		return -EINVAL;
	if (ident != 0 && ident_used(ident))
		return -EADDRINUSE;
	if (ident == 0 && (ident = ident_pick()) == 0)
		return -EAGAIN;
	if (raw_bind(is->is_raw, ip) != ERR_OK)
		return -EADDRNOTAVAIL;
	ip_addr_copy(is->is_laddr, *ip);
	is->is_ident = ident;
	return 0;
}

/* connect: the default destination, and only its replies arrive; AF_UNSPEC forgets it. */
int inet_icmp_connect(struct inet_sock *is, const uint8_t *addr, size_t len)
{
	ip_addr_t ip;
	uint16_t port, fam;
	int err;

	if (len >= 2) {
		memcpy(&fam, addr, 2);
		if (fam == AF_UNSPEC) {
			raw_disconnect(is->is_raw);
			return 0;
		}
	}
	if ((err = inet_parse_addr(addr, len, &ip, &port)) != 0)
		return err;
	if (ip_addr_isany(&ip))
		ip_addr_set_ip4_u32(&ip, PP_HTONL(0x7f000001));
	if (is->is_ident == 0 && (is->is_ident = ident_pick()) == 0)
		return -EAGAIN;
	ip_addr_copy(is->is_raddr, ip);
	return inet_err_from_lwip(raw_connect(is->is_raw, &ip));
}

static int icmp_dest(struct inet_sock *is, struct sockmsg *m, ip_addr_t *ip)
{
	uint16_t port;
	int err;

	if (m->m_name != NULL) {
		if ((err = inet_parse_addr(m->m_name, m->m_namelen, ip, &port)) != 0)
			return err;
		if (ip_addr_isany(ip))
			ip_addr_set_ip4_u32(ip, PP_HTONL(0x7f000001));
		return 0;
	}
	if (!(raw_flags(is->is_raw) & RAW_FLAGS_CONNECTED))
		return -EDESTADDRREQ;
	ip_addr_copy(*ip, is->is_raw->remote_ip);
	return 0;
}

/* Send one echo request: the user's header and data, our id and checksum. */
long inet_icmp_send(struct inet_sock *is, struct sockmsg *m)
{
	size_t len = m->m_iter.resid;
	struct icmp_echo_hdr *h;
	struct pbuf *p;
	ip_addr_t ip;
	err_t e;
	int err;

	if (is->is_shut_wr) {
		inet_sigpipe(m->m_flags);
		return -EPIPE;
	}
	if ((err = icmp_dest(is, m, &ip)) != 0)
		return err;
	if (len > ICMP_MAX)
		return -EMSGSIZE;
	if (len < ICMP_HDR)
		return -EINVAL;
	if (inet_is_broadcast(&ip)) {
		if (!is->is_broadcast)
			return -EACCES;
		ip_set_option(is->is_raw, SOF_BROADCAST);
	}
	if (is->is_ident == 0 && (is->is_ident = ident_pick()) == 0)
		return -EAGAIN;
	/* One pbuf with room for the IP header, unless that would pass 64 KiB. */
	p = pbuf_alloc(len <= 1480 ? PBUF_IP : PBUF_RAW, (u16_t)len, PBUF_RAM);
	if (p == NULL)
		return -ENOBUFS;
	if (msgiter_copyin(p->payload, &m->m_iter, len) != 0) {
		err = -EFAULT;
		goto out;
	}
	h = p->payload;
	if (h->type != ICMP_ECHO || h->code != 0) {
		err = -EINVAL;
		goto out;
	}
	h->id = lwip_htons(is->is_ident);
	h->chksum = 0;
	h->chksum = inet_chksum(p->payload, (u16_t)len);
	e = raw_sendto(is->is_raw, p, &ip);
	err = e == ERR_OK ? (int)len : inet_err_from_lwip(e);
out:
	pbuf_free(p);
	return err;
}

void inet_icmp_release(struct inet_sock *is)
{
	struct inet_sock **pp;

	for (pp = &icmp_socks; *pp != NULL; pp = &(*pp)->is_icmpnext)
		if (*pp == is) {
			*pp = is->is_icmpnext;
			break;
		}
	if (is->is_raw != NULL)
		raw_remove(is->is_raw);
	is->is_raw = NULL;
}
