/*
 * lineedit.c: the interactive line editor and history.  The terminal is
 * put in raw mode (no echo, no line editing, no signals) while a line is
 * typed, and back afterwards.  Keys: left/right, home/end (also ^A/^E),
 * backspace, delete, ^K (kill to end), ^U (kill to start), ^W (kill word),
 * ^L (clear screen), up/down (history), tab (complete a command or a path),
 * ^C (abandon the line), ^D (end of input on an empty line).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "sh.h"

#define HISTORY_MAX 500
#define KEY_CTRL(c) ((c) & 0x1F)

static char *history[HISTORY_MAX];
static int nhistory;

void history_add(const char *line)
{
	if (*line == '\0' || (nhistory > 0 && strcmp(history[nhistory - 1], line) == 0))
		return;
	if (nhistory == HISTORY_MAX) {
		free(history[0]);
		memmove(history, history + 1, (HISTORY_MAX - 1) * sizeof(char *));
		nhistory--;
	}
	history[nhistory++] = xstrdup(line);
}

void history_print(void)
{
	int i;

	for (i = 0; i < nhistory; i++)
		printf("%5d  %s\n", i + 1, history[i]);
}

struct line {
	char *buf;
	size_t len, cap, pos;
	const char *prompt;
};

static void out(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(1, s, n);

		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void outs(const char *s)
{
	out(s, strlen(s));
}

/* Redraw: prompt, text, erase the rest, cursor back to pos. */
static void refresh(struct line *l)
{
	char seq[32];

	outs("\r");
	outs(l->prompt);
	out(l->buf, l->len);
	outs("\x1b[K");
	if (l->len > l->pos) {
		snprintf(seq, sizeof(seq), "\x1b[%zuD", l->len - l->pos);
		outs(seq);
	}
}

static void insert(struct line *l, const char *s, size_t n)
{
	if (l->len + n + 1 > l->cap) {
		l->cap = (l->len + n + 1) * 2;
		l->buf = xrealloc(l->buf, l->cap);
	}
	memmove(l->buf + l->pos + n, l->buf + l->pos, l->len - l->pos);
	memcpy(l->buf + l->pos, s, n);
	l->len += n;
	l->pos += n;
}

static void delete_range(struct line *l, size_t from, size_t to)
{
	memmove(l->buf + from, l->buf + to, l->len - to);
	l->len -= to - from;
	if (l->pos > to)
		l->pos -= to - from;
	else if (l->pos > from)
		l->pos = from;
}

static void set_text(struct line *l, const char *s)
{
	l->len = l->pos = 0;
	insert(l, s, strlen(s));
}

/* The longest common prefix of the candidates goes in; several are listed. */
static void complete(struct line *l)
{
	size_t start = l->pos, n = 0, common = 0, i;
	char *word, *dir, **cand = NULL;
	const char *base, *slash;
	bool command;

	while (start > 0 && l->buf[start - 1] != ' ' && l->buf[start - 1] != '|' &&
	       l->buf[start - 1] != ';')
		start--;
	word = xstrndup(l->buf + start, l->pos - start);
	command = strchr(word, '/') == NULL;
	for (i = start; i > 0 && command; i--)
		if (l->buf[i - 1] != ' ')
			command = l->buf[i - 1] == '|' || l->buf[i - 1] == ';' || l->buf[i - 1] == '&';
	slash = strrchr(word, '/');
	dir = slash != NULL ? xstrndup(word, (size_t)(slash - word) + 1) : xstrdup("");
	base = slash != NULL ? slash + 1 : word;
	if (command) {
		const char *const *b = builtin_names();
		const char *path = var_get("PATH");
		char *paths = xstrdup(path != NULL ? path : "/bin"), *p, *save = NULL;

		for (; *b != NULL; b++)
			if (strncmp(*b, base, strlen(base)) == 0) {
				cand = xrealloc(cand, (n + 1) * sizeof(char *));
				cand[n++] = xstrdup(*b);
			}
		for (p = strtok_r(paths, ":", &save); p != NULL; p = strtok_r(NULL, ":", &save)) {
			DIR *d = opendir(p);
			struct dirent *e;

			while (d != NULL && (e = readdir(d)) != NULL)
				if (e->d_name[0] != '.' && strncmp(e->d_name, base, strlen(base)) == 0) {
					cand = xrealloc(cand, (n + 1) * sizeof(char *));
					cand[n++] = xstrdup(e->d_name);
				}
			if (d != NULL)
				closedir(d);
		}
		free(paths);
	} else {
		DIR *d = opendir(*dir != '\0' ? dir : ".");
		struct dirent *e;

		while (d != NULL && (e = readdir(d)) != NULL) {
			struct stat st;
			char *full;
			size_t len;

			if ((e->d_name[0] == '.' && base[0] != '.') ||
			    strncmp(e->d_name, base, strlen(base)) != 0)
				continue;
			len = strlen(dir) + strlen(e->d_name) + 2;
			full = xmalloc(len);
			snprintf(full, len, "%s%s", dir, e->d_name);
			cand = xrealloc(cand, (n + 1) * sizeof(char *));
			cand[n] = xmalloc(strlen(e->d_name) + 2);
			strcpy(cand[n], e->d_name);
			if (stat(full, &st) == 0 && S_ISDIR(st.st_mode))
				strcat(cand[n], "/");
			n++;
			free(full);
		}
		if (d != NULL)
			closedir(d);
	}
	if (n > 0) {
		common = strlen(cand[0]);
		for (i = 1; i < n; i++) {
			size_t k = 0;

			while (k < common && cand[i][k] == cand[0][k])
				k++;
			common = k;
		}
		if (common > strlen(base))
			insert(l, cand[0] + strlen(base), common - strlen(base));
		if (n == 1 && cand[0][common - 1] != '/')
			insert(l, " ", 1);
		else if (n > 1 && common == strlen(base)) {
			outs("\r\n");
			for (i = 0; i < n && i < 100; i++) {
				outs(cand[i]);
				outs("  ");
			}
			outs("\r\n");
		}
	}
	for (i = 0; i < n; i++)
		free(cand[i]);
	free(cand);
	free(word);
	free(dir);
	refresh(l);
}

