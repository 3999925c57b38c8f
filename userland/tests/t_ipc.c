/*
 * t_ipc.c: System V shared memory, semaphores and message queues, POSIX
 * shared memory (shm_open) and named semaphores (sem_open): behaviour
 * across fork and between processes that share nothing but a name or a
 * key, the attach count, SEM_UNDO at exit, sleeps ended by a signal or by
 * removal, and the errors of each call.  Runs on the host Linux too
 * (tests/harness/host_suite.sh): what passes there must pass here.
 */
#define _GNU_SOURCE /* semtimedop, MSG_EXCEPT */
#include "utest.h"

#include <fcntl.h>
#include <limits.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/time.h>
#include <time.h>

#define USER_UID 1000
#define C_IPC_64 0x100

union semun_t {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

static pid_t suite_pid; /* the test program's pid, also in its children */

/* A key of this run's own (the host may have other objects). */
static key_t my_key(int n)
{
	return (key_t)(0x1c000000 | ((suite_pid & 0xfffff) << 4) | (n & 0xf));
}

static void msleep(long ms)
{
	struct timespec d = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&d, NULL);
}

/* Poll semctl(cmd) on semaphore num until it returns want: within 5 s. */
static int sem_wait_count(int id, int num, int cmd, int want)
{
	int i;

	for (i = 0; i < 5000; i++) {
		if (semctl(id, num, cmd) == want)
			return 1;
		msleep(1);
	}
	return 0;
}

