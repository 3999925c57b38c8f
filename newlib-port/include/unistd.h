/* <unistd.h> for Breenix: newlib's <sys/unistd.h>, plus what glibc declares
 * there that newlib leaves out (the port implements each). */
#ifndef _UNISTD_H_
#define _UNISTD_H_

#include <sys/unistd.h>

#ifdef __cplusplus
extern "C" {
#endif

#if __GNU_VISIBLE
int	getresuid (uid_t *, uid_t *, uid_t *);
int	getresgid (gid_t *, gid_t *, gid_t *);
int	setresuid (uid_t, uid_t, uid_t);
int	setresgid (gid_t, gid_t, gid_t);
ssize_t	copy_file_range (int, off_t *, int, off_t *, size_t, unsigned int);
#endif

#ifdef __cplusplus
}
#endif

#endif /* _UNISTD_H_ */
