/* Unnamed POSIX semaphores on a futex word.
 *
 * __value is the count and the futex word: sem_wait takes one by
 * compare-and-swap, or sleeps while the count is 0; sem_post adds one and
 * wakes a sleeper if __waiters says there may be one.  A waiter raises
 * __waiters before sleeping and the sleep checks the count, so a post that
 * saw no waiter has already made the count non-zero for it.
 *
 * Named semaphores (sem_open) are glibc's: the file /dev/shm/sem.NAME
 * holds one process-shared sem_t, mapped MAP_SHARED by every process that
 * opens it, so its futex word is one physical page for all of them (the
 * kernel keys non-private futexes in shared mappings by page).  A new one
 * is written to a temporary file and then linked to its name, so no
 * process sees it half made.  Each process maps a semaphore once, counting
 * its opens (sem_close unmaps at the last). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "pthread_impl.h"
#include "shm_impl.h"

int
sem_init(sem_t *s, int pshared, unsigned int value)
{
	if (value > SEM_VALUE_MAX) {
		errno = EINVAL;
		return -1;
	}
	memset(s, 0, sizeof(*s));
	s->__value = value;
	s->__pshared = pshared != 0;
	return 0;
}

int sem_destroy(sem_t *s) { (void)s; return 0; }

static int
take(sem_t *s)
{
	unsigned int v;

	while ((v = __atomic_load_n(&s->__value, __ATOMIC_SEQ_CST)) != 0)
		if (__sync_bool_compare_and_swap(&s->__value, v, v - 1))
			return 1;
	return 0;
}

static int
wait(sem_t *s, clockid_t clock, const struct timespec *abs)
{
	int cp, e = 0;
	long r;

	if (take(s))
		return 0;
	if (!__valid_abstime(abs)) {
		errno = EINVAL;
		return -1;
	}
	cp = __pthread_cp_enter();
	__atomic_add_fetch(&s->__waiters, 1, __ATOMIC_SEQ_CST);
	while (!take(s)) {
		r = __futex_wait_abs(&s->__value, 0, clock, abs, !s->__pshared);
		if (r == -ETIMEDOUT || r == -EINTR || r == -EINVAL) {
			e = (int)-r;
			break;
		}
	}
	__atomic_sub_fetch(&s->__waiters, 1, __ATOMIC_SEQ_CST);
	__pthread_cp_leave(cp);
	if (e != 0) {
		errno = e;
		return -1;
	}
	return 0;
}

int sem_wait(sem_t *s) { return wait(s, CLOCK_REALTIME, NULL); }

int
sem_timedwait(sem_t *s, const struct timespec *abs)
{
	return wait(s, CLOCK_REALTIME, abs);
}

int
sem_clockwait(sem_t *s, clockid_t clock, const struct timespec *abs)
{
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC) {
		errno = EINVAL;
		return -1;
	}
	return wait(s, clock, abs);
}

int
sem_trywait(sem_t *s)
{
	if (take(s))
		return 0;
	errno = EAGAIN;
	return -1;
}

int
sem_post(sem_t *s)
{
	unsigned int v;

	do {
		v = __atomic_load_n(&s->__value, __ATOMIC_SEQ_CST);
		if (v >= SEM_VALUE_MAX) {
			errno = EOVERFLOW;
			return -1;
		}
	} while (!__sync_bool_compare_and_swap(&s->__value, v, v + 1));
	if (__atomic_load_n(&s->__waiters, __ATOMIC_SEQ_CST) != 0)
		__futex_wake(&s->__value, 1, !s->__pshared);
	return 0;
}

int
sem_getvalue(sem_t *s, int *value)
{
	*value = (int)__atomic_load_n(&s->__value, __ATOMIC_SEQ_CST);
	return 0;
}

/* The named semaphores this process has mapped (sem_lock). */
struct named_sem {
	struct named_sem *next;
	dev_t dev;
	ino_t ino;
	sem_t *sem;
	unsigned refs;
};

static struct named_sem *named;
static pthread_mutex_t sem_lock = PTHREAD_MUTEX_INITIALIZER;

