/*
 * tty.c: terminals and their line discipline (dev/tty.h).
 *
 * Input arrives in interrupt context: tty_input edits the current line
 * (canonical mode) or queues bytes (raw), echoing as termios says, with
 * interrupts off.  Readers take from the input queue, also with
 * interrupts off, and sleep on the terminal until enough is there.
 *
 * The queue holds 16-bit cells: a byte, and in canonical mode the flag
 * TTY_EOL on the cell that ends a line (its newline, EOL or EOL2), or an
 * extra TTY_EOF cell, a line end without a byte, for ^D: a canonical read
 * stops after a line's end, and one that finds an EOF cell first returns
 * 0.  Invariant, in every mode: t_lines is the number of TTY_EOL cells in
 * the queue (queue_put and queue_take keep it; canon_switch re-marks the
 * queue when ICANON changes, as Linux's n_tty_set_termios does), so a read
 * never waits for a line that is there nor finds one that is not.
 */
#include <abi/linux.h>
#include <dev/tty.h>
#include <fs/file.h>
#include <fs/poll.h>
#include <kern/clock.h>
#include <kern/cmdline.h>
#include <kern/proc.h>
#include <kern/signal.h>
#include <kern/thread.h>
#include <lib/string.h>
#include <lib/time.h>
#include <sys/errno.h>

#include "tty_priv.h"

static struct tty ttys[CONSOLE_NLINES];

/*
 * Make pg (or nobody: NULL) t's foreground group, with interrupts off:
 * the new group held before the old one is let go (kern/pgrp.h).
 */
static void set_foreground(struct tty *t, struct pgrp *pg)
{
	struct pgrp *old = t->t_pgrp;

	if (pg != NULL)
		pgrp_hold(pg);
	t->t_pgrp = pg;
	if (old != NULL)
		pgrp_rele(old);
}

static void tty_default_termios(struct termios *t)
{
	static const uint8_t cc[NCCS] = {
		[VINTR] = CTRL('C'), [VQUIT] = CTRL('\\'), [VERASE] = 0x7F, [VKILL] = CTRL('U'),
		[VEOF] = CTRL('D'), [VTIME] = 0, [VMIN] = 1, [VSTART] = CTRL('Q'),
		[VSTOP] = CTRL('S'), [VSUSP] = CTRL('Z'), [VREPRINT] = CTRL('R'),
		[VDISCARD] = CTRL('O'), [VWERASE] = CTRL('W'), [VLNEXT] = CTRL('V'),
	};

	memset(t, 0, sizeof(*t));
	t->c_iflag = ICRNL | IXON | IMAXBEL | IUTF8;
	t->c_oflag = OPOST | ONLCR;
	t->c_cflag = B38400 | CS8 | CREAD | HUPCL;
	t->c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
	memcpy(t->c_cc, cc, sizeof(cc));
}

/* Output, with OPOST translation. Interrupts may be on or off. */
static void tty_output(struct tty *t, const char *s, size_t n)
{
	char buf[2 * CHUNK];
	size_t i, o = 0;

	if (!(t->t_termios.c_oflag & OPOST)) {
		t->t_sink(t, s, n);
		return;
	}
	for (i = 0; i < n; i++) {
		if (o + 2 > sizeof(buf)) {
			t->t_sink(t, buf, o);
			o = 0;
		}
		if (s[i] == '\n' && (t->t_termios.c_oflag & ONLCR))
			buf[o++] = '\r';
		else if (s[i] == '\r' && (t->t_termios.c_oflag & OCRNL)) {
			buf[o++] = '\n';
			continue;
		}
		buf[o++] = s[i];
	}
	t->t_sink(t, buf, o);
}

static void console_sink(struct tty *t, const char *s, size_t n)
{
	console_write_line(t->t_line, s, n);
}

static bool is_ctl(unsigned char c)
{
	return c < 0x20 || c == 0x7F;
}

/* Echo one input character, control characters as ^X when ECHOCTL. */
static void echo_char(struct tty *t, unsigned char c)
{
	char b[2];

	if (!(t->t_termios.c_lflag & ECHO))
		return;
	if (is_ctl(c) && c != '\n' && c != '\t' && (t->t_termios.c_lflag & ECHOCTL)) {
		b[0] = '^';
		b[1] = c == 0x7F ? '?' : (char)(c + '@');
		tty_output(t, b, 2);
		return;
	}
	b[0] = (char)c;
	tty_output(t, b, 1);
}

