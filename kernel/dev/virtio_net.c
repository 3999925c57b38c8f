/*
 * virtio_net.c: the virtio network card (virtio 1.0, section 5.1) on the
 * PCI transport, as a netdev (net/netdev.h): eth0, eth1, ...
 *
 * Two queues: 0 receives, 1 transmits.  The doorbell is rung only when
 * the device asks for it (virtq_needs_notify): QEMU polls a receive queue
 * that has buffers, and a transmit queue while it works through it, and a
 * doorbell is a trap out of the guest.  Only VIRTIO_NET_F_MAC is
 * negotiated, so every buffer carries the 12-byte virtio_net_hdr_v1 in
 * front of a whole, checksummed Ethernet frame (no offloads, no merged
 * buffers); the header we send is all zeros.
 *
 * Memory: each queue has VNET_BUFS buffers of VNET_BUF_SIZE bytes, two to
 * a page, allocated at probe time and never freed (the device holds
 * their addresses until a reset).  Every receive buffer is offered to the
 * device at all times except while recv copies one out; a transmit buffer
 * is the device's from nd_send until its chain comes back on the used
 * ring, then on the free list (vn_txfree) again.  The virtqueue's cookie
 * for a chain is the buffer's vnet_buf.
 *
 * The device is not trusted: a received length shorter than the header
 * plus an Ethernet header, or longer than the buffer, drops that frame; a
 * used-ring entry naming no chain in flight resets the device and the
 * card stays down (every op then fails or finds nothing).  Frame contents
 * are the stack's to judge.
 *
 * Locking: the ops run with net_lock held (netdev.h), in the network
 * thread or a system call; the interrupt handler reads only the ISR byte
 * and calls netdev_kick(), so it shares nothing with them.
 *
 * Interrupts: MSI-X entry 0 for both queues where the machine has the
 * local APIC (virtio_pci_use_msix; no ISR to read), else the INTx line.
 */
#include <arch/arch.h>
#include <dev/virtio.h>
#include <kern/kprintf.h>
#include <kern/random.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <net/netdev.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include <vm/pmm.h>
#include <vm/vm.h>

#define VIRTIO_NET_F_MAC (1ull << 5)

#define VNET_HDR_LEN 12         /* virtio_net_hdr_v1 (num_buffers included in 1.0) */
#define VNET_BUF_SIZE 2048      /* header + a 1514-byte frame, two to a page */
#define VNET_BUFS 64            /* per queue */
#define VNET_RXQ 0
#define VNET_TXQ 1
#define VNET_MAX_CARDS 4

struct vnet_buf {
	void *vb_va;
	paddr_t vb_pa;
	struct vnet_buf *vb_next; /* transmit free list */
};

struct vnet {
	struct netdev vn_nd;
	struct virtio_pci vn_vp;
	struct virtq vn_rxq, vn_txq;
	struct vnet_buf vn_rx[VNET_BUFS], vn_tx[VNET_BUFS];
	struct vnet_buf *vn_txfree;
	bool vn_broken;
	bool vn_msix;                 /* queues signal through MSI-X, not INTx */
	unsigned long vn_rx_dropped;
};

static const struct pci_id vnet_ids[] = {
	{ VIRTIO_PCI_VENDOR, 0x1041 }, /* modern */
	{ VIRTIO_PCI_VENDOR, 0x1000 }, /* transitional: used through its modern interface */
	{ 0, 0 },
};

static unsigned vnet_count;

/* The device broke the rules: stop it; the card stays down. */
static void vnet_break(struct vnet *vn, const char *why)
{
	if (vn->vn_broken)
		return;
	kprintf("virtio-net %s: %s: device reset, the card is down\n", vn->vn_nd.nd_name, why);
	vn->vn_broken = true;
	virtio_pci_reset(&vn->vn_vp);
}

static int vnet_post_rx(struct vnet *vn, struct vnet_buf *b)
{
	struct virtq_buf d = { b->vb_pa, VNET_BUF_SIZE, true };

	return virtq_add(&vn->vn_rxq, &d, 1, b) < 0 ? -EIO : 0;
}

