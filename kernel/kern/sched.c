/*
 * sched.c: threads, the run queue and sleeping (see kern/thread.h).
 *
 * The run queue is a FIFO of RUNNABLE threads; the running thread is not
 * on it.  schedule() picks the head, or the idle thread when the queue is
 * empty, and switches to it.  The timer (sched_tick) ends a thread's slice
 * after SCHED_SLICE_TICKS; the switch itself happens at the next
 * preemption point, the end of the interrupt, so a thread is preempted in
 * the kernel as well as in user mode.  That is safe because all shared
 * kernel state is guarded by disabling interrupts, and no interrupt (so no
 * preemption) can come while they are off.
 *
 * Sleepers are found by scanning the list of all threads: simple, and
 * fast enough for the tens of threads Breenix runs.
 */
#include <stddef.h>

#include <arch/arch.h>
#include <arch/thread.h>
#include <kern/clock.h>
#include <kern/panic.h>
#include <kern/proc.h>
#include <kern/signal.h>
#include <kern/thread.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include <vm/kstack.h>

struct thread *curthread;

static struct thread boot_thread;
static struct thread *idle_thread;
static struct thread *runq_head, *runq_tail;
static struct thread *all_threads;
static struct thread *dead_thread; /* to free once switched away from */
static int next_tid = 1;

static struct thread *thread_alloc(void);
static void thread_register(struct thread *t);
static unsigned slice_left = SCHED_SLICE_TICKS;
static bool need_resched;
static uint64_t idle_ticks;
static uint64_t nswitches, nthreads_made; /* /proc/stat's ctxt and processes */

unsigned long sched_lock(void)
{
	return arch_irq_save();
}

/* Interrupts still off: nothing turned them on inside the section (that would let others in). */
void sched_unlock(unsigned long flags)
{
	KASSERT(sched_lock_held());
	arch_irq_restore(flags);
}

bool sched_lock_held(void)
{
	return !arch_irq_enabled();
}

static void idle_main(void *arg)
{
	(void)arg;
	for (;;)
		arch_wait_irq(); /* the interrupt's preemption point switches away */
}

/*
 * The boot code becomes thread 0 on the boot stack; the idle thread is
 * made here but never queued: schedule() runs it when nothing else can run.
 */
void sched_init(void)
{
	boot_thread.t_state = T_RUNNING;
	boot_thread.t_tid = 0;
	arch_thread_init(&boot_thread.t_arch);
	curthread = &boot_thread;
	all_threads = &boot_thread;
	idle_thread = thread_alloc();
	if (idle_thread == NULL)
		panic("sched: no memory for the idle thread");
	arch_thread_setup(idle_thread, idle_main, NULL);
	thread_register(idle_thread);
	idle_thread->t_state = T_RUNNABLE;
}

static void runq_push(struct thread *t)
{
	KASSERT(sched_lock_held());
	t->t_runnext = NULL;
	if (runq_tail != NULL)
		runq_tail->t_runnext = t;
	else
		runq_head = t;
	runq_tail = t;
}

static struct thread *runq_pop(void)
{
	struct thread *t = runq_head;

	if (t != NULL) {
		runq_head = t->t_runnext;
		if (runq_head == NULL)
			runq_tail = NULL;
	}
	return t;
}

static struct thread *thread_alloc(void)
{
	struct thread *t = kzalloc(sizeof(*t));

	if (t == NULL)
		return NULL;
	t->t_kstack = kstack_alloc();
	if (t->t_kstack == NULL) {
		kfree(t);
		return NULL;
	}
	arch_thread_init(&t->t_arch);
	return t;
}

/* Link a new thread into the thread list with a tid (interrupts off). */
static void thread_register(struct thread *t)
{
	t->t_tid = next_tid++;
	nthreads_made++;
	t->t_allnext = all_threads;
	all_threads = t;
}

static void thread_unregister(struct thread *t)
{
	struct thread **pp;

	for (pp = &all_threads; *pp != NULL; pp = &(*pp)->t_allnext) {
		if (*pp == t) {
			*pp = t->t_allnext;
			return;
		}
	}
}

struct thread *thread_create_kernel(void (*fn)(void *), void *arg)
{
	struct thread *t = thread_alloc();
	unsigned long fl;

	if (t == NULL)
		return NULL;
	arch_thread_setup(t, fn, arg);
	fl = sched_lock();
	thread_register(t);
	t->t_state = T_RUNNABLE;
	runq_push(t);
	sched_unlock(fl);
	return t;
}

struct thread *thread_create_user(struct proc *p, const struct trapframe *tf, int tid)
{
	struct thread *t = thread_alloc();
	unsigned long fl;

	if (t == NULL)
		return NULL;
	t->t_proc = p;
	t->t_tf = (struct trapframe *)((uint8_t *)t->t_kstack + KSTACK_SIZE) - 1;
	*t->t_tf = *tf;
	arch_thread_setup(t, NULL, NULL);
	t->t_syscall_nr = -1;
	t->t_altstack.ss_flags = SS_DISABLE;
	fl = sched_lock();
	thread_register(t);
	t->t_tid = tid; /* from the pid space (kern/proc.c): a leader's is the pid */
	t->t_state = T_SLEEPING; /* not runnable until sched_make_runnable */
	sched_unlock(fl);
	return t;
}

