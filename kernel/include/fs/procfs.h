/*
 * procfs.h: /proc (kernel/fs/procfs.c), read-only, in Linux's formats so
 * that ps, top and free read it unchanged: /proc/<pid>/{stat,status,
 * cmdline}, /proc/self, /proc/meminfo, /proc/uptime, /proc/mounts,
 * /proc/cmdline (the kernel's).
 */
#ifndef FS_PROCFS_H
#define FS_PROCFS_H

#include <fs/vfs.h>

struct mount *procfs_create(void);

#endif
