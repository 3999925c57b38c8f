/* <pty.h>: openpty, forkpty, login_tty, as glibc (pty.c). */
#ifndef _PTY_H
#define _PTY_H

#include <sys/types.h>
#include <termios.h>
#include <sys/ioctl.h>

#ifdef __cplusplus
extern "C" {
#endif

int	openpty(int *, int *, char *, const struct termios *, const struct winsize *);
pid_t	forkpty(int *, char *, const struct termios *, const struct winsize *);
int	login_tty(int);

#ifdef __cplusplus
}
#endif
#endif
