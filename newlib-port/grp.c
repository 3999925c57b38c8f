/* The group database: /etc/group, one "name:password:gid:member,member,..."
 * line per group.  getgrnam_r/getgrgid_r place the line and the member
 * array in the caller's buffer (ERANGE if they do not fit, as glibc);
 * getgrnam, getgrgid and getgrent use a buffer of their own that grows as
 * needed.  getgrouplist and initgroups collect a user's groups. */
#include <errno.h>
#include <grp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "dbfile.h"

#define GROUP_FILE	"/etc/group"
#define NFIELDS		4

static struct group gr_static;
static char *gr_buf;
static size_t gr_size;
static FILE *gr_file;		/* getgrent's position */

static size_t
count_members(const char *list)
{
	size_t n = 0;

	for (; *list != '\0'; list++)
		if (*list != ',' && (list[1] == ',' || list[1] == '\0'))
			n++;
	return n;
}

/* Lays out the line and its member array in buf and points gr into them;
 * returns 0, ERANGE if buf is too small, EINVAL if the line is malformed. */
static int
gr_fill(const char *line, struct group *gr, char *buf, size_t size)
{
	size_t len = strlen(line) + 1, off, n = 0;
	char *f[NFIELDS], **mem, *m, *save;
	unsigned long gid;

	off = (len + sizeof(char *) - 1) & ~(sizeof(char *) - 1);
	off += (uintptr_t)buf % sizeof(char *) != 0 ?
	       sizeof(char *) - (uintptr_t)buf % sizeof(char *) : 0;
	if (off > size || (size - off) / sizeof(char *) < count_members(line) + 1)
		return ERANGE;
	memcpy(buf, line, len);
	if (db_split(buf, f, NFIELDS) != NFIELDS || db_id(f[2], &gid) != 0)
		return EINVAL;
	mem = (char **)(buf + off);
	for (m = strtok_r(f[3], ",", &save); m != NULL; m = strtok_r(NULL, ",", &save))
		mem[n++] = m;
	mem[n] = NULL;
	gr->gr_name = f[0];
	gr->gr_passwd = f[1];
	gr->gr_gid = (gid_t)gid;
	gr->gr_mem = mem;
	return 0;
}

struct gr_key {
	const char	*name;	/* or NULL: by gid */
	gid_t		gid;
};

static int
gr_match(const char *line, const void *arg)
{
	const struct gr_key *key = arg;
	unsigned long gid;

	if (key->name != NULL)
		return db_field_is(line, 0, key->name) ? 0 : -1;
	return db_field_id(line, 2, &gid) == 0 && gid == key->gid ? 0 : -1;
}

static int
gr_lookup(const struct gr_key *key, struct group *gr, char *buf, size_t size,
	  struct group **result)
{
	char *line = NULL;
	int err;

	*result = NULL;
	err = db_find(GROUP_FILE, gr_match, key, &line);
	if (err == 0 && line != NULL) {
		err = gr_fill(line, gr, buf, size);
		if (err == 0)
			*result = gr;
		else if (err == EINVAL)
			err = 0;
	}
	free(line);
	return err;
}

int
getgrnam_r(const char *name, struct group *gr, char *buf, size_t size,
	   struct group **result)
{
	struct gr_key key = { name, 0 };

	return gr_lookup(&key, gr, buf, size, result);
}

int
getgrgid_r(gid_t gid, struct group *gr, char *buf, size_t size, struct group **result)
{
	struct gr_key key = { NULL, gid };

	return gr_lookup(&key, gr, buf, size, result);
}

static struct group *
gr_static_lookup(const struct gr_key *key)
{
	struct group *result;
	int err;

	while ((err = gr_lookup(key, &gr_static, gr_buf, gr_size, &result)) == ERANGE)
		if (db_grow(&gr_buf, &gr_size) != 0)
			return NULL;
	if (err != 0)
		errno = err;
	return result;
}

struct group *
getgrnam(const char *name)
{
	struct gr_key key = { name, 0 };

	return gr_static_lookup(&key);
}

struct group *
getgrgid(gid_t gid)
{
	struct gr_key key = { NULL, gid };

	return gr_static_lookup(&key);
}

void
setgrent(void)
{
	if (gr_file != NULL)
		rewind(gr_file);
}

void
endgrent(void)
{
	if (gr_file != NULL)
		fclose(gr_file);
	gr_file = NULL;
}

struct group *
getgrent(void)
{
	char *line = NULL;
	size_t cap = 0;
	struct group *result = NULL;
	int err;

	if (gr_file == NULL && (gr_file = db_open(GROUP_FILE)) == NULL)
		return NULL;
	while (result == NULL && db_next(gr_file, &line, &cap) > 0) {
		while ((err = gr_fill(line, &gr_static, gr_buf, gr_size)) == ERANGE)
			if (db_grow(&gr_buf, &gr_size) != 0)
				goto out;
		if (err == 0)
			result = &gr_static;
	}
out:
	free(line);
	return result;
}

static int
is_member(const struct group *g, const char *user)
{
	char **m;

	for (m = g->gr_mem; *m != NULL; m++)
		if (strcmp(*m, user) == 0)
			return 1;
	return 0;
}

/* Adds gid to the list unless it is there; *n counts even what does not
 * fit in max. */
static void
add_group(gid_t *groups, int max, int *n, gid_t gid)
{
	int i;

	for (i = 0; i < *n && i < max; i++)
		if (groups[i] == gid)
			return;
	if (*n < max)
		groups[*n] = gid;
	(*n)++;
}

/* glibc's: group first, then every group that names user as a member.
 * Returns the count, or -1 if it exceeds *ngroups (which then says how
 * many there are). */
int
getgrouplist(const char *user, gid_t group, gid_t *groups, int *ngroups)
{
	char *line = NULL, *buf = NULL;
	size_t cap = 0, size = 0;
	struct group g;
	int n = 0, err;
	FILE *f;

	add_group(groups, *ngroups, &n, group);
	if ((f = db_open(GROUP_FILE)) != NULL) {
		while (db_next(f, &line, &cap) > 0) {
			while ((err = gr_fill(line, &g, buf, size)) == ERANGE)
				if (db_grow(&buf, &size) != 0)
					break;
			if (err == 0 && is_member(&g, user))
				add_group(groups, *ngroups, &n, g.gr_gid);
		}
		fclose(f);
	}
	free(line);
	free(buf);
	if (n > *ngroups) {
		*ngroups = n;
		return -1;
	}
	*ngroups = n;
	return n;
}

/* Sets the supplementary groups to user's (getgrouplist); the kernel
 * refuses more than it keeps (EINVAL). */
int
initgroups(const char *user, gid_t group)
{
	gid_t *groups;
	int n = 0, rc;

	getgrouplist(user, group, NULL, &n);
	if ((groups = malloc((size_t)n * sizeof(gid_t))) == NULL)
		return -1;
	rc = getgrouplist(user, group, groups, &n) < 0 ? -1 : setgroups(n, groups);
	free(groups);
	return rc;
}
