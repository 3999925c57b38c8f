/* <sys/sched.h> for Breenix, included by newlib's <sched.h>: the policies
 * and struct sched_param with Linux's values, and sched_yield, which newlib
 * declares only for systems with POSIX threads or priority scheduling. */
#ifndef _SYS_SCHED_H_
#define _SYS_SCHED_H_

#include <sys/_timespec.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SCHED_OTHER	0
#define SCHED_FIFO	1
#define SCHED_RR	2

struct sched_param {
	int sched_priority;
};

int	sched_yield (void);

#ifdef __cplusplus
}
#endif

#endif /* _SYS_SCHED_H_ */
