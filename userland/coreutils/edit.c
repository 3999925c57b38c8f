/*
 * edit: a small full-screen text editor for VT100 terminals.
 *   edit FILE   (a missing FILE is created by the first save)
 * Arrow keys, Home/End and PageUp/PageDown move; typing inserts; Backspace
 * and Delete remove (joining lines at their ends); Enter splits the line.
 * ^S saves, ^Q quits (twice if there are unsaved changes).
 * The terminal is in raw mode while editing; the screen is redrawn from
 * the text after every key with cursor-movement and erase sequences.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "common.h"

#define CTRL_KEY(k) ((k) & 0x1f)
#define TAB_STOP 8

enum key {
	KEY_BACKSPACE = 127,
	KEY_UP = 1000, KEY_DOWN, KEY_LEFT, KEY_RIGHT,
	KEY_HOME, KEY_END, KEY_PAGE_UP, KEY_PAGE_DOWN, KEY_DELETE,
};

struct line {
	char *s;
	size_t len, cap;
};

static struct {
	struct line *lines;
	size_t nlines;
	size_t cx, cy;         /* cursor: byte in line, line in file */
	size_t rowoff, coloff; /* first line and (screen) column shown */
	int rows, cols;        /* text rows (screen less two) and columns */
	const char *filename;
	int dirty;
	char message[128];
} E;

static struct termios saved_termios;

/* ---- terminal ---- */

static void restore_terminal(void)
{
	/* Clear the screen so the shell does not start among the text. */
	write_all(STDOUT_FILENO, "\033[2J\033[H", 7);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_termios);
}

static void raw_mode(void)
{
	struct termios t;

	if (tcgetattr(STDIN_FILENO, &saved_termios) < 0) {
		warn_path("standard input");
		exit(1);
	}
	atexit(restore_terminal);
	t = saved_termios;
	/* No echo, no line editing, no signals from ^C/^Z, no flow control
	 * (^S and ^Q are ours), no CR/NL translation either way. */
	t.c_iflag &= ~(tcflag_t)(BRKINT | ICRNL | INPCK | ISTRIP | IXON);
	t.c_oflag &= ~(tcflag_t)OPOST;
	t.c_cflag |= CS8;
	t.c_lflag &= ~(tcflag_t)(ECHO | ICANON | IEXTEN | ISIG);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &t);
}

static void window_size(void)
{
	struct winsize ws;

	E.rows = 22;
	E.cols = 80;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 2 && ws.ws_col > 0) {
		E.rows = ws.ws_row - 2;
		E.cols = ws.ws_col;
	}
}

/* A byte if one arrives within a tenth of a second, else -1: tells a lone
 * Escape key from the start of an escape sequence. */
static int read_soon(void)
{
	struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
	unsigned char c;

	if (poll(&p, 1, 100) <= 0 || read(STDIN_FILENO, &c, 1) != 1)
		return -1;
	return c;
}

static int read_key(void)
{
	unsigned char c;
	int a, b;
	ssize_t n;

	while ((n = read(STDIN_FILENO, &c, 1)) != 1)
		if (n < 0 && errno != EINTR && errno != EAGAIN)
			exit(1);
	if (c != '\033')
		return c;
	if ((a = read_soon()) < 0 || (b = read_soon()) < 0)
		return '\033';
	if (a == 'O')
		return b == 'H' ? KEY_HOME : b == 'F' ? KEY_END : '\033';
	if (a != '[')
		return '\033';
	switch (b) {
	case 'A': return KEY_UP;
	case 'B': return KEY_DOWN;
	case 'C': return KEY_RIGHT;
	case 'D': return KEY_LEFT;
	case 'H': return KEY_HOME;
	case 'F': return KEY_END;
	}
	/* ESC [ digit ~ */
	if (b < '0' || b > '9' || read_soon() != '~')
		return '\033';
	switch (b) {
	case '1': case '7': return KEY_HOME;
	case '4': case '8': return KEY_END;
	case '3': return KEY_DELETE;
	case '5': return KEY_PAGE_UP;
	case '6': return KEY_PAGE_DOWN;
	}
	return '\033';
}

