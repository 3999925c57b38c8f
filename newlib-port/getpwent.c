/* The password database: /etc/passwd, one "name:password:uid:gid:gecos:
 * dir:shell" line per user.  getpwnam_r/getpwuid_r copy the matching line
 * into the caller's buffer (ERANGE if it does not fit, as glibc); getpwnam,
 * getpwuid and getpwent use a buffer of their own that grows as needed.
 * Lines that are blank, comments or malformed are skipped.  This file
 * replaces newlib's getpwent.c, whose sscanf lost entries with an empty
 * field. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dbfile.h"

#define PASSWD_FILE	"/etc/passwd"
#define NFIELDS		7

static struct passwd pw_static;
static char *pw_buf;
static size_t pw_size;
static FILE *pw_file;		/* getpwent's position */

/* Points pw's members at the fields of the line (a copy of it in buf);
 * returns 0, ERANGE if buf is too small, EINVAL if the line is malformed. */
static int
pw_fill(const char *line, struct passwd *pw, char *buf, size_t size)
{
	char *f[NFIELDS];
	unsigned long uid, gid;

	if (strlen(line) >= size)
		return ERANGE;
	strcpy(buf, line);
	if (db_split(buf, f, NFIELDS) != NFIELDS ||
	    db_id(f[2], &uid) != 0 || db_id(f[3], &gid) != 0)
		return EINVAL;
	pw->pw_name = f[0];
	pw->pw_passwd = f[1];
	pw->pw_uid = (uid_t)uid;
	pw->pw_gid = (gid_t)gid;
	pw->pw_gecos = f[4];
	pw->pw_comment = f[4];
	pw->pw_dir = f[5];
	pw->pw_shell = f[6];
	return 0;
}

struct pw_key {
	const char	*name;	/* or NULL: by uid */
	uid_t		uid;
};

/* Whether the line is the entry the key asks for (0) or not (-1). */
static int
pw_match(const char *line, const void *arg)
{
	const struct pw_key *key = arg;
	unsigned long uid;

	if (key->name != NULL)
		return db_field_is(line, 0, key->name) ? 0 : -1;
	return db_field_id(line, 2, &uid) == 0 && uid == key->uid ? 0 : -1;
}

static int
pw_lookup(const struct pw_key *key, struct passwd *pw, char *buf, size_t size,
	  struct passwd **result)
{
	char *line = NULL;
	int err;

	*result = NULL;
	err = db_find(PASSWD_FILE, pw_match, key, &line);
	if (err == 0 && line != NULL) {
		/* A malformed entry that matched counts as none. */
		err = pw_fill(line, pw, buf, size);
		if (err == 0)
			*result = pw;
		else if (err == EINVAL)
			err = 0;
	}
	free(line);
	return err;
}

int
getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t size,
	   struct passwd **result)
{
	struct pw_key key = { name, 0 };

	return pw_lookup(&key, pw, buf, size, result);
}

int
getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t size,
	   struct passwd **result)
{
	struct pw_key key = { NULL, uid };

	return pw_lookup(&key, pw, buf, size, result);
}

/* The non-reentrant forms: the _r form with the static buffer, grown until
 * the entry fits.  Not found leaves errno alone, as glibc. */
static struct passwd *
pw_static_lookup(const struct pw_key *key)
{
	struct passwd *result;
	int err;

	while ((err = pw_lookup(key, &pw_static, pw_buf, pw_size, &result)) == ERANGE)
		if (db_grow(&pw_buf, &pw_size) != 0)
			return NULL;
	if (err != 0)
		errno = err;
	return result;
}

struct passwd *
getpwnam(const char *name)
{
	struct pw_key key = { name, 0 };

	return pw_static_lookup(&key);
}

struct passwd *
getpwuid(uid_t uid)
{
	struct pw_key key = { NULL, uid };

	return pw_static_lookup(&key);
}

void
setpwent(void)
{
	if (pw_file != NULL)
		rewind(pw_file);
}

void
endpwent(void)
{
	if (pw_file != NULL)
		fclose(pw_file);
	pw_file = NULL;
}

struct passwd *
getpwent(void)
{
	char *line = NULL;
	size_t cap = 0;
	struct passwd *result = NULL;
	int err;

	if (pw_file == NULL && (pw_file = db_open(PASSWD_FILE)) == NULL)
		return NULL;
	while (result == NULL && db_next(pw_file, &line, &cap) > 0) {
		while ((err = pw_fill(line, &pw_static, pw_buf, pw_size)) == ERANGE)
			if (db_grow(&pw_buf, &pw_size) != 0)
				goto out;
		if (err == 0)
			result = &pw_static;
	}
out:
	free(line);
	return result;
}
