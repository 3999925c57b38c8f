/*
 * Helpers shared by the coreutils.  Each tool is built against both glibc
 * (host tests) and newlib (Breenix), so anything whose behaviour differs
 * between the two, or that newlib lacks, lives here.
 */
#ifndef COREUTILS_COMMON_H
#define COREUTILS_COMMON_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* The tool's name for messages: the last component of argv[0]. */
extern const char *progname;
void set_progname(const char *argv0);

/* "prog: path: strerror(errno)" on stderr. */
void warn_path(const char *path);
/* "prog: message" on stderr. */
void warn_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "usage: prog synopsis" on stderr, then exit 2. */
void usage(const char *synopsis) __attribute__((noreturn));

void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/*
 * Option parsing that behaves the same with glibc and newlib: options stop
 * at the first operand or "--" (glibc's getopt would reorder argv).  Returns
 * the option letter, -1 at the end, or '?' after printing a message.
 */
extern int opt_ind;
extern char *opt_arg;
int next_opt(int argc, char **argv, const char *spec);

/* getline(): newlib declares only __getline. Returns the length, -1 at EOF. */
ssize_t read_line(char **buf, size_t *cap, FILE *f);

/* Write all of buf, retrying short writes. Returns 0 or -1 (errno set). */
int write_all(int fd, const void *buf, size_t len);

/* The last component of path, ignoring trailing slashes, freshly allocated. */
char *last_name(const char *path);

/* "dir/name", freshly allocated. */
char *path_join(const char *dir, const char *name);

/*
 * The names in a directory except "." and "..", in readdir order, as a
 * NULL-terminated array to release with free_names().  NULL on error.
 */
char **read_dir(const char *path, size_t *count);
void free_names(char **names);

/* Size as GNU's -h does it: 1023, 1.0K, 9.9K, 10K, 1.5M (rounded up). */
void human_size(unsigned long long bytes, char *buf, size_t len);

/* "drwxr-xr-x" for a st_mode: 10 characters and a NUL. */
void mode_string(mode_t mode, char *buf);

/*
 * Files read one after another as one stream, "-" being standard input
 * (od, hexdump).  With no files, standard input alone.  Files that cannot
 * be read are reported and skipped, and leave status at 1.
 */
struct concat {
	char **files;
	int nfiles, cur, fd, status;
};
void concat_open(struct concat *c, char **files, int nfiles);
/* Fill buf as far as the files go; the count, less than len only at the end. */
size_t concat_read(struct concat *c, void *buf, size_t len);

/* Parse a whole decimal number; returns 0, or -1 if s is not one. */
int parse_long(const char *s, long *out);

#endif
