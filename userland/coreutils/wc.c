/* wc: count lines (-l), words (-w) and bytes (-c); all three by default. */
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

struct counts {
	unsigned long long lines, words, bytes;
};

static int show_lines, show_words, show_bytes;

static int count_fd(int fd, const char *name, struct counts *c)
{
	char buf[8192];
	int in_word = 0;
	ssize_t n, i;

	memset(c, 0, sizeof(*c));
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		c->bytes += (unsigned long long)n;
		for (i = 0; i < n; i++) {
			unsigned char ch = (unsigned char)buf[i];

			if (ch == '\n')
				c->lines++;
			if (isspace(ch)) {
				in_word = 0;
			} else if (!in_word) {
				in_word = 1;
				c->words++;
			}
		}
	}
	if (n < 0) {
		warn_path(name);
		return -1;
	}
	return 0;
}

static void print_counts(const struct counts *c, int width, const char *name)
{
	const char *sep = "";

	if (show_lines) {
		printf("%*llu", width, c->lines);
		sep = " ";
	}
	if (show_words) {
		printf("%s%*llu", sep, width, c->words);
		sep = " ";
	}
	if (show_bytes)
		printf("%s%*llu", sep, width, c->bytes);
	if (name != NULL)
		printf(" %s", name);
	putchar('\n');
}

/*
 * GNU's column width: enough digits for the total size of the regular
 * files, at least 7 when some input (a pipe, say) has no known size, and
 * no padding at all for a single number.
 */
static int column_width(int nfiles, char **files)
{
	unsigned long long total = 0;
	int width = 1, min = 1, i;
	struct stat st;

	if (show_lines + show_words + show_bytes == 1 && nfiles <= 1)
		return 1;
	for (i = 0; i < (nfiles ? nfiles : 1); i++) {
		int ok = nfiles && strcmp(files[i], "-") != 0 ? stat(files[i], &st) :
								   fstat(STDIN_FILENO, &st);
		if (ok == 0 && S_ISREG(st.st_mode))
			total += (unsigned long long)st.st_size;
		else if (ok == 0)
			min = 7;
	}
	for (; total >= 10; total /= 10)
		width++;
	return width > min ? width : min;
}

int main(int argc, char **argv)
{
	struct counts c, sum = { 0, 0, 0 };
	int status = 0, nfiles, width, i, ch;

	set_progname(argv[0]);
	while ((ch = next_opt(argc, argv, "lwc")) != -1) {
		switch (ch) {
		case 'l': show_lines = 1; break;
		case 'w': show_words = 1; break;
		case 'c': show_bytes = 1; break;
		default: usage("[-lwc] [file...]");
		}
	}
	if (!show_lines && !show_words && !show_bytes)
		show_lines = show_words = show_bytes = 1;
	nfiles = argc - opt_ind;
	width = column_width(nfiles, argv + opt_ind);
	if (nfiles == 0) {
		if (count_fd(STDIN_FILENO, "-", &c) < 0)
			return 1;
		print_counts(&c, width, NULL);
		return 0;
	}
	for (i = opt_ind; i < argc; i++) {
		int fd = strcmp(argv[i], "-") == 0 ? STDIN_FILENO : open(argv[i], O_RDONLY);

		if (fd < 0 || count_fd(fd, argv[i], &c) < 0) {
			if (fd < 0)
				warn_path(argv[i]);
			status = 1;
		} else {
			print_counts(&c, width, argv[i]);
			sum.lines += c.lines;
			sum.words += c.words;
			sum.bytes += c.bytes;
		}
		if (fd > STDIN_FILENO)
			close(fd);
	}
	if (nfiles > 1)
		print_counts(&sum, width, "total");
	return status;
}
