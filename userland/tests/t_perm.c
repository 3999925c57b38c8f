/*
 * t_perm: users, permissions, resource limits and address-space
 * randomisation.  Root sets up files and processes, then children that
 * have dropped to an ordinary user (USER_ID, which owns nothing) check
 * what they are refused and what they may still do.  A child reports a
 * failed check on its own line ("note: ...") and exits non-zero, which
 * the parent's CHECK turns into the case's FAIL.  Needs root to change
 * ids (on the host it is skipped otherwise).
 */
#define _GNU_SOURCE /* glibc: prlimit */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

#define USER_ID 54321
#define GROUP_ID 54321
#define OTHER_GROUP 54322

static char *self;      /* this program, to exec it again */
static char top[64];    /* the scratch directory, root's */

/* In a child: report the failed check and exit, for the parent's CHECK. */
#define UCHECK(cond)                                                         \
	do {                                                                 \
		if (!(cond)) {                                               \
			printf("note: user/perm: %s (line %d, errno %d)\n", #cond, \
			       __LINE__, errno);                             \
			fflush(stdout);                                      \
			_exit(1);                                            \
		}                                                            \
	} while (0)

/* The res*id calls, straight to the kernel (newlib declares none of them). */
#define setresuid(r, e, s) syscall(SYS_setresuid, r, e, s)
#define setresgid(r, e, s) syscall(SYS_setresgid, r, e, s)
#define getresuid(r, e, s) syscall(SYS_getresuid, r, e, s)

static void drop_to_user(void)
{
	gid_t g = OTHER_GROUP;

	UCHECK(setgroups(1, &g) == 0);
	UCHECK(setresgid(GROUP_ID, GROUP_ID, GROUP_ID) == 0);
	UCHECK(setresuid(USER_ID, USER_ID, USER_ID) == 0);
}

/*
 * How a child running fn ended, as USER_ID when user is set: its exit
 * status (0: every check held), or 128 + the signal that ended it.
 */
static int ending(void (*fn)(void), int user)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (user)
			drop_to_user();
		fn();
		_exit(0);
	}
	return utest_ending(pid);
}

static int as_user(void (*fn)(void))
{
	return ending(fn, 1);
}

static int write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	int ok;

	if (fd < 0)
		return -1;
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok && chmod(path, mode) == 0 ? 0 : -1;
}

static char *in_top(const char *name)
{
	static char path[8][128];
	static int next;
	char *p = path[next++ % 8];

	snprintf(p, sizeof(path[0]), "%s/%s", top, name);
	return p;
}

