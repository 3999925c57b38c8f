/*
 * ahci.c: SATA disks behind an AHCI host bus adapter (AHCI 1.3; q35's ICH9
 * controller, 8086:2922): /dev/sda, /dev/sdb, ... (dev/blkdev.h).
 *
 * Each port with a SATA disk (signature 0x101, link up) gets one page of
 * its own: the command list (32 headers, of which slot 0 is used) at 0, the
 * received-FIS area at 1 KiB, and slot 0's command table (the command FIS
 * and one PRDT entry) at 2 KiB.  A request is one READ or WRITE DMA EXT
 * command of at most 64 KiB whose one PRDT entry names the caller's buffer
 * (direct map, physically contiguous, checked by blkdev.c).  The port's
 * mutex lets one command in at a time; the caller issues it and polls
 * PxCI, sleeping 1 ms between looks, so no interrupt is needed (MSI and
 * the I/O APIC come later).  ATAPI ports (the boot CD on q35) and empty
 * ports are left as the firmware set them.
 *
 * The controller is not trusted: a port beyond the BAR's size is skipped,
 * every wait is bounded (a command 10 s, engine start and stop 500 ms),
 * a task-file error or a timeout fails the request with EIO and restarts
 * the port, a short transfer is EIO, and IDENTIFY's sector count is
 * checked.  Register names stay here (generic code, memory-mapped I/O);
 * nothing is architecture-specific.
 */
#include <dev/blkdev.h>
#include <dev/pci.h>
#include <kern/clock.h>
#include <kern/kprintf.h>
#include <kern/mutex.h>
#include <kern/thread.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include <vm/pmm.h>
#include <vm/vm.h>
#include <vm/vmm.h>

#define AHCI_BAR 5
#define HBA_CAP 0x00
#define HBA_GHC 0x04
#define HBA_PI 0x0C
#define GHC_AE (1u << 31)
#define CAP_S64A (1u << 31)

#define PORT_BASE 0x100
#define PORT_SIZE 0x80
#define PX_CLB 0x00
#define PX_CLBU 0x04
#define PX_FB 0x08
#define PX_FBU 0x0C
#define PX_IS 0x10
#define PX_IE 0x14
#define PX_CMD 0x18
#define PX_TFD 0x20
#define PX_SIG 0x24
#define PX_SSTS 0x28
#define PX_SERR 0x30
#define PX_CI 0x38

#define CMD_ST (1u << 0)
#define CMD_FRE (1u << 4)
#define CMD_FR (1u << 14)
#define CMD_CR (1u << 15)
#define IS_TFES (1u << 30)
#define TFD_ERR 0x01
#define TFD_DRQ 0x08
#define TFD_BSY 0x80
#define SIG_SATA 0x00000101u
#define SSTS_DET_OK 3

#define ATA_IDENTIFY 0xEC
#define ATA_READ_DMA_EXT 0x25
#define ATA_WRITE_DMA_EXT 0x35
#define FIS_H2D 0x27

#define SECTOR 512
#define REQ_MAX (64 * 1024)
#define CMD_TIMEOUT_NS 10000000000ull
#define ENGINE_TIMEOUT_NS 500000000ull
#define POLL_NS 1000000ull
#define SPIN_LOOKS 200
#define SD_MAJOR 8      /* Linux's SCSI disks: sda is 8:0, sdb 8:16 */
#define SD_MINORS 16
#define AHCI_MAX_DISKS 16

/* Offsets in the port's page. */
#define PG_CLIST 0
#define PG_FIS 1024
#define PG_CTABLE 2048
#define CT_PRDT 0x80

struct ahci_cmdhdr {
	uint16_t flags;      /* CFL (dwords of the FIS) | W (bit 6) */
	uint16_t prdtl;
	volatile uint32_t prdbc;
	uint32_t ctba, ctbau;
	uint32_t rsvd[4];
};

struct ahci_prd {
	uint32_t dba, dbau, rsvd, dbc; /* dbc: bytes - 1 */
};

struct ahci_port {
	struct blkdev ap_bd;
	volatile uint8_t *ap_regs;
	uint8_t *ap_page;
	paddr_t ap_page_pa;
	bool ap_s64a;
	struct mutex ap_lock;
	unsigned ap_num;
};

static const struct pci_id ahci_ids[] = {
	{ 0x8086, 0x2922 }, /* ICH9 (q35) */
	{ 0, 0 },
};

static unsigned ahci_disks;

static uint32_t rd(struct ahci_port *p, unsigned off)
{
	return *(volatile uint32_t *)(p->ap_regs + off);
}

static void wr(struct ahci_port *p, unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(p->ap_regs + off) = v;
}

/* Wait until (reg & mask) == want, at most ns: 0 or -ETIMEDOUT. */
static int wait_reg(struct ahci_port *p, unsigned off, uint32_t mask, uint32_t want, uint64_t ns)
{
	uint64_t end = clock_monotonic_ns() + ns;
	int i;

	for (;;) {
		for (i = 0; i < SPIN_LOOKS; i++)
			if ((rd(p, off) & mask) == want)
				return 0;
		if (clock_monotonic_ns() > end)
			return -ETIMEDOUT;
		(void)sleep_on(p, clock_monotonic_ns() + POLL_NS);
	}
}

