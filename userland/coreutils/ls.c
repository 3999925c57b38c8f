/*
 * ls: list files and directories.
 *   -l long format   -a include dot files   -1 one per line
 *   -R recurse       -h sizes as 1.5K, 12M (with -l)
 * Names are sorted bytewise.  Output to a terminal is in columns, anything
 * else gets one name per line, as with GNU ls.
 */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

struct entry {
	char *name; /* as shown */
	char *path; /* to stat and readlink */
	struct stat st;
};

static int opt_long, opt_all, opt_recursive, opt_human;
static int term_width; /* 0: one name per line */
static int status;
static int printed_any; /* groups after the first are set off by a blank line */

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static void free_entries(struct entry *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(e[i].name);
		free(e[i].path);
	}
	free(e);
}

/* The owner's name, or the number; one remembered lookup saves rereading
 * /etc/passwd for every file (they mostly share an owner). */
static const char *user_name(uid_t uid)
{
	static char buf[32];
	static uid_t last = (uid_t)-1;
	struct passwd *pw;

	if (uid != last) {
		pw = getpwuid(uid);
		if (pw != NULL)
			snprintf(buf, sizeof(buf), "%s", pw->pw_name);
		else
			snprintf(buf, sizeof(buf), "%u", (unsigned)uid);
		last = uid;
	}
	return buf;
}

static const char *group_name(gid_t gid)
{
	static char buf[32];
	static gid_t last = (gid_t)-1;
	struct group *gr;

	if (gid != last) {
		gr = getgrgid(gid);
		if (gr != NULL)
			snprintf(buf, sizeof(buf), "%s", gr->gr_name);
		else
			snprintf(buf, sizeof(buf), "%u", (unsigned)gid);
		last = gid;
	}
	return buf;
}

/* The size column: bytes (or -h), or "major, minor" for a device. */
static void size_text(const struct stat *st, char *buf, size_t len)
{
	unsigned long long d = st->st_rdev;

	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		snprintf(buf, len, "%llu, %llu", ((d >> 8) & 0xfff) | ((d >> 32) & ~0xfffULL),
			 (d & 0xff) | ((d >> 12) & ~0xffULL));
	else if (opt_human)
		human_size((unsigned long long)st->st_size, buf, len);
	else
		snprintf(buf, len, "%llu", (unsigned long long)st->st_size);
}

/* "Nov 25 17:39" within the last six months, "Nov 25  2024" otherwise. */
static void time_text(time_t t, char *buf, size_t len)
{
	time_t now = time(NULL);
	struct tm *tm = localtime(&t);

	if (tm == NULL) {
		snprintf(buf, len, "%lld", (long long)t);
		return;
	}
	if (t > now || now - t > 182 * 24 * 3600L)
		strftime(buf, len, "%b %e  %Y", tm);
	else
		strftime(buf, len, "%b %e %H:%M", tm);
}

static int num_width(unsigned long long v)
{
	int w = 1;

	while (v >= 10) {
		v /= 10;
		w++;
	}
	return w;
}

static void print_long(const struct entry *e, size_t n)
{
	int wlinks = 1, wuser = 1, wgroup = 1, wsize = 1;
	char buf[64], mode[11], when[32];
	size_t i;
	int w;

	for (i = 0; i < n; i++) {
		if ((w = num_width((unsigned long long)e[i].st.st_nlink)) > wlinks)
			wlinks = w;
		if ((w = (int)strlen(user_name(e[i].st.st_uid))) > wuser)
			wuser = w;
		if ((w = (int)strlen(group_name(e[i].st.st_gid))) > wgroup)
			wgroup = w;
		size_text(&e[i].st, buf, sizeof(buf));
		if ((w = (int)strlen(buf)) > wsize)
			wsize = w;
	}
	for (i = 0; i < n; i++) {
		const struct stat *st = &e[i].st;

		mode_string(st->st_mode, mode);
		size_text(st, buf, sizeof(buf));
		time_text(st->st_mtime, when, sizeof(when));
		printf("%s %*lu %-*s ", mode, wlinks, (unsigned long)st->st_nlink, wuser,
		       user_name(st->st_uid));
		printf("%-*s %*s %s %s", wgroup, group_name(st->st_gid), wsize, buf, when,
		       e[i].name);
		if (S_ISLNK(st->st_mode)) {
			char target[4096];
			ssize_t len = readlink(e[i].path, target, sizeof(target) - 1);

			if (len >= 0)
				printf(" -> %.*s", (int)len, target);
		}
		putchar('\n');
	}
}

/* Width of the rows when n names go in ncols columns (filled down first),
 * with the widths of the columns left in widths[]. */
static size_t layout_width(const struct entry *e, size_t n, size_t ncols, size_t *widths)
{
	size_t rows = (n + ncols - 1) / ncols, total = 0, c, i;

	for (c = 0; c < ncols; c++)
		widths[c] = 0;
	for (i = 0; i < n; i++) {
		size_t len = strlen(e[i].name);

		if (len > widths[i / rows])
			widths[i / rows] = len;
	}
	for (c = 0; c < ncols; c++)
		total += widths[c] + (c + 1 < ncols ? 2 : 0);
	return total;
}

