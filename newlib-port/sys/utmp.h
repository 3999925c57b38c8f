/* Login records: Breenix keeps none, but newlib's getut*() need the type. */
#ifndef _SYS_UTMP_H
#define _SYS_UTMP_H
#include <sys/types.h>
#include <sys/time.h>
#include <stdint.h>

#define	UTMP_FILE	"/var/run/utmp"
#define	WTMP_FILE	"/var/log/wtmp"
#define	UT_LINESIZE	32
#define	UT_NAMESIZE	32
#define	UT_HOSTSIZE	256

#define	EMPTY		0
#define	RUN_LVL		1
#define	BOOT_TIME	2
#define	NEW_TIME	3
#define	OLD_TIME	4
#define	INIT_PROCESS	5
#define	LOGIN_PROCESS	6
#define	USER_PROCESS	7
#define	DEAD_PROCESS	8

/*
 * glibc's x86_64 layout (384 bytes), so that programs written for it
 * (coreutils' who/users/pinky, gnulib's readutmp) compile and a utmp file
 * reads the same: the session, time and address are 32-bit there too.
 */
struct exit_status {
	short	e_termination;	/* the signal that ended the process */
	short	e_exit;		/* its exit status */
};

struct utmp {
	short	ut_type;
	pid_t	ut_pid;
	char	ut_line[UT_LINESIZE];
	char	ut_id[4];
	char	ut_user[UT_NAMESIZE];
	char	ut_host[UT_HOSTSIZE];
	struct exit_status ut_exit;	/* of a DEAD_PROCESS */
	int32_t	ut_session;
	struct {
		int32_t	tv_sec;
		int32_t	tv_usec;
	} ut_tv;
	int32_t	ut_addr_v6[4];		/* the remote host's address */
	char	__glibc_reserved[20];
};
#define	ut_time	ut_tv.tv_sec
#define	ut_xtime ut_tv.tv_sec
#define	ut_addr	ut_addr_v6[0]
#define	ut_name	ut_user

void setutent(void);
void endutent(void);
struct utmp *getutent(void);
struct utmp *getutid(struct utmp *);
struct utmp *getutline(struct utmp *);
void utmpname(const char *);
/* glibc declares login_tty here and in <pty.h> (pty.c). */
int login_tty(int);
#endif