/* Columns the character took when echoed. */
static unsigned echo_width(struct tty *t, unsigned char c)
{
	return is_ctl(c) && (t->t_termios.c_lflag & ECHOCTL) ? 2 : 1;
}

static void queue_put(struct tty *t, uint16_t v)
{
	if (t->t_count == TTY_QUEUE)
		return; /* full: drop, as a terminal whose reader is gone would */
	t->t_queue[(t->t_head + t->t_count) % TTY_QUEUE] = v;
	t->t_count++;
	if (v & TTY_EOL)
		t->t_lines++;
}

static void readers_wake(struct tty *t)
{
	wakeup(t);
	poll_notify();
}

/*
 * Move the edited line to the input queue, ended by an EOF cell (eof) or
 * with its last byte (the newline or EOL) marked TTY_EOL.  A queue without
 * room for it all loses bytes from the line's middle, never its end; a
 * full one loses the line.
 */
static void line_commit(struct tty *t, bool eof)
{
	size_t n = t->t_edit_len, room = TTY_QUEUE - t->t_count, i;
	uint16_t end = eof ? TTY_EOF : TTY_EOL | (unsigned char)t->t_edit[--n];

	t->t_edit_len = 0;
	if (room == 0)
		return;
	for (i = 0; i < n && i < room - 1; i++)
		queue_put(t, (unsigned char)t->t_edit[i]);
	queue_put(t, end);
	readers_wake(t);
}

/* Erase the last character of the edited line from the line and the screen. */
static bool erase_one(struct tty *t)
{
	unsigned w;

	if (t->t_edit_len == 0)
		return false;
	w = echo_width(t, (unsigned char)t->t_edit[--t->t_edit_len]);
	if ((t->t_termios.c_lflag & (ECHO | ECHOE)) == (ECHO | ECHOE))
		while (w-- > 0)
			tty_output(t, "\b \b", 3);
	return true;
}

static void word_erase(struct tty *t)
{
	while (t->t_edit_len > 0 && t->t_edit[t->t_edit_len - 1] == ' ')
		erase_one(t);
	while (t->t_edit_len > 0 && t->t_edit[t->t_edit_len - 1] != ' ')
		erase_one(t);
}

/* Canonical-mode editing of one character: true if it was consumed. */
static bool canon_special(struct tty *t, unsigned char c)
{
	const uint8_t *cc = t->t_termios.c_cc;
	uint32_t lflag = t->t_termios.c_lflag;

	if (c == cc[VERASE] || (c == '\b' && cc[VERASE] == 0x7F)) {
		erase_one(t);
		return true;
	}
	if (c == cc[VKILL]) {
		if (lflag & ECHOKE) {
			while (erase_one(t))
				;
		} else {
			t->t_edit_len = 0;
			echo_char(t, c);
			if (lflag & ECHOK)
				tty_output(t, "\n", 1);
		}
		return true;
	}
	if (c == cc[VWERASE] && (lflag & IEXTEN)) {
		word_erase(t);
		return true;
	}
	if (c == cc[VEOF]) {
		line_commit(t, true);
		return true;
	}
	if (c == '\n' || (c == cc[VEOL] && c != 0) || (c == cc[VEOL2] && c != 0)) {
		if ((lflag & ECHO) || (c == '\n' && (lflag & ECHONL)))
			tty_output(t, (const char *)&c, 1);
		t->t_edit[t->t_edit_len++] = (char)c; /* room was kept for it */
		line_commit(t, false);
		return true;
	}
	return false;
}

