/* The file actions of posix_spawn, shared by spawn_attr.c (which records
 * them) and posix_spawn.c (which performs them in the child). */
#ifndef _BREENIX_SPAWN_IMPL_H
#define _BREENIX_SPAWN_IMPL_H

#include <spawn.h>

enum spawn_op { SPAWN_OPEN, SPAWN_CLOSE, SPAWN_DUP2, SPAWN_CHDIR, SPAWN_FCHDIR };

struct __spawn_action {
	enum spawn_op	op;
	int		fd;		/* the descriptor acted on */
	int		newfd;		/* SPAWN_DUP2's target */
	char		*path;		/* SPAWN_OPEN, SPAWN_CHDIR: a copy */
	int		oflag;
	mode_t		mode;
};

#endif
