/*
 * dns_port.c: where lwIP's DHCP client leaves the DNS servers of a lease.
 *
 * lwIP's DHCP client hands each DNS server option to dns_setserver, part
 * of lwIP's own resolver (dns.c).  Breenix does not build that resolver:
 * as on Linux, names are resolved by the C library over a UDP socket,
 * reading the servers from /etc/resolv.conf, which init makes a link to
 * /proc/net/pnp (inet_proc.c), where these servers appear.  So this file
 * keeps the servers and gives lwIP the few dns.c functions it calls.
 *
 * Locking: net_lock, as all of lwIP.
 */
#include <net/lwip_port.h>
#include "lwip/dns.h"

static ip_addr_t dns_servers[DNS_MAX_SERVERS];

void dns_init(void)
{
}

void dns_tmr(void)
{
}

void dns_setserver(u8_t numdns, const ip_addr_t *dnsserver)
{
	if (numdns >= DNS_MAX_SERVERS)
		return;
	if (dnsserver != NULL)
		dns_servers[numdns] = *dnsserver;
	else
		ip_addr_set_zero(&dns_servers[numdns]);
}

const ip_addr_t *dns_getserver(u8_t numdns)
{
	return numdns < DNS_MAX_SERVERS ? &dns_servers[numdns] : IP_ADDR_ANY;
}
