/*
 * ksyms.c: address-to-name lookup in the generated symbol table
 * (tools/gen-ksyms.py): ksyms_count addresses in ascending order, and for
 * each the offset of its NUL-terminated name in ksyms_names.
 */
#include <stddef.h>

#include <kern/ksyms.h>

extern const uint64_t ksyms_count;
extern const uint64_t ksyms_addrs[];
extern const uint32_t ksyms_offsets[];
extern const char ksyms_names[];
extern char _text_start[], _text_end[];

const char *ksyms_lookup(uint64_t addr, uint64_t *offset)
{
	uint64_t lo = 0, hi = ksyms_count;

	if (addr < (uint64_t)_text_start || addr >= (uint64_t)_text_end || hi == 0 ||
	    addr < ksyms_addrs[0])
		return NULL;
	/* The last symbol at or below addr. */
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (ksyms_addrs[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*offset = addr - ksyms_addrs[lo];
	return ksyms_names + ksyms_offsets[lo];
}