static int port_stop(struct ahci_port *p)
{
	wr(p, PX_CMD, rd(p, PX_CMD) & ~CMD_ST);
	if (wait_reg(p, PX_CMD, CMD_CR, 0, ENGINE_TIMEOUT_NS) != 0)
		return -EIO;
	wr(p, PX_CMD, rd(p, PX_CMD) & ~CMD_FRE);
	return wait_reg(p, PX_CMD, CMD_FR, 0, ENGINE_TIMEOUT_NS) != 0 ? -EIO : 0;
}

/* Point the port at its page, clear its errors and start it: 0 or -EIO. */
static int port_start(struct ahci_port *p)
{
	uint64_t clb = p->ap_page_pa + PG_CLIST, fb = p->ap_page_pa + PG_FIS;

	if (port_stop(p) != 0)
		return -EIO;
	wr(p, PX_CLB, (uint32_t)clb);
	wr(p, PX_CLBU, (uint32_t)(clb >> 32));
	wr(p, PX_FB, (uint32_t)fb);
	wr(p, PX_FBU, (uint32_t)(fb >> 32));
	wr(p, PX_SERR, 0xFFFFFFFFu);
	wr(p, PX_IS, 0xFFFFFFFFu);
	wr(p, PX_IE, 0); /* polled */
	wr(p, PX_CMD, rd(p, PX_CMD) | CMD_FRE);
	if (wait_reg(p, PX_TFD, TFD_BSY | TFD_DRQ, 0, ENGINE_TIMEOUT_NS) != 0)
		return -EIO;
	wr(p, PX_CMD, rd(p, PX_CMD) | CMD_ST);
	return 0;
}

/* Run one command in slot 0 with buf (bytes, may be 0) as its data: 0 or -EIO. */
static int port_command(struct ahci_port *p, uint8_t cmd, uint64_t lba, uint16_t count,
			void *buf, uint32_t bytes, bool write)
{
	struct ahci_cmdhdr *h = (struct ahci_cmdhdr *)(p->ap_page + PG_CLIST);
	uint8_t *fis = p->ap_page + PG_CTABLE;
	struct ahci_prd *prd = (struct ahci_prd *)(fis + CT_PRDT);
	uint64_t ct = p->ap_page_pa + PG_CTABLE, pa = VIRT_TO_PHYS(buf);
	int err = 0;

	if ((!p->ap_s64a && pa + bytes > (1ull << 32)) || (pa & 1) != 0 || bytes > REQ_MAX)
		return -EIO;
	memset(fis, 0, CT_PRDT + sizeof(*prd));
	fis[0] = FIS_H2D;
	fis[1] = 0x80; /* a command, not a control update */
	fis[2] = cmd;
	fis[4] = (uint8_t)lba;
	fis[5] = (uint8_t)(lba >> 8);
	fis[6] = (uint8_t)(lba >> 16);
	fis[7] = 0x40; /* LBA addressing */
	fis[8] = (uint8_t)(lba >> 24);
	fis[9] = (uint8_t)(lba >> 32);
	fis[10] = (uint8_t)(lba >> 40);
	fis[12] = (uint8_t)count;
	fis[13] = (uint8_t)(count >> 8);
	prd->dba = (uint32_t)pa;
	prd->dbau = (uint32_t)(pa >> 32);
	prd->dbc = bytes - 1;
	memset(h, 0, sizeof(*h));
	h->flags = 5 | (write ? 1u << 6 : 0);
	h->prdtl = bytes > 0 ? 1 : 0;
	h->ctba = (uint32_t)ct;
	h->ctbau = (uint32_t)(ct >> 32);
	__atomic_thread_fence(__ATOMIC_SEQ_CST); /* the table before the doorbell */
	wr(p, PX_IS, 0xFFFFFFFFu);
	wr(p, PX_CI, 1);
	if (wait_reg(p, PX_CI, 1, 0, CMD_TIMEOUT_NS) != 0) {
		kprintf("ahci %s: command %#x timed out\n", p->ap_bd.bd_name, cmd);
		err = -EIO;
	} else if ((rd(p, PX_IS) & IS_TFES) || (rd(p, PX_TFD) & TFD_ERR)) {
		kprintf("ahci %s: command %#x at %lu failed (status %#x)\n", p->ap_bd.bd_name, cmd,
			(unsigned long)lba, rd(p, PX_TFD) & 0xFF);
		err = -EIO;
	} else if (!write && h->prdbc != bytes) {
		kprintf("ahci %s: read of %u bytes moved %u\n", p->ap_bd.bd_name, bytes, h->prdbc);
		err = -EIO;
	}
	if (err != 0 && port_start(p) != 0)
		kprintf("ahci %s: the port does not restart\n", p->ap_bd.bd_name);
	return err;
}

