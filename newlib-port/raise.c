/* raise (replaces newlib's signal/raise.c, which kills the whole process):
 * as glibc, the signal goes to the calling thread (tgkill), so another
 * thread neither takes it nor sees it pending. */
#include <reent.h>
#include <signal.h>
#include <unistd.h>
#include "breenix_syscall.h"

int
_raise_r(struct _reent *r, int sig)
{
	long ret = __syscall3(SYS_tgkill, __syscall0(SYS_getpid), __syscall0(SYS_gettid), sig);

	if (ret < 0) {
		r->_errno = (int)-ret;
		return -1;
	}
	return 0;
}

int
raise(int sig)
{
	return _raise_r(_REENT, sig);
}
