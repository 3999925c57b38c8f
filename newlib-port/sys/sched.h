/* <sys/sched.h> for Breenix, included by newlib's <sched.h>: the policies
 * and struct sched_param with Linux's values, and sched_yield, which newlib
 * declares only for systems with POSIX threads or priority scheduling. */
#ifndef _SYS_SCHED_H_
#define _SYS_SCHED_H_

#include <sys/_timespec.h>
#include <sys/cdefs.h>
#include <sys/_types.h>
#if __GNU_VISIBLE
#include <sys/cpuset.h> /* cpu_set_t: <sched.h> then declares the affinity calls */
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define SCHED_OTHER	0
#define SCHED_FIFO	1
#define SCHED_RR	2
#define SCHED_BATCH	3
#define SCHED_IDLE	5

struct sched_param {
	int sched_priority;
};

int	sched_yield (void);
/* The scheduler's answers on Breenix: one policy (SCHED_OTHER, priority 0), one CPU. */
int	sched_getparam (__pid_t __pid, struct sched_param *__param);
int	sched_getscheduler (__pid_t __pid);
int	sched_get_priority_max (int __policy);
int	sched_get_priority_min (int __policy);
#if __GNU_VISIBLE
int	getcpu (unsigned int *__cpu, unsigned int *__node);
#endif

#ifdef __cplusplus
}
#endif

#endif /* _SYS_SCHED_H_ */
