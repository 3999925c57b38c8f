/* _isatty: a descriptor is a terminal when TCGETS succeeds on it (replaces
 * newlib's fstat-based guess, which takes every character device for one). */
#include <errno.h>
#include <termios.h>
#include <sys/ioctl.h>

int
_isatty(int fd)
{
	struct termios t;

	return ioctl(fd, TCGETS, &t) == 0;
}
