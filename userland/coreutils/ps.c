/*
 * ps: list processes from /proc/<pid>/stat and /proc/<pid>/cmdline, in
 * procps's columns.  Without options: the processes of this user on this
 * terminal, as PID TTY TIME CMD.  -e (or -A): every process.  -f: full
 * format, UID PID PPID C STIME TTY TIME CMD, with whole command lines.
 */
#include <ctype.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

struct proc_info {
	int pid, ppid;
	unsigned long tty; /* tty_nr: the device number of its terminal */
	unsigned long long cpu_ticks, start_ticks;
	uid_t uid;
	char comm[64];
};

static int opt_every, opt_full;

/* Read a small /proc file into buf (NUL-terminated); its length or -1. */
static ssize_t read_small(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n, total = 0;

	if (fd < 0)
		return -1;
	while ((size_t)total < len - 1 && (n = read(fd, buf + total, len - 1 - (size_t)total)) > 0)
		total += n;
	close(fd);
	buf[total] = '\0';
	return total;
}

/*
 * Parse /proc/<pid>/stat.  The name is in parentheses and may itself hold
 * spaces and ')', so the fields are counted from the last ')'.
 */
static int load_proc(int pid, struct proc_info *p)
{
	char path[64], buf[1024], *open_paren, *close_paren, *field;
	int n;
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (read_small(path, buf, sizeof(buf)) < 0)
		return -1;
	open_paren = strchr(buf, '(');
	close_paren = strrchr(buf, ')');
	if (open_paren == NULL || close_paren == NULL || close_paren < open_paren)
		return -1;
	n = (int)(close_paren - open_paren - 1);
	snprintf(p->comm, sizeof(p->comm), "%.*s", n, open_paren + 1);
	p->pid = pid;
	/* Fields from 3 (state) on; the ones wanted are 4, 7, 14, 15 and 22. */
	field = close_paren + 1;
	for (n = 3; n <= 22; n++) {
		unsigned long long v;

		while (*field == ' ')
			field++;
		v = strtoull(field, NULL, 10);
		if (n == 4)
			p->ppid = (int)v;
		else if (n == 7)
			p->tty = (unsigned long)v;
		else if (n == 14)
			p->cpu_ticks = v;
		else if (n == 15)
			p->cpu_ticks += v;
		else if (n == 22)
			p->start_ticks = v;
		field += strcspn(field, " ");
	}
	snprintf(path, sizeof(path), "/proc/%d", pid);
	p->uid = stat(path, &st) == 0 ? st.st_uid : 0;
	return 0;
}

/* "pts/0", "tty1", "ttyS0" or "?", from a tty_nr device number. */
static void tty_name(unsigned long dev, char *buf, size_t len)
{
	unsigned long major = (dev >> 8) & 0xfff, minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);

	if (dev == 0)
		snprintf(buf, len, "?");
	else if (major == 4 && minor < 64)
		snprintf(buf, len, "tty%lu", minor);
	else if (major == 4)
		snprintf(buf, len, "ttyS%lu", minor - 64);
	else if (major >= 136 && major <= 143)
		snprintf(buf, len, "pts/%lu", (major - 136) * 256 + minor);
	else
		snprintf(buf, len, "?");
}

/* The command line with spaces for NULs, or "[comm]" when it is empty. */
static void command_line(const struct proc_info *p, char *buf, size_t len)
{
	char path[64];
	ssize_t n, i;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", p->pid);
	n = read_small(path, buf, len);
	while (n > 0 && buf[n - 1] == '\0')
		n--;
	if (n <= 0) {
		snprintf(buf, len, "[%s]", p->comm);
		return;
	}
	for (i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[n] = '\0';
}

static void print_proc(const struct proc_info *p, long hz, time_t boot)
{
	unsigned long long secs = p->cpu_ticks / (unsigned long long)hz;
	char tty[16], cputime[32], cmd[4096];

	tty_name(p->tty, tty, sizeof(tty));
	snprintf(cputime, sizeof(cputime), "%02llu:%02llu:%02llu", secs / 3600, secs / 60 % 60,
		 secs % 60);
	if (opt_full) {
		time_t start = boot + (time_t)(p->start_ticks / (unsigned long long)hz);
		time_t now = time(NULL);
		struct passwd *pw = getpwuid(p->uid);
		char user[32], stime[16];
		struct tm started = *localtime(&start);

		/* Started today: the time; earlier: the date. */
		strftime(stime, sizeof(stime),
			 now - start < 24 * 3600 && localtime(&now)->tm_mday == started.tm_mday ?
				 "%H:%M" : "%b%d",
			 &started);
		if (pw != NULL)
			snprintf(user, sizeof(user), "%s", pw->pw_name);
		else
			snprintf(user, sizeof(user), "%u", (unsigned)p->uid);
		command_line(p, cmd, sizeof(cmd));
		printf("%-8s %5d %5d  0 %5s %-8s %8s %s\n", user, p->pid, p->ppid, stime, tty,
		       cputime, cmd);
	} else {
		printf("%5d %-8s %8s %s\n", p->pid, tty, cputime, p->comm);
	}
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* The pids in /proc, in increasing order; *n is their count. */
static int *list_pids(size_t *n)
{
	size_t count, i, kept = 0;
	char **names = read_dir("/proc", &count);
	int *pids;

	if (names == NULL) {
		warn_path("/proc");
		exit(1);
	}
	pids = xmalloc((count + 1) * sizeof(*pids));
	for (i = 0; i < count; i++)
		if (isdigit((unsigned char)names[i][0]))
			pids[kept++] = atoi(names[i]);
	free_names(names);
	qsort(pids, kept, sizeof(*pids), cmp_int);
	*n = kept;
	return pids;
}

/* When the system booted, from /proc/uptime: processes' start times count
 * from there. */
static time_t boot_time(void)
{
	char buf[128];

	if (read_small("/proc/uptime", buf, sizeof(buf)) < 0)
		return time(NULL);
	return time(NULL) - (time_t)strtoul(buf, NULL, 10);
}

int main(int argc, char **argv)
{
	struct proc_info self, p;
	long hz = sysconf(_SC_CLK_TCK);
	size_t n, i;
	time_t boot;
	int *pids, c;

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "eAf")) != -1) {
		if (c == '?')
			usage("[-e|-A] [-f]");
		if (c == 'f')
			opt_full = 1;
		else
			opt_every = 1;
	}
	if (hz <= 0)
		hz = 100;
	if (load_proc(getpid(), &self) < 0) {
		warn_path("/proc/self/stat");
		return 1;
	}
	boot = boot_time();
	pids = list_pids(&n);
	if (opt_full)
		puts("UID        PID  PPID  C STIME TTY          TIME CMD");
	else
		puts("  PID TTY          TIME CMD");
	for (i = 0; i < n; i++) {
		/* A process may exit between the listing and the reading. */
		if (load_proc(pids[i], &p) < 0)
			continue;
		if (opt_every || (p.tty == self.tty && p.uid == geteuid()))
			print_proc(&p, hz, boot);
	}
	free(pids);
	return 0;
}
