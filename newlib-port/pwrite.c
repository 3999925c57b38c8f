/* pwrite(2): replaces newlib's lseek-based version with the atomic call. */
#include <unistd.h>
#include "breenix_syscall.h"

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) { return SYSCALL4(SYS_pwrite64, fd, buf, n, off); }
