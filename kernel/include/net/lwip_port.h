/*
 * lwip_port.h: what the rest of the kernel sees of the lwIP port
 * (kernel/net/lwip/, kernel/net/netif.c; docs/net.md).
 *
 * net_lock is the one lock over lwIP and every AF_INET socket: a sleeping
 * mutex, because lwIP's work (checksums, copies) is too long to run with
 * interrupts off on a preemptible kernel.  Interrupt handlers never take
 * it; they wake the network thread (netdev_kick).
 */
#ifndef NET_LWIP_PORT_H
#define NET_LWIP_PORT_H

#include <kern/mutex.h>
#include <stddef.h>
#include <stdint.h>

extern struct mutex net_lock;

/* Bring up lwIP, an interface per registered netdev and the network thread. */
void net_init(void);
/* Wake the network thread (to send what loopback queued, run timers). */
void net_kick(void);
/* Bytes lwIP holds from kmalloc (sys_arch.c). */
size_t lwip_port_mem_used(void);

#endif
