/*
 * socket.h: the generic socket layer (kernel/net/socket.c) and the socket
 * ABI (Linux x86_64's numbers and layouts).
 *
 * A socket is a file whose vnode (S_IFSOCK, for fstat) is embedded in a
 * struct socket; the struct lives as long as the file (the vnode's inactive
 * op frees it).  The address family's state hangs off so_pcb and has its
 * own lifetime (an AF_UNIX connection can outlive the file on one side).
 * The families register a struct proto_ops; the system calls
 * (kern/sys_socket.c) copy arguments in and out and call the ops with
 * kernel copies: addresses in a SOCKADDR_MAX buffer, data as a msgiter over
 * the user's iovecs, passed descriptors as referenced files.  See
 * docs/sockets.md.
 */
#ifndef NET_SOCKET_H
#define NET_SOCKET_H

#include <fs/file.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AF_UNSPEC 0
#define AF_UNIX 1
#define AF_INET 2
#define AF_INET6 10
#define AF_MAX 46

#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define SOCK_RAW 3
#define SOCK_SEQPACKET 5
#define SOCK_MAX 11
#define SOCK_TYPE_MASK 0xf
#define SOCK_NONBLOCK O_NONBLOCK
#define SOCK_CLOEXEC O_CLOEXEC

#define MSG_OOB 0x1
#define MSG_PEEK 0x2
#define MSG_DONTROUTE 0x4
#define MSG_CTRUNC 0x8
#define MSG_TRUNC 0x20
#define MSG_DONTWAIT 0x40
#define MSG_EOR 0x80
#define MSG_WAITALL 0x100
#define MSG_ERRQUEUE 0x2000
#define MSG_NOSIGNAL 0x4000
#define MSG_CMSG_CLOEXEC 0x40000000

#define SHUT_RD 0
#define SHUT_WR 1
#define SHUT_RDWR 2

#define SOL_SOCKET 1
#define SO_REUSEADDR 2
#define SO_TYPE 3
#define SO_ERROR 4
#define SO_BROADCAST 6
#define SO_SNDBUF 7
#define SO_RCVBUF 8
#define SO_KEEPALIVE 9
#define SO_PASSCRED 16
#define SO_PEERCRED 17
#define SO_ACCEPTCONN 30
#define SO_PROTOCOL 38
#define SO_DOMAIN 39

#define SCM_RIGHTS 1
#define SCM_CREDENTIALS 2
#define SCM_MAX_FD 253 /* descriptors per message, as Linux */

#define POLLRDHUP 0x2000
#define POLLWRBAND 0x200

#define SOCKADDR_MAX 128 /* sizeof(struct sockaddr_storage) */
#define SOMAXCONN 4096   /* listen backlogs are clamped to this, as Linux's default */
#define OPTMEM_MAX 20480 /* the largest control buffer sendmsg takes (Linux's optmem_max) */
#define UIO_MAXIOV 1024

/* User layouts. */
struct ucred {
	int32_t pid;
	uint32_t uid;
	uint32_t gid;
};

struct user_msghdr {
	uint64_t msg_name;
	uint32_t msg_namelen;
	uint32_t __pad1;
	uint64_t msg_iov;
	uint64_t msg_iovlen;
	uint64_t msg_control;
	uint64_t msg_controllen;
	int32_t msg_flags;
	uint32_t __pad2;
};

struct user_cmsghdr {
	uint64_t cmsg_len;
	int32_t cmsg_level;
	int32_t cmsg_type;
};

#define CMSG_ALIGN_K(n) (((n) + 7) & ~(size_t)7)
#define CMSG_HDR_K sizeof(struct user_cmsghdr)

/* A walk over an iovec array (user or kernel addresses), consumed as it is copied. */
struct msgiter {
	const struct iovec *iov;
	size_t cnt, idx, off;
	size_t resid;   /* bytes left */
	bool user;
};

void msgiter_init(struct msgiter *it, const struct iovec *iov, size_t cnt, bool user);
int msgiter_copyin(void *dst, struct msgiter *it, size_t n);
int msgiter_copyout(struct msgiter *it, const void *src, size_t n);

/* One send or receive in kernel form. */
struct sockmsg {
	struct msgiter m_iter;
	int m_flags;              /* MSG_* asked for */
	int m_oflags;             /* recv: msg_flags to report */
	uint8_t *m_name;          /* send: destination or NULL; recv: buffer for the source */
	size_t m_namelen;         /* recv: 0 if the family gave no source */
	/* Send: descriptors to pass (the message's references, which the
	 * family takes by setting m_fds NULL); recv: the ones received. */
	struct file **m_fds;
	int m_nfds;
	bool m_cred_set;          /* send: SCM_CREDENTIALS given; recv: to deliver */
	struct ucred m_cred;
};

struct socket;

/* What an address family implements; NULL ops give EOPNOTSUPP. */
struct proto_ops {
	int family;
	int (*create)(struct socket *so, int protocol);
	int (*pair)(struct socket *a, struct socket *b);
	int (*bind)(struct socket *so, const uint8_t *addr, size_t len);
	int (*connect)(struct socket *so, const uint8_t *addr, size_t len, bool nonblock);
	int (*listen)(struct socket *so, int backlog);
	/* Take a connection into newso (a fresh socket of the same family and type). */
	int (*accept)(struct socket *so, struct socket *newso, bool nonblock);
	long (*sendmsg)(struct socket *so, struct sockmsg *m, bool nonblock);
	long (*recvmsg)(struct socket *so, struct sockmsg *m, bool nonblock);
	int (*shutdown)(struct socket *so, int how);
	/* The local or peer address into addr (SOCKADDR_MAX bytes): its length. */
	int (*getname)(struct socket *so, uint8_t *addr, bool peer);
	unsigned (*poll)(struct socket *so);
	int (*ioctl)(struct socket *so, unsigned long cmd, uaddr_t arg);
	int (*setsockopt)(struct socket *so, int level, int name, const void *val, size_t len);
	/* val holds *len bytes (at least an int's room); *len is set to the length. */
	int (*getsockopt)(struct socket *so, int level, int name, void *val, size_t *len);
	/* The file is closed: drop the socket's hold on the family's state. */
	void (*release)(struct socket *so);
};

/* Field tags ([I] set at creation, never changed): docs/design.md, "Contracts". */
struct socket {
	struct vnode so_vn;       /* S_IFSOCK; first, so the vnode is the socket */
	int so_family, so_type, so_protocol; /* [I] */
	const struct proto_ops *so_ops; /* [I] */
	void *so_pcb;             /* the family's state, guarded by the family's lock */
	struct file *so_file;     /* [I] not a reference: the file this socket is */
};

/* Make a socket and its file (flags: SOCK_NONBLOCK). */
int socket_create(int family, int type, int protocol, int flags, struct file **out);
/* A new socket of so's family and type, for accept (family state left NULL). */
int socket_create_like(struct socket *so, int flags, struct file **out);
/* Drop a socket from socket_create_like (closing it if the family filled it). */
void socket_discard_new(struct file *f);
/* The socket a file is, or NULL. */
struct socket *socket_of_file(struct file *f);
/* Credentials of the current process as SO_PEERCRED and SCM_CREDENTIALS give them. */
struct ucred socket_cur_cred(bool effective);

#endif
