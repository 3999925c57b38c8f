/*
 * eventfd.h: event counters as files (kernel/fs/eventfd.c), Linux's
 * eventfd2.  The flags are Linux's EFD_* values.
 */
#ifndef FS_EVENTFD_H
#define FS_EVENTFD_H

#include <fs/file.h>

#define EFD_SEMAPHORE 1
#define EFD_NONBLOCK O_NONBLOCK
#define EFD_CLOEXEC O_CLOEXEC

/* A new eventfd file with the counter at initval: 0 or -errno (flags checked by the caller). */
int eventfd_create(uint64_t initval, int flags, struct file **out);

#endif
