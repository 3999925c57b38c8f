/* <unistd.h> for Breenix: newlib's <sys/unistd.h>, plus what glibc declares
 * there that newlib leaves out (the port implements each). */
#ifndef _UNISTD_H_
#define _UNISTD_H_

#include <sys/unistd.h>

/* The POSIX edition the library follows, as glibc says (newlib says it
 * only for Cygwin). */
#ifndef _POSIX_VERSION
#define _POSIX_VERSION			200809L
#endif
#ifndef _POSIX2_VERSION
#define _POSIX2_VERSION			200809L
#endif

/* POSIX options the library provides (<pthread.h>, <semaphore.h>). */
#define _POSIX_THREADS			200809L
#define _POSIX_THREAD_ATTR_STACKADDR	200809L
#define _POSIX_THREAD_ATTR_STACKSIZE	200809L
#define _POSIX_THREAD_PROCESS_SHARED	200809L
#define _POSIX_THREAD_SAFE_FUNCTIONS	200809L
#define _POSIX_THREAD_ROBUST_PRIO_NONE	200809L
#define _POSIX_TIMEOUTS			200809L
#define _POSIX_SEMAPHORES		200809L
#define _POSIX_BARRIERS			200809L
#define _POSIX_SPIN_LOCKS		200809L
#define _POSIX_READER_WRITER_LOCKS	200809L
#define _POSIX_CLOCK_SELECTION		200809L
#define _POSIX_MONOTONIC_CLOCK		200809L
#define _POSIX_CPUTIME			200809L	/* clock_getcpuclockid */
#define _POSIX_THREAD_CPUTIME		200809L	/* pthread_getcpuclockid */

#ifdef __cplusplus
extern "C" {
#endif

/* newlib declares it only where _POSIX_THREAD_SAFE_FUNCTIONS is defined first. */
int	getlogin_r (char *, size_t);

#if __GNU_VISIBLE
int	getresuid (uid_t *, uid_t *, uid_t *);
int	getresgid (gid_t *, gid_t *, gid_t *);
int	setresuid (uid_t, uid_t, uid_t);
int	setresgid (gid_t, gid_t, gid_t);
ssize_t	copy_file_range (int, off_t *, int, off_t *, size_t, unsigned int);
#endif

#ifdef __cplusplus
}
#endif

#endif /* _UNISTD_H_ */