static unsigned long nattch(int id)
{
	struct shmid_ds ds;

	return shmctl(id, IPC_STAT, &ds) == 0 ? ds.shm_nattch : (unsigned long)-1;
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* SIGALRM in ms milliseconds, with a handler and no SA_RESTART. */
static void alarm_ms(long ms)
{
	struct sigaction sa;
	struct itimerval it = { { 0, 0 }, { ms / 1000, (ms % 1000) * 1000 } };

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
}

TEST(shm_private_attach_stat_remove)
{
	struct shmid_ds ds;
	int id = shmget(IPC_PRIVATE, 8192, 0600);
	char *p;

	CHECK(id >= 0);
	p = shmat(id, NULL, 0);
	CHECK(p != (void *)-1);
	CHECK(((uintptr_t)p & 4095) == 0);
	CHECK(p[0] == 0 && p[8191] == 0); /* zero-filled */
	strcpy(p + 4096, "hello");
	CHECK(shmctl(id, IPC_STAT, &ds) == 0);
	CHECK(ds.shm_segsz == 8192 && ds.shm_nattch == 1 && ds.shm_cpid == getpid());
	CHECK(ds.shm_lpid == getpid() && ds.shm_atime != 0 && ds.shm_ctime != 0);
	CHECK((ds.shm_perm.mode & 0777) == 0600 && ds.shm_perm.uid == geteuid());
	CHECK(ds.shm_perm.cuid == geteuid() && ds.shm_perm.cgid == getegid());
	CHECK(shmdt(p) == 0);
	CHECK(nattch(id) == 0);
	/* A second attach sees what the first wrote. */
	p = shmat(id, NULL, SHM_RDONLY);
	CHECK(p != (void *)-1 && strcmp(p + 4096, "hello") == 0);
	CHECK(shmdt(p) == 0);
	CHECK(shmdt(p) == -1 && errno == EINVAL);
	CHECK(shmctl(id, IPC_RMID, NULL) == 0);
	CHECK(shmctl(id, IPC_STAT, &ds) == -1 && errno == EINVAL);
	CHECK(shmat(id, NULL, 0) == (void *)-1 && errno == EINVAL);
}

TEST(shm_shared_across_fork_with_attach_count)
{
	int id = shmget(IPC_PRIVATE, 4096, 0600), go[2], done[2];
	volatile int *p;
	pid_t pid;
	char c;

	CHECK(id >= 0 && pipe(go) == 0 && pipe(done) == 0);
	p = shmat(id, NULL, 0);
	CHECK(p != (void *)-1);
	pid = fork();
	if (pid == 0) {
		p[0] = 42;
		(void)!write(done[1], "x", 1);
		(void)!read(go[0], &c, 1);
		_exit(p[1] == 7 ? 0 : 1);
	}
	CHECK(read(done[0], &c, 1) == 1);
	CHECK(p[0] == 42);
	CHECK(nattch(id) == 2); /* the child's copy counts */
	p[1] = 7;
	(void)!write(go[1], "x", 1);
	CHECK(utest_ending(pid) == 0);
	CHECK(nattch(id) == 1); /* its exit detached it */
	CHECK(shmdt((void *)p) == 0);
	CHECK(shmctl(id, IPC_RMID, NULL) == 0);
	close(go[0]); close(go[1]); close(done[0]); close(done[1]);
}

TEST(shm_removed_lives_until_last_detach)
{
	struct shmid_ds ds;
	int id = shmget(IPC_PRIVATE, 4096, 0600);
	int *p, *q;

	CHECK(id >= 0);
	p = shmat(id, NULL, 0);
	CHECK(p != (void *)-1);
	CHECK(shmctl(id, IPC_RMID, NULL) == 0);
	CHECK(shmctl(id, IPC_STAT, &ds) == 0);
	CHECK((ds.shm_perm.mode & SHM_DEST) && ds.shm_perm.__key == IPC_PRIVATE);
	CHECK(ds.shm_nattch == 1);
	p[0] = 5;
	/* Linux lets a removed segment be attached by id while it lives. */
	q = shmat(id, NULL, 0);
	CHECK(q != (void *)-1 && q[0] == 5);
	CHECK(nattch(id) == 2);
	CHECK(shmdt(q) == 0 && shmdt(p) == 0);
	CHECK(shmctl(id, IPC_STAT, &ds) == -1 && errno == EINVAL);
}

TEST(shm_keys_and_errors)
{
	key_t k = my_key(1);
	int id, id2;
	char *p, *base;

	CHECK(shmget(k, 4096, 0600) == -1 && errno == ENOENT);
	id = shmget(k, 8192, IPC_CREAT | IPC_EXCL | 0600);
	CHECK(id >= 0);
	CHECK(shmget(k, 4096, IPC_CREAT | IPC_EXCL | 0600) == -1 && errno == EEXIST);
	CHECK(shmget(k, 4096, 0) == id && shmget(k, 0, IPC_CREAT) == id);
	CHECK(shmget(k, 8193, 0) == -1 && errno == EINVAL); /* bigger than it is */
	CHECK(shmget(IPC_PRIVATE, 0, 0600) == -1 && errno == EINVAL);
	CHECK(shmget(IPC_PRIVATE, (size_t)-1, 0600) == -1 && errno == EINVAL); /* > SHMMAX */
	CHECK(shmat(-1, NULL, 0) == (void *)-1 && errno == EINVAL);
	CHECK(shmat(id + 32768 * 5, NULL, 0) == (void *)-1 && errno == EINVAL); /* stale seq */
	CHECK(shmat(id, (void *)0x10000001, 0) == (void *)-1 && errno == EINVAL);
	CHECK(shmat(id, NULL, SHM_REMAP) == (void *)-1 && errno == EINVAL);
	CHECK(shmdt((void *)0x10000001) == -1 && errno == EINVAL);
	CHECK(shmctl(id, 99, NULL) == -1 && errno == EINVAL);
	CHECK(shmctl(-1, IPC_RMID, NULL) == -1 && errno == EINVAL);
	/* x86_64 takes its commands without IPC_64 (glibc passes none). */
	{
		struct shmid_ds ds;

		CHECK(syscall(SYS_shmctl, id, IPC_STAT | C_IPC_64, &ds) == -1 && errno == EINVAL);
		CHECK(syscall(SYS_shmctl, id, IPC_STAT, &ds) == 0 && ds.shm_segsz == 8192);
	}
	/* A fixed address: SHM_RND rounds down; an address in use is EINVAL. */
	base = mmap(NULL, 4 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(base != MAP_FAILED);
	CHECK(shmat(id, base, 0) == (void *)-1 && errno == EINVAL);
	CHECK(munmap(base, 4 * 4096) == 0);
	p = shmat(id, base + 5, SHM_RND);
	CHECK(p == base);
	strcpy(p, "at base");
	CHECK(shmat(id, base, 0) == (void *)-1 && errno == EINVAL);
	p = shmat(id, base, SHM_REMAP); /* takes over the range */
	CHECK(p == base && strcmp(p, "at base") == 0);
	CHECK(nattch(id) == 1); /* the first attach was replaced */
	CHECK(shmdt(p) == 0 && nattch(id) == 0);
	id2 = shmget(IPC_PRIVATE, 4096, 0600);
	CHECK(id2 >= 0 && id2 != id);
	CHECK(shmctl(id, IPC_RMID, NULL) == 0 && shmctl(id2, IPC_RMID, NULL) == 0);
	CHECK(shmget(k, 4096, 0600) == -1 && errno == ENOENT);
}

TEST(shm_readonly_attach)
{
	int id = shmget(IPC_PRIVATE, 4096, 0600);
	char *p;
	pid_t pid;

	CHECK(id >= 0);
	p = shmat(id, NULL, SHM_RDONLY);
	CHECK(p != (void *)-1 && p[0] == 0);
	CHECK(mprotect(p, 4096, PROT_READ | PROT_WRITE) == -1 && errno == EACCES);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		p[0] = 1; /* SIGSEGV */
		_exit(0);
	}
	CHECK(utest_ending(pid) == 128 + SIGSEGV);
	CHECK(shmdt(p) == 0 && shmctl(id, IPC_RMID, NULL) == 0);
}

TEST(shm_split_attach_counts_and_shmdt_takes_all)
{
	int id = shmget(IPC_PRIVATE, 3 * 4096, 0600);
	char *p;

	CHECK(id >= 0);
	p = shmat(id, NULL, 0);
	CHECK(p != (void *)-1);
	/* mprotect of the middle page splits the attach in three regions. */
	CHECK(mprotect(p + 4096, 4096, PROT_READ) == 0);
	CHECK(nattch(id) == 3);
	CHECK(munmap(p + 2 * 4096, 4096) == 0);
	CHECK(nattch(id) == 2);
	CHECK(shmdt(p) == 0);
	CHECK(nattch(id) == 0);
	CHECK(shmctl(id, IPC_RMID, NULL) == 0);
}

TEST(shm_detached_at_exec)
{
	int id = shmget(IPC_PRIVATE, 4096, 0600), cl[2], in[2];
	char *p, c;
	pid_t pid;

	CHECK(id >= 0 && pipe(cl) == 0 && pipe(in) == 0);
	p = shmat(id, NULL, 0);
	CHECK(p != (void *)-1);
	CHECK(fcntl(cl[1], F_SETFD, FD_CLOEXEC) == 0);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		dup2(in[0], 0);
		close(cl[0]);
		execl("/bin/sh", "sh", "-c", "read x", (char *)NULL);
		_exit(127);
	}
	close(cl[1]);
	close(in[0]);
	CHECK(read(cl[0], &c, 1) == 0); /* closed by the exec */
	CHECK(nattch(id) == 1);
	(void)!write(in[1], "\n", 1);
	close(in[1]);
	CHECK(utest_ending(pid) == 0);
	CHECK(shmdt(p) == 0 && shmctl(id, IPC_RMID, NULL) == 0);
	close(cl[0]);
}

