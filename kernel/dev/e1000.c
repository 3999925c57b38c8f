/*
 * e1000.c: Intel's 8254x gigabit Ethernet cards (the 82540EM that is
 * QEMU's "e1000" and -machine pc's default NIC, and the 82545EM), and the
 * 82574L (QEMU's "e1000e", q35's default), which keeps their legacy
 * descriptors and registers, as a netdev (net/netdev.h): eth0, eth1, ...
 * in PCI order with the other cards.  The rings are in e1000_ring.c; dev/e1000.h explains them.
 *
 * Bring-up (8254x manual, section 14): BAR 0 mapped uncached; interrupts
 * masked, receive and transmit off, a full reset (CTRL.RST), which also
 * reloads the EEPROM; then bus mastering.  The station address is the
 * EEPROM's (read word by word through EERD, checksum checked), else what
 * the reset loaded into RAL0/RAH0, else a random local one; it is written
 * back to RAL0/RAH0, the multicast table is cleared.  Receive: 128
 * buffers of 2 KiB, broadcast accepted, the CRC stripped, long frames
 * refused by the card (RCTL.LPE off).  Transmit: 64 buffers, short frames
 * padded by the card.  Link: CTRL.SLU with the PHY's auto-negotiation.
 *
 * Interrupts: MSI (pci_enable_msi) on the 82574L, which has the
 * capability, else legacy INTx through pci_irq_attach(), as virtio-net.
 * The handler reads ICR (which clears it); no cause of ours means the
 * line's other device.  It reports link changes (LSC: STATUS.LU) through
 * netdev_set_link() and wakes the network thread for frames (RXT0),
 * a ring running low (RXDMT0) or overrun (RXO, counted); it touches
 * nothing the ops use.  Without a usable line the card is polled, its
 * link read at each poll.
 *
 * Receive overrun: when every buffer is full the card drops frames (or
 * QEMU holds them back) until RDT moves; the network thread drains the
 * ring at most 64 frames a round and gives each descriptor straight back,
 * so the card never stalls.  A frame longer than a buffer, or any length
 * the card reports beyond the buffer, is dropped in e1000_ring.c.
 *
 * Memory: descriptor rings and buffers are physical pages allocated at
 * probe time and never freed (the card holds their addresses until a
 * reset), as virtio-net's.
 *
 * Locking: the ops run with net_lock held (netdev.h); e_rx_overruns is
 * written only by the interrupt handler.
 */
#include <arch/arch.h>
#include <dev/e1000.h>
#include <dev/pci.h>
#include <kern/clock.h>
#include <kern/kprintf.h>
#include <kern/random.h>
#include <lib/string.h>
#include <net/netdev.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include <vm/pmm.h>
#include <vm/vm.h>
#include <vm/vmm.h>

#define E1000_MAX_CARDS 4
#define E1000_RESET_US 20000   /* CTRL.RST clears itself within microseconds */
#define E1000_EEPROM_US 10000  /* per EERD word; the EEPROM is slow serial memory */
#define E1000_EEPROM_WORDS 64
/* Causes we enable: frames, ring low, overrun, sequence error, link change. */
#define E1000_IMS_OURS \
	(E1000_ICR_RXT0 | E1000_ICR_RXDMT0 | E1000_ICR_RXO | E1000_ICR_RXSEQ | E1000_ICR_LSC)

/* EERD's layout (the one difference met here): where the word address goes, the done bit. */
struct e1000_model {
	uint16_t em_device;
	const char *em_name;
	unsigned em_eerd_addr_shift;
	uint32_t em_eerd_done;
};

static const struct e1000_model e1000_models[] = {
	{ 0x100E, "82540EM", 8, 1u << 4 },
	{ 0x100F, "82545EM", 8, 1u << 4 },
	{ 0x10D3, "82574L", 2, 1u << 1 },
	{ 0, NULL, 0, 0 },
};

static const struct pci_id e1000_ids[] = {
	{ 0x8086, 0x100E },
	{ 0x8086, 0x100F },
	{ 0x8086, 0x10D3 },
	{ 0, 0 },
};

struct e1000 {
	struct netdev e_nd;
	volatile uint8_t *e_regs;
	const struct e1000_model *e_model;
	struct e1000_ring e_rx, e_tx;
	uint8_t *e_rxbuf[E1000_NRXD], *e_txbuf[E1000_NTXD];
	paddr_t e_rxbuf_pa[E1000_NRXD], e_txbuf_pa[E1000_NTXD];
	paddr_t e_rxring_pa, e_txring_pa;
	unsigned long e_rx_overruns; /* [interrupt] RXO causes seen */
};

static unsigned e1000_count;

