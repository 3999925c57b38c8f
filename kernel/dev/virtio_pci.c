/*
 * virtio_pci.c: the virtio 1.0 PCI transport (dev/virtio.h): mapping a
 * function's register blocks, the status handshake of initialisation
 * (3.1: reset, ACKNOWLEDGE, DRIVER, features, FEATURES_OK, queues,
 * DRIVER_OK), the queues, their doorbells and the ISR byte, and the
 * queues' MSI-X entry when the driver asks for MSI-X.
 *
 * Memory ownership: the queue's rings are pages of the physical allocator
 * and its private array is kmalloc'd; the device holds their addresses
 * from virtio_pci_setup_queue() until a reset, so they are never freed
 * while the device may still be using them (a device object lives until
 * the machine stops).  The register blocks are mapped uncached in the
 * MMIO window and never unmapped.
 *
 * The device is not trusted: the notify offset it gives is checked
 * against the notification block, the queue size is clamped, and a
 * reset that never completes is given up on with a message.
 */
#include <dev/virtio.h>
#include <kern/kprintf.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include <vm/pmm.h>
#include <vm/vmm.h>

#define RESET_SPINS 1000000
#define CONFIG_RETRIES 16

static uint8_t rd8(struct virtio_pci *vp, unsigned off)
{
	return vp->vp_common[off];
}

static uint16_t rd16(struct virtio_pci *vp, unsigned off)
{
	return *(volatile uint16_t *)(vp->vp_common + off);
}

static uint32_t rd32(struct virtio_pci *vp, unsigned off)
{
	return *(volatile uint32_t *)(vp->vp_common + off);
}

static void wr8(struct virtio_pci *vp, unsigned off, uint8_t v)
{
	vp->vp_common[off] = v;
}

static void wr16(struct virtio_pci *vp, unsigned off, uint16_t v)
{
	*(volatile uint16_t *)(vp->vp_common + off) = v;
}

static void wr32(struct virtio_pci *vp, unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(vp->vp_common + off) = v;
}

/* A 64-bit field as two 32-bit halves, which 4.1.3.1 allows. */
static void wr64(struct virtio_pci *vp, unsigned off, uint64_t v)
{
	wr32(vp, off, (uint32_t)v);
	wr32(vp, off + 4, (uint32_t)(v >> 32));
}

static volatile uint8_t *map_region(struct pci_dev *pd, const struct virtio_region *r,
				    uint32_t len)
{
	return vmm_map_mmio(pd->pd_bar[r->vr_bar].pb_base + r->vr_off, len);
}

int virtio_pci_open(struct pci_dev *pd, struct virtio_pci *vp)
{
	struct virtio_pci_layout l;
	int err;

	err = virtio_pci_parse_caps(&pd->pd_io, pd->pd_caps, pd->pd_ncaps, pd->pd_bar, &l);
	if (err != 0)
		return err;
	memset(vp, 0, sizeof(*vp));
	vp->vp_pci = pd;
	vp->vp_qvector = VIRTIO_NO_VECTOR;
	vp->vp_common = map_region(pd, &l.vl_common, VIRTIO_COMMON_LEN);
	vp->vp_isr = map_region(pd, &l.vl_isr, 1);
	if (l.vl_device.vr_found) {
		vp->vp_device_len = l.vl_device.vr_len < PAGE_SIZE ? l.vl_device.vr_len : PAGE_SIZE;
		vp->vp_device = map_region(pd, &l.vl_device, vp->vp_device_len);
		if (vp->vp_device == NULL)
			return -ENOMEM;
	}
	if (vp->vp_common == NULL || vp->vp_isr == NULL)
		return -ENOMEM;
	vp->vp_notify_base = pd->pd_bar[l.vl_notify.vr_bar].pb_base + l.vl_notify.vr_off;
	vp->vp_notify_len = l.vl_notify.vr_len;
	vp->vp_notify_mult = l.vl_notify_mult;
	/* Registers first; DMA only once the reset has made the device forget old queues. */
	pci_enable(pd, false);
	virtio_pci_reset(vp);
	pci_enable(pd, true);
	return 0;
}

void virtio_pci_reset(struct virtio_pci *vp)
{
	unsigned i;

	wr8(vp, VIRTIO_COMMON_STATUS, 0);
	for (i = 0; i < RESET_SPINS && rd8(vp, VIRTIO_COMMON_STATUS) != 0; i++)
		;
	if (i == RESET_SPINS)
		kprintf("virtio: device does not finish its reset\n");
}

void virtio_pci_add_status(struct virtio_pci *vp, uint8_t bits)
{
	wr8(vp, VIRTIO_COMMON_STATUS, rd8(vp, VIRTIO_COMMON_STATUS) | bits);
}

