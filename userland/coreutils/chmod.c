/*
 * chmod: change file modes, given in octal (755) or symbolically as
 * comma-separated clauses [ugoa]*[+-=][rwxXst]* or [+-=][ugo] (u+x, go-w,
 * a=r, g=u).  Without u, g, o or a, the bits in the umask are left alone.
 * -R changes directories' contents too (symbolic links met are skipped).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"

#define SYNOPSIS "[-R] mode file..."

static mode_t cur_umask;

/* The permission bits of who (a mask over 07777) copied from class c. */
static mode_t copy_class(mode_t mode, char c)
{
	mode_t bits = c == 'u' ? (mode >> 6) & 7 : c == 'g' ? (mode >> 3) & 7 : mode & 7;

	return bits << 6 | bits << 3 | bits;
}

/* Apply a symbolic mode to old; -1 if the mode is malformed. */
static long apply_symbolic(const char *spec, mode_t old, int is_dir)
{
	mode_t mode = old & 07777;
	const char *p = spec;

	for (;;) {
		mode_t who = 0, mask;

		for (; *p != '\0' && strchr("ugoa", *p) != NULL; p++)
			who |= *p == 'u' ? 04700 : *p == 'g' ? 02070 : *p == 'o' ? 01007 : 07777;
		mask = who ? who : 07777 & ~cur_umask;
		if (*p == '\0' || strchr("+-=", *p) == NULL)
			return -1;
		while (*p != '\0' && strchr("+-=", *p) != NULL) {
			char op = *p++;
			mode_t perm = 0;

			if (*p != '\0' && strchr("ugo", *p) != NULL) {
				perm = copy_class(mode, *p++);
			} else {
				for (; *p != '\0' && strchr("rwxXst", *p) != NULL; p++)
					perm |= *p == 'r' ? 0444 : *p == 'w' ? 0222 : *p == 'x' ? 0111 :
						*p == 's' ? 06000 : *p == 't' ? 01000 :
						(is_dir || (old & 0111)) ? 0111 : 0; /* X */
			}
			/* '=' clears all of who's bits, even those the umask protects. */
			if (op == '=')
				mode &= ~(who ? who : 07777);
			if (op == '-')
				mode &= ~(perm & mask);
			else
				mode |= perm & mask;
		}
		if (*p == '\0')
			return (long)mode;
		if (*p++ != ',')
			return -1;
	}
}

/* The new mode for a file: octal replaces, symbolic edits. */
static long new_mode(const char *spec, const struct stat *st)
{
	char *end;
	long v;

	if (*spec >= '0' && *spec <= '7') {
		v = strtol(spec, &end, 8);
		return *end == '\0' && v <= 07777 ? v : -1;
	}
	return apply_symbolic(spec, st->st_mode, S_ISDIR(st->st_mode));
}

static int change(const char *spec, const char *path, int recursive, int top)
{
	struct stat st;
	size_t n, i;
	char **names;
	int rc = 0;
	long mode;

	if ((top ? stat(path, &st) : lstat(path, &st)) < 0) {
		warn_path(path);
		return -1;
	}
	if (S_ISLNK(st.st_mode)) /* met inside a tree: its target is not ours to change */
		return 0;
	mode = new_mode(spec, &st);
	if (chmod(path, (mode_t)mode) < 0) {
		warn_path(path);
		rc = -1;
	}
	if (!recursive || !S_ISDIR(st.st_mode))
		return rc;
	names = read_dir(path, &n);
	if (names == NULL) {
		warn_path(path);
		return -1;
	}
	for (i = 0; i < n; i++) {
		char *child = path_join(path, names[i]);

		if (change(spec, child, 1, 0) < 0)
			rc = -1;
		free(child);
	}
	free_names(names);
	return rc;
}

int main(int argc, char **argv)
{
	int recursive = 0, status = 0;
	struct stat probe = { 0 };
	const char *spec;

	set_progname(argv[0]);
	/* "chmod -w file" is a mode, not an option: options are only R. */
	while (opt_ind < argc && strcmp(argv[opt_ind], "-R") == 0) {
		recursive = 1;
		opt_ind++;
	}
	if (opt_ind < argc && strcmp(argv[opt_ind], "--") == 0)
		opt_ind++;
	if (argc - opt_ind < 2)
		usage(SYNOPSIS);
	spec = argv[opt_ind++];
	cur_umask = umask(0);
	umask(cur_umask);
	/* Check the mode once, before changing anything. */
	if (new_mode(spec, &probe) < 0) {
		warn_msg("invalid mode: '%s'", spec);
		return 2;
	}
	for (; opt_ind < argc; opt_ind++)
		if (change(spec, argv[opt_ind], recursive, 1) < 0)
			status = 1;
	return status;
}