/* Read an escape sequence's final part: the key it stands for, or 0. */
static int escape_key(void)
{
	char s[4] = { 0 };

	if (read(0, &s[0], 1) != 1 || (s[0] != '[' && s[0] != 'O'))
		return 0;
	if (read(0, &s[1], 1) != 1)
		return 0;
	if (s[1] >= '0' && s[1] <= '9') {
		if (read(0, &s[2], 1) != 1 || s[2] != '~')
			return 0;
		switch (s[1]) {
		case '1': case '7': return 'H';
		case '4': case '8': return 'F';
		case '3': return 'D' + 100; /* delete */
		}
		return 0;
	}
	return s[1];
}

static bool handle_key(struct line *l, unsigned char c, int *hist)
{
	switch (c) {
	case KEY_CTRL('A'): l->pos = 0; break;
	case KEY_CTRL('E'): l->pos = l->len; break;
	case KEY_CTRL('B'): if (l->pos > 0) l->pos--; break;
	case KEY_CTRL('F'): if (l->pos < l->len) l->pos++; break;
	case KEY_CTRL('K'): l->len = l->pos; break;
	case KEY_CTRL('U'): delete_range(l, 0, l->pos); break;
	case KEY_CTRL('W'): {
		size_t p = l->pos;

		while (p > 0 && l->buf[p - 1] == ' ')
			p--;
		while (p > 0 && l->buf[p - 1] != ' ')
			p--;
		delete_range(l, p, l->pos);
		break;
	}
	case KEY_CTRL('L'): outs("\x1b[H\x1b[2J"); break;
	case 0x7F:
	case KEY_CTRL('H'):
		if (l->pos > 0)
			delete_range(l, l->pos - 1, l->pos);
		break;
	case '\t':
		complete(l);
		return true;
	case 0x1B:
		switch (escape_key()) {
		case 'D': if (l->pos > 0) l->pos--; break;
		case 'C': if (l->pos < l->len) l->pos++; break;
		case 'H': l->pos = 0; break;
		case 'F': l->pos = l->len; break;
		case 'D' + 100: if (l->pos < l->len) delete_range(l, l->pos, l->pos + 1); break;
		case 'A':
			if (*hist > 0)
				set_text(l, history[--*hist]);
			break;
		case 'B':
			if (*hist < nhistory)
				++*hist;
			set_text(l, *hist < nhistory ? history[*hist] : "");
			break;
		}
		break;
	default:
		if (c < 0x20)
			return true; /* other control keys: nothing */
		insert(l, (const char *)&c, 1);
		if (l->pos == l->len) { /* typing at the end: just echo, no redraw */
			out((const char *)&c, 1);
			return true;
		}
	}
	refresh(l);
	return true;
}

char *line_edit(struct shell *sh, const char *prompt)
{
	struct termios saved, raw;
	struct line l = { .prompt = prompt };
	int hist = nhistory;
	unsigned char c;
	char *result = NULL;

	if (tcgetattr(0, &saved) != 0) { /* not a terminal: plain reading */
		struct strbuf b = { 0 };
		ssize_t r;

		fputs(prompt, stderr);
		while ((r = read(0, &c, 1)) == 1 && c != '\n')
			sb_putc(&b, (char)c);
		if (r != 1 && b.len == 0)
			return NULL;
		return sb_take(&b);
	}
	raw = saved;
	raw.c_lflag &= ~(ICANON | ECHO | ISIG | IEXTEN);
	raw.c_iflag &= ~(ICRNL | IXON);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(0, TCSADRAIN, &raw);
	l.cap = 64;
	l.buf = xmalloc(l.cap);
	outs(prompt);
	for (;;) {
		ssize_t r = read(0, &c, 1);

		if (r != 1)
			break;
		if (c == '\r' || c == '\n') {
			outs("\r\n");
			result = xstrndup(l.buf, l.len);
			break;
		}
		if (c == KEY_CTRL('C')) {
			outs("^C\r\n");
			result = xstrdup("");
			sh->status = 130;
			break;
		}
		if (c == KEY_CTRL('D')) {
			if (l.len == 0) {
				outs("\r\n");
				break;
			}
			if (l.pos < l.len)
				delete_range(&l, l.pos, l.pos + 1);
			refresh(&l);
			continue;
		}
		handle_key(&l, c, &hist);
	}
	tcsetattr(0, TCSADRAIN, &saved);
	free(l.buf);
	return result;
}
