/*
 * inet_proc.h: the text of /proc/net's files (kernel/net/inet_proc.c),
 * for procfs.  Each fills buf (at most max bytes with the NUL) and returns
 * the length; a table longer than max is cut at a whole line.
 */
#ifndef NET_INET_PROC_H
#define NET_INET_PROC_H

#include <stddef.h>

long inet_proc_tcp(char *buf, size_t max);
long inet_proc_udp(char *buf, size_t max);
long inet_proc_sockstat(char *buf, size_t max);
long inet_proc_pnp(char *buf, size_t max);
long inet_proc_lwip(char *buf, size_t max);

#endif
