/* fts(3): walking file hierarchies, as 4.4BSD and glibc do.
 *
 * fts_read returns each directory twice, before (FTS_D) and after (FTS_DP)
 * its contents, and everything else once.  The entries of a directory are
 * read in one go when the walk enters it (build), sorted with the caller's
 * comparison if there is one, and kept as a list linked by fts_link under
 * their parent; fts_read frees an entry when it moves past it, so an entry
 * stays valid until the next fts_read.  fts_cur is the entry last
 * returned; before the first read it is a placeholder (FTS_INIT) linked to
 * the roots, whose parent is a placeholder at level FTS_ROOTPARENTLEVEL.
 *
 * Unlike the BSD code this walk never changes directory: every entry
 * carries its whole path (fts_accpath == fts_path), so relative roots and
 * symbolic links need no special care, at the price of longer paths. */
#include <dirent.h>
#include <errno.h>
#include <fts.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ISSET(sp, opt)	((sp)->fts_options & (opt))
#define ISDOT(s)	((s)[0] == '.' && ((s)[1] == '\0' || ((s)[1] == '.' && (s)[2] == '\0')))

enum build_type { BCHILD, BNAMES, BREAD };

/* One entry, its path and its stat buffer in a single allocation.  The
 * path is dir/name, or root's when root is given (the roots' paths are the
 * arguments of fts_open as they are). */
static FTSENT *
ent_alloc(const char *dir, const char *name, size_t namelen, const char *root)
{
	size_t dirlen = dir != NULL ? strlen(dir) : 0, pathlen, off;
	int slash = dirlen > 0 && dir[dirlen - 1] != '/';
	FTSENT *p;

	pathlen = root != NULL ? strlen(root) : dirlen + slash + namelen;
	off = (sizeof(FTSENT) + namelen + pathlen + 1 + 15) & ~(size_t)15;
	if ((p = calloc(1, off + sizeof(struct stat))) == NULL)
		return NULL;
	memcpy(p->fts_name, name, namelen);
	p->fts_namelen = (unsigned short)namelen;
	p->fts_path = p->fts_name + namelen + 1;
	if (root != NULL) {
		memcpy(p->fts_path, root, pathlen);
	} else {
		if (dirlen > 0)
			memcpy(p->fts_path, dir, dirlen);
		if (slash)
			p->fts_path[dirlen] = '/';
		memcpy(p->fts_path + dirlen + slash, name, namelen);
	}
	p->fts_pathlen = (unsigned short)pathlen;
	p->fts_accpath = p->fts_path;
	p->fts_statp = (struct stat *)((char *)p + off);
	p->fts_instr = FTS_NOINSTR;
	p->fts_symfd = -1;
	return p;
}

static void
list_free(FTSENT *p)
{
	FTSENT *next;

	for (; p != NULL; p = next) {
		next = p->fts_link;
		free(p);
	}
}

/* Stats an entry (following a link if the walk is logical or follow is
 * set) and says what it is. */
static unsigned short
ent_stat(FTS *sp, FTSENT *p, int follow)
{
	struct stat *st = p->fts_statp;
	FTSENT *t;

	p->fts_errno = 0;
	if (ISSET(sp, FTS_LOGICAL) || follow) {
		if (stat(p->fts_accpath, st) != 0) {
			if (errno == ENOENT && lstat(p->fts_accpath, st) == 0)
				return FTS_SLNONE;
			p->fts_errno = errno;
			memset(st, 0, sizeof(*st));
			return FTS_NS;
		}
	} else if (lstat(p->fts_accpath, st) != 0) {
		p->fts_errno = errno;
		memset(st, 0, sizeof(*st));
		return FTS_NS;
	}
	p->fts_dev = st->st_dev;
	p->fts_ino = st->st_ino;
	p->fts_nlink = st->st_nlink;
	if (S_ISDIR(st->st_mode)) {
		if (p->fts_level > FTS_ROOTLEVEL && ISDOT(p->fts_name))
			return FTS_DOT;
		for (t = p->fts_parent; t != NULL && t->fts_level >= FTS_ROOTLEVEL; t = t->fts_parent)
			if (t->fts_ino == p->fts_ino && t->fts_dev == p->fts_dev) {
				p->fts_cycle = t;
				return FTS_DC;
			}
		return FTS_D;
	}
	if (S_ISLNK(st->st_mode))
		return FTS_SL;
	return S_ISREG(st->st_mode) ? FTS_F : FTS_DEFAULT;
}

