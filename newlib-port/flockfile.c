/* flockfile, ftrylockfile, funlockfile (POSIX): newlib declares them but
 * builds them only for its Linux target.  They take the stream's own
 * recursive lock, the one newlib's stdio functions take inside, so a
 * thread holding it makes a run of getc_unlocked/putc_unlocked calls, or
 * several printf calls, one unit (gnulib's getopt and error use them). */
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
	return __lock_try_acquire_recursive(fp->_lock);
}

void
funlockfile(FILE *fp)
{
	_funlockfile(fp);
}
