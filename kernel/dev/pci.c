/*
 * pci.c: finding the PCI functions at boot, giving them to their drivers,
 * and their legacy interrupts (dev/pci.h).
 *
 * The walk starts at bus 0 and follows each PCI-to-PCI bridge to the
 * secondary bus the firmware numbered for it (a bitmap of buses seen and
 * a depth limit end a looped or absurd topology); if function 0 of the
 * host bridge is multi-function, its other functions are the roots of
 * buses 1-7.  Each function is logged in one line, like Linux's
 *
 *	pci 0000:00:03.0: [1af4:1042] type 00 class 0x010000 irq 11
 *
 * Interrupts: a function's INTx pin reaches the CPU on the ISA line the
 * firmware wrote into its interrupt-line register (it programmed the
 * chipset's routing to match); the line is registered as a PCI one
 * (level-triggered) so that with the I/O APIC it is routed as such
 * (docs/interrupts.md).  PCI lines may be shared, so this file owns each
 * such line once (irq_register) and calls every attached handler in
 * turn; /proc/interrupts names every driver on it.  A driver whose
 * function has the MSI capability may ask for pci_enable_msi() first: a
 * vector of its own, no sharing, no INTx.
 */
#include <arch/arch.h>
#include <dev/pci.h>
#include <kern/irq.h>
#include <kern/kprintf.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include <vm/vmm.h>

#define PCI_MAX_DEPTH 16 /* bridges below bridges; real machines use a few */
#define PCI_ISA_LINES 16
#define PCI_LINE_NAME 48

#define PCI_CAP_ID_MSI 0x05
#define MSI_CTRL_ENABLE 0x0001
#define MSI_CTRL_MME 0x0070 /* multiple message enable: 0 = one vector */
#define MSI_CTRL_64BIT 0x0080
#define PCI_CAP_ID_MSIX 0x11
#define MSIX_CTRL_ENABLE 0x8000
#define MSIX_CTRL_FMASK 0x4000
#define MSIX_BIR_MASK 0x7
#define MSIX_ENTRY_SIZE 16

extern const struct pci_driver virtio_blk_pci_driver;
extern const struct pci_driver virtio_net_pci_driver;
extern const struct pci_driver ahci_pci_driver;
extern const struct pci_driver e1000_pci_driver;

/* The drivers, tried in order for every function; NULL ends the table. */
static const struct pci_driver *const pci_drivers[] = {
	&virtio_blk_pci_driver,
	&virtio_net_pci_driver,
	&ahci_pci_driver,
	&e1000_pci_driver,
	NULL,
};

static struct pci_dev *pci_list, **pci_tail = &pci_list;
static uint8_t pci_bus_seen[256 / 8];

struct pci_intx {
	void (*pi_fn)(void *arg);
	void *pi_arg;
	struct pci_intx *pi_next;
};

/* Handlers per ISA line; changed with interrupts off, walked by the interrupt. */
static struct pci_intx *pci_intx_lines[PCI_ISA_LINES];
/* The drivers on each line, as /proc/interrupts shows them. */
static char pci_line_names[PCI_ISA_LINES][PCI_LINE_NAME];

static uint32_t conf_read(void *ctx, unsigned off)
{
	struct pci_dev *pd = ctx;

	return arch_pci_conf_read(pd->pd_bus, pd->pd_slot, pd->pd_fn, off);
}

static void conf_write(void *ctx, unsigned off, uint32_t v)
{
	struct pci_dev *pd = ctx;

	arch_pci_conf_write(pd->pd_bus, pd->pd_slot, pd->pd_fn, off, v);
}

static uint16_t vendor_at(unsigned bus, unsigned slot, unsigned fn)
{
	return (uint16_t)arch_pci_conf_read(bus, slot, fn, PCI_VENDOR_ID);
}

void pci_name(const struct pci_dev *pd, char *buf)
{
	snprintf(buf, 16, "0000:%02x:%02x.%u", pd->pd_bus, pd->pd_slot, pd->pd_fn);
}

