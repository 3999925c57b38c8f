/* Group database: getgrnam/getgrgid/getgrent over /etc/group
 * ("name:password:gid:member,member,..."). */
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MEMBERS 64

static FILE *grf;
static struct group gr;
static char line[1024];
static char *members[MAX_MEMBERS + 1];

static int
parse_group(char *s)
{
	char *f[4], *m;
	int i, n = 0;

	s[strcspn(s, "\n")] = '\0';
	for (i = 0; i < 4; i++) {
		f[i] = s;
		s = strchr(s, ':');
		if (s == NULL && i < 3)
			return 0;
		if (s != NULL)
			*s++ = '\0';
	}
	gr.gr_name = f[0];
	gr.gr_passwd = f[1];
	gr.gr_gid = (gid_t)strtoul(f[2], NULL, 10);
	for (m = strtok(f[3], ","); m != NULL && n < MAX_MEMBERS; m = strtok(NULL, ","))
		members[n++] = m;
	members[n] = NULL;
	gr.gr_mem = members;
	return 1;
}

void
setgrent(void)
{
	if (grf != NULL)
		rewind(grf);
	else
		grf = fopen("/etc/group", "r");
}

void
endgrent(void)
{
	if (grf != NULL)
		fclose(grf);
	grf = NULL;
}

struct group *
getgrent(void)
{
	if (grf == NULL)
		setgrent();
	if (grf == NULL)
		return NULL;
	while (fgets(line, sizeof(line), grf) != NULL)
		if (parse_group(line))
			return &gr;
	return NULL;
}

struct group *
getgrgid(gid_t gid)
{
	struct group *g;

	setgrent();
	while ((g = getgrent()) != NULL && g->gr_gid != gid)
		;
	endgrent();
	return g;
}

struct group *
getgrnam(const char *name)
{
	struct group *g;

	setgrent();
	while ((g = getgrent()) != NULL && strcmp(g->gr_name, name) != 0)
		;
	endgrent();
	return g;
}
