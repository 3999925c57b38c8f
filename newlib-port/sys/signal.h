/* <sys/signal.h> for Breenix: Linux x86_64 signal numbers, struct sigaction
 * in the kernel's layout (handler, flags, restorer, mask), siginfo_t and
 * stack_t as Linux lays them out (include/uapi/asm-generic/siginfo.h). */
#ifndef _SYS_SIGNAL_H
#define _SYS_SIGNAL_H
#ifdef __cplusplus
extern "C" {
#endif

#include "_ansi.h"
#include <sys/cdefs.h>
#include <sys/features.h>
#include <sys/types.h>
#include <sys/_sigset.h>
#include <sys/_timespec.h>

#ifndef _SIGSET_T_DECLARED
#define _SIGSET_T_DECLARED
typedef __sigset_t sigset_t;	/* 64 bits: one per signal 1..64 */
#endif

#define	SIGHUP		1
#define	SIGINT		2
#define	SIGQUIT		3
#define	SIGILL		4
#define	SIGTRAP		5
#define	SIGABRT		6
#define	SIGIOT		SIGABRT
#define	SIGBUS		7
#define	SIGFPE		8
#define	SIGKILL		9
#define	SIGUSR1		10
#define	SIGSEGV		11
#define	SIGUSR2		12
#define	SIGPIPE		13
#define	SIGALRM		14
#define	SIGTERM		15
#define	SIGSTKFLT	16
#define	SIGCHLD		17
#define	SIGCLD		SIGCHLD
#define	SIGCONT		18
#define	SIGSTOP		19
#define	SIGTSTP		20
#define	SIGTTIN		21
#define	SIGTTOU		22
#define	SIGURG		23
#define	SIGXCPU		24
#define	SIGXFSZ		25
#define	SIGVTALRM	26
#define	SIGPROF		27
#define	SIGWINCH	28
#define	SIGIO		29
#define	SIGPOLL		SIGIO
#define	SIGPWR		30
#define	SIGSYS		31
/* As glibc: 32 and 33 belong to the thread library (32 cancels a thread). */
#define	SIGRTMIN	34
#define	SIGRTMAX	64
#define	NSIG		65
#define	_NSIG		NSIG

#define	SA_NOCLDSTOP	0x00000001
#define	SA_NOCLDWAIT	0x00000002
#define	SA_SIGINFO	0x00000004
#define	SA_RESTORER	0x04000000
#define	SA_ONSTACK	0x08000000
#define	SA_RESTART	0x10000000
#define	SA_NODEFER	0x40000000
#define	SA_RESETHAND	0x80000000
#define	SA_NOMASK	SA_NODEFER
#define	SA_ONESHOT	SA_RESETHAND

#define	SIG_BLOCK	0
#define	SIG_UNBLOCK	1
#define	SIG_SETMASK	2

#define	SS_ONSTACK	1
#define	SS_DISABLE	2
#define	MINSIGSTKSZ	2048
#define	SIGSTKSZ	8192

typedef void (*_sig_func_ptr)(int);

union sigval {
	int	sival_int;
	void	*sival_ptr;
};

/* siginfo_t: 128 bytes, the fields at Linux's offsets. */
typedef struct {
	int	si_signo;
	int	si_errno;
	int	si_code;
	int	__pad0;
	union {
		int __pad[28];
		struct {		/* kill, sigqueue */
			pid_t	si_pid;
			uid_t	si_uid;
			union sigval si_value;
		} __kill;
		struct {		/* SIGCHLD */
			pid_t	si_pid;
			uid_t	si_uid;
			int	si_status;
			long	si_utime;
			long	si_stime;
		} __chld;
		struct {		/* POSIX timers */
			int	si_tid;
			int	si_overrun;
			union sigval si_sigval;
		} __timer;
		struct {		/* SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP */
			void	*si_addr;
		} __fault;
	} __u;
} siginfo_t;

#define	si_pid		__u.__kill.si_pid
#define	si_uid		__u.__kill.si_uid
#define	si_value	__u.__kill.si_value
#define	si_status	__u.__chld.si_status
#define	si_utime	__u.__chld.si_utime
#define	si_stime	__u.__chld.si_stime
#define	si_addr		__u.__fault.si_addr
#define	si_timerid	__u.__timer.si_tid
#define	si_overrun	__u.__timer.si_overrun

/* si_code values */
#define	SI_USER		0
#define	SI_KERNEL	0x80
#define	SI_QUEUE	-1
#define	SI_TIMER	-2
#define	SI_TKILL	-6
#define	SEGV_MAPERR	1
#define	SEGV_ACCERR	2
#define	SEGV_BNDERR	3
#define	SEGV_PKUERR	4
#define	ILL_ILLOPC	1
#define	ILL_ILLOPN	2
#define	ILL_ILLADR	3
#define	ILL_ILLTRP	4
#define	ILL_PRVOPC	5
#define	ILL_PRVREG	6
#define	ILL_COPROC	7
#define	ILL_BADSTK	8
#define	FPE_INTDIV	1
#define	FPE_INTOVF	2
#define	FPE_FLTDIV	3
#define	FPE_FLTOVF	4
#define	FPE_FLTUND	5
#define	FPE_FLTRES	6
#define	FPE_FLTINV	7
#define	FPE_FLTSUB	8
#define	TRAP_BRKPT	1
#define	TRAP_TRACE	2
#define	BUS_ADRALN	1
#define	BUS_ADRERR	2
#define	BUS_OBJERR	3
#define	CLD_EXITED	1
#define	CLD_KILLED	2
#define	CLD_DUMPED	3
#define	CLD_TRAPPED	4
#define	CLD_STOPPED	5
#define	CLD_CONTINUED	6

struct sigevent {
	union sigval	sigev_value;
	int		sigev_signo;
	int		sigev_notify;
	union {
		int	__pad[12];
		int	__tid;
	} __sigev_un;
};
#define	sigev_notify_thread_id	__sigev_un.__tid
#define	SIGEV_SIGNAL	0
#define	SIGEV_NONE	1
#define	SIGEV_THREAD_ID	4	/* Linux's: to thread sigev_notify_thread_id (SIGEV_THREAD: not supported) */

/* The kernel's struct sigaction (rt_sigaction with an 8-byte mask). */
struct sigaction {
	union {
		_sig_func_ptr	__sa_handler;
		void		(*__sa_sigaction)(int, siginfo_t *, void *);
	} __sa_u;
	unsigned long	sa_flags;
	void		(*sa_restorer)(void);
	sigset_t	sa_mask;
};
#define	sa_handler	__sa_u.__sa_handler
#define	sa_sigaction	__sa_u.__sa_sigaction

typedef struct sigaltstack {
	void	*ss_sp;
	int	ss_flags;
	size_t	ss_size;
} stack_t;

int sigprocmask (int, const sigset_t *, sigset_t *);
int pthread_sigmask (int, const sigset_t *, sigset_t *);
int pthread_kill (pthread_t, int);
int kill (pid_t, int);
int killpg (pid_t, int);
int sigaction (int, const struct sigaction *, struct sigaction *);
int sigaddset (sigset_t *, const int);
int sigdelset (sigset_t *, const int);
int sigismember (const sigset_t *, int);
int sigfillset (sigset_t *);
int sigemptyset (sigset_t *);
int sigpending (sigset_t *);
int sigsuspend (const sigset_t *);
int sigaltstack (const stack_t *__restrict, stack_t *__restrict);
int siginterrupt (int, int);
int sigpause (int);
#if __XSI_VISIBLE
/* The System V calls (xsi_signal.c); SIG_HOLD is sigset's "block it". */
#define SIG_HOLD ((_sig_func_ptr)2)
int sighold (int);
int sigrelse (int);
int sigignore (int);
_sig_func_ptr sigset (int, _sig_func_ptr);
#endif
struct timespec;
int sigtimedwait (const sigset_t *__restrict, siginfo_t *__restrict,
	const struct timespec *__restrict);
int sigwaitinfo (const sigset_t *__restrict, siginfo_t *__restrict);
int sigwait (const sigset_t *__restrict, int *__restrict);
int sigqueue (pid_t, int, const union sigval);
#ifdef _COMPILING_NEWLIB
int _kill (pid_t, int);
#endif

#ifdef __cplusplus
}
#endif

#ifndef _SIGNAL_H_
/* Some applications take advantage of the fact that <sys/signal.h>
 * and <signal.h> are equivalent in glibc.  Allow for that here.  */
#include <signal.h>
#endif
#endif /* _SYS_SIGNAL_H */
