/*
 * t_libc: the C library surface that ported programs expect (issue 17),
 * checked against what glibc does, so the same program passes on the host
 * Linux and on Breenix: sigsetjmp/siglongjmp and the signal mask, err/warn
 * and syslog output, the reentrant passwd and group lookups, nftw and fts
 * walks, posix_spawn with file actions and attributes, statvfs, timegm,
 * UTF-8 under C.UTF-8, regular expressions, glob, wordexp, fnmatch,
 * getopt_long, iconv, clearenv and the small BSD/GNU helpers; the socket
 * wrappers (SCM_RIGHTS through sendmsg/recvmsg, a named AF_UNIX socket),
 * flock and lockf locking out a second holder, and the pseudo-terminal calls
 * (posix_openpt/ptsname, openpty, forkpty); pathconf/fpathconf, the mount
 * table calls (<mntent.h>), utime, _POSIX_VERSION, and a signal handler's
 * ucontext_t read through REG_* indices; flockfile keeping another thread out;
 * raise reaching only the calling thread, the XSI sighold/sigrelse/sigignore/
 * sigset calls, clock() in CLOCKS_PER_SEC and clock_getcpuclockid.
 *
 * "t_libc helper" is the program posix_spawn runs to report what it
 * inherited: its mask, dispositions, process group and session.
 */
#define _GNU_SOURCE
#include <endian.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <fts.h>
#include <ftw.h>
#include <getopt.h>
#include <glob.h>
#include <grp.h>
#include <iconv.h>
#include <langinfo.h>
#include <libgen.h>
#include <locale.h>
#include <mntent.h>
#include <paths.h>
#include <pthread.h>
#include <pty.h>
#include <pwd.h>
#include <regex.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <sysexits.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/param.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/types.h>
#include <sys/ucontext.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>
#include <utmp.h>
#include <limits.h>
#include <wchar.h>
#include <wordexp.h>

#include "utest.h"

extern char **environ;

static char *self;		/* argv[0]: this program, for posix_spawn */
static char tree[64];		/* a directory tree made for the walks */

/* ---- helpers ---- */

static int
write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* Reads a whole file (at most size - 1 bytes) into buf; returns its length. */
static ssize_t
read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n, total = 0;

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf + total, size - 1 - (size_t)total)) > 0)
		total += n;
	close(fd);
	buf[total] = '\0';
	return total;
}

/* Runs fn in a child whose stderr goes to a pipe; the text it wrote goes to
 * buf, and its wait status is returned. */
static int
capture_stderr(void (*fn)(void), char *buf, size_t size)
{
	int p[2], status = -1;
	ssize_t n, total = 0;
	pid_t pid;

	buf[0] = '\0';
	if (pipe(p) != 0)
		return -1;
	if ((pid = fork()) == 0) {
		close(p[0]);
		dup2(p[1], STDERR_FILENO);
		fn();
		_exit(0);
	}
	close(p[1]);
	while ((n = read(p[0], buf + total, size - 1 - (size_t)total)) > 0)
		total += n;
	buf[total > 0 ? total : 0] = '\0';
	close(p[0]);
	waitpid(pid, &status, 0);
	return status;
}

/* tree/: a (file), b/ (c, e/), l -> a, x.txt, y.txt, z.dat.  A step that
 * fails is named on stdout, and the cases that need the tree fail. */
static int
make_tree(void)
{
	static const char *const files[] = { "a", "b/c", "x.txt", "y.txt", "z.dat" };
	char p[128];
	size_t i;

	strcpy(tree, "/tmp/t_libc.XXXXXX");
	if (mkdtemp(tree) == NULL) {
		printf("# make_tree: mkdtemp: %s\n", strerror(errno));
		return -1;
	}
	snprintf(p, sizeof(p), "%s/b", tree);
	if (mkdir(p, 0755) != 0)
		goto fail;
	snprintf(p, sizeof(p), "%s/b/e", tree);
	if (mkdir(p, 0755) != 0)
		goto fail;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", tree, files[i]);
		if (write_file(p, files[i][0] == 'a' || files[i][0] == 'b' ? "x\n" : "") != 0)
			goto fail;
	}
	snprintf(p, sizeof(p), "%s/l", tree);
	if (symlink("a", p) != 0)
		goto fail;
	return 0;
fail:
	printf("# make_tree: %s: %s\n", p, strerror(errno));
	return -1;
}

static int
rm_entry(const char *path, const struct stat *st, int type, struct FTW *f)
{
	(void)st;
	(void)f;
	return type == FTW_DP ? rmdir(path) : unlink(path);
}

/* ---- sigsetjmp ---- */

static sigjmp_buf jb;

static void
jump_out(int sig)
{
	(void)sig;
	siglongjmp(jb, 7);
}

static int
usr1_blocked(void)
{
	sigset_t cur;

	sigprocmask(SIG_BLOCK, NULL, &cur);
	return sigismember(&cur, SIGUSR1);
}

TEST(sigsetjmp_restores_mask)
{
	struct sigaction sa;
	sigset_t none;
	volatile int r;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = jump_out;		/* SIGUSR1 is blocked while it runs */
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	r = sigsetjmp(jb, 1);
	if (r == 0) {
		raise(SIGUSR1);
		CHECK(!"the handler returned");
	}
	CHECK(r == 7);
	CHECK(!usr1_blocked());			/* the saved mask came back */
	r = sigsetjmp(jb, 0);
	if (r == 0) {
		raise(SIGUSR1);
		CHECK(!"the handler returned");
	}
	CHECK(r == 7);
	CHECK(usr1_blocked());			/* the handler's mask stayed */
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGUSR1, SIG_DFL);
}

TEST(longjmp_zero_is_one)
{
	static jmp_buf j;
	volatile int r = setjmp(j);

	if (r == 0)
		longjmp(j, 0);
	CHECK(r == 1);
	r = sigsetjmp(jb, 0);
	if (r == 0)
		siglongjmp(jb, 0);
	CHECK(r == 1);
}

/* ---- err.h and syslog ---- */

static void
do_err(void)
{
	errno = ENOENT;
	warn("open %s", "x");
	warnx("plain %d", 3);
	errno = EACCES;
	err(3, "final");
}

TEST(err_warn_format)
{
	char out[512], want[512];
	const char *me = program_invocation_short_name;
	int st = capture_stderr(do_err, out, sizeof(out));

	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3);
	snprintf(want, sizeof(want), "%s: open x: %s\n%s: plain 3\n%s: final: %s\n", me,
		 strerror(ENOENT), me, me, strerror(EACCES));
	CHECK(strcmp(out, want) == 0);
}

static void
do_syslog(void)
{
	openlog("tlog", LOG_PERROR | LOG_PID, LOG_USER);
	errno = ENOENT;
	syslog(LOG_ERR, "hi %d %m", 5);
	setlogmask(LOG_UPTO(LOG_ERR));
	syslog(LOG_INFO, "hidden");
	syslog(LOG_ERR, "line\n");
	closelog();
}

TEST(syslog_perror)
{
	char out[512], want[512];
	int st = capture_stderr(do_syslog, out, sizeof(out));
	const char *pid = strchr(out, '[');

	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(pid != NULL);
	snprintf(want, sizeof(want), "tlog[%d]: hi 5 %s\ntlog[%d]: line\n", atoi(pid + 1),
		 strerror(ENOENT), atoi(pid + 1));
	CHECK(strcmp(out, want) == 0);
}

/* Breenix has no syslog daemon: messages go to /var/log/messages when it
 * exists (glibc would send them to /dev/log instead). */
