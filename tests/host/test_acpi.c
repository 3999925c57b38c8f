/*
 * Unit tests of kernel/dev/acpi_tables.c: the RSDP (v1, v2, bad
 * checksums, an XSDT that fails its extended checksum), the scan of a BIOS
 * area, the RSDT/XSDT walk over fake physical memory (bad root, a table
 * with a bad checksum, an unmappable entry), and the MADT parser on a
 * QEMU-like table and on every way a table can lie: bad checksum, length
 * past the buffer, entries of length 0 or 1, an entry running past the
 * table, entries too short for their type, overrides of other buses or
 * lines past 15, more I/O APICs than the kernel holds.
 */
#include <stdint.h>
#include <string.h>

#include <dev/acpi.h>
#include <sys/errno.h>

#include "htest.h"

struct tbl {
	uint8_t b[512];
	size_t len;
};

static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

static void fix_sum(uint8_t *p, size_t len, size_t at)
{
	uint8_t s = 0;
	size_t i;

	p[at] = 0;
	for (i = 0; i < len; i++)
		s = (uint8_t)(s + p[i]);
	p[at] = (uint8_t)-s;
}

static void sdt_start(struct tbl *t, const char *sig)
{
	memset(t, 0, sizeof(*t));
	memcpy(t->b, sig, 4);
	t->len = ACPI_SDT_HDR_LEN;
}

static void sdt_finish(struct tbl *t)
{
	put32(t->b + 4, (uint32_t)t->len);
	fix_sum(t->b, t->len, 9);
}

static void madt_start(struct tbl *t)
{
	sdt_start(t, "APIC");
	put32(t->b + 36, 0xFEE00000);
	put32(t->b + 40, 1); /* PCAT_COMPAT */
	t->len = 44;
}

static void add(struct tbl *t, const uint8_t *e, size_t n)
{
	memcpy(t->b + t->len, e, n);
	t->len += n;
}

static void add_lapic(struct tbl *t, uint8_t id, uint32_t flags)
{
	uint8_t e[8] = { 0, 8, id, id };

	put32(e + 4, flags);
	add(t, e, sizeof(e));
}

static void add_ioapic(struct tbl *t, uint8_t id, uint32_t addr, uint32_t gsi)
{
	uint8_t e[12] = { 1, 12, id, 0 };

	put32(e + 4, addr);
	put32(e + 8, gsi);
	add(t, e, sizeof(e));
}

static void add_override(struct tbl *t, uint8_t bus, uint8_t irq, uint32_t gsi, uint16_t fl)
{
	uint8_t e[10] = { 2, 10, bus, irq };

	put32(e + 4, gsi);
	put16(e + 8, fl);
	add(t, e, sizeof(e));
}

/* What QEMU's pc machine gives: one CPU, one I/O APIC, the usual overrides. */
static void qemu_madt(struct tbl *t)
{
	madt_start(t);
	add_lapic(t, 0, 1);
	add_ioapic(t, 0, 0xFEC00000, 0);
	add_override(t, 0, 0, 2, 0);
	add_override(t, 0, 5, 5, 0xD);
	add_override(t, 0, 9, 9, 0xD);
	add_override(t, 0, 10, 10, 0xD);
	add_override(t, 0, 11, 11, 0xD);
	{
		uint8_t nmi[6] = { 4, 6, 0xFF, 0, 0, 1 };

		add(t, nmi, sizeof(nmi));
	}
	sdt_finish(t);
}

HTEST(acpi, madt_qemu)
{
	struct tbl t;
	struct acpi_madt m;

	qemu_madt(&t);
	HCHECK(acpi_madt_parse(t.b, t.len, &m) == 0);
	HCHECK(m.am_lapic_addr == 0xFEE00000);
	HCHECK(m.am_pcat_compat);
	HCHECK(m.am_nlapics == 1);
	HCHECK(m.am_nioapics == 1);
	HCHECK(m.am_ioapics[0].ai_addr == 0xFEC00000 && m.am_ioapics[0].ai_gsi_base == 0);
	HCHECK(m.am_isa_gsi[0] == 2 && m.am_isa_override[0]);
	HCHECK(m.am_isa_gsi[1] == 1 && !m.am_isa_override[1] && m.am_isa_flags[1] == 0);
	HCHECK(m.am_isa_gsi[11] == 11 && m.am_isa_flags[11] == (ACPI_TRIG_LEVEL | ACPI_POL_HIGH));
	HCHECK(m.am_isa_gsi[4] == 4);
}

