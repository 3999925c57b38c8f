/*
 * ptimer.c: POSIX timers (timer_create, timer_settime, timer_gettime,
 * timer_getoverrun, timer_delete) with Linux's numbers, structures and
 * checks (kern/ptimer.h, docs/signals.md).
 *
 * A timer counts on the monotonic clock.  A CLOCK_REALTIME one set with
 * TIMER_ABSTIME is turned into a monotonic deadline when it is set, and
 * remembers the wall clock's offset then: when clock_settime has moved
 * that offset, the deadline moves by as much (follow_realtime, on every
 * tick and read), so it expires when the wall clock reads its time, as
 * Linux's.  A relative one is monotonic, as Linux's.  At expiry its
 * signal is sent with SI_TIMER, the timer id and the sigevent's value;
 * while that signal is still pending, further expiries are counted as
 * overruns in the pending siginfo instead (Linux's si_overrun), so one
 * signal is pending per timer at most.
 */
#include <kern/clock.h>
#include <kern/proc.h>
#include <kern/ptimer.h>
#include <kern/signal.h>
#include <kern/sysargs.h>
#include <kern/syscall.h>
#include <kern/thread.h>
#include <kern/uaccess.h>
#include <lib/string.h>
#include <lib/time.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_BOOTTIME 7
#define SIGEV_SIGNAL 0
#define SIGEV_NONE 1
#define SIGEV_THREAD 2
#define SIGEV_THREAD_ID 4
#define TIMER_ABSTIME 1
#define SI_TIMER (-2)
#define OVERRUN_MAX 0x7fffffff /* DELAYTIMER_MAX */

struct ptimer {
	bool used;
	int clock;
	int notify;        /* SIGEV_SIGNAL, SIGEV_NONE or SIGEV_THREAD_ID */
	int signo;
	int tid;           /* SIGEV_THREAD_ID's thread */
	uint64_t value;    /* sigev_value, given back in si_value */
	uint64_t expires;  /* monotonic ns; 0: disarmed */
	uint64_t interval; /* ns; 0: one shot */
	uint64_t overrun;  /* expiries while the last signal was pending */
	bool realabs;      /* an absolute CLOCK_REALTIME timer: follows clock changes */
	uint64_t realoff;  /* clock_realtime_offset() that expires was computed with */
};

/* Linux's struct sigevent (64 bytes). */
struct ksigevent {
	uint64_t value;
	int32_t signo;
	int32_t notify;
	int32_t tid;
	int32_t __pad[11];
};

struct ktimespec {
	int64_t tv_sec, tv_nsec;
};

struct kitimerspec {
	struct ktimespec it_interval, it_value;
};

/* The pending siginfo of this timer's signal in t's or p's set, or NULL. */
static struct ksiginfo *pending_info(struct proc *p, struct ptimer *pt, int id)
{
	struct ksiginfo *info = NULL;
	struct thread *t;

	if (pt->notify == SIGEV_THREAD_ID) {
		t = proc_find_thread(pt->tid);
		if (t != NULL && t->t_proc == p && (t->t_sigpending & SIGBIT(pt->signo)))
			info = &t->t_siginfo[pt->signo];
	} else if (p->p_sigpending & SIGBIT(pt->signo)) {
		info = &p->p_siginfo[pt->signo];
	}
	if (info != NULL && info->si_code == SI_TIMER && info->si.timer.tid == id)
		return info;
	return NULL;
}

static void add_overrun(struct ptimer *pt, uint64_t n)
{
	pt->overrun = pt->overrun + n > OVERRUN_MAX ? OVERRUN_MAX : pt->overrun + n;
}

/* Send pt's signal, or count an overrun if its last one is still pending. */
static void fire(struct proc *p, struct ptimer *pt, int id, uint64_t missed)
{
	struct ksiginfo info, *pend;
	struct thread *t;

	if (pt->notify == SIGEV_NONE)
		return;
	if ((pend = pending_info(p, pt, id)) != NULL) {
		add_overrun(pt, missed + 1);
		pend->si.timer.overrun = (int32_t)pt->overrun;
		return;
	}
	pt->overrun = 0;
	add_overrun(pt, missed);
	memset(&info, 0, sizeof(info));
	info.si_signo = pt->signo;
	info.si_code = SI_TIMER;
	info.si.timer.tid = id;
	info.si.timer.overrun = (int32_t)pt->overrun;
	info.si.timer.value = pt->value;
	if (pt->notify != SIGEV_THREAD_ID)
		signal_send(p, pt->signo, &info);
	else if ((t = proc_find_thread(pt->tid)) != NULL && t->t_proc == p)
		signal_send_thread(t, pt->signo, &info); /* (a thread gone: nobody gets it) */
}

