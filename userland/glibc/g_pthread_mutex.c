/*
 * g_pthread_mutex.c: the C library's own pthreads (glibc's or musl's,
 * statically linked) on Breenix's clone and futex: 8 threads contending a
 * mutex, a producer and consumers on a condition variable, joins, thread
 * ids, thread-local storage.  Prints PASS:/FAIL: lines; exits non-zero on
 * a failure.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "g_common.h"

#define NTHREADS 8
#define PER_THREAD 20000
#define ITEMS 4000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static __thread long my_count; /* TLS: each thread its own (CLONE_SETTLS) */
static pid_t tids[NTHREADS];

static void *count(void *arg)
{
	int i, id = (int)(long)arg;

	tids[id] = (pid_t)syscall(SYS_gettid);
	for (i = 0; i < PER_THREAD; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		if (i % 1000 == 0)
			sched_yield(); /* hold the lock while others want it */
		pthread_mutex_unlock(&lock);
		my_count++;
	}
	return (void *)my_count;
}

static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t nonempty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t nonfull = PTHREAD_COND_INITIALIZER;
static int queue[16], qhead, qlen, produced_done;
static long consumed_sum;

static void *consume(void *arg)
{
	long sum = 0;

	(void)arg;
	pthread_mutex_lock(&qlock);
	for (;;) {
		while (qlen == 0 && !produced_done)
			pthread_cond_wait(&nonempty, &qlock);
		if (qlen == 0 && produced_done)
			break;
		sum += queue[qhead];
		qhead = (qhead + 1) % 16;
		qlen--;
		pthread_cond_signal(&nonfull);
	}
	consumed_sum += sum;
	pthread_mutex_unlock(&qlock);
	return NULL;
}

static void produce(void)
{
	int i;

	for (i = 1; i <= ITEMS; i++) {
		pthread_mutex_lock(&qlock);
		while (qlen == 16)
			pthread_cond_wait(&nonfull, &qlock);
		queue[(qhead + qlen) % 16] = i;
		qlen++;
		pthread_cond_signal(&nonempty);
		pthread_mutex_unlock(&qlock);
	}
	pthread_mutex_lock(&qlock);
	produced_done = 1;
	pthread_cond_broadcast(&nonempty);
	pthread_mutex_unlock(&qlock);
}

int main(void)
{
	pthread_t th[NTHREADS];
	long total = 0;
	int i, ok = 1, distinct = 1;
	struct timespec ts;

	g_suite = LIBC_NAME "/pthread_mutex";
	alarm(120); /* a hang is a failure, not a stuck boot */
	for (i = 0; i < NTHREADS; i++)
		ok &= pthread_create(&th[i], NULL, count, (void *)(long)i) == 0;
	G_CHECK("create", ok);
	for (i = 0; i < NTHREADS; i++) {
		void *r = NULL;

		ok &= pthread_join(th[i], &r) == 0;
		total += (long)r;
	}
	G_CHECK("join", ok);
	G_CHECK("mutex_counts", counter == (long)NTHREADS * PER_THREAD);
	G_CHECK("tls_counts", total == (long)NTHREADS * PER_THREAD && my_count == 0);
	for (i = 0; i < NTHREADS; i++)
		distinct &= tids[i] > 0 && tids[i] != getpid() && (i == 0 || tids[i] != tids[i - 1]);
	G_CHECK("thread_ids", distinct);

	ok = 1;
	for (i = 0; i < 3; i++)
		ok &= pthread_create(&th[i], NULL, consume, NULL) == 0;
	produce();
	for (i = 0; i < 3; i++)
		ok &= pthread_join(th[i], NULL) == 0;
	G_CHECK("condvar_queue", ok && consumed_sum == (long)ITEMS * (ITEMS + 1) / 2);

	/* A timed wait that times out: pthread_cond_timedwait's absolute CLOCK_REALTIME. */
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 50000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&qlock);
	G_CHECK("cond_timedwait", pthread_cond_timedwait(&nonempty, &qlock, &ts) == 110 /* ETIMEDOUT */);
	pthread_mutex_unlock(&qlock);
	return g_failures != 0;
}
