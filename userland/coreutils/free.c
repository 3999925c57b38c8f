/*
 * free: memory use from /proc/meminfo, in procps's layout.  Sizes are in
 * KiB, or with -h in the largest unit that keeps them short (B, Ki, Mi...).
 * "used" is total less available, as procps 4 counts it.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "common.h"

struct meminfo {
	unsigned long long total, free, avail, buffers, cached, reclaimable, shmem;
	unsigned long long swap_total, swap_free;
};

/* Fill m from /proc/meminfo; the lines it lacks count as 0. */
static int read_meminfo(struct meminfo *m)
{
	static const struct {
		const char *name;
		size_t offset;
	} keys[] = {
		{ "MemTotal:", offsetof(struct meminfo, total) },
		{ "MemFree:", offsetof(struct meminfo, free) },
		{ "MemAvailable:", offsetof(struct meminfo, avail) },
		{ "Buffers:", offsetof(struct meminfo, buffers) },
		{ "Cached:", offsetof(struct meminfo, cached) },
		{ "SReclaimable:", offsetof(struct meminfo, reclaimable) },
		{ "Shmem:", offsetof(struct meminfo, shmem) },
		{ "SwapTotal:", offsetof(struct meminfo, swap_total) },
		{ "SwapFree:", offsetof(struct meminfo, swap_free) },
	};
	FILE *f = fopen("/proc/meminfo", "r");
	char name[64];
	unsigned long long v;
	size_t i;

	if (f == NULL) {
		warn_path("/proc/meminfo");
		return -1;
	}
	memset(m, 0, sizeof(*m));
	while (fscanf(f, "%63s %llu%*[^\n]", name, &v) == 2)
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (strcmp(name, keys[i].name) == 0)
				*(unsigned long long *)((char *)m + keys[i].offset) = v;
	fclose(f);
	if (m->avail == 0) /* older kernels: no MemAvailable line */
		m->avail = m->free + m->buffers + m->cached;
	return 0;
}

/* procps's -h: "0B", "8.7Mi", "470Mi", "23Gi" (truncated, never rounded up). */
static void human(unsigned long long kib, char *buf, size_t len)
{
	static const char units[] = "KMGTPE";
	unsigned long long scale = 1;
	int u = 0;

	if (kib == 0) {
		snprintf(buf, len, "0B");
		return;
	}
	while (u < 5 && kib / scale >= 1000) {
		scale *= 1024;
		u++;
	}
	if (kib / scale < 10)
		snprintf(buf, len, "%llu.%llu%ci", kib / scale, kib % scale * 10 / scale, units[u]);
	else
		snprintf(buf, len, "%llu%ci", kib / scale, units[u]);
}

static void print_row(const char *label, const unsigned long long *v, int n, int readable)
{
	char buf[32];
	int i;

	printf("%-8s", label);
	for (i = 0; i < n; i++) {
		if (readable)
			human(v[i], buf, sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "%llu", v[i]);
		printf("%12s", buf);
	}
	putchar('\n');
}

int main(int argc, char **argv)
{
	unsigned long long mem[6], swap[3];
	struct meminfo m;
	int readable = 0, c;

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "hk")) != -1) {
		if (c == '?')
			usage("[-h|-k]");
		readable = c == 'h';
	}
	if (read_meminfo(&m) < 0)
		return 1;
	mem[0] = m.total;
	mem[1] = m.total > m.avail ? m.total - m.avail : 0;
	mem[2] = m.free;
	mem[3] = m.shmem;
	mem[4] = m.buffers + m.cached + m.reclaimable;
	mem[5] = m.avail;
	swap[0] = m.swap_total;
	swap[1] = m.swap_total - m.swap_free;
	swap[2] = m.swap_free;
	puts("               total        used        free      shared  buff/cache   available");
	print_row("Mem:", mem, 6, readable);
	print_row("Swap:", swap, 3, readable);
	return 0;
}