/* Sorts a list of n entries with the caller's comparison. */
static FTSENT *
list_sort(FTS *sp, FTSENT *head, int n)
{
	FTSENT **a, *p;
	int i;

	if (n > sp->fts_nitems) {
		a = realloc(sp->fts_array, (size_t)n * sizeof(FTSENT *));
		if (a == NULL)
			return head;	/* unsorted, as BSD does */
		sp->fts_array = a;
		sp->fts_nitems = n;
	}
	for (i = 0, p = head; p != NULL; p = p->fts_link)
		sp->fts_array[i++] = p;
	qsort(sp->fts_array, (size_t)n, sizeof(FTSENT *), sp->fts_compar);
	for (i = 0; i < n - 1; i++)
		sp->fts_array[i]->fts_link = sp->fts_array[i + 1];
	sp->fts_array[n - 1]->fts_link = NULL;
	return sp->fts_array[0];
}

/* Whether a directory entry can be left unstat'ed: FTS_NOSTAT in a
 * physical walk (a logical one must follow links), and readdir told the
 * type, which is not a directory. */
static int
may_skip_stat(FTS *sp, const struct dirent *d)
{
	return ISSET(sp, FTS_NOSTAT) && ISSET(sp, FTS_PHYSICAL) && !ISSET(sp, FTS_LOGICAL) &&
	       d->d_type != DT_UNKNOWN && d->d_type != DT_DIR;
}

/* Reads the current directory's entries.  NULL for an empty or unreadable
 * directory; for fts_read (BREAD) the directory then becomes FTS_DP or
 * FTS_DNR. */
static FTSENT *
build(FTS *sp, enum build_type type)
{
	FTSENT *cur = sp->fts_cur, *head = NULL, *tail = NULL, *p;
	struct dirent *d;
	DIR *dir;
	int n = 0;

	if ((dir = opendir(cur->fts_accpath)) == NULL) {
		if (type == BREAD) {
			cur->fts_info = FTS_DNR;
			cur->fts_errno = errno;
		}
		return NULL;
	}
	while ((d = readdir(dir)) != NULL) {
		if (!ISSET(sp, FTS_SEEDOT) && ISDOT(d->d_name))
			continue;
		if ((p = ent_alloc(cur->fts_path, d->d_name, strlen(d->d_name), NULL)) == NULL) {
			list_free(head);
			closedir(dir);
			cur->fts_info = FTS_ERR;
			sp->fts_options |= FTS_STOP;
			errno = ENOMEM;
			return NULL;
		}
		p->fts_level = (short)(cur->fts_level + 1);
		p->fts_parent = cur;
		if (type == BNAMES || may_skip_stat(sp, d))
			p->fts_info = FTS_NSOK;
		else
			p->fts_info = ent_stat(sp, p, 0);
		if (tail != NULL)
			tail->fts_link = p;
		else
			head = p;
		tail = p;
		n++;
	}
	closedir(dir);
	if (n == 0) {
		if (type == BREAD)
			cur->fts_info = FTS_DP;
		return NULL;
	}
	return sp->fts_compar != NULL && n > 1 ? list_sort(sp, head, n) : head;
}

/* The name of a root is its path's last component ("/" stays "/"). */
static const char *
root_name(const char *path, size_t *len)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL || (slash == path && slash[1] == '\0')) {
		*len = strlen(path);
		return path;
	}
	*len = strlen(slash + 1);
	return slash + 1;
}

FTS *
fts_open(char *const *argv, int options, int (*compar)(const FTSENT **, const FTSENT **))
{
	FTSENT *parent = NULL, *root = NULL, *tail = NULL, *p;
	const char *name;
	size_t namelen;
	int n = 0;
	FTS *sp;

	if (options & ~FTS_OPTIONMASK) {
		errno = EINVAL;
		return NULL;
	}
	if ((sp = calloc(1, sizeof(*sp))) == NULL)
		return NULL;
	sp->fts_options = options | FTS_NOCHDIR;
	sp->fts_compar = (int (*)(const void *, const void *))compar;
	sp->fts_rfd = -1;
	if ((parent = ent_alloc(NULL, "", 0, NULL)) == NULL)
		goto fail;
	parent->fts_level = FTS_ROOTPARENTLEVEL;
	for (; *argv != NULL; argv++, n++) {
		if (**argv == '\0') {
			errno = ENOENT;
			goto fail;
		}
		/* Named by the whole argument while they are sorted, as BSD. */
		if ((p = ent_alloc(NULL, *argv, strlen(*argv), *argv)) == NULL)
			goto fail;
		p->fts_level = FTS_ROOTLEVEL;
		p->fts_parent = parent;
		p->fts_info = ent_stat(sp, p, ISSET(sp, FTS_COMFOLLOW));
		if (p->fts_info == FTS_DOT)
			p->fts_info = FTS_D;	/* a root "." is a real directory */
		if (tail != NULL)
			tail->fts_link = p;
		else
			root = p;
		tail = p;
	}
	if (compar != NULL && n > 1)
		root = list_sort(sp, root, n);
	for (p = root; p != NULL; p = p->fts_link) {
		name = root_name(p->fts_name, &namelen);
		memmove(p->fts_name, name, namelen + 1);
		p->fts_namelen = (unsigned short)namelen;
	}
	if ((sp->fts_cur = ent_alloc(NULL, "", 0, NULL)) == NULL)
		goto fail;
	sp->fts_cur->fts_link = root;
	sp->fts_cur->fts_parent = parent;
	sp->fts_cur->fts_level = FTS_ROOTLEVEL;
	sp->fts_cur->fts_info = FTS_INIT;
	return sp;
fail:
	list_free(root);
	free(parent);
	free(sp->fts_array);
	free(sp);
	return NULL;
}