static size_t vnet_recv(struct netdev *nd, void *buf)
{
	struct vnet *vn = nd->nd_priv;
	struct vnet_buf *b;
	void *cookie;
	uint16_t head;
	uint32_t len;
	int rc;

	while (!vn->vn_broken) {
		rc = virtq_get_used(&vn->vn_rxq, &cookie, &head, &len);
		if (rc == 0)
			return 0;
		if (rc < 0) {
			vnet_break(vn, "receive ring names no buffer in flight");
			return 0;
		}
		b = cookie;
		len = len <= VNET_BUF_SIZE ? len : 0;
		if (len >= VNET_HDR_LEN + 14 && len - VNET_HDR_LEN <= NETDEV_FRAME_MAX)
			memcpy(buf, (uint8_t *)b->vb_va + VNET_HDR_LEN, len - VNET_HDR_LEN);
		else
			vn->vn_rx_dropped++, len = 0;
		if (vnet_post_rx(vn, b) != 0) {
			vnet_break(vn, "receive ring refuses a buffer");
			return 0;
		}
		if (virtq_needs_notify(&vn->vn_rxq))
			virtio_pci_notify(&vn->vn_vp, VNET_RXQ);
		if (len != 0)
			return len - VNET_HDR_LEN;
	}
	return 0;
}

/* Take finished transmissions off the used ring. */
static void vnet_reap_tx(struct vnet *vn)
{
	struct vnet_buf *b;
	void *cookie;
	uint16_t head;
	uint32_t len;
	int rc;

	while ((rc = virtq_get_used(&vn->vn_txq, &cookie, &head, &len)) == 1) {
		b = cookie;
		b->vb_next = vn->vn_txfree;
		vn->vn_txfree = b;
	}
	if (rc < 0)
		vnet_break(vn, "transmit ring names no buffer in flight");
}

static int vnet_send(struct netdev *nd, const struct netdev_seg *segs, unsigned nsegs)
{
	struct vnet *vn = nd->nd_priv;
	struct virtq_buf d;
	struct vnet_buf *b;
	size_t off = VNET_HDR_LEN;
	unsigned i;

	if (vn->vn_broken)
		return -EIO;
	vnet_reap_tx(vn);
	b = vn->vn_txfree;
	if (b == NULL)
		return -EAGAIN;
	for (i = 0; i < nsegs; i++) {
		if (segs[i].ns_len > VNET_HDR_LEN + NETDEV_FRAME_MAX - off)
			return -EINVAL; /* the stack's bug, never the device's */
		memcpy((uint8_t *)b->vb_va + off, segs[i].ns_data, segs[i].ns_len);
		off += segs[i].ns_len;
	}
	memset(b->vb_va, 0, VNET_HDR_LEN);
	d = (struct virtq_buf){ b->vb_pa, (uint32_t)off, false };
	if (virtq_add(&vn->vn_txq, &d, 1, b) < 0) {
		vnet_break(vn, "transmit ring refuses a buffer");
		return -EIO;
	}
	vn->vn_txfree = b->vb_next;
	if (virtq_needs_notify(&vn->vn_txq))
		virtio_pci_notify(&vn->vn_vp, VNET_TXQ);
	return 0;
}

static const struct netdev_ops vnet_ops = {
	.nd_recv = vnet_recv,
	.nd_send = vnet_send,
};

static void vnet_intr(void *arg)
{
	struct vnet *vn = arg;

	if (virtio_pci_isr(&vn->vn_vp) & VIRTIO_ISR_QUEUE)
		netdev_kick();
}

/* MSI-X: the vector is the card's own and only its queues use it (no ISR to read). */
static void vnet_msix_intr(void *arg)
{
	(void)arg;
	netdev_kick();
}

/* Buffers for one queue, two to a page: 0 or -ENOMEM (what was taken stays: boot only). */
static int vnet_alloc_bufs(struct vnet_buf *bufs)
{
	unsigned i;
	paddr_t pa = 0;

	for (i = 0; i < VNET_BUFS; i++) {
		if (i % 2 == 0 && (pa = pmm_alloc_zeroed()) == 0)
			return -ENOMEM;
		bufs[i].vb_pa = pa + (i % 2) * VNET_BUF_SIZE;
		bufs[i].vb_va = PHYS_TO_VIRT(bufs[i].vb_pa);
	}
	return 0;
}

