/*
 * acpi.h: the few ACPI tables Breenix reads (dev/acpi.c finds them,
 * dev/acpi_tables.c parses them and is also built by the host tests).
 *
 * Only the static tables: the RSDP, the RSDT or XSDT it points at, and the
 * MADT ("APIC"), which says where the local APIC and the I/O APICs are and
 * how the ISA interrupt lines reach the I/O APIC inputs (global system
 * interrupts, GSIs).  No AML: PCI interrupt routing comes from each
 * function's interrupt-line register instead (docs/interrupts.md).
 *
 * Every table comes from the firmware and is read as untrusted input: a
 * bad checksum, a length that overruns, an entry too short for its type
 * makes the table unusable (-EINVAL) and the kernel keeps the 8259 PIC.
 *
 * Locking: acpi_init() runs once at boot; the result is only read after.
 */
#ifndef DEV_ACPI_H
#define DEV_ACPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ACPI_MAX_IOAPICS 8
#define ACPI_ISA_IRQS 16

#define ACPI_SDT_HDR_LEN 36
#define ACPI_RSDP_V1_LEN 20
#define ACPI_RSDP_V2_LEN 36

/* Interrupt flags of an override (MPS INTI flags). */
#define ACPI_POL_MASK 0x3
#define ACPI_POL_BUS 0x0      /* as the bus says: ISA active high */
#define ACPI_POL_HIGH 0x1
#define ACPI_POL_LOW 0x3
#define ACPI_TRIG_MASK 0xC
#define ACPI_TRIG_BUS 0x0     /* as the bus says: ISA edge */
#define ACPI_TRIG_EDGE 0x4
#define ACPI_TRIG_LEVEL 0xC

struct acpi_ioapic {
	uint8_t ai_id;
	uint32_t ai_addr;     /* physical address of its registers */
	uint32_t ai_gsi_base; /* GSI of its input 0 */
};

struct acpi_madt {
	uint64_t am_lapic_addr;     /* physical; the 64-bit override if any */
	bool am_pcat_compat;        /* the machine also has 8259s (to be masked) */
	unsigned am_nlapics;        /* enabled processors */
	struct acpi_ioapic am_ioapics[ACPI_MAX_IOAPICS];
	unsigned am_nioapics;
	uint32_t am_isa_gsi[ACPI_ISA_IRQS];   /* ISA line -> GSI (identity unless overridden) */
	uint16_t am_isa_flags[ACPI_ISA_IRQS]; /* ACPI_POL_* | ACPI_TRIG_* of that line */
	bool am_isa_override[ACPI_ISA_IRQS];  /* whether the firmware said anything */
};

/*
 * Reads physical memory for the table walk: a pointer to len bytes at pa,
 * or NULL if they cannot be reached.  Earlier pointers must stay valid
 * (the kernel's mappings are never reused).  The host tests pass a fake.
 */
typedef const void *(*acpi_map_fn)(uint64_t pa, size_t len, void *ctx);

/* Pure parsing (acpi_tables.c). */
bool acpi_checksum_ok(const void *p, size_t len);
/*
 * Validate the RSDP at p (len bytes readable) and give the root table's
 * address, *xsdt telling whether it is the XSDT (64-bit entries).
 * 0 or -EINVAL.
 */
int acpi_rsdp_parse(const void *p, size_t len, uint64_t *root, bool *xsdt);
/* The offset of a valid RSDP in area (16-byte aligned as the spec says), or -1. */
long acpi_rsdp_scan(const void *area, size_t len);
/*
 * Find the table with signature sig (4 bytes) through the RSDT or XSDT at
 * root: its address and length (checksums of the root and the table
 * checked), or -ENOENT / -EINVAL.
 */
int acpi_find_table(uint64_t root, bool xsdt, const char *sig, acpi_map_fn map, void *ctx,
		    uint64_t *pa, uint32_t *len);
/* Parse the MADT of len bytes at p (header included).  0 or -EINVAL. */
int acpi_madt_parse(const void *p, size_t len, struct acpi_madt *out);

/* The machine's tables (acpi.c). */
void acpi_init(void);
/* The MADT as parsed at boot, or NULL if there was none usable. */
const struct acpi_madt *acpi_madt(void);

#endif
