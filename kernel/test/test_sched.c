/*
 * test_sched.c: threads and the scheduler.  Two CPU-bound kernel threads
 * that never yield must both make progress (the timer preempts them);
 * sleep_on/wakeup and timeouts; a thread's stack and struct are freed once
 * it has exited and switched away (free-page count back to its start).
 */
#include <kern/clock.h>
#include <kern/ktest.h>
#include <kern/thread.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include <vm/pmm.h>

struct spinner {
	volatile uint64_t count;
	volatile bool stop, done;
};

static void spin_main(void *arg)
{
	struct spinner *s = arg;

	while (!s->stop)
		s->count++;
	s->done = true;
}

static void sleep_ms(uint64_t ms)
{
	uint64_t until = clock_monotonic_ns() + ms * 1000000;

	while (clock_monotonic_ns() < until)
		sleep_on(&until, until);
}

KTEST(sched_preempts_cpu_bound_threads)
{
	static struct spinner a, b;
	size_t free0 = pmm_free_count(), heap0 = kmalloc_stats();

	KTEST_ASSERT(thread_create_kernel(spin_main, &a) != NULL);
	KTEST_ASSERT(thread_create_kernel(spin_main, &b) != NULL);
	sleep_ms(100);
	KTEST_ASSERT(a.count > 0 && b.count > 0);
	a.stop = b.stop = true;
	while (!a.done || !b.done)
		sleep_ms(10);
	sleep_ms(10); /* let the scheduler free the last one */
	KTEST_ASSERT(pmm_free_count() == free0);
	KTEST_ASSERT(kmalloc_stats() == heap0);
}

static volatile int woken;

static void waker_main(void *arg)
{
	woken = 1;
	wakeup(arg);
}

KTEST(sched_sleep_wakeup_and_timeout)
{
	static int chan;
	uint64_t t0 = clock_monotonic_ns();

	woken = 0;
	KTEST_ASSERT(thread_create_kernel(waker_main, &chan) != NULL);
	while (!woken)
		KTEST_ASSERT(sleep_on(&chan, clock_monotonic_ns() + 1000000000ULL) == 0 || woken);
	/* Nobody wakes this one: it times out after about 20 ms. */
	t0 = clock_monotonic_ns();
	KTEST_ASSERT(sleep_on(&chan, t0 + 20000000ULL) == -ETIMEDOUT);
	KTEST_ASSERT(clock_monotonic_ns() - t0 >= 20000000ULL);
}
