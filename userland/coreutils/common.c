/* Helpers shared by the coreutils (see common.h). */
#include "common.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *progname = "coreutils";
int opt_ind = 1;
char *opt_arg;

void set_progname(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');

	progname = slash != NULL ? slash + 1 : argv0;
}

void warn_path(const char *path)
{
	fprintf(stderr, "%s: %s: %s\n", progname, path, strerror(errno));
}

void warn_msg(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void usage(const char *synopsis)
{
	fprintf(stderr, "usage: %s %s\n", progname, synopsis);
	exit(2);
}

static void *check_alloc(void *p)
{
	if (p == NULL) {
		warn_msg("out of memory");
		exit(1);
	}
	return p;
}

void *xmalloc(size_t n)
{
	return check_alloc(malloc(n ? n : 1));
}

void *xrealloc(void *p, size_t n)
{
	return check_alloc(realloc(p, n ? n : 1));
}

char *xstrdup(const char *s)
{
	return check_alloc(strdup(s));
}

/* Position inside a cluster of letters such as "-la", between calls. */
static int opt_pos = 1;

int next_opt(int argc, char **argv, const char *spec)
{
	char *arg, *where;
	int c;

	if (opt_ind >= argc)
		return -1;
	arg = argv[opt_ind];
	if (opt_pos == 1) {
		if (arg[0] != '-' || arg[1] == '\0')
			return -1;
		if (strcmp(arg, "--") == 0) {
			opt_ind++;
			return -1;
		}
	}
	c = (unsigned char)arg[opt_pos++];
	where = c != ':' ? strchr(spec, c) : NULL;
	if (arg[opt_pos] == '\0') {
		opt_ind++;
		opt_pos = 1;
	}
	if (where == NULL) {
		warn_msg("invalid option -- '%c'", c);
		return '?';
	}
	if (where[1] != ':')
		return c;
	if (opt_pos > 1) { /* the argument is glued on: "-n5" */
		opt_arg = arg + opt_pos;
		opt_ind++;
		opt_pos = 1;
	} else if (opt_ind < argc) {
		opt_arg = argv[opt_ind++];
	} else {
		warn_msg("option requires an argument -- '%c'", c);
		return '?';
	}
	return c;
}

ssize_t read_line(char **buf, size_t *cap, FILE *f)
{
	size_t len = 0;
	int c;

	while ((c = getc(f)) != EOF) {
		if (len + 2 > *cap) {
			*cap = *cap ? *cap * 2 : 128;
			*buf = xrealloc(*buf, *cap);
		}
		(*buf)[len++] = (char)c;
		if (c == '\n')
			break;
	}
	if (len == 0)
		return -1;
	(*buf)[len] = '\0';
	return (ssize_t)len;
}

int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0) /* no progress and no error: never loop on it */
				errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

char *last_name(const char *path)
{
	size_t len = strlen(path);
	const char *start;
	char *name;

	while (len > 1 && path[len - 1] == '/')
		len--;
	start = path + len;
	while (start > path && start[-1] != '/')
		start--;
	name = xmalloc((size_t)(path + len - start) + 1);
	memcpy(name, start, (size_t)(path + len - start));
	name[path + len - start] = '\0';
	return name;
}

char *path_join(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	int slash = dl > 0 && dir[dl - 1] != '/';
	char *p = xmalloc(dl + slash + nl + 1);

	memcpy(p, dir, dl);
	if (slash)
		p[dl] = '/';
	memcpy(p + dl + slash, name, nl + 1);
	return p;
}

char **read_dir(const char *path, size_t *count)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (d == NULL)
		return NULL;
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (n + 2 > cap) {
			cap = cap ? cap * 2 : 16;
			names = xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = xstrdup(de->d_name);
	}
	if (errno != 0) {
		int saved = errno;

		closedir(d);
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n] = NULL;
		free_names(names);
		errno = saved;
		return NULL;
	}
	closedir(d);
	names = xrealloc(names, (n + 1) * sizeof(*names));
	names[n] = NULL;
	*count = n;
	return names;
}

void free_names(char **names)
{
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		free(names[i]);
	free(names);
}

void human_size(unsigned long long bytes, char *buf, size_t len)
{
	static const char units[] = "KMGTPE";
	unsigned long long unit = 1024, whole, tenths;
	int u = 0;

	if (bytes < 1024) {
		snprintf(buf, len, "%llu", bytes);
		return;
	}
	while (u < 5 && bytes / unit >= 1024) {
		unit *= 1024;
		u++;
	}
	/* Tenths of the unit, rounded up so a size is never understated. */
	tenths = bytes / unit * 10 + ((bytes % unit) * 10 + unit - 1) / unit;
	if (tenths < 100) {
		snprintf(buf, len, "%llu.%llu%c", tenths / 10, tenths % 10, units[u]);
		return;
	}
	whole = bytes / unit + (bytes % unit != 0);
	if (whole >= 1024 && u < 5) {
		snprintf(buf, len, "1.0%c", units[u + 1]);
		return;
	}
	snprintf(buf, len, "%llu%c", whole, units[u]);
}

void mode_string(mode_t mode, char *buf)
{
	static const char rwx[] = "rwxrwxrwx";
	int i;

	buf[0] = S_ISDIR(mode) ? 'd' : S_ISLNK(mode) ? 'l' : S_ISCHR(mode) ? 'c' :
		 S_ISBLK(mode) ? 'b' : S_ISFIFO(mode) ? 'p' : S_ISSOCK(mode) ? 's' : '-';
	for (i = 0; i < 9; i++)
		buf[i + 1] = mode & (0400 >> i) ? rwx[i] : '-';
	if (mode & S_ISUID)
		buf[3] = buf[3] == 'x' ? 's' : 'S';
	if (mode & S_ISGID)
		buf[6] = buf[6] == 'x' ? 's' : 'S';
	if (mode & S_ISVTX)
		buf[9] = buf[9] == 'x' ? 't' : 'T';
	buf[10] = '\0';
}

int parse_long(const char *s, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0)
		return -1;
	return 0;
}

void concat_open(struct concat *c, char **files, int nfiles)
{
	static char *stdin_only[] = { "-", NULL };

	c->files = nfiles > 0 ? files : stdin_only;
	c->nfiles = nfiles > 0 ? nfiles : 1;
	c->cur = 0;
	c->fd = -1;
	c->status = 0;
}

size_t concat_read(struct concat *c, void *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		if (c->fd < 0) {
			if (c->cur >= c->nfiles)
				break;
			c->fd = strcmp(c->files[c->cur], "-") == 0 ? STDIN_FILENO :
								      open(c->files[c->cur], O_RDONLY);
			if (c->fd < 0) {
				warn_path(c->files[c->cur++]);
				c->status = 1;
				continue;
			}
		}
		n = read(c->fd, (char *)buf + got, len - got);
		if (n > 0) {
			got += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			warn_path(c->files[c->cur]);
			c->status = 1;
		}
		if (c->fd != STDIN_FILENO)
			close(c->fd);
		c->fd = -1;
		c->cur++;
	}
	return got;
}