static void input_char(struct tty *t, unsigned char c)
{
	struct termios *tio = &t->t_termios;

	if (tio->c_iflag & ISTRIP)
		c &= 0x7F;
	if (t->t_literal) {
		t->t_literal = false;
	} else {
		if (c == '\r' && (tio->c_iflag & IGNCR))
			return;
		if (c == '\r' && (tio->c_iflag & ICRNL))
			c = '\n';
		else if (c == '\n' && (tio->c_iflag & INLCR))
			c = '\r';
		if ((tio->c_lflag & ISIG) &&
		    (c == tio->c_cc[VINTR] || c == tio->c_cc[VQUIT] || c == tio->c_cc[VSUSP])) {
			int sig = c == tio->c_cc[VINTR] ? SIGINT : c == tio->c_cc[VQUIT] ? SIGQUIT : SIGTSTP;

			if (t->t_pgrp != NULL)
				signal_send_pgrp(t->t_pgrp, sig, NULL);
			echo_char(t, c);
			if (!(tio->c_lflag & NOFLSH)) {
				t->t_edit_len = 0;
				t->t_head = t->t_count = t->t_lines = 0;
			}
			tty_output(t, "\n", 1);
			return;
		}
		if ((tio->c_lflag & (ICANON | IEXTEN)) == (ICANON | IEXTEN) && c == tio->c_cc[VLNEXT]) {
			t->t_literal = true;
			return;
		}
		if ((tio->c_lflag & ICANON) && canon_special(t, c))
			return;
	}
	if (tio->c_lflag & ICANON) {
		if (t->t_edit_len >= TTY_LINE - 1)
			return; /* full: keep the last byte for the newline */
		t->t_edit[t->t_edit_len++] = (char)c;
		echo_char(t, c);
		return;
	}
	echo_char(t, c);
	queue_put(t, c);
	readers_wake(t);
}

void tty_input_locked(struct tty *t, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		input_char(t, (unsigned char)s[i]);
}

void tty_input(enum console_line line, const char *s, size_t n)
{
	unsigned long fl = sched_lock();

	if (line < CONSOLE_NLINES)
		tty_input_locked(&ttys[line], s, n);
	sched_unlock(fl);
}

static struct tty *T(struct file *f)
{
	return f->f_priv;
}

/* Whether a read can complete now (interrupts off). */
static bool read_ready(struct tty *t, size_t want)
{
	if (t->t_hungup)
		return true; /* to find it hung up */
	if (t->t_termios.c_lflag & ICANON)
		return t->t_lines > 0;
	return t->t_count >= want;
}

/*
 * Take up to max bytes from the queue into buf (interrupts off): the
 * count.  Stops after a line's end (cells are marked only in canonical
 * mode); an EOF cell gives no byte, so found first it makes the count 0.
 */
static size_t queue_take(struct tty *t, char *buf, size_t max)
{
	size_t n = 0;

	while (n < max && t->t_count > 0) {
		uint16_t v = t->t_queue[t->t_head];

		t->t_head = (t->t_head + 1) % TTY_QUEUE;
		t->t_count--;
		if (v != TTY_EOF)
			buf[n++] = (char)v;
		if (v & TTY_EOL) {
			t->t_lines--;
			break;
		}
	}
	return n;
}

/*
 * Wait until a read of len bytes may go ahead, as termios says: canonical,
 * a whole line; otherwise VMIN bytes, VTIME tenths of a second, or both
 * (VTIME then times the gap after the first byte).  Interrupts off.
 * Returns 0 to read what is there, or -EAGAIN.
 */
static int read_wait(struct tty *t, struct file *f, size_t len)
{
	uint8_t vmin = t->t_termios.c_cc[VMIN], vtime = t->t_termios.c_cc[VTIME];
	uint64_t tmo = time_ms_to_ns(vtime * 100ull);
	size_t want;

	if (t->t_termios.c_lflag & ICANON) {
		while (!read_ready(t, 0)) {
			if (f->f_flags & O_NONBLOCK)
				return -EAGAIN;
			if (signal_pending())
				return -ERESTARTSYS;
			sleep_on_intr(t, 0);
		}
		return 0;
	}
	want = vmin < len ? vmin : len;
	if (f->f_flags & O_NONBLOCK)
		return t->t_count > 0 || want == 0 || t->t_hungup ? 0 : -EAGAIN;
	if (vtime == 0) {
		while (!read_ready(t, want)) {
			if (signal_pending())
				return t->t_count > 0 ? 0 : -ERESTARTSYS;
			sleep_on_intr(t, 0);
		}
		return 0;
	}
	if (vmin == 0) {
		if (t->t_count == 0 &&
		    sleep_on_intr(t, time_deadline(clock_monotonic_ns(), tmo)) == -EINTR &&
		    t->t_count == 0)
			return -ERESTARTSYS;
		return 0;
	}
	while (t->t_count == 0 && !t->t_hungup) {
		if (signal_pending())
			return -ERESTARTSYS;
		sleep_on_intr(t, 0);
	}
	while (!read_ready(t, want)) {
		int r = sleep_on_intr(t, time_deadline(clock_monotonic_ns(), tmo));

		if (r == -ETIMEDOUT || r == -EINTR)
			break;
	}
	return 0;
}