TEST(ids_change_by_the_rules)
{
	int st;
	pid_t pid;

	SKIP_IF(geteuid() != 0, "needs root to change ids");
	pid = fork();
	if (pid == 0) {
		uid_t r, e, s;
		gid_t groups[4];

		/* Root keeps a saved id of 0, so it can come back... */
		UCHECK(setresuid(USER_ID, USER_ID, 0) == 0);
		UCHECK(getuid() == USER_ID && geteuid() == USER_ID);
		UCHECK(setuid(0) == 0 && geteuid() == 0 && getuid() == USER_ID);
		/* ...and setuid as root sets all three: no way back. */
		UCHECK(setuid(USER_ID) == 0);
		UCHECK(getresuid(&r, &e, &s) == 0 && r == USER_ID && e == USER_ID && s == USER_ID);
		UCHECK(setuid(0) == -1 && errno == EPERM);
		UCHECK(seteuid(0) == -1 && errno == EPERM);
		UCHECK(setreuid(-1, USER_ID) == 0);
		UCHECK(setgid(GROUP_ID) == -1 && errno == EPERM); /* not one of our gids */
		UCHECK(setgroups(0, NULL) == -1 && errno == EPERM);
		UCHECK(getgroups(0, NULL) >= 0 && getgroups(4, groups) >= 0);
		UCHECK(getresuid(NULL, &e, &s) == -1 && errno == EFAULT);
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(getuid() == 0 && geteuid() == 0); /* the parent is untouched */
}

static void refused_root_files(void)
{
	struct stat st;
	int fd;

	UCHECK(stat(in_top("secret"), &st) == 0 && st.st_uid == 0);
	UCHECK(open(in_top("secret"), O_RDONLY) == -1 && errno == EACCES);
	UCHECK(open(in_top("secret"), O_WRONLY) == -1 && errno == EACCES);
	UCHECK(access(in_top("secret"), R_OK) == -1 && errno == EACCES);
	UCHECK(access(in_top("secret"), F_OK) == 0);
	UCHECK(open(in_top("private/inside"), O_RDONLY) == -1 && errno == EACCES);
	UCHECK(stat(in_top("private/inside"), &st) == -1 && errno == EACCES);
	UCHECK(chdir(in_top("private")) == -1 && errno == EACCES);
	UCHECK(open(in_top("public"), O_RDONLY) >= 0);
	UCHECK(open(in_top("public"), O_WRONLY) == -1 && errno == EACCES);
	UCHECK(truncate(in_top("public"), 0) == -1 && errno == EACCES);
	UCHECK(unlink(in_top("public")) == -1 && errno == EACCES);
	UCHECK(rename(in_top("public"), in_top("moved")) == -1 && errno == EACCES);
	UCHECK(open(in_top("new"), O_WRONLY | O_CREAT, 0644) == -1 && errno == EACCES);
	UCHECK(mkdir(in_top("newdir"), 0755) == -1 && errno == EACCES);
	UCHECK(symlink("x", in_top("newlink")) == -1 && errno == EACCES);
	UCHECK(chmod(in_top("public"), 0666) == -1 && errno == EPERM);
	UCHECK(chown(in_top("public"), USER_ID, GROUP_ID) == -1 && errno == EPERM);
	UCHECK(utimes(in_top("public"), NULL) == -1 && errno == EACCES);
	fd = open("/dev/null", O_WRONLY);
	UCHECK(fd >= 0 && write(fd, "x", 1) == 1);
	close(fd);
}

TEST(root_files_refused)
{
	SKIP_IF(geteuid() != 0, "needs root to change ids");
	CHECK(write_file(in_top("secret"), "secret\n", 0600) == 0);
	CHECK(write_file(in_top("public"), "public\n", 0644) == 0);
	CHECK(mkdir(in_top("private"), 0700) == 0);
	CHECK(write_file(in_top("private/inside"), "x\n", 0644) == 0);
	CHECK(as_user(refused_root_files) == 0);
	CHECK(access(in_top("public"), F_OK) == 0 && access(in_top("moved"), F_OK) != 0);
}

static void own_files(void)
{
	struct stat st;
	char buf[8];
	int fd;

	UCHECK(chdir(in_top("home")) == 0);
	fd = open("mine", O_RDWR | O_CREAT | O_EXCL, 0644);
	UCHECK(fd >= 0 && write(fd, "abc", 3) == 3);
	close(fd);
	UCHECK(stat("mine", &st) == 0 && st.st_uid == USER_ID && st.st_gid == GROUP_ID);
	UCHECK(chmod("mine", 0400) == 0);
	UCHECK(open("mine", O_WRONLY) == -1 && errno == EACCES); /* owner bits bind the owner */
	fd = open("mine", O_RDONLY);
	UCHECK(fd >= 0 && read(fd, buf, sizeof(buf)) == 3);
	close(fd);
	UCHECK(chmod("mine", 0000) == 0 && open("mine", O_RDONLY) == -1 && errno == EACCES);
	UCHECK(chown("mine", 0, -1) == -1 && errno == EPERM);
	UCHECK(chown("mine", -1, 0) == -1 && errno == EPERM);   /* not a member of group 0 */
	UCHECK(chown("mine", -1, OTHER_GROUP) == 0);            /* a supplementary group */
	UCHECK(stat("mine", &st) == 0 && st.st_gid == OTHER_GROUP);
	UCHECK(mkdir("sub", 0700) == 0 && rmdir("sub") == 0);
	UCHECK(link("mine", "also") == 0 && unlink("also") == 0);
	UCHECK(rename("mine", "yours") == 0 && unlink("yours") == 0);
}

TEST(own_files_allowed)
{
	SKIP_IF(geteuid() != 0, "needs root to change ids");
	CHECK(mkdir(in_top("home"), 0755) == 0);
	CHECK(chown(in_top("home"), USER_ID, GROUP_ID) == 0);
	CHECK(as_user(own_files) == 0);
}

static void sticky(void)
{
	UCHECK(write_file(in_top("tmp/mine"), "m\n", 0644) == 0);
	UCHECK(unlink(in_top("tmp/mine")) == 0);
	UCHECK(unlink(in_top("tmp/roots")) == -1 && errno == EPERM);
	UCHECK(rename(in_top("tmp/roots"), in_top("tmp/taken")) == -1 && errno == EPERM);
}

TEST(sticky_directory)
{
	SKIP_IF(geteuid() != 0, "needs root to change ids");
	CHECK(mkdir(in_top("tmp"), 0777) == 0 && chmod(in_top("tmp"), 01777) == 0);
	CHECK(write_file(in_top("tmp/roots"), "r\n", 0666) == 0);
	CHECK(as_user(sticky) == 0);
	CHECK(access(in_top("tmp/roots"), F_OK) == 0);
}

static void exec_scripts(void)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		execl(in_top("closed.sh"), "closed.sh", (char *)NULL);
		_exit(errno == EACCES ? 42 : 1);
	}
	UCHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 42);
	pid = fork();
	if (pid == 0) {
		execl(in_top("open.sh"), "open.sh", (char *)NULL);
		_exit(1);
	}
	UCHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 7);
}