TEST(syslog_log_file)
{
	char buf[512];

	SKIP_IF(!on_breenix(), "glibc logs to the syslog daemon");
	mkdir("/var", 0755);
	mkdir("/var/log", 0755);
	CHECK(write_file("/var/log/messages", "") == 0);
	openlog("tfile", 0, LOG_DAEMON);
	syslog(LOG_NOTICE, "to the %s", "file");
	closelog();
	CHECK(read_file("/var/log/messages", buf, sizeof(buf)) > 0);
	unlink("/var/log/messages");
	CHECK(strstr(buf, " tfile: to the file\n") != NULL);
	CHECK(buf[strlen(buf) - 1] == '\n' && strchr(buf, '\n') == buf + strlen(buf) - 1);
}

/* ---- passwd and group ---- */

TEST(getpw_r)
{
	struct passwd pw, *res;
	char buf[1024], tiny[4];

	CHECK(getpwuid_r(0, &pw, buf, sizeof(buf), &res) == 0 && res == &pw);
	CHECK(strcmp(pw.pw_name, "root") == 0 && pw.pw_uid == 0 && pw.pw_gid == 0);
	CHECK(pw.pw_dir[0] == '/' && pw.pw_shell != NULL);
	CHECK(getpwnam_r("root", &pw, buf, sizeof(buf), &res) == 0 && res == &pw);
	CHECK(pw.pw_uid == 0);
	CHECK(getpwuid_r(0, &pw, tiny, sizeof(tiny), &res) == ERANGE && res == NULL);
	CHECK(getpwnam_r("no-such-user-here", &pw, buf, sizeof(buf), &res) == 0 && res == NULL);
	errno = 0;
	CHECK(getpwnam("no-such-user-here") == NULL);
	CHECK(getpwuid(0) != NULL && strcmp(getpwuid(0)->pw_name, "root") == 0);
}

TEST(getgr_r)
{
	struct group gr, *res;
	char buf[1024], tiny[4];
	gid_t groups[64];
	int n = 64;

	CHECK(getgrgid_r(0, &gr, buf, sizeof(buf), &res) == 0 && res == &gr);
	CHECK(strcmp(gr.gr_name, "root") == 0 && gr.gr_gid == 0 && gr.gr_mem != NULL);
	CHECK(getgrnam_r("root", &gr, buf, sizeof(buf), &res) == 0 && res == &gr);
	CHECK(getgrgid_r(0, &gr, tiny, sizeof(tiny), &res) == ERANGE && res == NULL);
	CHECK(getgrnam_r("no-such-group-here", &gr, buf, sizeof(buf), &res) == 0 && res == NULL);
	CHECK(getgrouplist("root", 0, groups, &n) >= 1 && groups[0] == 0);
	n = 0;
	CHECK(getgrouplist("root", 0, groups, &n) == -1 && n >= 1);
}

/* ---- nftw and fts ---- */

static int n_f, n_d, n_dp, n_sl, c_level, order_ok;

static int
count_entry(const char *path, const struct stat *st, int type, struct FTW *f)
{
	(void)st;
	if (type == FTW_F)
		n_f++;
	else if (type == FTW_D)
		n_d++;
	else if (type == FTW_DP)
		n_dp++;
	else if (type == FTW_SL)
		n_sl++;
	if (strcmp(path + f->base, "c") == 0)
		c_level = f->level;
	/* With FTW_DEPTH, b comes after its own entries c and e. */
	if (type == FTW_DP && strcmp(path + f->base, "b") == 0)
		order_ok = n_f >= 1 && n_dp >= 1;
	return 0;
}

TEST(nftw_counts)
{
	CHECK(tree[0] != '\0');
	n_f = n_d = n_dp = n_sl = 0;
	CHECK(nftw(tree, count_entry, 8, FTW_PHYS) == 0);
	CHECK(n_f == 5 && n_d == 3 && n_dp == 0 && n_sl == 1);
	CHECK(c_level == 2);
	n_f = n_d = n_dp = n_sl = 0;
	CHECK(nftw(tree, count_entry, 8, FTW_PHYS | FTW_DEPTH) == 0);
	CHECK(n_f == 5 && n_d == 0 && n_dp == 3 && n_sl == 1 && order_ok);
	n_f = n_d = n_dp = n_sl = 0;
	CHECK(nftw(tree, count_entry, 8, 0) == 0);	/* l followed: a file */
	CHECK(n_f == 6 && n_sl == 0);
	errno = 0;
	CHECK(nftw("/no/such/dir", count_entry, 8, 0) == -1 && errno == ENOENT);
}

static int
by_name(const FTSENT **a, const FTSENT **b)
{
	return strcmp((*a)->fts_name, (*b)->fts_name);
}

static const char *
info_name(int info)
{
	switch (info) {
	case FTS_D: return "D";
	case FTS_DP: return "DP";
	case FTS_F: return "F";
	case FTS_SL: return "SL";
	default: return "?";
	}
}

/* The walk as "INFO:name level ..." */
static void
fts_walk(int skip_b, char *out, size_t size)
{
	char *roots[] = { tree, NULL };
	FTS *fts = fts_open(roots, FTS_PHYSICAL, by_name);
	FTSENT *e;
	size_t n = 0;

	out[0] = '\0';
	if (fts == NULL)
		return;
	while ((e = fts_read(fts)) != NULL && n < size) {
		if (skip_b && e->fts_info == FTS_D && strcmp(e->fts_name, "b") == 0)
			fts_set(fts, e, FTS_SKIP);
		n += (size_t)snprintf(out + n, size - n, "%s:%s%d ", info_name(e->fts_info),
				      e->fts_level == 0 ? "." : e->fts_name, e->fts_level);
	}
	fts_close(fts);
}

TEST(fts_order)
{
	char out[512];

	CHECK(tree[0] != '\0');
	fts_walk(0, out, sizeof(out));
	CHECK(strcmp(out, "D:.0 F:a1 D:b1 F:c2 D:e2 DP:e2 DP:b1 SL:l1 F:x.txt1 F:y.txt1 "
			  "F:z.dat1 DP:.0 ") == 0);
	fts_walk(1, out, sizeof(out));
	CHECK(strcmp(out, "D:.0 F:a1 D:b1 DP:b1 SL:l1 F:x.txt1 F:y.txt1 F:z.dat1 DP:.0 ") == 0);
}

/* ---- posix_spawn ---- */

/* "t_libc helper": what a spawned program inherited. */
static int
helper(void)
{
	struct sigaction sa;
	sigset_t cur;

	sigprocmask(SIG_BLOCK, NULL, &cur);
	sigaction(SIGUSR2, NULL, &sa);
	printf("blocked=%d usr2=%s pgrp=%d sid=%d\n", sigismember(&cur, SIGUSR1),
	       sa.sa_handler == SIG_IGN ? "ign" : sa.sa_handler == SIG_DFL ? "dfl" : "handler",
	       getpgrp() == getpid(), getsid(0) == getpid());
	return 0;
}

/* Spawns the helper with its output in a file; returns that output. */
static int
spawn_helper(const posix_spawnattr_t *sa, char *out, size_t size)
{
	char path[96], *argv[] = { self, "helper", NULL };
	posix_spawn_file_actions_t fa;
	int st, rc;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/helper.out", tree);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, path, O_WRONLY | O_CREAT | O_TRUNC,
					 0644);
	rc = posix_spawn(&pid, self, &fa, sa, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return -1;
	rc = read_file(path, out, size) > 0 ? 0 : -1;
	unlink(path);
	return rc;
}

