/* <net/if.h> for Breenix: Linux's struct ifreq and interface flags, for the
 * SIOCGIFADDR family of ioctls on a socket (kernel/net/inet_if.c). */
#ifndef _NET_IF_H
#define _NET_IF_H

#include <sys/socket.h>

#ifdef __cplusplus
extern "C" {
#endif

#define IFNAMSIZ	16
#define IF_NAMESIZE	IFNAMSIZ

#define IFF_UP		0x1
#define IFF_BROADCAST	0x2
#define IFF_LOOPBACK	0x8
#define IFF_RUNNING	0x40
#define IFF_MULTICAST	0x1000

struct ifmap {
	unsigned long	mem_start;
	unsigned long	mem_end;
	unsigned short	base_addr;
	unsigned char	irq;
	unsigned char	dma;
	unsigned char	port;
};

struct ifreq {
	char	ifr_name[IFNAMSIZ];
	union {
		struct sockaddr	ifru_addr;
		struct sockaddr	ifru_netmask;
		struct sockaddr	ifru_hwaddr;
		short		ifru_flags;
		int		ifru_ivalue;
		int		ifru_mtu;
		struct ifmap	ifru_map;
		char		ifru_newname[IFNAMSIZ];
	} ifr_ifru;
};
#define ifr_addr	ifr_ifru.ifru_addr
#define ifr_netmask	ifr_ifru.ifru_netmask
#define ifr_hwaddr	ifr_ifru.ifru_hwaddr
#define ifr_flags	ifr_ifru.ifru_flags
#define ifr_ifindex	ifr_ifru.ifru_ivalue
#define ifr_mtu		ifr_ifru.ifru_mtu

#ifdef __cplusplus
}
#endif
#endif
