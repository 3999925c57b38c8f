/* <ftw.h>: ftw and nftw with glibc's values, including the GNU
 * FTW_ACTIONRETVAL replies (ftw.c). */
#ifndef _FTW_H
#define _FTW_H

#include <sys/cdefs.h>
#include <sys/features.h>
#include <sys/types.h>
#include <sys/stat.h>

/* the type argument of the callback */
#define	FTW_F		0	/* file */
#define	FTW_D		1	/* directory (before its contents) */
#define	FTW_DNR		2	/* directory that cannot be read */
#define	FTW_NS		3	/* stat failed */
#define	FTW_SL		4	/* symbolic link (FTW_PHYS) */
#define	FTW_DP		5	/* directory after its contents (FTW_DEPTH) */
#define	FTW_SLN		6	/* symbolic link to nothing */

/* nftw flags */
#define	FTW_PHYS	1	/* do not follow symbolic links */
#define	FTW_MOUNT	2	/* stay on one file system */
#define	FTW_CHDIR	4	/* change into each directory */
#define	FTW_DEPTH	8	/* directories after their contents */
#if __GNU_VISIBLE
#define	FTW_ACTIONRETVAL 16	/* the callback's result steers the walk */

#define	FTW_CONTINUE		0
#define	FTW_STOP		1
#define	FTW_SKIP_SUBTREE	2
#define	FTW_SKIP_SIBLINGS	3
#endif

struct FTW {
	int	base;	/* offset of the last component in the path */
	int	level;	/* depth below the starting point */
};

#ifdef __cplusplus
extern "C" {
#endif

int	ftw (const char *, int (*)(const char *, const struct stat *, int), int);
int	nftw (const char *, int (*)(const char *, const struct stat *, int, struct FTW *),
	      int, int);

#ifdef __cplusplus
}
#endif

#endif /* _FTW_H */