TEST(posix_spawn_echo)
{
	char path[96], buf[128], *argv[] = { "echo", "spawned", "ok", NULL };
	posix_spawn_file_actions_t fa;
	int st, fd;
	pid_t pid;

	CHECK(tree[0] != '\0');
	snprintf(path, sizeof(path), "%s/echo.out", tree);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0);
	posix_spawn_file_actions_init(&fa);
	CHECK(posix_spawn_file_actions_adddup2(&fa, fd, STDOUT_FILENO) == 0);
	CHECK(posix_spawn_file_actions_addclose(&fa, fd) == 0);
	CHECK(posix_spawn_file_actions_adddup2(&fa, -1, 1) == EBADF);
	CHECK(posix_spawn(&pid, "/bin/echo", &fa, NULL, argv, environ) == 0);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(posix_spawnp(&pid, "echo", &fa, NULL, argv, environ) == 0);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	posix_spawn_file_actions_destroy(&fa);
	close(fd);
	CHECK(read_file(path, buf, sizeof(buf)) > 0);
	CHECK(strcmp(buf, "spawned ok\nspawned ok\n") == 0);
	unlink(path);
	/* exec's failure comes back as the result, and no pid is given */
	pid = 0;
	CHECK(posix_spawn(&pid, "/no/such/program", NULL, NULL, argv, environ) == ENOENT);
	CHECK(pid == 0);
	CHECK(posix_spawnp(&pid, "no-such-program-here", NULL, NULL, argv, environ) == ENOENT);
}

TEST(posix_spawn_attrs)
{
	posix_spawnattr_t sa;
	sigset_t set;
	char out[128];

	CHECK(tree[0] != '\0');
	signal(SIGUSR2, SIG_IGN);
	CHECK(spawn_helper(NULL, out, sizeof(out)) == 0);
	CHECK(strcmp(out, "blocked=0 usr2=ign pgrp=0 sid=0\n") == 0);
	posix_spawnattr_init(&sa);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK(posix_spawnattr_setsigmask(&sa, &set) == 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	CHECK(posix_spawnattr_setsigdefault(&sa, &set) == 0);
	CHECK(posix_spawnattr_setflags(&sa, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
					    POSIX_SPAWN_SETPGROUP) == 0);
	CHECK(posix_spawnattr_setpgroup(&sa, 0) == 0);
	CHECK(spawn_helper(&sa, out, sizeof(out)) == 0);
	CHECK(strcmp(out, "blocked=1 usr2=dfl pgrp=1 sid=0\n") == 0);
	CHECK(posix_spawnattr_setflags(&sa, POSIX_SPAWN_SETSID) == 0);
	CHECK(spawn_helper(&sa, out, sizeof(out)) == 0);
	CHECK(strcmp(out, "blocked=0 usr2=ign pgrp=1 sid=1\n") == 0);
	CHECK(posix_spawnattr_setflags(&sa, 0x4000) == EINVAL);
	posix_spawnattr_destroy(&sa);
	signal(SIGUSR2, SIG_DFL);
}

/* ---- pathconf, mntent, utime, ucontext ---- */

#if !defined(_POSIX_VERSION) || _POSIX_VERSION < 200809L
#error "_POSIX_VERSION should say POSIX.1-2008"
#endif

TEST(pathconf_limits)
{
	struct statvfs sv;
	int p[2];

	CHECK(statvfs("/", &sv) == 0);
	CHECK(pathconf("/", _PC_NAME_MAX) == (long)sv.f_namemax);
	CHECK(pathconf("/", _PC_PATH_MAX) == 4096);
	CHECK(pathconf("/", _PC_LINK_MAX) >= 8);
	CHECK(pathconf("/", _PC_NO_TRUNC) == 1);
	CHECK(pipe(p) == 0);
	CHECK(fpathconf(p[0], _PC_PIPE_BUF) == 4096);
	close(p[0]);
	close(p[1]);
	errno = 0;
	CHECK(pathconf("/no/such/path", _PC_NAME_MAX) == -1 && errno == ENOENT);
	errno = 0;
	CHECK(fpathconf(-1, _PC_NAME_MAX) == -1 && errno == EBADF);
	errno = 0;
	CHECK(pathconf("/", 12345) == -1 && errno == EINVAL);
}

TEST(mntent_table)
{
	char path[] = "/tmp/t_libc_mnt.XXXXXX", buf[256];
	struct mntent m, *e;
	FILE *f;
	int fd, root = 0;

	/* The kernel's table has the root file system. */
	f = setmntent("/proc/mounts", "r");
	CHECK(f != NULL);
	while ((e = getmntent(f)) != NULL)
		if (strcmp(e->mnt_dir, "/") == 0 && e->mnt_type[0] != '\0')
			root = hasmntopt(e, "rw") != NULL || hasmntopt(e, "ro") != NULL;
	CHECK(endmntent(f) == 1);
	CHECK(root);

	/* Escapes, comments, missing numbers; hasmntopt takes whole options. */
	fd = mkstemp(path);
	CHECK(fd >= 0);
	close(fd);
	CHECK(write_file(path, "# comment\n\n dev\\040a /mnt\\134b ext2 rw,noatime,ro=x 1 2\n"
			       "none /x tmpfs defaults\n") == 0);
	f = setmntent(path, "r+");
	CHECK(f != NULL);
	e = getmntent_r(f, &m, buf, sizeof(buf));
	CHECK(e == &m);
	CHECK(strcmp(m.mnt_fsname, "dev a") == 0 && strcmp(m.mnt_dir, "/mnt\\b") == 0);
	CHECK(strcmp(m.mnt_type, "ext2") == 0 && m.mnt_freq == 1 && m.mnt_passno == 2);
	CHECK(hasmntopt(&m, "ro") != NULL && strcmp(hasmntopt(&m, "ro"), "ro=x") == 0);
	CHECK(hasmntopt(&m, "noat") == NULL && hasmntopt(&m, "rw") == m.mnt_opts);
	e = getmntent_r(f, &m, buf, sizeof(buf));
	CHECK(e != NULL && strcmp(m.mnt_dir, "/x") == 0 && m.mnt_freq == 0 && m.mnt_passno == 0);
	CHECK(getmntent_r(f, &m, buf, sizeof(buf)) == NULL);

	/* addmntent appends, escaping what would end a field. */
	m.mnt_fsname = "a b";
	m.mnt_dir = "/c\td";
	m.mnt_type = "tmpfs";
	m.mnt_opts = "rw";
	m.mnt_freq = 0;
	m.mnt_passno = 3;
	CHECK(addmntent(f, &m) == 0);
	CHECK(endmntent(f) == 1);
	f = setmntent(path, "r");
	CHECK(f != NULL);
	while ((e = getmntent(f)) != NULL && e->mnt_passno != 3)
		;
	CHECK(e != NULL && strcmp(e->mnt_fsname, "a b") == 0 && strcmp(e->mnt_dir, "/c\td") == 0);
	endmntent(f);
	unlink(path);
}

TEST(utime_sets_times)
{
	char path[] = "/tmp/t_libc_utime.XXXXXX";
	struct utimbuf t = { .actime = 1000000000, .modtime = 1200000000 };
	struct stat st;
	time_t now = time(NULL);
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	close(fd);
	CHECK(utime(path, &t) == 0);
	CHECK(stat(path, &st) == 0);
	CHECK(st.st_atime == 1000000000 && st.st_mtime == 1200000000);
	CHECK(utime(path, NULL) == 0);
	CHECK(stat(path, &st) == 0 && st.st_mtime >= now && st.st_mtime <= now + 60);
	unlink(path);
	errno = 0;
	CHECK(utime("/no/such/file", &t) == -1 && errno == ENOENT);
}

static volatile long long uc_r12, uc_rbx, uc_rip, uc_rax;
static volatile int uc_masked;

static void
uc_handler(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	(void)sig;
	(void)si;
	uc_r12 = uc->uc_mcontext.gregs[REG_R12];
	uc_rbx = uc->uc_mcontext.gregs[REG_RBX];
	uc_rip = uc->uc_mcontext.gregs[REG_RIP];
	uc_rax = uc->uc_mcontext.gregs[REG_RAX];
	uc_masked = sigismember(&uc->uc_sigmask, SIGUSR2);
}

/* A handler reads the interrupted registers by REG_* index: kill(getpid())
 * made with the syscall instruction, r12 holding a marker and rbx the
 * address the syscall returns to. */
TEST(ucontext_registers)
{
	struct sigaction sa = { 0 }, old;
	sigset_t set, oldset;
	long ret, after;

	CHECK(offsetof(ucontext_t, uc_mcontext) == 40);
	CHECK(offsetof(ucontext_t, uc_sigmask) == 296);
	CHECK(sizeof(mcontext_t) == 256 && NGREG == 23);
	sa.sa_sigaction = uc_handler;
	sa.sa_flags = SA_SIGINFO;
	CHECK(sigaction(SIGUSR1, &sa, &old) == 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, &oldset);
	__asm__ volatile("lea 1f(%%rip), %%rbx\n\t"
			 "mov %3, %%r12\n\t"
			 "syscall\n"
			 "1:\n\t"
			 "mov %%rbx, %1"
			 : "=a"(ret), "=&r"(after)
			 : "0"((long)SYS_kill), "r"(0x5a5a1234abcdLL), "D"((long)getpid()),
			   "S"((long)SIGUSR1)
			 : "rbx", "r12", "rcx", "r11", "memory");
	sigprocmask(SIG_SETMASK, &oldset, NULL);
	sigaction(SIGUSR1, &old, NULL);
	CHECK(ret == 0);
	CHECK(uc_r12 == 0x5a5a1234abcdLL);
	CHECK(uc_rbx == after && uc_rip == after);
	CHECK(uc_rax == 0);
	CHECK(uc_masked == 1);
}

/* Another thread's ftrylockfile: 0 when it got the stream (and let go). */
static void *
trylock_thread(void *arg)
{
	FILE *f = arg;
	long r = ftrylockfile(f);

	if (r == 0)
		funlockfile(f);
	return (void *)r;
}

static sigset_t raise_seen_by_other;

static void *raise_other_thread(void *arg)
{
	(void)arg;
	sigpending(&raise_seen_by_other);
	return NULL;
}

/* raise is the calling thread's (glibc: tgkill): another thread does not see it pending. */
TEST(raise_is_thread_directed)
{
	sigset_t set, old, pend;
	pthread_t th;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK(pthread_sigmask(SIG_BLOCK, &set, &old) == 0);
	CHECK(raise(SIGUSR1) == 0);
	CHECK(pthread_create(&th, NULL, raise_other_thread, NULL) == 0);
	CHECK(pthread_join(th, NULL) == 0);
	CHECK(!sigismember(&raise_seen_by_other, SIGUSR1));
	CHECK(sigpending(&pend) == 0 && sigismember(&pend, SIGUSR1));
	CHECK(sigwait(&set, &sig) == 0 && sig == SIGUSR1);
	CHECK(raise(0) == 0);
	CHECK(raise(1000) == -1 && errno == EINVAL);
	CHECK(pthread_sigmask(SIG_SETMASK, &old, NULL) == 0);
}

static volatile sig_atomic_t xsi_hits;

static void xsi_handler(int sig)
{
	(void)sig;
	xsi_hits++;
}

/* sighold/sigrelse, sigignore, and sigset with SIG_HOLD, as glibc has them
 * (glibc marks them deprecated: obsolescent in POSIX, still provided). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
TEST(xsi_signal_calls)
{
	sigset_t cur, old;

	CHECK(sigprocmask(SIG_SETMASK, NULL, &old) == 0);
	xsi_hits = 0;
	CHECK(sigset(SIGUSR2, xsi_handler) == SIG_DFL);
	CHECK(sighold(SIGUSR2) == 0);
	CHECK(sigprocmask(SIG_SETMASK, NULL, &cur) == 0 && sigismember(&cur, SIGUSR2));
	CHECK(raise(SIGUSR2) == 0 && xsi_hits == 0); /* held */
	CHECK(sigrelse(SIGUSR2) == 0 && xsi_hits == 1);
	CHECK(sigset(SIGUSR2, SIG_HOLD) == xsi_handler); /* was not held: the disposition */
	CHECK(raise(SIGUSR2) == 0 && xsi_hits == 1);
	CHECK(sigset(SIGUSR2, SIG_HOLD) == SIG_HOLD);    /* held now */
	CHECK(sigset(SIGUSR2, xsi_handler) == SIG_HOLD && xsi_hits == 2); /* unblocked: delivered */
	CHECK(sigignore(SIGUSR2) == 0 && raise(SIGUSR2) == 0 && xsi_hits == 2);
	CHECK(sigset(SIGUSR2, SIG_DFL) == SIG_IGN);
	CHECK(sighold(0) == -1 && errno == EINVAL);
	CHECK(sigrelse(1000) == -1 && errno == EINVAL);
	CHECK(sigignore(SIGKILL) == -1 && errno == EINVAL);
	CHECK(sigset(SIGKILL, xsi_handler) == SIG_ERR && errno == EINVAL);
	CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
}
#pragma GCC diagnostic pop

