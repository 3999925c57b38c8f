/*
 * tty.h: terminals (kernel/dev/tty.c).  One terminal per console line:
 * /dev/ttyS0 on the serial port and /dev/tty1 on the screen and keyboard;
 * /dev/console is the serial one unless the command line says
 * console=tty1, and /dev/tty is the terminal the process opened first.
 *
 * The line discipline is Linux's N_TTY in small: termios input flags
 * (ICRNL, INLCR, IGNCR, ISTRIP), canonical editing with echo (erase, kill,
 * word erase, EOF, ^V literal), raw and cbreak reads with VMIN/VTIME, and
 * output post-processing (OPOST, ONLCR).  Characters the ISIG flag makes
 * special (^C, ^\, ^Z) send SIGINT, SIGQUIT, SIGTSTP to the foreground
 * process group.  Job control: a terminal belongs to at most one session;
 * background groups get SIGTTIN/SIGTTOU (see job_check in tty.c).
 * Pseudo-terminals (dev/pty.c, /dev/ptmx and /dev/pts/N) are terminals
 * with the same discipline whose output goes to their master.
 */
#ifndef DEV_TTY_H
#define DEV_TTY_H

#include <kern/console.h>
#include <stddef.h>

/* Interrupt handlers' input for line (via console_input). */
void tty_input(enum console_line line, const char *s, size_t n);
/* Make the devices /dev/ttyS0, tty1, console and tty (before devfs is populated). */
void tty_init(void);

struct proc;
/* A session leader is going: its terminal hangs up (SIGHUP, SIGCONT to the foreground). */
void tty_session_end(struct proc *leader);
/*
 * With the scheduler lock held: mark(pid) for each pid a terminal names,
 * its session and its foreground group (0 for none), which must not be
 * handed to a new process while named (kern/proc.c: pid_alloc).
 */
void tty_pids_in_use(void (*mark)(int pid));

#endif
