/*
 * pipe.h: anonymous pipes and FIFOs (kernel/fs/pipe.c).  PIPE_SIZE bytes of buffer;
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
/*
 * Open the FIFO vn (S_IFIFO, any file system) with open's flags: a file
 * on its pipe, after waiting for the other end as POSIX says; -ENXIO for
 * O_WRONLY | O_NONBLOCK without a reader, -ERESTARTSYS if a signal came.
 */
int pipe_fifo_open(struct vnode *vn, uint32_t flags, struct file **out);

#endif
