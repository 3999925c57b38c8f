/* <machine/stdlib.h>, included by newlib's <stdlib.h>: what Breenix adds
 * to it.  clearenv is setenv_r.c's, getprogname/setprogname start.c's. */
#ifndef	_MACHSTDLIB_H_
#define	_MACHSTDLIB_H_

#include <sys/features.h>

#ifdef __cplusplus
extern "C" {
#endif

#if __MISC_VISIBLE
int		clearenv (void);
#endif
#if __BSD_VISIBLE
const char	*getprogname (void);
void		setprogname (const char *);
#endif

#ifdef __cplusplus
}
#endif

#endif	/* _MACHSTDLIB_H_ */
