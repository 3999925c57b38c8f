/*
 * fuzz_acpi.c: libFuzzer target for kernel/dev/acpi_tables.c.  The input
 * is used three ways: as a MADT (parsed from a buffer of exactly its size,
 * so ASan sees any overread), as an RSDP, and as 64 KiB of "physical
 * memory" at 0x1000 whose first bytes are the root table the walk starts
 * from.  On success the MADT must be what intr.c and apic.c can use
 * without further checks: a local APIC address, at most ACPI_MAX_IOAPICS
 * I/O APICs each with an address, and ISA flags within their fields; a
 * table found by the walk must lie inside the memory with a length of at
 * least a header.  A violation aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <dev/acpi.h>

#define MEM_BASE 0x1000u
#define MEM_SIZE 65536u

struct mem {
	const uint8_t *p;
	size_t n;
};

static const void *fuzz_map(uint64_t pa, size_t len, void *ctx)
{
	const struct mem *m = ctx;

	if (pa < MEM_BASE || pa - MEM_BASE > m->n || len > m->n - (pa - MEM_BASE))
		return NULL;
	return m->p + (pa - MEM_BASE);
}

static void check_madt(const struct acpi_madt *m)
{
	unsigned i;

	if (m->am_lapic_addr == 0 || m->am_nioapics > ACPI_MAX_IOAPICS)
		abort();
	for (i = 0; i < m->am_nioapics; i++)
		if (m->am_ioapics[i].ai_addr == 0)
			abort();
	for (i = 0; i < ACPI_ISA_IRQS; i++)
		if ((m->am_isa_flags[i] & ~(ACPI_POL_MASK | ACPI_TRIG_MASK)) != 0 ||
		    (!m->am_isa_override[i] && (m->am_isa_gsi[i] != i || m->am_isa_flags[i] != 0)))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct acpi_madt madt;
	struct mem mem;
	uint8_t *buf;
	uint64_t root, pa;
	uint32_t len;
	bool xsdt;

	buf = malloc(size ? size : 1);
	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	if (acpi_madt_parse(buf, size, &madt) == 0)
		check_madt(&madt);
	(void)acpi_rsdp_parse(buf, size, &root, &xsdt);
	(void)acpi_rsdp_scan(buf, size);
	mem.p = buf;
	mem.n = size < MEM_SIZE ? size : MEM_SIZE;
	for (xsdt = false;; xsdt = true) {
		if (acpi_find_table(MEM_BASE, xsdt, "APIC", fuzz_map, &mem, &pa, &len) == 0) {
			if (pa < MEM_BASE || pa - MEM_BASE + len > mem.n || len < ACPI_SDT_HDR_LEN)
				abort();
			if (acpi_madt_parse(buf + (pa - MEM_BASE), len, &madt) == 0)
				check_madt(&madt);
		}
		if (xsdt)
			break;
	}
	free(buf);
	return 0;
}
