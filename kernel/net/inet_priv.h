/*
 * inet_priv.h: AF_INET sockets on lwIP (kernel/net/inet.c, inet_tcp.c,
 * inet_udp.c, inet_if.c) and what netif.c gives them.  docs/net.md.
 *
 * Ownership (the rules the code that frees things follows):
 *  - A socket owns its inet_sock from create until release; an embryo (a
 *    connection lwIP accepted that no accept() has taken yet) is owned by
 *    its listener's accept queue, and passes to the accepting socket.
 *  - lwIP owns every pcb.  An inet_sock holds a pointer to its pcb while
 *    the pcb lives; lwIP's err callback means lwIP has freed the pcb, so it
 *    sets the pointer NULL.  Release detaches the callbacks (arg NULL)
 *    before it closes or aborts the pcb, so no callback can reach a freed
 *    inet_sock.
 *  - A pbuf lwIP passes to a recv callback is ours: it goes on the
 *    socket's queue inside an inet_pkt, and is freed (pbuf_free) exactly
 *    once, when a read has consumed it or when the socket is released.
 *    When the callback cannot queue it (no memory), it returns ERR_MEM and
 *    lwIP keeps the pbuf (TCP offers it again later); a UDP datagram is
 *    then freed by the callback, i.e. dropped.
 *  - A pbuf we allocate to send is freed by us after udp_sendto returns
 *    (lwIP takes its own reference if it keeps it).
 *
 * Locking: net_lock ([N]) guards every inet_sock field not tagged [I]
 * (set at creation, never changed) and all of lwIP (docs/design.md,
 * "Contracts"); inet_wait checks that it is held.  A
 * socket's waits (inet_wait) drop it without losing a wakeup; the channel
 * is the inet_sock, woken (with poll_notify) by every callback that
 * changes what poll would report.
 */
#ifndef NET_INET_PRIV_H
#define NET_INET_PRIV_H

#include <net/lwip_port.h>
#include <net/socket.h>
#include <abi/linux.h>
#include "lwip/ip_addr.h"
#include "lwip/pbuf.h"

struct tcp_pcb;
struct udp_pcb;
struct raw_pcb;
struct netif;

#define INET_ADDR_LEN 16                /* sizeof(struct sockaddr_in) */
#define INET_UDP_MAX 65507              /* the largest IPv4 UDP payload */
#define INET_BUF_MAX 212992             /* SO_RCVBUF/SO_SNDBUF cap (rmem_max), as Linux */
#define INET_RCVBUF_MIN 2304
#define INET_SNDBUF_MIN 4608
#define INET_PKT_OVERHEAD 256           /* what a queued datagram costs beyond its bytes */
#define IPPROTO_ICMP_K 1
#define IPPROTO_TCP_K 6
#define IPPROTO_UDP_K 17
#define TCP_NODELAY_K 1
#define SO_RCVTIMEO_K 20                /* SO_RCVTIMEO, SO_SNDTIMEO (struct timeval, 64-bit) */
#define SO_SNDTIMEO_K 21

/* Received data waiting for a read: a TCP segment's pbuf or a datagram. */
struct inet_pkt {
	struct inet_pkt *ip_next;
	struct pbuf *ip_p;
	size_t ip_off;          /* bytes already read (TCP) */
	ip_addr_t ip_from;      /* UDP: the sender */
	uint16_t ip_port;
};

enum inet_state {
	INET_NEW,        /* made, maybe bound */
	INET_LISTEN,
	INET_CONNECTING,
	INET_CONNECTED,
	INET_CLOSED,     /* the connection is over (reset, timed out, or never made) */
};

