/*
 * inet_if.c: interface configuration ioctls on an AF_INET socket, Linux's
 * SIOCGIFADDR family (struct ifreq, 40 bytes: a 16-byte name, then a
 * union).  Interfaces are named as Linux names them: "lo", "eth0", ...
 *
 * Reading is open to everyone; the setters are root's, EPERM otherwise:
 * SIOCSIFFLAGS (bringing an interface up, which starts its DHCP client,
 * or down), SIOCSIFADDR (a static address, which stops DHCP; the netmask
 * becomes the address's class default, as Linux does) and SIOCSIFNETMASK.  The
 * name is the user's: it is cut at 15 characters and an unknown one is
 * ENODEV.  Everything is read under net_lock.
 */
#include "inet_priv.h"
#include <kern/cred.h>
#include <kern/uaccess.h>
#include <lib/string.h>
#include <sys/errno.h>
#include "lwip/dhcp.h"
#include "lwip/netif.h"

#define SIOCGIFFLAGS 0x8913
#define SIOCSIFFLAGS 0x8914
#define SIOCGIFADDR 0x8915
#define SIOCSIFADDR 0x8916
#define SIOCGIFNETMASK 0x891b
#define SIOCSIFNETMASK 0x891c
#define SIOCGIFHWADDR 0x8927
#define SIOCGIFINDEX 0x8933

#define IFF_UP 0x1
#define IFF_BROADCAST 0x2
#define IFF_LOOPBACK 0x8
#define IFF_RUNNING 0x40

#define ARPHRD_ETHER 1
#define ARPHRD_LOOPBACK 772

#define IFNAMSIZ 16

struct ifreq_k {
	char ifr_name[IFNAMSIZ];
	union {
		uint8_t ifr_addr[16];  /* struct sockaddr */
		int16_t ifr_flags;
		int32_t ifr_ivalue;
		uint8_t ifr_pad[24];
	} u;
};

static bool is_loop(const struct netif *ni)
{
	return ni->name[0] == 'l' && ni->name[1] == 'o';
}

static int16_t if_flags(const struct netif *ni)
{
	int16_t f = 0;

	if (netif_is_up(ni))
		f |= IFF_UP;
	if (netif_is_up(ni) && netif_is_link_up(ni))
		f |= IFF_RUNNING;
	f |= is_loop(ni) ? IFF_LOOPBACK : IFF_BROADCAST;
	return f;
}

static void put_sin(uint8_t *sa, const ip4_addr_t *a)
{
	uint16_t fam = AF_INET;
	uint32_t v = ip4_addr_get_u32(a);

	memset(sa, 0, 16);
	memcpy(sa, &fam, 2);
	memcpy(sa + 4, &v, 4);
}

/* The netmask Linux gives an address set alone (inet_abc_len): its class's. */
static uint32_t class_mask(uint32_t host_order)
{
	if ((host_order >> 31) == 0)
		return 0xff000000u;
	if ((host_order >> 30) == 2)
		return 0xffff0000u;
	return 0xffffff00u;
}

static int if_set_addr(struct netif *ni, unsigned long cmd, const uint8_t *sa)
{
	ip4_addr_t a;
	uint16_t fam;
	uint32_t v;

	memcpy(&fam, sa, 2);
	if (fam != AF_INET)
		return -EINVAL;
	memcpy(&v, sa + 4, 4);
	ip4_addr_set_u32(&a, v);
	if (cmd == SIOCSIFNETMASK) {
		netif_set_netmask(ni, &a);
		return 0;
	}
	if (ni->state != NULL)
		dhcp_release_and_stop(ni); /* a static address: DHCP must not replace it */
	netif_set_ipaddr(ni, &a);
	ip4_addr_set_u32(&a, lwip_htonl(class_mask(lwip_ntohl(v))));
	netif_set_netmask(ni, &a);
	return 0;
}

/* One request on interface ni, in r.  net_lock held. */
static int if_request(struct netif *ni, unsigned long cmd, struct ifreq_k *r)
{
	uint16_t fam;

	switch (cmd) {
	case SIOCGIFFLAGS:
		r->u.ifr_flags = if_flags(ni);
		return 0;
	case SIOCSIFFLAGS:
		if (!cred_root(cred_cur()))
			return -EPERM;
		return net_netif_set_up(ni, r->u.ifr_flags & IFF_UP);
	case SIOCGIFADDR:
	case SIOCGIFNETMASK:
		if (ip4_addr_isany_val(*netif_ip4_addr(ni)))
			return -EADDRNOTAVAIL;
		put_sin(r->u.ifr_addr, cmd == SIOCGIFADDR ? netif_ip4_addr(ni) : netif_ip4_netmask(ni));
		return 0;
	case SIOCSIFADDR:
	case SIOCSIFNETMASK:
		if (!cred_root(cred_cur()))
			return -EPERM;
		return if_set_addr(ni, cmd, r->u.ifr_addr);
	case SIOCGIFHWADDR:
		memset(r->u.ifr_addr, 0, 16);
		fam = is_loop(ni) ? ARPHRD_LOOPBACK : ARPHRD_ETHER;
		memcpy(r->u.ifr_addr, &fam, 2);
		memcpy(r->u.ifr_addr + 2, ni->hwaddr, ni->hwaddr_len <= 14 ? ni->hwaddr_len : 14);
		return 0;
	case SIOCGIFINDEX:
		r->u.ifr_ivalue = netif_get_index(ni);
		return 0;
	default:
		return -ENOTTY;
	}
}

int inet_if_ioctl(unsigned long cmd, uaddr_t arg)
{
	struct ifreq_k r;
	struct netif *ni;
	int err;

	if (cmd != SIOCGIFFLAGS && cmd != SIOCSIFFLAGS && cmd != SIOCGIFADDR && cmd != SIOCSIFADDR &&
	    cmd != SIOCGIFNETMASK && cmd != SIOCSIFNETMASK && cmd != SIOCGIFHWADDR &&
	    cmd != SIOCGIFINDEX)
		return -ENOTTY;
	if (copy_from_user(&r, arg, sizeof(r)) != 0)
		return -EFAULT;
	r.ifr_name[IFNAMSIZ - 1] = '\0';
	mutex_lock(&net_lock);
	ni = net_netif_by_name(r.ifr_name);
	err = ni == NULL ? -ENODEV : if_request(ni, cmd, &r);
	mutex_unlock(&net_lock);
	if (err == 0 && cmd != SIOCSIFFLAGS && cmd != SIOCSIFADDR && cmd != SIOCSIFNETMASK &&
	    copy_to_user(arg, &r, sizeof(r)) != 0)
		err = -EFAULT;
	return err;
}
