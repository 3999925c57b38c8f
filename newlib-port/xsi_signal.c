/* The XSI System V signal calls (obsolescent in POSIX.1-2008, still in
 * glibc): sighold, sigrelse, sigignore and sigset with SIG_HOLD, made of
 * sigprocmask and sigaction with glibc's semantics. */
#define _XOPEN_SOURCE 700	/* SIG_HOLD and these prototypes are XSI-only, as in glibc */
#include <errno.h>
#include <signal.h>
#include <stddef.h>

static int
mask_one(int how, int sig, sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	if (sigaddset(&set, sig) != 0)
		return -1;	/* EINVAL */
	return sigprocmask(how, &set, old);
}

int sighold(int sig) { return mask_one(SIG_BLOCK, sig, NULL); }
int sigrelse(int sig) { return mask_one(SIG_UNBLOCK, sig, NULL); }

int
sigignore(int sig)
{
	struct sigaction sa = { .sa_handler = SIG_IGN };

	return sigaction(sig, &sa, NULL);
}

/*
 * sigset: SIG_HOLD adds sig to the mask and leaves its disposition; any
 * other disposition is installed (no flags, empty mask) and sig leaves the
 * mask.  Returns SIG_HOLD if sig was blocked before, else its previous
 * disposition; SIG_ERR with errno on failure.
 */
_sig_func_ptr
sigset(int sig, _sig_func_ptr disp)
{
	struct sigaction sa = { .sa_handler = disp }, old;
	sigset_t was;

	if (disp == SIG_HOLD) {
		if (sigaction(sig, NULL, &old) != 0 || mask_one(SIG_BLOCK, sig, &was) != 0)
			return SIG_ERR;
	} else {
		if (disp == SIG_ERR) {
			errno = EINVAL;
			return SIG_ERR;
		}
		if (sigaction(sig, &sa, &old) != 0 || mask_one(SIG_UNBLOCK, sig, &was) != 0)
			return SIG_ERR;
	}
	return sigismember(&was, sig) ? SIG_HOLD : old.sa_handler;
}
