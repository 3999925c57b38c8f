/* Thread attributes (pthread_attr_*): stored in the 56-byte pthread_attr_t
 * and read by pthread_create.  Scheduling attributes are kept but there is
 * only SCHED_OTHER. */
#include <errno.h>
#include <string.h>
#include "pthread_impl.h"

int
pthread_attr_init(pthread_attr_t *a)
{
	memset(a, 0, sizeof(*a));
	a->__guardsize = 4096;
	a->__inheritsched = PTHREAD_INHERIT_SCHED;
	return 0;
}

int pthread_attr_destroy(pthread_attr_t *a) { (void)a; return 0; }

int
pthread_attr_setdetachstate(pthread_attr_t *a, int s)
{
	if (s != PTHREAD_CREATE_JOINABLE && s != PTHREAD_CREATE_DETACHED)
		return EINVAL;
	a->__detachstate = s;
	return 0;
}

int pthread_attr_getdetachstate(const pthread_attr_t *a, int *s) { *s = a->__detachstate; return 0; }

int
pthread_attr_setstacksize(pthread_attr_t *a, size_t n)
{
	if (n < PTHREAD_STACK_MIN)
		return EINVAL;
	a->__stacksize = n;
	return 0;
}

int
pthread_attr_getstacksize(const pthread_attr_t *a, size_t *n)
{
	*n = a->__stacksize != 0 ? a->__stacksize : 2UL << 20;
	return 0;
}

int
pthread_attr_setstack(pthread_attr_t *a, void *addr, size_t n)
{
	if (n < PTHREAD_STACK_MIN)
		return EINVAL;
	a->__stackaddr = addr;
	a->__stacksize = n;
	a->__set &= ~ATTR_STACK_TOP;
	return 0;
}

int
pthread_attr_getstack(const pthread_attr_t *a, void **addr, size_t *n)
{
	*addr = a->__stackaddr;
	if ((a->__set & ATTR_STACK_TOP) && a->__stackaddr != NULL)
		*addr = (char *)a->__stackaddr - a->__stacksize;
	*n = a->__stacksize;
	return 0;
}

/* The obsolete form: addr is the top of the stack, as with glibc. */
int
pthread_attr_setstackaddr(pthread_attr_t *a, void *addr)
{
	a->__stackaddr = addr;
	a->__set |= ATTR_STACK_TOP;
	return 0;
}

int
pthread_attr_getstackaddr(const pthread_attr_t *a, void **addr)
{
	*addr = a->__stackaddr;
	return 0;
}
int pthread_attr_setguardsize(pthread_attr_t *a, size_t n) { a->__guardsize = n; return 0; }
int pthread_attr_getguardsize(const pthread_attr_t *a, size_t *n) { *n = a->__guardsize; return 0; }

int
pthread_attr_setscope(pthread_attr_t *a, int s)
{
	if (s == PTHREAD_SCOPE_PROCESS)
		return ENOTSUP;
	if (s != PTHREAD_SCOPE_SYSTEM)
		return EINVAL;
	a->__scope = s;
	return 0;
}

int pthread_attr_getscope(const pthread_attr_t *a, int *s) { *s = a->__scope; return 0; }

int
pthread_attr_setinheritsched(pthread_attr_t *a, int s)
{
	if (s != PTHREAD_INHERIT_SCHED && s != PTHREAD_EXPLICIT_SCHED)
		return EINVAL;
	a->__inheritsched = s;
	return 0;
}

int pthread_attr_getinheritsched(const pthread_attr_t *a, int *s) { *s = a->__inheritsched; return 0; }

int
pthread_attr_setschedpolicy(pthread_attr_t *a, int p)
{
	if (p != SCHED_OTHER && p != SCHED_FIFO && p != SCHED_RR)
		return EINVAL;
	a->__schedpolicy = p;
	return 0;
}

int pthread_attr_getschedpolicy(const pthread_attr_t *a, int *p) { *p = a->__schedpolicy; return 0; }

int
pthread_attr_setschedparam(pthread_attr_t *a, const struct sched_param *p)
{
	a->__schedprio = p->sched_priority;
	return 0;
}

int
pthread_attr_getschedparam(const pthread_attr_t *a, struct sched_param *p)
{
	p->sched_priority = a->__schedprio;
	return 0;
}