/* The semaphore of the open file fd, mapped (once per process) and counted. */
static sem_t *
sem_map(int fd)
{
	struct named_sem *n;
	struct stat st;
	sem_t *s = SEM_FAILED;

	if (fstat(fd, &st) != 0)
		return SEM_FAILED;
	pthread_mutex_lock(&sem_lock);
	for (n = named; n != NULL; n = n->next)
		if (n->dev == st.st_dev && n->ino == st.st_ino)
			break;
	if (n != NULL) {
		n->refs++;
		s = n->sem;
	} else if ((n = malloc(sizeof(*n))) != NULL) {
		s = mmap(NULL, sizeof(sem_t), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (s == MAP_FAILED) {
			free(n);
			s = SEM_FAILED;
		} else {
			*n = (struct named_sem){ named, st.st_dev, st.st_ino, s, 1 };
			named = n;
		}
	}
	pthread_mutex_unlock(&sem_lock);
	return s;
}

/* A new file holding a semaphore of value, linked to path: its descriptor,
 * or -1 with errno (EEXIST when the name is taken). */
static int
sem_create(const char *path, mode_t mode, unsigned value)
{
	static unsigned counter;
	char tmp[sizeof(SHM_DIR) + 40];
	sem_t init;
	int fd = -1, tries, err;

	sem_init(&init, 1, value);
	for (tries = 0; tries < 50 && fd < 0; tries++) {
		snprintf(tmp, sizeof(tmp), SHM_DIR "sem.%d.%u.%lx", (int)getpid(),
			 __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED),
			 (unsigned long)clock() ^ (unsigned long)time(NULL));
		fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode);
		if (fd < 0 && errno != EEXIST)
			return -1;
	}
	if (fd < 0) {
		errno = EAGAIN;
		return -1;
	}
	err = write(fd, &init, sizeof(init)) == (ssize_t)sizeof(init) ? 0 : -1;
	if (err == 0)
		err = link(tmp, path); /* EEXIST: another process was first */
	if (err != 0) {
		int e = errno;

		close(fd);
		errno = e;
		fd = -1;
	}
	unlink(tmp);
	return fd;
}

sem_t *
sem_open(const char *name, int oflag, ...)
{
	char path[SHM_PATH_MAX];
	int err = __shm_path(path, name, "sem."), fd;
	unsigned value = 0;
	mode_t mode = 0;
	sem_t *s;
	va_list ap;

	if (err != 0) {
		errno = err;
		return SEM_FAILED;
	}
	if (oflag & O_CREAT) {
		va_start(ap, oflag);
		mode = va_arg(ap, mode_t);
		value = va_arg(ap, unsigned);
		va_end(ap);
	}
	for (;;) {
		if (!(oflag & O_CREAT) || !(oflag & O_EXCL)) {
			fd = open(path, (oflag & ~(O_CREAT | O_EXCL | O_ACCMODE)) | O_NOFOLLOW |
				  O_RDWR | O_CLOEXEC);
			if (fd >= 0)
				break;
			if (!(oflag & O_CREAT) || errno != ENOENT)
				return SEM_FAILED;
		}
		if (value > SEM_VALUE_MAX) {
			errno = EINVAL;
			return SEM_FAILED;
		}
		if ((fd = sem_create(path, mode, value)) >= 0)
			break;
		if (errno != EEXIST || (oflag & O_EXCL))
			return SEM_FAILED;
		/* another process made it meanwhile: open theirs */
	}
	s = sem_map(fd);
	err = errno;
	close(fd);
	errno = err;
	return s;
}
int
sem_close(sem_t *s)
{
	struct named_sem **pp, *n;
	int ret = -1;

	pthread_mutex_lock(&sem_lock);
	for (pp = &named; (n = *pp) != NULL; pp = &n->next) {
		if (n->sem != s)
			continue;
		if (--n->refs == 0) {
			*pp = n->next;
			munmap(s, sizeof(sem_t));
			free(n);
		}
		ret = 0;
		break;
	}
	pthread_mutex_unlock(&sem_lock);
	if (ret != 0)
		errno = EINVAL;
	return ret;
}

int
sem_unlink(const char *name)
{
	return __shm_unlink(name, "sem.");
}
