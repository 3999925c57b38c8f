/*
 * tty_priv.h: what the terminal line discipline (tty.c) shares with the
 * pseudo-terminal driver (pty.c).  Not for anything else.
 *
 * A terminal writes its output through t_sink: the console line for the
 * serial port and the screen, the master's buffer for a pseudo-terminal.
 */
#ifndef DEV_TTY_PRIV_H
#define DEV_TTY_PRIV_H

#include <abi/linux.h>
#include <fs/file.h>
#include <kern/console.h>

#define TTY_QUEUE 4096
#define TTY_LINE 4095     /* like Linux's N_TTY_BUF_SIZE - 1 */
#define TTY_EOL 0x100     /* flag of the queue cell that ends a line */
#define TTY_EOF (TTY_EOL | 0x200) /* a line end that is no byte: ^D */
#define CHUNK 256
#define CTRL(c) ((c) & 0x1F)

struct pty;

struct tty {
	enum console_line t_line;       /* a console's line */
	/* Where output goes, after OPOST processing (interrupts may be off). */
	void (*t_sink)(struct tty *t, const char *s, size_t n);
	struct pty *t_pty;              /* a pseudo-terminal's slave side, or NULL */
	bool t_hungup;                  /* its master is gone: reads 0, writes EIO */
	struct termios t_termios;
	struct winsize t_winsize;
	uint16_t t_queue[TTY_QUEUE];    /* input ready for readers */
	size_t t_head, t_count;
	unsigned t_lines;               /* TTY_EOL cells in the queue */
	char t_edit[TTY_LINE];          /* the line being edited (canonical mode) */
	size_t t_edit_len;
	bool t_literal;                 /* the last key was ^V */
	/* Job control (kern/pgrp.h, sched_lock); each pointer holds a reference. */
	struct session *t_session;      /* the session it is the controlling terminal of, or NULL */
	struct pgrp *t_pgrp;            /* its foreground process group, or NULL */
};

/* tty.c, for pty.c. */
void tty_setup(struct tty *t);
void tty_input_locked(struct tty *t, const char *s, size_t n);
void tty_hangup(struct tty *t);
int tty_open(struct file *f);
long tty_read(struct file *f, struct uio *u, uint64_t *pos);
long tty_write(struct file *f, struct uio *u, uint64_t *pos);
int tty_ioctl(struct file *f, unsigned long cmd, uaddr_t arg);
unsigned tty_poll(struct file *f);

/* pty.c, for tty.c. */
/* Register /dev/ptmx (from tty_init). */
void pty_init(void);
/* Wait until the master can take n more bytes of a slave's output: 0 or -errno. */
int pty_wait_room(struct tty *t, struct file *f, size_t n);
/* The slave's reader took input: the master's writers may go on (interrupts off). */
void pty_input_taken(struct tty *t);
/* fn(t) for every live pseudo-terminal (interrupts off). */
void pty_foreach(void (*fn)(struct tty *t, void *arg), void *arg);
/* /dev/tty names a pseudo-terminal: make f one more of its slave's files. */
void pty_devtty_open(struct file *f);

#endif
