/*
 * netdev.h: network interface drivers as the network stack sees them
 * (kernel/net/netif.c).  A driver knows nothing of lwIP: it moves whole
 * Ethernet frames (destination MAC first, no FCS) between the wire and
 * kernel buffers.
 *
 * A driver registers a struct netdev at probe time (netdev_register);
 * net_init() later gives each one an lwIP interface.  Receive and
 * transmit are pulled by the network thread, never called from interrupt
 * context: the driver's interrupt handler only calls netdev_kick(), which
 * wakes the thread.  Every op is called with net_lock held, so a driver
 * needs no lock of its own against the stack (its interrupt handler
 * touches no state the ops use beyond what it guards itself).
 */
#ifndef NET_NETDEV_H
#define NET_NETDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NETDEV_FRAME_MAX 1514 /* Ethernet header + 1500 bytes of payload */

/* One piece of a frame to send. */
struct netdev_seg {
	const void *ns_data;
	size_t ns_len;
};

struct netdev;

struct netdev_ops {
	/*
	 * Copy the next received frame into buf (NETDEV_FRAME_MAX bytes):
	 * its length, 0 when none waits.  Frames the driver judges bad are
	 * dropped inside and never returned.
	 */
	size_t (*nd_recv)(struct netdev *nd, void *buf);
	/*
	 * Queue the frame made of segs (total at most NETDEV_FRAME_MAX):
	 * 0, -EAGAIN when the transmit ring is full, -EIO when the device
	 * is broken.  The segments are copied before the call returns.
	 */
	int (*nd_send)(struct netdev *nd, const struct netdev_seg *segs, unsigned nsegs);
};

struct netdev {
	char nd_name[8];          /* "eth0" ... */
	uint8_t nd_mac[6];
	const struct netdev_ops *nd_ops;
	void *nd_priv;            /* the driver's */
	void *nd_stack;           /* the stack's (its struct netif) */
	bool nd_polled;           /* no interrupt reaches us: the network thread polls often */
	volatile bool nd_link_down; /* the card sees no carrier (netdev_set_link); false for
				       a card that cannot tell */
	struct netdev *nd_next;
};

/* Called by a driver's probe; the name is given here.  Before net_init. */
void netdev_register(struct netdev *nd);
/* Called by a driver's interrupt handler: frames or transmit slots are ready. */
void netdev_kick(void);
/*
 * Called by a driver, in any context, when its link (carrier) comes or
 * goes; the network thread tells lwIP (an interface without link sends
 * nothing, and DHCP asks again when it returns).
 */
void netdev_set_link(struct netdev *nd, bool up);
/* The registered devices (read-only after boot). */
struct netdev *netdev_list(void);

#endif
