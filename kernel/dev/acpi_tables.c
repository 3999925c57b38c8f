/*
 * acpi_tables.c: parsing the RSDP, the RSDT/XSDT and the MADT (dev/acpi.h).
 *
 * The tables come from the firmware and are treated as untrusted: every
 * field is read with a byte copy (tables are packed, nothing is aligned),
 * every length is checked against what was mapped before it is used, and
 * every table's checksum is verified.  A table that lies about its length,
 * has a bad checksum, or holds an entry too short for its type is refused
 * as a whole (-EINVAL): half a MADT would route some lines and not others.
 * Entries the kernel has no use for (or cannot hold: a ninth I/O APIC, an
 * override of a non-ISA bus) are skipped.
 *
 * This file is pure (no globals, no kernel calls); tests/host builds it for
 * unit tests.  Physical memory is reached only through the caller's map
 * function.
 */
#include <dev/acpi.h>
#include <sys/errno.h>

#define ACPI_TABLE_MAX (1u << 20) /* no static table is anywhere near 1 MiB */

#define MADT_LAPIC_ADDR 36
#define MADT_FLAGS 40
#define MADT_ENTRIES 44
#define MADT_PCAT_COMPAT 0x1

enum {
	MADT_LAPIC = 0,
	MADT_IOAPIC = 1,
	MADT_OVERRIDE = 2,
	MADT_NMI_SOURCE = 3,
	MADT_LAPIC_NMI = 4,
	MADT_LAPIC_ADDR_OVERRIDE = 5,
	MADT_X2APIC = 9,
};

#define LAPIC_ENABLED 0x1
#define LAPIC_ONLINE_CAPABLE 0x2

