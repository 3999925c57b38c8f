/*
 * arch/cc.h: the compiler and platform half of the lwIP port (docs/net.md):
 * types from the compiler's freestanding headers, diagnostics to the
 * kernel log, assertions as kernel panics (they are lwIP's own invariants,
 * which no frame from the wire may break), random numbers from the kernel.
 */
#ifndef LWIP_ARCH_CC_H
#define LWIP_ARCH_CC_H

#include <stddef.h>
#include <stdint.h>

#define LWIP_NO_INTTYPES_H 1
#define LWIP_NO_CTYPE_H 1
#define LWIP_NO_UNISTD_H 1
#define LWIP_NO_LIMITS_H 1
#define INT_MAX __INT_MAX__
#define SSIZE_MAX __LONG_MAX__
typedef long ssize_t;
#define X8_F "02x"
#define U16_F "u"
#define S16_F "d"
#define X16_F "x"
#define U32_F "u"
#define S32_F "d"
#define X32_F "x"
#define SZT_F "lu"

#define BYTE_ORDER LITTLE_ENDIAN
#define LWIP_ERR_T int

#include <kern/kprintf.h>
#include <kern/panic.h>

uint32_t lwip_port_rand(void);
void *lwip_port_malloc(size_t n);
void *lwip_port_calloc(size_t n, size_t m);
void lwip_port_free(void *p);

#define LWIP_PLATFORM_DIAG(x) do { kprintf x; } while (0)
#define LWIP_PLATFORM_ASSERT(x) panic("lwIP: assertion \"%s\" failed at %s:%d", x, __FILE__, __LINE__)

#endif