struct inet_sock {
	int is_type;                    /* [I] SOCK_STREAM or SOCK_DGRAM */
	enum inet_state is_state;       /* [N] */
	struct tcp_pcb *is_tcp;         /* [N] NULL when lwIP has freed it */
	struct udp_pcb *is_udp;         /* [N] */
	struct raw_pcb *is_raw;         /* [N] an ICMP echo ("ping") socket: SOCK_DGRAM, IPPROTO_ICMP */
	struct inet_sock *is_icmpnext;  /* [N] inet_icmp.c's list of ping sockets */
	uint16_t is_ident;              /* [N] ping: echo identifier (its "port", host order), or 0 */
	uint32_t is_uid;                /* [I] the creator's effective uid, for /proc/net */
	struct inet_pkt *is_rxq, **is_rxtail; /* [N] */
	size_t is_rxbytes;              /* [N] unread bytes (UDP: with overheads) */
	int is_err;                     /* [N] pending error for SO_ERROR, positive errno */
	bool is_eof;                    /* [N] the peer's FIN arrived */
	bool is_shut_rd, is_shut_wr;    /* [N] */
	/* A listener's accept queue of embryos (is_aqnext links them). */
	struct inet_sock *is_aq, **is_aqtail, *is_aqnext; /* [N] */
	int is_aqlen, is_backlog;       /* [N] */
	/* Names, kept for after lwIP frees the pcb (network byte order ports). */
	ip_addr_t is_laddr, is_raddr;   /* [N] */
	uint16_t is_lport, is_rport;    /* [N] */
	/* Options. */
	int is_rcvbuf, is_sndbuf;       /* [N] */
	bool is_reuse, is_keepalive, is_broadcast, is_nodelay; /* [N] */
	uint64_t is_rcvtimeo, is_sndtimeo; /* [N] ns; 0: none */
};

/* inet.c: shared by TCP and UDP. */
int inet_wait(struct inet_sock *is, uint64_t deadline);
void inet_wake(struct inet_sock *is);
uint64_t inet_deadline(uint64_t timeo);
int inet_parse_addr(const uint8_t *addr, size_t len, ip_addr_t *ip, uint16_t *port);
int inet_check_bind_addr(const ip_addr_t *ip, uint16_t port);
bool inet_is_broadcast(const ip_addr_t *ip);
void inet_pkt_free_all(struct inet_sock *is);
/* Copy n bytes of chain p from offset off into the iovecs: 0 or -EFAULT. */
int inet_pbuf_copyout(struct pbuf *p, size_t off, struct msgiter *it, size_t n);
void inet_pkt_append(struct inet_sock *is, struct inet_pkt *pk);
int inet_err_from_lwip(int err);
void inet_sigpipe(int flags);
struct inet_sock *inet_sock_alloc(int type);

/* inet_tcp.c */
int inet_tcp_create(struct inet_sock *is);
int inet_tcp_bind(struct inet_sock *is, const ip_addr_t *ip, uint16_t port);
int inet_tcp_connect(struct inet_sock *is, const ip_addr_t *ip, uint16_t port, bool nonblock);
int inet_tcp_listen(struct inet_sock *is, int backlog);
int inet_tcp_accept(struct inet_sock *is, struct inet_sock **out, bool nonblock);
long inet_tcp_send(struct inet_sock *is, struct sockmsg *m, bool nonblock);
long inet_tcp_recv(struct inet_sock *is, struct sockmsg *m, bool nonblock);
int inet_tcp_shutdown(struct inet_sock *is, int how);
unsigned inet_tcp_poll(struct inet_sock *is);
void inet_tcp_release(struct inet_sock *is);
void inet_tcp_set_nodelay(struct inet_sock *is);

/* inet_udp.c */
int inet_udp_create(struct inet_sock *is);
int inet_udp_bind(struct inet_sock *is, const ip_addr_t *ip, uint16_t port);
int inet_udp_connect(struct inet_sock *is, const uint8_t *addr, size_t len);
long inet_udp_send(struct inet_sock *is, struct sockmsg *m, bool nonblock);
long inet_udp_recv(struct inet_sock *is, struct sockmsg *m, bool nonblock);
unsigned inet_udp_poll(struct inet_sock *is);
void inet_udp_release(struct inet_sock *is);
struct inet_sock *inet_udp_owner(struct udp_pcb *pcb);

/* inet_icmp.c: ping sockets.  Receiving, polling and names are UDP's. */
int inet_icmp_create(struct inet_sock *is);
int inet_icmp_bind(struct inet_sock *is, const ip_addr_t *ip, uint16_t ident);
int inet_icmp_connect(struct inet_sock *is, const uint8_t *addr, size_t len);
long inet_icmp_send(struct inet_sock *is, struct sockmsg *m);
void inet_icmp_release(struct inet_sock *is);

/* inet_if.c: the SIOCGIFADDR family. */
int inet_if_ioctl(unsigned long cmd, uaddr_t arg);

/* netif.c */
struct netif *net_netif_by_name(const char *name);
int net_netif_set_up(struct netif *ni, bool up);

#endif
