/*
 * netif.c: lwIP in the kernel: its start, its lock, its thread, and the
 * glue between the netdev drivers (net/netdev.h) and lwIP's interfaces.
 * docs/net.md explains the whole port.
 *
 * The network thread ("netd") is the only place frames enter lwIP and
 * where its timers run: it sleeps until a driver's interrupt (netdev_kick)
 * or a system call (net_kick) wakes it, or until lwIP's next timer is due
 * (at most a second; 10 ms when a card has no interrupt and must be
 * polled), then,
 * with net_lock held, pulls every waiting frame from every card into a
 * pbuf and hands it to lwIP, delivers what the loopback interface queued,
 * and runs the timers that are due.  lwIP's callbacks into the socket
 * layer (kernel/net/inet*.c) therefore run in this thread or in a system
 * call, always under net_lock.
 *
 * Received frames are copied out of the driver's buffer at once, straight
 * into a pbuf of a whole frame's size (net_rx_spare, allocated before the
 * frame is asked for, so one copy and not two): the driver's buffer goes
 * back to the card, the pbuf is trimmed to the frame, and lwIP owns it
 * from the moment ethernet_input takes it (it frees it, whatever the
 * frame holds).  One such pbuf is always held, waiting for the next frame.
 * A frame with no pbuf to go to (lwIP at its memory limit) is dropped.
 *
 * Link: a driver reports its carrier with netdev_set_link(); the thread
 * passes changes to lwIP (netif_set_link_up/down) at the start of a round.
 *
 * Interfaces: each card is added down, with no address; SIOCSIFFLAGS
 * with IFF_UP (init does it at boot) sets it up and, unless SIOCSIFADDR
 * gave it a static address, starts lwIP's DHCP client, whose lease
 * configures the address, netmask and default gateway.  lwIP's loopback interface answers 127.0.0.1 from the start.
 *
 * Locking: net_lock (a mutex) over all of lwIP; netd_kicked is set by
 * interrupt handlers and read with interrupts off.
 */
#include <net/lwip_port.h>
#include <net/netdev.h>
#include <arch/arch.h>
#include <kern/clock.h>
#include <kern/kprintf.h>
#include <kern/thread.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include "inet_priv.h"
#include "lwip/dhcp.h"
#include "lwip/etharp.h"
#include "lwip/init.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"

#define NETD_POLL_NS 10000000ull       /* 10 ms: the longest sleep while a card has no interrupt */
#define NETD_MAX_SLEEP_NS 1000000000ull /* 1 s: otherwise (lwIP's timers come sooner anyway) */
#define NETD_RX_BUDGET 64             /* frames per card before timers get a turn */
#define NET_TX_RETRIES 20             /* 1 ms waits for a transmit slot */
#define NET_TX_SEGS 8

struct mutex net_lock;
static struct netdev *netdevs, **netdev_tail = &netdevs;
static unsigned netdev_count;
static bool netd_kicked;
static struct thread *netd_thread;
static bool netd_must_poll;           /* [I] after net_init: some card is polled */
static struct pbuf *net_rx_spare;     /* [net_lock] where the next frame goes */

void netdev_register(struct netdev *nd)
{
	snprintf(nd->nd_name, sizeof(nd->nd_name), "eth%u", netdev_count++);
	nd->nd_next = NULL;
	*netdev_tail = nd;
	netdev_tail = &nd->nd_next;
}

struct netdev *netdev_list(void)
{
	return netdevs;
}

void netdev_kick(void)
{
	unsigned long fl = arch_irq_save();

	netd_kicked = true;
	arch_irq_restore(fl);
	wakeup(&netd_kicked);
}

void netdev_set_link(struct netdev *nd, bool up)
{
	nd->nd_link_down = !up;
	netdev_kick();
}

void net_kick(void)
{
	netdev_kick();
}

/* lwIP's linkoutput: the frame in p (lwIP keeps it) to the card. */
static err_t net_linkoutput(struct netif *ni, struct pbuf *p)
{
	static uint8_t bounce[NETDEV_FRAME_MAX];
	struct netdev *nd = ni->state;
	struct netdev_seg segs[NET_TX_SEGS];
	unsigned n = 0, tries;
	struct pbuf *q;
	int err;

	if (p->tot_len > NETDEV_FRAME_MAX)
		return ERR_BUF;
	for (q = p; q != NULL && n < NET_TX_SEGS; q = q->next)
		segs[n++] = (struct netdev_seg){ q->payload, q->len };
	if (q != NULL) { /* too many pieces: flatten (net_lock guards bounce) */
		pbuf_copy_partial(p, bounce, p->tot_len, 0);
		segs[0] = (struct netdev_seg){ bounce, p->tot_len };
		n = 1;
	}
	for (tries = 0; (err = nd->nd_ops->nd_send(nd, segs, n)) == -EAGAIN; tries++) {
		if (tries == NET_TX_RETRIES)
			return ERR_MEM; /* TCP retransmits; a datagram is lost */
		sleep_on(&netdev_tail, clock_monotonic_ns() + 1000000); /* nobody wakes it */
	}
	return err == 0 ? ERR_OK : ERR_IF;
}

static err_t net_netif_init(struct netif *ni)
{
	struct netdev *nd = ni->state;

	ni->name[0] = 'e';
	ni->name[1] = 'n';
	ni->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(ni->hwaddr, nd->nd_mac, ETH_HWADDR_LEN);
	ni->mtu = 1500;
	ni->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
	ni->output = etharp_output;
	ni->linkoutput = net_linkoutput;
	netif_set_hostname(ni, "breenix");
	return ERR_OK;
}

