/* syslog(3) without a syslog daemon.
 *
 * Breenix has no /dev/log, so a message goes, as one line, to
 *  - the file /var/log/messages, when it exists and can be opened for
 *    appending ("Mmm dd hh:mm:ss host ident[pid]: message"): creating that
 *    file is how a system keeps its log;
 *  - otherwise, with LOG_CONS, to /dev/console ("ident[pid]: message"),
 *    as glibc does when it cannot reach the daemon;
 *  - and, with LOG_PERROR, to stderr as well, in glibc's format.
 * "%m" in the format stands for strerror(errno), as in glibc (newlib's
 * printf knows %m: the port builds it with _GLIBC_EXTENSION). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#define LOG_FILE	"/var/log/messages"

extern char *program_invocation_short_name;

static const char *log_ident;
static int log_options;
static int log_facility = LOG_USER;
static int log_mask = 0xff;

void
openlog(const char *ident, int options, int facility)
{
	log_ident = ident;
	log_options = options;
	if (facility != 0 && (facility & ~LOG_FACMASK) == 0)
		log_facility = facility;
}

void
closelog(void)
{
	log_ident = NULL;
}

int
setlogmask(int mask)
{
	int old = log_mask;

	if (mask != 0)
		log_mask = mask;
	return old;
}

static void
write_to(const char *path, const char *text, size_t len)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_NOCTTY | O_CLOEXEC);

	if (fd >= 0) {
		write(fd, text, len);
		close(fd);
	}
}

/* Sends "tag: msg" as one line to the places listed at the top. */
static void
deliver(const char *tag, const char *msg)
{
	char stamp[32], host[65], *line;
	time_t now = time(NULL);
	struct tm tm;
	int n, fd;

	if (log_options & LOG_PERROR) {
		if ((n = asprintf(&line, "%s%s\n", tag, msg)) >= 0) {
			write(STDERR_FILENO, line, n);
			free(line);
		}
	}
	if ((fd = open(LOG_FILE, O_WRONLY | O_APPEND | O_NOCTTY | O_CLOEXEC)) >= 0) {
		if (localtime_r(&now, &tm) == NULL ||
		    strftime(stamp, sizeof(stamp), "%b %e %H:%M:%S", &tm) == 0)
			strcpy(stamp, "-");
		if (gethostname(host, sizeof(host)) != 0)
			strcpy(host, "-");
		if ((n = asprintf(&line, "%s %s %s%s\n", stamp, host, tag, msg)) >= 0) {
			write(fd, line, n);
			free(line);
		}
		close(fd);
	} else if (log_options & LOG_CONS) {
		if ((n = asprintf(&line, "%s%s\r\n", tag, msg)) >= 0) {
			write_to("/dev/console", line, n);
			free(line);
		}
	}
}

void
vsyslog(int pri, const char *fmt, va_list ap)
{
	int saved_errno = errno;
	const char *ident = log_ident != NULL ? log_ident : program_invocation_short_name;
	char tag[128], *msg;
	size_t len;

	pri &= LOG_PRIMASK | LOG_FACMASK;
	if ((LOG_MASK(LOG_PRI(pri)) & log_mask) == 0)
		return;
	if (log_options & LOG_PID)
		snprintf(tag, sizeof(tag), "%s[%d]: ", ident, (int)getpid());
	else
		snprintf(tag, sizeof(tag), "%s: ", ident);
	errno = saved_errno;			/* for %m */
	if (vasprintf(&msg, fmt, ap) >= 0) {
		len = strlen(msg);
		if (len > 0 && msg[len - 1] == '\n')
			msg[len - 1] = '\0';	/* the line's own end */
		deliver(tag, msg);
		free(msg);
	}
	errno = saved_errno;
}

void
syslog(int pri, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsyslog(pri, fmt, ap);
	va_end(ap);
}
