/*
 * printf.h: formatting into a buffer (kernel/lib/vsnprintf.c).
 *
 * Conversions: %d %i %u %x %X %o %p %s %c %%, flags '-' '0' ' ' '+' '#',
 * width and precision (also '*'), length modifiers hh h l ll z t j.  No
 * floating point (the kernel has no FPU state).  Returns the length the
 * full output would have, like C's vsnprintf; buf is always terminated
 * when size > 0.
 */
#ifndef LIB_PRINTF_H
#define LIB_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
__attribute__((format(printf, 3, 4))) int snprintf(char *buf, size_t size, const char *fmt, ...);

#endif
