/* nftw and ftw: call a function for every file under a path, depth first,
 * as glibc does.
 *
 * The walk recurses once per directory level with one open DIR per level
 * (nopenfd is accepted and not needed).  The path being visited is built
 * in one growing buffer.  A directory is reported before its contents
 * (FTW_D) or, with FTW_DEPTH, after them (FTW_DP); one that cannot be read
 * is FTW_DNR and one that repeats an ancestor (through symbolic links) is
 * not entered again.  With FTW_MOUNT, directories of other file systems
 * are left out; with FTW_CHDIR the function runs in the directory that
 * holds the file; with FTW_ACTIONRETVAL (GNU) its result steers the walk.
 * ftw is nftw without flags, with glibc's mapping of the types (a symbolic
 * link that leads nowhere is FTW_NS, FTW_DP cannot happen). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct walk {
	int	(*fn)(const char *, const struct stat *, int, struct FTW *);
	int	(*ftw_fn)(const char *, const struct stat *, int);	/* ftw's */
	int	flags;
	dev_t	dev;		/* of the starting point (FTW_MOUNT) */
	char	*path;
	size_t	cap;
};

/* A directory being walked, for the cycle check. */
struct level {
	const struct level	*up;
	dev_t			dev;
	ino_t			ino;
};

/* What the callback's result tells the walk. */
enum { GO_ON, STOP, SKIP_SUBTREE, SKIP_SIBLINGS };

static int
call(struct walk *w, const struct stat *st, int type, int base, int lvl, int *result)
{
	static const int ftw_type[] = {
		[FTW_F] = FTW_F, [FTW_D] = FTW_D, [FTW_DNR] = FTW_DNR, [FTW_NS] = FTW_NS,
		[FTW_SL] = FTW_F, [FTW_DP] = FTW_D, [FTW_SLN] = FTW_NS,
	};
	struct FTW ftw = { base, lvl };
	int r;

	if (w->ftw_fn != NULL)
		r = w->ftw_fn(w->path, st, ftw_type[type]);
	else
		r = w->fn(w->path, st, type, &ftw);
	if (!(w->flags & FTW_ACTIONRETVAL)) {
		*result = r;
		return r != 0 ? STOP : GO_ON;
	}
	*result = r == FTW_STOP ? r : 0;	/* only a stop is nftw's result */
	switch (r) {
	case FTW_STOP:
		return STOP;
	case FTW_SKIP_SUBTREE:
		return SKIP_SUBTREE;
	case FTW_SKIP_SIBLINGS:
		return SKIP_SIBLINGS;
	}
	return GO_ON;
}

/* The name to stat or open: with FTW_CHDIR the walk stands in the
 * directory that holds the entry, so its last component. */
static const char *
name_of(const struct walk *w, int base)
{
	return (w->flags & FTW_CHDIR) ? w->path + base : w->path;
}

/* Makes room for len more bytes of path after used ones. */
static int
reserve(struct walk *w, size_t used, size_t len)
{
	size_t cap = w->cap;
	char *p;

	if (used + len + 1 <= cap)
		return 0;
	while (cap < used + len + 1)
		cap = cap != 0 ? cap * 2 : 256;
	if ((p = realloc(w->path, cap)) == NULL)
		return -1;
	w->path = p;
	w->cap = cap;
	return 0;
}

static int walk(struct walk *w, size_t len, int base, int lvl, const struct level *up,
		int parentfd, int *result);

/* The entries of an open directory: each one walked in turn. */
static int
walk_entries(struct walk *w, DIR *dir, size_t len, int lvl, const struct level *me,
	     int *result)
{
	size_t n, at = len + (len > 0 && w->path[len - 1] != '/');
	struct dirent *d;
	int act = GO_ON;

	while (act != STOP && act != SKIP_SIBLINGS) {
		errno = 0;
		if ((d = readdir(dir)) == NULL)
			return errno != 0 ? (*result = -1, STOP) : GO_ON;
		if (d->d_name[0] == '.' && (d->d_name[1] == '\0' ||
		    (d->d_name[1] == '.' && d->d_name[2] == '\0')))
			continue;
		n = strlen(d->d_name);
		if (reserve(w, at, n) != 0) {
			*result = -1;
			return STOP;
		}
		if (at > len)
			w->path[len] = '/';
		memcpy(w->path + at, d->d_name, n + 1);
		act = walk(w, at + n, (int)at, lvl + 1, me, dirfd(dir), result);
		w->path[len] = '\0';
	}
	return act == STOP ? STOP : GO_ON;
}

/* A directory: reported before or after its entries.  With FTW_CHDIR the
 * walk enters it after FTW_D and leaves it after FTW_DP, as glibc's. */
