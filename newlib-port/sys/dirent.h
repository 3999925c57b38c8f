/* Directory entries for Breenix: struct dirent is Linux's linux_dirent64,
 * exactly what the getdents64 system call returns, so readdir() hands out
 * records straight from its buffer. */
#ifndef _SYS_DIRENT_H
#define _SYS_DIRENT_H
#include <sys/types.h>

#define	MAXNAMLEN	255

struct dirent {
	ino_t		d_ino;
	off_t		d_off;
	unsigned short	d_reclen;
	unsigned char	d_type;
	char		d_name[256];
};

#define	DT_UNKNOWN	0
#define	DT_FIFO		1
#define	DT_CHR		2
#define	DT_DIR		4
#define	DT_BLK		6
#define	DT_REG		8
#define	DT_LNK		10
#define	DT_SOCK		12
#define	DT_WHT		14

typedef struct {
	int	dd_fd;		/* directory file descriptor */
	int	dd_loc;		/* next record in dd_buf */
	int	dd_size;	/* bytes of records in dd_buf */
	long	dd_seek;	/* offset of the next getdents64 */
	char	*dd_buf;	/* 32 KiB of linux_dirent64 records */
} DIR;

ssize_t getdents64 (int, void *, size_t);
int scandir (const char *, struct dirent ***, int (*)(const struct dirent *),
	     int (*)(const struct dirent **, const struct dirent **));
int alphasort (const struct dirent **, const struct dirent **);

#endif
