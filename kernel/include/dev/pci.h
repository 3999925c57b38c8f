/*
 * pci.h: the PCI bus (kernel/dev/pci.c) and the pure configuration-space
 * parsing it is built on (kernel/dev/pci_cfg.c, also run by the host tests).
 *
 * At boot pci_init() walks the buses from bus 0 through every PCI-to-PCI
 * bridge, records each function it finds (one struct pci_dev, never freed),
 * logs it in one line, and hands it to the first driver of pci_drivers[]
 * whose table names its vendor and device id.  A driver reaches its
 * function's configuration space only through pd_io, its BARs through
 * pd_bar (base and size, as the firmware assigned them), and its
 * interrupt through pci_irq_attach(), which hides how the line is routed
 * (the legacy INTx pin through the I/O APIC, or the 8259 with `noapic`),
 * or pci_enable_msi() where the function can signal by message.
 *
 * Locking: the device list is built once at boot, before any user process
 * exists, and only read afterwards.
 */
#ifndef DEV_PCI_H
#define DEV_PCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PCI_MAX_BARS 6
#define PCI_MAX_CAPS 48 /* (256 - 64) / 4: more would have to repeat */

/* Configuration-space registers (type 0 and type 1 headers). */
#define PCI_VENDOR_ID 0x00
#define PCI_COMMAND 0x04
#define PCI_STATUS 0x06
#define PCI_CLASS_REVISION 0x08
#define PCI_HEADER_TYPE 0x0E
#define PCI_BAR0 0x10
#define PCI_SECONDARY_BUS 0x19
#define PCI_SUBSYSTEM 0x2C
#define PCI_CAP_PTR 0x34
#define PCI_INTERRUPT_LINE 0x3C
#define PCI_INTERRUPT_PIN 0x3D

#define PCI_COMMAND_IO 0x0001
#define PCI_COMMAND_MEMORY 0x0002
#define PCI_COMMAND_MASTER 0x0004
#define PCI_COMMAND_INTX_DISABLE 0x0400
#define PCI_STATUS_CAP_LIST 0x0010

#define PCI_CAP_ID_VNDR 0x09

/* A function's configuration space, however it is reached. */
struct pci_cfg_io {
	uint32_t (*read32)(void *ctx, unsigned off);
	void (*write32)(void *ctx, unsigned off, uint32_t v);
	void *ctx;
};

enum pci_bar_kind { PCI_BAR_NONE, PCI_BAR_IO, PCI_BAR_MEM };

struct pci_bar {
	uint64_t pb_base;        /* bus address the firmware assigned (0: none) */
	uint64_t pb_size;        /* decoded size in bytes, a power of two */
	enum pci_bar_kind pb_kind;
	bool pb_64;              /* takes this slot and the next */
	bool pb_prefetch;
};

struct pci_driver;

struct pci_dev {
	uint8_t pd_bus, pd_slot, pd_fn;
	uint8_t pd_htype;                 /* header type, without the multi-function bit */
	uint16_t pd_vendor, pd_device;
	uint16_t pd_subvendor, pd_subdevice;
	uint32_t pd_class;                /* class << 16 | subclass << 8 | prog-if */
	uint8_t pd_rev;
	uint8_t pd_irq_line, pd_irq_pin;  /* as the firmware left them; pin 0: none */
	struct pci_bar pd_bar[PCI_MAX_BARS];
	uint8_t pd_caps[PCI_MAX_CAPS];    /* offsets of the capability list, in order */
	uint8_t pd_ncaps;
	struct pci_cfg_io pd_io;
	const struct pci_driver *pd_driver; /* the driver that took it, or NULL */
	void *pd_drvdata;
	struct pci_dev *pd_next;
};

struct pci_id {
	uint16_t pi_vendor, pi_device; /* a table ends with { 0, 0 } */
};

struct pci_driver {
	const char *pdr_name;
	const struct pci_id *pdr_ids;
	/* Take the function: 0, or -errno (the function stays unclaimed). */
	int (*pdr_probe)(struct pci_dev *pd);
};

/* Pure configuration-space parsing (pci_cfg.c). */
uint8_t pci_cfg_read8(const struct pci_cfg_io *io, unsigned off);
uint16_t pci_cfg_read16(const struct pci_cfg_io *io, unsigned off);
uint32_t pci_cfg_read32(const struct pci_cfg_io *io, unsigned off);
void pci_cfg_write32(const struct pci_cfg_io *io, unsigned off, uint32_t v);
/* Write the command register (the status half gets zeros, so no RW1C bit clears). */
void pci_cfg_set_command(const struct pci_cfg_io *io, uint16_t cmd);
/*
 * The capability list: its offsets, in order, into caps (at most max);
 * the walk stops at a pointer below 0x40 or one already seen, so a looped
 * or wild list ends.  Returns how many.
 */
unsigned pci_cfg_caps(const struct pci_cfg_io *io, uint8_t *caps, unsigned max);
/*
 * Decode and size the nbars BARs (6 for a type 0 header, 2 for a bridge),
 * with memory and I/O decoding off while the sizing writes are in place.
 * A 64-bit BAR fills its slot; the slot of its upper half reads PCI_BAR_NONE.
 */
void pci_cfg_bars(const struct pci_cfg_io *io, unsigned nbars, struct pci_bar *bars);

/* The bus (pci.c). */
void pci_init(void);
struct pci_dev *pci_devices(void);
/* Turn on memory (and I/O) decoding, bus mastering when asked, and INTx. */
void pci_enable(struct pci_dev *pd, bool bus_master);
/*
 * Call fn(arg) on pd's interrupt, with interrupts off; several functions
 * may share a line, so fn must check its device's own status.  0, or
 * -ENXIO when pd has no usable interrupt, -ENOMEM (the driver then polls).
 */
int pci_irq_attach(struct pci_dev *pd, void (*fn)(void *arg), void *arg);
/*
 * Call fn(arg) on pd's message-signalled interrupt (one vector, edge, not
 * shared) and turn INTx off; after pci_enable().  0, or -ENXIO when pd
 * has no MSI capability, -ENODEV when the machine runs on the 8259 (no
 * local APIC), -ENOSPC: the driver then falls back to pci_irq_attach().
 */
int pci_enable_msi(struct pci_dev *pd, void (*fn)(void *arg), void *arg);
/*
 * The same through MSI-X: table entry 0 (the only one used) calls fn(arg);
 * after pci_enable().  Errors as pci_enable_msi's.
 */
int pci_enable_msix(struct pci_dev *pd, void (*fn)(void *arg), void *arg);
/* "0000:bb:ss.f", the name the log and /proc/pci use (buf of 16 bytes). */
void pci_name(const struct pci_dev *pd, char *buf);
/* /proc/pci: one line per function; the length written (at most size - 1). */
long pci_proc_text(char *buf, size_t size);

#endif
