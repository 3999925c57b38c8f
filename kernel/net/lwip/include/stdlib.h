/* stdlib.h for lwIP's sources: netif_find's atoi (kernel/net/lwip/sys_arch.c). */
#ifndef LWIP_PORT_STDLIB_H
#define LWIP_PORT_STDLIB_H
int atoi(const char *s);
#endif