/*
 * Job control: a process of a background group that reads its controlling
 * terminal (or writes it with TOSTOP, or changes its settings) gets sig
 * (SIGTTIN, SIGTTOU) sent to its group, and the call restarts once the
 * group is continued in the foreground.  If the signal is ignored or
 * blocked, a read fails with EIO and the others go ahead; so does
 * anything from an orphaned group, which nobody could continue.
 */
static int job_check(struct tty *t, int sig)
{
	struct proc *p = curproc();
	bool ignored;

	if (p == NULL || p->p_tty != t || t->t_pgrp == NULL || p->p_pgrp == t->t_pgrp)
		return 0;
	ignored = p->p_sigact[sig].sa_handler == SIG_IGN || (curthread->t_sigmask & SIGBIT(sig));
	if (ignored || pgrp_orphaned(p->p_pgrp))
		return sig == SIGTTIN ? -EIO : 0;
	signal_send_pgrp(p->p_pgrp, sig, NULL);
	return -ERESTARTSYS;
}

long tty_read(struct file *f, struct uio *u, uint64_t *pos)
{
	struct tty *t = T(f);
	char buf[CHUNK];
	unsigned long fl;
	size_t n;
	int err;

	(void)pos;
	if (t->t_hungup)
		return 0; /* as Linux's hung_up_tty_read */
	if ((err = job_check(t, SIGTTIN)) != 0)
		return err;
	if (u->len == 0)
		return 0;
	fl = sched_lock();
	err = read_wait(t, f, u->len);
	n = err == 0 ? queue_take(t, buf, u->len < CHUNK ? u->len : CHUNK) : 0;
	if (n > 0 && t->t_pty != NULL)
		pty_input_taken(t);
	if (err == 0 && n == 0 && t->t_hungup)
		err = -EIO; /* hung up while it slept: Linux's TTY_OTHER_CLOSED */
	sched_unlock(fl);
	if (err != 0)
		return err;
	if (n > 0 && uio_copyout(u, 0, buf, n) != 0)
		return -EFAULT;
	return (long)n;
}

long tty_write(struct file *f, struct uio *u, uint64_t *pos)
{
	struct tty *t = T(f);
	char buf[CHUNK];
	size_t done = 0;
	int err;

	(void)pos;
	if (t->t_hungup)
		return -EIO;
	if ((t->t_termios.c_lflag & TOSTOP) && (err = job_check(t, SIGTTOU)) != 0)
		return err;
	while (done < u->len) {
		size_t n = u->len - done < CHUNK ? u->len - done : CHUNK;

		if (uio_copyin(buf, u, done, n) != 0)
			return done > 0 ? (long)done : -EFAULT;
		/* A pseudo-terminal's master may be full: wait for room (OPOST may double). */
		if (t->t_pty != NULL && (err = pty_wait_room(t, f, 2 * n)) != 0)
			return done > 0 ? (long)done : err;
		tty_output(t, buf, n);
		done += n;
	}
	return (long)done;
}

static void tty_flush_input(struct tty *t)
{
	unsigned long fl = sched_lock();

	t->t_head = t->t_count = t->t_lines = 0;
	t->t_edit_len = 0;
	sched_unlock(fl);
}

/*
 * ICANON changes, as Linux's n_tty_set_termios (interrupts off).  Leaving
 * canonical mode hands the half-edited line to readers, and every queued
 * cell becomes a plain byte (an EOF cell a NUL, as on Linux).  Entering it
 * makes whatever is queued one line, readable at once.  Either way t_lines
 * counts the TTY_EOL cells again.
 */
static void canon_switch(struct tty *t, bool canon)
{
	size_t i;

	for (i = 0; i < t->t_edit_len; i++)
		queue_put(t, (unsigned char)t->t_edit[i]);
	t->t_edit_len = 0;
	t->t_literal = false;
	for (i = 0; i < t->t_count; i++)
		t->t_queue[(t->t_head + i) % TTY_QUEUE] &= 0xFF;
	t->t_lines = 0;
	if (canon && t->t_count > 0) {
		t->t_queue[(t->t_head + t->t_count - 1) % TTY_QUEUE] |= TTY_EOL;
		t->t_lines = 1;
	}
}

