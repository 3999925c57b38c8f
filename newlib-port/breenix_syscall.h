/* System-call entry for the Breenix C library.
 *
 * Breenix uses the Linux x86_64 convention through the SYSCALL instruction:
 * number in RAX, arguments in RDI, RSI, RDX, R10, R8, R9, result in RAX; a
 * result in [-4095, -1] is -errno; RCX and R11 are clobbered.  The kernel
 * also takes "int $0x80" with the same registers (__restore_rt and
 * thread_clone.S still use it), but that entry costs about 150 ns more a
 * call under TCG (getpid 429 ns against 275 ns, docs/benchmarks.md).  A
 * Breenix binary run on Linux stops in start.c before its first call.
 * __syscall_ret() is the one place that turns such a result into errno
 * and -1. */
#ifndef _BREENIX_SYSCALL_H
#define _BREENIX_SYSCALL_H

#include <sys/syscall.h>

static inline long
__syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	long ret;

	__asm__ volatile ("syscall"
			  : "=a"(ret)
			  : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
			  : "rcx", "r11", "memory");
	return ret;
}

#define __SC_L(x) ((long)(x))
#define __syscall0(n)			__syscall6(n, 0, 0, 0, 0, 0, 0)
#define __syscall1(n, a)		__syscall6(n, __SC_L(a), 0, 0, 0, 0, 0)
#define __syscall2(n, a, b)		__syscall6(n, __SC_L(a), __SC_L(b), 0, 0, 0, 0)
#define __syscall3(n, a, b, c)		__syscall6(n, __SC_L(a), __SC_L(b), __SC_L(c), 0, 0, 0)
#define __syscall4(n, a, b, c, d)	__syscall6(n, __SC_L(a), __SC_L(b), __SC_L(c), \
						   __SC_L(d), 0, 0)
#define __syscall5(n, a, b, c, d, e)	__syscall6(n, __SC_L(a), __SC_L(b), __SC_L(c), \
						   __SC_L(d), __SC_L(e), 0)

/* Converts a raw result: -errno becomes errno = errno, return -1. */
long __syscall_ret(unsigned long r);

#define SYSCALL0(n)		__syscall_ret(__syscall0(n))
#define SYSCALL1(n, a)		__syscall_ret(__syscall1(n, a))
#define SYSCALL2(n, a, b)	__syscall_ret(__syscall2(n, a, b))
#define SYSCALL3(n, a, b, c)	__syscall_ret(__syscall3(n, a, b, c))
#define SYSCALL4(n, a, b, c, d)	__syscall_ret(__syscall4(n, a, b, c, d))
#define SYSCALL5(n, a, b, c, d, e) __syscall_ret(__syscall5(n, a, b, c, d, e))
#define SYSCALL6(n, a, b, c, d, e, f) \
	__syscall_ret(__syscall6(n, __SC_L(a), __SC_L(b), __SC_L(c), __SC_L(d), __SC_L(e), __SC_L(f)))

/* A blocking call that is a thread cancellation point (pthread_cancel.c):
 * a pending cancellation is acted on before or during the call. */
int __pthread_cp_enter(void);
void __pthread_cp_leave(int);
#define CANCEL_SYSCALL(raw) __extension__ ({			\
	int __cp = __pthread_cp_enter();			\
	long __r = (raw);					\
	__pthread_cp_leave(__cp);				\
	__syscall_ret(__r); })

#endif