static int shm_perm_user(void)
{
	struct shmid_ds ds;
	int id = shmget(my_key(2), 0, 0600); /* asks for writing too: the others may not */

	if (id != -1 || errno != EACCES)
		return 1;
	id = shmget(my_key(2), 0, 0400); /* asks for reading only: the others' bit has it */
	if (id < 0)
		return 2;
	if (shmat(id, NULL, 0) != (void *)-1 || errno != EACCES)
		return 3;
	if (shmat(id, NULL, SHM_RDONLY) == (void *)-1)
		return 4;
	if (shmctl(id, IPC_RMID, NULL) != -1 || errno != EPERM)
		return 5;
	if (shmctl(id, IPC_SET, &ds) != -1 || errno != EPERM)
		return 6;
	return shmctl(id, IPC_STAT, &ds) == 0 ? 0 : 7;
}

TEST(shm_permissions_by_credentials)
{
	struct shmid_ds ds;
	int id, k;

	SKIP_IF(geteuid() != 0, "needs root to act as another user");
	id = shmget(my_key(2), 4096, IPC_CREAT | IPC_EXCL | 0604);
	CHECK(id >= 0);
	k = utest_as_user(shm_perm_user, USER_UID);
	CHECK(k == 0);
	/* IPC_SET hands it over: the new owner may remove it. */
	CHECK(shmctl(id, IPC_STAT, &ds) == 0);
	ds.shm_perm.uid = USER_UID;
	ds.shm_perm.mode = 0600;
	CHECK(shmctl(id, IPC_SET, &ds) == 0);
	CHECK(shmctl(id, IPC_STAT, &ds) == 0 && ds.shm_perm.uid == USER_UID);
	CHECK((ds.shm_perm.mode & 0777) == 0600 && ds.shm_perm.cuid == 0);
	CHECK(shmctl(id, IPC_RMID, NULL) == 0);
}

TEST(shm_memory_comes_back)
{
	long before, during, after;
	int id, i;
	char *p;

	SKIP_IF(!on_breenix(), "free memory on the host moves for other reasons");
	before = free_kib();
	for (i = 0; i < 3; i++) {
		id = shmget(IPC_PRIVATE, 4 << 20, 0600);
		CHECK(id >= 0);
		p = shmat(id, NULL, 0);
		CHECK(p != (void *)-1);
		p[(4 << 20) - 1] = 1;
		during = free_kib();
		CHECK(before - during >= 4096);
		CHECK(shmctl(id, IPC_RMID, NULL) == 0);
		CHECK(shmdt(p) == 0);
	}
	after = free_kib();
	CHECK(after > before - 512);
	/* More than the system may hold: refused at once, nothing taken. */
	CHECK(shmget(IPC_PRIVATE, (size_t)1 << 40, 0600) == -1 && errno == ENOSPC);
	CHECK(free_kib() > before - 512);
}

