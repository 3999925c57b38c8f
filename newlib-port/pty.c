/* Pseudo-terminals on the kernel's /dev/ptmx and /dev/pts/N (docs/vfs.md):
 * the POSIX calls and the BSD openpty/forkpty/login_tty, as glibc has them. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#define PTS_PREFIX "/dev/pts/"

int posix_openpt(int flags)
{
	return open("/dev/ptmx", flags);
}

/* The master's pair number; a descriptor that is no master is EINVAL (glibc's
 * ENOTTY from the ioctl becomes that; EBADF stays). */
static int pty_number(int fd, unsigned int *n)
{
	if (ioctl(fd, TIOCGPTN, n) == 0)
		return 0;
	if (errno == ENOTTY)
		errno = EINVAL;
	return -1;
}

/* The kernel already gives the slave to the master's opener with mode 0620,
 * so there is nothing to change, only the descriptor to check. */
int grantpt(int fd)
{
	unsigned int n;

	return pty_number(fd, &n);
}

int unlockpt(int fd)
{
	int unlock = 0;

	return ioctl(fd, TIOCSPTLCK, &unlock);
}

int ptsname_r(int fd, char *buf, size_t len)
{
	char name[sizeof(PTS_PREFIX) + 10];
	unsigned int n;
	int save = errno;

	if (buf == NULL)
		return EINVAL;
	if (pty_number(fd, &n) != 0) {
		int err = errno == EBADF ? EBADF : ENOTTY;

		errno = save;
		return err;
	}
	snprintf(name, sizeof(name), PTS_PREFIX "%u", n);
	if (strlen(name) >= len)
		return ERANGE;
	strcpy(buf, name);
	return 0;
}

char *ptsname(int fd)
{
	static char name[sizeof(PTS_PREFIX) + 10];
	int err = ptsname_r(fd, name, sizeof(name));

	if (err != 0) {
		errno = err;
		return NULL;
	}
	return name;
}

/* Makes fd the controlling terminal and standard input, output and error of
 * a new session. */
int login_tty(int fd)
{
	setsid();
	if (ioctl(fd, TIOCSCTTY, 0) != 0)
		return -1;
	if (dup2(fd, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
		return -1;
	if (fd > 2)
		close(fd);
	return 0;
}

int openpty(int *amaster, int *aslave, char *name, const struct termios *termp,
	    const struct winsize *winp)
{
	char path[sizeof(PTS_PREFIX) + 10];
	int master, slave = -1, err;

	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0)
		return -1;
	if (grantpt(master) != 0 || unlockpt(master) != 0)
		goto fail;
	err = ptsname_r(master, path, sizeof(path));
	if (err != 0) {
		errno = err;
		goto fail;
	}
	slave = open(path, O_RDWR | O_NOCTTY);
	if (slave < 0)
		goto fail;
	if (termp != NULL && tcsetattr(slave, TCSAFLUSH, termp) != 0)
		goto fail;
	if (winp != NULL && ioctl(slave, TIOCSWINSZ, winp) != 0)
		goto fail;
	if (name != NULL)
		strcpy(name, path);
	*amaster = master;
	*aslave = slave;
	return 0;
fail:
	err = errno;
	if (slave >= 0)
		close(slave);
	close(master);
	errno = err;
	return -1;
}

pid_t forkpty(int *amaster, char *name, const struct termios *termp,
	      const struct winsize *winp)
{
	int master, slave;
	pid_t pid;

	if (openpty(&master, &slave, name, termp, winp) != 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		int err = errno;

		close(master);
		close(slave);
		errno = err;
		return -1;
	}
	if (pid == 0) {
		close(master);
		if (login_tty(slave) != 0)
			_exit(1);
		return 0;
	}
	*amaster = master;
	close(slave);
	return pid;
}
