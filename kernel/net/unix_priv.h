/*
 * unix_priv.h: what af_unix.c and unix_inflight.c share (not an interface:
 * the rest of the kernel sees net/unix.h).  Every field is guarded by
 * unix_lock.
 */
#ifndef NET_UNIX_PRIV_H
#define NET_UNIX_PRIV_H

#include <kern/mutex.h>
#include <net/unix.h>

#define RCV_SHUTDOWN 1
#define SEND_SHUTDOWN 2
#define SHUTDOWN_MASK 3
#define MSG_OVERHEAD 256      /* charged per queued message, as an sk_buff's */
#define STREAM_CHUNK 65536    /* the largest message a stream send makes */

enum { US_UNCONNECTED, US_LISTEN, US_CONNECTED };

struct umsg {
	struct umsg *m_next;
	size_t m_len, m_off;          /* data bytes; bytes a stream reader took */
	size_t m_charge;              /* what it counts against the queue */
	struct file **m_fds;          /* in flight: references */
	int m_nfds;
	uint32_t m_fduid;             /* the user the files count against */
	bool m_fdcounted;             /* and whether they were counted */
	struct ucred m_cred;          /* the sender's, or what it gave */
	uint8_t m_addrlen;            /* the sender's address (0: unbound) */
	uint8_t m_addr[UNIX_ADDR_MAX + 2];
	char m_data[];
};

struct unix_sock {
	uint32_t u_refs;
	struct socket *u_socket;      /* NULL for an embryo and once released */
	int u_type;
	int u_state;
	int u_shutdown;               /* RCV_SHUTDOWN | SEND_SHUTDOWN */
	int u_err;                    /* SO_ERROR, taken by the next call that reports it */
	bool u_dead;                  /* released: sends to it are refused */
	bool u_passcred;
	struct unix_sock *u_peer;     /* referenced */
	struct umsg *u_head, *u_tail; /* the receive queue */
	size_t u_qbytes;              /* its charge */
	unsigned u_qlen;
	struct unix_sock *u_bl_head, *u_bl_tail, *u_bl_next; /* listener: embryos */
	unsigned u_bl_len, u_bl_max;
	size_t u_rcvbuf, u_sndbuf;
	bool u_has_peercred;
	struct ucred u_peercred;
	uint8_t u_addrlen;            /* bound address, 0: none */
	uint8_t u_addr[UNIX_ADDR_MAX + 2];
	struct vnode *u_vnode;        /* the bound filesystem node, referenced */
	struct unix_sock *u_bnext;    /* the list of bound sockets */
	unsigned u_inflight;          /* times its file is in a queue */
	struct unix_sock *u_gcnext;   /* the list of sockets in flight */
	int u_gcrefs;
	bool u_gccand, u_gcmark;
};

extern struct mutex unix_lock;

/* The unix socket a file is, or NULL. */
struct unix_sock *unix_of_file(struct file *f);
/* Move all of u's queue onto *list (to bury). */
void unix_queue_purge(struct unix_sock *u, struct umsg **list);

/* unix_inflight.c: files in flight. */

/* m's files enter (in = true) or leave a queue: the in-flight counts. */
void unix_msg_inflight(struct umsg *m, bool in);
/* Whether the caller may put more files in flight: 0 or -ETOOMANYREFS. */
int unix_inflight_check(void);
/* Whether some socket is in flight (the collector has work). */
bool unix_gc_pending(void);
/* The collector, with unix_lock held: the garbage's messages go on *list. */
void unix_gc(struct umsg **list);
/* Free messages, closing their files; never with unix_lock held. */
void unix_bury(struct umsg *list);

#endif
