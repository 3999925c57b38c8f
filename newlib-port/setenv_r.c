/* setenv, unsetenv (newlib's _setenv_r/_unsetenv_r) and clearenv.
 *
 * This replaces newlib's setenv_r.c, which dereferenced a NULL environ and,
 * once it had allocated one array, realloc'd whatever environ pointed to
 * next, even an array the program had assigned itself.  Here the library
 * remembers the array it allocated (env_owned) and grows only that one; any
 * other environ (the initial one on the stack, a program's own, clearenv's
 * empty one) is copied first.  Strings are never freed: a program may still
 * hold one that getenv returned (glibc does the same). */
#include <envlock.h>
#include <errno.h>
#include <reent.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;
extern char *_findenv_r(struct _reent *, const char *, int *);

static char **env_owned;

static int
bad_name(const char *name)
{
	if (name == NULL || name[0] == '\0' || strchr(name, '=') != NULL) {
		errno = EINVAL;
		return 1;
	}
	return 0;
}

/* Appends s to environ, which becomes (or stays) an array of ours. */
static int
env_append(char *s)
{
	size_t n = 0;
	char **env;

	while (environ != NULL && environ[n] != NULL)
		n++;
	if (environ != NULL && environ == env_owned) {
		env = realloc(environ, (n + 2) * sizeof(char *));
	} else {
		env = malloc((n + 2) * sizeof(char *));
		if (env != NULL && n > 0)
			memcpy(env, environ, n * sizeof(char *));
	}
	if (env == NULL)
		return -1;
	env[n] = s;
	env[n + 1] = NULL;
	environ = env_owned = env;
	return 0;
}

int
_setenv_r(struct _reent *reent_ptr, const char *name, const char *value, int rewrite)
{
	size_t nlen, vlen;
	int offset, rc = 0;
	char *s;

	if (bad_name(name))
		return -1;
	ENV_LOCK;
	if (_findenv_r(reent_ptr, name, &offset) != NULL && !rewrite)
		goto out;
	nlen = strlen(name);
	vlen = strlen(value);
	if ((s = malloc(nlen + vlen + 2)) == NULL) {
		rc = -1;
		goto out;
	}
	memcpy(s, name, nlen);
	s[nlen] = '=';
	memcpy(s + nlen + 1, value, vlen + 1);
	if (_findenv_r(reent_ptr, name, &offset) != NULL)
		environ[offset] = s;
	else if ((rc = env_append(s)) != 0)
		free(s);
out:
	ENV_UNLOCK;
	return rc;
}

int
_unsetenv_r(struct _reent *reent_ptr, const char *name)
{
	int offset;
	char **p;

	if (bad_name(name))
		return -1;
	ENV_LOCK;
	while (_findenv_r(reent_ptr, name, &offset) != NULL)	/* every copy */
		for (p = &environ[offset]; (*p = p[1]) != NULL; p++)
			;
	ENV_UNLOCK;
	return 0;
}

/* glibc's clearenv: no variables at all.  environ becomes an empty array
 * rather than NULL, which code that walks environ handles too. */
int
clearenv(void)
{
	static char *empty[1];
	struct _reent *reent_ptr = _REENT;

	ENV_LOCK;
	if (environ == env_owned)
		free(env_owned);
	env_owned = NULL;
	empty[0] = NULL;
	environ = empty;
	ENV_UNLOCK;
	return 0;
}