FTSENT *
fts_read(FTS *sp)
{
	FTSENT *p, *tmp;
	int instr;

	if (sp->fts_cur == NULL || ISSET(sp, FTS_STOP))
		return NULL;
	p = sp->fts_cur;
	instr = p->fts_instr;
	p->fts_instr = FTS_NOINSTR;
	if (instr == FTS_AGAIN) {
		p->fts_info = ent_stat(sp, p, 0);
		return p;
	}
	if (instr == FTS_FOLLOW && (p->fts_info == FTS_SL || p->fts_info == FTS_SLNONE)) {
		p->fts_info = ent_stat(sp, p, 1);
		return p;
	}
	if (p->fts_info == FTS_D) {
		if (instr == FTS_SKIP || (ISSET(sp, FTS_XDEV) && p->fts_dev != sp->fts_dev)) {
			list_free(sp->fts_child);
			sp->fts_child = NULL;
			p->fts_info = FTS_DP;
			return p;
		}
		if (sp->fts_child != NULL && ISSET(sp, FTS_NAMEONLY)) {
			sp->fts_options &= ~FTS_NAMEONLY;
			list_free(sp->fts_child);
			sp->fts_child = NULL;
		}
		if (sp->fts_child == NULL && (sp->fts_child = build(sp, BREAD)) == NULL)
			return ISSET(sp, FTS_STOP) ? NULL : p;
		p = sp->fts_child;
		sp->fts_child = NULL;
		return sp->fts_cur = p;
	}
	for (;;) {			/* on to the next sibling */
		tmp = p;
		p = p->fts_link;
		if (p == NULL)
			break;
		free(tmp);
		if (p->fts_level == FTS_ROOTLEVEL) {
			sp->fts_dev = p->fts_dev;
			return sp->fts_cur = p;
		}
		if (p->fts_instr == FTS_SKIP)
			continue;
		if (p->fts_instr == FTS_FOLLOW) {
			p->fts_info = ent_stat(sp, p, 1);
			p->fts_instr = FTS_NOINSTR;
		}
		return sp->fts_cur = p;
	}
	p = tmp->fts_parent;		/* or up to the parent */
	free(tmp);
	if (p->fts_level == FTS_ROOTPARENTLEVEL) {
		free(p);
		errno = 0;
		return sp->fts_cur = NULL;
	}
	p->fts_info = p->fts_errno != 0 ? FTS_ERR : FTS_DP;
	return sp->fts_cur = p;
}

int
fts_set(FTS *sp, FTSENT *p, int instr)
{
	(void)sp;
	if (instr != 0 && instr != FTS_AGAIN && instr != FTS_FOLLOW &&
	    instr != FTS_NOINSTR && instr != FTS_SKIP) {
		errno = EINVAL;
		return 1;
	}
	p->fts_instr = (unsigned short)instr;
	return 0;
}

FTSENT *
fts_children(FTS *sp, int instr)
{
	FTSENT *p = sp->fts_cur;

	if (instr != 0 && instr != FTS_NAMEONLY) {
		errno = EINVAL;
		return NULL;
	}
	errno = 0;			/* tells an empty directory from an error */
	if (p == NULL || ISSET(sp, FTS_STOP))
		return NULL;
	if (p->fts_info == FTS_INIT)
		return p->fts_link;
	if (p->fts_info != FTS_D)
		return NULL;
	list_free(sp->fts_child);
	sp->fts_child = NULL;
	if (instr == FTS_NAMEONLY)
		sp->fts_options |= FTS_NAMEONLY;
	return sp->fts_child = build(sp, instr == FTS_NAMEONLY ? BNAMES : BCHILD);
}

int
fts_close(FTS *sp)
{
	FTSENT *p, *next;

	/* What is left: the current entry, the siblings after it, and the
	 * same for each parent up to the root's placeholder parent. */
	for (p = sp->fts_cur; p != NULL && p->fts_level >= FTS_ROOTLEVEL; p = next) {
		next = p->fts_link != NULL ? p->fts_link : p->fts_parent;
		free(p);
	}
	free(p);
	list_free(sp->fts_child);
	free(sp->fts_array);
	free(sp);
	return 0;
}