/* clock() is CPU time in CLOCKS_PER_SEC (1000000 on XSI); a process's CPU clock by pid. */
TEST(clock_and_cpu_clock_ids)
{
	struct timespec ts;
	clockid_t id;
	clock_t c0, c1;
	volatile unsigned long spin = 0;

	CHECK(CLOCKS_PER_SEC == 1000000);
	c0 = clock();
	while (clock() - c0 < CLOCKS_PER_SEC / 20) /* 50 ms of CPU */
		spin++;
	c1 = clock();
	CHECK(c0 != (clock_t)-1 && c1 - c0 >= CLOCKS_PER_SEC / 20 && c1 - c0 < 5 * CLOCKS_PER_SEC);
	CHECK(clock_getcpuclockid(0, &id) == 0 && clock_gettime(id, &ts) == 0);
	CHECK(clock_getcpuclockid(getpid(), &id) == 0);
	CHECK(clock_gettime(id, &ts) == 0 && (ts.tv_sec > 0 || ts.tv_nsec >= 50000000));
	CHECK(clock_getcpuclockid(dead_pid(), &id) == ESRCH);
}


TEST(flockfile_excludes)
{
	FILE *f = fopen("/dev/null", "w");
	pthread_t t;
	void *r;

	CHECK(f != NULL);
	flockfile(f);
	CHECK(ftrylockfile(f) == 0);	/* recursive for the holder */
	funlockfile(f);
	CHECK(pthread_create(&t, NULL, trylock_thread, f) == 0);
	CHECK(pthread_join(t, &r) == 0);
	CHECK(r != NULL);		/* still held once */
	funlockfile(f);
	CHECK(pthread_create(&t, NULL, trylock_thread, f) == 0);
	CHECK(pthread_join(t, &r) == 0);
	CHECK(r == NULL);
	CHECK(fputs("x", f) >= 0);	/* stdio still works after */
	fclose(f);
}

/* ---- statvfs, timegm ---- */

TEST(statvfs_root)
{
	struct statvfs a, b;
	int fd;

	CHECK(statvfs("/", &a) == 0);
	CHECK(a.f_bsize > 0 && a.f_frsize > 0 && a.f_namemax >= 255);
	CHECK(a.f_bavail <= a.f_bfree && a.f_bfree <= a.f_blocks);
	CHECK(a.f_favail <= a.f_files || a.f_files == 0);
	fd = open("/", O_RDONLY);
	CHECK(fd >= 0);
	CHECK(fstatvfs(fd, &b) == 0 && b.f_fsid == a.f_fsid && b.f_bsize == a.f_bsize);
	close(fd);
	errno = 0;
	CHECK(statvfs("/no/such/path", &a) == -1 && errno == ENOENT);
	CHECK(fstatvfs(-1, &a) == -1 && errno == EBADF);
}

