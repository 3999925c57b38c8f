/* cpu_set_t and the CPU_* macros for Breenix, as glibc's (a bit mask of
 * CPU_SETSIZE CPUs in unsigned longs).  Newlib's <sched.h> declares
 * sched_getaffinity and sched_setaffinity once this header is in. */
#ifndef _SYS_CPUSET_H_
#define _SYS_CPUSET_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define	CPU_SETSIZE	1024
#define	__NCPUBITS	(8 * sizeof(unsigned long))

typedef struct {
	unsigned long __bits[CPU_SETSIZE / __NCPUBITS];
} cpu_set_t;

int	__sched_cpucount (size_t __setsize, const cpu_set_t *__set);
cpu_set_t *__sched_cpualloc (size_t __count);
void	__sched_cpufree (cpu_set_t *__set);

#define	__CPUELT(cpu)	((cpu) / __NCPUBITS)
#define	__CPUMASK(cpu)	(1UL << ((cpu) % __NCPUBITS))

#define	CPU_ALLOC_SIZE(count) \
	((((size_t)(count) + __NCPUBITS - 1) / __NCPUBITS) * sizeof(unsigned long))
#define	CPU_ALLOC(count)	__sched_cpualloc(count)
#define	CPU_FREE(set)		__sched_cpufree(set)

#define	CPU_ZERO_S(size, set)	__builtin_memset((set), 0, (size))
#define	CPU_SET_S(cpu, size, set) \
	((size_t)(cpu) / 8 < (size) ? ((set)->__bits[__CPUELT(cpu)] |= __CPUMASK(cpu)) : 0)
#define	CPU_CLR_S(cpu, size, set) \
	((size_t)(cpu) / 8 < (size) ? ((set)->__bits[__CPUELT(cpu)] &= ~__CPUMASK(cpu)) : 0)
#define	CPU_ISSET_S(cpu, size, set) \
	((size_t)(cpu) / 8 < (size) ? ((set)->__bits[__CPUELT(cpu)] & __CPUMASK(cpu)) != 0 : 0)
#define	CPU_COUNT_S(size, set)	__sched_cpucount((size), (set))
#define	CPU_EQUAL_S(size, a, b)	(__builtin_memcmp((a), (b), (size)) == 0)

#define	CPU_ZERO(set)		CPU_ZERO_S(sizeof(cpu_set_t), set)
#define	CPU_SET(cpu, set)	CPU_SET_S(cpu, sizeof(cpu_set_t), set)
#define	CPU_CLR(cpu, set)	CPU_CLR_S(cpu, sizeof(cpu_set_t), set)
#define	CPU_ISSET(cpu, set)	CPU_ISSET_S(cpu, sizeof(cpu_set_t), set)
#define	CPU_COUNT(set)		CPU_COUNT_S(sizeof(cpu_set_t), set)
#define	CPU_EQUAL(a, b)		CPU_EQUAL_S(sizeof(cpu_set_t), a, b)

#define	__CPU_OP_S(size, dst, a, b, op) do { \
	size_t __i; \
	for (__i = 0; __i < (size) / sizeof(unsigned long); __i++) \
		(dst)->__bits[__i] = (a)->__bits[__i] op (b)->__bits[__i]; \
} while (0)
#define	CPU_AND_S(size, dst, a, b)	__CPU_OP_S(size, dst, a, b, &)
#define	CPU_OR_S(size, dst, a, b)	__CPU_OP_S(size, dst, a, b, |)
#define	CPU_XOR_S(size, dst, a, b)	__CPU_OP_S(size, dst, a, b, ^)
#define	CPU_AND(dst, a, b)	CPU_AND_S(sizeof(cpu_set_t), dst, a, b)
#define	CPU_OR(dst, a, b)	CPU_OR_S(sizeof(cpu_set_t), dst, a, b)
#define	CPU_XOR(dst, a, b)	CPU_XOR_S(sizeof(cpu_set_t), dst, a, b)

#ifdef __cplusplus
}
#endif
#endif
