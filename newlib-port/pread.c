/* pread(2): replaces newlib's lseek-based version with the atomic call. */
#include <unistd.h>
#include "breenix_syscall.h"

ssize_t pread(int fd, void *buf, size_t n, off_t off) { return SYSCALL4(SYS_pread64, fd, buf, n, off); }