TEST(timegm_round_trip)
{
	struct tm tm, back;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = 100;
	tm.tm_mon = 1;
	tm.tm_mday = 29;
	tm.tm_hour = 12;
	tm.tm_min = 34;
	tm.tm_sec = 56;
	tm.tm_isdst = -1;
	CHECK(timegm(&tm) == 951827696);
	CHECK(tm.tm_wday == 2 && tm.tm_yday == 59 && tm.tm_isdst == 0);
	/* out-of-range fields are carried: month 13 of 1999 is February 2000 */
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = 99;
	tm.tm_mon = 13;
	tm.tm_mday = 29;
	tm.tm_hour = 12;
	tm.tm_min = 34;
	tm.tm_sec = 56;
	CHECK(timegm(&tm) == 951827696 && tm.tm_year == 100 && tm.tm_mon == 1);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = 60;
	tm.tm_mday = 1;
	CHECK(timegm(&tm) == -315619200);
	for (t = -2000000000; t < 4000000000; t += 123456789) {
		CHECK(gmtime_r(&t, &tm) != NULL);
		back = tm;
		CHECK(timegm(&back) == t);
	}
}

/* ---- locales ---- */

TEST(utf8_locale)
{
	mbstate_t st;
	wchar_t wc;
	char out[8];

	CHECK(setlocale(LC_ALL, "C.UTF-8") != NULL);
	CHECK(strcmp(setlocale(LC_CTYPE, NULL), "C.UTF-8") == 0);
	CHECK(MB_CUR_MAX >= 4);
	CHECK(strcmp(nl_langinfo(CODESET), "UTF-8") == 0);
	memset(&st, 0, sizeof(st));
	CHECK(mbrtowc(&wc, "\xc3\xa9", 2, &st) == 2 && wc == 0xe9);
	CHECK(mbrtowc(&wc, "\xe2\x82\xac", 3, &st) == 3 && wc == 0x20ac);
	CHECK(mbrtowc(&wc, "\xf0\x9f\x98\x80", 4, &st) == 4 && wc == 0x1f600);
	CHECK(mbrtowc(&wc, "\xe2\x82", 2, &st) == (size_t)-2);
	memset(&st, 0, sizeof(st));
	errno = 0;
	CHECK(mbrtowc(&wc, "\xff", 1, &st) == (size_t)-1 && errno == EILSEQ);
	memset(&st, 0, sizeof(st));
	CHECK(wcrtomb(out, 0x20ac, &st) == 3 && memcmp(out, "\xe2\x82\xac", 3) == 0);
	CHECK(wcwidth(L'a') == 1 && wcwidth(0x4e00) == 2 && wcwidth(0x301) == 0);
	CHECK(wcwidth(0x07) == -1);
	CHECK(setlocale(LC_ALL, "C") != NULL && strcmp(setlocale(LC_ALL, NULL), "C") == 0);
	CHECK(MB_CUR_MAX == 1);
	/* A locale there is no data for is refused, not pretended. */
	CHECK(setlocale(LC_ALL, "xx_YY.UTF-8") == NULL);
	CHECK(strcmp(setlocale(LC_ALL, NULL), "C") == 0);
	CHECK(setlocale(LC_ALL, "C.utf8") != NULL && MB_CUR_MAX > 1);
	CHECK(setenv("LC_ALL", "C.UTF-8", 1) == 0 && setlocale(LC_ALL, "") != NULL);
	CHECK(MB_CUR_MAX > 1 && strcmp(nl_langinfo(CODESET), "UTF-8") == 0);
	unsetenv("LC_ALL");
	CHECK(setlocale(LC_ALL, "POSIX") != NULL && MB_CUR_MAX == 1);
}

TEST(iconv_utf8_to_utf16)
{
	char in[] = "a\xc3\xa9\xe2\x82\xac", out[16], *ip = in, *op = out;
	size_t inleft = strlen(in), outleft = sizeof(out);
	iconv_t cd = iconv_open("UTF-16LE", "UTF-8");

	CHECK(cd != (iconv_t)-1);
	CHECK(iconv(cd, &ip, &inleft, &op, &outleft) == 0 && inleft == 0);
	CHECK(op - out == 6 && memcmp(out, "a\0\xe9\0\xac\x20", 6) == 0);
	iconv_close(cd);
	errno = 0;
	CHECK(iconv_open("NO-SUCH-CHARSET", "UTF-8") == (iconv_t)-1 && errno == EINVAL);
}

/* ---- patterns ---- */

TEST(regex_groups)
{
	regmatch_t m[3];
	regex_t re;

	CHECK(regcomp(&re, "([a-z]+)-([0-9]+)", REG_EXTENDED) == 0 && re.re_nsub == 2);
	CHECK(regexec(&re, "xx abc-123 yy", 3, m, 0) == 0);
	CHECK(m[0].rm_so == 3 && m[0].rm_eo == 10);
	CHECK(m[1].rm_so == 3 && m[1].rm_eo == 6 && m[2].rm_so == 7 && m[2].rm_eo == 10);
	CHECK(regexec(&re, "none here", 3, m, 0) == REG_NOMATCH);
	regfree(&re);
	CHECK(regcomp(&re, "a\\(b*\\)c", 0) == 0);
	CHECK(regexec(&re, "xabbbc", 2, m, 0) == 0 && m[1].rm_so == 2 && m[1].rm_eo == 5);
	regfree(&re);
	CHECK(regcomp(&re, "^HELLO$", REG_EXTENDED | REG_ICASE | REG_NOSUB) == 0);
	CHECK(regexec(&re, "hello", 0, NULL, 0) == 0);
	regfree(&re);
	CHECK(regcomp(&re, "a(b", REG_EXTENDED) == REG_EPAREN);
}

TEST(glob_pattern)
{
	char pat[96];
	glob_t g;

	CHECK(tree[0] != '\0');
	snprintf(pat, sizeof(pat), "%s/*.txt", tree);
	CHECK(glob(pat, 0, NULL, &g) == 0 && g.gl_pathc == 2);
	CHECK(strcmp(g.gl_pathv[0] + strlen(tree), "/x.txt") == 0);
	CHECK(strcmp(g.gl_pathv[1] + strlen(tree), "/y.txt") == 0);
	globfree(&g);
	snprintf(pat, sizeof(pat), "%s/*.none", tree);
	CHECK(glob(pat, 0, NULL, &g) == GLOB_NOMATCH);
	CHECK(glob(pat, GLOB_NOCHECK, NULL, &g) == 0 && g.gl_pathc == 1 &&
	      strcmp(g.gl_pathv[0], pat) == 0);
	globfree(&g);
}

TEST(wordexp_words)
{
	char pat[96];
	wordexp_t we;

	setenv("WX", "one two", 1);
	CHECK(wordexp("a $WX 'b c' \"$WX\" ${WX#one } $((2*3+1)) x\\ y", &we, 0) == 0);
	CHECK(we.we_wordc == 8);
	CHECK(strcmp(we.we_wordv[0], "a") == 0 && strcmp(we.we_wordv[1], "one") == 0);
	CHECK(strcmp(we.we_wordv[2], "two") == 0 && strcmp(we.we_wordv[3], "b c") == 0);
	CHECK(strcmp(we.we_wordv[4], "one two") == 0 && strcmp(we.we_wordv[5], "two") == 0);
	CHECK(strcmp(we.we_wordv[6], "7") == 0 && strcmp(we.we_wordv[7], "x y") == 0);
	CHECK(we.we_wordv[8] == NULL);
	wordfree(&we);
	CHECK(wordexp("$(echo hi there) end", &we, 0) == 0 && we.we_wordc == 3);
	CHECK(strcmp(we.we_wordv[0], "hi") == 0 && strcmp(we.we_wordv[2], "end") == 0);
	wordfree(&we);
	snprintf(pat, sizeof(pat), "%s/*.txt", tree);
	CHECK(wordexp(pat, &we, 0) == 0 && we.we_wordc == 2);
	wordfree(&we);
	CHECK(wordexp("${UNSET_WX:-dflt}", &we, 0) == 0 && we.we_wordc == 1 &&
	      strcmp(we.we_wordv[0], "dflt") == 0);
	wordfree(&we);
	CHECK(wordexp("$(echo x)", &we, WRDE_NOCMD) == WRDE_CMDSUB);
	CHECK(wordexp("a|b", &we, 0) == WRDE_BADCHAR);
	CHECK(wordexp("$UNSET_WX", &we, WRDE_UNDEF) == WRDE_BADVAL);
	CHECK(wordexp("'open", &we, 0) == WRDE_SYNTAX);
	unsetenv("WX");
}