int virtio_pci_negotiate(struct virtio_pci *vp, uint64_t want)
{
	uint64_t offered, take;

	virtio_pci_add_status(vp, VIRTIO_STATUS_ACKNOWLEDGE);
	virtio_pci_add_status(vp, VIRTIO_STATUS_DRIVER);
	wr32(vp, VIRTIO_COMMON_DFSELECT, 0);
	offered = rd32(vp, VIRTIO_COMMON_DF);
	wr32(vp, VIRTIO_COMMON_DFSELECT, 1);
	offered |= (uint64_t)rd32(vp, VIRTIO_COMMON_DF) << 32;
	if (!(offered & VIRTIO_F_VERSION_1))
		goto fail;
	take = offered & (want | VIRTIO_F_VERSION_1);
	wr32(vp, VIRTIO_COMMON_GFSELECT, 0);
	wr32(vp, VIRTIO_COMMON_GF, (uint32_t)take);
	wr32(vp, VIRTIO_COMMON_GFSELECT, 1);
	wr32(vp, VIRTIO_COMMON_GF, (uint32_t)(take >> 32));
	virtio_pci_add_status(vp, VIRTIO_STATUS_FEATURES_OK);
	if (!(rd8(vp, VIRTIO_COMMON_STATUS) & VIRTIO_STATUS_FEATURES_OK))
		goto fail;
	vp->vp_features = take;
	return 0;
fail:
	virtio_pci_add_status(vp, VIRTIO_STATUS_FAILED);
	return -ENODEV;
}

/* The largest power of two at most n (n >= 1). */
static unsigned pow2_floor(unsigned n)
{
	unsigned p = 1;

	while (p * 2 <= n)
		p *= 2;
	return p;
}

int virtio_pci_setup_queue(struct virtio_pci *vp, unsigned idx, unsigned max, struct virtq *q)
{
	unsigned size, front, npages;
	uint64_t noff;
	paddr_t pa;
	void *priv;

	if (idx >= VIRTIO_PCI_MAX_QUEUES || idx >= rd16(vp, VIRTIO_COMMON_NUMQ))
		return -ENODEV;
	wr16(vp, VIRTIO_COMMON_Q_SELECT, (uint16_t)idx);
	size = rd16(vp, VIRTIO_COMMON_Q_SIZE);
	if (size == 0)
		return -ENODEV;
	size = pow2_floor(size < max ? size : max);
	noff = (uint64_t)rd16(vp, VIRTIO_COMMON_Q_NOFF) * vp->vp_notify_mult;
	if (noff + 2 > vp->vp_notify_len)
		return -ENODEV;
	vp->vp_qnotify[idx] = vmm_map_mmio(vp->vp_notify_base + noff, 2);
	front = (unsigned)PAGE_ROUND_UP(virtq_desc_bytes(size) + virtq_avail_bytes(size));
	npages = (front + (unsigned)PAGE_ROUND_UP(virtq_used_bytes(size))) / PAGE_SIZE;
	priv = kzalloc(virtq_priv_bytes(size));
	pa = pmm_alloc_contig(npages);
	if (vp->vp_qnotify[idx] == NULL || priv == NULL || pa == 0) {
		kfree(priv);
		if (pa != 0)
			pmm_free_contig(pa, npages);
		return -ENOMEM;
	}
	memset(PHYS_TO_VIRT(pa), 0, npages * PAGE_SIZE);
	virtq_init(q, size, PHYS_TO_VIRT(pa), PHYS_TO_VIRT(pa + virtq_desc_bytes(size)),
		   PHYS_TO_VIRT(pa + front), priv);
	wr16(vp, VIRTIO_COMMON_Q_SIZE, (uint16_t)size);
	wr16(vp, VIRTIO_COMMON_Q_MSIX, vp->vp_qvector);
	if (rd16(vp, VIRTIO_COMMON_Q_MSIX) != vp->vp_qvector) {
		kprintf("virtio: queue %u refused MSI-X entry %u\n", idx, vp->vp_qvector);
		kfree(priv);
		pmm_free_contig(pa, npages);
		return -ENODEV;
	}
	wr64(vp, VIRTIO_COMMON_Q_DESC, pa);
	wr64(vp, VIRTIO_COMMON_Q_AVAIL, pa + virtq_desc_bytes(size));
	wr64(vp, VIRTIO_COMMON_Q_USED, pa + front);
	wr16(vp, VIRTIO_COMMON_Q_ENABLE, 1);
	return 0;
}

int virtio_pci_use_msix(struct virtio_pci *vp, void (*fn)(void *arg), void *arg)
{
	int err = pci_enable_msix(vp->vp_pci, fn, arg);

	if (err == 0) {
		wr16(vp, VIRTIO_COMMON_MSIX, VIRTIO_NO_VECTOR);
		vp->vp_qvector = 0;
	}
	return err;
}

void virtio_pci_notify(struct virtio_pci *vp, unsigned idx)
{
	*vp->vp_qnotify[idx] = (uint16_t)idx;
}

uint8_t virtio_pci_isr(struct virtio_pci *vp)
{
	return *vp->vp_isr;
}

uint32_t virtio_pci_config32(struct virtio_pci *vp, unsigned off)
{
	if (vp->vp_device == NULL || (off & 3) != 0 || off + 4 > vp->vp_device_len)
		return 0;
	return *(volatile uint32_t *)(vp->vp_device + off);
}

uint64_t virtio_pci_config64(struct virtio_pci *vp, unsigned off)
{
	uint32_t lo = 0, hi = 0;
	uint8_t gen;
	unsigned i;

	for (i = 0; i < CONFIG_RETRIES; i++) {
		gen = rd8(vp, VIRTIO_COMMON_CFGGEN);
		lo = virtio_pci_config32(vp, off);
		hi = virtio_pci_config32(vp, off + 4);
		if (rd8(vp, VIRTIO_COMMON_CFGGEN) == gen)
			break;
	}
	return (uint64_t)hi << 32 | lo;
}