TEST(sem_values_and_errors)
{
	unsigned short vals[3] = { 1, 2, 3 }, got[3];
	struct semid_ds ds;
	struct sembuf op[2];
	union semun_t u;
	int id = semget(IPC_PRIVATE, 3, 0600), k;

	CHECK(id >= 0);
	u.buf = &ds;
	CHECK(semctl(id, 0, IPC_STAT, u) == 0 && ds.sem_nsems == 3);
	CHECK((ds.sem_perm.mode & 0777) == 0600 && ds.sem_otime == 0);
	CHECK(semctl(id, 1, GETVAL) == 0);
	u.val = 5;
	CHECK(semctl(id, 1, SETVAL, u) == 0 && semctl(id, 1, GETVAL) == 5);
	u.array = vals;
	CHECK(semctl(id, 0, SETALL, u) == 0);
	u.array = got;
	CHECK(semctl(id, 0, GETALL, u) == 0 && got[0] == 1 && got[1] == 2 && got[2] == 3);
	op[0] = (struct sembuf){ 0, -1, 0 };
	op[1] = (struct sembuf){ 2, 2, 0 };
	CHECK(semop(id, op, 2) == 0);
	CHECK(semctl(id, 0, GETVAL) == 0 && semctl(id, 2, GETVAL) == 5);
	CHECK(semctl(id, 0, GETPID) == getpid() && semctl(id, 2, GETPID) == getpid());
	CHECK(semctl(id, 0, IPC_STAT, (union semun_t){ .buf = &ds }) == 0 && ds.sem_otime != 0);
	/* All or nothing: the second blocks, so the first is not applied. */
	op[0] = (struct sembuf){ 1, -1, 0 };
	op[1] = (struct sembuf){ 0, -1, IPC_NOWAIT };
	CHECK(semop(id, op, 2) == -1 && errno == EAGAIN);
	CHECK(semctl(id, 1, GETVAL) == 2);
	op[0] = (struct sembuf){ 2, 0, IPC_NOWAIT }; /* wait-for-zero on 5 */
	CHECK(semop(id, op, 1) == -1 && errno == EAGAIN);
	op[0] = (struct sembuf){ 3, 1, 0 };
	CHECK(semop(id, op, 1) == -1 && errno == EFBIG);
	op[0] = (struct sembuf){ 2, 32767, 0 };
	CHECK(semop(id, op, 1) == -1 && errno == ERANGE);
	CHECK(semop(id, op, 0) == -1 && errno == EINVAL);
	{
		static struct sembuf many[501];

		CHECK(semop(id, many, 501) == -1 && errno == E2BIG);
	}
	u.val = 40000;
	CHECK(semctl(id, 0, SETVAL, u) == -1 && errno == ERANGE);
	u.val = -1;
	CHECK(semctl(id, 0, SETVAL, u) == -1 && errno == ERANGE);
	u.val = 1;
	CHECK(semctl(id, 3, SETVAL, u) == -1 && errno == EINVAL);
	CHECK(semctl(id, 0, 99) == -1 && errno == EINVAL);
	CHECK(semget(IPC_PRIVATE, 32001, 0600) == -1 && errno == EINVAL);
	CHECK(semget(IPC_PRIVATE, 0, 0600) == -1 && errno == EINVAL);
	CHECK(semget(IPC_PRIVATE, -1, 0600) == -1 && errno == EINVAL);
	k = semget(my_key(3), 2, IPC_CREAT | IPC_EXCL | 0600);
	CHECK(k >= 0);
	CHECK(semget(my_key(3), 3, 0) == -1 && errno == EINVAL);
	CHECK(semget(my_key(3), 2, 0) == k && semget(my_key(3), 0, 0) == k);
	CHECK(semctl(k, 0, IPC_RMID) == 0 && semctl(id, 0, IPC_RMID) == 0);
	CHECK(semctl(id, 0, GETVAL) == -1 && errno == EINVAL);
	op[0] = (struct sembuf){ 0, 1, 0 };
	CHECK(semop(id, op, 1) == -1 && errno == EINVAL);
}

TEST(sem_blocks_until_posted_by_another_process)
{
	int id = semget(IPC_PRIVATE, 2, 0600);
	struct sembuf op = { 0, -1, 0 };
	pid_t down, zero;

	CHECK(id >= 0);
	fflush(stdout);
	down = fork();
	if (down == 0)
		_exit(semop(id, &op, 1) == 0 ? 0 : 1);
	CHECK(sem_wait_count(id, 0, GETNCNT, 1));
	CHECK(semctl(id, 0, GETZCNT) == 0);
	semctl(id, 1, SETVAL, (union semun_t){ .val = 1 });
	zero = fork();
	if (zero == 0) {
		struct sembuf z = { 1, 0, 0 };

		_exit(semop(id, &z, 1) == 0 ? 0 : 1);
	}
	CHECK(sem_wait_count(id, 1, GETZCNT, 1));
	op.sem_op = 1;
	CHECK(semop(id, &op, 1) == 0);
	CHECK(utest_ending(down) == 0);
	CHECK(semctl(id, 0, GETVAL) == 0 && semctl(id, 0, GETNCNT) == 0);
	op.sem_num = 1;
	op.sem_op = -1;
	CHECK(semop(id, &op, 1) == 0);
	CHECK(utest_ending(zero) == 0);
	CHECK(semctl(id, 0, IPC_RMID) == 0);
}

