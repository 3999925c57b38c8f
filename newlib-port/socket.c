/* The socket calls: each is the Linux system call of the same name, whose
 * numbers, layouts and errno the kernel shares with Linux.  accept, connect,
 * the send and recv calls are thread cancellation points (pthread_cancel.c). */
#include <sys/socket.h>
#include "breenix_syscall.h"

int socket(int domain, int type, int protocol)
{
	return SYSCALL3(SYS_socket, domain, type, protocol);
}

int socketpair(int domain, int type, int protocol, int sv[2])
{
	return SYSCALL4(SYS_socketpair, domain, type, protocol, sv);
}

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	return SYSCALL3(SYS_bind, fd, addr, len);
}

int listen(int fd, int backlog)
{
	return SYSCALL2(SYS_listen, fd, backlog);
}

int accept(int fd, struct sockaddr *addr, socklen_t *len)
{
	return CANCEL_SYSCALL(__syscall3(SYS_accept, fd, addr, len));
}

int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
	return CANCEL_SYSCALL(__syscall4(SYS_accept4, fd, addr, len, flags));
}

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	return CANCEL_SYSCALL(__syscall3(SYS_connect, fd, addr, len));
}

ssize_t sendto(int fd, const void *buf, size_t n, int flags, const struct sockaddr *addr,
	       socklen_t len)
{
	return CANCEL_SYSCALL(__syscall6(SYS_sendto, fd, (long)buf, (long)n, flags, (long)addr, len));
}

ssize_t send(int fd, const void *buf, size_t n, int flags)
{
	return sendto(fd, buf, n, flags, 0, 0);
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	return CANCEL_SYSCALL(__syscall3(SYS_sendmsg, fd, msg, flags));
}

ssize_t recvfrom(int fd, void *buf, size_t n, int flags, struct sockaddr *addr, socklen_t *len)
{
	return CANCEL_SYSCALL(__syscall6(SYS_recvfrom, fd, (long)buf, (long)n, flags, (long)addr, (long)len));
}

ssize_t recv(int fd, void *buf, size_t n, int flags)
{
	return recvfrom(fd, buf, n, flags, 0, 0);
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	return CANCEL_SYSCALL(__syscall3(SYS_recvmsg, fd, msg, flags));
}

int shutdown(int fd, int how)
{
	return SYSCALL2(SYS_shutdown, fd, how);
}

int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
	return SYSCALL3(SYS_getsockname, fd, addr, len);
}

int getpeername(int fd, struct sockaddr *addr, socklen_t *len)
{
	return SYSCALL3(SYS_getpeername, fd, addr, len);
}

int getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	return SYSCALL5(SYS_getsockopt, fd, level, name, val, len);
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	return SYSCALL5(SYS_setsockopt, fd, level, name, val, len);
}