HTEST(acpi, madt_bad_checksum)
{
	struct tbl t;
	struct acpi_madt m;

	qemu_madt(&t);
	t.b[50] ^= 1;
	HCHECK(acpi_madt_parse(t.b, t.len, &m) == -EINVAL);
}

HTEST(acpi, madt_truncated)
{
	struct tbl t;
	struct acpi_madt m;

	qemu_madt(&t);
	HCHECK(acpi_madt_parse(t.b, t.len - 1, &m) == -EINVAL); /* header says more than mapped */
	HCHECK(acpi_madt_parse(t.b, 40, &m) == -EINVAL);
	HCHECK(acpi_madt_parse(t.b, 0, &m) == -EINVAL);
	memcpy(t.b, "APIX", 4);
	fix_sum(t.b, t.len, 9);
	HCHECK(acpi_madt_parse(t.b, t.len, &m) == -EINVAL);
}

HTEST(acpi, madt_length_below_header)
{
	struct tbl t;
	struct acpi_madt m;

	madt_start(&t);
	t.len = 40; /* cuts the flags field */
	sdt_finish(&t);
	HCHECK(acpi_madt_parse(t.b, sizeof(t.b), &m) == -EINVAL);
}

HTEST(acpi, madt_zero_length_entry)
{
	struct tbl t;
	struct acpi_madt m;
	uint8_t e[4] = { 0x7F, 0, 0, 0 };

	madt_start(&t);
	add(&t, e, sizeof(e));
	sdt_finish(&t);
	HCHECK(acpi_madt_parse(t.b, t.len, &m) == -EINVAL);
	t.b[45] = 1; /* length 1: shorter than the type and length bytes */
	sdt_finish(&t);
	HCHECK(acpi_madt_parse(t.b, t.len, &m) == -EINVAL);
}

HTEST(acpi, madt_entry_overruns)
{
	struct tbl t;
	struct acpi_madt m;

	madt_start(&t);
	add_ioapic(&t, 0, 0xFEC00000, 0);
	t.len -= 4; /* the table ends inside the entry */
	sdt_finish(&t);
	HCHECK(acpi_madt_parse(t.b, sizeof(t.b), &m) == -EINVAL);
	/* One lone byte after the last entry. */
	madt_start(&t);
	add_lapic(&t, 0, 1);
	t.b[t.len++] = 0;
	sdt_finish(&t);
	HCHECK(acpi_madt_parse(t.b, t.len, &m) == -EINVAL);
}

HTEST(acpi, madt_short_entries)
{
	static const uint8_t types[] = { 0, 1, 2, 5, 9 };
	struct tbl t;
	struct acpi_madt m;
	size_t i;

	for (i = 0; i < sizeof(types); i++) {
		uint8_t e[6] = { types[i], 6, 0, 0, 0, 0 };

		madt_start(&t);
		add(&t, e, sizeof(e));
		sdt_finish(&t);
		HCHECK(acpi_madt_parse(t.b, t.len, &m) == -EINVAL);
	}
	/* Unknown types and longer-than-needed entries are fine. */
	madt_start(&t);
	{
		uint8_t e[2] = { 0x80, 2 };
		uint8_t io[16] = { 1, 16, 3, 0 };

		add(&t, e, sizeof(e));
		put32(io + 4, 0xFEC01000);
		put32(io + 8, 24);
		add(&t, io, sizeof(io));
	}
	sdt_finish(&t);
	HCHECK(acpi_madt_parse(t.b, t.len, &m) == 0);
	HCHECK(m.am_nioapics == 1 && m.am_ioapics[0].ai_id == 3);
	HCHECK(m.am_ioapics[0].ai_gsi_base == 24);
}

HTEST(acpi, madt_odd_overrides)
{
	struct tbl t;
	struct acpi_madt m;

	madt_start(&t);
	add_override(&t, 1, 3, 40, 0xF);   /* not ISA */
	add_override(&t, 0, 16, 40, 0xF);  /* no such ISA line */
	add_override(&t, 0, 255, 40, 0xF);
	add_override(&t, 0, 4, 20, 0xFFFF); /* reserved flag bits dropped */
	sdt_finish(&t);
	HCHECK(acpi_madt_parse(t.b, t.len, &m) == 0);
	HCHECK(m.am_isa_gsi[3] == 3 && !m.am_isa_override[3]);
	HCHECK(m.am_isa_gsi[4] == 20 && m.am_isa_flags[4] == 0xF);
}

