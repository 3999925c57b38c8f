/*
 * unix.h: Unix-domain sockets (kernel/net/af_unix.c), the AF_UNIX family
 * of the socket layer (net/socket.h).  See docs/sockets.md.
 */
#ifndef NET_UNIX_H
#define NET_UNIX_H

#include <net/socket.h>

#define UNIX_PATH_MAX 108
#define UNIX_ADDR_MAX 110        /* sizeof(struct sockaddr_un) */
#define UNIX_BUF_DEFAULT 212992  /* SO_SNDBUF/SO_RCVBUF default and maximum, as Linux */
#define UNIX_RCVBUF_MIN 2304     /* the least SO_RCVBUF gives (Linux's SOCK_MIN_RCVBUF) */
#define UNIX_SNDBUF_MIN 4608     /* and SO_SNDBUF (SOCK_MIN_SNDBUF) */
#define UNIX_DGRAM_QLEN 10       /* datagrams queued from others (net.unix.max_dgram_qlen) */

extern const struct proto_ops unix_proto_ops;

#endif
