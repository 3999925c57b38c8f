/* prctl for Breenix: Linux's option numbers (linux/prctl.h).  The kernel
 * does PR_SET/GET_NAME, PR_SET/GET_PDEATHSIG, PR_SET/GET_DUMPABLE and
 * PR_SET/GET_NO_NEW_PRIVS; other options fail with EINVAL. */
#ifndef _SYS_PRCTL_H
#define _SYS_PRCTL_H
#ifdef __cplusplus
extern "C" {
#endif

#define	PR_SET_PDEATHSIG	1
#define	PR_GET_PDEATHSIG	2
#define	PR_GET_DUMPABLE		3
#define	PR_SET_DUMPABLE		4
#define	PR_GET_KEEPCAPS		7
#define	PR_SET_KEEPCAPS		8
#define	PR_SET_NAME		15
#define	PR_GET_NAME		16
#define	PR_GET_TIMERSLACK	30
#define	PR_SET_TIMERSLACK	29
#define	PR_SET_CHILD_SUBREAPER	36
#define	PR_GET_CHILD_SUBREAPER	37
#define	PR_SET_NO_NEW_PRIVS	38
#define	PR_GET_NO_NEW_PRIVS	39

int	prctl (int __option, ...);

#ifdef __cplusplus
}
#endif
#endif
