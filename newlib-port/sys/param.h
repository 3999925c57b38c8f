/* <sys/param.h> as glibc has it on Linux x86_64: system parameters and the
 * BSD helper macros (MIN, MAX, howmany, roundup, powerof2, bit arrays). */
#ifndef _SYS_PARAM_H
#define _SYS_PARAM_H

#include <sys/config.h>
#include <sys/types.h>
#include <limits.h>
#include <endian.h>

#define	NBBY		8		/* bits in a byte */
#define	HZ		100		/* clock ticks a second (sysconf _SC_CLK_TCK) */
#define	EXEC_PAGESIZE	4096
#define	NOFILE		256
#define	NGROUPS		NGROUPS_MAX
#define	MAXSYMLINKS	20
#define	CANBSIZ		MAX_CANON
#define	MAXPATHLEN	PATH_MAX
#define	MAXHOSTNAMELEN	64
#define	DEV_BSIZE	512

#define	setbit(a, i)	((a)[(i) / NBBY] |= 1 << ((i) % NBBY))
#define	clrbit(a, i)	((a)[(i) / NBBY] &= ~(1 << ((i) % NBBY)))
#define	isset(a, i)	((a)[(i) / NBBY] & (1 << ((i) % NBBY)))
#define	isclr(a, i)	(((a)[(i) / NBBY] & (1 << ((i) % NBBY))) == 0)

#ifndef howmany
#define	howmany(x, y)	(((x) + ((y) - 1)) / (y))
#endif
#define	roundup(x, y)	((((x) + ((y) - 1)) / (y)) * (y))
#define	powerof2(x)	((((x) - 1) & (x)) == 0)

#define	MIN(a, b)	(((a) < (b)) ? (a) : (b))
#define	MAX(a, b)	(((a) > (b)) ? (a) : (b))

#endif /* _SYS_PARAM_H */
