/* err(3) and warn(3): "prog: message: strerror(errno)\n" on stderr, as
 * glibc writes it (prog is program_invocation_short_name, set at start-up).
 * The line is built first and written with one write(), so that messages
 * of processes sharing a terminal or a pipe do not mix. */
#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char *program_invocation_short_name;

/* One message; errnum < 0 leaves out the ": strerror" part. */
static void
message(int errnum, const char *fmt, va_list ap)
{
	char buf[1024];
	size_t n;
	int len;

	len = snprintf(buf, sizeof(buf), "%s: ", program_invocation_short_name);
	n = len > 0 ? (size_t)len : 0;
	if (fmt != NULL && n < sizeof(buf)) {
		len = vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
		n += len > 0 ? (size_t)len : 0;
	}
	if (errnum >= 0 && n < sizeof(buf)) {
		len = snprintf(buf + n, sizeof(buf) - n, fmt != NULL ? ": %s" : "%s",
			       strerror(errnum));
		n += len > 0 ? (size_t)len : 0;
	}
	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	buf[n++] = '\n';
	fflush(stderr);
	write(STDERR_FILENO, buf, n);
}

void
vwarn(const char *fmt, va_list ap)
{
	message(errno, fmt, ap);
}

void
vwarnx(const char *fmt, va_list ap)
{
	message(-1, fmt, ap);
}

void
verr(int status, const char *fmt, va_list ap)
{
	vwarn(fmt, ap);
	exit(status);
}

void
verrx(int status, const char *fmt, va_list ap)
{
	vwarnx(fmt, ap);
	exit(status);
}

void
warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void
warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnx(fmt, ap);
	va_end(ap);
}

void
err(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(status, fmt, ap);
}

void
errx(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verrx(status, fmt, ap);
}
