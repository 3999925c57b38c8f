/*
 * ports/compat: stands in front of the C library's <utime.h> for the ports
 * (ports/build-port.sh puts this directory first on the include path).
 *
 * Gap: newlib's <utime.h> (its dummy <sys/utime.h>) uses time_t without
 * including <sys/types.h> and declares no utime(), though the library has
 * it (newlib-port/sys_file.c).  gzip's gnulib fails to compile on it.  To go
 * when newlib-port installs a <utime.h> of its own (docs/ports.md).
 */
#ifndef BREENIX_COMPAT_UTIME_H
#define BREENIX_COMPAT_UTIME_H
#include <sys/types.h>
#include_next <utime.h>
int utime(const char *path, const struct utimbuf *times);
#endif