static void net_status_changed(struct netif *ni)
{
	struct netdev *nd = ni->state;
	char a[16], m[16], g[16];

	if (ip4_addr_isany_val(*netif_ip4_addr(ni)))
		return;
	ip4addr_ntoa_r(netif_ip4_addr(ni), a, sizeof(a));
	ip4addr_ntoa_r(netif_ip4_netmask(ni), m, sizeof(m));
	ip4addr_ntoa_r(netif_ip4_gw(ni), g, sizeof(g));
	kprintf("net: %s: address %s netmask %s gateway %s\n", nd->nd_name, a, m, g);
}

/* Move up to a budget of frames from nd into lwIP: whether more may wait. */
static bool net_rx(struct netdev *nd)
{
	static uint8_t scratch[NETDEV_FRAME_MAX]; /* a frame to drop */
	struct netif *ni = nd->nd_stack;
	struct pbuf *p;
	unsigned i;
	size_t len;

	for (i = 0; i < NETD_RX_BUDGET; i++) {
		if (net_rx_spare == NULL)
			net_rx_spare = pbuf_alloc(PBUF_RAW, NETDEV_FRAME_MAX, PBUF_RAM);
		p = net_rx_spare;
		len = nd->nd_ops->nd_recv(nd, p != NULL ? p->payload : scratch);
		if (len == 0)
			return false;
		if (p == NULL || ni == NULL || !netif_is_up(ni))
			continue; /* lwIP at its memory limit, or the interface down: drop */
		net_rx_spare = NULL;
		pbuf_realloc(p, (u16_t)len);
		if (ni->input(p, ni) != ERR_OK)
			pbuf_free(p);
	}
	return true;
}

/* Tell lwIP the link state the driver last reported (netdev_set_link).  net_lock held. */
static void net_sync_link(struct netdev *nd)
{
	struct netif *ni = nd->nd_stack;
	bool up = !nd->nd_link_down;

	if (ni == NULL || up == (netif_is_link_up(ni) != 0))
		return;
	kprintf("net: %s: link %s\n", nd->nd_name, up ? "up" : "down");
	if (up)
		netif_set_link_up(ni);
	else
		netif_set_link_down(ni);
}

/* One round of work: link changes, frames in, loopback, timers.  net_lock held. */
static bool netd_work(void)
{
	struct netdev *nd;
	bool more = false;

	for (nd = netdevs; nd != NULL; nd = nd->nd_next) {
		net_sync_link(nd);
		more |= net_rx(nd);
	}
	netif_poll_all();
	sys_check_timeouts();
	return more;
}

static void netd_main(void *arg)
{
	unsigned long fl;
	uint64_t sleep_ns;
	bool more;

	(void)arg;
	for (;;) {
		mutex_lock(&net_lock);
		more = netd_work();
		sleep_ns = (uint64_t)sys_timeouts_sleeptime() * 1000000ull;
		mutex_unlock(&net_lock);
		if (more) {
			sched_yield();
			continue;
		}
		if (sleep_ns > (netd_must_poll ? NETD_POLL_NS : NETD_MAX_SLEEP_NS))
			sleep_ns = netd_must_poll ? NETD_POLL_NS : NETD_MAX_SLEEP_NS;
		fl = arch_irq_save();
		if (!netd_kicked)
			sleep_on(&netd_kicked, clock_monotonic_ns() + sleep_ns);
		netd_kicked = false;
		arch_irq_restore(fl);
	}
}

static void net_add_card(struct netdev *nd)
{
	struct netif *ni = kzalloc(sizeof(*ni));

	if (ni == NULL || netif_add(ni, NULL, NULL, NULL, nd, net_netif_init, ethernet_input) == NULL) {
		kprintf("net: %s: no lwIP interface (out of memory)\n", nd->nd_name);
		return;
	}
	nd->nd_stack = ni;
	netif_set_status_callback(ni, net_status_changed);
	if (!nd->nd_link_down)
		netif_set_link_up(ni); /* else when the driver reports it (net_sync_link) */
	if (netif_default == NULL)
		netif_set_default(ni);
}

void net_init(void)
{
	struct netdev *nd;

	mutex_lock(&net_lock);
	lwip_init();
	for (nd = netdevs; nd != NULL; nd = nd->nd_next) {
		net_add_card(nd);
		netd_must_poll |= nd->nd_polled;
	}
	mutex_unlock(&net_lock);
	netd_thread = thread_create_kernel(netd_main, NULL);
	if (netd_thread == NULL)
		kprintf("net: no network thread (out of memory): networking is off\n");
}

/* Interface control for the SIOCGIF* ioctls (inet_if.c).  net_lock held. */
struct netif *net_netif_by_name(const char *name)
{
	struct netdev *nd;
	struct netif *ni;

	if (strcmp(name, "lo") == 0) {
		NETIF_FOREACH(ni)
			if (ni->name[0] == 'l' && ni->name[1] == 'o')
				return ni;
		return NULL;
	}
	for (nd = netdevs; nd != NULL; nd = nd->nd_next)
		if (strcmp(nd->nd_name, name) == 0)
			return nd->nd_stack;
	return NULL;
}

int net_netif_set_up(struct netif *ni, bool up)
{
	if (up == netif_is_up(ni))
		return 0;
	if (!up) {
		if (ni->state != NULL)
			dhcp_release_and_stop(ni);
		netif_set_down(ni);
		return 0;
	}
	netif_set_up(ni);
	/* An interface with no static address (SIOCSIFADDR) asks DHCP for one. */
	if (ni->state != NULL && ip4_addr_isany_val(*netif_ip4_addr(ni)) && dhcp_start(ni) != ERR_OK)
		return -ENOMEM;
	net_kick();
	return 0;
}
