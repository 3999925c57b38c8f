/* <setjmp.h> for Breenix: newlib's jmp_buf, plus the POSIX sigjmp_buf with
 * sigsetjmp/siglongjmp and the XSI _setjmp/_longjmp (newlib declares those
 * for Cygwin and RTEMS only).  setjmp.S and sigjmp.c implement them. */
#ifndef _SETJMP_H_
#define _SETJMP_H_

#include "_ansi.h"
#include <sys/features.h>
#include <machine/setjmp.h>

_BEGIN_STD_C

void	longjmp (jmp_buf __jmpb, int __retval) __attribute__ ((__noreturn__));
int	setjmp (jmp_buf __jmpb) __attribute__ ((__returns_twice__));

#if __POSIX_VISIBLE
/* The registers (jmp_buf), whether the mask was saved, the signal mask. */
typedef _JBTYPE sigjmp_buf[_JBLEN + 2];

int	sigsetjmp (sigjmp_buf __env, int __savemask) __attribute__ ((__returns_twice__));
void	siglongjmp (sigjmp_buf __env, int __val) __attribute__ ((__noreturn__));
#endif

#if __XSI_VISIBLE || __BSD_VISIBLE
int	_setjmp (jmp_buf __jmpb) __attribute__ ((__returns_twice__));
void	_longjmp (jmp_buf __jmpb, int __val) __attribute__ ((__noreturn__));
#endif

_END_STD_C

#endif /* _SETJMP_H_ */
