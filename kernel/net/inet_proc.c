/*
 * inet_proc.c: /proc/net/tcp, udp, sockstat and pnp in Linux's formats,
 * and Breenix's /proc/net/lwip (net/inet_proc.h, docs/net.md).
 *
 * tcp and udp list lwIP's pcbs (TCP: listening, active, then TIME_WAIT),
 * one line each as Linux's tcp4_seq_show and udp4_format_sock print them:
 * addresses as the 32-bit value in network order printed in hex (so
 * 127.0.0.1 is 0100007F), ports in host order, Linux's state numbers, and
 * each line padded with spaces to Linux's width.  Linux's queue, timer and
 * congestion columns are filled from lwIP where it has them (send and
 * receive queues, retransmissions, rto, cwnd); the inode column is 0 (a
 * socket here has no inode number) and kernel pointers print as zeros, as
 * Linux's with kptr_restrict.
 *
 * pnp is what Linux's kernel-level autoconfiguration (ipconfig.c) writes:
 * in resolv.conf's syntax, the DNS servers the DHCP lease named; init links
 * /etc/resolv.conf to it.  lwip has the bytes lwIP holds (sys_arch.c), for
 * leak checks.
 *
 * Locking: net_lock while the pcb lists are walked.
 */
#include <net/inet_proc.h>
#include "inet_priv.h"
#include <lib/printf.h>
#include <stdarg.h>
#include "lwip/dhcp.h"
#include "lwip/dns.h"
#include "lwip/netif.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/raw.h"
#include "lwip/tcp.h"
#include "lwip/udp.h"

#define TCP_LINE 149   /* Linux's TMPSZ - 1 */
#define UDP_LINE 127
#define PAGE_BYTES 4096

struct text {
	char *b;
	size_t n, max;
	bool full;
};

static __attribute__((format(printf, 2, 3))) void put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (t->full)
		return;
	va_start(ap, fmt);
	k = vsnprintf(t->b + t->n, t->max - t->n, fmt, ap);
	va_end(ap);
	if (k < 0 || (size_t)k >= t->max - t->n)
		t->full = true;
	else
		t->n += (size_t)k;
}

/* End a line begun at start: spaces up to width, then a newline; a line that did not fit goes. */
static void endline(struct text *t, size_t start, int width)
{
	int len = (int)(t->n - start);

	put(t, "%*s\n", len < width ? width - len : 0, "");
	if (t->full)
		t->n = start;
}

/* lwIP's TCP states to Linux's numbers (include/net/tcp_states.h). */
static unsigned linux_tcp_state(enum tcp_state s)
{
	static const unsigned map[] = {
		[CLOSED] = 7, [LISTEN] = 10, [SYN_SENT] = 2, [SYN_RCVD] = 3, [ESTABLISHED] = 1,
		[FIN_WAIT_1] = 4, [FIN_WAIT_2] = 5, [CLOSE_WAIT] = 8, [CLOSING] = 11,
		[LAST_ACK] = 9, [TIME_WAIT] = 6,
	};

	return (unsigned)s < sizeof(map) / sizeof(map[0]) ? map[s] : 7;
}

static uint32_t a32(const ip_addr_t *ip)
{
	return ip4_addr_get_u32(ip_2_ip4(ip));
}

static unsigned long ms_to_clock(unsigned long ms)
{
	return ms / 10; /* USER_HZ: 100 */
}

/* How long a TIME_WAIT pcb has left (lwIP ends it 2 * TCP_MSL after its last segment). */
static unsigned long tw_left_ms(const struct tcp_pcb *pcb)
{
	unsigned long gone = (unsigned long)(u32_t)(tcp_ticks - pcb->tmr) * TCP_SLOW_INTERVAL;

	return gone >= 2 * TCP_MSL ? 0 : 2 * TCP_MSL - gone;
}

