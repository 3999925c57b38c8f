/* <sys/stdio.h> for Breenix, included by newlib's <stdio.h> once FILE is
 * defined: newlib's stdio locking macros (no-ops for streams private to
 * sprintf and sscanf), and the POSIX 2008 getline and getdelim that newlib
 * 3.3 leaves undeclared (newlib-port/getdelim_posix.c). */
#ifndef _NEWLIB_STDIO_H
#define _NEWLIB_STDIO_H

#include <sys/lock.h>
#include <sys/reent.h>

#if !defined(_flockfile)
#ifndef __SINGLE_THREAD__
#define _flockfile(fp) (((fp)->_flags & __SSTR) ? 0 : __lock_acquire_recursive((fp)->_lock))
#else
#define _flockfile(fp) ((void)0)
#endif
#endif

#if !defined(_funlockfile)
#ifndef __SINGLE_THREAD__
#define _funlockfile(fp) (((fp)->_flags & __SSTR) ? 0 : __lock_release_recursive((fp)->_lock))
#else
#define _funlockfile(fp) ((void)0)
#endif
#endif

#if __POSIX_VISIBLE >= 200809
ssize_t getdelim(char **__restrict, size_t *__restrict, int, FILE *__restrict);
ssize_t getline(char **__restrict, size_t *__restrict, FILE *__restrict);
#endif

#endif /* _NEWLIB_STDIO_H */