static int tty_set_termios(struct tty *t, unsigned long cmd, uaddr_t arg)
{
	struct termios tio;
	unsigned long fl;
	int err;

	if ((err = job_check(t, SIGTTOU)) != 0)
		return err;
	if (copy_from_user(&tio, arg, sizeof(tio)) != 0)
		return -EFAULT;
	if (cmd == TCSETSF)
		tty_flush_input(t);
	fl = sched_lock();
	if ((t->t_termios.c_lflag ^ tio.c_lflag) & ICANON)
		canon_switch(t, tio.c_lflag & ICANON);
	t->t_termios = tio;
	sched_unlock(fl);
	readers_wake(t);
	return 0;
}

/* Whether p may take t as its controlling terminal by opening it (interrupts off). */
static bool may_acquire(struct proc *p, struct tty *t)
{
	return pgrp_session_leader(p) && p->p_tty == NULL && t->t_session == NULL;
}

static void acquire(struct proc *p, struct tty *t)
{
	t->t_session = p->p_pgrp->pg_session;
	session_hold(t->t_session);
	set_foreground(t, p->p_pgrp);
	p->p_tty = t;
}

/*
 * Every process that has t as its controlling terminal loses it
 * (interrupts off).  They are all members of t's session: p_tty comes
 * from acquire and fork, and setsid clears it.
 */
static void detach_all(struct tty *t)
{
	struct session *s = t->t_session;
	struct pgrp *pg;
	struct proc *q;

	if (s == NULL)
		return;
	for (pg = s->s_groups; pg != NULL; pg = pg->pg_snext)
		for (q = pg->pg_members; q != NULL; q = q->p_pgnext)
			if (q->p_tty == t)
				q->p_tty = NULL;
	set_foreground(t, NULL);
	t->t_session = NULL;
	session_rele(s);
}

/*
 * TIOCSCTTY, by Linux's rules (tiocsctty): only a session leader without
 * a controlling terminal may take one (EPERM), and a leader asking for its
 * own succeeds.  A terminal that is another session's can be taken only
 * with steal = 1 by root (Linux: CAP_SYS_ADMIN), and that session loses
 * it; anyone else could otherwise read what is typed there.  A descriptor
 * not open for reading takes a terminal only for root.
 */
static int set_ctty(struct tty *t, struct file *f, bool steal)
{
	struct proc *p = curproc();
	bool root = cred_root(&p->p_cred);
	unsigned long fl = sched_lock();
	bool leader = pgrp_session_leader(p);
	int err = 0;

	if (leader && t->t_session == p->p_pgrp->pg_session)
		goto out;
	if (!leader || p->p_tty != NULL || (t->t_session != NULL && !(steal && root)) ||
	    (!file_readable(f) && !root)) {
		err = -EPERM;
		goto out;
	}
	detach_all(t);
	acquire(p, t);
out:
	sched_unlock(fl);
	return err;
}

static int set_pgrp(struct tty *t, uaddr_t arg)
{
	struct proc *p = curproc();
	struct pgrp *pg;
	unsigned long fl;
	int32_t pgrp;
	int err = 0;

	if (p->p_tty != t || t->t_session != p->p_pgrp->pg_session)
		return -ENOTTY;
	if ((err = job_check(t, SIGTTOU)) != 0)
		return err;
	if (copy_from_user(&pgrp, arg, sizeof(pgrp)) != 0)
		return -EFAULT;
	if (pgrp < 0)
		return -EINVAL;
	/* As Linux's tiocspgrp: -ESRCH for an id nobody has, -EPERM for another session's. */
	fl = sched_lock();
	if (t->t_session != p->p_pgrp->pg_session)
		err = -ENOTTY; /* lost it while copying */
	else if ((pg = pgrp_in_session(t->t_session, pgrp, &err)) != NULL)
		set_foreground(t, pg);
	sched_unlock(fl);
	return err;
}

