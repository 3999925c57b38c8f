/* posix_spawn's attribute and file-action objects (<spawn.h>): plain
 * records that posix_spawn.c acts on.  Errors are returned, not put in
 * errno, as POSIX says. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "spawn_impl.h"

#define SPAWN_FLAGS (POSIX_SPAWN_RESETIDS | POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | \
		     POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSCHEDPARAM | \
		     POSIX_SPAWN_SETSCHEDULER | POSIX_SPAWN_USEVFORK | POSIX_SPAWN_SETSID)

int
posix_spawn_file_actions_init(posix_spawn_file_actions_t *fa)
{
	memset(fa, 0, sizeof(*fa));
	return 0;
}

int
posix_spawn_file_actions_destroy(posix_spawn_file_actions_t *fa)
{
	int i;

	for (i = 0; i < fa->__nused; i++)
		free(fa->__actions[i].path);
	free(fa->__actions);
	memset(fa, 0, sizeof(*fa));
	return 0;
}

/* A descriptor number a file action may name: 0 up to the open-files
 * limit, as glibc checks. */
static int
fd_ok(int fd)
{
	return fd >= 0 && fd < sysconf(_SC_OPEN_MAX);
}

/* Appends an action (path copied); returns 0 or an errno value. */
static int
add(posix_spawn_file_actions_t *fa, const struct __spawn_action *a)
{
	struct __spawn_action *list;
	int n;

	if (fa->__nused == fa->__nalloc) {
		n = fa->__nalloc != 0 ? fa->__nalloc * 2 : 8;
		list = realloc(fa->__actions, (size_t)n * sizeof(*list));
		if (list == NULL)
			return ENOMEM;
		fa->__actions = list;
		fa->__nalloc = n;
	}
	list = &fa->__actions[fa->__nused];
	*list = *a;
	if (a->path != NULL && (list->path = strdup(a->path)) == NULL)
		return ENOMEM;
	fa->__nused++;
	return 0;
}

int
posix_spawn_file_actions_addopen(posix_spawn_file_actions_t *__restrict fa, int fd,
				 const char *__restrict path, int oflag, mode_t mode)
{
	struct __spawn_action a = { SPAWN_OPEN, fd, -1, (char *)path, oflag, mode };

	return fd_ok(fd) ? add(fa, &a) : EBADF;
}

int
posix_spawn_file_actions_addclose(posix_spawn_file_actions_t *fa, int fd)
{
	struct __spawn_action a = { SPAWN_CLOSE, fd, -1, NULL, 0, 0 };

	return fd_ok(fd) ? add(fa, &a) : EBADF;
}

int
posix_spawn_file_actions_adddup2(posix_spawn_file_actions_t *fa, int fd, int newfd)
{
	struct __spawn_action a = { SPAWN_DUP2, fd, newfd, NULL, 0, 0 };

	return fd_ok(fd) && fd_ok(newfd) ? add(fa, &a) : EBADF;
}

int
posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *__restrict fa,
				     const char *__restrict path)
{
	struct __spawn_action a = { SPAWN_CHDIR, -1, -1, (char *)path, 0, 0 };

	return add(fa, &a);
}

int
posix_spawn_file_actions_addfchdir_np(posix_spawn_file_actions_t *fa, int fd)
{
	struct __spawn_action a = { SPAWN_FCHDIR, fd, -1, NULL, 0, 0 };

	return fd_ok(fd) ? add(fa, &a) : EBADF;
}

int
posix_spawnattr_init(posix_spawnattr_t *sa)
{
	memset(sa, 0, sizeof(*sa));
	return 0;
}

int
posix_spawnattr_destroy(posix_spawnattr_t *sa)
{
	(void)sa;
	return 0;
}

int
posix_spawnattr_getflags(const posix_spawnattr_t *__restrict sa, short *__restrict flags)
{
	*flags = sa->__flags;
	return 0;
}

int
posix_spawnattr_setflags(posix_spawnattr_t *sa, short flags)
{
	if (flags & ~SPAWN_FLAGS)
		return EINVAL;
	sa->__flags = flags;
	return 0;
}

int
posix_spawnattr_getpgroup(const posix_spawnattr_t *__restrict sa, pid_t *__restrict pgrp)
{
	*pgrp = sa->__pgrp;
	return 0;
}

int
posix_spawnattr_setpgroup(posix_spawnattr_t *sa, pid_t pgrp)
{
	sa->__pgrp = pgrp;
	return 0;
}

int
posix_spawnattr_getsigdefault(const posix_spawnattr_t *__restrict sa,
			      sigset_t *__restrict set)
{
	*set = sa->__sd;
	return 0;
}

int
posix_spawnattr_setsigdefault(posix_spawnattr_t *__restrict sa,
			      const sigset_t *__restrict set)
{
	sa->__sd = *set;
	return 0;
}

int
posix_spawnattr_getsigmask(const posix_spawnattr_t *__restrict sa, sigset_t *__restrict set)
{
	*set = sa->__ss;
	return 0;
}

int
posix_spawnattr_setsigmask(posix_spawnattr_t *__restrict sa, const sigset_t *__restrict set)
{
	sa->__ss = *set;
	return 0;
}

int
posix_spawnattr_getschedparam(const posix_spawnattr_t *__restrict sa,
			      struct sched_param *__restrict sp)
{
	*sp = sa->__sp;
	return 0;
}

int
posix_spawnattr_setschedparam(posix_spawnattr_t *__restrict sa,
			      const struct sched_param *__restrict sp)
{
	sa->__sp = *sp;
	return 0;
}

int
posix_spawnattr_getschedpolicy(const posix_spawnattr_t *__restrict sa, int *__restrict policy)
{
	*policy = sa->__policy;
	return 0;
}

int
posix_spawnattr_setschedpolicy(posix_spawnattr_t *sa, int policy)
{
	if (policy != SCHED_OTHER && policy != SCHED_FIFO && policy != SCHED_RR)
		return EINVAL;
	sa->__policy = policy;
	return 0;
}
