/* Shared by shm.c and semaphore.c: the names of /dev/shm's files. */
#ifndef _SHM_IMPL_H
#define _SHM_IMPL_H

#include <limits.h>

#define SHM_DIR "/dev/shm/"
#define SHM_PATH_MAX (sizeof(SHM_DIR) + NAME_MAX + 1)

int __shm_path(char *buf, const char *name, const char *prefix);
int __shm_unlink(const char *name, const char *prefix);

#endif
