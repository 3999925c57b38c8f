/*
 * string.c: memory and string functions for the kernel.  Byte loops, plus
 * "rep movsq/stosq" for the bulk of memcpy and memset and "rep movsb/stosb"
 * for the last 0-7 bytes: QEMU's TCG runs a rep string instruction one
 * element per step, so eight bytes a step is eight times faster than one
 * (the network's and the page cache's copies live here); on a CPU with
 * fast "rep movsb" (ERMS) the difference is small.
 */
#include <lib/string.h>

#include <stdint.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	void *ret = dst;
	size_t q = n >> 3, r = n & 7;

	__asm__ volatile("rep movsq\n\tmov %3, %2\n\trep movsb"
			 : "+D"(dst), "+S"(src), "+c"(q) : "r"(r) : "memory");
	return ret;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n-- > 0)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	void *ret = dst;
	size_t q = n >> 3, r = n & 7;
	uint64_t v = (uint8_t)c * 0x0101010101010101ull;

	__asm__ volatile("rep stosq\n\tmov %2, %1\n\trep stosb"
			 : "+D"(dst), "+c"(q) : "r"(r), "a"(v) : "memory");
	return ret;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != q[i])
			return p[i] - q[i];
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0')
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n > 0; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (*a == '\0')
			return 0;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (*s == '\0')
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (*s == '\0')
			return (char *)last;
	}
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size > 0) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}
