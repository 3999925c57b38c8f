/* <sys/sendfile.h> for Breenix: Linux's sendfile (64-bit offsets). */
#ifndef _SYS_SENDFILE_H
#define _SYS_SENDFILE_H
#ifdef __cplusplus
extern "C" {
#endif
#include <sys/types.h>

ssize_t sendfile (int, int, off_t *, size_t);

#ifdef __cplusplus
}
#endif
#endif
