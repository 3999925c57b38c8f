/*
 * getlogin, getlogin_r: the user logged in on standard input's terminal,
 * from the login records, as glibc's (which Linux programs and the libc
 * probe expect).  Replaces newlib's unix/getlogin.o, which copied a
 * 32-byte ut_user into a 10-byte buffer and gave up when any of the three
 * standard descriptors was not a terminal.  Breenix keeps no records yet
 * (no /var/run/utmp), so the answer there is ENOENT, as glibc's on a
 * system without them.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <utmp.h>

/* The record of terminal line tty ("ttyS0", no /dev/): 0, ENOENT, or open's errno. */
static int utmp_find(const char *tty, struct utmp *u)
{
	int fd = open(UTMP_FILE, O_RDONLY | O_CLOEXEC), err = ENOENT;

	if (fd < 0)
		return errno == ENOENT ? ENOENT : errno;
	while (read(fd, u, sizeof(*u)) == (ssize_t)sizeof(*u)) {
		if ((u->ut_type == USER_PROCESS || u->ut_type == LOGIN_PROCESS) &&
		    strncmp(u->ut_line, tty, sizeof(u->ut_line)) == 0) {
			err = 0;
			break;
		}
	}
	close(fd);
	return err;
}

int getlogin_r(char *name, size_t size)
{
	char tty[64];
	struct utmp u;
	size_t len;
	int err;

	if ((err = ttyname_r(0, tty, sizeof(tty))) != 0)
		return err;
	err = utmp_find(strncmp(tty, "/dev/", 5) == 0 ? tty + 5 : tty, &u);
	if (err != 0)
		return err;
	len = strnlen(u.ut_user, sizeof(u.ut_user));
	if (len + 1 > size)
		return ERANGE;
	memcpy(name, u.ut_user, len);
	name[len] = '\0';
	return 0;
}

char *getlogin(void)
{
	static char name[UT_NAMESIZE + 1];
	int err = getlogin_r(name, sizeof(name));

	if (err != 0) {
		errno = err;
		return NULL;
	}
	return name;
}
