/*
 * stat: print what stat(2) says about files, in GNU stat's layout.
 *   -L         follow symbolic links
 *   -c FORMAT  print FORMAT instead, with %n name, %N quoted name and link
 *              target, %s size, %b blocks, %B block unit, %o I/O block,
 *              %f raw mode (hex), %F type, %a octal mode, %A mode string,
 *              %u/%U owner, %g/%G group, %i inode, %h links, %d device,
 *              %t/%T device major/minor (hex), %x/%y/%z access/modify/change
 *              times, %X/%Y/%Z the same in seconds, %% a percent sign
 */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

#define SYNOPSIS "[-L] [-c format] file..."

static unsigned long dev_major(unsigned long long d)
{
	return (unsigned long)(((d >> 8) & 0xfff) | ((d >> 32) & ~0xfffULL));
}

static unsigned long dev_minor(unsigned long long d)
{
	return (unsigned long)((d & 0xff) | ((d >> 12) & ~0xffULL));
}

static const char *type_name(const struct stat *st)
{
	if (S_ISREG(st->st_mode))
		return st->st_size == 0 ? "regular empty file" : "regular file";
	if (S_ISDIR(st->st_mode))
		return "directory";
	if (S_ISLNK(st->st_mode))
		return "symbolic link";
	if (S_ISCHR(st->st_mode))
		return "character special file";
	if (S_ISBLK(st->st_mode))
		return "block special file";
	if (S_ISFIFO(st->st_mode))
		return "fifo";
	if (S_ISSOCK(st->st_mode))
		return "socket";
	return "weird file";
}

static const char *user_name(uid_t uid)
{
	struct passwd *pw = getpwuid(uid);

	return pw != NULL ? pw->pw_name : "UNKNOWN";
}

static const char *group_name(gid_t gid)
{
	struct group *gr = getgrgid(gid);

	return gr != NULL ? gr->gr_name : "UNKNOWN";
}

/* "2026-11-25 17:53:04.408702746 +0000" */
static void put_time(const struct timespec *ts)
{
	char date[64], zone[16];
	struct tm *tm = localtime(&ts->tv_sec);

	if (tm == NULL) {
		printf("%lld", (long long)ts->tv_sec);
		return;
	}
	strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S", tm);
	strftime(zone, sizeof(zone), "%z", tm);
	printf("%s.%09ld %s", date, (long)ts->tv_nsec, zone);
}

/* The name, with " -> target" for a symbolic link (%N). */
static void put_name_and_target(const char *path, const struct stat *st)
{
	char target[4096];
	ssize_t n;

	printf("%s", path);
	if (S_ISLNK(st->st_mode) && (n = readlink(path, target, sizeof(target) - 1)) >= 0)
		printf(" -> %.*s", (int)n, target);
}

/* One %-conversion of -c's format. */
static void put_field(char c, const char *path, const struct stat *st)
{
	char mode[11];

	switch (c) {
	case 'n': printf("%s", path); break;
	case 'N': put_name_and_target(path, st); break;
	case 's': printf("%lld", (long long)st->st_size); break;
	case 'b': printf("%lld", (long long)st->st_blocks); break;
	case 'B': printf("512"); break;
	case 'o': printf("%ld", (long)st->st_blksize); break;
	case 'f': printf("%lx", (unsigned long)st->st_mode); break;
	case 'F': printf("%s", type_name(st)); break;
	case 'a': printf("%lo", (unsigned long)(st->st_mode & 07777)); break;
	case 'A': mode_string(st->st_mode, mode); printf("%s", mode); break;
	case 'u': printf("%u", (unsigned)st->st_uid); break;
	case 'U': printf("%s", user_name(st->st_uid)); break;
	case 'g': printf("%u", (unsigned)st->st_gid); break;
	case 'G': printf("%s", group_name(st->st_gid)); break;
	case 'i': printf("%llu", (unsigned long long)st->st_ino); break;
	case 'h': printf("%lu", (unsigned long)st->st_nlink); break;
	case 'd': printf("%llu", (unsigned long long)st->st_dev); break;
	case 't': printf("%lx", dev_major(st->st_rdev)); break;
	case 'T': printf("%lx", dev_minor(st->st_rdev)); break;
	case 'x': put_time(&st->st_atim); break;
	case 'y': put_time(&st->st_mtim); break;
	case 'z': put_time(&st->st_ctim); break;
	case 'X': printf("%lld", (long long)st->st_atime); break;
	case 'Y': printf("%lld", (long long)st->st_mtime); break;
	case 'Z': printf("%lld", (long long)st->st_ctime); break;
	case '%': putchar('%'); break;
	default: printf("?%c", c); break;
	}
}

static void put_format(const char *f, const char *path, const struct stat *st)
{
	for (; *f != '\0'; f++) {
		if (*f != '%' || f[1] == '\0')
			putchar(*f);
		else
			put_field(*++f, path, st);
	}
	putchar('\n');
}

static void put_default(const char *path, const struct stat *st)
{
	char buf[32], mode[11];

	printf("  File: ");
	put_name_and_target(path, st);
	snprintf(buf, sizeof(buf), "%lld", (long long)st->st_size);
	printf("\n  Size: %-10s\tBlocks: %-10lld IO Block: %-6ld %s\n", buf,
	       (long long)st->st_blocks, (long)st->st_blksize, type_name(st));
	snprintf(buf, sizeof(buf), "%lu,%lu", dev_major(st->st_dev), dev_minor(st->st_dev));
	printf("Device: %s\tInode: %-11llu Links: ", buf, (unsigned long long)st->st_ino);
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		printf("%-5lu Device type: %lu,%lu\n", (unsigned long)st->st_nlink,
		       dev_major(st->st_rdev), dev_minor(st->st_rdev));
	else
		printf("%lu\n", (unsigned long)st->st_nlink);
	mode_string(st->st_mode, mode);
	printf("Access: (%04lo/%s)  Uid: (%5u/%8s)   Gid: (%5u/%8s)\n",
	       (unsigned long)(st->st_mode & 07777), mode, (unsigned)st->st_uid,
	       user_name(st->st_uid), (unsigned)st->st_gid, group_name(st->st_gid));
	printf("Access: ");
	put_time(&st->st_atim);
	printf("\nModify: ");
	put_time(&st->st_mtim);
	printf("\nChange: ");
	put_time(&st->st_ctim);
	printf("\n Birth: -\n");
}

int main(int argc, char **argv)
{
	const char *format = NULL;
	int follow = 0, status = 0, c;
	struct stat st;

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "Lc:")) != -1) {
		if (c == '?')
			usage(SYNOPSIS);
		if (c == 'L')
			follow = 1;
		else
			format = opt_arg;
	}
	if (opt_ind == argc)
		usage(SYNOPSIS);
	for (; opt_ind < argc; opt_ind++) {
		const char *path = argv[opt_ind];

		if ((follow ? stat(path, &st) : lstat(path, &st)) < 0) {
			warn_path(path);
			status = 1;
			continue;
		}
		if (format != NULL)
			put_format(format, path, &st);
		else
			put_default(path, &st);
	}
	return status;
}
