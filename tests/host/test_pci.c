/*
 * Unit tests of kernel/dev/pci_cfg.c and kernel/dev/virtio_caps.c on a
 * fake configuration space: BAR decoding and sizing (I/O, 32- and 64-bit
 * memory, unimplemented, a 64-bit BAR in the last slot, a mask with
 * holes, decoding off while sizing), capability lists (looped, wild,
 * absent), and the virtio capability walk with every way a device can
 * lie about its register blocks.  The fake asserts that nothing reads
 * past the 256-byte space.
 */
#include <stdint.h>
#include <string.h>

#include <dev/pci.h>
#include <dev/virtio.h>
#include <sys/errno.h>

#include "htest.h"

struct fake {
	uint8_t sp[256];
	uint32_t bar_wmask[6];     /* the bits a BAR dword lets software write */
	bool decoding_while_sizing;
	bool bad_access;
};

static uint32_t fake_read(void *ctx, unsigned off)
{
	struct fake *f = ctx;
	uint32_t v;

	if (off > 252 || (off & 3) != 0) {
		f->bad_access = true;
		return ~0u;
	}
	memcpy(&v, f->sp + off, 4);
	return v;
}

static void fake_write(void *ctx, unsigned off, uint32_t v)
{
	struct fake *f = ctx;
	uint32_t cur;

	if (off > 252 || (off & 3) != 0) {
		f->bad_access = true;
		return;
	}
	memcpy(&cur, f->sp + off, 4);
	if (off >= PCI_BAR0 && off < PCI_BAR0 + 24) {
		uint32_t m = f->bar_wmask[(off - PCI_BAR0) / 4];

		if (v == ~0u && (f->sp[PCI_COMMAND] & (PCI_COMMAND_IO | PCI_COMMAND_MEMORY)))
			f->decoding_while_sizing = true;
		v = (v & m) | (cur & ~m);
	} else if (off == PCI_COMMAND) {
		v = (v & 0xFFFF) | (cur & 0xFFFF0000); /* status: RW1C, zeros leave it */
	}
	memcpy(f->sp + off, &v, 4);
}

static void put32(struct fake *f, unsigned off, uint32_t v)
{
	memcpy(f->sp + off, &v, 4);
}

static struct pci_cfg_io io_of(struct fake *f)
{
	return (struct pci_cfg_io){ fake_read, fake_write, f };
}

/* A BAR of the given size: its writable mask from the size, the value from base | flags. */
static void bar(struct fake *f, unsigned i, uint32_t val, uint32_t wmask)
{
	put32(f, PCI_BAR0 + 4 * i, val);
	f->bar_wmask[i] = wmask;
}

