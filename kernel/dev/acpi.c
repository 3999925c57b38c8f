/*
 * acpi.c: finding this machine's ACPI tables at boot (dev/acpi.h).
 *
 * The RSDP comes from the boot loader when it can: GRUB copies it into a
 * multiboot2 tag (the ACPI 2.0 one wins), which is the only way to reach
 * it under UEFI.  Otherwise it is searched for where BIOSes leave it: the
 * first KiB of the EBDA, then 0xE0000-0xFFFFF.  From the RSDP the XSDT (or
 * RSDT) leads to the MADT, which acpi_tables.c parses.  Tables are mapped
 * through the MMIO window (they lie in reserved memory the direct map may
 * not cover); those windows are never reused, which acpi_find_table needs.
 *
 * Nothing here panics: no RSDP, a bad table, no I/O APIC, and the log says
 * why while acpi_madt() returns NULL, so the interrupt code keeps the PIC.
 */
#include <dev/acpi.h>
#include <kern/bootinfo.h>
#include <kern/kprintf.h>
#include <sys/errno.h>
#include <vm/vm.h>
#include <vm/vmm.h>

#define BDA_EBDA_SEG 0x40E
#define EBDA_LOW 0x80000
#define EBDA_HIGH 0xA0000
#define BIOS_ROM 0xE0000
#define BIOS_ROM_LEN 0x20000

static struct acpi_madt madt;
static bool madt_valid;

static const void *acpi_map(uint64_t pa, size_t len, void *ctx)
{
	(void)ctx;
	if (pa + len < pa || (pa + len) >> 52 != 0)
		return NULL;
	return vmm_map_mmio(pa, len);
}

/* The RSDP in the BIOS areas (low memory is in the direct map). */
static const uint8_t *acpi_rsdp_bios(void)
{
	uint16_t seg;
	uint64_t ebda;
	long off;

	__builtin_memcpy(&seg, PHYS_TO_VIRT(BDA_EBDA_SEG), sizeof(seg));
	ebda = (uint64_t)seg << 4;
	if (ebda >= EBDA_LOW && ebda + 1024 <= EBDA_HIGH) {
		off = acpi_rsdp_scan(PHYS_TO_VIRT(ebda), 1024);
		if (off >= 0)
			return (const uint8_t *)PHYS_TO_VIRT(ebda) + off;
	}
	off = acpi_rsdp_scan(PHYS_TO_VIRT(BIOS_ROM), BIOS_ROM_LEN);
	return off >= 0 ? (const uint8_t *)PHYS_TO_VIRT(BIOS_ROM) + off : NULL;
}

static int acpi_root(uint64_t *root, bool *xsdt)
{
	const uint8_t *r;

	if (boot_info.rsdp_len != 0) {
		if (acpi_rsdp_parse(boot_info.rsdp, boot_info.rsdp_len, root, xsdt) == 0)
			return 0;
		kprintf("acpi: the boot loader's RSDP is invalid; searching the BIOS areas\n");
	}
	r = acpi_rsdp_bios();
	if (r == NULL)
		return -1;
	return acpi_rsdp_parse(r, ACPI_RSDP_V2_LEN, root, xsdt);
}

static void acpi_log_madt(void)
{
	unsigned i;

	kprintf("acpi: MADT: local APIC at %#lx, %u CPU(s), %u I/O APIC(s)%s\n",
		(unsigned long)madt.am_lapic_addr, madt.am_nlapics, madt.am_nioapics,
		madt.am_pcat_compat ? ", 8259s present" : "");
	for (i = 0; i < madt.am_nioapics; i++)
		kprintf("acpi: I/O APIC %u at %#x, GSI base %u\n", madt.am_ioapics[i].ai_id,
			madt.am_ioapics[i].ai_addr, madt.am_ioapics[i].ai_gsi_base);
	for (i = 0; i < ACPI_ISA_IRQS; i++)
		if (madt.am_isa_override[i])
			kprintf("acpi: ISA IRQ %u -> GSI %u flags %#x\n", i, madt.am_isa_gsi[i],
				madt.am_isa_flags[i]);
}

void acpi_init(void)
{
	uint64_t root, pa;
	uint32_t len;
	const void *t;
	bool xsdt;
	int err;

	if (acpi_root(&root, &xsdt) != 0) {
		kprintf("acpi: no valid RSDP\n");
		return;
	}
	err = acpi_find_table(root, xsdt, "APIC", acpi_map, NULL, &pa, &len);
	if (err != 0) {
		kprintf("acpi: %s: %s\n", xsdt ? "XSDT" : "RSDT",
			err == -ENOENT ? "no MADT" : "bad table, ignored");
		return;
	}
	t = acpi_map(pa, len, NULL);
	if (t == NULL || acpi_madt_parse(t, len, &madt) != 0) {
		kprintf("acpi: MADT at %#lx is malformed, ignored\n", (unsigned long)pa);
		return;
	}
	madt_valid = true;
	acpi_log_madt();
}

const struct acpi_madt *acpi_madt(void)
{
	return madt_valid ? &madt : NULL;
}
