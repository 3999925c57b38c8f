/*
 * cmdline.c: lookups in the kernel command line, kept in a copy made at
 * boot (the boot_info copy stays valid too, but this does not depend on it).
 */
#include <kern/cmdline.h>
#include <lib/string.h>

static char cmdline[256];

void cmdline_init(const char *s)
{
	strlcpy(cmdline, s, sizeof(cmdline));
}

const char *cmdline_string(void)
{
	return cmdline;
}

/* Find the word for key; *val points after '=' (or at the word's end). */
static const char *cmdline_find(const char *key, const char **val)
{
	size_t klen = strlen(key);
	const char *p = cmdline;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (strncmp(p, key, klen) == 0 && (p[klen] == '\0' || p[klen] == ' ' ||
						   p[klen] == '=')) {
			*val = p[klen] == '=' ? p + klen + 1 : p + klen;
			return p;
		}
		while (*p != '\0' && *p != ' ')
			p++;
	}
	return NULL;
}

bool cmdline_has(const char *key)
{
	const char *val;

	return cmdline_find(key, &val) != NULL;
}

bool cmdline_get(const char *key, char *buf, size_t size)
{
	const char *val, *end;
	size_t n;

	if (cmdline_find(key, &val) == NULL || size == 0)
		return false;
	for (end = val; *end != '\0' && *end != ' '; end++)
		;
	n = end - val < (long)size - 1 ? (size_t)(end - val) : size - 1;
	memcpy(buf, val, n);
	buf[n] = '\0';
	return true;
}
