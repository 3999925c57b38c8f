/*
 * t_lock: advisory locks, as Linux.  flock: exclusion between separate
 * opens (also in one process), LOCK_NB's EWOULDBLOCK, sharing by fork
 * (one description), release on the description's last close.  fcntl
 * record locks: F_GETLK reports the holder's pid and range, not passed on
 * by fork, ranges split and merged, released by closing ANY descriptor of
 * the file, EDEADLK in cycles of two and three processes, EINTR on a
 * blocked F_SETLKW, a killed waiter, ranges at INT64_MAX, and many ranges
 * (Breenix caps a process's records: ENOLCK past 4096, docs/vfs.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

#ifndef LOCK_SH
#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8
#endif

static char dir[64], path[96];

/* flock by its number: the same call on both systems whatever the libc has. */
static int xflock(int fd, int op)
{
	return (int)syscall(SYS_flock, fd, op);
}

static int lk(int fd, int cmd, int type, off_t start, off_t len)
{
	struct flock fl = { .l_type = (short)type, .l_whence = SEEK_SET, .l_start = start,
			    .l_len = len };

	return fcntl(fd, cmd, &fl);
}

/* F_GETLK for [start, start+len): the lock in the way (l_type F_UNLCK if none). */
static struct flock getlk(int fd, int type, off_t start, off_t len)
{
	struct flock fl = { .l_type = (short)type, .l_whence = SEEK_SET, .l_start = start,
			    .l_len = len, .l_pid = 12345 };

	if (fcntl(fd, F_GETLK, &fl) != 0)
		fl.l_type = -1;
	return fl;
}

static int openf(void)
{
	return open(path, O_RDWR | O_CREAT, 0644);
}

/* Run fn in a child, its exit status (0 is success), -1 if it did not exit. */
static int in_child(int (*fn)(void *), void *arg)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		alarm(20);
		_exit(fn(arg));
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static int child_flock_nb(void *arg)
{
	int fd = openf(), op = *(int *)arg;

	if (fd < 0)
		return 10;
	if (xflock(fd, op | LOCK_NB) == 0)
		return 0;
	return errno == EWOULDBLOCK ? 1 : 11;
}

TEST(flock_exclusion_between_opens)
{
	int fd = openf(), ex = LOCK_EX, sh = LOCK_SH, fd2;

	CHECK(fd >= 0);
	CHECK(xflock(fd, LOCK_EX) == 0);
	CHECK(in_child(child_flock_nb, &ex) == 1);
	CHECK(in_child(child_flock_nb, &sh) == 1);
	fd2 = openf();
	CHECK(fd2 >= 0);
	errno = 0;
	CHECK(xflock(fd2, LOCK_SH | LOCK_NB) == -1 && errno == EWOULDBLOCK);
	CHECK(xflock(fd, LOCK_SH) == 0); /* converts: readers may share now */
	CHECK(xflock(fd2, LOCK_SH | LOCK_NB) == 0);
	CHECK(in_child(child_flock_nb, &sh) == 0);
	CHECK(in_child(child_flock_nb, &ex) == 1);
	CHECK(xflock(fd, LOCK_UN) == 0);
	CHECK(xflock(fd2, LOCK_UN) == 0);
	CHECK(in_child(child_flock_nb, &ex) == 0);
	close(fd2);
	close(fd);
}

