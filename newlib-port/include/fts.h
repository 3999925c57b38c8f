/* <fts.h>: the BSD file-hierarchy walk, with glibc's structures and values
 * (fts.c).  This fts never changes directory: fts_accpath is fts_path, as
 * with FTS_NOCHDIR, whatever the options say. */
#ifndef _FTS_H
#define _FTS_H

#include <sys/cdefs.h>
#include <sys/types.h>
#include <sys/stat.h>

typedef struct {
	struct _ftsent	*fts_cur;	/* the current entry */
	struct _ftsent	*fts_child;	/* fts_children's list */
	struct _ftsent	**fts_array;	/* for sorting */
	dev_t		fts_dev;	/* the device of the current root */
	char		*fts_path;
	int		fts_rfd;
	int		fts_pathlen;
	int		fts_nitems;
	int		(*fts_compar)(const void *, const void *);
	int		fts_options;
} FTS;

typedef struct _ftsent {
	struct _ftsent	*fts_cycle;	/* the ancestor an FTS_DC entry repeats */
	struct _ftsent	*fts_parent;
	struct _ftsent	*fts_link;	/* the next sibling */
	long		fts_number;	/* for the application */
	void		*fts_pointer;	/* for the application */
	char		*fts_accpath;	/* the path to use: fts_path here */
	char		*fts_path;	/* the root's path and the names below it */
	int		fts_errno;
	int		fts_symfd;
	unsigned short	fts_pathlen;
	unsigned short	fts_namelen;
	ino_t		fts_ino;
	dev_t		fts_dev;
	nlink_t		fts_nlink;
	short		fts_level;	/* 0 for the roots */
	unsigned short	fts_info;	/* FTS_D, FTS_F, ... */
	unsigned short	fts_flags;
	unsigned short	fts_instr;	/* fts_set's */
	struct stat	*fts_statp;
	char		fts_name[1];	/* the last component */
} FTSENT;

/* fts_open options */
#define	FTS_COMFOLLOW	0x0001	/* follow symbolic links named as roots */
#define	FTS_LOGICAL	0x0002	/* follow all symbolic links */
#define	FTS_NOCHDIR	0x0004	/* never change directory (always so here) */
#define	FTS_NOSTAT	0x0008	/* stat only directories (FTS_NSOK) */
#define	FTS_PHYSICAL	0x0010	/* report symbolic links themselves */
#define	FTS_SEEDOT	0x0020	/* return "." and ".." too */
#define	FTS_XDEV	0x0040	/* stay on the roots' devices */
#define	FTS_WHITEOUT	0x0080
#define	FTS_OPTIONMASK	0x00ff
#define	FTS_NAMEONLY	0x0100	/* fts_children: names only */
#define	FTS_STOP	0x0200	/* internal: a fatal error happened */

#define	FTS_ROOTPARENTLEVEL	-1
#define	FTS_ROOTLEVEL		0

/* fts_info */
#define	FTS_D		1	/* directory, before its contents */
#define	FTS_DC		2	/* directory that repeats an ancestor */
#define	FTS_DEFAULT	3	/* neither directory, file nor link */
#define	FTS_DNR		4	/* directory that cannot be read */
#define	FTS_DOT		5	/* "." or ".." */
#define	FTS_DP		6	/* directory, after its contents */
#define	FTS_ERR		7	/* error (fts_errno) */
#define	FTS_F		8	/* regular file */
#define	FTS_INIT	9
#define	FTS_NS		10	/* stat failed (fts_errno) */
#define	FTS_NSOK	11	/* not stat'ed (FTS_NOSTAT) */
#define	FTS_SL		12	/* symbolic link */
#define	FTS_SLNONE	13	/* symbolic link to nothing */
#define	FTS_W		14

/* fts_flags */
#define	FTS_DONTCHDIR	0x01
#define	FTS_SYMFOLLOW	0x02

/* fts_set instructions */
#define	FTS_AGAIN	1	/* return this entry again */
#define	FTS_FOLLOW	2	/* follow this symbolic link */
#define	FTS_NOINSTR	3
#define	FTS_SKIP	4	/* do not descend into this directory */

#ifdef __cplusplus
extern "C" {
#endif

FTSENT	*fts_children (FTS *, int);
int	 fts_close (FTS *);
FTS	*fts_open (char * const *, int, int (*)(const FTSENT **, const FTSENT **));
FTSENT	*fts_read (FTS *);
int	 fts_set (FTS *, FTSENT *, int);

#ifdef __cplusplus
}
#endif

#endif /* _FTS_H */