TEST(fnmatch_flags)
{
	CHECK(fnmatch("*.c", "dir/x.c", 0) == 0);
	CHECK(fnmatch("*.c", "dir/x.c", FNM_PATHNAME) == FNM_NOMATCH);
	CHECK(fnmatch("*/*.c", "dir/x.c", FNM_PATHNAME) == 0);
	CHECK(fnmatch("*", ".hidden", FNM_PERIOD) == FNM_NOMATCH);
	CHECK(fnmatch("[a-c]?", "bz", 0) == 0);
	CHECK(fnmatch("\\*", "*", 0) == 0 && fnmatch("\\*", "x", 0) == FNM_NOMATCH);
}

TEST(getopt_long_options)
{
	static const struct option opts[] = {
		{ "alpha", no_argument, NULL, 'a' },
		{ "beta", required_argument, NULL, 'b' },
		{ "gamma", optional_argument, NULL, 'g' },
		{ NULL, 0, NULL, 0 },
	};
	char *argv[] = { "prog", "--alpha", "-b", "val", "--gamma=3", "--", "file", NULL };
	int c, a = 0, idx;
	char *b = NULL, *g = NULL;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(7, argv, "ab:g::", opts, &idx)) != -1) {
		if (c == 'a')
			a++;
		else if (c == 'b')
			b = optarg;
		else if (c == 'g')
			g = optarg;
	}
	CHECK(a == 1 && b != NULL && strcmp(b, "val") == 0);
	CHECK(g != NULL && strcmp(g, "3") == 0);
	CHECK(optind == 6 && strcmp(argv[optind], "file") == 0);
}

/* ---- small things ---- */

TEST(strings_and_streams)
{
	char s[] = "a,b", *p = s, *tok, *buf = NULL, mem[16];
	volatile size_t huge = (size_t)-1 / 8;	/* overflows times 16 */
	size_t len = 0;
	FILE *f;
	int *arr;

	CHECK((tok = strsep(&p, ",")) != NULL && strcmp(tok, "a") == 0 && strcmp(p, "b") == 0);
	CHECK(memmem("hello", 5, "ll", 2) != NULL && strcasestr("HeLLo", "ll") != NULL);
	CHECK(asprintf(&buf, "%d-%s", 4, "x") == 3 && strcmp(buf, "4-x") == 0);
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	CHECK(f != NULL && fprintf(f, "abc%d", 1) == 4 && fclose(f) == 0);
	CHECK(len == 4 && strcmp(buf, "abc1") == 0);
	free(buf);
	f = fmemopen(mem, sizeof(mem), "w");
	CHECK(f != NULL && fputs("xyz", f) >= 0 && fclose(f) == 0 && strcmp(mem, "xyz") == 0);
	arr = reallocarray(NULL, 4, sizeof(int));
	CHECK(arr != NULL);
	free(arr);
	errno = 0;
	CHECK(reallocarray(NULL, huge, 16) == NULL && errno == ENOMEM);
	explicit_bzero(mem, sizeof(mem));
	CHECK(mem[0] == 0 && dprintf(-1, "x") < 0);
	CHECK(strcmp(basename("/a/b.c"), "b.c") == 0);
}

TEST(headers_and_ids)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;

	CHECK(htobe32(1) == 0x01000000u && le16toh(0x1234) == 0x1234 && BYTE_ORDER == LITTLE_ENDIAN);
	CHECK(roundup(5, 4) == 8 && howmany(5, 4) == 2 && MIN(2, 3) == 2 && MAX(2, 3) == 3);
	CHECK(EX_USAGE == 64 && EX_OK == 0 && strcmp(_PATH_DEVNULL, "/dev/null") == 0);
	CHECK(getresuid(&r, &e, &s) == 0 && r == getuid() && e == geteuid());
	CHECK(getresgid(&gr, &ge, &gs) == 0 && gr == getgid() && ge == getegid());
	CHECK(sched_yield() == 0);
	CHECK(strcmp(program_invocation_short_name, basename(self)) == 0);
	CHECK(strcmp(program_invocation_name, self) == 0);
}

TEST(clearenv_empties)
{
	char *path = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;

	CHECK(setenv("CLR_A", "1", 1) == 0 && getenv("CLR_A") != NULL);
	CHECK(clearenv() == 0);
	CHECK(getenv("CLR_A") == NULL && getenv("PATH") == NULL);
	CHECK(environ == NULL || environ[0] == NULL);
	CHECK(setenv("CLR_B", "2", 1) == 0 && strcmp(getenv("CLR_B"), "2") == 0);
	CHECK(environ[0] != NULL && environ[1] == NULL);
	CHECK(unsetenv("CLR_B") == 0 && getenv("CLR_B") == NULL);
	CHECK(setenv("", "x", 1) == -1 && errno == EINVAL);
	CHECK(setenv("A=B", "x", 1) == -1 && errno == EINVAL);
	if (path != NULL)
		setenv("PATH", path, 1);
	if (home != NULL)
		setenv("HOME", home, 1);
	free(path);
	free(home);
}

/* ---- sockets, locks, pseudo-terminals ---- */

/* A pipe's read end passed over a socketpair with SCM_RIGHTS reads what the
 * pipe's write end is given: the descriptor arrived, not just a number. */