TEST(flock_arguments)
{
	int fd = openf();

	CHECK(fd >= 0);
	errno = 0;
	CHECK(xflock(fd, 0) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(xflock(fd, LOCK_SH | LOCK_EX) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(xflock(-1, LOCK_SH) == -1 && errno == EBADF);
	errno = 0;
	CHECK(xflock(-1, 0) == -1 && errno == EINVAL); /* the operation is checked first */
	CHECK(xflock(fd, LOCK_UN) == 0); /* nothing held: fine */
	close(fd);
}

static int child_unlock_inherited(void *arg)
{
	int fd = *(int *)arg;

	/* The same description: taking it again succeeds; unlocking drops the parent's. */
	if (xflock(fd, LOCK_EX | LOCK_NB) != 0)
		return 10;
	return xflock(fd, LOCK_UN) == 0 ? 0 : 11;
}

TEST(flock_shared_by_fork_and_dup)
{
	int fd = openf(), d, ex = LOCK_EX;

	CHECK(fd >= 0);
	CHECK(xflock(fd, LOCK_EX) == 0);
	d = dup(fd);
	CHECK(d >= 0);
	close(fd); /* the description lives on in d: still locked */
	CHECK(in_child(child_flock_nb, &ex) == 1);
	CHECK(in_child(child_unlock_inherited, &d) == 0);
	CHECK(in_child(child_flock_nb, &ex) == 0);
	CHECK(xflock(d, LOCK_EX) == 0);
	close(d); /* the last close releases */
	CHECK(in_child(child_flock_nb, &ex) == 0);
}

struct probe {
	int type;
	off_t start, len;
	struct flock got;
};

static int child_getlk(void *arg)
{
	struct probe *pr = arg;
	int fd = openf(), r;

	if (fd < 0)
		return 10;
	pr->got = getlk(fd, pr->type, pr->start, pr->len);
	/* Report through the exit status: type, then pid and range compared by the parent. */
	r = pr->got.l_type == F_UNLCK ? 0 : pr->got.l_type == F_WRLCK ? 1 :
	    pr->got.l_type == F_RDLCK ? 2 : 9;
	if (r != 0 && pr->got.l_pid != getppid())
		return 8;
	if (r != 0 && (pr->got.l_start != pr->start || pr->got.l_len != pr->len))
		return 7;
	return r;
}

/* What a child sees at [start, start+len): 0 nothing, 1 a write lock, 2 a read lock
 * held by us and covering exactly that range; 7/8 a wrong range/pid. */
static int probe(int type, off_t start, off_t len)
{
	struct probe pr = { .type = type, .start = start, .len = len };

	return in_child(child_getlk, &pr);
}

TEST(getlk_reports_holder)
{
	int fd = openf();
	struct flock fl;

	CHECK(fd >= 0);
	CHECK(lk(fd, F_SETLK, F_WRLCK, 0, 100) == 0);
	CHECK(probe(F_RDLCK, 0, 100) == 1);
	fl = getlk(fd, F_WRLCK, 0, 100); /* one's own locks are never in the way */
	CHECK(fl.l_type == F_UNLCK);
	CHECK(lk(fd, F_SETLK, F_RDLCK, 0, 100) == 0); /* downgrade */
	CHECK(probe(F_RDLCK, 0, 100) == 0);
	CHECK(probe(F_WRLCK, 0, 100) == 2);
	CHECK(lk(fd, F_SETLK, F_UNLCK, 0, 0) == 0);
	CHECK(probe(F_WRLCK, 0, 100) == 0);
	close(fd);
}

static int child_setlk(void *arg)
{
	int fd = openf(), *type = arg;

	if (fd < 0)
		return 10;
	if (lk(fd, F_SETLK, *type, 10, 10) == 0)
		return 0;
	return errno == EAGAIN || errno == EACCES ? 1 : 11;
}

static int child_owns_nothing(void *arg)
{
	int fd = *(int *)arg;
	struct flock fl = getlk(fd, F_WRLCK, 0, 0);

	/* The parent's lock is in the child's way: fork did not pass it on. */
	if (fl.l_type != F_WRLCK || fl.l_pid != getppid())
		return 10;
	return lk(fd, F_SETLK, F_WRLCK, 0, 1) == -1 && errno == EAGAIN ? 0 : 11;
}

TEST(record_locks_not_inherited)
{
	int fd = openf(), wr = F_WRLCK, rd = F_RDLCK;

	CHECK(fd >= 0);
	CHECK(lk(fd, F_SETLK, F_WRLCK, 0, 0) == 0);
	CHECK(in_child(child_owns_nothing, &fd) == 0);
	CHECK(in_child(child_setlk, &rd) == 1);
	CHECK(lk(fd, F_SETLK, F_RDLCK, 0, 0) == 0);
	CHECK(in_child(child_setlk, &rd) == 0);
	CHECK(in_child(child_setlk, &wr) == 1);
	CHECK(lk(fd, F_SETLK, F_UNLCK, 0, 0) == 0);
	CHECK(in_child(child_setlk, &wr) == 0);
	close(fd);
}

TEST(ranges_split_and_merge)
{
	int fd = openf();

	CHECK(fd >= 0);
	CHECK(lk(fd, F_SETLK, F_WRLCK, 0, 100) == 0);
	CHECK(lk(fd, F_SETLK, F_UNLCK, 40, 20) == 0); /* the middle goes */
	CHECK(probe(F_WRLCK, 0, 40) == 1);
	CHECK(probe(F_WRLCK, 40, 20) == 0);
	CHECK(probe(F_WRLCK, 60, 40) == 1);
	CHECK(lk(fd, F_SETLK, F_RDLCK, 45, 5) == 0); /* a read lock in the hole */
	CHECK(probe(F_WRLCK, 45, 5) == 2);
	CHECK(probe(F_RDLCK, 45, 5) == 0);
	CHECK(lk(fd, F_SETLK, F_WRLCK, 40, 20) == 0); /* fills the hole: one range again */
	CHECK(probe(F_WRLCK, 0, 100) == 1);
	CHECK(lk(fd, F_SETLK, F_WRLCK, 100, 0) == 0); /* and to the end of any file */
	CHECK(probe(F_RDLCK, 0, 0) == 1);
	CHECK(lk(fd, F_SETLK, F_UNLCK, 0, 0) == 0);
	CHECK(probe(F_WRLCK, 0, 0) == 0);
	close(fd);
}

TEST(ranges_at_int64_max)
{
	int fd = openf();
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = INT64_MAX,
			    .l_len = 1 };

	CHECK(fd >= 0);
	CHECK(fcntl(fd, F_SETLK, &fl) == 0);
	/* A lock that reaches the last offset reads back with l_len 0, as Linux. */
	CHECK(probe(F_WRLCK, INT64_MAX, 0) == 1);
	CHECK(probe(F_WRLCK, 0, INT64_MAX) == 0);
	fl.l_len = 2;
	errno = 0;
	CHECK(fcntl(fd, F_SETLK, &fl) == -1 && errno == EOVERFLOW);
	fl.l_len = 0;
	CHECK(fcntl(fd, F_SETLK, &fl) == 0);
	fl.l_start = INT64_MAX - 10;
	fl.l_len = 0;
	CHECK(fcntl(fd, F_SETLK, &fl) == 0); /* merges: [MAX-10, end] */
	CHECK(probe(F_WRLCK, INT64_MAX - 10, 0) == 1);
	fl.l_type = F_UNLCK;
	fl.l_start = INT64_MAX - 5;
	fl.l_len = 1;
	CHECK(fcntl(fd, F_SETLK, &fl) == 0); /* splits at the very end */
	CHECK(probe(F_WRLCK, INT64_MAX - 4, 0) == 1);
	CHECK(probe(F_WRLCK, INT64_MAX - 5, 1) == 0);
	CHECK(lk(fd, F_SETLK, F_UNLCK, 0, 0) == 0);
	CHECK(probe(F_WRLCK, 0, 0) == 0);
	close(fd);
}

TEST(closing_any_descriptor_releases)
{
	int fd = openf(), fd2 = openf();

	CHECK(fd >= 0 && fd2 >= 0);
	CHECK(lk(fd, F_SETLK, F_WRLCK, 0, 10) == 0);
	CHECK(probe(F_WRLCK, 0, 10) == 1);
	close(fd2); /* another description of the same file */
	CHECK(probe(F_WRLCK, 0, 10) == 0);
	CHECK(lk(fd, F_SETLK, F_WRLCK, 0, 10) == 0);
	fd2 = dup(fd);
	CHECK(dup2(fd2, fd2 + 1) == fd2 + 1);
	CHECK(probe(F_WRLCK, 0, 10) == 1);
	CHECK(dup2(fd, fd2 + 1) == fd2 + 1); /* dup2 closes what was there */
	CHECK(probe(F_WRLCK, 0, 10) == 0);
	close(fd2 + 1);
	close(fd2);
	close(fd);
}

/* Lock byte *arg, say so on the pipe, wait for the go, then lock the next one. */
static int sync_pipe[2], go_pipe[2], nproc_cycle;

static int child_cycle(void *arg)
{
	int i = *(int *)arg, fd = openf();
	char c = 'x';

	if (fd < 0 || lk(fd, F_SETLK, F_WRLCK, i, 1) != 0)
		return 10;
	if (write(sync_pipe[1], &c, 1) != 1 || read(go_pipe[0], &c, 1) != 1)
		return 11;
	usleep(100000 * (unsigned)i); /* most likely order: the last one closes the cycle */
	if (lk(fd, F_SETLKW, F_WRLCK, (i + 1) % nproc_cycle, 1) == 0)
		return 0;
	return errno == EDEADLK ? 1 : 12;
}

/* n processes each hold a byte and wait for the next one's: exactly one gets EDEADLK. */
static int cycle(int n)
{
	pid_t pids[3];
	int i, st, deadlocks = 0, idx[3] = { 0, 1, 2 };
	char c = 'g';

	nproc_cycle = n;
	if (pipe(sync_pipe) != 0 || pipe(go_pipe) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			alarm(20);
			_exit(child_cycle(&idx[i]));
		}
	}
	for (i = 0; i < n; i++)
		if (read(sync_pipe[0], &c, 1) != 1)
			return -1;
	for (i = 0; i < n; i++)
		if (write(go_pipe[1], &c, 1) != 1)
			return -1;
	for (i = 0; i < n; i++) {
		if (waitpid(pids[i], &st, 0) != pids[i] || !WIFEXITED(st) || WEXITSTATUS(st) > 1)
			return -1;
		deadlocks += WEXITSTATUS(st);
	}
	close(sync_pipe[0]);
	close(sync_pipe[1]);
	close(go_pipe[0]);
	close(go_pipe[1]);
	return deadlocks;
}