/* A listener (a smaller pcb: no remote port, no queues): as Linux, the accept queue and backlog. */
static void tcp_listen_line(struct text *t, int sl, struct tcp_pcb_listen *lp)
{
	struct inet_sock *is = lp->callback_arg;
	size_t start = t->n;

	put(t, "%4d: %08X:%04X 00000000:0000 0A %08X:%08X 00:00000000 00000000 %5u %8d 0 1 "
	    "0000000000000000 100 0 0 10 0", sl, a32(&lp->local_ip), lp->local_port,
	    is != NULL ? (uint32_t)is->is_backlog : 0u, is != NULL ? (uint32_t)is->is_aqlen : 0u,
	    is != NULL ? is->is_uid : 0u, 0);
	endline(t, start, TCP_LINE);
}

static void tcp_line(struct text *t, int sl, struct tcp_pcb *pcb)
{
	/* A handshake in progress (SYN_RCVD) carries its listener's argument, which
	 * outlives neither the listener nor its socket: not to be followed. */
	struct inet_sock *is = pcb->state == SYN_RCVD ? NULL : pcb->callback_arg;
	size_t start = t->n;
	unsigned st = linux_tcp_state(pcb->state);
	uint32_t txq = 0, rxq = 0;

	if (pcb->state == TIME_WAIT) {
		put(t, "%4d: %08X:%04X %08X:%04X %02X 00000000:00000000 03:%08lX 00000000     0"
		    "        0 0 1 0000000000000000", sl, a32(&pcb->local_ip), pcb->local_port,
		    a32(&pcb->remote_ip), pcb->remote_port, st,
		    ms_to_clock(tw_left_ms(pcb)));
		endline(t, start, TCP_LINE);
		return;
	}
	txq = (uint32_t)(pcb->snd_lbb - pcb->lastack);
	rxq = is != NULL ? (uint32_t)is->is_rxbytes : 0;
	put(t, "%4d: %08X:%04X %08X:%04X %02X %08X:%08X 00:00000000 %08X %5u %8d 0 1 "
	    "0000000000000000 %lu 4 0 %u %d", sl, a32(&pcb->local_ip), pcb->local_port,
	    a32(&pcb->remote_ip), pcb->remote_port, st, txq, rxq, pcb->nrtx,
	    is != NULL ? is->is_uid : 0, 0,
	    ms_to_clock((unsigned long)pcb->rto * TCP_SLOW_INTERVAL),
	    pcb->mss ? (unsigned)(pcb->cwnd / pcb->mss) : 0u,
	    pcb->ssthresh >= 0xffff ? -1 : (int)(pcb->ssthresh / (pcb->mss ? pcb->mss : 1)));
	endline(t, start, TCP_LINE);
}

long inet_proc_tcp(char *buf, size_t max)
{
	struct text t = { buf, 0, max, false };
	struct tcp_pcb_listen *lp;
	struct tcp_pcb *pcb;
	int sl = 0;

	put(&t, "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid"
	    "  timeout inode");
	endline(&t, 0, TCP_LINE);
	mutex_lock(&net_lock);
	for (lp = tcp_listen_pcbs.listen_pcbs; lp != NULL; lp = lp->next)
		tcp_listen_line(&t, sl++, lp);
	for (pcb = tcp_active_pcbs; pcb != NULL; pcb = pcb->next)
		tcp_line(&t, sl++, pcb);
	for (pcb = tcp_tw_pcbs; pcb != NULL; pcb = pcb->next)
		tcp_line(&t, sl++, pcb);
	mutex_unlock(&net_lock);
	return (long)t.n;
}

static void udp_line(struct text *t, int sl, const ip_addr_t *l, uint16_t lport,
		     const ip_addr_t *r, uint16_t rport, bool connected, const struct inet_sock *is)
{
	size_t start = t->n;

	put(t, "%5d: %08X:%04X %08X:%04X %02X 00000000:%08X 00:00000000 00000000 %5u %8d 0 2 "
	    "0000000000000000 0", sl, a32(l), lport, a32(r), rport, connected ? 1u : 7u,
	    is != NULL ? (uint32_t)is->is_rxbytes : 0u, is != NULL ? is->is_uid : 0u, 0);
	endline(t, start, UDP_LINE);
}