static void vnet_read_mac(struct vnet *vn)
{
	uint32_t lo, hi;

	if ((vn->vn_vp.vp_features & VIRTIO_NET_F_MAC) && vn->vn_vp.vp_device_len >= 8) {
		lo = virtio_pci_config32(&vn->vn_vp, 0);
		hi = virtio_pci_config32(&vn->vn_vp, 4);
		memcpy(vn->vn_nd.nd_mac, &lo, 4);
		memcpy(vn->vn_nd.nd_mac + 4, &hi, 2);
		return;
	}
	/* No address given: a locally administered one (02:...), as Linux's eth_random_addr. */
	random_bytes(vn->vn_nd.nd_mac, 6);
	vn->vn_nd.nd_mac[0] = (uint8_t)((vn->vn_nd.nd_mac[0] & 0xfe) | 0x02);
}

/* Transport, features, both queues, the buffers offered: 0 or -errno, the device left failed. */
static int vnet_setup(struct vnet *vn, struct pci_dev *pd)
{
	unsigned i;
	int err;

	err = virtio_pci_open(pd, &vn->vn_vp);
	if (err == 0)
		vn->vn_msix = virtio_pci_use_msix(&vn->vn_vp, vnet_msix_intr, vn) == 0;
	if (err == 0)
		err = virtio_pci_negotiate(&vn->vn_vp, VIRTIO_NET_F_MAC);
	if (err == 0)
		err = virtio_pci_setup_queue(&vn->vn_vp, VNET_RXQ, VNET_BUFS, &vn->vn_rxq);
	if (err == 0)
		err = virtio_pci_setup_queue(&vn->vn_vp, VNET_TXQ, VNET_BUFS, &vn->vn_txq);
	if (err == 0)
		err = vnet_alloc_bufs(vn->vn_rx);
	if (err == 0)
		err = vnet_alloc_bufs(vn->vn_tx);
	for (i = 0; err == 0 && i < vn->vn_rxq.vq_size && i < VNET_BUFS; i++)
		err = vnet_post_rx(vn, &vn->vn_rx[i]);
	for (i = 0; err == 0 && i < vn->vn_txq.vq_size && i < VNET_BUFS; i++) {
		vn->vn_tx[i].vb_next = vn->vn_txfree;
		vn->vn_txfree = &vn->vn_tx[i];
	}
	if (err != 0) {
		virtio_pci_reset(&vn->vn_vp);
		virtio_pci_add_status(&vn->vn_vp, VIRTIO_STATUS_FAILED);
	}
	return err;
}

static int vnet_probe(struct pci_dev *pd)
{
	struct vnet *vn;
	char name[16];
	bool irq;
	int err;

	if (vnet_count >= VNET_MAX_CARDS)
		return -ENOSPC;
	vn = kzalloc(sizeof(*vn));
	if (vn == NULL)
		return -ENOMEM;
	err = vnet_setup(vn, pd);
	if (err != 0) {
		/* Queue rings and buffers stay allocated: the device may have seen them. */
		return err;
	}
	vn->vn_nd.nd_ops = &vnet_ops;
	vn->vn_nd.nd_priv = vn;
	vnet_read_mac(vn);
	irq = vn->vn_msix || pci_irq_attach(pd, vnet_intr, vn) == 0;
	vn->vn_nd.nd_polled = !irq;
	virtio_pci_add_status(&vn->vn_vp, VIRTIO_STATUS_DRIVER_OK);
	virtio_pci_notify(&vn->vn_vp, VNET_RXQ);
	netdev_register(&vn->vn_nd);
	pd->pd_drvdata = vn;
	vnet_count++;
	pci_name(pd, name);
	kprintf("virtio-net %s: %s: %02x:%02x:%02x:%02x:%02x:%02x, queues %u/%u, %s\n", name,
		vn->vn_nd.nd_name, vn->vn_nd.nd_mac[0], vn->vn_nd.nd_mac[1], vn->vn_nd.nd_mac[2],
		vn->vn_nd.nd_mac[3], vn->vn_nd.nd_mac[4], vn->vn_nd.nd_mac[5], vn->vn_rxq.vq_size,
		vn->vn_txq.vq_size, irq ? "interrupts" : "polled (no usable interrupt)");
	return 0;
}

const struct pci_driver virtio_net_pci_driver = {
	.pdr_name = "virtio-net",
	.pdr_ids = vnet_ids,
	.pdr_probe = vnet_probe,
};