/* The terminal ioctls of job control. */
static int tty_job_ioctl(struct tty *t, struct file *f, unsigned long cmd, uaddr_t arg)
{
	struct proc *p = curproc();
	int32_t v;

	switch (cmd) {
	case TIOCSCTTY:
		return set_ctty(t, f, (int)arg == 1); /* Linux takes the argument as an int */
	case TIOCNOTTY:
		if (p->p_tty != t)
			return -ENOTTY;
		if (pgrp_session_leader(p))
			tty_session_end(p);
		p->p_tty = NULL;
		return 0;
	case TIOCGPGRP:
		if (p->p_tty != t)
			return -ENOTTY;
		v = t->t_pgrp != NULL ? t->t_pgrp->pg_id : 0;
		return copy_to_user(arg, &v, sizeof(v));
	case TIOCSPGRP:
		return set_pgrp(t, arg);
	case TIOCGSID:
		if (p->p_tty != t || t->t_session == NULL)
			return -ENOTTY;
		v = t->t_session->s_sid;
		return copy_to_user(arg, &v, sizeof(v));
	}
	return -ENOTTY;
}

/* TIOCSWINSZ: a new size is news for the foreground group (SIGWINCH), as Linux's tty_do_resize. */
static int set_winsize(struct tty *t, uaddr_t arg)
{
	struct winsize ws;
	unsigned long fl;

	if (copy_from_user(&ws, arg, sizeof(ws)) != 0)
		return -EFAULT;
	fl = sched_lock();
	if (memcmp(&ws, &t->t_winsize, sizeof(ws)) != 0) {
		t->t_winsize = ws;
		if (t->t_pgrp != NULL)
			signal_send_pgrp(t->t_pgrp, SIGWINCH, NULL);
	}
	sched_unlock(fl);
	return 0;
}

int tty_ioctl(struct file *f, unsigned long cmd, uaddr_t arg)
{
	struct tty *t = T(f);
	int n;

	if (t->t_hungup) /* as Linux's hung_up_tty_ioctl */
		return cmd == TIOCSPGRP ? -ENOTTY : -EIO;
	switch (cmd) {
	case TIOCSCTTY:
	case TIOCNOTTY:
	case TIOCGPGRP:
	case TIOCSPGRP:
	case TIOCGSID:
		return tty_job_ioctl(t, f, cmd, arg);
	case TCGETS:
		return copy_to_user(arg, &t->t_termios, sizeof(t->t_termios));
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return tty_set_termios(t, cmd, arg);
	case TIOCGWINSZ:
		return copy_to_user(arg, &t->t_winsize, sizeof(t->t_winsize));
	case TIOCSWINSZ:
		return set_winsize(t, arg);
	case FIONREAD:
		n = (int)t->t_count;
		return copy_to_user(arg, &n, sizeof(n));
	case TCFLSH:
		if (arg > TCIOFLUSH)
			return -EINVAL;
		if (arg != TCOFLUSH)
			tty_flush_input(t);
		return 0;
	}
	return -ENOTTY;
}

unsigned tty_poll(struct file *f)
{
	struct tty *t = T(f);
	unsigned long fl = sched_lock();
	unsigned ev = POLLOUT | POLLWRNORM;

	if (t->t_hungup) /* as Linux's hung_up_tty_poll */
		ev |= POLLIN | POLLRDNORM | POLLHUP | POLLERR;
	else if (read_ready(t, 1))
		ev |= POLLIN | POLLRDNORM;
	sched_unlock(fl);
	return ev;
}

static const struct file_ops tty_ops = {
	.fop_read = tty_read,
	.fop_write = tty_write,
	.fop_ioctl = tty_ioctl,
	.fop_poll = tty_poll,
};

/*
 * A session leader without a controlling terminal that opens one nobody
 * controls (without O_NOCTTY) for reading makes it its controlling
 * terminal.  Only for reading, as Linux: a writer must not gain what a
 * controlling terminal gives, /dev/tty open for reading among it.
 */
int tty_open(struct file *f)
{
	struct proc *p = curproc();
	unsigned long fl = sched_lock();

	if (p != NULL && !(f->f_flags & O_NOCTTY) && file_readable(f) && may_acquire(p, f->f_priv))
		acquire(p, f->f_priv);
	sched_unlock(fl);
	return 0;
}