long inet_proc_udp(char *buf, size_t max)
{
	struct text t = { buf, 0, max, false };
	struct udp_pcb *pcb;
	int sl = 0;

	put(&t, "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid"
	    "  timeout inode ref pointer drops");
	endline(&t, 0, UDP_LINE);
	mutex_lock(&net_lock);
	for (pcb = udp_pcbs; pcb != NULL; pcb = pcb->next)
		udp_line(&t, sl++, &pcb->local_ip, pcb->local_port, &pcb->remote_ip,
			 pcb->remote_port, udp_flags(pcb) & UDP_FLAGS_CONNECTED, inet_udp_owner(pcb));
	mutex_unlock(&net_lock);
	return (long)t.n;
}

/*
 * As Linux's sockstat: TCP inuse counts listening and active connections,
 * orphan those no socket holds any more, tw those in TIME_WAIT; mem is
 * all lwIP's memory in pages (Linux: TCP's buffers in pages).
 */
long inet_proc_sockstat(char *buf, size_t max)
{
	struct text t = { buf, 0, max, false };
	struct tcp_pcb_listen *lp;
	struct tcp_pcb *pcb;
	struct udp_pcb *u;
	unsigned inuse = 0, orphan = 0, tw = 0, udp = 0;
	size_t mem;

	mutex_lock(&net_lock);
	for (lp = tcp_listen_pcbs.listen_pcbs; lp != NULL; lp = lp->next)
		inuse++;
	for (pcb = tcp_active_pcbs; pcb != NULL; pcb = pcb->next) {
		inuse++;
		orphan += pcb->state != SYN_RCVD && pcb->callback_arg == NULL;
	}
	for (pcb = tcp_tw_pcbs; pcb != NULL; pcb = pcb->next)
		tw++;
	for (u = udp_pcbs; u != NULL; u = u->next)
		udp++;
	mem = (lwip_port_mem_used() + PAGE_BYTES - 1) / PAGE_BYTES;
	mutex_unlock(&net_lock);
	put(&t, "sockets: used %u\nTCP: inuse %u orphan %u tw %u alloc %u mem %lu\n"
	    "UDP: inuse %u mem 0\nUDPLITE: inuse 0\nRAW: inuse 0\nFRAG: inuse 0 memory 0\n",
	    inuse + udp, inuse, orphan, tw, inuse + tw, (unsigned long)mem, udp);
	return (long)t.n;
}

/* As Linux's /proc/net/pnp: how the interface was configured, and the DNS servers. */
long inet_proc_pnp(char *buf, size_t max)
{
	struct text t = { buf, 0, max, false };
	struct netif *ni, *dhcp_if = NULL;
	char a[16];
	u8_t i;

	mutex_lock(&net_lock);
	NETIF_FOREACH(ni)
		if (dhcp_if == NULL && dhcp_supplied_address(ni))
			dhcp_if = ni;
	put(&t, dhcp_if != NULL ? "#PROTO: DHCP\n" : "#MANUAL\n");
	for (i = 0; i < DNS_MAX_SERVERS; i++) {
		if (ip_addr_isany(dns_getserver(i)))
			continue;
		ip4addr_ntoa_r(ip_2_ip4(dns_getserver(i)), a, sizeof(a));
		put(&t, "nameserver %s\n", a);
	}
	if (dhcp_if != NULL) {
		ip4addr_ntoa_r(ip_2_ip4(&netif_dhcp_data(dhcp_if)->server_ip_addr), a, sizeof(a));
		put(&t, "bootserver %s\n", a);
	}
	mutex_unlock(&net_lock);
	return (long)t.n;
}

/* Breenix's own: the bytes lwIP holds and its limit (lwipopts.h). */
long inet_proc_lwip(char *buf, size_t max)
{
	struct text t = { buf, 0, max, false };
	size_t used;

	mutex_lock(&net_lock);
	used = lwip_port_mem_used();
	mutex_unlock(&net_lock);
	put(&t, "mem %lu\nlimit %lu\n", (unsigned long)used, (unsigned long)LWIP_PORT_MEM_LIMIT);
	return (long)t.n;
}