/* Shift an absolute CLOCK_REALTIME timer by the wall clock's change since it was armed (sched_lock held). */
static void follow_realtime(struct ptimer *pt)
{
	uint64_t off = clock_realtime_offset();
	uint64_t fwd = off - pt->realoff; /* how far the wall clock jumped, mod 2^64 */

	if (!pt->realabs || pt->expires == 0 || fwd == 0)
		return;
	pt->realoff = off;
	if ((int64_t)fwd > 0) /* forward: due sooner, at once if passed (never 0: disarmed) */
		pt->expires = pt->expires > fwd ? pt->expires - fwd : 1;
	else
		pt->expires = time_deadline(pt->expires, 0 - fwd);
}

void ptimer_tick(struct proc *p, uint64_t now)
{
	struct ptimer *pt;
	uint64_t missed, next;
	int id;

	if (p->p_timers == NULL)
		return;
	for (id = 0; id < PTIMER_MAX; id++) {
		pt = &p->p_timers[id];
		if (pt->used)
			follow_realtime(pt);
		if (!pt->used || pt->expires == 0 || pt->expires > now)
			continue;
		missed = 0;
		if (pt->interval == 0) {
			pt->expires = 0;
		} else {
			/* Both below 2^63 (lib/time.h's cap), so the sum cannot wrap. */
			missed = (now - pt->expires) / pt->interval;
			next = pt->expires + (missed + 1) * pt->interval;
			pt->expires = next > TIME_NS_MAX ? TIME_NS_MAX : next;
		}
		fire(p, pt, id, missed);
	}
}

void ptimer_release(struct proc *p)
{
	unsigned long fl = sched_lock();
	struct ptimer *table = p->p_timers;

	p->p_timers = NULL;
	sched_unlock(fl);
	kfree(table);
}

/* Timer id of the caller's process, or NULL if there is none (sched_lock held). */
static struct ptimer *find_timer(uint64_t id)
{
	struct proc *p = curproc();

	if (p->p_timers == NULL || id >= PTIMER_MAX || !p->p_timers[id].used)
		return NULL;
	return &p->p_timers[id];
}

/* Linux's good_sigevent: the sigevent's checks, with the caller's threads. */
static int check_sigevent(const struct ksigevent *ev)
{
	struct thread *t;

	switch (ev->notify) {
	case SIGEV_SIGNAL | SIGEV_THREAD_ID:
		t = proc_find_thread(ev->tid);
		if (t == NULL || t->t_proc != curproc())
			return -EINVAL;
		/* fall through */
	case SIGEV_SIGNAL:
	case SIGEV_THREAD:
		if (ev->signo <= 0 || ev->signo > NSIG)
			return -EINVAL;
		/* fall through */
	case SIGEV_NONE:
		return 0;
	default:
		return -EINVAL;
	}
}

static bool clock_ok(int64_t clock)
{
	return clock == CLOCK_REALTIME || clock == CLOCK_MONOTONIC || clock == CLOCK_BOOTTIME;
}

/* A free slot of the table (made if needed) with ev set up: its id, or -errno. */
static long new_timer(struct proc *p, int clock, const struct ksigevent *ev)
{
	struct ptimer *table = NULL, *pt;
	unsigned long fl;
	long id, err;

	if (p->p_timers == NULL && (table = kzalloc(sizeof(*table) * PTIMER_MAX)) == NULL)
		return -ENOMEM;
	fl = sched_lock();
	if (p->p_timers == NULL) {
		p->p_timers = table;
		table = NULL;
	}
	for (id = 0; id < PTIMER_MAX && p->p_timers[id].used; id++)
		;
	err = id < PTIMER_MAX ? check_sigevent(ev) : -EAGAIN;
	if (err == 0) {
		pt = &p->p_timers[id];
		memset(pt, 0, sizeof(*pt));
		pt->used = true;
		pt->clock = clock;
		pt->notify = ev->notify == SIGEV_THREAD ? SIGEV_SIGNAL : ev->notify;
		pt->signo = ev->signo;
		pt->tid = ev->tid;
		pt->value = ev->value;
	}
	sched_unlock(fl);
	kfree(table); /* another thread made the table meanwhile */
	return err != 0 ? err : id;
}

/* timer_create(clock, sigevent, id): NULL sigevent is SIGALRM with the id as its value. */
long sys_timer_create(const struct sys_timer_create_args *uap)
{
	struct ksigevent ev;
	long id;
	int32_t out;

	if (!clock_ok(uap->clock_id))
		return -EINVAL;
	if (!uptr_null(uap->sevp)) {
		if (copy_from_user(&ev, uap->sevp, sizeof(ev)) != 0)
			return -EFAULT;
	} else {
		memset(&ev, 0, sizeof(ev));
		ev.notify = SIGEV_SIGNAL;
		ev.signo = SIGALRM;
	}
	if ((id = new_timer(curproc(), uap->clock_id, &ev)) < 0)
		return id;
	if (uptr_null(uap->sevp)) {
		unsigned long fl = sched_lock();
		struct ptimer *pt = find_timer((uint64_t)id);

		if (pt != NULL)
			pt->value = (uint64_t)id;
		sched_unlock(fl);
	}
	out = (int32_t)id;
	if (copy_to_user(uap->timerid, &out, sizeof(out)) != 0) {
		unsigned long fl = sched_lock();
		struct ptimer *pt = find_timer((uint64_t)id);

		if (pt != NULL)
			pt->used = false; /* as Linux: no id given back, no timer */
		sched_unlock(fl);
		return -EFAULT;
	}
	return 0;
}