static uint32_t rd32(struct e1000 *e, unsigned reg)
{
	return *(volatile uint32_t *)(e->e_regs + reg);
}

static void wr32(struct e1000 *e, unsigned reg, uint32_t v)
{
	*(volatile uint32_t *)(e->e_regs + reg) = v;
}

/* Busy-wait: bring-up only, before any process exists. */
static void e1000_delay_us(unsigned us)
{
	uint64_t end = clock_monotonic_ns() + (uint64_t)us * 1000;

	while (clock_monotonic_ns() < end)
		arch_cpu_relax();
}

static bool e1000_link_up(struct e1000 *e)
{
	return (rd32(e, E1000_STATUS) & E1000_STATUS_LU) != 0;
}

static size_t e1000_recv(struct netdev *nd, void *buf)
{
	struct e1000 *e = nd->nd_priv;
	unsigned rdt = ~0u;
	size_t len;
	bool up;

	/* No interrupt tells a polled card's link changes: look each time. */
	if (nd->nd_polled) {
		up = e1000_link_up(e);
		if (up == nd->nd_link_down)
			netdev_set_link(nd, up);
	}
	len = e1000_rx_pull(&e->e_rx, buf, &rdt);
	if (rdt != ~0u)
		wr32(e, E1000_RDT, rdt);
	return len;
}

static int e1000_send(struct netdev *nd, const struct netdev_seg *segs, unsigned nsegs)
{
	struct e1000 *e = nd->nd_priv;
	unsigned tdt;
	int err;

	err = e1000_tx_put(&e->e_tx, segs, nsegs, &tdt);
	if (err == 0)
		wr32(e, E1000_TDT, tdt);
	return err;
}

static const struct netdev_ops e1000_ops = {
	.nd_recv = e1000_recv,
	.nd_send = e1000_send,
};

static void e1000_intr(void *arg)
{
	struct e1000 *e = arg;
	uint32_t icr = rd32(e, E1000_ICR);

	if ((icr & E1000_IMS_OURS) == 0)
		return; /* the shared line's other device */
	if (icr & E1000_ICR_RXO)
		e->e_rx_overruns++;
	if (icr & E1000_ICR_LSC)
		netdev_set_link(&e->e_nd, e1000_link_up(e));
	netdev_kick();
}

/* Interrupts masked and cleared, receive and transmit off, then a full reset. */
static int e1000_reset(struct e1000 *e)
{
	unsigned waited;

	wr32(e, E1000_IMC, ~0u);
	wr32(e, E1000_RCTL, 0);
	wr32(e, E1000_TCTL, E1000_TCTL_PSP);
	(void)rd32(e, E1000_STATUS); /* flush the writes */
	e1000_delay_us(10000);       /* let a DMA in progress finish (as Linux) */
	wr32(e, E1000_CTRL, rd32(e, E1000_CTRL) | E1000_CTRL_RST);
	for (waited = 0; waited < E1000_RESET_US; waited += 100) {
		e1000_delay_us(100);
		if (!(rd32(e, E1000_CTRL) & E1000_CTRL_RST))
			break;
	}
	if (waited >= E1000_RESET_US)
		return -EIO;
	e1000_delay_us(10000); /* the EEPROM reload that follows a reset */
	wr32(e, E1000_IMC, ~0u);
	(void)rd32(e, E1000_ICR);
	return 0;
}

/* One EEPROM word through EERD: 0, or -EIO when the card never says done. */
static int e1000_eeprom_read(struct e1000 *e, unsigned addr, uint16_t *word)
{
	const struct e1000_model *m = e->e_model;
	unsigned waited;
	uint32_t v;

	wr32(e, E1000_EERD, (addr << m->em_eerd_addr_shift) | 1u);
	for (waited = 0; waited < E1000_EEPROM_US; waited += 5) {
		v = rd32(e, E1000_EERD);
		if (v & m->em_eerd_done) {
			*word = (uint16_t)(v >> 16);
			return 0;
		}
		e1000_delay_us(5);
	}
	return -EIO;
}

