/*
 * cpuinfo.c: the text of /proc/cpuinfo from CPUID, in Linux's format and
 * with Linux's names for the feature flags (arch/x86's cpufeatures), so
 * programs that look for "sse4_2" or "avx2" there find them.  One CPU.
 * The fields are Linux 6.1's, in its order (arch/x86/kernel/cpu/proc.c),
 * but for microcode (an MSR), bugs (Linux's mitigation list), TLB size
 * and Linux's synthetic flags (rep_good, nopl, cpuid...); bogomips is
 * twice the TSC's MHz, as Linux's calibration gives.
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

/* The largest cache's size in KiB as Linux picks it: Intel's L3 (else L2) from leaf 4, else leaf 0x80000006's L2. */
static unsigned cache_kib(const char *vendor)
{
	uint32_t r[4], i, level, best_level = 0, kib = 0;

	if (strcmp(vendor, "GenuineIntel") == 0 && max_leaf(0) >= 4) {
		for (i = 0; i < 16; i++) {
			cpuid(4, i, r);
			if ((r[0] & 0x1F) == 0)
				break;
			level = (r[0] >> 5) & 7;
			if ((r[0] & 0x1F) != 1 && level >= best_level) { /* not a data-only L1 */
				best_level = level;
				kib = (((r[1] >> 22) + 1) * (((r[1] >> 12) & 0x3FF) + 1) *
				       ((r[1] & 0xFFF) + 1) * (r[2] + 1)) / 1024;
			}
		}
		if (kib != 0)
			return kib;
	}
	if (max_leaf(0x80000000) < 0x80000006)
		return 0;
	cpuid(0x80000006, 0, r);
	return r[2] >> 16;
}

/* Leaf 0x80000007's EDX, Linux's x86_power_flags. */
static long add_power(char *buf, size_t size, long n)
{
	static const char *const names[] = { "ts", "fid", "vid", "ttp", "tm", "stc", "100mhzsteps",
					      "hwpstate", "", "cpb", "eff_freq_ro", "proc_feedback",
					      "acc_power" };
	uint32_t r[4] = { 0 }, b;

	if (max_leaf(0x80000000) >= 0x80000007)
		cpuid(0x80000007, 0, r);
	if ((size_t)n < size)
		n += snprintf(buf + n, size - (size_t)n, "power management:");
	for (b = 0; b < 32 && (size_t)n < size; b++) {
		if (!(r[3] >> b & 1))
			continue;
		if (b < sizeof(names) / sizeof(names[0]) && names[b][0] != '\0')
			n += snprintf(buf + n, size - (size_t)n, " %s", names[b]);
		else if (b >= sizeof(names) / sizeof(names[0]))
			n += snprintf(buf + n, size - (size_t)n, " [%u]", b);
	}
	if ((size_t)n < size)
		n += snprintf(buf + n, size - (size_t)n, "\n\n");
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
	uint32_t r[4], family, model, apicid, clflush;
	char vendor[13], name[49], cache[32] = "";
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
	apicid = r[1] >> 24;
	clflush = ((r[1] >> 8) & 0xFF) * 8;
	if (clflush == 0)
		clflush = 64;
	if (cache_kib(vendor) != 0)
		snprintf(cache, sizeof(cache), "cache size\t: %u KB\n", cache_kib(vendor));
	n = snprintf(buf, size,
		     "processor\t: 0\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\n"
		     "model name\t: %s\nstepping\t: %u\ncpu MHz\t\t: %lu.%03lu\n%sphysical id\t: 0\n"
		     "siblings\t: 1\ncore id\t\t: 0\ncpu cores\t: 1\napicid\t\t: %u\n"
		     "initial apicid\t: %u\nfpu\t\t: yes\nfpu_exception\t: yes\n"
		     "cpuid level\t: %u\nwp\t\t: yes\nflags\t\t:",
		     vendor, family, model, name, r[0] & 0xF, (unsigned long)(hz / 1000000),
		     (unsigned long)(hz / 1000 % 1000), cache, apicid, apicid, max_leaf(0));
	n = add_flags(buf, size, n);
	r[0] = 48 << 8 | 36; /* without leaf 0x80000008: Linux's defaults */
	if (max_leaf(0x80000000) >= 0x80000008)
		cpuid(0x80000008, 0, r);
	if ((size_t)n < size)
		n += snprintf(buf + n, size - (size_t)n,
			      "\nbogomips\t: %lu.%02lu\nclflush size\t: %u\ncache_alignment\t: %u\n"
			      "address sizes\t: %u bits physical, %u bits virtual\n",
			      (unsigned long)(2 * hz / 1000000), (unsigned long)(2 * hz / 10000 % 100),
			      clflush, clflush, r[0] & 0xFF, (r[0] >> 8) & 0xFF);
	return add_power(buf, size, n);
}
