/* <ucontext.h> for Breenix: the types only (ucontext_t, mcontext_t, REG_*);
 * getcontext, setcontext, makecontext and swapcontext are not provided. */
#ifndef _UCONTEXT_H
#define _UCONTEXT_H

#include <sys/ucontext.h>

#endif /* _UCONTEXT_H */
