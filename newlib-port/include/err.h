/* <err.h>: BSD's formatted error messages, as glibc has them: the program's
 * short name (program_invocation_short_name), ": ", the message, and for the
 * err/warn forms ": " and strerror(errno); a newline ends each.  err.c. */
#ifndef _ERR_H
#define _ERR_H

#include <sys/cdefs.h>
#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

void	warn (const char *, ...) __attribute__ ((__format__ (__printf__, 1, 2)));
void	vwarn (const char *, va_list) __attribute__ ((__format__ (__printf__, 1, 0)));
void	warnx (const char *, ...) __attribute__ ((__format__ (__printf__, 1, 2)));
void	vwarnx (const char *, va_list) __attribute__ ((__format__ (__printf__, 1, 0)));
void	err (int, const char *, ...)
	    __attribute__ ((__noreturn__, __format__ (__printf__, 2, 3)));
void	verr (int, const char *, va_list)
	    __attribute__ ((__noreturn__, __format__ (__printf__, 2, 0)));
void	errx (int, const char *, ...)
	    __attribute__ ((__noreturn__, __format__ (__printf__, 2, 3)));
void	verrx (int, const char *, va_list)
	    __attribute__ ((__noreturn__, __format__ (__printf__, 2, 0)));

#ifdef __cplusplus
}
#endif

#endif /* _ERR_H */
