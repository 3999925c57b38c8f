/*
 * Limits for <limits.h> (which includes this file), with Linux's values
 * where the kernel has the same limit: PATH_MAX and PIPE_BUF are the
 * kernel's (kernel/include/fs/vfs.h, fs/pipe.h), ARG_MAX and NGROUPS_MAX
 * what sysconf() answers, as glibc's.  Then the minimum values POSIX
 * requires of every system (<limits.h>'s _POSIX_* and _POSIX2_* names), as
 * glibc's bits/posix1_lim.h and bits/posix2_lim.h give them: programs
 * (findutils' xargs, gnulib) size buffers and checks by them.
 */
#ifndef _SYS_SYSLIMITS_H_
#define _SYS_SYSLIMITS_H_

#define ARG_MAX		131072	/* bytes of arguments and environment for exec */
#ifndef CHILD_MAX
#define CHILD_MAX	40	/* simultaneous processes (sysconf has the real one) */
#endif
#define LINK_MAX	32767
#define MAX_CANON	255	/* bytes in a terminal's canonical input line */
#define MAX_INPUT	255
#define NAME_MAX	255	/* bytes in a file name */
#define NGROUPS_MAX	65536	/* supplementary groups, as glibc says */
#ifndef OPEN_MAX
#define OPEN_MAX	64	/* open files (sysconf has the real one) */
#endif
#define PATH_MAX	4096	/* bytes in a path, with its NUL */
#define PIPE_BUF	4096	/* bytes of a pipe write that is atomic */
#define IOV_MAX		1024	/* elements of an I/O vector */

#define BC_BASE_MAX	99
#define BC_DIM_MAX	2048
#define BC_SCALE_MAX	99
#define BC_STRING_MAX	1000
#define COLL_WEIGHTS_MAX 0
#define EXPR_NEST_MAX	32
#define LINE_MAX	2048	/* bytes in a text line of the utilities */
#define RE_DUP_MAX	255	/* repetitions in an interval (the regex code's limit) */

/* POSIX's minimums (the same on every conforming system). */
#define _POSIX_AIO_LISTIO_MAX	2
#define _POSIX_AIO_MAX		1
#define _POSIX_ARG_MAX		4096
#define _POSIX_CHILD_MAX	25
#define _POSIX_DELAYTIMER_MAX	32
#define _POSIX_HOST_NAME_MAX	255
#define _POSIX_LINK_MAX		8
#define _POSIX_LOGIN_NAME_MAX	9
#define _POSIX_MAX_CANON	255
#define _POSIX_MAX_INPUT	255
#define _POSIX_MQ_OPEN_MAX	8
#define _POSIX_MQ_PRIO_MAX	32
#define _POSIX_NAME_MAX		14
#define _POSIX_NGROUPS_MAX	8
#define _POSIX_OPEN_MAX		20
#define _POSIX_PATH_MAX		256
#define _POSIX_PIPE_BUF		512
#define _POSIX_RE_DUP_MAX	255
#define _POSIX_RTSIG_MAX	8
#define _POSIX_SEM_NSEMS_MAX	256
#define _POSIX_SEM_VALUE_MAX	32767
#define _POSIX_SIGQUEUE_MAX	32
#define _POSIX_SSIZE_MAX	32767
#define _POSIX_STREAM_MAX	8
#define _POSIX_SYMLINK_MAX	255
#define _POSIX_SYMLOOP_MAX	8
#define _POSIX_TIMER_MAX	32
#define _POSIX_TTY_NAME_MAX	9
#define _POSIX_TZNAME_MAX	6
#define _POSIX_CLOCKRES_MIN	20000000

#define _POSIX2_BC_BASE_MAX	99
#define _POSIX2_BC_DIM_MAX	2048
#define _POSIX2_BC_SCALE_MAX	99
#define _POSIX2_BC_STRING_MAX	1000
#define _POSIX2_CHARCLASS_NAME_MAX 14
#define _POSIX2_COLL_WEIGHTS_MAX 2
#define _POSIX2_EXPR_NEST_MAX	32
#define _POSIX2_LINE_MAX	2048
#define _POSIX2_RE_DUP_MAX	255

#define _XOPEN_IOV_MAX		16
#define _XOPEN_NAME_MAX		255
#define _XOPEN_PATH_MAX		1024

#endif
