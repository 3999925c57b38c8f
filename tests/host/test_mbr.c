/*
 * Unit tests of kernel/dev/mbr.c: a table like the test image's (an
 * empty slot, one running past the disk's end), no signature, a GPT
 * disk's protective entry, extended partitions, entries starting at 0 or
 * past the end, and a count whose sum with its start would wrap.
 */
#include <stdint.h>
#include <string.h>

#include <dev/mbr.h>
#include <sys/errno.h>

#include "htest.h"

static void entry(uint8_t *sec, int slot, uint8_t type, uint32_t start, uint32_t count)
{
	uint8_t *e = sec + 446 + slot * 16;

	memset(e, 0, 16);
	e[4] = type;
	memcpy(e + 8, &start, 4);  /* the host is little-endian, as the table is */
	memcpy(e + 12, &count, 4);
	sec[510] = 0x55;
	sec[511] = 0xAA;
}

HTEST(mbr, primary_partitions)
{
	uint8_t sec[512] = { 0 };
	struct mbr_part p[MBR_SLOTS];

	entry(sec, 0, 0x83, 2048, 4096);
	entry(sec, 1, 0x83, 8192, 2048);
	entry(sec, 3, 0x83, 16000, 1000);
	HCHECK(mbr_parse(sec, 16384, p) == 3);
	HCHECK(p[0].mp_start == 2048 && p[0].mp_count == 4096 && !p[0].mp_truncated);
	HCHECK(p[1].mp_start == 8192 && p[1].mp_count == 2048 && p[1].mp_type == 0x83);
	HCHECK(p[2].mp_count == 0);
	HCHECK(p[3].mp_start == 16000 && p[3].mp_count == 384 && p[3].mp_truncated);
}

HTEST(mbr, no_signature_no_partitions)
{
	uint8_t sec[512] = { 0 };
	struct mbr_part p[MBR_SLOTS];

	entry(sec, 0, 0x83, 2048, 4096);
	sec[511] = 0;
	HCHECK(mbr_parse(sec, 16384, p) == 0 && p[0].mp_count == 0);
}

HTEST(mbr, gpt_protective_entry)
{
	uint8_t sec[512] = { 0 };
	struct mbr_part p[MBR_SLOTS];

	entry(sec, 0, 0xEE, 1, 0xFFFFFFFF);
	HCHECK(mbr_parse(sec, 16384, p) == -EOPNOTSUPP);
}

HTEST(mbr, hostile_entries_left_out)
{
	uint8_t sec[512] = { 0 };
	struct mbr_part p[MBR_SLOTS];

	entry(sec, 0, 0x05, 100, 100);         /* extended: its logical ones are not read */
	entry(sec, 1, 0x83, 0, 100);           /* would cover the table itself */
	entry(sec, 2, 0x83, 16384, 10);        /* starts past the end */
	entry(sec, 3, 0x83, 100, 0xFFFFFFFF);  /* runs far past the end */
	HCHECK(mbr_parse(sec, 16384, p) == 1);
	HCHECK(p[0].mp_count == 0 && p[1].mp_count == 0 && p[2].mp_count == 0);
	HCHECK(p[3].mp_start == 100 && p[3].mp_count == 16284 && p[3].mp_truncated);
	HCHECK(mbr_parse(sec, 0, p) == 0); /* an empty disk */
}