static int
walk_dir(struct walk *w, const struct stat *st, size_t len, int base, int lvl,
	 const struct level *up, int parentfd, int *result)
{
	struct level me = { up, st->st_dev, st->st_ino };
	int act = GO_ON, depth = w->flags & FTW_DEPTH, in_dir = w->flags & FTW_CHDIR;
	DIR *dir;

	if ((dir = opendir(name_of(w, base))) == NULL) {
		if (errno != EACCES) {
			*result = -1;
			return STOP;
		}
		return call(w, st, FTW_DNR, base, lvl, result);
	}
	if (!depth)
		act = call(w, st, FTW_D, base, lvl, result);
	if (act == GO_ON && in_dir && fchdir(dirfd(dir)) != 0) {
		*result = -1;
		act = STOP;
	} else if (act == GO_ON) {
		act = walk_entries(w, dir, len, lvl, &me, result);
		if (depth && act == GO_ON)
			act = call(w, st, FTW_DP, base, lvl, result);
		if (in_dir && fchdir(parentfd) != 0 && act != STOP) {
			*result = -1;
			act = STOP;
		}
	}
	closedir(dir);
	return act == SKIP_SUBTREE ? GO_ON : act;
}

/* One path (w->path, len bytes, last component at base). */
static int
walk(struct walk *w, size_t len, int base, int lvl, const struct level *up, int parentfd,
     int *result)
{
	struct stat st;
	const struct level *a;
	int type;

	if (((w->flags & FTW_PHYS) ? lstat : stat)(name_of(w, base), &st) != 0) {
		if (!(w->flags & FTW_PHYS) && errno == ENOENT &&
		    lstat(name_of(w, base), &st) == 0 && S_ISLNK(st.st_mode))
			type = FTW_SLN;
		else if (lvl == 0) {
			*result = -1;	/* the starting point itself */
			return STOP;
		} else {
			type = FTW_NS;
		}
	} else if (S_ISDIR(st.st_mode)) {
		if (lvl > 0 && (w->flags & FTW_MOUNT) && st.st_dev != w->dev)
			return GO_ON;
		for (a = up; a != NULL; a = a->up)
			if (a->dev == st.st_dev && a->ino == st.st_ino)
				return GO_ON;
		return walk_dir(w, &st, len, base, lvl, up, parentfd, result);
	} else {
		type = S_ISLNK(st.st_mode) ? FTW_SL : FTW_F;
	}
	if (type == FTW_NS)
		memset(&st, 0, sizeof(st));
	return call(w, &st, type, base, lvl, result);
}

/* With FTW_CHDIR the starting point's function runs in the directory that
 * holds it: returns a descriptor of that directory (entered), or -1. */
static int
enter_start_dir(const char *path, int *startfd)
{
	const char *slash = strrchr(path, '/');
	char *dir;

	*startfd = -1;
	if (slash == NULL)
		return 0;
	if ((dir = strndup(path, slash == path ? 1 : (size_t)(slash - path))) == NULL)
		return -1;
	*startfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	return *startfd >= 0 && fchdir(*startfd) == 0 ? 0 : -1;
}

static int
start(struct walk *w, const char *path)
{
	size_t len = strlen(path);
	const char *slash;
	struct stat st;
	int result = 0, cwd = -1, startfd = -1;

	if (len == 0) {
		errno = ENOENT;
		return -1;
	}
	while (len > 1 && path[len - 1] == '/')	/* "dir/" is reported as "dir" */
		len--;
	if (reserve(w, 0, len) != 0)
		return -1;
	memcpy(w->path, path, len);
	w->path[len] = '\0';
	path = w->path;
	if ((w->flags & FTW_MOUNT) && stat(path, &st) == 0)
		w->dev = st.st_dev;
	if (w->flags & FTW_CHDIR) {
		if ((cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
		    enter_start_dir(path, &startfd) != 0)
			result = -1;
		if (startfd < 0)
			startfd = cwd;
	}
	slash = strrchr(path, '/');
	if (result == 0)
		walk(w, len, slash != NULL && slash[1] != '\0' ? (int)(slash - path + 1) : 0, 0,
		     NULL, startfd, &result);
	if (cwd >= 0) {
		fchdir(cwd);
		close(cwd);
	}
	if (startfd >= 0 && startfd != cwd)
		close(startfd);
	free(w->path);
	return result;
}

int
nftw(const char *path, int (*fn)(const char *, const struct stat *, int, struct FTW *),
     int nopenfd, int flags)
{
	struct walk w = { fn, NULL, flags, 0, NULL, 0 };

	(void)nopenfd;
	return start(&w, path);
}

int
ftw(const char *path, int (*fn)(const char *, const struct stat *, int), int nopenfd)
{
	struct walk w = { NULL, fn, 0, 0, NULL, 0 };

	(void)nopenfd;
	return start(&w, path);
}
