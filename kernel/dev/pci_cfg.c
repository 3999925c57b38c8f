/*
 * pci_cfg.c: reading a PCI function's configuration space: byte and word
 * access on top of dword access, the capability list and the BARs
 * (dev/pci.h).
 *
 * Everything here goes through a struct pci_cfg_io, so the same code runs
 * on real configuration space in the kernel and on a fake one in the host
 * tests (tests/host/test_pci.c).  The space is the hardware's (or a
 * hypervisor's) to fill, so no value read from it is trusted: capability
 * pointers may loop or point into the header, BAR masks may have holes,
 * and a 64-bit BAR may claim the slot after the last one.
 */
#include <dev/pci.h>
#include <stddef.h>

uint32_t pci_cfg_read32(const struct pci_cfg_io *io, unsigned off)
{
	return io->read32(io->ctx, off & 0xFC);
}

uint16_t pci_cfg_read16(const struct pci_cfg_io *io, unsigned off)
{
	return (uint16_t)(pci_cfg_read32(io, off) >> ((off & 2) * 8));
}

uint8_t pci_cfg_read8(const struct pci_cfg_io *io, unsigned off)
{
	return (uint8_t)(pci_cfg_read32(io, off) >> ((off & 3) * 8));
}

void pci_cfg_write32(const struct pci_cfg_io *io, unsigned off, uint32_t v)
{
	io->write32(io->ctx, off & 0xFC, v);
}

void pci_cfg_set_command(const struct pci_cfg_io *io, uint16_t cmd)
{
	pci_cfg_write32(io, PCI_COMMAND, cmd);
}

unsigned pci_cfg_caps(const struct pci_cfg_io *io, uint8_t *caps, unsigned max)
{
	uint64_t seen = 0; /* one bit per dword of the 256-byte space */
	unsigned n = 0, ptr;

	if (!(pci_cfg_read16(io, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return 0;
	ptr = pci_cfg_read8(io, PCI_CAP_PTR) & 0xFC;
	while (ptr >= 0x40 && n < max && !(seen & (1ull << (ptr >> 2)))) {
		seen |= 1ull << (ptr >> 2);
		caps[n++] = (uint8_t)ptr;
		ptr = pci_cfg_read8(io, ptr + 1) & 0xFC;
	}
	return n;
}

/* Write all ones to the BAR dword at off, read the mask back, restore it. */
static uint32_t bar_mask(const struct pci_cfg_io *io, unsigned off, uint32_t orig)
{
	uint32_t mask;

	pci_cfg_write32(io, off, ~0u);
	mask = pci_cfg_read32(io, off);
	pci_cfg_write32(io, off, orig);
	return mask;
}

/* An I/O BAR: its decoders may only implement the low 16 bits. */
static void bar_io(struct pci_bar *b, uint32_t val, uint32_t mask)
{
	uint64_t m = mask & ~3u;

	if (m == 0)
		return;
	if ((m & 0xFFFF0000u) == 0)
		m |= 0xFFFF0000u;
	b->pb_kind = PCI_BAR_IO;
	b->pb_base = val & ~3u;
	b->pb_size = m & -m; /* the lowest address bit the device decodes */
}

/* Decode BAR i: how many slots it takes (2 for a 64-bit one). */
static unsigned bar_probe(const struct pci_cfg_io *io, unsigned i, unsigned nbars,
			  struct pci_bar *b)
{
	unsigned off = PCI_BAR0 + 4 * i;
	uint32_t lo = pci_cfg_read32(io, off), hi = 0, lomask, himask = 0;
	bool is64 = (lo & 1) == 0 && ((lo >> 1) & 3) == 2;
	uint64_t mask;

	lomask = bar_mask(io, off, lo);
	if (lo & 1) {
		bar_io(b, lo, lomask);
		return 1;
	}
	if (is64) {
		if (i + 1 >= nbars)
			return 1; /* no room for the upper half: unusable */
		hi = pci_cfg_read32(io, off + 4);
		himask = bar_mask(io, off + 4, hi);
	}
	mask = (uint64_t)himask << 32 | (lomask & ~0xFu);
	if (!is64)
		mask &= 0xFFFFFFFFu;
	if (mask != 0) {
		b->pb_kind = PCI_BAR_MEM;
		b->pb_base = (uint64_t)hi << 32 | (lo & ~0xFu);
		b->pb_size = mask & -mask;
		b->pb_64 = is64;
		b->pb_prefetch = (lo & 8) != 0;
	}
	return is64 ? 2 : 1;
}

void pci_cfg_bars(const struct pci_cfg_io *io, unsigned nbars, struct pci_bar *bars)
{
	uint16_t cmd = pci_cfg_read16(io, PCI_COMMAND);
	unsigned i;

	for (i = 0; i < nbars; i++)
		bars[i] = (struct pci_bar){ .pb_kind = PCI_BAR_NONE };
	/* While a BAR holds all ones the device must not decode at that address. */
	pci_cfg_set_command(io, cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	for (i = 0; i < nbars;)
		i += bar_probe(io, i, nbars, &bars[i]);
	pci_cfg_set_command(io, cmd);
}