TEST(sem_undo_at_exit)
{
	int id = semget(IPC_PRIVATE, 2, 0600), go[2];
	pid_t pid;
	char c;

	CHECK(id >= 0 && pipe(go) == 0);
	semctl(id, 0, SETVAL, (union semun_t){ .val = 5 });
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct sembuf ops[2] = { { 0, -2, SEM_UNDO }, { 1, 3, SEM_UNDO } };

		_exit(semop(id, ops, 2) == 0 ? 0 : 1);
	}
	CHECK(utest_ending(pid) == 0);
	CHECK(semctl(id, 0, GETVAL) == 5 && semctl(id, 1, GETVAL) == 0);
	CHECK(semctl(id, 0, GETPID) == pid);
	/* SETVAL while the child lives wipes its adjustment of that semaphore. */
	pid = fork();
	if (pid == 0) {
		struct sembuf ops[2] = { { 0, -1, SEM_UNDO }, { 1, 2, SEM_UNDO } };

		close(go[1]);
		if (semop(id, ops, 2) != 0)
			_exit(1);
		(void)!read(go[0], &c, 1);
		_exit(0);
	}
	CHECK(sem_wait_count(id, 1, GETVAL, 2));
	semctl(id, 0, SETVAL, (union semun_t){ .val = 9 });
	close(go[1]);
	CHECK(utest_ending(pid) == 0);
	CHECK(semctl(id, 0, GETVAL) == 9 && semctl(id, 1, GETVAL) == 0);
	/* An undo that would go below 0 stops at 0. */
	pid = fork();
	if (pid == 0) {
		struct sembuf op = { 1, 4, SEM_UNDO };

		_exit(semop(id, &op, 1) == 0 ? 0 : 1);
	}
	CHECK(utest_ending(pid) == 0);
	CHECK(semctl(id, 1, GETVAL) == 0);
	CHECK(semctl(id, 0, IPC_RMID) == 0);
	close(go[0]);
}

TEST(sem_wait_interrupted_and_removed)
{
	int id = semget(IPC_PRIVATE, 1, 0600);
	struct sembuf op = { 0, -1, 0 };
	struct timespec ts = { 0, 50 * 1000000 };
	pid_t pid;

	CHECK(id >= 0);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		alarm_ms(100);
		_exit(semop(id, &op, 1) == -1 && errno == EINTR ? 0 : 1);
	}
	CHECK(utest_ending(pid) == 0);
	CHECK(semtimedop(id, &op, 1, &ts) == -1 && errno == EAGAIN);
	ts.tv_nsec = 2000000000;
	CHECK(semtimedop(id, &op, 1, &ts) == -1 && errno == EINVAL);
	pid = fork();
	if (pid == 0)
		_exit(semop(id, &op, 1) == -1 && errno == EIDRM ? 0 : 1);
	CHECK(sem_wait_count(id, 0, GETNCNT, 1));
	CHECK(semctl(id, 0, IPC_RMID) == 0);
	CHECK(utest_ending(pid) == 0);
}

static int sem_perm_user(void)
{
	int id = semget(my_key(4), 1, 0600);
	struct sembuf op = { 0, 1, 0 };

	if (id != -1 || errno != EACCES)
		return 1;
	if ((id = semget(my_key(4), 1, 0400)) < 0)
		return 2;
	if (semctl(id, 0, GETVAL) != 0) /* reading is allowed (0604) */
		return 3;
	if (semop(id, &op, 1) != -1 || errno != EACCES)
		return 4;
	if (semctl(id, 0, SETVAL, (union semun_t){ .val = 1 }) != -1 || errno != EACCES)
		return 5;
	return semctl(id, 0, IPC_RMID) == -1 && errno == EPERM ? 0 : 6;
}

TEST(sem_permissions_by_credentials)
{
	int id;

	SKIP_IF(geteuid() != 0, "needs root to act as another user");
	id = semget(my_key(4), 1, IPC_CREAT | IPC_EXCL | 0604);
	CHECK(id >= 0);
	CHECK(utest_as_user(sem_perm_user, USER_UID) == 0);
	CHECK(semctl(id, 0, IPC_RMID) == 0);
}

struct tmsg {
	long mtype;
	char mtext[64];
};

static int msg_send(int id, long type, const char *text, int flags)
{
	struct tmsg m;

	m.mtype = type;
	strcpy(m.mtext, text);
	return msgsnd(id, &m, strlen(text) + 1, flags);
}