/* The station address: EEPROM, else RAL0/RAH0, else random; written to RAL0/RAH0. */
static const char *e1000_read_mac(struct e1000 *e)
{
	uint8_t *mac = e->e_nd.nd_mac;
	uint16_t words[E1000_EEPROM_WORDS];
	const char *from = "EEPROM";
	uint32_t lo, hi;
	unsigned i;

	for (i = 0; i < E1000_EEPROM_WORDS; i++)
		if (e1000_eeprom_read(e, i, &words[i]) != 0)
			break;
	if (i < E1000_EEPROM_WORDS || !e1000_eeprom_mac(words, mac)) {
		from = "RAL0";
		lo = rd32(e, E1000_RAL0);
		hi = rd32(e, E1000_RAH0);
		memcpy(mac, &lo, 4);
		mac[4] = (uint8_t)hi;
		mac[5] = (uint8_t)(hi >> 8);
		if (!(hi & E1000_RAH_AV) || !e1000_mac_usable(mac)) {
			/* A locally administered address (02:...), as Linux's eth_random_addr. */
			from = "random";
			random_bytes(mac, 6);
			mac[0] = (uint8_t)((mac[0] & 0xfe) | 0x02);
		}
	}
	wr32(e, E1000_RAL0, (uint32_t)mac[0] | (uint32_t)mac[1] << 8 | (uint32_t)mac[2] << 16 |
				    (uint32_t)mac[3] << 24);
	wr32(e, E1000_RAH0, (uint32_t)mac[4] | (uint32_t)mac[5] << 8 | E1000_RAH_AV);
	return from;
}

/* n buffers of E1000_BUF_SIZE, two to a page: 0 or -ENOMEM (what was taken stays: boot only). */
static int e1000_alloc_bufs(uint8_t **va, paddr_t *pa, unsigned n)
{
	paddr_t page = 0;
	unsigned i;

	for (i = 0; i < n; i++) {
		if (i % 2 == 0 && (page = pmm_alloc_zeroed()) == 0)
			return -ENOMEM;
		pa[i] = page + (i % 2) * E1000_BUF_SIZE;
		va[i] = PHYS_TO_VIRT(pa[i]);
	}
	return 0;
}

/* Both rings' memory: one page of descriptors each, and the buffers. */
static int e1000_alloc_rings(struct e1000 *e)
{
	_Static_assert(E1000_NRXD * 16 <= PAGE_SIZE && E1000_NTXD * 16 <= PAGE_SIZE,
		       "a ring fits a page");
	e->e_rxring_pa = pmm_alloc_zeroed();
	e->e_txring_pa = pmm_alloc_zeroed();
	if (e->e_rxring_pa == 0 || e->e_txring_pa == 0)
		return -ENOMEM;
	if (e1000_alloc_bufs(e->e_rxbuf, e->e_rxbuf_pa, E1000_NRXD) != 0 ||
	    e1000_alloc_bufs(e->e_txbuf, e->e_txbuf_pa, E1000_NTXD) != 0)
		return -ENOMEM;
	e->e_rx = (struct e1000_ring){ .er_desc = PHYS_TO_VIRT(e->e_rxring_pa),
				       .er_buf = e->e_rxbuf, .er_size = E1000_NRXD };
	e->e_tx = (struct e1000_ring){ .er_desc = PHYS_TO_VIRT(e->e_txring_pa),
				       .er_buf = e->e_txbuf, .er_size = E1000_NTXD };
	return 0;
}

/* Descriptors and registers for both directions; the rings' memory exists. */
static void e1000_start_rings(struct e1000 *e)
{
	volatile struct e1000_rx_desc *rx = e->e_rx.er_desc;
	volatile struct e1000_tx_desc *tx = e->e_tx.er_desc;
	unsigned i;

	for (i = 0; i < E1000_NRXD; i++)
		rx[i].rd_addr = e->e_rxbuf_pa[i];
	for (i = 0; i < E1000_NTXD; i++)
		tx[i].td_addr = e->e_txbuf_pa[i];
	__atomic_thread_fence(__ATOMIC_RELEASE);
	for (i = 0; i < 128; i++)
		wr32(e, E1000_MTA + 4 * i, 0);
	wr32(e, E1000_RDBAL, (uint32_t)e->e_rxring_pa);
	wr32(e, E1000_RDBAH, (uint32_t)(e->e_rxring_pa >> 32));
	wr32(e, E1000_RDLEN, E1000_NRXD * sizeof(struct e1000_rx_desc));
	wr32(e, E1000_RDH, 0);
	wr32(e, E1000_RDT, E1000_NRXD - 1); /* all but one (dev/e1000.h) */
	wr32(e, E1000_RDTR, 0);             /* an interrupt per frame: no delay timer */
	wr32(e, E1000_RADV, 0);
	wr32(e, E1000_ITR, 0);
	wr32(e, E1000_RCTL, E1000_RCTL_EN | E1000_RCTL_BAM | E1000_RCTL_BSIZE_2048 |
				    E1000_RCTL_SECRC);
	wr32(e, E1000_TDBAL, (uint32_t)e->e_txring_pa);
	wr32(e, E1000_TDBAH, (uint32_t)(e->e_txring_pa >> 32));
	wr32(e, E1000_TDLEN, E1000_NTXD * sizeof(struct e1000_tx_desc));
	wr32(e, E1000_TDH, 0);
	wr32(e, E1000_TDT, 0);
	wr32(e, E1000_TIDV, 0);
	wr32(e, E1000_TIPG, E1000_TIPG_COPPER);
	wr32(e, E1000_TCTL, E1000_TCTL_EN | E1000_TCTL_PSP | E1000_TCTL_CT(0x0F) |
				    E1000_TCTL_COLD(0x40));
}