static void pci_read_header(struct pci_dev *pd)
{
	const struct pci_cfg_io *io = &pd->pd_io;
	uint32_t id = pci_cfg_read32(io, PCI_VENDOR_ID);
	uint32_t cr = pci_cfg_read32(io, PCI_CLASS_REVISION);

	pd->pd_vendor = (uint16_t)id;
	pd->pd_device = (uint16_t)(id >> 16);
	pd->pd_class = cr >> 8;
	pd->pd_rev = (uint8_t)cr;
	pd->pd_htype = pci_cfg_read8(io, PCI_HEADER_TYPE) & 0x7F;
	if (pd->pd_htype == 0) {
		uint32_t sub = pci_cfg_read32(io, PCI_SUBSYSTEM);

		pd->pd_subvendor = (uint16_t)sub;
		pd->pd_subdevice = (uint16_t)(sub >> 16);
	}
	if (pd->pd_htype <= 1) {
		pd->pd_irq_line = pci_cfg_read8(io, PCI_INTERRUPT_LINE);
		pd->pd_irq_pin = pci_cfg_read8(io, PCI_INTERRUPT_PIN);
		pci_cfg_bars(io, pd->pd_htype == 0 ? 6 : 2, pd->pd_bar);
	}
	pd->pd_ncaps = (uint8_t)pci_cfg_caps(io, pd->pd_caps, PCI_MAX_CAPS);
}

static void pci_log(const struct pci_dev *pd)
{
	char name[16];

	pci_name(pd, name);
	if (pd->pd_irq_pin != 0)
		kprintf("pci %s: [%04x:%04x] type %02x class %#08x irq %u (pin %c)\n", name,
			pd->pd_vendor, pd->pd_device, pd->pd_htype, pd->pd_class, pd->pd_irq_line,
			'A' + (pd->pd_irq_pin - 1) % 4);
	else
		kprintf("pci %s: [%04x:%04x] type %02x class %#08x\n", name, pd->pd_vendor,
			pd->pd_device, pd->pd_htype, pd->pd_class);
}

static void pci_scan_bus(unsigned bus, unsigned depth);

static void pci_add(unsigned bus, unsigned slot, unsigned fn, unsigned depth)
{
	struct pci_dev *pd = kzalloc(sizeof(*pd));

	if (pd == NULL) {
		kprintf("pci: no memory for %02x:%02x.%u\n", bus, slot, fn);
		return;
	}
	pd->pd_bus = (uint8_t)bus;
	pd->pd_slot = (uint8_t)slot;
	pd->pd_fn = (uint8_t)fn;
	pd->pd_io = (struct pci_cfg_io){ conf_read, conf_write, pd };
	pci_read_header(pd);
	pci_log(pd);
	*pci_tail = pd;
	pci_tail = &pd->pd_next;
	if (pd->pd_htype == 1)
		pci_scan_bus(pci_cfg_read8(&pd->pd_io, PCI_SECONDARY_BUS), depth + 1);
}

static void pci_scan_bus(unsigned bus, unsigned depth)
{
	unsigned slot, fn, nfn;

	if (depth > PCI_MAX_DEPTH || (pci_bus_seen[bus / 8] & (1u << (bus % 8))))
		return;
	pci_bus_seen[bus / 8] |= (uint8_t)(1u << (bus % 8));
	for (slot = 0; slot < 32; slot++) {
		if (vendor_at(bus, slot, 0) == 0xFFFF)
			continue;
		nfn = arch_pci_conf_read(bus, slot, 0, PCI_HEADER_TYPE & 0xFC) & 0x800000 ? 8 : 1;
		for (fn = 0; fn < nfn; fn++)
			if (vendor_at(bus, slot, fn) != 0xFFFF)
				pci_add(bus, slot, fn, depth);
	}
}

static bool pci_id_match(const struct pci_id *ids, const struct pci_dev *pd)
{
	for (; ids->pi_vendor != 0; ids++)
		if (ids->pi_vendor == pd->pd_vendor && ids->pi_device == pd->pd_device)
			return true;
	return false;
}

static void pci_probe(struct pci_dev *pd)
{
	char name[16];
	size_t i;
	int err;

	for (i = 0; pci_drivers[i] != NULL; i++) {
		const struct pci_driver *drv = pci_drivers[i];

		if (!pci_id_match(drv->pdr_ids, pd))
			continue;
		pd->pd_driver = drv; /* its name labels the interrupt the probe attaches */
		err = drv->pdr_probe(pd);
		if (err == 0)
			return;
		pd->pd_driver = NULL;
		pci_name(pd, name);
		kprintf("pci %s: %s: not taken (error %d)\n", name, drv->pdr_name, -err);
	}
}

void pci_init(void)
{
	struct pci_dev *pd;
	unsigned fn;

	pci_scan_bus(0, 0);
	/* A multi-function host bridge: function N is the root of bus N. */
	if (arch_pci_conf_read(0, 0, 0, PCI_HEADER_TYPE & 0xFC) & 0x800000)
		for (fn = 1; fn < 8; fn++)
			if (vendor_at(0, 0, fn) != 0xFFFF)
				pci_scan_bus(fn, 0);
	for (pd = pci_list; pd != NULL; pd = pd->pd_next)
		pci_probe(pd);
}