TEST(socketpair_scm_rights)
{
	int sv[2], p[2], got = -1;
	char byte = 'x', buf[8];
	union {
		struct cmsghdr h;
		char space[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct iovec iov = { &byte, 1 };
	struct msghdr m = { 0 };
	struct cmsghdr *c;

	CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
	CHECK(pipe(p) == 0);
	memset(&ctl, 0, sizeof(ctl));
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = ctl.space;
	m.msg_controllen = sizeof(ctl.space);
	c = CMSG_FIRSTHDR(&m);
	CHECK(c != NULL);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &p[0], sizeof(int));
	CHECK(sendmsg(sv[0], &m, 0) == 1);

	memset(&ctl, 0, sizeof(ctl));
	byte = 0;
	m.msg_controllen = sizeof(ctl.space);
	CHECK(recvmsg(sv[1], &m, MSG_CMSG_CLOEXEC) == 1 && byte == 'x');
	CHECK((m.msg_flags & MSG_CTRUNC) == 0);
	c = CMSG_FIRSTHDR(&m);
	CHECK(c != NULL && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS);
	CHECK(c->cmsg_len == CMSG_LEN(sizeof(int)) && CMSG_NXTHDR(&m, c) == NULL);
	memcpy(&got, CMSG_DATA(c), sizeof(int));
	CHECK(got >= 0 && got != p[0]);
	CHECK((fcntl(got, F_GETFD) & FD_CLOEXEC) != 0);
	CHECK(write(p[1], "ok", 2) == 2);
	close(p[0]);
	CHECK(read(got, buf, sizeof(buf)) == 2 && memcmp(buf, "ok", 2) == 0);
	CHECK(send(sv[1], "ab", 2, 0) == 2 && recv(sv[0], buf, sizeof(buf), 0) == 2);
	CHECK(shutdown(sv[1], SHUT_WR) == 0 && recv(sv[0], buf, sizeof(buf), 0) == 0);
	close(got);
	close(p[1]);
	close(sv[0]);
	close(sv[1]);
}

/* bind/listen/connect/accept on a name in the file system, and the names
 * getsockname, getpeername and accept report. */
TEST(unix_named_socket)
{
	char dir[] = "/tmp/t_libc_sock.XXXXXX", buf[8];
	struct sockaddr_un a = { 0 }, b;
	socklen_t alen, blen;
	int srv, cli, con, val;
	struct stat st;

	CHECK(mkdtemp(dir) != NULL);
	a.sun_family = AF_UNIX;
	snprintf(a.sun_path, sizeof(a.sun_path), "%s/s", dir);
	alen = (socklen_t)SUN_LEN(&a) + 1;
	CHECK((srv = socket(AF_UNIX, SOCK_STREAM, 0)) >= 0);
	CHECK(bind(srv, (struct sockaddr *)&a, alen) == 0);
	CHECK(stat(a.sun_path, &st) == 0 && S_ISSOCK(st.st_mode));
	CHECK(listen(srv, 4) == 0);
	blen = sizeof(val);
	CHECK(getsockopt(srv, SOL_SOCKET, SO_ACCEPTCONN, &val, &blen) == 0 && val == 1);
	val = 1;
	CHECK(setsockopt(srv, SOL_SOCKET, SO_PASSCRED, &val, sizeof(val)) == 0);
	CHECK((cli = socket(AF_UNIX, SOCK_STREAM, 0)) >= 0);
	CHECK(connect(cli, (struct sockaddr *)&a, alen) == 0);
	blen = sizeof(b);
	CHECK((con = accept4(srv, (struct sockaddr *)&b, &blen, SOCK_CLOEXEC)) >= 0);
	CHECK(b.sun_family == AF_UNIX);
	blen = sizeof(b);
	CHECK(getpeername(cli, (struct sockaddr *)&b, &blen) == 0);
	CHECK(strcmp(b.sun_path, a.sun_path) == 0);
	blen = sizeof(b);
	CHECK(getsockname(con, (struct sockaddr *)&b, &blen) == 0);
	CHECK(strcmp(b.sun_path, a.sun_path) == 0);
	CHECK(sendto(cli, "hey", 3, MSG_NOSIGNAL, NULL, 0) == 3);
	CHECK(recvfrom(con, buf, sizeof(buf), 0, NULL, NULL) == 3 && memcmp(buf, "hey", 3) == 0);
	close(con);
	close(cli);
	close(srv);
	CHECK(socket(AF_UNIX, 99, 0) == -1 && errno == EINVAL);
	unlink(a.sun_path);
	rmdir(dir);
}

/* flock: two opens of one file are two holders; LOCK_NB reports the
 * conflict with EWOULDBLOCK, and unlocking lets the other in. */
TEST(flock_exclusion)
{
	char path[] = "/tmp/t_libc_flock.XXXXXX";
	int a, b;

	CHECK((a = mkstemp(path)) >= 0);
	CHECK((b = open(path, O_RDWR)) >= 0);
	unlink(path);
	CHECK(flock(a, LOCK_EX) == 0);
	CHECK(flock(b, LOCK_EX | LOCK_NB) == -1 && errno == EWOULDBLOCK);
	CHECK(flock(b, LOCK_SH | LOCK_NB) == -1 && errno == EWOULDBLOCK);
	CHECK(flock(a, LOCK_SH) == 0);		/* converts: now shared */
	CHECK(flock(b, LOCK_SH | LOCK_NB) == 0);
	CHECK(flock(a, LOCK_EX | LOCK_NB) == -1 && errno == EWOULDBLOCK);
	CHECK(flock(b, LOCK_UN) == 0 && flock(a, LOCK_EX | LOCK_NB) == 0);
	CHECK(flock(a, 0) == -1 && errno == EINVAL);
	close(a);				/* the last close drops the lock */
	CHECK(flock(b, LOCK_EX | LOCK_NB) == 0);
	close(b);
}

/* lockf's locks are the process's: a child sees the parent's as EACCES/EAGAIN. */
TEST(lockf_other_process)
{
	char path[] = "/tmp/t_libc_lockf.XXXXXX";
	int fd, status;
	pid_t pid;

	CHECK((fd = mkstemp(path)) >= 0);
	CHECK(write(fd, "0123456789", 10) == 10 && lseek(fd, 0, SEEK_SET) == 0);
	CHECK(lockf(fd, F_LOCK, 5) == 0);
	CHECK(lockf(fd, F_TEST, 5) == 0);	/* our own lock is no conflict */
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		int c = open(path, O_RDWR), bits = 0;

		if (lockf(c, F_TEST, 5) == -1 && errno == EACCES)
			bits |= 1;
		if (lockf(c, F_TLOCK, 5) == -1 && (errno == EACCES || errno == EAGAIN))
			bits |= 2;
		if (lseek(c, 5, SEEK_SET) == 5 && lockf(c, F_TLOCK, 5) == 0)
			bits |= 4;		/* the rest of the file is free */
		_exit(bits);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status));
	CHECK(WEXITSTATUS(status) == 7);
	CHECK(lockf(fd, F_ULOCK, 5) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		int c = open(path, O_RDWR);

		_exit(lockf(c, F_TLOCK, 0) == 0 ? 0 : 1);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(fd);
	unlink(path);
}

/* posix_openpt/grantpt/unlockpt/ptsname: the name is /dev/pts/N for the
 * number TIOCGPTN gives, and it opens once unlocked. */
TEST(ptsname_names_slave)
{
	char name[64], small[4];
	unsigned int n;
	int m, s;

	CHECK((m = posix_openpt(O_RDWR | O_NOCTTY)) >= 0);
	CHECK(grantpt(m) == 0 && unlockpt(m) == 0);
	CHECK(ioctl(m, TIOCGPTN, &n) == 0);
	snprintf(name, sizeof(name), "/dev/pts/%u", n);
	CHECK(ptsname(m) != NULL && strcmp(ptsname(m), name) == 0);
	CHECK(ptsname_r(m, small, sizeof(small)) == ERANGE);
	CHECK(ptsname_r(m, name, sizeof(name)) == 0 && strcmp(name, ptsname(m)) == 0);
	CHECK((s = open(name, O_RDWR | O_NOCTTY)) >= 0 && isatty(s));
	CHECK(ptsname(s) == NULL && (errno == ENOTTY || errno == EINVAL));
	CHECK(grantpt(s) == -1 && errno == EINVAL);
	close(s);
	close(m);
}

/* openpty: a line written to the master is read from the slave; the slave's
 * output (ONLCR) reaches the master; the name is ptsname's. */
TEST(openpty_io)
{
	struct winsize ws = { 24, 80, 0, 0 }, got;
	char name[64], buf[32];
	int m, s;
	ssize_t n;

	CHECK(openpty(&m, &s, name, NULL, &ws) == 0);
	CHECK(strncmp(name, "/dev/pts/", 9) == 0 && strcmp(name, ptsname(m)) == 0);
	CHECK(ioctl(s, TIOCGWINSZ, &got) == 0 && got.ws_row == 24 && got.ws_col == 80);
	CHECK(write(m, "hello\n", 6) == 6);
	CHECK((n = read(s, buf, sizeof(buf))) == 6 && memcmp(buf, "hello\n", 6) == 0);
	CHECK(write(s, "out\n", 4) == 4);
	n = 0;
	/* The echo of "hello" first, then "out\r\n": on Linux each may come in a
	 * read of its own (the pty's flip buffer is pushed by a worker), so read
	 * until "out\r\n" is there, not just until 5 bytes are. */
	while (n < (ssize_t)sizeof(buf) - 1) {
		ssize_t r = read(m, buf + n, sizeof(buf) - 1 - (size_t)n);

		CHECK(r > 0);
		if (r <= 0)
			break;
		n += r;
		buf[n] = '\0';
		if (strstr(buf, "out\r\n") != NULL)
			break;
	}
	CHECK(strstr(buf, "out\r\n") != NULL);
	close(s);
	close(m);
}