TEST(msg_types_and_errors)
{
	struct msqid_ds ds;
	struct tmsg m;
	int id = msgget(IPC_PRIVATE, 0600);

	CHECK(id >= 0);
	CHECK(msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qbytes == 16384 && ds.msg_qnum == 0);
	CHECK(msg_send(id, 3, "three", 0) == 0 && msg_send(id, 1, "one", 0) == 0);
	CHECK(msg_send(id, 2, "two", 0) == 0 && msg_send(id, 1, "uno", 0) == 0);
	CHECK(msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qnum == 4 && ds.msg_cbytes == 18);
	CHECK(ds.msg_lspid == getpid() && ds.msg_stime != 0);
	CHECK(msgrcv(id, &m, sizeof(m.mtext), 0, 0) == 6 && m.mtype == 3);
	CHECK(strcmp(m.mtext, "three") == 0);
	CHECK(msgrcv(id, &m, sizeof(m.mtext), -2, 0) == 4 && m.mtype == 1);
	CHECK(strcmp(m.mtext, "one") == 0); /* the first of the lowest type */
	CHECK(msgrcv(id, &m, sizeof(m.mtext), 1, MSG_EXCEPT) == 4 && m.mtype == 2);
	CHECK(msgrcv(id, &m, 2, 1, 0) == -1 && errno == E2BIG); /* "uno" stays */
	CHECK(msgrcv(id, &m, 2, 1, MSG_NOERROR) == 2 && memcmp(m.mtext, "un", 2) == 0);
	CHECK(msgrcv(id, &m, sizeof(m.mtext), 0, IPC_NOWAIT) == -1 && errno == ENOMSG);
	CHECK(msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qnum == 0 && ds.msg_cbytes == 0);
	CHECK(ds.msg_lrpid == getpid());
	CHECK(msg_send(id, 0, "x", 0) == -1 && errno == EINVAL);
	CHECK(msg_send(id, -1, "x", 0) == -1 && errno == EINVAL);
	CHECK(msgsnd(id, &m, 8193, 0) == -1 && errno == EINVAL);
	CHECK(msgsnd(-1, &m, 1, 0) == -1 && errno == EINVAL);
	CHECK(msgsnd(id, NULL, 1, 0) == -1 && errno == EFAULT);
	CHECK(msgctl(id, 99, &ds) == -1 && errno == EINVAL);
	CHECK(msgget(my_key(5), 0600) == -1 && errno == ENOENT);
	CHECK(msgctl(id, IPC_RMID, NULL) == 0);
	CHECK(msg_send(id, 1, "x", 0) == -1 && errno == EINVAL);
}

TEST(msg_full_queue_blocks_sender)
{
	static struct { long mtype; char text[8192]; } big;
	struct msqid_ds ds;
	int id = msgget(IPC_PRIVATE, 0600);
	pid_t pid;

	CHECK(id >= 0);
	big.mtype = 1;
	CHECK(msgsnd(id, &big, 8192, 0) == 0 && msgsnd(id, &big, 8192, 0) == 0);
	CHECK(msgsnd(id, &big, 1, IPC_NOWAIT) == -1 && errno == EAGAIN);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		big.mtype = 2;
		_exit(msgsnd(id, &big, 100, 0) == 0 ? 0 : 1);
	}
	msleep(50);
	CHECK(msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qnum == 2);
	CHECK(msgrcv(id, &big, sizeof(big.text), 1, 0) == 8192);
	CHECK(utest_ending(pid) == 0);
	CHECK(msgrcv(id, &big, sizeof(big.text), 2, IPC_NOWAIT) == 100);
	/* Only root may raise the limit past MSGMNB; lowering it is anyone's. */
	CHECK(msgctl(id, IPC_STAT, &ds) == 0);
	ds.msg_qbytes = 100;
	CHECK(msgctl(id, IPC_SET, &ds) == 0);
	CHECK(msgsnd(id, &big, 101, IPC_NOWAIT) == -1 && errno == EAGAIN);
	CHECK(msgctl(id, IPC_RMID, NULL) == 0);
}

TEST(msg_receiver_woken_by_send_signal_and_removal)
{
	int id = msgget(IPC_PRIVATE, 0600);
	struct tmsg m;
	pid_t pid;

	CHECK(id >= 0);
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(msgrcv(id, &m, sizeof(m.mtext), 7, 0) == 3 && strcmp(m.mtext, "hi") == 0 ?
		      0 : 1);
	msleep(50);
	CHECK(msg_send(id, 7, "hi", 0) == 0);
	CHECK(utest_ending(pid) == 0);
	pid = fork();
	if (pid == 0) {
		alarm_ms(100);
		_exit(msgrcv(id, &m, sizeof(m.mtext), 0, 0) == -1 && errno == EINTR ? 0 : 1);
	}
	CHECK(utest_ending(pid) == 0);
	pid = fork();
	if (pid == 0)
		_exit(msgrcv(id, &m, sizeof(m.mtext), 0, 0) == -1 && errno == EIDRM ? 0 : 1);
	CHECK(utest_wait_sleeping(pid));
	CHECK(msgctl(id, IPC_RMID, NULL) == 0);
	CHECK(utest_ending(pid) == 0);
}

static int msg_perm_user(void)
{
	struct msqid_ds ds;
	int id = msgget(my_key(6), 0200);

	if (id != -1 || errno != EACCES)
		return 1;
	if ((id = msgget(my_key(6), 0)) < 0)
		return 2;
	if (msg_send(id, 1, "x", 0) != -1 || errno != EACCES)
		return 3;
	if (msgctl(id, IPC_STAT, &ds) != 0)
		return 4;
	return msgctl(id, IPC_RMID, NULL) == -1 && errno == EPERM ? 0 : 5;
}

