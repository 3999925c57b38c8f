/* Signals.  sigaction passes the kernel's struct sigaction unchanged, adding
 * SA_RESTORER with __restore_rt, which makes the rt_sigreturn call when a
 * handler returns.  Masks are 64-bit, one bit per signal 1..64. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <reent.h>
#include "breenix_syscall.h"

void __restore_rt(void);
__asm__(".text\n"
	".globl __restore_rt\n"
	".type __restore_rt, @function\n"
	"__restore_rt:\n"
	"	movq $15, %rax\n"	/* SYS_rt_sigreturn */
	"	int $0x80\n"
	"	hlt\n");

int
sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	struct sigaction k;

	if (act != NULL) {
		k = *act;
		k.sa_flags |= SA_RESTORER;
		k.sa_restorer = __restore_rt;
		act = &k;
	}
	return SYSCALL4(SYS_rt_sigaction, sig, act, old, sizeof(sigset_t));
}

/* Signal 32 cancels threads (pthread_cancel): as in glibc, no mask blocks it. */
int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	sigset_t s;

	if (set != NULL && how != SIG_UNBLOCK) {
		s = *set;
		sigdelset(&s, 32);
		set = &s;
	}
	return SYSCALL4(SYS_rt_sigprocmask, how, set, old, sizeof(sigset_t));
}
int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{ return sigprocmask(how, set, old) == 0 ? 0 : errno; }
int sigpending(sigset_t *set) { return SYSCALL2(SYS_rt_sigpending, set, sizeof(sigset_t)); }
int sigsuspend(const sigset_t *set)	/* a cancellation point */
{ return CANCEL_SYSCALL(__syscall2(SYS_rt_sigsuspend, set, sizeof(sigset_t))); }
int sigaltstack(const stack_t *ss, stack_t *old) { return SYSCALL2(SYS_sigaltstack, ss, old); }
int kill(pid_t pid, int sig) { return SYSCALL2(SYS_kill, pid, sig); }
int _kill(pid_t pid, int sig) { return kill(pid, sig); }
int killpg(pid_t pgrp, int sig) { return kill(-pgrp, sig); }

/* signal() has BSD semantics, as in glibc: the handler stays installed and
 * interrupted calls restart. */
_sig_func_ptr
signal(int sig, _sig_func_ptr handler)
{
	struct sigaction sa, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sa.sa_flags = SA_RESTART;
	if (sigaction(sig, &sa, &old) != 0)
		return SIG_ERR;
	return old.sa_handler;
}

_sig_func_ptr _signal_r(struct _reent *r, int sig, _sig_func_ptr h) { (void)r; return signal(sig, h); }

int
siginterrupt(int sig, int flag)
{
	struct sigaction sa;

	if (sigaction(sig, NULL, &sa) != 0)
		return -1;
	if (flag)
		sa.sa_flags &= ~SA_RESTART;
	else
		sa.sa_flags |= SA_RESTART;
	return sigaction(sig, &sa, NULL);
}

int
sigpause(int sig)
{
	sigset_t s;

	if (sigprocmask(SIG_BLOCK, NULL, &s) != 0 || sigdelset(&s, sig) != 0)
		return -1;
	return sigsuspend(&s);
}
