/* Terminal control through the Linux tty ioctls. */
#include <errno.h>
#include <termios.h>
#include <unistd.h>
#include <sys/ioctl.h>

int tcgetattr(int fd, struct termios *t) { return ioctl(fd, TCGETS, t); }

int
tcsetattr(int fd, int when, const struct termios *t)
{
	switch (when) {
	case TCSANOW:
		return ioctl(fd, TCSETS, t);
	case TCSADRAIN:
		return ioctl(fd, TCSETSW, t);
	case TCSAFLUSH:
		return ioctl(fd, TCSETSF, t);
	default:
		errno = EINVAL;
		return -1;
	}
}

int tcdrain(int fd) { return ioctl(fd, TCSBRK, 1); }
int tcflush(int fd, int queue) { return ioctl(fd, TCFLSH, queue); }
int tcflow(int fd, int action) { return ioctl(fd, TCXONC, action); }
int tcsendbreak(int fd, int dur) { (void)dur; return ioctl(fd, TCSBRK, 0); }

pid_t
tcgetpgrp(int fd)
{
	pid_t pgrp;

	return ioctl(fd, TIOCGPGRP, &pgrp) == 0 ? pgrp : -1;
}

int tcsetpgrp(int fd, pid_t pgrp) { return ioctl(fd, TIOCSPGRP, &pgrp); }

pid_t
tcgetsid(int fd)
{
	pid_t sid;

	return ioctl(fd, TIOCGSID, &sid) == 0 ? sid : -1;
}

speed_t cfgetospeed(const struct termios *t) { return t->c_cflag & CBAUD; }
speed_t cfgetispeed(const struct termios *t) { return cfgetospeed(t); }

int
cfsetospeed(struct termios *t, speed_t speed)
{
	if (speed & ~CBAUD) {
		errno = EINVAL;
		return -1;
	}
	t->c_cflag = (t->c_cflag & ~CBAUD) | speed;
	return 0;
}

int cfsetispeed(struct termios *t, speed_t speed) { return speed == 0 ? 0 : cfsetospeed(t, speed); }
int cfsetspeed(struct termios *t, speed_t speed) { return cfsetospeed(t, speed); }

void
cfmakeraw(struct termios *t)
{
	t->c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
	t->c_oflag &= ~OPOST;
	t->c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t->c_cflag &= ~(CSIZE | PARENB);
	t->c_cflag |= CS8;
	t->c_cc[VMIN] = 1;
	t->c_cc[VTIME] = 0;
}
