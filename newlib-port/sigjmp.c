/* The signal-mask half of sigsetjmp/siglongjmp (setjmp.S saves and restores
 * the registers).  A sigjmp_buf is a jmp_buf followed by a flag and the mask
 * (<setjmp.h>). */
#include <setjmp.h>
#include <signal.h>

_Static_assert(sizeof(sigjmp_buf) >= (_JBLEN + 1) * sizeof(long long) + sizeof(sigset_t),
	       "sigjmp_buf holds the registers, the flag and the mask");

#define SAVED(env)	((env)[_JBLEN])
#define MASK(env)	((sigset_t *)&(env)[_JBLEN + 1])

/* Tail-called by sigsetjmp once the registers are saved: its return value
 * is sigsetjmp's. */
int
__sigjmp_save(sigjmp_buf env, int savemask)
{
	SAVED(env) = savemask != 0 && sigprocmask(SIG_BLOCK, NULL, MASK(env)) == 0;
	return 0;
}

void
siglongjmp(sigjmp_buf env, int val)
{
	if (SAVED(env))
		sigprocmask(SIG_SETMASK, MASK(env), NULL);
	longjmp(env, val);
}
