/* scandir and alphasort (replace newlib's, which need BSD's d_namlen). */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

int
alphasort(const struct dirent **a, const struct dirent **b)
{
	return strcoll((*a)->d_name, (*b)->d_name);
}

static void
free_list(struct dirent **list, size_t n)
{
	while (n > 0)
		free(list[--n]);
	free(list);
}

int
scandir(const char *path, struct dirent ***out, int (*select)(const struct dirent *),
	int (*compar)(const struct dirent **, const struct dirent **))
{
	struct dirent **list = NULL, **grown, *e, *copy;
	size_t n = 0, cap = 0;
	DIR *d;

	d = opendir(path);
	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (select != NULL && !select(e))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			grown = realloc(list, cap * sizeof(*list));
			if (grown == NULL)
				goto fail;
			list = grown;
		}
		copy = malloc(e->d_reclen);
		if (copy == NULL)
			goto fail;
		memcpy(copy, e, e->d_reclen);
		list[n++] = copy;
	}
	closedir(d);
	if (compar != NULL && n > 1)
		qsort(list, n, sizeof(*list), (int (*)(const void *, const void *))compar);
	*out = list;
	return (int)n;
fail:
	free_list(list, n);
	closedir(d);
	errno = ENOMEM;
	return -1;
}