TEST(edeadlk_two_processes)
{
	CHECK(cycle(2) == 1);
}

TEST(edeadlk_three_processes)
{
	CHECK(cycle(3) == 1);
}

static void on_alarm(int sig)
{
	(void)sig;
}

static int child_interrupted(void *arg)
{
	struct sigaction sa = { .sa_handler = on_alarm }; /* no SA_RESTART */
	int fd = openf();

	(void)arg;
	if (fd < 0 || sigaction(SIGALRM, &sa, NULL) != 0)
		return 10;
	alarm(1);
	if (lk(fd, F_SETLKW, F_WRLCK, 0, 1) == 0)
		return 11;
	return errno == EINTR ? 0 : 12;
}

TEST(setlkw_interrupted_by_signal)
{
	int fd = openf();

	CHECK(fd >= 0);
	CHECK(lk(fd, F_SETLK, F_WRLCK, 0, 1) == 0);
	CHECK(in_child(child_interrupted, NULL) == 0);
	close(fd);
}

TEST(killed_waiter_leaves_nothing)
{
	int fd = openf(), wr = F_WRLCK, st;
	pid_t pid;

	CHECK(fd >= 0);
	CHECK(lk(fd, F_SETLK, F_WRLCK, 0, 100) == 0);
	pid = fork();
	if (pid == 0) {
		int f2 = openf();

		lk(f2, F_SETLK, F_RDLCK, 1000, 1); /* held while it waits */
		lk(f2, F_SETLKW, F_WRLCK, 0, 1);
		_exit(0);
	}
	CHECK(pid > 0);
	usleep(200000);
	CHECK(kill(pid, SIGKILL) == 0);
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st));
	CHECK(lk(fd, F_SETLK, F_UNLCK, 0, 0) == 0);
	CHECK(in_child(child_setlk, &wr) == 0);
	CHECK(probe(F_WRLCK, 0, 0) == 0);
	close(fd);
}