/* ---- the text ---- */

static void line_reserve(struct line *l, size_t len)
{
	if (len + 1 > l->cap) {
		l->cap = len + 1 > l->cap * 2 ? len + 1 : l->cap * 2;
		l->s = xrealloc(l->s, l->cap);
	}
}

static void insert_line(size_t at, const char *s, size_t len)
{
	struct line *l;

	E.lines = xrealloc(E.lines, (E.nlines + 1) * sizeof(*E.lines));
	memmove(E.lines + at + 1, E.lines + at, (E.nlines - at) * sizeof(*E.lines));
	E.nlines++;
	l = &E.lines[at];
	memset(l, 0, sizeof(*l));
	line_reserve(l, len);
	memcpy(l->s, s, len);
	l->len = len;
}

static void delete_line(size_t at)
{
	free(E.lines[at].s);
	memmove(E.lines + at, E.lines + at + 1, (E.nlines - at - 1) * sizeof(*E.lines));
	E.nlines--;
}

/* Append s to line at. */
static void line_append(size_t at, const char *s, size_t len)
{
	struct line *l = &E.lines[at];

	line_reserve(l, l->len + len);
	memcpy(l->s + l->len, s, len);
	l->len += len;
}

static void insert_char(int c)
{
	struct line *l;

	if (E.cy == E.nlines)
		insert_line(E.nlines, "", 0);
	l = &E.lines[E.cy];
	line_reserve(l, l->len + 1);
	memmove(l->s + E.cx + 1, l->s + E.cx, l->len - E.cx);
	l->s[E.cx++] = (char)c;
	l->len++;
	E.dirty = 1;
}

static void insert_newline(void)
{
	struct line *l;

	if (E.cy == E.nlines) {
		insert_line(E.nlines, "", 0);
	} else {
		l = &E.lines[E.cy];
		insert_line(E.cy + 1, l->s + E.cx, l->len - E.cx);
		E.lines[E.cy].len = E.cx; /* insert_line may have moved the array */
	}
	E.cy++;
	E.cx = 0;
	E.dirty = 1;
}

/* Remove the byte before the cursor; at a line's start, join it to the
 * line above. */
static void backspace(void)
{
	struct line *l;

	if (E.cy == E.nlines || (E.cx == 0 && E.cy == 0))
		return;
	l = &E.lines[E.cy];
	if (E.cx > 0) {
		memmove(l->s + E.cx - 1, l->s + E.cx, l->len - E.cx);
		l->len--;
		E.cx--;
	} else {
		E.cx = E.lines[E.cy - 1].len;
		line_append(E.cy - 1, l->s, l->len);
		delete_line(E.cy);
		E.cy--;
	}
	E.dirty = 1;
}

/* Remove the byte under the cursor; at a line's end, join the next line. */
static void delete_forward(void)
{
	struct line *l;

	if (E.cy == E.nlines)
		return;
	l = &E.lines[E.cy];
	if (E.cx < l->len) {
		memmove(l->s + E.cx, l->s + E.cx + 1, l->len - E.cx - 1);
		l->len--;
	} else if (E.cy + 1 < E.nlines) {
		line_append(E.cy, E.lines[E.cy + 1].s, E.lines[E.cy + 1].len);
		delete_line(E.cy + 1);
	} else {
		return;
	}
	E.dirty = 1;
}

/* ---- files ---- */

