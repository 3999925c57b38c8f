/*
 * cpuinfo.c: the text of /proc/cpuinfo from CPUID, in Linux's format and
 * with Linux's names for the feature flags (arch/x86's cpufeatures), so
 * programs that look for "sse4_2" or "avx2" there find them.  One CPU.
 */
#include <arch/arch.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <machine/cpufunc.h>

#include "trap.h"

/* A CPUID register's flags: bit i is names[i] (NULL: Linux shows none). */
struct flagset {
	uint32_t leaf, reg; /* reg: 0 eax .. 3 edx */
	const char *names[32];
};

static const struct flagset flagsets[] = {
	{ 1, 3, { "fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", NULL, "sep",
		  "mtrr", "pge", "mca", "cmov", "pat", "pse36", "pn", "clflush", NULL, "dts", "acpi",
		  "mmx", "fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe" } },
	{ 0x80000001, 3, { [11] = "syscall", [19] = "mp", [20] = "nx", [22] = "mmxext",
			   [25] = "fxsr_opt", [26] = "pdpe1gb", [27] = "rdtscp", [29] = "lm",
			   [30] = "3dnowext", [31] = "3dnow" } },
	{ 1, 2, { "pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est", "tm2",
		  "ssse3", "cid", "sdbg", "fma", "cx16", "xtpr", "pdcm", NULL, "pcid", "dca",
		  "sse4_1", "sse4_2", "x2apic", "movbe", "popcnt", "tsc_deadline_timer", "aes",
		  "xsave", NULL, "avx", "f16c", "rdrand", "hypervisor" } },
	{ 0x80000001, 2, { "lahf_lm", "cmp_legacy", "svm", "extapic", "cr8_legacy", "abm", "sse4a",
			   "misalignsse", "3dnowprefetch", "osvw", "ibs", "xop", "skinit", "wdt",
			   NULL, "lwp", "fma4", "tce", NULL, "nodeid_msr", NULL, "tbm", "topoext" } },
	{ 7, 1, { "fsgsbase", "tsc_adjust", "sgx", "bmi1", "hle", "avx2", NULL, "smep", "bmi2",
		  "erms", "invpcid", "rtm", NULL, NULL, "mpx", NULL, "avx512f", "avx512dq", "rdseed",
		  "adx", "smap", "avx512ifma", NULL, "clflushopt", "clwb", NULL, "avx512pf",
		  "avx512er", "avx512cd", "sha_ni", "avx512bw", "avx512vl" } },
	{ 7, 2, { NULL, "avx512vbmi", "umip", "pku", "ospke", NULL, "avx512_vbmi2", NULL, "gfni",
		  "vaes", "vpclmulqdq", "avx512_vnni", "avx512_bitalg", NULL, "avx512_vpopcntdq",
		  NULL, NULL, NULL, NULL, NULL, NULL, NULL, "rdpid" } },
};

static uint32_t max_leaf(uint32_t base)
{
	uint32_t r[4];

	cpuid(base, 0, r);
	return r[0];
}

static long add_flags(char *buf, size_t size, long n)
{
	uint32_t basic = max_leaf(0), ext = max_leaf(0x80000000), r[4];
	size_t i, b;

	for (i = 0; i < sizeof(flagsets) / sizeof(flagsets[0]); i++) {
		const struct flagset *f = &flagsets[i];

		if (f->leaf < 0x80000000 ? f->leaf > basic : f->leaf > ext)
			continue;
		cpuid(f->leaf, 0, r);
		for (b = 0; b < 32; b++)
			if ((r[f->reg] >> b & 1) && f->names[b] != NULL && (size_t)n < size)
				n += snprintf(buf + n, size - (size_t)n, " %s", f->names[b]);
	}
	return n;
}

/* The brand string (leaves 0x80000002..4) without its leading blanks. */
static void model_name(char name[49])
{
	uint32_t r[4];
	unsigned i;
	char *p = name;

	strlcpy(name, "unknown", 49);
	if (max_leaf(0x80000000) < 0x80000004)
		return;
	for (i = 0; i < 3; i++) {
		cpuid(0x80000002 + i, 0, r);
		memcpy(name + 16 * i, r, 16);
	}
	name[48] = '\0';
	while (*p == ' ')
		p++;
	memmove(name, p, strlen(p) + 1);
}

long arch_cpuinfo(char *buf, size_t size)
{
	uint32_t r[4], family, model;
	char vendor[13], name[49];
	uint64_t hz = tsc_frequency();
	long n;

	cpuid(0, 0, r);
	memcpy(vendor, &r[1], 4);
	memcpy(vendor + 4, &r[3], 4);
	memcpy(vendor + 8, &r[2], 4);
	vendor[12] = '\0';
	model_name(name);
	cpuid(1, 0, r);
	family = (r[0] >> 8) & 0xF;
	model = (r[0] >> 4) & 0xF;
	if (family == 0xF)
		family += (r[0] >> 20) & 0xFF;
	if (family == 6 || family >= 0xF)
		model |= ((r[0] >> 16) & 0xF) << 4;
	n = snprintf(buf, size,
		     "processor\t: 0\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\n"
		     "model name\t: %s\nstepping\t: %u\ncpu MHz\t\t: %lu.%03lu\nphysical id\t: 0\n"
		     "siblings\t: 1\ncore id\t\t: 0\ncpu cores\t: 1\nfpu\t\t: yes\n"
		     "cpuid level\t: %u\nwp\t\t: yes\nflags\t\t:",
		     vendor, family, model, name, r[0] & 0xF, (unsigned long)(hz / 1000000),
		     (unsigned long)(hz / 1000 % 1000), max_leaf(0));
	n = add_flags(buf, size, n);
	r[0] = 48 << 8 | 36; /* without leaf 0x80000008: Linux's defaults */
	if (max_leaf(0x80000000) >= 0x80000008)
		cpuid(0x80000008, 0, r);
	if ((size_t)n < size)
		n += snprintf(buf + n, size - (size_t)n,
			      "\nclflush size\t: 64\naddress sizes\t: %u bits physical, %u bits virtual\n\n",
			      r[0] & 0xFF, (r[0] >> 8) & 0xFF);
	return n;
}
