/* Copying and removing whole trees (see tree.h). */
#include "tree.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

/*
 * The first directory a top-level copy created: met again as a source, it
 * means the copy is going into itself (cp -r d d/sub) and would not end.
 */
static dev_t made_dev;
static ino_t made_ino;
static int made_any;

static int copy_file(const char *src, const char *dst, mode_t mode)
{
	char buf[8192];
	ssize_t n;
	int in, out, rc = 0;

	in = open(src, O_RDONLY);
	if (in < 0) {
		warn_path(src);
		return -1;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, mode & 07777);
	if (out < 0) {
		warn_path(dst);
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write_all(out, buf, (size_t)n) < 0) {
			warn_path(dst);
			rc = -1;
			break;
		}
	if (n < 0) {
		warn_path(src);
		rc = -1;
	}
	close(in);
	if (close(out) < 0 && rc == 0) {
		warn_path(dst);
		rc = -1;
	}
	return rc;
}

static int copy_link(const char *src, const char *dst)
{
	char target[4096];
	ssize_t n = readlink(src, target, sizeof(target) - 1);

	if (n < 0) {
		warn_path(src);
		return -1;
	}
	target[n] = '\0';
	if (symlink(target, dst) < 0) {
		warn_path(dst);
		return -1;
	}
	return 0;
}

static int copy_any(const char *src, const char *dst, int recursive);

static int copy_dir(const char *src, const char *dst, const struct stat *st)
{
	struct stat dst_st;
	size_t n, i;
	char **names;
	int rc = 0;

	if (made_any && st->st_dev == made_dev && st->st_ino == made_ino) {
		warn_msg("%s: cannot copy a directory into itself", src);
		return -1;
	}
	/* List first, so a destination inside src is not copied again. */
	names = read_dir(src, &n);
	if (names == NULL) {
		warn_path(src);
		return -1;
	}
	/* Writable while filling it; the real mode is set at the end. */
	if (mkdir(dst, 0700) < 0 && (errno != EEXIST || stat(dst, &dst_st) < 0 ||
				      !S_ISDIR(dst_st.st_mode))) {
		warn_path(dst);
		free_names(names);
		return -1;
	}
	if (!made_any && stat(dst, &dst_st) == 0) {
		made_dev = dst_st.st_dev;
		made_ino = dst_st.st_ino;
		made_any = 1;
	}
	for (i = 0; i < n; i++) {
		char *s = path_join(src, names[i]), *d = path_join(dst, names[i]);

		if (copy_any(s, d, 1) < 0)
			rc = -1;
		free(s);
		free(d);
	}
	free_names(names);
	if (chmod(dst, st->st_mode & 07777) < 0) {
		warn_path(dst);
		rc = -1;
	}
	return rc;
}

static int copy_any(const char *src, const char *dst, int recursive)
{
	struct stat st, dst_st;

	if ((recursive ? lstat(src, &st) : stat(src, &st)) < 0) {
		warn_path(src);
		return -1;
	}
	if (stat(dst, &dst_st) == 0 && dst_st.st_dev == st.st_dev &&
	    dst_st.st_ino == st.st_ino) {
		warn_msg("'%s' and '%s' are the same file", src, dst);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		if (!recursive) {
			errno = EISDIR;
			warn_path(src);
			return -1;
		}
		return copy_dir(src, dst, &st);
	}
	if (S_ISLNK(st.st_mode)) {
		/* symlink() will not replace an existing file: cp does. */
		if (lstat(dst, &dst_st) == 0 && !S_ISDIR(dst_st.st_mode))
			unlink(dst);
		return copy_link(src, dst);
	}
	return copy_file(src, dst, st.st_mode);
}

int copy_tree(const char *src, const char *dst, int recursive)
{
	made_any = 0;
	return copy_any(src, dst, recursive);
}

int remove_tree(const char *path)
{
	struct stat st;
	size_t n, i;
	char **names;
	int rc = 0;

	if (lstat(path, &st) < 0) {
		warn_path(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (unlink(path) < 0) {
			warn_path(path);
			return -1;
		}
		return 0;
	}
	/* Read the whole directory before removing from it. */
	names = read_dir(path, &n);
	if (names == NULL) {
		warn_path(path);
		return -1;
	}
	for (i = 0; i < n; i++) {
		char *p = path_join(path, names[i]);

		if (remove_tree(p) < 0)
			rc = -1;
		free(p);
	}
	free_names(names);
	if (rmdir(path) < 0) {
		warn_path(path);
		return -1;
	}
	return rc;
}
