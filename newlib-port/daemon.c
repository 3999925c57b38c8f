/* daemon(3), as glibc does it: fork (the parent exits), start a new
 * session, and unless asked not to, go to / and point the standard
 * descriptors at /dev/null. */
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

int
daemon(int nochdir, int noclose)
{
	struct stat st;
	int fd;

	switch (fork()) {
	case -1:
		return -1;
	case 0:
		break;
	default:
		_exit(0);
	}
	if (setsid() < 0)
		return -1;
	if (!nochdir && chdir("/") != 0)
		return -1;
	if (noclose)
		return 0;
	if ((fd = open("/dev/null", O_RDWR)) < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISCHR(st.st_mode)) {
		close(fd);
		return -1;
	}
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
	return 0;
}
