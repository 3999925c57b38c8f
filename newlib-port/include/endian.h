/* <endian.h> as glibc has it: the byte-order constants and the
 * htobe16 ... le64toh conversions (x86_64 is little-endian). */
#ifndef _ENDIAN_H
#define _ENDIAN_H

#include <sys/features.h>
#include <machine/endian.h>

#define	__LITTLE_ENDIAN	_LITTLE_ENDIAN
#define	__BIG_ENDIAN	_BIG_ENDIAN
#define	__PDP_ENDIAN	_PDP_ENDIAN
#define	__BYTE_ORDER	_BYTE_ORDER
#define	__FLOAT_WORD_ORDER	_BYTE_ORDER

#if __MISC_VISIBLE
#ifndef LITTLE_ENDIAN
#define	LITTLE_ENDIAN	_LITTLE_ENDIAN
#define	BIG_ENDIAN	_BIG_ENDIAN
#define	PDP_ENDIAN	_PDP_ENDIAN
#define	BYTE_ORDER	_BYTE_ORDER
#endif

#define	htobe16(x)	__bswap16(x)
#define	htole16(x)	((__uint16_t)(x))
#define	be16toh(x)	__bswap16(x)
#define	le16toh(x)	((__uint16_t)(x))
#define	htobe32(x)	__bswap32(x)
#define	htole32(x)	((__uint32_t)(x))
#define	be32toh(x)	__bswap32(x)
#define	le32toh(x)	((__uint32_t)(x))
#define	htobe64(x)	__bswap64(x)
#define	htole64(x)	((__uint64_t)(x))
#define	be64toh(x)	__bswap64(x)
#define	le64toh(x)	((__uint64_t)(x))
#endif

#endif /* _ENDIAN_H */