struct pci_dev *pci_devices(void)
{
	return pci_list;
}

void pci_enable(struct pci_dev *pd, bool bus_master)
{
	uint16_t cmd = pci_cfg_read16(&pd->pd_io, PCI_COMMAND);

	cmd |= PCI_COMMAND_MEMORY | PCI_COMMAND_IO;
	cmd &= (uint16_t)~PCI_COMMAND_INTX_DISABLE;
	if (bus_master)
		cmd |= PCI_COMMAND_MASTER;
	pci_cfg_set_command(&pd->pd_io, cmd);
}

/* The shared ISA line: every function attached to it checks its own device. */
static void pci_intx_dispatch(void *arg)
{
	struct pci_intx *h;

	for (h = pci_intx_lines[(uintptr_t)arg]; h != NULL; h = h->pi_next)
		h->pi_fn(h->pi_arg);
}

static const char *pci_drv_name(const struct pci_dev *pd)
{
	return pd->pd_driver != NULL ? pd->pd_driver->pdr_name : "pci";
}

/* Add pd's driver to the names of line (interrupts off). */
static void pci_line_name_add(unsigned line, const struct pci_dev *pd)
{
	char *names = pci_line_names[line];
	size_t n = strlen(names);

	snprintf(names + n, PCI_LINE_NAME - n, n == 0 ? "%s" : ", %s", pci_drv_name(pd));
}

int pci_irq_attach(struct pci_dev *pd, void (*fn)(void *arg), void *arg)
{
	unsigned line = pd->pd_irq_line;
	struct pci_intx *h;
	unsigned long fl;
	bool first;
	int err = 0;

	/* Pin 0: no INTx; line 0xFF: "unknown"; 0 and 2 are the timer and the cascade. */
	if (pd->pd_irq_pin == 0 || pd->pd_irq_pin > 4 || line >= PCI_ISA_LINES || line == 0 ||
	    line == 2)
		return -ENXIO;
	h = kzalloc(sizeof(*h));
	if (h == NULL)
		return -ENOMEM;
	h->pi_fn = fn;
	h->pi_arg = arg;
	fl = arch_irq_save();
	first = pci_intx_lines[line] == NULL;
	h->pi_next = pci_intx_lines[line];
	pci_intx_lines[line] = h;
	if (first)
		err = irq_register(line, IRQ_PCI, pci_intx_dispatch, (void *)(uintptr_t)line,
				   pci_line_names[line]);
	if (err != 0)
		pci_intx_lines[line] = NULL; /* a non-PCI driver owns the line, or no route */
	else
		pci_line_name_add(line, pd);
	arch_irq_restore(fl);
	if (err != 0) {
		kfree(h);
		return -ENXIO;
	}
	return 0;
}

static int pci_find_cap(const struct pci_dev *pd, unsigned id)
{
	unsigned i;

	for (i = 0; i < pd->pd_ncaps; i++)
		if (pci_cfg_read8(&pd->pd_io, pd->pd_caps[i]) == id)
			return pd->pd_caps[i];
	return -1;
}

int pci_enable_msi(struct pci_dev *pd, void (*fn)(void *arg), void *arg)
{
	const struct pci_cfg_io *io = &pd->pd_io;
	uint64_t addr;
	uint32_t data, ctl;
	int cap, irq;
	char name[16];

	cap = pci_find_cap(pd, PCI_CAP_ID_MSI);
	if (cap < 0)
		return -ENXIO;
	irq = irq_register_msi(fn, arg, pci_drv_name(pd), &addr, &data);
	if (irq < 0)
		return irq;
	/* Off while the message changes; one vector; then the message, then on. */
	ctl = pci_cfg_read32(io, (unsigned)cap);
	ctl &= ~((uint32_t)(MSI_CTRL_ENABLE | MSI_CTRL_MME) << 16);
	pci_cfg_write32(io, (unsigned)cap, ctl);
	pci_cfg_write32(io, (unsigned)cap + 4, (uint32_t)addr);
	if (ctl & ((uint32_t)MSI_CTRL_64BIT << 16)) {
		pci_cfg_write32(io, (unsigned)cap + 8, (uint32_t)(addr >> 32));
		pci_cfg_write32(io, (unsigned)cap + 12, data);
	} else {
		pci_cfg_write32(io, (unsigned)cap + 8, data);
	}
	pci_cfg_write32(io, (unsigned)cap, ctl | ((uint32_t)MSI_CTRL_ENABLE << 16));
	pci_cfg_set_command(io, pci_cfg_read16(io, PCI_COMMAND) | PCI_COMMAND_INTX_DISABLE);
	pci_name(pd, name);
	kprintf("pci %s: MSI on interrupt %d\n", name, irq);
	return 0;
}