static void set_message(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void set_message(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(E.message, sizeof(E.message), fmt, ap);
	va_end(ap);
}

static void load(const char *path)
{
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		if (errno != ENOENT) {
			warn_path(path);
			exit(1);
		}
		set_message("New file");
		return;
	}
	while ((len = read_line(&buf, &cap, f)) > 0) {
		if (buf[len - 1] == '\n')
			len--;
		if (len > 0 && buf[len - 1] == '\r') /* DOS line ends */
			len--;
		insert_line(E.nlines, buf, (size_t)len);
	}
	free(buf);
	fclose(f);
}

static void save(void)
{
	size_t total = 0, i;
	int fd = open(E.filename, O_WRONLY | O_CREAT | O_TRUNC, 0666);

	for (i = 0; fd >= 0 && i < E.nlines; i++) {
		if (write_all(fd, E.lines[i].s, E.lines[i].len) < 0 || write_all(fd, "\n", 1) < 0)
			break;
		total += E.lines[i].len + 1;
	}
	if (fd < 0 || i < E.nlines || close(fd) < 0) {
		set_message("Can't save: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	E.dirty = 0;
	set_message("%zu bytes written to %s", total, E.filename);
}

/* ---- the screen ---- */

/* The screen column of byte cx in a line, tabs expanded. */
static size_t render_col(const struct line *l, size_t cx)
{
	size_t col = 0, i;

	for (i = 0; i < cx && i < l->len; i++)
		col = l->s[i] == '\t' ? (col / TAB_STOP + 1) * TAB_STOP : col + 1;
	return col;
}

struct outbuf {
	char *s;
	size_t len, cap;
};

static void out(struct outbuf *b, const char *s, size_t len)
{
	if (b->len + len > b->cap) {
		b->cap = (b->len + len) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, len);
	b->len += len;
}

static void out_str(struct outbuf *b, const char *s)
{
	out(b, s, strlen(s));
}

/* The part of a line that is on screen, from column coloff on. */
static void draw_line(struct outbuf *b, const struct line *l)
{
	size_t col = 0, i;

	for (i = 0; i < l->len && col < E.coloff + (size_t)E.cols; i++) {
		size_t next = l->s[i] == '\t' ? (col / TAB_STOP + 1) * TAB_STOP : col + 1;

		for (; col < next; col++) {
			char c = l->s[i] == '\t' ? ' ' : l->s[i];

			if (col < E.coloff || col >= E.coloff + (size_t)E.cols)
				continue;
			/* Control characters would move the cursor: show them as '?'. */
			out(b, (unsigned char)c < 32 || c == 127 ? "?" : &c, 1);
		}
	}
}

static void scroll(void)
{
	size_t rx = E.cy < E.nlines ? render_col(&E.lines[E.cy], E.cx) : 0;

	if (E.cy < E.rowoff)
		E.rowoff = E.cy;
	if (E.cy >= E.rowoff + (size_t)E.rows)
		E.rowoff = E.cy - (size_t)E.rows + 1;
	if (rx < E.coloff)
		E.coloff = rx;
	if (rx >= E.coloff + (size_t)E.cols)
		E.coloff = rx - (size_t)E.cols + 1;
}

static void draw_status(struct outbuf *b)
{
	char left[256], right[64];
	int llen, rlen;

	llen = snprintf(left, sizeof(left), " %.40s - %zu lines%s", E.filename, E.nlines,
			E.dirty ? " (modified)" : "");
	rlen = snprintf(right, sizeof(right), "%zu,%zu  ^S save  ^Q quit ", E.cy + 1, E.cx + 1);
	if (llen > E.cols)
		llen = E.cols;
	out_str(b, "\033[7m"); /* reverse video */
	out(b, left, (size_t)llen);
	/* The position goes at the right edge, if there is room for it. */
	for (; llen < E.cols; llen++) {
		if (E.cols - llen == rlen) {
			out(b, right, (size_t)rlen);
			break;
		}
		out(b, " ", 1);
	}
	out_str(b, "\033[m\r\n\033[K");
	out(b, E.message, strlen(E.message) < (size_t)E.cols ? strlen(E.message) : (size_t)E.cols);
}

static void refresh(void)
{
	struct outbuf b = { NULL, 0, 0 };
	char pos[32];
	int y;

	window_size();
	scroll();
	out_str(&b, "\033[?25l\033[H"); /* hide the cursor while drawing */
	for (y = 0; y < E.rows; y++) {
		size_t at = E.rowoff + (size_t)y;

		if (at < E.nlines)
			draw_line(&b, &E.lines[at]);
		else
			out_str(&b, "~");
		out_str(&b, "\033[K\r\n");
	}
	draw_status(&b);
	snprintf(pos, sizeof(pos), "\033[%zu;%zuH\033[?25h", E.cy - E.rowoff + 1,
		 (E.cy < E.nlines ? render_col(&E.lines[E.cy], E.cx) : 0) - E.coloff + 1);
	out_str(&b, pos);
	write_all(STDOUT_FILENO, b.s, b.len);
	free(b.s);
}

/* ---- keys ---- */

static void move(int key)
{
	size_t len = E.cy < E.nlines ? E.lines[E.cy].len : 0;

	switch (key) {
	case KEY_LEFT:
		if (E.cx > 0) {
			E.cx--;
		} else if (E.cy > 0) {
			E.cy--;
			E.cx = E.lines[E.cy].len;
		}
		break;
	case KEY_RIGHT:
		if (E.cx < len) {
			E.cx++;
		} else if (E.cy < E.nlines) {
			E.cy++;
			E.cx = 0;
		}
		break;
	case KEY_UP:
		if (E.cy > 0)
			E.cy--;
		break;
	case KEY_DOWN:
		if (E.cy < E.nlines)
			E.cy++;
		break;
	case KEY_HOME:
		E.cx = 0;
		break;
	case KEY_END:
		E.cx = len;
		break;
	case KEY_PAGE_UP:
		E.cy = E.cy > (size_t)E.rows ? E.cy - (size_t)E.rows : 0;
		break;
	case KEY_PAGE_DOWN:
		E.cy = E.cy + (size_t)E.rows < E.nlines ? E.cy + (size_t)E.rows : E.nlines;
		break;
	}
	/* Up and down keep the column if the new line is long enough. */
	len = E.cy < E.nlines ? E.lines[E.cy].len : 0;
	if (E.cx > len)
		E.cx = len;
}

/* Act on one key; returns 0 when it is time to quit. */
static int process_key(void)
{
	static int quit_warned;
	int key = read_key();

	if (key != CTRL_KEY('q'))
		quit_warned = 0;
	switch (key) {
	case CTRL_KEY('q'):
		if (E.dirty && !quit_warned) {
			set_message("Unsaved changes: ^S to save, ^Q again to quit without saving");
			quit_warned = 1;
			return 1;
		}
		return 0;
	case CTRL_KEY('s'):
		save();
		break;
	case '\r':
		insert_newline();
		break;
	case KEY_BACKSPACE:
	case CTRL_KEY('h'):
		backspace();
		break;
	case KEY_DELETE:
		delete_forward();
		break;
	case KEY_UP: case KEY_DOWN: case KEY_LEFT: case KEY_RIGHT:
	case KEY_HOME: case KEY_END: case KEY_PAGE_UP: case KEY_PAGE_DOWN:
		move(key);
		break;
	case '\033':
	case CTRL_KEY('l'):
		break;
	default:
		if (key == '\t' || (key >= 32 && key < 256))
			insert_char(key);
		break;
	}
	return 1;
}

int main(int argc, char **argv)
{
	set_progname(argv[0]);
	if (argc != 2)
		usage("file");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		warn_msg("not a terminal");
		return 1;
	}
	E.filename = argv[1];
	load(E.filename);
	if (E.message[0] == '\0')
		set_message("^S save, ^Q quit");
	raw_mode();
	do
		refresh();
	while (process_key());
	return 0;
}
