/*
 * Unit tests of kernel/dev/gpt.c: a good table (an unused entry keeps its
 * number), the CRC (zlib's check value), and every way a header or an
 * entry can lie: signature, sizes, CRCs, its own LBA, ranges off the disk,
 * an array too large, entries past the last partition number.
 */
#include <stdint.h>
#include <string.h>

#include <dev/gpt.h>
#include <sys/errno.h>

#include "htest.h"

#define DISK 16384 /* sectors */

struct img {
	uint8_t hdr[512];
	uint8_t ent[128 * 128];
};

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4); /* the host is little-endian, as GPT is */
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static void entry(struct img *m, int i, uint64_t first, uint64_t last)
{
	uint8_t *e = m->ent + i * 128;

	memset(e, 0, 128);
	e[0] = 0xAF; /* a type GUID that is not all zero */
	put64(e + 32, first);
	put64(e + 40, last);
}

/* Fill in the CRCs after the fields are set. */
static void seal(struct img *m, uint32_t nent)
{
	put32(m->hdr + 88, gpt_crc32(0, m->ent, nent * 128));
	put32(m->hdr + 16, 0);
	put32(m->hdr + 16, gpt_crc32(0, m->hdr, 92));
}

static void header(struct img *m, uint32_t nent)
{
	memset(m->hdr, 0, sizeof(m->hdr));
	memcpy(m->hdr, "EFI PART", 8);
	put32(m->hdr + 8, 0x00010000);
	put32(m->hdr + 12, 92);
	put64(m->hdr + 24, 1);          /* its own LBA */
	put64(m->hdr + 32, DISK - 1);   /* the backup's */
	put64(m->hdr + 40, 34);         /* first usable */
	put64(m->hdr + 48, DISK - 34);  /* last usable */
	put64(m->hdr + 72, 2);          /* entries */
	put32(m->hdr + 80, nent);
	put32(m->hdr + 84, 128);
	seal(m, nent);
}

static int parse(struct img *m, struct gpt_part *p, unsigned *beyond)
{
	struct gpt_table t;
	int err = gpt_header(m->hdr, 512, 1, DISK, &t);

	return err != 0 ? err : gpt_parse(m->ent, &t, p, beyond);
}

HTEST(gpt, crc32_is_zlibs)
{
	HCHECK(gpt_crc32(0, (const uint8_t *)"123456789", 9) == 0xCBF43926u);
}

HTEST(gpt, partitions_numbered_by_entry)
{
	static struct img m;
	struct gpt_part p[GPT_MAX_PARTS];
	unsigned beyond;

	memset(&m, 0, sizeof(m));
	entry(&m, 0, 2048, 4095);
	entry(&m, 1, 4096, 8191);
	entry(&m, 3, 10000, 10000);     /* one sector; entry 2 unused */
	header(&m, 128);
	HCHECK(parse(&m, p, &beyond) == 3 && beyond == 0);
	HCHECK(p[0].gp_start == 2048 && p[0].gp_count == 2048);
	HCHECK(p[1].gp_start == 4096 && p[1].gp_count == 4096);
	HCHECK(p[2].gp_count == 0);
	HCHECK(p[3].gp_start == 10000 && p[3].gp_count == 1);
}

HTEST(gpt, bad_headers_refused)
{
	static struct img m;
	struct gpt_part p[GPT_MAX_PARTS];
	struct gpt_table t;
	unsigned beyond;

	memset(&m, 0, sizeof(m));
	entry(&m, 0, 2048, 4095);
	header(&m, 128);
	m.hdr[0] = 'X';                                   /* signature */
	HCHECK(parse(&m, p, &beyond) == -EINVAL);
	header(&m, 128);
	m.hdr[100] ^= 1;                                  /* beyond the header: not covered */
	HCHECK(parse(&m, p, &beyond) == 1);
	m.hdr[60] ^= 1;                                   /* the disk GUID: covered */
	HCHECK(parse(&m, p, &beyond) == -EINVAL);
	header(&m, 128);
	HCHECK(gpt_header(m.hdr, 512, DISK - 1, DISK, &t) == -EINVAL); /* not its own LBA */
	put32(m.hdr + 12, 600);                           /* header larger than the sector */
	seal(&m, 128);
	HCHECK(parse(&m, p, &beyond) == -EINVAL);
	header(&m, 128);
	put32(m.hdr + 84, 256);                           /* an entry size Linux refuses */
	seal(&m, 128);
	HCHECK(parse(&m, p, &beyond) == -EINVAL);
	header(&m, 128);
	put32(m.hdr + 80, 0x40000000);                    /* an array of 128 GiB */
	seal(&m, 1);
	HCHECK(parse(&m, p, &beyond) == -EINVAL);
	header(&m, 128);
	put64(m.hdr + 72, DISK - 2);                      /* the array runs off the disk */
	seal(&m, 128);
	HCHECK(parse(&m, p, &beyond) == -EINVAL);
	header(&m, 128);
	put64(m.hdr + 48, DISK);                          /* last usable past the end */
	seal(&m, 128);
	HCHECK(parse(&m, p, &beyond) == -EINVAL);
	header(&m, 128);
	put64(m.hdr + 40, DISK - 10);                     /* first usable after last usable */
	seal(&m, 128);
	HCHECK(parse(&m, p, &beyond) == -EINVAL);
}

HTEST(gpt, entries_crc_checked)
{
	static struct img m;
	struct gpt_part p[GPT_MAX_PARTS];
	unsigned beyond;

	memset(&m, 0, sizeof(m));
	entry(&m, 0, 2048, 4095);
	header(&m, 128);
	m.ent[127 * 128 + 5] = 1;                         /* after sealing */
	HCHECK(parse(&m, p, &beyond) == -EINVAL);
	HCHECK(p[0].gp_count == 0);
}

HTEST(gpt, hostile_entries_left_out)
{
	static struct img m;
	struct gpt_part p[GPT_MAX_PARTS];
	unsigned beyond;

	memset(&m, 0, sizeof(m));
	entry(&m, 0, 4096, 2048);                         /* first after last */
	entry(&m, 1, 100, DISK);                          /* runs off the disk */
	entry(&m, 2, 0xFFFFFFFFFFFFFFF0ull, 0xFFFFFFFFFFFFFFFFull);
	entry(&m, 4, 2048, 4095);
	entry(&m, 20, 5000, 5999);                        /* number 21: past /dev/vda15 */
	entry(&m, 127, 6000, 6999);
	header(&m, 128);
	HCHECK(parse(&m, p, &beyond) == 1 && beyond == 2);
	HCHECK(p[0].gp_count == 0 && p[1].gp_count == 0 && p[2].gp_count == 0);
	HCHECK(p[4].gp_start == 2048 && p[4].gp_count == 2048);
}
