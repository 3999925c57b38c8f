/*
 * cpio.c: the "newc" cpio format: a 110-byte ASCII header ("070701" and
 * thirteen 8-digit hex fields), the name (namesize bytes with its NUL),
 * padding to 4 bytes, the data (filesize bytes), padding to 4 bytes.  The
 * archive ends with an entry named "TRAILER!!!".  The initrd is built by
 * our own build, but it is still checked as untrusted input.
 */
#include <kern/cpio.h>
#include <lib/string.h>
#include <sys/errno.h>

#define CPIO_HDR 110
#define F_MODE 1
#define F_UID 2
#define F_GID 3
#define F_FILESIZE 6
#define F_NAMESIZE 11

static int hex_field(const char *p, uint32_t *out)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 8; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -EINVAL;
	}
	*out = v;
	return 0;
}

static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

int cpio_next(const void *archive, size_t len, size_t *pos, struct cpio_entry *e)
{
	const char *a = archive, *h = a + *pos;
	uint32_t mode, uid, gid, filesize, namesize;
	size_t name_at, data_at;

	if (*pos > len || len - *pos < CPIO_HDR || memcmp(h, "070701", 6) != 0)
		return -EINVAL;
	if (hex_field(h + 6 + 8 * F_MODE, &mode) != 0 ||
	    hex_field(h + 6 + 8 * F_UID, &uid) != 0 || hex_field(h + 6 + 8 * F_GID, &gid) != 0 ||
	    hex_field(h + 6 + 8 * F_FILESIZE, &filesize) != 0 ||
	    hex_field(h + 6 + 8 * F_NAMESIZE, &namesize) != 0 || namesize == 0)
		return -EINVAL;
	name_at = *pos + CPIO_HDR;
	if (namesize > len - name_at || a[name_at + namesize - 1] != '\0')
		return -EINVAL;
	data_at = pad4(name_at + namesize);
	if (data_at > len || filesize > len - data_at)
		return -EINVAL;
	e->name = a + name_at;
	e->namelen = namesize - 1;
	if (e->namelen == 10 && memcmp(e->name, "TRAILER!!!", 10) == 0)
		return 0;
	while (e->namelen > 0 && (e->name[0] == '/' || (e->name[0] == '.' && e->namelen > 1 &&
							e->name[1] == '/'))) {
		size_t skip = e->name[0] == '/' ? 1 : 2;

		e->name += skip;
		e->namelen -= skip;
	}
	e->data = a + data_at;
	e->size = filesize;
	e->mode = mode;
	e->uid = uid;
	e->gid = gid;
	*pos = pad4(data_at + filesize);
	return 1;
}

int cpio_find(const void *archive, size_t len, const char *path, struct cpio_entry *e)
{
	size_t pos = 0, plen = strlen(path);
	int r;

	while ((r = cpio_next(archive, len, &pos, e)) == 1)
		if (e->namelen == plen && memcmp(e->name, path, plen) == 0)
			return 0;
	return r == 0 ? -ENOENT : r;
}
