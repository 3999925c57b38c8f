/*
 * fuzz_cpio.c: libFuzzer target for kernel/kern/cpio.c.  The input is an
 * initrd; initrd.c walks it with cpio_next() and copies every entry's name
 * and data, so each reported entry must lie inside the archive, its name
 * must have lost its leading "/" and "./", and the walk must move forward
 * (it ends at the trailer or an error).  cpio_find() of an entry's name
 * must then find an entry of that name.  A violation aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <kern/cpio.h>
#include <sys/errno.h>

/* Whether [p, p + n) lies inside [base, base + len). */
static int inside(const void *p, size_t n, const uint8_t *base, size_t len)
{
	const uint8_t *q = p;

	return q >= base && (size_t)(q - base) <= len && n <= len - (size_t)(q - base);
}

static void check_entry(const struct cpio_entry *e, const uint8_t *a, size_t len)
{
	if (!inside(e->name, e->namelen, a, len) || !inside(e->data, e->size, a, len))
		abort();
	if (e->namelen > 0 && e->name[0] == '/')
		abort();
	if (e->namelen > 1 && e->name[0] == '.' && e->name[1] == '/')
		abort();
}

/* cpio_find() takes a C string: only names without a NUL inside can be asked for. */
static void check_find(const struct cpio_entry *e, const uint8_t *a, size_t len)
{
	struct cpio_entry found;
	char *path;

	if (memchr(e->name, '\0', e->namelen) != NULL)
		return;
	path = strndup(e->name, e->namelen);
	if (path == NULL)
		abort();
	if (cpio_find(a, len, path, &found) != 0 || found.namelen != e->namelen ||
	    memcmp(found.name, path, e->namelen) != 0)
		abort();
	free(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cpio_entry e;
	size_t pos = 0, last;
	int r;

	for (;;) {
		last = pos;
		r = cpio_next(data, size, &pos, &e);
		if (r != 1)
			break;
		check_entry(&e, data, size);
		check_find(&e, data, size);
		if (pos <= last)
			abort();
	}
	if (r != 0 && r != -EINVAL)
		abort();
	return 0;
}