TEST(exec_needs_permission)
{
	SKIP_IF(geteuid() != 0, "needs root to change ids");
	CHECK(write_file(in_top("closed.sh"), "#!/bin/sh\nexit 7\n", 0700) == 0);
	CHECK(write_file(in_top("open.sh"), "#!/bin/sh\nexit 7\n", 0755) == 0);
	CHECK(as_user(exec_scripts) == 0);
}

static pid_t victim;

static void refused_root_processes(void)
{
	struct rlimit rl = { 1, 1 };
	pid_t mine;
	int st;

	UCHECK(kill(victim, SIGTERM) == -1 && errno == EPERM);
	UCHECK(kill(victim, 0) == -1 && errno == EPERM);
	UCHECK(kill(1, SIGKILL) == -1 && errno == EPERM);
	UCHECK(prlimit(victim, RLIMIT_CORE, &rl, NULL) == -1 && errno == EPERM);
	mine = fork();
	if (mine == 0) {
		pause();
		_exit(0);
	}
	UCHECK(mine > 0 && kill(mine, SIGTERM) == 0);
	UCHECK(waitpid(mine, &st, 0) == mine && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
}

TEST(root_processes_refused)
{
	int st;

	SKIP_IF(geteuid() != 0, "needs root to change ids");
	victim = fork();
	if (victim == 0) {
		pause();
		_exit(0);
	}
	CHECK(victim > 0);
	st = as_user(refused_root_processes);
	CHECK(kill(victim, 0) == 0); /* still alive */
	kill(victim, SIGKILL);
	waitpid(victim, NULL, 0);
	CHECK(st == 0);
}

static void nofile(void)
{
	struct rlimit rl = { 8, 8 };
	int fd, last = -1;

	UCHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0);
	while ((fd = dup(0)) >= 0)
		last = fd;
	/* The lowest free numbers went first; 7 is taken now, by us or by an inherited one. */
	UCHECK(errno == EMFILE && last < 8 && fcntl(7, F_GETFD) != -1);
	UCHECK(dup2(0, 8) == -1 && errno == EBADF);
	UCHECK(fcntl(0, F_DUPFD, 8) == -1 && errno == EINVAL);
	rl.rlim_max = 64;
	UCHECK(setrlimit(RLIMIT_NOFILE, &rl) == -1 && errno == EPERM); /* raising takes root */
	rl.rlim_cur = 9;
	rl.rlim_max = 4;
	UCHECK(setrlimit(RLIMIT_NOFILE, &rl) == -1 && errno == EINVAL);
	UCHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur == 8 && rl.rlim_max == 8);
}

TEST(descriptor_limit)
{
	SKIP_IF(geteuid() != 0, "needs root to change ids");
	CHECK(as_user(nofile) == 0);
}

/* A fork bomb under RLIMIT_NPROC: forks fail with EAGAIN, the rest goes on. */
static void nproc(void)
{
	struct rlimit rl = { 5, 5 };
	pid_t kids[32];
	int n = 0, i, st;

	UCHECK(setrlimit(RLIMIT_NPROC, &rl) == 0);
	while (n < 32) {
		pid_t pid = fork();

		if (pid == 0) {
			pause();
			_exit(0);
		}
		if (pid < 0)
			break;
		kids[n++] = pid;
	}
	UCHECK(errno == EAGAIN);
	UCHECK(n == 4); /* with this process, five of this user's */
	for (i = 0; i < n; i++) {
		kill(kids[i], SIGKILL);
		waitpid(kids[i], &st, 0);
	}
	n = fork(); /* room again once they are reaped */
	if (n == 0)
		_exit(0);
	UCHECK(n > 0 && waitpid(n, &st, 0) == n);
}

