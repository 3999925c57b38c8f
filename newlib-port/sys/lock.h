/* <sys/lock.h> for Breenix: the locks newlib's own code takes (stdio
 * streams, atexit, the environment, time zones ...), made real because
 * programs have threads.  A lock is a structure held by value, as RTEMS's
 * are, so a static lock needs no start-up code and __lock_init never
 * allocates: a futex word (0 free, 1 held, 2 held with waiters), and for
 * recursive use the owner's thread id and a depth.  newlib-port/lock.c. */
#ifndef __SYS_LOCK_H__
#define __SYS_LOCK_H__

#include <newlib.h>
#include <_ansi.h>

#ifdef __cplusplus
extern "C" {
#endif

struct __breenix_lock {
	volatile int	word;
	int		owner;
	unsigned int	depth;
	int		reserved;
};

typedef struct __breenix_lock _LOCK_T;
typedef struct __breenix_lock _LOCK_RECURSIVE_T;

#define __LOCK_INIT(class, lock) class _LOCK_T lock = { 0, 0, 0, 0 }
#define __LOCK_INIT_RECURSIVE(class, lock) __LOCK_INIT(class, lock)

void	__breenix_lock_init(_LOCK_T *);
void	__breenix_lock_acquire(_LOCK_T *);
int	__breenix_lock_try_acquire(_LOCK_T *);
void	__breenix_lock_release(_LOCK_T *);
void	__breenix_lock_acquire_recursive(_LOCK_T *);
int	__breenix_lock_try_acquire_recursive(_LOCK_T *);
void	__breenix_lock_release_recursive(_LOCK_T *);

#define __lock_init(lock)			__breenix_lock_init(&(lock))
#define __lock_init_recursive(lock)		__breenix_lock_init(&(lock))
#define __lock_close(lock)			((void)0)
#define __lock_close_recursive(lock)		((void)0)
#define __lock_acquire(lock)			__breenix_lock_acquire(&(lock))
#define __lock_acquire_recursive(lock)		__breenix_lock_acquire_recursive(&(lock))
#define __lock_try_acquire(lock)		__breenix_lock_try_acquire(&(lock))
#define __lock_try_acquire_recursive(lock)	__breenix_lock_try_acquire_recursive(&(lock))
#define __lock_release(lock)			__breenix_lock_release(&(lock))
#define __lock_release_recursive(lock)		__breenix_lock_release_recursive(&(lock))

#ifdef __cplusplus
}
#endif

#endif /* __SYS_LOCK_H__ */
