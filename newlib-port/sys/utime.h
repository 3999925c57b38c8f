/* <sys/utime.h> for Breenix (included by newlib's <utime.h>): struct utimbuf
 * and utime(), as glibc's <utime.h> declares them. */
#ifndef _SYS_UTIME_H
#define _SYS_UTIME_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct utimbuf {
	time_t actime;	/* access time */
	time_t modtime;	/* modification time */
};

int utime(const char *, const struct utimbuf *);

#ifdef __cplusplus
}
#endif

#endif /* _SYS_UTIME_H */