int pci_enable_msix(struct pci_dev *pd, void (*fn)(void *arg), void *arg)
{
	const struct pci_cfg_io *io = &pd->pd_io;
	volatile uint32_t *entry;
	const struct pci_bar *bar;
	uint32_t ctl, table;
	uint64_t addr;
	uint32_t data;
	int cap, irq;
	char name[16];

	cap = pci_find_cap(pd, PCI_CAP_ID_MSIX);
	if (cap < 0)
		return -ENXIO;
	table = pci_cfg_read32(io, (unsigned)cap + 4);
	if ((table & MSIX_BIR_MASK) >= PCI_MAX_BARS)
		return -ENXIO;
	bar = &pd->pd_bar[table & MSIX_BIR_MASK];
	table &= ~(uint32_t)MSIX_BIR_MASK;
	/* The table's first entry must lie in a memory BAR the firmware placed. */
	if (bar->pb_kind != PCI_BAR_MEM || bar->pb_base == 0 || bar->pb_size < MSIX_ENTRY_SIZE ||
	    table > bar->pb_size - MSIX_ENTRY_SIZE)
		return -ENXIO;
	entry = vmm_map_mmio(bar->pb_base + table, MSIX_ENTRY_SIZE);
	if (entry == NULL)
		return -ENOMEM;
	irq = irq_register_msi(fn, arg, pci_drv_name(pd), &addr, &data);
	if (irq < 0)
		return irq;
	/* Enabled with the whole function masked while entry 0 is written. */
	ctl = pci_cfg_read32(io, (unsigned)cap);
	pci_cfg_write32(io, (unsigned)cap, ctl | ((uint32_t)(MSIX_CTRL_ENABLE | MSIX_CTRL_FMASK) << 16));
	entry[0] = (uint32_t)addr;
	entry[1] = (uint32_t)(addr >> 32);
	entry[2] = data;
	entry[3] = 0; /* unmasked */
	ctl = (ctl | ((uint32_t)MSIX_CTRL_ENABLE << 16)) & ~((uint32_t)MSIX_CTRL_FMASK << 16);
	pci_cfg_write32(io, (unsigned)cap, ctl);
	pci_cfg_set_command(io, pci_cfg_read16(io, PCI_COMMAND) | PCI_COMMAND_INTX_DISABLE);
	pci_name(pd, name);
	kprintf("pci %s: MSI-X entry 0 on interrupt %d\n", name, irq);
	return 0;
}

static long bar_text(char *buf, size_t size, const struct pci_dev *pd)
{
	long n = 0;
	unsigned i;

	for (i = 0; i < PCI_MAX_BARS && (size_t)n < size; i++) {
		const struct pci_bar *b = &pd->pd_bar[i];

		if (b->pb_kind != PCI_BAR_NONE)
			n += snprintf(buf + n, size - (size_t)n, " bar%u=%s:%#lx+%#lx", i,
				      b->pb_kind == PCI_BAR_IO ? "io" : b->pb_64 ? "mem64" : "mem",
				      (unsigned long)b->pb_base, (unsigned long)b->pb_size);
	}
	return n;
}

long pci_proc_text(char *buf, size_t size)
{
	const struct pci_dev *pd;
	char name[16];
	long n = 0;

	for (pd = pci_list; pd != NULL && (size_t)n < size; pd = pd->pd_next) {
		pci_name(pd, name);
		n += snprintf(buf + n, size - (size_t)n, "%s [%04x:%04x] class %#08x irq %u", name,
			      pd->pd_vendor, pd->pd_device, pd->pd_class,
			      pd->pd_irq_pin != 0 ? pd->pd_irq_line : 0);
		if ((size_t)n < size)
			n += bar_text(buf + n, size - (size_t)n, pd);
		if ((size_t)n < size)
			n += snprintf(buf + n, size - (size_t)n, " driver %s\n",
				      pd->pd_driver != NULL ? pd->pd_driver->pdr_name : "-");
	}
	return (size_t)n < size ? n : (long)size - 1;
}