/* As many columns as fit the terminal, like GNU ls. */
static void print_columns(const struct entry *e, size_t n)
{
	size_t *widths = xmalloc(n * sizeof(*widths));
	size_t ncols, rows, r, c;

	for (ncols = n; ncols > 1; ncols--) {
		/* Columns that would stay empty are not a real layout. */
		rows = (n + ncols - 1) / ncols;
		if ((n + rows - 1) / rows == ncols &&
		    layout_width(e, n, ncols, widths) <= (size_t)term_width)
			break;
	}
	layout_width(e, n, ncols, widths);
	rows = (n + ncols - 1) / ncols;
	for (r = 0; r < rows; r++) {
		for (c = 0; c < ncols && c * rows + r < n; c++) {
			const char *name = e[c * rows + r].name;
			int last = c + 1 == ncols || (c + 1) * rows + r >= n;

			printf("%-*s", last ? 0 : (int)widths[c] + 2, name);
		}
		putchar('\n');
	}
	free(widths);
}

static void print_entries(struct entry *e, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	if (opt_long)
		print_long(e, n);
	else if (term_width > 0)
		print_columns(e, n);
	else
		for (i = 0; i < n; i++)
			puts(e[i].name);
	printed_any = 1;
}

/* Stat a directory's entries; the ones that vanished meanwhile are dropped. */
static size_t load_entries(const char *dir, char **names, size_t n, struct entry *e)
{
	size_t i, kept = 0;

	for (i = 0; i < n; i++) {
		if (names[i][0] == '.' && !opt_all)
			continue;
		e[kept].path = path_join(dir, names[i]);
		if (lstat(e[kept].path, &e[kept].st) < 0) {
			warn_path(e[kept].path);
			status = 1;
			free(e[kept].path);
			continue;
		}
		e[kept].name = xstrdup(names[i]);
		kept++;
	}
	return kept;
}

static void list_dir(const char *path, int header)
{
	static const char *const dots[] = { ".", ".." };
	struct entry *e;
	size_t n, count, i;
	char **names = read_dir(path, &n);

	if (names == NULL) {
		warn_path(path);
		status = 1;
		return;
	}
	if (header)
		printf("%s%s:\n", printed_any ? "\n" : "", path);
	printed_any = 1;
	e = xmalloc((n + 2) * sizeof(*e));
	count = 0;
	if (opt_all)
		for (i = 0; i < 2; i++) {
			e[count].path = path_join(path, dots[i]);
			if (stat(e[count].path, &e[count].st) == 0) {
				e[count].name = xstrdup(dots[i]);
				count++;
			} else {
				free(e[count].path);
			}
		}
	count += load_entries(path, names, n, e + count);
	free_names(names);
	qsort(e, count, sizeof(*e), cmp_entry);
	if (opt_long) {
		unsigned long long blocks = 0;
		char buf[32];

		for (i = 0; i < count; i++)
			blocks += (unsigned long long)e[i].st.st_blocks;
		/* st_blocks counts 512-byte units; ls totals in KiB. */
		if (opt_human)
			human_size(blocks * 512, buf, sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "%llu", (blocks + 1) / 2);
		printf("total %s\n", buf);
	}
	print_entries(e, count);
	if (opt_recursive)
		for (i = 0; i < count; i++)
			if (S_ISDIR(e[i].st.st_mode) && strcmp(e[i].name, ".") != 0 &&
			    strcmp(e[i].name, "..") != 0)
				list_dir(e[i].path, 1);
	free_entries(e, count);
}

/* The width of the terminal on standard output, 0 when it is not one. */
static int terminal_width(void)
{
	struct winsize ws;
	const char *env;

	if (!isatty(STDOUT_FILENO))
		return 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	env = getenv("COLUMNS");
	return env != NULL && atoi(env) > 0 ? atoi(env) : 80;
}

int main(int argc, char **argv)
{
	static char *dot[] = { ".", NULL };
	struct entry *files, *dirs;
	size_t nfiles = 0, ndirs = 0, i;
	char **operands;
	int c, noperands;

	set_progname(argv[0]);
	term_width = terminal_width();
	while ((c = next_opt(argc, argv, "laR1h")) != -1) {
		switch (c) {
		case 'l': opt_long = 1; break;
		case 'a': opt_all = 1; break;
		case 'R': opt_recursive = 1; break;
		case '1': term_width = 0; break;
		case 'h': opt_human = 1; break;
		default: usage("[-laR1h] [file...]");
		}
	}
	operands = opt_ind < argc ? argv + opt_ind : dot;
	noperands = opt_ind < argc ? argc - opt_ind : 1;
	files = xmalloc((size_t)noperands * sizeof(*files));
	dirs = xmalloc((size_t)noperands * sizeof(*dirs));
	for (i = 0; i < (size_t)noperands; i++) {
		struct stat st;
		/* Operands are followed if they are links, except in long format;
		 * a dangling link is still listed. */
		if ((opt_long ? lstat(operands[i], &st) : stat(operands[i], &st)) < 0 &&
		    lstat(operands[i], &st) < 0) {
			warn_path(operands[i]);
			status = 1;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			dirs[ndirs].name = xstrdup(operands[i]);
			dirs[ndirs].path = xstrdup(operands[i]);
			dirs[ndirs++].st = st;
		} else {
			files[nfiles].name = xstrdup(operands[i]);
			files[nfiles].path = xstrdup(operands[i]);
			files[nfiles++].st = st;
		}
	}
	qsort(files, nfiles, sizeof(*files), cmp_entry);
	qsort(dirs, ndirs, sizeof(*dirs), cmp_entry);
	print_entries(files, nfiles);
	for (i = 0; i < ndirs; i++)
		list_dir(dirs[i].path, noperands > 1 || opt_recursive);
	free_entries(files, nfiles);
	free_entries(dirs, ndirs);
	return status;
}