static int ahci_rw(struct blkdev *bd, bool write, uint64_t sector, void *buf, uint32_t count)
{
	struct ahci_port *p = bd->bd_priv;
	int err;

	mutex_lock(&p->ap_lock);
	err = port_command(p, write ? ATA_WRITE_DMA_EXT : ATA_READ_DMA_EXT, sector,
			   (uint16_t)count, buf, count * SECTOR, write);
	mutex_unlock(&p->ap_lock);
	return err;
}

static const struct blkdev_ops ahci_ops = {
	.bo_rw = ahci_rw,
};

/* IDENTIFY DEVICE: the disk's size in sectors, or 0. */
static uint64_t identify(struct ahci_port *p)
{
	uint16_t *id = kmalloc(SECTOR);
	uint64_t n = 0;

	if (id != NULL && port_command(p, ATA_IDENTIFY, 0, 0, id, SECTOR, false) == 0) {
		if (id[83] & (1u << 10)) /* 48-bit addressing */
			n = (uint64_t)id[100] | (uint64_t)id[101] << 16 | (uint64_t)id[102] << 32 |
			    (uint64_t)id[103] << 48;
		else
			n = (uint64_t)id[60] | (uint64_t)id[61] << 16;
		if ((id[106] & 0xC000) == 0x4000 && (id[106] & (1u << 12)))
			n = 0; /* word 106 valid and logical sectors over 512 bytes: not handled */
	}
	kfree(id);
	return n;
}

/* Set up port i of the HBA at regs if it holds a SATA disk. */
static void port_probe(struct pci_dev *pd, volatile uint8_t *hba, unsigned i, bool s64a)
{
	struct ahci_port *p;
	char name[16];
	paddr_t pa;

	if (ahci_disks >= AHCI_MAX_DISKS)
		return;
	p = kzalloc(sizeof(*p));
	pa = pmm_alloc_zeroed();
	if (p == NULL || pa == 0) {
		kfree(p);
		if (pa != 0)
			pmm_free(pa);
		return;
	}
	p->ap_regs = hba + PORT_BASE + i * PORT_SIZE;
	p->ap_num = i;
	p->ap_page = PHYS_TO_VIRT(pa);
	p->ap_page_pa = pa;
	p->ap_s64a = s64a;
	snprintf(p->ap_bd.bd_name, sizeof(p->ap_bd.bd_name), "sd%c", 'a' + ahci_disks);
	if ((rd(p, PX_SSTS) & 0xF) != SSTS_DET_OK || rd(p, PX_SIG) != SIG_SATA)
		goto skip; /* empty, or ATAPI (the boot CD): left alone */
	if (!s64a && pa + PAGE_SIZE > (1ull << 32))
		goto skip;
	if (port_start(p) != 0 || (p->ap_bd.bd_nsectors = identify(p)) == 0) {
		kprintf("ahci: port %u: the disk does not start or identify\n", i);
		(void)port_stop(p);
		goto skip;
	}
	p->ap_bd.bd_sector_size = SECTOR;
	p->ap_bd.bd_max_sectors = REQ_MAX / SECTOR;
	p->ap_bd.bd_ops = &ahci_ops;
	p->ap_bd.bd_priv = p;
	pci_name(pd, name);
	kprintf("ahci %s: port %u: %s: %lu sectors (%lu MiB), polled\n", name, i,
		p->ap_bd.bd_name, (unsigned long)p->ap_bd.bd_nsectors,
		(unsigned long)(p->ap_bd.bd_nsectors >> 11));
	blkdev_add_disk(&p->ap_bd, MKDEV(SD_MAJOR, SD_MINORS * ahci_disks));
	ahci_disks++;
	return;
skip:
	pmm_free(pa);
	kfree(p);
}

static int ahci_probe(struct pci_dev *pd)
{
	const struct pci_bar *bar = &pd->pd_bar[AHCI_BAR];
	volatile uint8_t *hba;
	uint32_t cap, pi;
	unsigned i;

	if (bar->pb_kind != PCI_BAR_MEM || bar->pb_base == 0 || bar->pb_size < PORT_BASE)
		return -ENODEV;
	pci_enable(pd, true);
	hba = vmm_map_mmio(bar->pb_base, bar->pb_size);
	if (hba == NULL)
		return -ENOMEM;
	*(volatile uint32_t *)(hba + HBA_GHC) |= GHC_AE;
	cap = *(volatile uint32_t *)(hba + HBA_CAP);
	pi = *(volatile uint32_t *)(hba + HBA_PI);
	for (i = 0; i < 32; i++)
		if ((pi & (1u << i)) && PORT_BASE + (i + 1) * PORT_SIZE <= bar->pb_size)
			port_probe(pd, hba, i, (cap & CAP_S64A) != 0);
	return 0;
}

const struct pci_driver ahci_pci_driver = {
	.pdr_name = "ahci",
	.pdr_ids = ahci_ids,
	.pdr_probe = ahci_probe,
};