/* forkpty: the child runs in a new session on the slave as its controlling
 * terminal and standard streams; what it writes the parent reads. */
TEST(forkpty_child_writes)
{
	char buf[256] = "", name[64];
	int m, status;
	size_t n = 0;
	pid_t pid;

	pid = forkpty(&m, name, NULL, NULL);
	CHECK(pid >= 0);
	if (pid == 0) {
		char c;

		printf("child %s %s\n", getsid(0) == getpid() ? "leader" : "member",
		       isatty(0) && isatty(1) && isatty(2) ? "tty" : "notty");
		fflush(stdout);
		(void)read(0, &c, 1);	/* wait for the parent to have read it */
		_exit(tcgetpgrp(0) == getpgrp() ? 0 : 3);
	}
	while (n < sizeof(buf) - 1 && strstr(buf, "\r\n") == NULL) {
		ssize_t r = read(m, buf + n, sizeof(buf) - 1 - n);

		if (r <= 0)
			break;
		n += (size_t)r;
		buf[n] = '\0';
	}
	buf[n] = '\0';
	CHECK(write(m, "\n", 1) == 1);
	CHECK(waitpid(pid, &status, 0) == pid);
	close(m);
	CHECK(strstr(buf, "child leader tty\r\n") != NULL);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(strncmp(name, "/dev/pts/", 9) == 0);
}

/*
 * struct utmp is glibc's x86_64 layout (programs written for it use
 * ut_tv, ut_session, ut_exit and ut_addr_v6), and <limits.h> has POSIX's
 * minimums and the kernel's own PATH_MAX and PIPE_BUF.
 */
TEST(utmp_layout_and_limits)
{
	struct utmp u;

	CHECK(sizeof(struct utmp) == 384);
	CHECK(offsetof(struct utmp, ut_line) == 8 && offsetof(struct utmp, ut_id) == 40);
	CHECK(offsetof(struct utmp, ut_user) == 44 && offsetof(struct utmp, ut_host) == 76);
	CHECK(offsetof(struct utmp, ut_exit) == 332 && offsetof(struct utmp, ut_session) == 336);
	CHECK(offsetof(struct utmp, ut_tv) == 340 && offsetof(struct utmp, ut_addr_v6) == 348);
	CHECK(sizeof(u.ut_tv.tv_sec) == 4 && sizeof(u.ut_exit.e_exit) == 2);
	u.ut_tv.tv_sec = 1234;
	CHECK(u.ut_time == 1234 && (void *)&u.ut_name == (void *)&u.ut_user);
	CHECK(_POSIX_ARG_MAX == 4096 && _POSIX_CHILD_MAX == 25 && _POSIX_OPEN_MAX == 20);
	CHECK(_POSIX_PATH_MAX == 256 && _POSIX_NAME_MAX == 14 && _POSIX_PIPE_BUF == 512);
	CHECK(_POSIX2_LINE_MAX == 2048 && _POSIX_SSIZE_MAX == 32767 && _POSIX_TZNAME_MAX == 6);
	CHECK(PATH_MAX == 4096 && PIPE_BUF == 4096 && NAME_MAX == 255);
}

/* <termios.h>'s output delay masks and values are Linux's (coreutils' stty uses them). */
TEST(termios_output_delays)
{
	CHECK(NLDLY == 0400 && NL1 == 0400 && CRDLY == 03000 && CR1 == 01000 && CR3 == 03000);
	CHECK(TABDLY == 014000 && TAB0 == 0 && TAB1 == 04000 && TAB2 == 010000 && TAB3 == 014000);
	CHECK(BSDLY == 020000 && BS1 == 020000 && VTDLY == 040000 && VT1 == 040000);
	CHECK(FFDLY == 0100000 && FF1 == 0100000 && XTABS == TAB3);
}

/*
 * getlogin_r as glibc's.  On a kernel with audit's /proc/self/loginuid
 * (Linux), glibc answers from it: ENXIO while it is unset, else that user's
 * name.  Without it (Breenix, which keeps no login uid), from the login
 * record of standard input's terminal: without a terminal ttyname_r's
 * error, without a record ENOENT (Breenix keeps none), a short buffer ERANGE.
 */
TEST(getlogin_from_records)
{
	char name[64], tty[64], text[32];
	int r = getlogin_r(name, sizeof(name)), t = ttyname_r(0, tty, sizeof(tty));
	int fd = open("/proc/self/loginuid", O_RDONLY);
	long uid = -2;

	if (fd >= 0) {
		ssize_t n = read(fd, text, sizeof(text) - 1);

		close(fd);
		text[n > 0 ? n : 0] = '\0';
		uid = strtol(text, NULL, 10);
	}
	if (uid == 4294967295L) {
		CHECK(r == ENXIO);
	} else if (uid >= 0) {
		struct passwd *pw = getpwuid((uid_t)uid);

		CHECK(r == 0 && pw != NULL && strcmp(name, pw->pw_name) == 0);
	} else if (t != 0) {
		CHECK(r == t);
		CHECK(getlogin() == NULL && errno == t);
	} else if (r == 0) {
		CHECK(name[0] != '\0' && getlogin_r(name, 1) == ERANGE);
		CHECK(getlogin() != NULL && strcmp(getlogin(), name) == 0);
	} else {
		CHECK(r == ENOENT);
		CHECK(getlogin() == NULL && errno == ENOENT);
	}
}

int
main(int argc, char **argv)
{
	self = argv[0];
	if (argc > 1 && strcmp(argv[1], "helper") == 0)
		return helper();
	utest_suite = "libc";
	if (make_tree() != 0)
		tree[0] = '\0';
	RUN(sigsetjmp_restores_mask);
	RUN(longjmp_zero_is_one);
	RUN(err_warn_format);
	RUN(syslog_perror);
	RUN(syslog_log_file);
	RUN(getpw_r);
	RUN(getgr_r);
	RUN(nftw_counts);
	RUN(fts_order);
	RUN(posix_spawn_echo);
	RUN(posix_spawn_attrs);
	RUN(statvfs_root);
	RUN(timegm_round_trip);
	RUN(utf8_locale);
	RUN(iconv_utf8_to_utf16);
	RUN(regex_groups);
	RUN(glob_pattern);
	RUN(wordexp_words);
	RUN(fnmatch_flags);
	RUN(getopt_long_options);
	RUN(strings_and_streams);
	RUN(headers_and_ids);
	RUN(clearenv_empties);
	RUN(socketpair_scm_rights);
	RUN(unix_named_socket);
	RUN(flock_exclusion);
	RUN(lockf_other_process);
	RUN(ptsname_names_slave);
	RUN(openpty_io);
	RUN(forkpty_child_writes);
	RUN(pathconf_limits);
	RUN(mntent_table);
	RUN(utime_sets_times);
	RUN(ucontext_registers);
	RUN(flockfile_excludes);
	RUN(raise_is_thread_directed);
	RUN(xsi_signal_calls);
	RUN(clock_and_cpu_clock_ids);
	RUN(utmp_layout_and_limits);
	RUN(termios_output_delays);
	RUN(getlogin_from_records);
	if (tree[0] != '\0')
		nftw(tree, rm_entry, 8, FTW_PHYS | FTW_DEPTH);
	return utest_failures != 0;
}
