/* <sys/msg.h> for Breenix: System V message queues, Linux x86_64's
 * constants and struct msqid_ds (the kernel's msqid64_ds; docs/ipc.md). */
#ifndef _SYS_MSG_H
#define _SYS_MSG_H

#include <sys/ipc.h>
#include <sys/types.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MSG_NOERROR	010000		/* truncate a message too long for the buffer */
#define MSG_EXCEPT	020000		/* any type but msgtyp */
#define MSG_COPY	040000
#define MSG_STAT	11
#define MSG_INFO	12
#define MSG_STAT_ANY	13

typedef unsigned long msgqnum_t;
typedef unsigned long msglen_t;

struct msqid_ds {
	struct ipc_perm	msg_perm;
	time_t		msg_stime;	/* last msgsnd */
	time_t		msg_rtime;	/* last msgrcv */
	time_t		msg_ctime;	/* last change */
	unsigned long	__msg_cbytes;	/* bytes in the queue */
	msgqnum_t	msg_qnum;	/* messages in the queue */
	msglen_t	msg_qbytes;	/* most bytes the queue may hold */
	pid_t		msg_lspid;	/* last sender */
	pid_t		msg_lrpid;	/* last receiver */
	unsigned long	__glibc_reserved4;
	unsigned long	__glibc_reserved5;
};
#define msg_cbytes	__msg_cbytes

struct msginfo {
	int		msgpool, msgmap, msgmax, msgmnb, msgmni, msgssz, msgtql;
	unsigned short	msgseg;
};

#if __GNU_VISIBLE	/* as glibc: programs often define their own */
struct msgbuf {
	long	mtype;
	char	mtext[1];
};
#endif

int	msgget(key_t, int);
int	msgsnd(int, const void *, size_t, int);
ssize_t	msgrcv(int, void *, size_t, long, int);
int	msgctl(int, int, struct msqid_ds *);

#ifdef __cplusplus
}
#endif

#endif /* _SYS_MSG_H */