TEST(process_limit_contains_a_fork_bomb)
{
	SKIP_IF(geteuid() != 0, "needs root to change ids");
	CHECK(as_user(nproc) == 0);
}

static void address_space(void)
{
	struct rlimit rl = { 64 << 20, 64 << 20 };
	void *p;

	UCHECK(setrlimit(RLIMIT_AS, &rl) == 0);
	p = mmap(NULL, 128 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	UCHECK(p == MAP_FAILED && errno == ENOMEM);
	UCHECK(malloc(128 << 20) == NULL);
	p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	UCHECK(p != MAP_FAILED && munmap(p, 1 << 20) == 0);
}

TEST(address_space_limit)
{
	SKIP_IF(geteuid() != 0, "needs root to change ids");
	CHECK(as_user(address_space) == 0);
}

/* Touch 1 GiB of fresh anonymous memory, more than the test machine has. */
static void touch_too_much(void)
{
	size_t len = (size_t)1 << 30, i;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		_exit(errno == ENOMEM ? 3 : 4);
	for (i = 0; i < len; i += 4096)
		p[i] = 1;
	_exit(0);
}

/* malloc and fill 1 MiB blocks until malloc says no. */
static void malloc_too_much(void)
{
	char *p;

	while ((p = malloc(1 << 20)) != NULL)
		memset(p, 1, 1 << 20);
	_exit(errno == ENOMEM ? 3 : 4);
}

static void exit_at_once(void)
{
	_exit(0);
}

static int ended_for_memory(int how)
{
	return how == 3 || how == 128 + SIGSEGV || how == 128 + SIGKILL || how == 128 + SIGBUS;
}

/*
 * A process that wants more memory than there is gets ENOMEM or is ended;
 * the kernel and the other processes go on, and the memory comes back.
 * (Breenix only: on the host it would be the host's OOM killer's business.)
 */
TEST(memory_exhaustion_ends_one_process)
{
	long before, after;

	SKIP_IF(!on_breenix(), "would exhaust the host's memory");
	CHECK(ended_for_memory(ending(touch_too_much, 0)));
	before = free_kib();
	CHECK(ended_for_memory(ending(touch_too_much, 0)));
	CHECK(ended_for_memory(ending(malloc_too_much, 0)));
	after = free_kib();
	CHECK(before > 0 && after >= before - 256);
	CHECK(ending(exit_at_once, 0) == 0);
}

/* --deep N: use about N KiB of stack, then exit 0. */
static int deep(int kib)
{
	volatile char page[1024];

	page[0] = (char)kib;
	if (kib <= 1)
		return page[0];
	return deep(kib - 1) + page[0] - page[0];
}

static int run_deep(rlim_t stack, const char *kib)
{
	struct rlimit rl = { stack, stack };
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		if (setrlimit(RLIMIT_STACK, &rl) != 0)
			_exit(99);
		execl(self, self, "--deep", kib, (char *)NULL);
		_exit(98);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

TEST(stack_limit)
{
	struct rlimit rl;
	int st;

	CHECK(getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur >= (1 << 20));
	st = run_deep(1 << 20, "4096");
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
	st = run_deep(16 << 20, "4096");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

TEST(core_limit_kept)
{
	struct rlimit rl = { 0, 0 }, got;
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		UCHECK(getrlimit(RLIMIT_CORE, &got) == 0);
		rl.rlim_max = got.rlim_max;
		UCHECK(setrlimit(RLIMIT_CORE, &rl) == 0);
		UCHECK(getrlimit(RLIMIT_CORE, &got) == 0 && got.rlim_cur == 0);
		UCHECK(getrlimit(99, &got) == -1 && errno == EINVAL);
		UCHECK(prlimit(dead_pid(), RLIMIT_CORE, NULL, &got) == -1 && errno == ESRCH);
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* --addr: print where the stack, the heap and an mmap landed. */
static int print_addresses(void)
{
	int local;
	void *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	printf("%lx %lx %lx\n", (unsigned long)(uintptr_t)&local, (unsigned long)(uintptr_t)sbrk(0),
	       (unsigned long)(uintptr_t)m);
	return 0;
}

static int addresses_of_a_run(char *out, size_t size)
{
	int p[2], st;
	ssize_t n;
	pid_t pid;

	if (pipe(p) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		execl(self, self, "--addr", (char *)NULL);
		_exit(98);
	}
	close(p[1]);
	n = read(p[0], out, size - 1);
	close(p[0]);
	waitpid(pid, &st, 0);
	if (n <= 0)
		return -1;
	out[n] = '\0';
	return 0;
}

static int randomisation_off(void)
{
	char buf[4] = "";
	int fd = open("/proc/sys/kernel/randomize_va_space", O_RDONLY);

	if (fd < 0)
		return 0;
	read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return buf[0] == '0';
}

TEST(addresses_randomised)
{
	char a[3][80];
	unsigned long s[3], h[3], m[3];
	int i;

	SKIP_IF(!on_breenix() && randomisation_off(), "randomisation is off on this host");
	for (i = 0; i < 3; i++) {
		CHECK(addresses_of_a_run(a[i], sizeof(a[i])) == 0);
		CHECK(sscanf(a[i], "%lx %lx %lx", &s[i], &h[i], &m[i]) == 3);
		CHECK(s[i] > h[i] && m[i] != 0);
	}
	/* Three runs alike in any one of them would be a 1 in 2^16 chance at best. */
	CHECK(s[0] != s[1] || s[1] != s[2]);
	CHECK(h[0] != h[1] || h[1] != h[2]);
	CHECK(m[0] != m[1] || m[1] != m[2]);
}

/* Call a "ret" instruction placed in memory at p: the status of the child that tried. */
static int run_code_at(unsigned char *p)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		void (*fn)(void);

		p[0] = 0xC3; /* ret */
		fn = (void (*)(void))(uintptr_t)p;
		fn();
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

/* NX: stacks, heap and data mappings are not executable; PROT_EXEC ones are. */
TEST(data_not_executable)
{
	static unsigned char data[64];
	unsigned char stack[64];
	unsigned char *heap = malloc(64), *x;
	int st;

	CHECK(heap != NULL);
	st = run_code_at(stack);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
	st = run_code_at(heap);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
	st = run_code_at(data);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
	x = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(x != MAP_FAILED);
	st = run_code_at(x);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	munmap(x, 4096);
	free(heap);
}

/* The image's modes and owners (userland/initrd.perms through the initrd). */
TEST(image_modes_and_owners)
{
	struct stat st;

	SKIP_IF(!on_breenix(), "Breenix's own tree");
	CHECK(stat("/tmp", &st) == 0 && (st.st_mode & 07777) == 01777 && st.st_uid == 0);
	CHECK(stat("/root", &st) == 0 && (st.st_mode & 07777) == 0700);
	CHECK(stat("/home/user", &st) == 0 && st.st_uid == 1000 && st.st_gid == 1000);
	CHECK(stat("/bin/su", &st) == 0 && (st.st_mode & 07777) == 04755 && st.st_uid == 0);
	CHECK(stat("/etc/passwd", &st) == 0 && (st.st_mode & 07777) == 0644 && st.st_uid == 0);
}

static void remove_tree(const char *path)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		execl("/bin/rm", "rm", "-rf", path, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		printf("note: user/perm: could not remove %s\n", path);
}

int main(int argc, char **argv)
{
	self = argv[0];
	if (argc == 3 && strcmp(argv[1], "--deep") == 0)
		return deep(atoi(argv[2])) == 1 ? 0 : 2;
	if (argc == 2 && strcmp(argv[1], "--addr") == 0)
		return print_addresses();
	utest_suite = "perm";
	if (utest_scratch_dir(top, sizeof(top)) != 0)
		return 1;
	RUN(ids_change_by_the_rules);
	RUN(root_files_refused);
	RUN(own_files_allowed);
	RUN(sticky_directory);
	RUN(exec_needs_permission);
	RUN(root_processes_refused);
	RUN(descriptor_limit);
	RUN(process_limit_contains_a_fork_bomb);
	RUN(address_space_limit);
	RUN(memory_exhaustion_ends_one_process);
	RUN(stack_limit);
	RUN(core_limit_kept);
	RUN(addresses_randomised);
	RUN(data_not_executable);
	RUN(image_modes_and_owners);
	remove_tree(top);
	return utest_failures != 0;
}
