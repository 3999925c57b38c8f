/* <sys/socket.h> for Breenix: Linux's x86_64 layouts and constants, which
 * are the kernel's ABI (kernel/include/net/socket.h).  The kernel has
 * AF_UNIX sockets; the other families' constants are here for programs
 * that name them (socket() answers EAFNOSUPPORT). */
#ifndef _SYS_SOCKET_H
#define _SYS_SOCKET_H

#include <sys/features.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint32_t socklen_t;
typedef unsigned short sa_family_t;

struct sockaddr {
	sa_family_t	sa_family;
	char		sa_data[14];
};

struct sockaddr_storage {
	sa_family_t	ss_family;
	char		__ss_padding[128 - sizeof(sa_family_t) - sizeof(unsigned long)];
	unsigned long	__ss_align;
};

struct msghdr {
	void		*msg_name;
	socklen_t	msg_namelen;
	struct iovec	*msg_iov;
	size_t		msg_iovlen;	/* size_t as the kernel's, not POSIX's int */
	void		*msg_control;
	size_t		msg_controllen;
	int		msg_flags;
};

struct cmsghdr {
	size_t		cmsg_len;
	int		cmsg_level;
	int		cmsg_type;
};

#if __GNU_VISIBLE
struct ucred {
	pid_t	pid;
	uid_t	uid;
	gid_t	gid;
};
#endif

struct linger {
	int	l_onoff;
	int	l_linger;
};

#define CMSG_ALIGN(len)	(((len) + sizeof(size_t) - 1) & (size_t)~(sizeof(size_t) - 1))
#define CMSG_DATA(c)	((unsigned char *)((struct cmsghdr *)(c) + 1))
#define CMSG_SPACE(len)	(CMSG_ALIGN(len) + CMSG_ALIGN(sizeof(struct cmsghdr)))
#define CMSG_LEN(len)	(CMSG_ALIGN(sizeof(struct cmsghdr)) + (len))
#define CMSG_FIRSTHDR(m) \
	((size_t)(m)->msg_controllen >= sizeof(struct cmsghdr) ? \
	 (struct cmsghdr *)(m)->msg_control : (struct cmsghdr *)0)
#define CMSG_NXTHDR(m, c)	__cmsg_nxthdr((m), (c))

/* The next header, or 0 when the next one would not fit in the buffer (glibc's rule). */
static __inline struct cmsghdr *
__cmsg_nxthdr(struct msghdr *__m, struct cmsghdr *__c)
{
	unsigned char *__end = (unsigned char *)__m->msg_control + __m->msg_controllen;
	unsigned char *__next;

	if (__c->cmsg_len < sizeof(struct cmsghdr))
		return 0;
	__next = (unsigned char *)__c + CMSG_ALIGN(__c->cmsg_len);
	if (__next + sizeof(struct cmsghdr) > __end ||
	    __next + CMSG_ALIGN(((struct cmsghdr *)__next)->cmsg_len) > __end)
		return 0;
	return (struct cmsghdr *)__next;
}

#define AF_UNSPEC	0
#define AF_UNIX		1
#define AF_LOCAL	AF_UNIX
#define AF_FILE		AF_UNIX
#define AF_INET		2
#define AF_INET6	10
#define AF_NETLINK	16
#define AF_PACKET	17
#define PF_UNSPEC	AF_UNSPEC
#define PF_UNIX		AF_UNIX
#define PF_LOCAL	AF_LOCAL
#define PF_FILE		AF_FILE
#define PF_INET		AF_INET
#define PF_INET6	AF_INET6
#define PF_NETLINK	AF_NETLINK
#define PF_PACKET	AF_PACKET

#define SOCK_STREAM	1
#define SOCK_DGRAM	2
#define SOCK_RAW	3
#define SOCK_RDM	4
#define SOCK_SEQPACKET	5
#define SOCK_NONBLOCK	00004000	/* O_NONBLOCK */
#define SOCK_CLOEXEC	02000000	/* O_CLOEXEC */

#define MSG_OOB		0x1
#define MSG_PEEK	0x2
#define MSG_DONTROUTE	0x4
#define MSG_CTRUNC	0x8
#define MSG_TRUNC	0x20
#define MSG_DONTWAIT	0x40
#define MSG_EOR		0x80
#define MSG_WAITALL	0x100
#define MSG_ERRQUEUE	0x2000
#define MSG_NOSIGNAL	0x4000
#define MSG_CMSG_CLOEXEC 0x40000000

#define SOL_SOCKET	1
#define SO_DEBUG	1
#define SO_REUSEADDR	2
#define SO_TYPE		3
#define SO_ERROR	4
#define SO_DONTROUTE	5
#define SO_BROADCAST	6
#define SO_SNDBUF	7
#define SO_RCVBUF	8
#define SO_KEEPALIVE	9
#define SO_OOBINLINE	10
#define SO_LINGER	13
#define SO_REUSEPORT	15
#define SO_PASSCRED	16
#define SO_PEERCRED	17
#define SO_RCVLOWAT	18
#define SO_SNDLOWAT	19
#define SO_RCVTIMEO	20
#define SO_SNDTIMEO	21
#define SO_ACCEPTCONN	30
#define SO_PROTOCOL	38
#define SO_DOMAIN	39

#define SCM_RIGHTS	1
#define SCM_CREDENTIALS	2

#define SHUT_RD		0
#define SHUT_WR		1
#define SHUT_RDWR	2

#define SOMAXCONN	4096

int	socket(int, int, int);
int	socketpair(int, int, int, int [2]);
int	bind(int, const struct sockaddr *, socklen_t);
int	listen(int, int);
int	accept(int, struct sockaddr *__restrict, socklen_t *__restrict);
#if __GNU_VISIBLE
int	accept4(int, struct sockaddr *__restrict, socklen_t *__restrict, int);
#endif
int	connect(int, const struct sockaddr *, socklen_t);
ssize_t	send(int, const void *, size_t, int);
ssize_t	sendto(int, const void *, size_t, int, const struct sockaddr *, socklen_t);
ssize_t	sendmsg(int, const struct msghdr *, int);
ssize_t	recv(int, void *, size_t, int);
ssize_t	recvfrom(int, void *__restrict, size_t, int, struct sockaddr *__restrict,
		 socklen_t *__restrict);
ssize_t	recvmsg(int, struct msghdr *, int);
int	shutdown(int, int);
int	getsockname(int, struct sockaddr *__restrict, socklen_t *__restrict);
int	getpeername(int, struct sockaddr *__restrict, socklen_t *__restrict);
int	getsockopt(int, int, int, void *__restrict, socklen_t *__restrict);
int	setsockopt(int, int, int, const void *, socklen_t);

#ifdef __cplusplus
}
#endif
#endif
