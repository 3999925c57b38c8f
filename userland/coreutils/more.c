/*
 * more: show files (or standard input) a screen at a time.  At the
 * "--More--" prompt: space shows the next screen, Enter the next line, q
 * quits.  Keys are read from /dev/tty in raw mode, so the text itself may
 * come through a pipe.  When standard output is not a terminal, more just
 * copies its input.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "common.h"

static int rows = 24, cols = 80;
static int tty_fd = -1;
static struct termios saved;
static int raw;

static void restore_tty(void)
{
	if (raw)
		tcsetattr(tty_fd, TCSAFLUSH, &saved);
	raw = 0;
}

static void on_signal(int sig)
{
	restore_tty();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Keys one at a time, unechoed; the terminal is put back at exit. */
static void raw_mode(void)
{
	struct termios t;

	if (tcgetattr(tty_fd, &saved) < 0)
		return;
	t = saved;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(tty_fd, TCSAFLUSH, &t) < 0)
		return;
	raw = 1;
	atexit(restore_tty);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGQUIT, on_signal);
}

/* Screen rows a line of text takes, tabs going to the next multiple of 8. */
static int line_rows(const char *s, size_t len)
{
	size_t col = 0, i;

	for (i = 0; i < len; i++)
		col = s[i] == '\t' ? (col + 8) & ~(size_t)7 : col + 1;
	return col == 0 ? 1 : (int)((col + (size_t)cols - 1) / (size_t)cols);
}

/* Show the prompt (with how far into the file we are, unless percent is
 * negative) and wait: the number of rows to show next, 0 to quit. */
static int prompt(int percent)
{
	char c;

	if (percent >= 0)
		printf("\033[7m--More--(%d%%)\033[m", percent);
	else
		printf("\033[7m--More--\033[m");
	fflush(stdout);
	for (;;) {
		if (read(tty_fd, &c, 1) != 1)
			return 0;
		if (c == ' ' || c == 'f')
			break;
		if (c == '\n' || c == '\r' || c == 'j') {
			printf("\r\033[K");
			return 1;
		}
		if (c == 'q' || c == 'Q')
			return 0;
	}
	printf("\r\033[K");
	return rows - 1;
}

/* Page one file; 0 if the user quit. */
static int page(FILE *f)
{
	static char *line;
	static size_t cap;
	struct stat st;
	off_t size = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) ? st.st_size : 0;
	int room = rows - 1;
	ssize_t len;

	while ((len = read_line(&line, &cap, f)) > 0) {
		int need = line_rows(line, line[len - 1] == '\n' ? (size_t)len - 1 : (size_t)len);

		while (need > room && room < rows - 1) {
			int more = prompt(size > 0 ? (int)(ftello(f) * 100 / size) : -1);

			if (more == 0)
				return 0;
			room += more;
		}
		fwrite(line, 1, (size_t)len, stdout);
		room -= need;
	}
	return 1;
}

static void copy(FILE *f)
{
	char buf[8192];
	size_t n;

	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, stdout);
}

int main(int argc, char **argv)
{
	int interactive, status = 0, nfiles, i, c;
	struct winsize ws;

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "")) != -1)
		usage("[file...]");
	interactive = isatty(STDOUT_FILENO);
	if (interactive) {
		tty_fd = open("/dev/tty", O_RDONLY);
		if (tty_fd < 0)
			tty_fd = STDERR_FILENO;
		if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 1 && ws.ws_col > 0) {
			rows = ws.ws_row;
			cols = ws.ws_col;
		}
		raw_mode();
	}
	nfiles = argc - opt_ind;
	if (nfiles == 0) {
		if (interactive)
			page(stdin);
		else
			copy(stdin);
		return 0;
	}
	for (i = opt_ind; i < argc; i++) {
		FILE *f = strcmp(argv[i], "-") == 0 ? stdin : fopen(argv[i], "r");
		int go_on;

		if (f == NULL) {
			warn_path(argv[i]);
			status = 1;
			continue;
		}
		if (nfiles > 1)
			printf("::::::::::::::\n%s\n::::::::::::::\n", argv[i]);
		if (interactive) {
			go_on = page(f);
		} else {
			copy(f);
			go_on = 1;
		}
		if (f != stdin)
			fclose(f);
		if (!go_on)
			break;
		if (interactive && i + 1 < argc && prompt(-1) == 0)
			break;
	}
	fflush(stdout);
	return status;
}