static uint16_t rd16(const uint8_t *p)
{
	uint16_t v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

static bool sig_is(const uint8_t *p, const char *sig, size_t n)
{
	return __builtin_memcmp(p, sig, n) == 0;
}

bool acpi_checksum_ok(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;
	size_t i;

	for (i = 0; i < len; i++)
		sum = (uint8_t)(sum + b[i]);
	return sum == 0;
}

int acpi_rsdp_parse(const void *p, size_t len, uint64_t *root, bool *xsdt)
{
	const uint8_t *r = p;
	uint32_t xlen;

	if (len < ACPI_RSDP_V1_LEN || !sig_is(r, "RSD PTR ", 8) ||
	    !acpi_checksum_ok(r, ACPI_RSDP_V1_LEN))
		return -EINVAL;
	/* ACPI 2.0+: the XSDT, if its own length and extended checksum hold. */
	if (r[15] >= 2 && len >= ACPI_RSDP_V2_LEN) {
		xlen = rd32(r + 20);
		if (xlen >= ACPI_RSDP_V2_LEN && xlen <= len && acpi_checksum_ok(r, xlen) &&
		    rd64(r + 24) != 0) {
			*root = rd64(r + 24);
			*xsdt = true;
			return 0;
		}
	}
	if (rd32(r + 16) == 0)
		return -EINVAL;
	*root = rd32(r + 16);
	*xsdt = false;
	return 0;
}

long acpi_rsdp_scan(const void *area, size_t len)
{
	const uint8_t *a = area;
	size_t off;
	uint64_t root;
	bool x;

	for (off = 0; off + ACPI_RSDP_V1_LEN <= len; off += 16)
		if (acpi_rsdp_parse(a + off, len - off, &root, &x) == 0)
			return (long)off;
	return -1;
}

/*
 * Map the table at pa whole: its header first for the length, then all of
 * it, and check the length and checksum.  NULL if anything is wrong.
 */
static const uint8_t *map_table(uint64_t pa, acpi_map_fn map, void *ctx, uint32_t *lenp)
{
	const uint8_t *h = map(pa, ACPI_SDT_HDR_LEN, ctx);
	uint32_t len;

	if (h == NULL)
		return NULL;
	len = rd32(h + 4);
	if (len < ACPI_SDT_HDR_LEN || len > ACPI_TABLE_MAX)
		return NULL;
	h = map(pa, len, ctx);
	if (h == NULL || rd32(h + 4) != len || !acpi_checksum_ok(h, len))
		return NULL; /* a length that changed under us is as bad as a wrong one */
	*lenp = len;
	return h;
}

int acpi_find_table(uint64_t root, bool xsdt, const char *sig, acpi_map_fn map, void *ctx,
		    uint64_t *pa, uint32_t *lenp)
{
	const uint8_t *rt, *h;
	size_t esize = xsdt ? 8 : 4;
	uint32_t len, tlen;
	size_t i, n;
	uint64_t a;
	int err = -ENOENT;

	rt = map_table(root, map, ctx, &len);
	if (rt == NULL || !sig_is(rt, xsdt ? "XSDT" : "RSDT", 4))
		return -EINVAL;
	n = (len - ACPI_SDT_HDR_LEN) / esize;
	for (i = 0; i < n; i++) {
		const uint8_t *e = rt + ACPI_SDT_HDR_LEN + i * esize;

		a = xsdt ? rd64(e) : rd32(e);
		if (a == 0)
			continue;
		h = map(a, ACPI_SDT_HDR_LEN, ctx);
		if (h == NULL || !sig_is(h, sig, 4))
			continue;
		if (map_table(a, map, ctx, &tlen) == NULL) {
			err = -EINVAL; /* keep looking: a second copy may be good */
			continue;
		}
		*pa = a;
		*lenp = tlen;
		return 0;
	}
	return err;
}

/* The shortest entry of each type we read; 0: a type we skip. */
static unsigned madt_min_len(unsigned type)
{
	switch (type) {
	case MADT_LAPIC:
		return 8;
	case MADT_IOAPIC:
		return 12;
	case MADT_OVERRIDE:
		return 10;
	case MADT_LAPIC_ADDR_OVERRIDE:
		return 12;
	case MADT_X2APIC:
		return 16;
	default:
		return 0;
	}
}

static void madt_override(const uint8_t *e, struct acpi_madt *out)
{
	unsigned bus = e[2], irq = e[3];

	if (bus != 0 || irq >= ACPI_ISA_IRQS)
		return; /* only the ISA bus has lines the kernel routes by number */
	out->am_isa_gsi[irq] = rd32(e + 4);
	out->am_isa_flags[irq] = rd16(e + 8) & (ACPI_POL_MASK | ACPI_TRIG_MASK);
	out->am_isa_override[irq] = true;
}

static void madt_ioapic(const uint8_t *e, struct acpi_madt *out)
{
	struct acpi_ioapic *io;

	if (out->am_nioapics == ACPI_MAX_IOAPICS || rd32(e + 4) == 0)
		return;
	io = &out->am_ioapics[out->am_nioapics++];
	io->ai_id = e[2];
	io->ai_addr = rd32(e + 4);
	io->ai_gsi_base = rd32(e + 8);
}

static void madt_entry(const uint8_t *e, struct acpi_madt *out)
{
	switch (e[0]) {
	case MADT_LAPIC:
		if (rd32(e + 4) & LAPIC_ENABLED)
			out->am_nlapics++;
		break;
	case MADT_X2APIC:
		if (rd32(e + 8) & LAPIC_ENABLED)
			out->am_nlapics++;
		break;
	case MADT_IOAPIC:
		madt_ioapic(e, out);
		break;
	case MADT_OVERRIDE:
		madt_override(e, out);
		break;
	case MADT_LAPIC_ADDR_OVERRIDE:
		if (rd64(e + 4) != 0)
			out->am_lapic_addr = rd64(e + 4);
		break;
	}
}

int acpi_madt_parse(const void *p, size_t len, struct acpi_madt *out)
{
	const uint8_t *t = p;
	uint32_t tlen;
	size_t off;
	unsigned i;

	if (len < MADT_ENTRIES || !sig_is(t, "APIC", 4))
		return -EINVAL;
	tlen = rd32(t + 4);
	if (tlen < MADT_ENTRIES || tlen > len || !acpi_checksum_ok(t, tlen))
		return -EINVAL;
	__builtin_memset(out, 0, sizeof(*out));
	out->am_lapic_addr = rd32(t + MADT_LAPIC_ADDR);
	out->am_pcat_compat = (rd32(t + MADT_FLAGS) & MADT_PCAT_COMPAT) != 0;
	for (i = 0; i < ACPI_ISA_IRQS; i++)
		out->am_isa_gsi[i] = i;
	for (off = MADT_ENTRIES; off < tlen;) {
		const uint8_t *e = t + off;
		unsigned elen;

		if (tlen - off < 2)
			return -EINVAL;
		elen = e[1];
		if (elen < 2 || elen > tlen - off || elen < madt_min_len(e[0]))
			return -EINVAL;
		madt_entry(e, out);
		off += elen;
	}
	if (out->am_lapic_addr == 0)
		return -EINVAL;
	return 0;
}