/* Link up through the PHY's auto-negotiation: no forced speed, no loopback, no VLANs. */
static void e1000_start_link(struct e1000 *e)
{
	uint32_t ctrl = rd32(e, E1000_CTRL);

	ctrl &= ~(E1000_CTRL_LRST | E1000_CTRL_ILOS | E1000_CTRL_VME | E1000_CTRL_PHY_RST);
	ctrl |= E1000_CTRL_SLU | E1000_CTRL_ASDE;
	wr32(e, E1000_CTRL, ctrl);
}

static const struct e1000_model *e1000_model_of(const struct pci_dev *pd)
{
	const struct e1000_model *m;

	for (m = e1000_models; m->em_name != NULL; m++)
		if (m->em_device == pd->pd_device)
			return m;
	return NULL;
}

static void e1000_log(struct e1000 *e, struct pci_dev *pd, const char *mac_from, bool irq)
{
	static const unsigned speeds[4] = { 10, 100, 1000, 1000 };
	const uint8_t *mac = e->e_nd.nd_mac;
	uint32_t status = rd32(e, E1000_STATUS);
	char name[16];

	pci_name(pd, name);
	kprintf("e1000 %s: %s: %s, %02x:%02x:%02x:%02x:%02x:%02x (%s), rings %u/%u, %s\n", name,
		e->e_nd.nd_name, e->e_model->em_name, mac[0], mac[1], mac[2], mac[3], mac[4],
		mac[5], mac_from, E1000_NRXD, E1000_NTXD,
		irq ? "interrupts" : "polled (no usable interrupt)");
	if (status & E1000_STATUS_LU)
		kprintf("e1000 %s: %s: link up, %u Mb/s %s duplex\n", name, e->e_nd.nd_name,
			speeds[E1000_STATUS_SPEED(status)],
			(status & E1000_STATUS_FD) ? "full" : "half");
	else
		kprintf("e1000 %s: %s: no link yet\n", name, e->e_nd.nd_name);
}

static int e1000_probe(struct pci_dev *pd)
{
	const struct pci_bar *bar = &pd->pd_bar[0];
	const char *mac_from;
	struct e1000 *e;
	bool irq;
	int err;

	if (e1000_count >= E1000_MAX_CARDS)
		return -ENOSPC;
	if (e1000_model_of(pd) == NULL)
		return -ENODEV;
	if (bar->pb_kind != PCI_BAR_MEM || bar->pb_base == 0 || bar->pb_size < E1000_REGS_LEN)
		return -ENODEV;
	e = kzalloc(sizeof(*e));
	if (e == NULL)
		return -ENOMEM;
	e->e_model = e1000_model_of(pd);
	e->e_regs = vmm_map_mmio(bar->pb_base, E1000_REGS_LEN);
	if (e->e_regs == NULL) {
		kfree(e);
		return -ENOMEM;
	}
	pci_enable(pd, false); /* registers, but no DMA before the reset */
	err = e1000_reset(e);
	if (err == 0)
		err = e1000_alloc_rings(e);
	if (err != 0) {
		/* Pages taken stay taken (boot only); the card was never given them. */
		kfree(e);
		return err;
	}
	pci_enable(pd, true);
	mac_from = e1000_read_mac(e);
	e->e_nd.nd_ops = &e1000_ops;
	e->e_nd.nd_priv = e;
	e1000_start_rings(e);
	e1000_start_link(e);
	/* MSI where the card has it (the 82574L), else the shared INTx line. */
	irq = pci_enable_msi(pd, e1000_intr, e) == 0 || pci_irq_attach(pd, e1000_intr, e) == 0;
	e->e_nd.nd_polled = !irq;
	e->e_nd.nd_link_down = !e1000_link_up(e);
	netdev_register(&e->e_nd);
	if (irq)
		wr32(e, E1000_IMS, E1000_IMS_OURS);
	pd->pd_drvdata = e;
	e1000_count++;
	e1000_log(e, pd, mac_from, irq);
	return 0;
}

const struct pci_driver e1000_pci_driver = {
	.pdr_name = "e1000",
	.pdr_ids = e1000_ids,
	.pdr_probe = e1000_probe,
};
