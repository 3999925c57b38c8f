/*
 * virtio_caps.c: finding a modern virtio function's register blocks in
 * its PCI capability list (dev/virtio.h).  Pure code over a struct
 * pci_cfg_io, run on fake configuration spaces by the host tests.
 *
 * Each virtio capability (vendor id 0x09) reads:
 *	+0 cap_vndr  +1 cap_next  +2 cap_len  +3 cfg_type
 *	+4 bar       +8 offset (le32)  +12 length (le32)
 *	+16 notify_off_multiplier (le32, notify capability only)
 * The device fills all of it, so a capability that is too short, names a
 * BAR that is not an assigned memory BAR, or reaches past the BAR's end
 * is skipped, and the next one of its type may serve instead.
 */
#include <dev/virtio.h>
#include <sys/errno.h>

#define VIRTIO_CAP_LEN 16
#define VIRTIO_NOTIFY_CAP_LEN 20

static uint32_t min_length(unsigned type)
{
	switch (type) {
	case VIRTIO_PCI_CAP_COMMON_CFG: return VIRTIO_COMMON_LEN;
	case VIRTIO_PCI_CAP_NOTIFY_CFG: return 2;
	default: return 1;
	}
}

static struct virtio_region *region_of(struct virtio_pci_layout *l, unsigned type)
{
	switch (type) {
	case VIRTIO_PCI_CAP_COMMON_CFG: return &l->vl_common;
	case VIRTIO_PCI_CAP_NOTIFY_CFG: return &l->vl_notify;
	case VIRTIO_PCI_CAP_ISR_CFG: return &l->vl_isr;
	case VIRTIO_PCI_CAP_DEVICE_CFG: return &l->vl_device;
	default: return NULL; /* PCI_CFG access, shared memory, vendor: not used */
	}
}

static bool region_fits(const struct pci_bar *bars, unsigned bar, uint32_t off, uint32_t len)
{
	if (bar >= PCI_MAX_BARS || bars[bar].pb_kind != PCI_BAR_MEM || bars[bar].pb_base == 0)
		return false;
	return (uint64_t)off + len <= bars[bar].pb_size;
}

/* One capability at c: taken into out if it is a usable virtio block not yet found. */
static void parse_cap(const struct pci_cfg_io *io, unsigned c, const struct pci_bar *bars,
		      struct virtio_pci_layout *out)
{
	uint32_t head = pci_cfg_read32(io, c);
	unsigned cap_len = (head >> 16) & 0xFF, type = head >> 24, bar;
	struct virtio_region *r = region_of(out, type);
	uint32_t off, len;

	if (r == NULL || r->vr_found || cap_len < VIRTIO_CAP_LEN || c + cap_len > 256)
		return;
	if (type == VIRTIO_PCI_CAP_NOTIFY_CFG && cap_len < VIRTIO_NOTIFY_CAP_LEN)
		return;
	bar = pci_cfg_read8(io, c + 4);
	off = pci_cfg_read32(io, c + 8);
	len = pci_cfg_read32(io, c + 12);
	if (len < min_length(type) || !region_fits(bars, bar, off, len))
		return;
	*r = (struct virtio_region){ .vr_bar = (uint8_t)bar, .vr_off = off, .vr_len = len,
				     .vr_found = true };
	if (type == VIRTIO_PCI_CAP_NOTIFY_CFG)
		out->vl_notify_mult = pci_cfg_read32(io, c + 16);
}

int virtio_pci_parse_caps(const struct pci_cfg_io *io, const uint8_t *caps, unsigned ncaps,
			  const struct pci_bar *bars, struct virtio_pci_layout *out)
{
	unsigned i;

	*out = (struct virtio_pci_layout){ 0 };
	for (i = 0; i < ncaps; i++)
		if (pci_cfg_read8(io, caps[i]) == PCI_CAP_ID_VNDR && (caps[i] & 3) == 0)
			parse_cap(io, caps[i], bars, out);
	if (!out->vl_common.vr_found || !out->vl_notify.vr_found || !out->vl_isr.vr_found)
		return -ENODEV;
	return 0;
}
