/* Mount table reading and writing (<mntent.h>), glibc's format: one mount
 * a line, "fsname dir type opts freq passno", blanks between fields, and
 * space, tab, newline and backslash in a field written as \040 \011 \012
 * \134.  Lines that are blank or start with '#' are skipped. */
#include <mntent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_MNT	4096

FILE *
setmntent(const char *path, const char *mode)
{
	FILE *f = fopen(path, mode);

	if (f != NULL)
		setvbuf(f, NULL, _IOFBF, 0);
	return f;
}

int
endmntent(FILE *f)
{
	if (f != NULL)
		fclose(f);
	return 1;	/* glibc always says 1 */
}

/* Decodes the octal escapes of the field at *p in place, ends it with a
 * NUL and returns it; *p moves past the blanks that follow.  NULL when
 * there is no field. */
static char *
field(char **p)
{
	char *s = *p + strspn(*p, " \t"), *in = s, *out = s;

	if (*s == '\0')
		return NULL;
	while (*in != '\0' && *in != ' ' && *in != '\t') {
		if (in[0] == '\\' && in[1] >= '0' && in[1] <= '3' && in[2] >= '0' &&
		    in[2] <= '7' && in[3] >= '0' && in[3] <= '7') {
			*out++ = (char)((in[1] - '0') << 6 | (in[2] - '0') << 3 | (in[3] - '0'));
			in += 4;
		} else {
			*out++ = *in++;
		}
	}
	*p = *in != '\0' ? in + 1 : in;
	*out = '\0';
	return s;
}

/* The number field at *p, or 0 when there is none. */
static int
number(char **p)
{
	char *s = field(p);

	return s != NULL ? atoi(s) : 0;
}

struct mntent *
getmntent_r(FILE *f, struct mntent *m, char *buf, int size)
{
	char *p;

	for (;;) {
		if (fgets(buf, size, f) == NULL)
			return NULL;
		p = buf + strcspn(buf, "\n");
		if (*p != '\n' && !feof(f)) {
			/* Longer than buf: glibc drops the rest of the line. */
			int c;

			while ((c = getc(f)) != EOF && c != '\n')
				;
		}
		*p = '\0';
		p = buf + strspn(buf, " \t");
		if (*p == '\0' || *p == '#')
			continue;
		m->mnt_fsname = field(&p);
		m->mnt_dir = field(&p);
		m->mnt_type = field(&p);
		m->mnt_opts = field(&p);
		if (m->mnt_dir == NULL)
			continue;	/* not a mount line */
		if (m->mnt_type == NULL)
			m->mnt_type = (char *)"";
		if (m->mnt_opts == NULL)
			m->mnt_opts = (char *)"";
		m->mnt_freq = number(&p);
		m->mnt_passno = number(&p);
		return m;
	}
}

struct mntent *
getmntent(FILE *f)
{
	static struct mntent m;
	static char *buf;

	if (buf == NULL && (buf = malloc(LINE_MAX_MNT)) == NULL)
		return NULL;
	return getmntent_r(f, &m, buf, LINE_MAX_MNT);
}

/* Writes s with the characters that would end a field escaped. */
static int
put_field(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		int r;

		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\')
			r = fprintf(f, "\\%03o", (unsigned char)*s);
		else
			r = putc(*s, f);
		if (r < 0)
			return -1;
	}
	return 0;
}

int
addmntent(FILE *f, const struct mntent *m)
{
	if (fseek(f, 0, SEEK_END) < 0)
		return 1;
	if (put_field(f, m->mnt_fsname) < 0 || putc(' ', f) < 0 ||
	    put_field(f, m->mnt_dir) < 0 || putc(' ', f) < 0 ||
	    put_field(f, m->mnt_type) < 0 || putc(' ', f) < 0 ||
	    put_field(f, m->mnt_opts) < 0 ||
	    fprintf(f, " %d %d\n", m->mnt_freq, m->mnt_passno) < 0)
		return 1;
	return fflush(f) != 0;
}

/* The option opt in m's options (a whole option: "ro" is not in "rox",
 * but is in "ro=x"), or NULL. */
char *
hasmntopt(const struct mntent *m, const char *opt)
{
	size_t n = strlen(opt);
	char *p = m->mnt_opts;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, opt, n) == 0 && (p[n] == '\0' || p[n] == ',' || p[n] == '='))
			return p;
		p = strchr(p, ',');
		if (p != NULL)
			p++;
	}
	return NULL;
}
