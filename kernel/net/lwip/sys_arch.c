/*
 * sys_arch.c: the operating-system half of the lwIP port (docs/net.md).
 *
 * With NO_SYS=1 lwIP asks the system for little: the time in milliseconds
 * (sys_now, which drives its timers: TCP's fast and slow timers, ARP,
 * DHCP, IP reassembly), memory, and random numbers.
 *
 * Memory: every lwIP allocation (heap and pools alike, lwipopts.h) comes
 * here.  Each block carries a 16-byte header with its size, so the bytes
 * lwIP holds are counted exactly; past LWIP_PORT_MEM_LIMIT an allocation
 * fails, which lwIP handles by dropping a frame or refusing a connection.
 * Called with net_lock held, like all of lwIP.
 */
#include <kern/clock.h>
#include <kern/random.h>
#include <lib/string.h>
#include <net/lwip_port.h>
#include <vm/kmalloc.h>
#include "lwip/opt.h"
#include "lwip/sys.h"

#define HDR 16

static size_t lwip_mem_used;

u32_t sys_now(void)
{
	return (u32_t)(clock_monotonic_ns() / 1000000u);
}

void *lwip_port_malloc(size_t n)
{
	uint8_t *p;

	if (n > LWIP_PORT_MEM_LIMIT || lwip_mem_used + n + HDR > LWIP_PORT_MEM_LIMIT)
		return NULL;
	p = kmalloc(n + HDR);
	if (p == NULL)
		return NULL;
	memcpy(p, &n, sizeof(n));
	lwip_mem_used += n + HDR;
	return p + HDR;
}

void *lwip_port_calloc(size_t n, size_t m)
{
	void *p;

	if (m != 0 && n > LWIP_PORT_MEM_LIMIT / m)
		return NULL;
	p = lwip_port_malloc(n * m);
	if (p != NULL)
		memset(p, 0, n * m);
	return p;
}

void lwip_port_free(void *p)
{
	uint8_t *b = p;
	size_t n;

	if (b == NULL)
		return;
	b -= HDR;
	memcpy(&n, b, sizeof(n));
	lwip_mem_used -= n + HDR;
	kfree(b);
}

size_t lwip_port_mem_used(void)
{
	return lwip_mem_used;
}

uint32_t lwip_port_rand(void)
{
	uint32_t r;

	random_bytes(&r, sizeof(r));
	return r;
}

/* For netif_find ("en0" and the like): decimal digits, no sign. */
int atoi(const char *s)
{
	int v = 0;

	while (*s >= '0' && *s <= '9' && v < 100000000)
		v = v * 10 + (*s++ - '0');
	return v;
}
