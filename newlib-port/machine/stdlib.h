/* <machine/stdlib.h>, included by newlib's <stdlib.h>: what Breenix adds
 * to it.  clearenv is setenv_r.c's, getprogname/setprogname start.c's, the
 * pseudo-terminal calls pty.c's. */
#ifndef	_MACHSTDLIB_H_
#define	_MACHSTDLIB_H_

#include <sys/features.h>

#ifdef __cplusplus
extern "C" {
#endif

#if __MISC_VISIBLE
int		clearenv (void);
#endif
#if __XSI_VISIBLE >= 600
int		posix_openpt (int);
#endif
#if __XSI_VISIBLE
int		grantpt (int);
int		unlockpt (int);
char		*ptsname (int);
#endif
#if __GNU_VISIBLE
int		ptsname_r (int, char *, size_t);
#endif
#if __BSD_VISIBLE
const char	*getprogname (void);
void		setprogname (const char *);
#endif

#ifdef __cplusplus
}
#endif

#endif	/* _MACHSTDLIB_H_ */