void thread_destroy_unstarted(struct thread *t)
{
	unsigned long fl = sched_lock();

	thread_unregister(t);
	sched_unlock(fl);
	kstack_free(t->t_kstack);
	kfree(t);
}

void sched_make_runnable(struct thread *t)
{
	unsigned long fl = sched_lock();

	t->t_state = T_RUNNABLE;
	runq_push(t);
	sched_unlock(fl);
}

/*
 * Runs on the new thread's stack right after every switch: frees the
 * thread that died to make this switch (it could not free its own stack).
 */
void sched_tail(void)
{
	struct thread *t = dead_thread;

	if (t == NULL)
		return;
	dead_thread = NULL;
	kstack_free(t->t_kstack);
	kfree(t);
}

/* Switch to the next runnable thread.  Interrupts off; the caller set t_state. */
static void schedule(void)
{
	struct thread *prev = curthread, *next;

	KASSERT(sched_lock_held());
	next = runq_pop();

	if (next == NULL) {
		if (prev->t_state == T_RUNNING)
			return; /* nothing else to run: keep going */
		next = idle_thread;
	}
	if (prev->t_state == T_RUNNING && prev != idle_thread) {
		prev->t_state = T_RUNNABLE;
		runq_push(prev);
	}
	if (prev->t_state == T_DEAD) {
		thread_unregister(prev);
		dead_thread = prev;
	}
	slice_left = SCHED_SLICE_TICKS;
	need_resched = false;
	if (next == prev) {
		prev->t_state = T_RUNNING;
		return;
	}
	next->t_state = T_RUNNING;
	nswitches++;
	curthread = next;
	if (next->t_proc != NULL)
		proc_activate(next->t_proc);
	arch_thread_switch_state(prev, next);
	arch_switch(&prev->t_arch, &next->t_arch);
	sched_tail();
}

void sched_yield(void)
{
	unsigned long fl = sched_lock();

	schedule();
	sched_unlock(fl);
}

void thread_exit(void)
{
	arch_irq_disable();
	curthread->t_state = T_DEAD;
	schedule();
	panic("thread_exit: a dead thread was scheduled");
}

/* Wake sleepers whose timeout has passed (interrupts off). */
static void wake_timed(uint64_t now)
{
	struct thread *t;

	for (t = all_threads; t != NULL; t = t->t_allnext) {
		if (t->t_state == T_SLEEPING && t->t_wake_ns != 0 && t->t_wake_ns <= now) {
			t->t_wake_ns = 0;
			t->t_chan = NULL;
			t->t_timed_out = true;
			t->t_state = T_RUNNABLE;
			runq_push(t);
			need_resched = true;
		}
	}
}

uint64_t sched_idle_ticks(void)
{
	return idle_ticks;
}

bool sched_idling(void)
{
	return curthread == idle_thread;
}

void sched_counts(struct sched_counts *c)
{
	const struct thread *t;

	c->sc_switches = nswitches;
	c->sc_forks = nthreads_made;
	c->sc_running = 0;
	for (t = all_threads; t != NULL; t = t->t_allnext)
		if (t != idle_thread && (t->t_state == T_RUNNING || t->t_state == T_RUNNABLE))
			c->sc_running++;
}

void sched_tick(void)
{
	uint64_t now = clock_monotonic_ns();

	wake_timed(now);
	signal_tick(now);
	if (curthread->t_proc != NULL)
		curthread->t_proc->p_ticks++;
	if (curthread == idle_thread) {
		idle_ticks++;
		need_resched = runq_head != NULL;
		return;
	}
	if (runq_head == NULL)
		return; /* nobody waiting for the CPU */
	if (slice_left > 0)
		slice_left--;
	if (slice_left == 0)
		need_resched = true;
}

void sched_preempt_point(void)
{
	if (need_resched)
		schedule();
}

int sleep_on(const void *chan, uint64_t wake_ns)
{
	unsigned long fl = sched_lock();
	int ret = 0;

	curthread->t_chan = chan;
	curthread->t_wake_ns = wake_ns;
	curthread->t_timed_out = false;
	curthread->t_state = T_SLEEPING;
	schedule();
	if (curthread->t_timed_out)
		ret = -ETIMEDOUT;
	curthread->t_chan = NULL;
	curthread->t_wake_ns = 0;
	sched_unlock(fl);
	return ret;
}

int sleep_on_intr(const void *chan, uint64_t wake_ns)
{
	unsigned long fl = sched_lock();
	int ret = 0;

	if (!signal_pending()) {
		curthread->t_intr = true;
		ret = sleep_on(chan, wake_ns);
		curthread->t_intr = false;
	}
	if (signal_pending())
		ret = -EINTR;
	sched_unlock(fl);
	return ret;
}

static void make_runnable_locked(struct thread *t)
{
	t->t_chan = NULL;
	t->t_wake_ns = 0;
	t->t_state = T_RUNNABLE;
	runq_push(t);
	need_resched = true;
}

void sched_signal_wake(struct thread *t)
{
	unsigned long fl = sched_lock();

	if (t->t_state == T_SLEEPING && t->t_intr)
		make_runnable_locked(t);
	sched_unlock(fl);
}

void wakeup(const void *chan)
{
	unsigned long fl = sched_lock();
	struct thread *t;

	for (t = all_threads; t != NULL; t = t->t_allnext) {
		if (t->t_state == T_SLEEPING && t->t_chan == chan)
			make_runnable_locked(t);
	}
	sched_unlock(fl);
}
