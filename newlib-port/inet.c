/* inet.c: IPv4 address conversions for <arpa/inet.h> (POSIX's inet_pton,
 * inet_ntop, and the older inet_aton, inet_addr, inet_ntoa).  AF_INET6
 * is refused with EAFNOSUPPORT: Breenix has no IPv6 yet (docs/net.md). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Dotted decimal, exactly four parts of at most three digits each (POSIX). */
static int
pton4(const char *s, unsigned char out[4])
{
	int part = 0, digits = 0;
	unsigned v = 0;

	for (;; s++) {
		if (*s >= '0' && *s <= '9') {
			if (digits > 0 && v == 0)
				return 0; /* leading zero: glibc refuses it too */
			v = v * 10 + (unsigned)(*s - '0');
			if (++digits > 3 || v > 255)
				return 0;
		} else if ((*s == '.' || *s == '\0') && digits > 0) {
			out[part++] = (unsigned char)v;
			if (*s == '\0')
				return part == 4;
			if (part == 4)
				return 0;
			v = 0;
			digits = 0;
		} else {
			return 0;
		}
	}
}

int
inet_pton(int af, const char *restrict src, void *restrict dst)
{
	unsigned char a[4];

	if (af != AF_INET) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	if (!pton4(src, a))
		return 0;
	memcpy(dst, a, 4);
	return 1;
}

const char *
inet_ntop(int af, const void *restrict src, char *restrict dst, socklen_t size)
{
	const unsigned char *a = src;
	char buf[INET_ADDRSTRLEN];
	int n;

	if (af != AF_INET) {
		errno = EAFNOSUPPORT;
		return NULL;
	}
	n = snprintf(buf, sizeof(buf), "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
	if (n < 0 || (socklen_t)n >= size) {
		errno = ENOSPC;
		return NULL;
	}
	memcpy(dst, buf, (size_t)n + 1);
	return dst;
}

/* The classic forms: a, a.b (8.24 bits), a.b.c (8.8.16), a.b.c.d; decimal, 0x hex or 0 octal. */
int
inet_aton(const char *cp, struct in_addr *inp)
{
	unsigned long parts[4], v;
	int n = 0, base;
	unsigned long max[4] = { 0xffffffffUL, 0xffffffUL, 0xffffUL, 0xffUL };

	for (;;) {
		if (*cp < '0' || *cp > '9')
			return 0;
		base = 10;
		if (*cp == '0') {
			base = 8;
			cp++;
			if (*cp == 'x' || *cp == 'X') {
				base = 16;
				cp++;
			}
		}
		v = 0;
		for (;; cp++) {
			int d;

			if (*cp >= '0' && *cp <= '9')
				d = *cp - '0';
			else if (base == 16 && *cp >= 'a' && *cp <= 'f')
				d = *cp - 'a' + 10;
			else if (base == 16 && *cp >= 'A' && *cp <= 'F')
				d = *cp - 'A' + 10;
			else
				break;
			if (d >= base)
				return 0;
			v = v * (unsigned long)base + (unsigned long)d;
			if (v > 0xffffffffUL)
				return 0;
		}
		parts[n++] = v;
		if (*cp != '.')
			break;
		if (n == 4)
			return 0;
		cp++;
	}
	if (*cp != '\0' && *cp != ' ' && *cp != '\t' && *cp != '\n')
		return 0;
	for (int i = 0; i < n - 1; i++)
		if (parts[i] > 0xff)
			return 0;
	if (parts[n - 1] > max[n - 1])
		return 0;
	v = parts[n - 1];
	for (int i = 0; i < n - 1; i++)
		v |= parts[i] << (24 - 8 * i);
	if (inp != NULL)
		inp->s_addr = htonl((uint32_t)v);
	return 1;
}

in_addr_t
inet_addr(const char *cp)
{
	struct in_addr a;

	return inet_aton(cp, &a) ? a.s_addr : INADDR_NONE;
}

char *
inet_ntoa(struct in_addr in)
{
	static char buf[INET_ADDRSTRLEN];

	return (char *)inet_ntop(AF_INET, &in, buf, sizeof(buf));
}
