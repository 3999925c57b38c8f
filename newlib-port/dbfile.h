/* Reading the colon-separated system databases (/etc/passwd, /etc/group):
 * shared by getpwent.c and grp.c.  dbfile.c. */
#ifndef _BREENIX_DBFILE_H
#define _BREENIX_DBFILE_H

#include <stdio.h>
#include <sys/types.h>

FILE	*db_open(const char *path);
ssize_t	db_next(FILE *f, char **line, size_t *cap);
int	db_split(char *s, char **fields, int max);
int	db_id(const char *s, unsigned long *id);
int	db_field_is(const char *line, int n, const char *value);
int	db_field_id(const char *line, int n, unsigned long *id);
int	db_find(const char *path, int (*match)(const char *line, const void *key),
		const void *key, char **found);
int	db_grow(char **buf, size_t *size);

#endif