HTEST(acpi, madt_too_many_ioapics)
{
	struct tbl t;
	struct acpi_madt m;
	unsigned i;

	madt_start(&t);
	for (i = 0; i < ACPI_MAX_IOAPICS + 3; i++)
		add_ioapic(&t, (uint8_t)i, 0xFEC00000 + i * 0x1000, i * 24);
	add_ioapic(&t, 0, 0, 0); /* no address: skipped */
	sdt_finish(&t);
	HCHECK(acpi_madt_parse(t.b, t.len, &m) == 0);
	HCHECK(m.am_nioapics == ACPI_MAX_IOAPICS);
	HCHECK(m.am_ioapics[7].ai_gsi_base == 7 * 24);
}

HTEST(acpi, madt_lapic_override)
{
	struct tbl t;
	struct acpi_madt m;
	uint8_t e[12] = { 5, 12 };

	madt_start(&t);
	put64(e + 4, 0x1FEE00000ULL);
	add(&t, e, sizeof(e));
	add_lapic(&t, 1, 0); /* disabled: not counted */
	sdt_finish(&t);
	HCHECK(acpi_madt_parse(t.b, t.len, &m) == 0);
	HCHECK(m.am_lapic_addr == 0x1FEE00000ULL);
	HCHECK(m.am_nlapics == 0);
	put32(t.b + 36, 0);
	memset(t.b + 44, 0, 12);
	t.b[44] = 0x80;
	t.b[45] = 12;
	sdt_finish(&t);
	HCHECK(acpi_madt_parse(t.b, t.len, &m) == -EINVAL); /* no local APIC address */
}

static void rsdp(uint8_t *r, uint8_t rev, uint32_t rsdt, uint64_t xsdt)
{
	memset(r, 0, ACPI_RSDP_V2_LEN);
	memcpy(r, "RSD PTR ", 8);
	r[15] = rev;
	put32(r + 16, rsdt);
	put32(r + 20, ACPI_RSDP_V2_LEN);
	put64(r + 24, xsdt);
	fix_sum(r, ACPI_RSDP_V1_LEN, 8);
	fix_sum(r, ACPI_RSDP_V2_LEN, 32);
}

HTEST(acpi, rsdp)
{
	uint8_t r[ACPI_RSDP_V2_LEN];
	uint64_t root;
	bool x;

	rsdp(r, 0, 0x7FE0000, 0);
	HCHECK(acpi_rsdp_parse(r, ACPI_RSDP_V1_LEN, &root, &x) == 0);
	HCHECK(root == 0x7FE0000 && !x);
	rsdp(r, 2, 0x1000, 0x2000);
	HCHECK(acpi_rsdp_parse(r, sizeof(r), &root, &x) == 0);
	HCHECK(root == 0x2000 && x);
	HCHECK(acpi_rsdp_parse(r, ACPI_RSDP_V1_LEN, &root, &x) == 0); /* v2 cut to v1 */
	HCHECK(root == 0x1000 && !x);
	r[28] ^= 1; /* the extended checksum fails: the RSDT still serves */
	HCHECK(acpi_rsdp_parse(r, sizeof(r), &root, &x) == 0);
	HCHECK(root == 0x1000 && !x);
	rsdp(r, 2, 0x1000, 0x2000);
	put32(r + 20, 1000); /* a length past what is there */
	fix_sum(r, ACPI_RSDP_V1_LEN, 8);
	HCHECK(acpi_rsdp_parse(r, sizeof(r), &root, &x) == 0 && !x);
	r[3] = 'X';
	HCHECK(acpi_rsdp_parse(r, sizeof(r), &root, &x) == -EINVAL);
	rsdp(r, 0, 0x1000, 0);
	r[9] ^= 1;
	HCHECK(acpi_rsdp_parse(r, sizeof(r), &root, &x) == -EINVAL);
	rsdp(r, 0, 0, 0);
	HCHECK(acpi_rsdp_parse(r, sizeof(r), &root, &x) == -EINVAL);
	HCHECK(acpi_rsdp_parse(r, 19, &root, &x) == -EINVAL);
}