HTEST(pci, bars_decoded_and_sized)
{
	static struct fake f;
	struct pci_cfg_io io = io_of(&f);
	struct pci_bar b[6];

	memset(&f, 0, sizeof(f));
	f.sp[PCI_COMMAND] = PCI_COMMAND_IO | PCI_COMMAND_MEMORY;
	bar(&f, 0, 0xC001, 0x0000FFC0);                 /* I/O, 64 bytes, 16-bit decoder */
	bar(&f, 1, 0xFEBD1000, 0xFFFFF000);             /* 32-bit memory, 4 KiB */
	bar(&f, 2, 0, 0);                               /* not implemented */
	bar(&f, 3, 0xFE000000, 0xF0F00000);             /* mask with holes: lowest bit wins */
	bar(&f, 4, 0x0000000C, 0xFFFFC000);             /* 64-bit prefetchable, 16 KiB ... */
	bar(&f, 5, 0x00000008, 0xFFFFFFFF);             /* ... at 0x8_0000_0000 */
	pci_cfg_bars(&io, 6, b);
	HCHECK(!f.bad_access && !f.decoding_while_sizing);
	HCHECK(b[0].pb_kind == PCI_BAR_IO && b[0].pb_base == 0xC000 && b[0].pb_size == 0x40);
	HCHECK(b[1].pb_kind == PCI_BAR_MEM && b[1].pb_base == 0xFEBD1000 && b[1].pb_size == 0x1000);
	HCHECK(!b[1].pb_64 && !b[1].pb_prefetch);
	HCHECK(b[2].pb_kind == PCI_BAR_NONE);
	HCHECK(b[3].pb_kind == PCI_BAR_MEM && b[3].pb_size == 0x100000);
	HCHECK(b[4].pb_kind == PCI_BAR_MEM && b[4].pb_64 && b[4].pb_prefetch);
	HCHECK(b[4].pb_base == 0x800000000ull && b[4].pb_size == 0x4000);
	HCHECK(b[5].pb_kind == PCI_BAR_NONE);
	/* Values and the command register are as before. */
	HCHECK(fake_read(&f, PCI_BAR0 + 4) == 0xFEBD1000);
	HCHECK(fake_read(&f, PCI_BAR0 + 20) == 0x8);
	HCHECK(f.sp[PCI_COMMAND] == (PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
}

HTEST(pci, bar64_in_last_slot_is_unusable)
{
	static struct fake f;
	struct pci_cfg_io io = io_of(&f);
	struct pci_bar b[6];

	memset(&f, 0, sizeof(f));
	bar(&f, 5, 0xFE00000C, 0xFFFFC000);
	pci_cfg_bars(&io, 6, b);
	HCHECK(!f.bad_access);
	HCHECK(b[5].pb_kind == PCI_BAR_NONE);
	/* A bridge has two BARs: a 64-bit one in slot 1 has no upper half either. */
	memset(&f, 0, sizeof(f));
	bar(&f, 1, 0xFE00000C, 0xFFFFC000);
	pci_cfg_bars(&io, 2, b);
	HCHECK(b[1].pb_kind == PCI_BAR_NONE && b[0].pb_kind == PCI_BAR_NONE);
}

/* A capability list at the given offsets, each pointing to the next. */
static void caps(struct fake *f, const uint8_t *at, unsigned n, uint8_t last_next)
{
	unsigned i;

	f->sp[PCI_STATUS] |= PCI_STATUS_CAP_LIST;
	f->sp[PCI_CAP_PTR] = at[0];
	for (i = 0; i < n; i++) {
		f->sp[at[i]] = 0x05;
		f->sp[at[i] + 1] = i + 1 < n ? at[i + 1] : last_next;
	}
}

HTEST(pci, cap_list_walk)
{
	static struct fake f;
	struct pci_cfg_io io = io_of(&f);
	static const uint8_t at[] = { 0x40, 0x98, 0x50 };
	uint8_t out[PCI_MAX_CAPS];

	memset(&f, 0, sizeof(f));
	HCHECK(pci_cfg_caps(&io, out, PCI_MAX_CAPS) == 0); /* no list bit */
	caps(&f, at, 3, 0);
	HCHECK(pci_cfg_caps(&io, out, PCI_MAX_CAPS) == 3);
	HCHECK(out[0] == 0x40 && out[1] == 0x98 && out[2] == 0x50);
	HCHECK(pci_cfg_caps(&io, out, 2) == 2);
	/* The low two bits of a pointer are reserved: 0x9B means 0x98. */
	f.sp[0x41] = 0x9B;
	HCHECK(pci_cfg_caps(&io, out, PCI_MAX_CAPS) == 3 && out[1] == 0x98);
}

HTEST(pci, cap_list_loops_and_wild_pointers_end)
{
	static struct fake f;
	struct pci_cfg_io io = io_of(&f);
	static const uint8_t at[] = { 0x40, 0x50, 0x60 };
	uint8_t out[PCI_MAX_CAPS];

	memset(&f, 0, sizeof(f));
	caps(&f, at, 3, 0x50); /* 0x60 points back to 0x50 */
	HCHECK(pci_cfg_caps(&io, out, PCI_MAX_CAPS) == 3);
	caps(&f, at, 3, 0x60); /* points to itself */
	HCHECK(pci_cfg_caps(&io, out, PCI_MAX_CAPS) == 3);
	caps(&f, at, 3, 0x10); /* into the header */
	HCHECK(pci_cfg_caps(&io, out, PCI_MAX_CAPS) == 3);
	caps(&f, at, 3, 0xFF); /* the last byte */
	HCHECK(pci_cfg_caps(&io, out, PCI_MAX_CAPS) == 4 && out[3] == 0xFC);
	HCHECK(!f.bad_access);
}

/* A virtio capability at c: type, BAR, offset, length (and notify multiplier). */
static void vcap(struct fake *f, unsigned c, unsigned next, unsigned len, unsigned type,
		 unsigned bar_idx, uint32_t off, uint32_t length, uint32_t mult)
{
	f->sp[c] = PCI_CAP_ID_VNDR;
	f->sp[c + 1] = (uint8_t)next;
	f->sp[c + 2] = (uint8_t)len;
	f->sp[c + 3] = (uint8_t)type;
	f->sp[c + 4] = (uint8_t)bar_idx;
	put32(f, c + 8, off);
	put32(f, c + 12, length);
	if (len >= 20)
		put32(f, c + 16, mult);
}

/* QEMU's layout: four blocks of 4 KiB in a 16 KiB 64-bit BAR 4. */
static void virtio_fake(struct fake *f, struct pci_bar *b)
{
	memset(f, 0, sizeof(*f));
	memset(b, 0, sizeof(*b) * 6);
	b[4] = (struct pci_bar){ .pb_base = 0xFE000000, .pb_size = 0x4000,
				 .pb_kind = PCI_BAR_MEM, .pb_64 = true };
	b[1] = (struct pci_bar){ .pb_base = 0xC000, .pb_size = 0x40, .pb_kind = PCI_BAR_IO };
	f->sp[PCI_STATUS] = PCI_STATUS_CAP_LIST;
	f->sp[PCI_CAP_PTR] = 0x40;
	vcap(f, 0x40, 0x54, 16, VIRTIO_PCI_CAP_COMMON_CFG, 4, 0x0000, 0x1000, 0);
	vcap(f, 0x54, 0x64, 16, VIRTIO_PCI_CAP_ISR_CFG, 4, 0x1000, 0x1000, 0);
	vcap(f, 0x64, 0x74, 16, VIRTIO_PCI_CAP_DEVICE_CFG, 4, 0x2000, 0x1000, 0);
	vcap(f, 0x74, 0x00, 20, VIRTIO_PCI_CAP_NOTIFY_CFG, 4, 0x3000, 0x1000, 4);
}

static int parse(struct fake *f, const struct pci_bar *b, struct virtio_pci_layout *l)
{
	struct pci_cfg_io io = io_of(f);
	uint8_t list[PCI_MAX_CAPS];
	unsigned n = pci_cfg_caps(&io, list, PCI_MAX_CAPS);

	return virtio_pci_parse_caps(&io, list, n, b, l);
}

HTEST(virtio, caps_found)
{
	static struct fake f;
	struct pci_bar b[6];
	struct virtio_pci_layout l;

	virtio_fake(&f, b);
	HCHECK(parse(&f, b, &l) == 0);
	HCHECK(l.vl_common.vr_found && l.vl_common.vr_bar == 4 && l.vl_common.vr_off == 0);
	HCHECK(l.vl_isr.vr_found && l.vl_isr.vr_off == 0x1000);
	HCHECK(l.vl_device.vr_found && l.vl_device.vr_off == 0x2000 && l.vl_device.vr_len == 0x1000);
	HCHECK(l.vl_notify.vr_found && l.vl_notify.vr_off == 0x3000 && l.vl_notify_mult == 4);
	HCHECK(!f.bad_access);
}

HTEST(virtio, legacy_only_device_is_refused)
{
	static struct fake f;
	struct pci_bar b[6];
	struct virtio_pci_layout l;

	virtio_fake(&f, b);
	f.sp[PCI_STATUS] = 0; /* no capabilities at all */
	HCHECK(parse(&f, b, &l) == -ENODEV);
	virtio_fake(&f, b);
	f.sp[0x74 + 3] = 9; /* the notify capability becomes an unknown type */
	HCHECK(parse(&f, b, &l) == -ENODEV);
}

HTEST(virtio, blocks_outside_their_bar_are_skipped)
{
	static struct fake f;
	struct pci_bar b[6];
	struct virtio_pci_layout l;

	virtio_fake(&f, b);
	put32(&f, 0x40 + 8, 0x3800); /* common block crosses the BAR's end */
	HCHECK(parse(&f, b, &l) == -ENODEV);
	virtio_fake(&f, b);
	put32(&f, 0x40 + 8, 0xFFFFFFFF); /* offset + length wraps a 32-bit sum */
	put32(&f, 0x40 + 12, 0xFFFFFFFF);
	HCHECK(parse(&f, b, &l) == -ENODEV);
	virtio_fake(&f, b);
	f.sp[0x40 + 4] = 1; /* an I/O BAR */
	HCHECK(parse(&f, b, &l) == -ENODEV);
	virtio_fake(&f, b);
	f.sp[0x40 + 4] = 200; /* no such BAR */
	HCHECK(parse(&f, b, &l) == -ENODEV);
	virtio_fake(&f, b);
	b[4].pb_base = 0; /* not assigned by the firmware */
	HCHECK(parse(&f, b, &l) == -ENODEV);
	virtio_fake(&f, b);
	put32(&f, 0x40 + 12, 0x20); /* too short for the common registers */
	HCHECK(parse(&f, b, &l) == -ENODEV);
	HCHECK(!f.bad_access);
}

HTEST(virtio, short_caps_skipped_and_first_usable_wins)
{
	static struct fake f;
	struct pci_bar b[6];
	struct virtio_pci_layout l;

	virtio_fake(&f, b);
	f.sp[0x74 + 2] = 16; /* a notify capability without its multiplier */
	HCHECK(parse(&f, b, &l) == -ENODEV);
	/* A bad common block first, a good one later in the list: the good one. */
	virtio_fake(&f, b);
	put32(&f, 0x40 + 8, 0x3900);
	f.sp[0x74 + 1] = 0x90;
	vcap(&f, 0x90, 0xA0, 16, VIRTIO_PCI_CAP_COMMON_CFG, 4, 0x100, 0x100, 0);
	vcap(&f, 0xA0, 0x00, 16, VIRTIO_PCI_CAP_COMMON_CFG, 4, 0x200, 0x100, 0);
	HCHECK(parse(&f, b, &l) == 0 && l.vl_common.vr_off == 0x100);
	/* A capability whose length runs past the 256-byte space is not read. */
	virtio_fake(&f, b);
	f.sp[0x74 + 1] = 0xF8;
	f.sp[0xF8] = PCI_CAP_ID_VNDR;
	f.sp[0xF8 + 1] = 0;
	f.sp[0xF8 + 2] = 16;
	f.sp[0xF8 + 3] = VIRTIO_PCI_CAP_DEVICE_CFG;
	HCHECK(parse(&f, b, &l) == 0 && !f.bad_access);
}
