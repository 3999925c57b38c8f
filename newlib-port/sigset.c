/* Signal-set operations on the 64-bit mask (replaces newlib's unix/sigset.c,
 * whose shifts stop at 32 signals). */
#include <errno.h>
#include <signal.h>

static int
sig_valid(int sig)
{
	if (sig < 1 || sig >= NSIG) {
		errno = EINVAL;
		return 0;
	}
	return 1;
}

int sigemptyset(sigset_t *s) { *s = 0; return 0; }
int sigfillset(sigset_t *s) { *s = ~(sigset_t)0; return 0; }

int
sigaddset(sigset_t *s, const int sig)
{
	if (!sig_valid(sig))
		return -1;
	*s |= (sigset_t)1 << (sig - 1);
	return 0;
}

int
sigdelset(sigset_t *s, const int sig)
{
	if (!sig_valid(sig))
		return -1;
	*s &= ~((sigset_t)1 << (sig - 1));
	return 0;
}

int
sigismember(const sigset_t *s, int sig)
{
	if (!sig_valid(sig))
		return -1;
	return (*s >> (sig - 1)) & 1;
}

