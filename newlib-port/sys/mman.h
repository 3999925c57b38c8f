/* Memory mappings for Breenix: Linux's flag values (asm-generic/mman*.h). */
#ifndef _SYS_MMAN_H
#define _SYS_MMAN_H
#ifdef __cplusplus
extern "C" {
#endif
#include <sys/types.h>

#define	PROT_NONE	0x0
#define	PROT_READ	0x1
#define	PROT_WRITE	0x2
#define	PROT_EXEC	0x4

#define	MAP_SHARED	0x01
#define	MAP_PRIVATE	0x02
#define	MAP_FIXED	0x10
#define	MAP_ANONYMOUS	0x20
#define	MAP_ANON	MAP_ANONYMOUS
#define	MAP_GROWSDOWN	0x0100
#define	MAP_NORESERVE	0x4000
#define	MAP_POPULATE	0x8000
#define	MAP_FIXED_NOREPLACE 0x100000
#define	MAP_FAILED	((void *) -1)

#define	MS_ASYNC	1
#define	MS_INVALIDATE	2
#define	MS_SYNC		4

#define	MADV_NORMAL	0
#define	MADV_RANDOM	1
#define	MADV_SEQUENTIAL	2
#define	MADV_WILLNEED	3
#define	MADV_DONTNEED	4
#define	MADV_FREE	8
#define	MADV_DONTFORK	10
#define	MADV_DOFORK	11
#define	MADV_HUGEPAGE	14
#define	MADV_NOHUGEPAGE	15
#define	MADV_DONTDUMP	16
#define	MADV_DODUMP	17
#define	POSIX_MADV_NORMAL	0
#define	POSIX_MADV_RANDOM	1
#define	POSIX_MADV_SEQUENTIAL	2
#define	POSIX_MADV_WILLNEED	3
#define	POSIX_MADV_DONTNEED	4

#define	MREMAP_MAYMOVE	1
#define	MREMAP_FIXED	2

void	*mmap (void *, size_t, int, int, int, off_t);
/* POSIX shared memory: files in /dev/shm (newlib-port/shm.c). */
int	shm_open (const char *, int, mode_t);
int	shm_unlink (const char *);
int	munmap (void *, size_t);
int	mprotect (void *, size_t, int);
int	msync (void *, size_t, int);
int	madvise (void *, size_t, int);
int	posix_madvise (void *, size_t, int);
void	*mremap (void *, size_t, size_t, int, ...);

#ifdef __cplusplus
}
#endif
#endif
