/* flockfile, ftrylockfile, funlockfile: newlib 3.3 declares them in
 * <stdio.h> but builds them only for Cygwin.  They take the stream's own
 * recursive lock, the one newlib's stdio takes for each call (<sys/stdio.h>,
 * lock.c), so a thread holding it keeps other threads' stdio calls out.
 * A zeroed lock is a free one: no stream needs initializing first. */
#include <stdio.h>
#include <sys/lock.h>

void
flockfile(FILE *fp)
{
	_flockfile(fp);
}

int
ftrylockfile(FILE *fp)
{
	if (fp->_flags & __SSTR)
		return 0;
	return __lock_try_acquire_recursive(fp->_lock) == 0 ? 0 : -1;
}

void
funlockfile(FILE *fp)
{
	_funlockfile(fp);
}
