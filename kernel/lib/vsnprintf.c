/*
 * vsnprintf.c: the kernel's printf formatting (see lib/printf.h for what it
 * supports).  Output goes through struct out, which counts every byte the
 * full result would have and stores those that fit.  Pure: also built into
 * the host unit tests (under other names, so as not to clash with libc).
 */
#include <stdbool.h>
#include <stdint.h>

#include <lib/printf.h>
#include <lib/string.h>

struct out {
	char *buf;
	size_t size, len;
};

struct spec {
	bool left, zero, plus, space, alt;
	int width, prec; /* prec < 0: none */
	int length;      /* 0, 'H' (hh), 'h', 'l', 'L' (ll) and friends */
};

static void out_char(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		out_char(o, c);
}

static void out_str(struct out *o, const struct spec *sp, const char *s)
{
	int n;

	if (s == NULL)
		s = "(null)";
	n = sp->prec >= 0 ? (int)strnlen(s, sp->prec) : (int)strlen(s);
	if (!sp->left)
		out_pad(o, ' ', sp->width - n);
	for (int i = 0; i < n; i++)
		out_char(o, s[i]);
	if (sp->left)
		out_pad(o, ' ', sp->width - n);
}

/* An integer: sign/prefix, zero padding to precision or width, digits. */
static void out_num(struct out *o, const struct spec *sp, uint64_t v, bool neg, unsigned base,
		    bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24], prefix[3] = "";
	int n = 0, plen = 0, zeros = 0, total;
	bool nonzero = v != 0;

	while (v != 0) {
		tmp[n++] = digits[v % base];
		v /= base;
	}
	if (n == 0 && sp->prec != 0)
		tmp[n++] = '0';
	if (neg)
		prefix[plen++] = '-';
	else if (sp->plus)
		prefix[plen++] = '+';
	else if (sp->space)
		prefix[plen++] = ' ';
	if (sp->alt && base == 16 && nonzero) {
		prefix[plen++] = '0';
		prefix[plen++] = upper ? 'X' : 'x';
	} else if (sp->alt && base == 8 && tmp[n - 1] != '0') {
		zeros = 1;
	}
	if (sp->prec > n)
		zeros = sp->prec - n;
	total = plen + zeros + n;
	if (sp->zero && !sp->left && sp->prec < 0 && sp->width > total) {
		zeros += sp->width - total;
		total = sp->width;
	}
	if (!sp->left)
		out_pad(o, ' ', sp->width - total);
	for (int i = 0; i < plen; i++)
		out_char(o, prefix[i]);
	out_pad(o, '0', zeros);
	while (n > 0)
		out_char(o, tmp[--n]);
	if (sp->left)
		out_pad(o, ' ', sp->width - total);
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	memset(sp, 0, sizeof(*sp));
	sp->prec = -1;
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else if (*f == '+')
			sp->plus = true;
		else if (*f == ' ')
			sp->space = true;
		else if (*f == '#')
			sp->alt = true;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == '.') {
		f++;
		sp->prec = 0;
		if (*f == '*') {
			sp->prec = va_arg(*ap, int);
			f++;
		}
		while (*f >= '0' && *f <= '9')
			sp->prec = sp->prec * 10 + (*f++ - '0');
	}
	if (f[0] == 'h' && f[1] == 'h') {
		sp->length = 'H';
		f += 2;
	} else if (f[0] == 'l' && f[1] == 'l') {
		sp->length = 'L';
		f += 2;
	} else if (*f == 'h' || *f == 'l' || *f == 'z' || *f == 't' || *f == 'j') {
		sp->length = *f == 'h' ? 'h' : 'l'; /* z, t, j are 64-bit here */
		f++;
	}
	return f;
}

static int64_t arg_signed(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case 'H':
		return (signed char)va_arg(*ap, int);
	case 'h':
		return (short)va_arg(*ap, int);
	case 'l':
	case 'L':
		return va_arg(*ap, long);
	default:
		return va_arg(*ap, int);
	}
}

static uint64_t arg_unsigned(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case 'H':
		return (unsigned char)va_arg(*ap, unsigned);
	case 'h':
		return (unsigned short)va_arg(*ap, unsigned);
	case 'l':
	case 'L':
		return va_arg(*ap, unsigned long);
	default:
		return va_arg(*ap, unsigned);
	}
}

static void format_one(struct out *o, char conv, struct spec *sp, va_list *ap)
{
	int64_t s;
	char c;

	switch (conv) {
	case 'd':
	case 'i':
		s = arg_signed(sp, ap);
		out_num(o, sp, s < 0 ? -(uint64_t)s : (uint64_t)s, s < 0, 10, false);
		break;
	case 'u':
		out_num(o, sp, arg_unsigned(sp, ap), false, 10, false);
		break;
	case 'x':
	case 'X':
		out_num(o, sp, arg_unsigned(sp, ap), false, 16, conv == 'X');
		break;
	case 'o':
		out_num(o, sp, arg_unsigned(sp, ap), false, 8, false);
		break;
	case 'p':
		sp->alt = true;
		out_num(o, sp, (uintptr_t)va_arg(*ap, void *), false, 16, false);
		break;
	case 's':
		out_str(o, sp, va_arg(*ap, const char *));
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		if (!sp->left)
			out_pad(o, ' ', sp->width - 1);
		out_char(o, c);
		if (sp->left)
			out_pad(o, ' ', sp->width - 1);
		break;
	default: /* %% and unknown conversions print themselves */
		out_char(o, conv);
		break;
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	struct spec sp;
	va_list aq;

	va_copy(aq, ap);
	while (*fmt != '\0') {
		if (*fmt != '%') {
			out_char(&o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, &aq);
		if (*fmt == '\0')
			break;
		format_one(&o, *fmt++, &sp, &aq);
	}
	va_end(aq);
	if (size > 0)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