HTEST(acpi, rsdp_scan)
{
	static uint8_t area[4096];

	memset(area, 0, sizeof(area));
	HCHECK(acpi_rsdp_scan(area, sizeof(area)) == -1);
	rsdp(area + 0x333, 0, 0x1000, 0); /* not on a 16-byte boundary */
	HCHECK(acpi_rsdp_scan(area, sizeof(area)) == -1);
	rsdp(area + 0x340, 0, 0x1000, 0);
	HCHECK(acpi_rsdp_scan(area, sizeof(area)) == 0x340);
	memset(area, 0, sizeof(area));
	rsdp(area, 0, 0x1000, 0);
	memmove(area + sizeof(area) - 16, area, 16); /* cut off by the end */
	memset(area, 0, 16);
	HCHECK(acpi_rsdp_scan(area, sizeof(area)) == -1);
}

/* Fake physical memory: 64 KiB at physical 0x100000. */
#define PHYS_BASE 0x100000u
static uint8_t phys[65536];

static const void *fake_map(uint64_t pa, size_t len, void *ctx)
{
	(void)ctx;
	if (pa < PHYS_BASE || pa - PHYS_BASE > sizeof(phys) || len > sizeof(phys) - (pa - PHYS_BASE))
		return NULL;
	return phys + (pa - PHYS_BASE);
}

static void place(uint32_t off, const struct tbl *t)
{
	memcpy(phys + off, t->b, t->len);
}

HTEST(acpi, find_table)
{
	struct tbl root, madt, bad, other;
	uint64_t pa;
	uint32_t len;

	memset(phys, 0, sizeof(phys));
	qemu_madt(&madt);
	bad = madt;
	bad.b[60] ^= 1; /* a copy with a bad checksum comes first */
	sdt_start(&other, "FACP");
	sdt_finish(&other);
	sdt_start(&root, "RSDT");
	put32(root.b + root.len, PHYS_BASE + 0x1000);
	put32(root.b + root.len + 4, 0xDEAD0000); /* unmappable */
	put32(root.b + root.len + 8, PHYS_BASE + 0x2000);
	put32(root.b + root.len + 12, PHYS_BASE + 0x3000);
	root.len += 16;
	sdt_finish(&root);
	place(0, &root);
	place(0x1000, &other);
	place(0x2000, &bad);
	place(0x3000, &madt);
	HCHECK(acpi_find_table(PHYS_BASE, false, "APIC", fake_map, NULL, &pa, &len) == 0);
	HCHECK(pa == PHYS_BASE + 0x3000 && len == madt.len);
	HCHECK(acpi_find_table(PHYS_BASE, false, "HPET", fake_map, NULL, &pa, &len) == -ENOENT);
	/* Only the bad copy: refused. */
	memset(phys + 0x3000, 0, madt.len);
	HCHECK(acpi_find_table(PHYS_BASE, false, "APIC", fake_map, NULL, &pa, &len) == -EINVAL);
	/* The root read as an XSDT: wrong signature. */
	HCHECK(acpi_find_table(PHYS_BASE, true, "APIC", fake_map, NULL, &pa, &len) == -EINVAL);
	/* A root whose length runs off the end of memory. */
	put32(phys + 4, 0x20000);
	HCHECK(acpi_find_table(PHYS_BASE, false, "APIC", fake_map, NULL, &pa, &len) == -EINVAL);
	HCHECK(acpi_find_table(0xDEAD0000, false, "APIC", fake_map, NULL, &pa, &len) == -EINVAL);
}

HTEST(acpi, find_table_xsdt)
{
	struct tbl root, madt;
	uint64_t pa;
	uint32_t len;

	memset(phys, 0, sizeof(phys));
	qemu_madt(&madt);
	sdt_start(&root, "XSDT");
	put64(root.b + root.len, PHYS_BASE + 0x800);
	root.len += 8 + 3; /* a partial entry at the end is ignored */
	sdt_finish(&root);
	place(0, &root);
	place(0x800, &madt);
	HCHECK(acpi_find_table(PHYS_BASE, true, "APIC", fake_map, NULL, &pa, &len) == 0);
	HCHECK(pa == PHYS_BASE + 0x800);
}