TEST(many_ranges)
{
	int fd = openf(), i, n = 0;

	CHECK(fd >= 0);
	for (i = 0; i < 8192; i++, n++)
		if (lk(fd, F_SETLK, F_WRLCK, 2 * i, 1) != 0)
			break;
	if (n < 8192)
		CHECK(errno == ENOLCK);
	if (on_breenix()) /* Breenix caps a process's records (docs/vfs.md) */
		CHECK(n == 4096);
	CHECK(probe(F_WRLCK, 2, 1) == 1);
	CHECK(lk(fd, F_SETLK, F_UNLCK, 0, 0) == 0);
	CHECK(probe(F_WRLCK, 0, 0) == 0);
	CHECK(lk(fd, F_SETLK, F_WRLCK, 0, 1) == 0);
	close(fd);
}

int main(void)
{
	utest_suite = "lock";
	if (utest_scratch_dir(dir, sizeof(dir)) != 0)
		return 1;
	snprintf(path, sizeof(path), "%s/f", dir);
	RUN(flock_exclusion_between_opens);
	RUN(flock_arguments);
	RUN(flock_shared_by_fork_and_dup);
	RUN(getlk_reports_holder);
	RUN(record_locks_not_inherited);
	RUN(ranges_split_and_merge);
	RUN(ranges_at_int64_max);
	RUN(closing_any_descriptor_releases);
	RUN(edeadlk_two_processes);
	RUN(edeadlk_three_processes);
	RUN(setlkw_interrupted_by_signal);
	RUN(killed_waiter_leaves_nothing);
	RUN(many_ranges);
	unlink(path);
	rmdir(dir);
	return utest_failures != 0;
}
