/* ioctl requests for Breenix: Linux's numbers (asm-generic/ioctls.h). */
#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H
#ifdef __cplusplus
extern "C" {
#endif

#define	TCGETS		0x5401
#define	TCSETS		0x5402
#define	TCSETSW		0x5403
#define	TCSETSF		0x5404
#define	TCSBRK		0x5409
#define	TCXONC		0x540A
#define	TCFLSH		0x540B
#define	TIOCSCTTY	0x540E
#define	TIOCGPGRP	0x540F
#define	TIOCSPGRP	0x5410
#define	TIOCOUTQ	0x5411
#define	TIOCGWINSZ	0x5413
#define	TIOCSWINSZ	0x5414
#define	FIONREAD	0x541B
#define	TIOCINQ		FIONREAD
#define	TIOCNOTTY	0x5422
#define	TIOCGSID	0x5429
#define	FIONCLEX	0x5450
#define	FIOCLEX		0x5451
#define	FIONBIO		0x5421
/* Pseudo-terminals (TIOCGPTN is _IOR('T', 0x30, unsigned int), ...). */
#define	TIOCGPTN	0x80045430
#define	TIOCSPTLCK	0x40045431
#define	TIOCGPTLCK	0x80045439
#define	TIOCGPTPEER	0x5441
/* Interfaces (linux/sockios.h), on any socket; struct ifreq is in <net/if.h>. */
#define	SIOCGIFFLAGS	0x8913
#define	SIOCSIFFLAGS	0x8914
#define	SIOCGIFADDR	0x8915
#define	SIOCSIFADDR	0x8916
#define	SIOCGIFNETMASK	0x891b
#define	SIOCSIFNETMASK	0x891c
#define	SIOCGIFHWADDR	0x8927
#define	SIOCGIFINDEX	0x8933

struct winsize {
	unsigned short	ws_row;
	unsigned short	ws_col;
	unsigned short	ws_xpixel;
	unsigned short	ws_ypixel;
};

int ioctl (int, unsigned long, ...);

#ifdef __cplusplus
}
#endif
#endif
