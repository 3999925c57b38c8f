/* getline(3) and getdelim(3), POSIX 2008: newlib 3.3 implements them as
 * __getline and __getdelim but neither names nor declares them (the port's
 * sys/stdio.h declares these). */
#include <stdio.h>

ssize_t
getdelim(char **line, size_t *cap, int delim, FILE *fp)
{
	return __getdelim(line, cap, delim, fp);
}

ssize_t
getline(char **line, size_t *cap, FILE *fp)
{
	return __getdelim(line, cap, '\n', fp);
}
