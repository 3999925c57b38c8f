/*
 * pipe.h: anonymous pipes (kernel/fs/pipe.c).  PIPE_SIZE bytes of buffer;
 * writes of at most PIPE_BUF bytes are atomic; reads see EOF once every
 * write end is closed, writes get EPIPE and SIGPIPE once every read end is.
 */
#ifndef FS_PIPE_H
#define FS_PIPE_H

#include <fs/file.h>

#define PIPE_SIZE (64 * 1024)
#define PIPE_BUF 4096

/* Two new files, the read end and the write end (flags: O_NONBLOCK, O_DIRECT: packets). */
int pipe_create(uint32_t flags, struct file **rd, struct file **wr);

#endif
