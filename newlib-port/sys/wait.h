/* <sys/wait.h> for Breenix: Linux's wait-status encoding and options. */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H
#ifdef __cplusplus
extern "C" {
#endif
#include <sys/types.h>

#define	WNOHANG		1
#define	WUNTRACED	2
#define	WSTOPPED	WUNTRACED
#define	WEXITED		4
#define	WCONTINUED	8
#define	WNOWAIT		0x01000000

/* status: exit code << 8; or the terminating signal, 0x80 if core dumped;
 * or (stop signal << 8) | 0x7f; or 0xffff after SIGCONT. */
#define	WEXITSTATUS(s)	(((s) & 0xff00) >> 8)
#define	WTERMSIG(s)	((s) & 0x7f)
#define	WSTOPSIG(s)	WEXITSTATUS(s)
#define	WIFEXITED(s)	(WTERMSIG(s) == 0)
#define	WIFSTOPPED(s)	(((s) & 0xff) == 0x7f)
#define	WIFSIGNALED(s)	(((signed char) (((s) & 0x7f) + 1) >> 1) > 0)
#define	WIFCONTINUED(s)	((s) == 0xffff)
#define	WCOREDUMP(s)	((s) & 0x80)

/* waitid's idtype_t, Linux's values. */
typedef enum { P_ALL = 0, P_PID = 1, P_PGID = 2, P_PIDFD = 3 } idtype_t;

struct rusage;
pid_t wait (int *);
pid_t waitpid (pid_t, int *, int);
pid_t wait3 (int *, int, struct rusage *);
pid_t wait4 (pid_t, int *, int, struct rusage *);
#include <signal.h>
int waitid (idtype_t, id_t, siginfo_t *, int);
#ifdef _COMPILING_NEWLIB
pid_t _wait (int *);
#endif

#ifdef __cplusplus
}
#endif
#endif