static struct ktimespec ns_to_ts(uint64_t ns)
{
	return (struct ktimespec){ (int64_t)(ns / NSEC_PER_SEC), (int64_t)(ns % NSEC_PER_SEC) };
}

/* Linux's common_timer_get: an armed timer that is due reads as 1 ns, never 0. */
static void get_timer(const struct ptimer *pt, uint64_t now, struct kitimerspec *v)
{
	uint64_t left = 0;

	if (pt->expires != 0) {
		left = time_left(pt->expires, now);
		if (left == 0 && (pt->notify != SIGEV_NONE || pt->interval != 0))
			left = 1;
	}
	v->it_interval = ns_to_ts(pt->interval);
	v->it_value = ns_to_ts(left);
}

/* timer_id is a timer_t: an int in Linux's ABI. */
static uint64_t timer_id(int id)
{
	return id < 0 ? PTIMER_MAX : (uint64_t)id;
}

long sys_timer_gettime(const struct sys_timer_gettime_args *uap)
{
	struct kitimerspec v;
	unsigned long fl = sched_lock();
	struct ptimer *pt = find_timer(timer_id(uap->timerid));

	if (pt != NULL) {
		follow_realtime(pt);
		get_timer(pt, clock_monotonic_ns(), &v);
	}
	sched_unlock(fl);
	if (pt == NULL)
		return -EINVAL;
	return copy_to_user(uap->curr_value, &v, sizeof(v));
}

/* The monotonic deadline for it_value (ns) set at now: 0 only if value is 0. */
static uint64_t deadline(int clock, bool abs, uint64_t value, uint64_t now)
{
	uint64_t real;

	if (value == 0)
		return 0;
	if (!abs)
		return time_deadline(now, value);
	if (clock == CLOCK_REALTIME) {
		real = clock_realtime_ns();
		return value > real ? time_deadline(now, value - real) : now ?: 1;
	}
	return value > now ? value : now ?: 1; /* in the past: due at once */
}

long sys_timer_settime(const struct sys_timer_settime_args *uap)
{
	struct kitimerspec v, old;
	uint64_t value, interval, now;
	struct ptimer *pt;
	unsigned long fl;

	if (uptr_null(uap->new_value))
		return -EINVAL;
	if (copy_from_user(&v, uap->new_value, sizeof(v)) != 0)
		return -EFAULT;
	if (time_ts_to_ns(v.it_value.tv_sec, v.it_value.tv_nsec, &value) != 0 ||
	    time_ts_to_ns(v.it_interval.tv_sec, v.it_interval.tv_nsec, &interval) != 0)
		return -EINVAL;
	fl = sched_lock();
	now = clock_monotonic_ns();
	if ((pt = find_timer(timer_id(uap->timerid))) != NULL) {
		follow_realtime(pt);
		get_timer(pt, now, &old);
		pt->expires = deadline(pt->clock, uap->flags & TIMER_ABSTIME, value, now);
		pt->interval = pt->expires != 0 ? interval : 0;
		pt->overrun = 0;
		pt->realabs = pt->clock == CLOCK_REALTIME && (uap->flags & TIMER_ABSTIME);
		pt->realoff = clock_realtime_offset();
	}
	sched_unlock(fl);
	if (pt == NULL)
		return -EINVAL;
	if (!uptr_null(uap->old_value) && copy_to_user(uap->old_value, &old, sizeof(old)) != 0)
		return -EFAULT;
	return 0;
}

long sys_timer_getoverrun(const struct sys_timer_getoverrun_args *uap)
{
	unsigned long fl = sched_lock();
	struct ptimer *pt = find_timer(timer_id(uap->timerid));
	long ret = pt != NULL ? (long)pt->overrun : -EINVAL;

	sched_unlock(fl);
	return ret;
}

/* A signal it already sent stays pending, as on Linux. */
long sys_timer_delete(const struct sys_timer_delete_args *uap)
{
	unsigned long fl = sched_lock();
	struct ptimer *pt = find_timer(timer_id(uap->timerid));

	if (pt != NULL)
		memset(pt, 0, sizeof(*pt));
	sched_unlock(fl);
	return pt != NULL ? 0 : -EINVAL;
}