static void session_end(struct tty *t, void *arg)
{
	const struct proc *leader = arg;

	if (t->t_session == NULL || t->t_session != leader->p_pgrp->pg_session)
		return;
	if (t->t_pgrp != NULL) {
		signal_send_pgrp(t->t_pgrp, SIGHUP, NULL);
		signal_send_pgrp(t->t_pgrp, SIGCONT, NULL);
	}
	detach_all(t);
}

void tty_session_end(struct proc *leader)
{
	unsigned long fl = sched_lock();
	unsigned i;

	for (i = 0; i < CONSOLE_NLINES; i++)
		session_end(&ttys[i], leader);
	pty_foreach(session_end, leader);
	sched_unlock(fl);
}

/*
 * The master of a pseudo-terminal is gone (interrupts off): as Linux's
 * tty_vhangup, every process loses it as controlling terminal, the
 * session's leader gets SIGHUP and SIGCONT, and its readers wake to
 * find it hung up.
 */
void tty_hangup(struct tty *t)
{
	struct proc *q = t->t_session != NULL ? t->t_session->s_leader : NULL;

	t->t_hungup = true;
	if (q != NULL && q->p_state != P_ZOMBIE) {
		signal_send(q, SIGHUP, NULL);
		signal_send(q, SIGCONT, NULL);
	}
	detach_all(t);
	readers_wake(t);
}

static void mark_pids(struct tty *t, void *arg)
{
	void (*mark)(int pid) = arg;

	mark(t->t_session != NULL ? t->t_session->s_sid : 0);
	mark(t->t_pgrp != NULL ? t->t_pgrp->pg_id : 0);
}

void tty_pids_in_use(void (*mark)(int pid))
{
	unsigned i;

	for (i = 0; i < CONSOLE_NLINES; i++)
		mark_pids(&ttys[i], (void *)mark);
	pty_foreach(mark_pids, (void *)mark);
}

/* /dev/tty: the process's controlling terminal. */
static int devtty_open(struct file *f)
{
	struct proc *p = curproc();
	unsigned long fl;
	int err = 0;

	if (p == NULL)
		return -ENXIO;
	fl = sched_lock(); /* a pseudo-terminal's pair must not go meanwhile */
	if (p->p_tty == NULL) {
		err = -ENXIO;
	} else {
		f->f_priv = p->p_tty;
		if (p->p_tty->t_pty != NULL)
			pty_devtty_open(f);
	}
	sched_unlock(fl);
	return err;
}

static struct cdev tty_cdevs[] = {
	{ .cd_rdev = MKDEV(4, 64), .cd_name = "ttyS0", .cd_mode = 0620, .cd_ops = &tty_ops,
	  .cd_open = tty_open, .cd_priv = &ttys[CONSOLE_SERIAL] },
	{ .cd_rdev = MKDEV(4, 1), .cd_name = "tty1", .cd_mode = 0620, .cd_ops = &tty_ops,
	  .cd_open = tty_open, .cd_priv = &ttys[CONSOLE_SCREEN] },
	{ .cd_rdev = MKDEV(5, 1), .cd_name = "console", .cd_mode = 0600, .cd_ops = &tty_ops,
	  .cd_open = tty_open, .cd_priv = &ttys[CONSOLE_SERIAL] },
	{ .cd_rdev = MKDEV(5, 0), .cd_name = "tty", .cd_mode = 0666, .cd_ops = &tty_ops,
	  .cd_open = devtty_open },
};

void tty_setup(struct tty *t)
{
	tty_default_termios(&t->t_termios);
}

void tty_init(void)
{
	char con[16];
	unsigned i;

	for (i = 0; i < CONSOLE_NLINES; i++) {
		struct tty *t = &ttys[i];

		t->t_line = (enum console_line)i;
		t->t_sink = console_sink;
		tty_default_termios(&t->t_termios);
		console_size(t->t_line, &t->t_winsize.ws_col, &t->t_winsize.ws_row);
	}
	if (cmdline_get("console", con, sizeof(con)) && strcmp(con, "tty1") == 0)
		tty_cdevs[2].cd_priv = &ttys[CONSOLE_SCREEN];
	for (i = 0; i < sizeof(tty_cdevs) / sizeof(tty_cdevs[0]); i++)
		cdev_register(&tty_cdevs[i]);
	pty_init();
}