TEST(msg_permissions_by_credentials)
{
	struct msqid_ds ds;
	int id, k;

	SKIP_IF(geteuid() != 0, "needs root to act as another user");
	id = msgget(my_key(6), IPC_CREAT | IPC_EXCL | 0604);
	CHECK(id >= 0);
	k = utest_as_user(msg_perm_user, USER_UID);
	CHECK(k == 0);
	CHECK(msgctl(id, IPC_STAT, &ds) == 0);
	ds.msg_qbytes = 1 << 20; /* root may raise it (a host container's may lack the right) */
	k = msgctl(id, IPC_SET, &ds);
	CHECK(k == 0 || (!on_breenix() && errno == EPERM));
	CHECK(msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qbytes == (k == 0 ? 1 << 20 : 16384));
	CHECK(msgctl(id, IPC_RMID, NULL) == 0);
}

/* Whether /proc/sysvipc/<kind> has a line for id whose fourth column is v4. */
static int proc_lists(const char *kind, int id, unsigned long v4)
{
	char path[64], line[512];
	FILE *f;
	int key, got, found = 0;
	unsigned perms;
	unsigned long c4;

	snprintf(path, sizeof(path), "/proc/sysvipc/%s", kind);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	if (fgets(line, sizeof(line), f) == NULL || strstr(line, "key") == NULL) {
		fclose(f);
		return 0;
	}
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "%d %d %o %lu", &key, &got, &perms, &c4) == 4 && got == id &&
		    c4 == v4 && (perms & 0777) == 0640)
			found = 1;
	fclose(f);
	return found;
}

TEST(proc_sysvipc_lists_objects)
{
	int shm = shmget(IPC_PRIVATE, 12288, 0640), sem = semget(IPC_PRIVATE, 7, 0640);
	int msg = msgget(IPC_PRIVATE, 0640);

	CHECK(shm >= 0 && sem >= 0 && msg >= 0);
	CHECK(msg_send(msg, 1, "abc", 0) == 0);
	CHECK(proc_lists("shm", shm, 12288));
	CHECK(proc_lists("sem", sem, 7));
	CHECK(proc_lists("msg", msg, 4)); /* cbytes */
	CHECK(shmctl(shm, IPC_RMID, NULL) == 0 && semctl(sem, 0, IPC_RMID) == 0);
	CHECK(msgctl(msg, IPC_RMID, NULL) == 0);
	CHECK(!proc_lists("shm", shm, 12288) && !proc_lists("msg", msg, 4));
}

TEST(ftok_makes_keys_from_files)
{
	key_t a = ftok("/", 'a'), b = ftok("/", 'b');

	CHECK(a != -1 && b != -1 && a != b);
	CHECK(((unsigned)a >> 24) == 'a' && ftok("/", 'a') == a);
	CHECK(ftok("/nonexistent/x", 1) == -1 && errno == ENOENT);
}

/* The name of this process's shared-memory object n. */
static const char *shm_name(int n)
{
	static char buf[64];

	snprintf(buf, sizeof(buf), "/t_ipc.%d.%d", (int)getpid(), n);
	return buf;
}

TEST(posix_shm_between_processes)
{
	char name[64], path[80], *p;
	int fd, fd2;
	pid_t pid;
	struct stat st;

	snprintf(name, sizeof(name), "%s", shm_name(1));
	snprintf(path, sizeof(path), "/dev/shm%s", name);
	fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
	CHECK(fd >= 0);
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC);
	CHECK(stat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0600);
	CHECK(shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600) == -1 && errno == EEXIST);
	CHECK(ftruncate(fd, 8192) == 0);
	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		/* Its own descriptor and mapping: shares only the name. */
		char *q;
		int f = shm_open(name, O_RDWR, 0);

		if (f < 0 || (q = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, f, 0)) ==
		    MAP_FAILED)
			_exit(1);
		strcpy(q + 4096, "from the child");
		_exit(0);
	}
	CHECK(utest_ending(pid) == 0);
	CHECK(strcmp(p + 4096, "from the child") == 0);
	/* Leading slashes are skipped: the same object. */
	fd2 = shm_open(name + 1, O_RDONLY, 0);
	CHECK(fd2 >= 0);
	CHECK(fstat(fd2, &st) == 0 && st.st_size == 8192);
	close(fd2);
	CHECK(shm_unlink(name) == 0);
	CHECK(shm_open(name, O_RDWR, 0) == -1 && errno == ENOENT);
	CHECK(shm_unlink(name) == -1 && errno == ENOENT);
	CHECK(strcmp(p + 4096, "from the child") == 0); /* the mapping lives on */
	CHECK(munmap(p, 8192) == 0);
	close(fd);
}

TEST(posix_shm_names)
{
	char longname[300];

	CHECK(shm_open("/a/b", O_RDWR | O_CREAT, 0600) == -1 && errno == EINVAL);
	CHECK(shm_open("/", O_RDWR | O_CREAT, 0600) == -1 && errno == EINVAL);
	CHECK(shm_open("", O_RDWR | O_CREAT, 0600) == -1 && errno == EINVAL);
	CHECK(shm_open("/..", O_RDWR, 0) == -1 && errno == EINVAL);
	/* A file name past NAME_MAX (with sem_open's "sem." prefix). */
	memset(longname, 'x', sizeof(longname));
	longname[0] = '/';
	longname[1 + 256] = 0;
	CHECK(shm_open(longname, O_RDWR | O_CREAT, 0600) == -1 && errno == ENAMETOOLONG);
	longname[1 + 252] = 0;
	CHECK(sem_open(longname, O_CREAT, 0600, 1) == SEM_FAILED && errno == ENAMETOOLONG);
	CHECK(sem_open("/a/b", O_CREAT, 0600, 1) == SEM_FAILED && errno == EINVAL);
}

TEST(named_semaphore_between_processes)
{
	char name[64], ack[64], path[80];
	sem_t *s, *s2, *a;
	int v;
	pid_t pid;

	snprintf(name, sizeof(name), "%s", shm_name(2));
	snprintf(ack, sizeof(ack), "%s", shm_name(3));
	snprintf(path, sizeof(path), "/dev/shm/sem.%s", name + 1);
	CHECK(sem_open(name, 0) == SEM_FAILED && errno == ENOENT);
	s = sem_open(name, O_CREAT | O_EXCL, 0600, 0);
	CHECK(s != SEM_FAILED);
	CHECK(access(path, F_OK) == 0);
	CHECK(sem_open(name, O_CREAT | O_EXCL, 0600, 0) == SEM_FAILED && errno == EEXIST);
	CHECK(sem_open(shm_name(4), O_CREAT, 0600, (unsigned)SEM_VALUE_MAX + 1) == SEM_FAILED &&
	      errno == EINVAL);
	s2 = sem_open(name, O_CREAT, 0600, 5); /* exists: the value is not used */
	CHECK(s2 == s); /* one mapping per process, as glibc */
	CHECK(sem_getvalue(s, &v) == 0 && v == 0);
	CHECK(sem_close(s2) == 0);
	a = sem_open(ack, O_CREAT, 0600, 0);
	CHECK(a != SEM_FAILED);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		/* Ping-pong: each side sleeps in sem_wait until the other posts. */
		sem_t *cs = sem_open(name, 0), *ca = sem_open(ack, 0);
		int i;

		if (cs == SEM_FAILED || ca == SEM_FAILED)
			_exit(1);
		for (i = 0; i < 20; i++)
			if (sem_wait(cs) != 0 || sem_post(ca) != 0)
				_exit(2);
		_exit(0);
	}
	for (v = 0; v < 20; v++) {
		if (v % 5 == 0)
			msleep(10); /* let the child block in sem_wait now and then */
		CHECK(sem_post(s) == 0);
		CHECK(sem_wait(a) == 0);
	}
	CHECK(utest_ending(pid) == 0);
	CHECK(sem_unlink(name) == 0 && sem_unlink(ack) == 0);
	CHECK(sem_unlink(name) == -1 && errno == ENOENT);
	CHECK(sem_post(s) == 0 && sem_trywait(s) == 0); /* still mapped */
	CHECK(sem_close(s) == 0 && sem_close(a) == 0);
}

TEST(sysv_shm_holds_a_process_shared_semaphore)
{
	int id = shmget(IPC_PRIVATE, 4096, 0600);
	sem_t *s;
	pid_t pid;

	CHECK(id >= 0);
	s = shmat(id, NULL, 0);
	CHECK(s != (void *)-1);
	CHECK(sem_init(s, 1, 0) == 0);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		/* Detach and attach again, maybe elsewhere: the futex keys by page. */
		sem_t *c;

		shmdt(s);
		c = shmat(id, NULL, 0);
		_exit(c != (void *)-1 && sem_wait(c) == 0 ? 0 : 1);
	}
	msleep(50);
	CHECK(sem_post(s) == 0);
	CHECK(utest_ending(pid) == 0);
	CHECK(shmdt(s) == 0 && shmctl(id, IPC_RMID, NULL) == 0);
}

int main(void)
{
	utest_suite = "ipc";
	suite_pid = getpid();
	setvbuf(stdout, NULL, _IOLBF, 0);
	RUN(shm_private_attach_stat_remove);
	RUN(shm_shared_across_fork_with_attach_count);
	RUN(shm_removed_lives_until_last_detach);
	RUN(shm_keys_and_errors);
	RUN(shm_readonly_attach);
	RUN(shm_split_attach_counts_and_shmdt_takes_all);
	RUN(shm_detached_at_exec);
	RUN(shm_permissions_by_credentials);
	RUN(shm_memory_comes_back);
	RUN(sem_values_and_errors);
	RUN(sem_blocks_until_posted_by_another_process);
	RUN(sem_undo_at_exit);
	RUN(sem_wait_interrupted_and_removed);
	RUN(sem_permissions_by_credentials);
	RUN(msg_types_and_errors);
	RUN(msg_full_queue_blocks_sender);
	RUN(msg_receiver_woken_by_send_signal_and_removal);
	RUN(msg_permissions_by_credentials);
	RUN(proc_sysvipc_lists_objects);
	RUN(ftok_makes_keys_from_files);
	RUN(posix_shm_between_processes);
	RUN(posix_shm_names);
	RUN(named_semaphore_between_processes);
	RUN(sysv_shm_holds_a_process_shared_semaphore);
	return utest_failures != 0;
}
