/*
 * signal.c: generating and delivering signals (kern/signal.h).
 *
 * Threads (docs/process.md, docs/signals.md): a process-directed signal
 * (kill, the terminal, timers, SIGCHLD) is pending on the process and
 * taken by whichever thread delivers it first; the thread woken for it is
 * chosen as Linux's complete_signal does: the main thread if it does not
 * block the signal, else another thread that does not.  A thread-directed
 * signal (tgkill, tkill, a fault) is pending on that thread only.  Stops
 * and continues act on the whole process; SIGKILL wakes every thread.
 *
 * A pending set is a bit per signal and the siginfo of its first instance
 * (p_siginfo, t_siginfo), and for real-time signals a list of the further
 * instances in the order they were sent (p_sigqueue, t_sigqueue): taking
 * one moves the next of its number into the slot.  p_sigcount counts the
 * real-time instances pending in all of p's sets against
 * RLIMIT_SIGPENDING (Linux counts per user; Breenix per process).
 */
#include <arch/signal.h>
#include <arch/syscall.h>
#include <arch/thread.h>
#include <kern/clock.h>
#include <kern/kprintf.h>
#include <kern/panic.h>
#include <kern/proc.h>
#include <kern/ptimer.h>
#include <kern/rlimit.h>
#include <kern/signal.h>
#include <kern/thread.h>
#include <lib/string.h>
#include <lib/time.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>

#define STOP_SIGS (SIGBIT(SIGSTOP) | SIGBIT(SIGTSTP) | SIGBIT(SIGTTIN) | SIGBIT(SIGTTOU))
#define CORE_SIGS (SIGBIT(SIGQUIT) | SIGBIT(SIGILL) | SIGBIT(SIGTRAP) | SIGBIT(SIGABRT) | \
		   SIGBIT(SIGBUS) | SIGBIT(SIGFPE) | SIGBIT(SIGSEGV) | SIGBIT(SIGXCPU) |    \
		   SIGBIT(SIGXFSZ) | SIGBIT(SIGSYS))
#define IGNORE_SIGS (SIGBIT(SIGCHLD) | SIGBIT(SIGURG) | SIGBIT(SIGWINCH) | SIGBIT(SIGCONT))

bool sig_default_stops(int sig)
{
	return STOP_SIGS & SIGBIT(sig);
}

bool sig_default_ignored(int sig)
{
	return IGNORE_SIGS & SIGBIT(sig);
}

static bool sig_ignored(const struct proc *p, int sig)
{
	uint64_t h = p->p_sigact[sig].sa_handler;

	return h == SIG_IGN || (h == SIG_DFL && sig_default_ignored(sig));
}

/* Tell p's parent it stopped or continued (SIGCHLD unless SA_NOCLDSTOP, and wait). */
static void notify_parent_stop(struct proc *p, int code, int sig)
{
	struct proc *parent = p->p_parent;
	struct ksiginfo info;

	p->p_report = code == CLD_STOPPED ? REPORT_STOPPED : REPORT_CONTINUED;
	if (parent == NULL)
		return;
	wakeup(parent);
	if (parent->p_sigact[SIGCHLD].sa_flags & SA_NOCLDSTOP)
		return;
	memset(&info, 0, sizeof(info));
	info.si_signo = SIGCHLD;
	info.si_code = code;
	info.si.kill.pid = p->p_pid;
	info.si.kill.status = sig;
	signal_send(parent, SIGCHLD, &info);
}

/* One pending set: p's (t NULL) or thread t's. */
struct pendset {
	uint64_t *bits;
	struct ksiginfo *infos;
	struct sigqueued **queue;
};

static struct pendset pendset_of(struct proc *p, struct thread *t)
{
	if (t != NULL)
		return (struct pendset){ &t->t_sigpending, t->t_siginfo, &t->t_sigqueue };
	return (struct pendset){ &p->p_sigpending, p->p_siginfo, &p->p_sigqueue };
}

static bool sig_is_rt(int sig)
{
	return sig >= SIGRTMIN;
}

#define RT_SIGS (~(SIGBIT(SIGRTMIN) - 1))

/* Take the signals in bits off set ps of p, their queued instances too (sched_lock). */
static void discard_set(struct proc *p, struct pendset ps, uint64_t bits)
{
	struct sigqueued **pp = ps.queue, *q;

	p->p_sigcount -= (uint64_t)__builtin_popcountll(*ps.bits & bits & RT_SIGS);
	*ps.bits &= ~bits;
	while ((q = *pp) != NULL) {
		if (SIGBIT(q->info.si_signo) & bits) {
			*pp = q->next;
			p->p_sigcount--;
			kfree(q);
		} else {
			pp = &q->next;
		}
	}
}

void signal_discard(struct proc *p, uint64_t bits)
{
	struct thread *t;

	KASSERT(sched_lock_held());
	discard_set(p, pendset_of(p, NULL), bits);
	for (t = p->p_threads; t != NULL; t = t->t_pnext)
		discard_set(p, pendset_of(p, t), bits);
}

void signal_thread_gone(struct proc *p, struct thread *t)
{
	KASSERT(sched_lock_held());
	discard_set(p, pendset_of(p, t), ~0ull);
}

/* Wake every thread of p from an interruptible sleep (sched_lock). */
static void wake_all_threads(struct proc *p)
{
	struct thread *t;

	for (t = p->p_threads; t != NULL; t = t->t_pnext)
		sched_signal_wake(t);
}

/* SIGCONT's effect happens when it is sent, whatever its action. */
static void continue_process(struct proc *p)
{
	signal_discard(p, STOP_SIGS);
	if (p->p_stopped) {
		p->p_stopped = false;
		notify_parent_stop(p, CLD_CONTINUED, SIGCONT);
		wakeup(&p->p_stopped);
	}
}

/*
 * What sending sig to p (through thread t, the target or the main thread)
 * does before it is queued: SIGCONT continues, a stop signal discards a
 * pending SIGCONT.  False if the signal is dropped: ignored (unless t
 * blocks it, or waits for it in rt_sigtimedwait: the action may change), or to init without a handler, as on
 * Linux: nothing may kill or stop process 1.  sched_lock held.
 */
static bool signal_prepare(struct proc *p, struct thread *t, int sig)
{
	if (sig == SIGCONT)
		continue_process(p);
	else if (sig_default_stops(sig))
		signal_discard(p, SIGBIT(SIGCONT));
	if (t == NULL || (sig_ignored(p, sig) && !((t->t_sigmask | t->t_sigwait) & SIGBIT(sig))))
		return false;
	return !(p->p_pid == 1 && p->p_sigact[sig].sa_handler == SIG_DFL);
}

/*
 * Make sig pending in set ps of p with its siginfo: a standard signal
 * once (a second is dropped), a real-time one as one more instance, as
 * Linux's __send_signal.  Past RLIMIT_SIGPENDING (or with no memory) a
 * real-time instance is refused: -EAGAIN, unless kill(2) sent it (or the
 * kernel, info NULL), which sets the bit if it is not set yet, so a kill
 * is never lost.  sched_lock held.
 */
static int queue_signal(struct proc *p, struct pendset ps, int sig, const struct ksiginfo *info)
{
	bool pending = *ps.bits & SIGBIT(sig), forced;
	struct sigqueued *q, **pp;
	struct ksiginfo ki;

	if (pending && !sig_is_rt(sig))
		return 0;
	if (info != NULL) {
		ki = *info;
	} else {
		memset(&ki, 0, sizeof(ki));
		ki.si_code = SI_KERNEL;
	}
	ki.si_signo = sig;
	forced = info == NULL || ki.si_code == SI_USER;
	if (sig_is_rt(sig) && p->p_sigcount >= rlimit_cur(p, RLIMIT_SIGPENDING) &&
	    !(forced && !pending))
		return forced ? 0 : -EAGAIN;
	if (!pending) {
		*ps.bits |= SIGBIT(sig);
		ps.infos[sig] = ki;
	} else {
		if ((q = kmalloc(sizeof(*q))) == NULL)
			return forced ? 0 : -EAGAIN;
		q->info = ki;
		q->next = NULL;
		for (pp = ps.queue; *pp != NULL; pp = &(*pp)->next)
			;
		*pp = q;
	}
	if (sig_is_rt(sig))
		p->p_sigcount++;
	return 0;
}

/*
 * Take one instance of the pending sig off set ps of p into *info: the
 * next queued one of that number (real-time) takes its place, else the
 * bit goes.  sched_lock held.
 */
static void unqueue_signal(struct proc *p, struct pendset ps, int sig, struct ksiginfo *info)
{
	struct sigqueued **pp, *q;

	*info = ps.infos[sig];
	if (sig_is_rt(sig)) {
		p->p_sigcount--;
		for (pp = ps.queue; (q = *pp) != NULL; pp = &q->next) {
			if (q->info.si_signo == sig) {
				ps.infos[sig] = q->info;
				*pp = q->next;
				kfree(q);
				return;
			}
		}
	}
	*ps.bits &= ~SIGBIT(sig);
}

static bool wants_signal(const struct thread *t, int sig)
{
	return sig == SIGKILL || !(t->t_sigmask & SIGBIT(sig));
}

/*
 * The thread to wake for a process-directed sig: the main thread if it
 * does not block it, else the first that does not; NULL if all block it
 * (it stays pending until one unblocks it).  sched_lock held.
 */
static struct thread *signal_target(struct proc *p, int sig)
{
	struct thread *t;

	if (p->p_thread != NULL && wants_signal(p->p_thread, sig))
		return p->p_thread;
	for (t = p->p_threads; t != NULL; t = t->t_pnext)
		if (wants_signal(t, sig))
			return t;
	return NULL;
}

int signal_send(struct proc *p, int sig, const struct ksiginfo *info)
{
	unsigned long fl;
	struct thread *t;
	int err;

	if (sig <= 0 || sig > NSIG || p->p_state == P_ZOMBIE)
		return 0;
	fl = sched_lock();
	if (!signal_prepare(p, p->p_thread, sig)) {
		sched_unlock(fl);
		return 0;
	}
	if ((err = queue_signal(p, pendset_of(p, NULL), sig, info)) != 0) {
		sched_unlock(fl);
		return err;
	}
	if (sig == SIGKILL) {
		if (p->p_stopped)
			wakeup(&p->p_stopped);
		wake_all_threads(p);
	} else if ((t = signal_target(p, sig)) != NULL) {
		sched_signal_wake(t);
	}
	sched_unlock(fl);
	return 0;
}

int signal_send_thread(struct thread *t, int sig, const struct ksiginfo *info)
{
	struct proc *p = t->t_proc;
	unsigned long fl;
	int err = 0;

	if (sig <= 0 || sig > NSIG || p == NULL || p->p_state == P_ZOMBIE)
		return 0;
	if (sig == SIGKILL) /* it kills the whole process anyway */
		return signal_send(p, sig, info);
	fl = sched_lock();
	if (t->t_proc == p && signal_prepare(p, t, sig)) {
		err = queue_signal(p, pendset_of(p, t), sig, info);
		if (err == 0 && wants_signal(t, sig))
			sched_signal_wake(t);
	}
	sched_unlock(fl);
	return err;
}

void signal_send_user(struct proc *p, int sig, int code)
{
	struct ksiginfo info;
	struct proc *me = curproc();

	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = code;
	info.si.kill.pid = me != NULL ? me->p_pid : 0;
	info.si.kill.uid = cred_cur()->uid[ID_REAL];
	signal_send(p, sig, &info);
}

int signal_send_pgrp(struct pgrp *pg, int sig, const struct ksiginfo *info)
{
	unsigned long fl = sched_lock();
	struct proc *p;
	int n = 0;

	for (p = pg->pg_members; p != NULL; p = p->p_pgnext) {
		if (p->p_state != P_ZOMBIE) {
			if (sig != 0)
				signal_send(p, sig, info);
			n++;
		}
	}
	sched_unlock(fl);
	return n;
}

void signal_force(int sig, int code, uint64_t addr)
{
	struct proc *p = curproc();
	struct ksiginfo info;
	unsigned long fl = sched_lock();

	/* Blocked or ignored, a fault would repeat forever: the default kills. */
	if ((curthread->t_sigmask & SIGBIT(sig)) || p->p_sigact[sig].sa_handler == SIG_IGN) {
		p->p_sigact[sig].sa_handler = SIG_DFL;
		curthread->t_sigmask &= ~SIGBIT(sig);
	}
	sched_unlock(fl);
	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = code;
	info.si.addr = addr;
	signal_send_thread(curthread, sig, &info); /* the faulting thread takes it */
}

/* The signals the current thread may act on now (sched_lock or interrupts off). */
static uint64_t ready_signals(const struct proc *p)
{
	uint64_t allowed = ~curthread->t_sigmask | SIG_UNBLOCKABLE;

	return (p->p_sigpending | curthread->t_sigpending) & allowed;
}

bool signal_pending(void)
{
	struct proc *p = curproc();

	if (p == NULL)
		return false;
	return ready_signals(p) != 0 || p->p_stopped || proc_thread_must_exit(curthread);
}

/*
 * The next signal to act on, taken off its pending set: SIGKILL first,
 * then the thread's own signals before the process's (as Linux's
 * dequeue_signal), the lowest number first.
 */
static int take_signal(struct proc *p, struct ksiginfo *info)
{
	uint64_t allowed = ~curthread->t_sigmask | SIG_UNBLOCKABLE;
	uint64_t mine = curthread->t_sigpending & allowed, shared = p->p_sigpending & allowed;
	int sig;

	if ((mine | shared) & SIGBIT(SIGKILL))
		sig = SIGKILL;
	else if (mine != 0)
		sig = __builtin_ctzll(mine) + 1;
	else if (shared != 0)
		sig = __builtin_ctzll(shared) + 1;
	else
		return 0;
	unqueue_signal(p, pendset_of(p, (mine & SIGBIT(sig)) ? curthread : NULL), sig, info);
	return sig;
}

int signal_dequeue(uint64_t set, struct ksiginfo *info)
{
	struct proc *p = curproc();
	uint64_t mine = curthread->t_sigpending & set, shared = p->p_sigpending & set;
	int sig;

	KASSERT(sched_lock_held());
	if (mine != 0) {
		sig = __builtin_ctzll(mine) + 1;
		unqueue_signal(p, pendset_of(p, curthread), sig, info);
	} else if (shared != 0) {
		sig = __builtin_ctzll(shared) + 1;
		unqueue_signal(p, pendset_of(p, NULL), sig, info);
	} else {
		return 0;
	}
	return sig;
}

/*
 * Stop until SIGCONT (or SIGKILL, or the group's end); the scheduler lock
 * is held.  The first thread to stop stops the process, tells the parent
 * and wakes the other threads, which stop at their next return to user
 * mode (signal_pending sees p_stopped).
 */
static void do_stop(struct proc *p, int sig)
{
	if (!p->p_stopped) {
		p->p_stopped = true;
		p->p_stopsig = sig;
		notify_parent_stop(p, CLD_STOPPED, sig);
		wake_all_threads(p);
	}
	while (p->p_stopped && !(p->p_sigpending & SIGBIT(SIGKILL)) &&
	       !proc_thread_must_exit(curthread))
		sleep_on(&p->p_stopped, 0);
}

#define NR_RESTART_SYSCALL 219 /* Linux x86_64's __NR_restart_syscall */

/* Whether tf is the end of a system call that asks to be restarted (or to end in EINTR). */
static bool restart_pending(const struct trapframe *tf)
{
	long ret = arch_syscall_result(tf);

	return curthread->t_syscall_nr >= 0 &&
	       (ret == -ERESTARTSYS || ret == -ERESTARTNOHAND || ret == -ERESTART_RESTARTBLOCK);
}

/* How an interrupted system call ends, now that a handler (ka) or nothing (NULL) runs. */
static void syscall_restart(struct trapframe *tf, const struct ksigaction *ka)
{
	long ret = arch_syscall_result(tf);

	if (!restart_pending(tf))
		return;
	if (ret == -ERESTART_RESTARTBLOCK) {
		/* As Linux: with no handler, go on through restart_syscall. */
		if (ka == NULL)
			arch_syscall_restart(tf, NR_RESTART_SYSCALL);
		else
			arch_syscall_set_result(tf, -EINTR);
	} else if (ka == NULL || (ret == -ERESTARTSYS && (ka->sa_flags & SA_RESTART))) {
		arch_syscall_restart(tf, curthread->t_syscall_nr);
	} else {
		arch_syscall_set_result(tf, -EINTR);
	}
	curthread->t_syscall_nr = -1;
}

void signal_die(int sig)
{
	proc_exit(W_SIGNALED(sig) | ((CORE_SIGS & SIGBIT(sig)) ? W_COREDUMP : 0));
}

/* Set up the handler's frame; false if the user stack cannot take it. */
static bool run_handler(struct trapframe *tf, int sig, struct ksiginfo *info,
			struct ksigaction *ka)
{
	struct proc *p = curproc();
	uint64_t oldmask = curthread->t_restore_mask ? curthread->t_saved_mask : curthread->t_sigmask;
	unsigned long fl;

	syscall_restart(tf, ka);
	if (arch_signal_frame(tf, sig, info, ka, oldmask) != 0)
		return false;
	fl = sched_lock();
	curthread->t_restore_mask = false;
	curthread->t_sigmask |= ka->sa_mask;
	if (!(ka->sa_flags & SA_NODEFER))
		curthread->t_sigmask |= SIGBIT(sig);
	curthread->t_sigmask &= ~SIG_UNBLOCKABLE;
	if (ka->sa_flags & SA_RESETHAND)
		p->p_sigact[sig].sa_handler = SIG_DFL;
	sched_unlock(fl);
	return true;
}

void signal_deliver(struct trapframe *tf)
{
	struct proc *p = curproc();
	struct ksigaction ka;
	struct ksiginfo info;
	unsigned long fl;
	int sig;

	if (p == NULL || !arch_frame_from_user(tf))
		return;
	/* The common case on every return to user mode: nothing to do.  Interrupts
	 * are off here, so nothing can be posted between this look and the return to user mode. */
	if (!p->p_stopped && ready_signals(p) == 0 && !proc_thread_must_exit(curthread) &&
	    !restart_pending(tf))
		return; /* (a restart code whose signal another thread took: restart below) */
	for (;;) {
		fl = sched_lock();
		if (p->p_stopped)
			do_stop(p, p->p_stopsig);
		if (proc_thread_must_exit(curthread)) {
			sched_unlock(fl);
			proc_thread_exit(0); /* the status is the group's (p_xstat) */
		}
		sig = take_signal(p, &info);
		ka = p->p_sigact[sig];
		sched_unlock(fl);
		if (sig == 0)
			break;
		if (ka.sa_handler == SIG_IGN)
			continue;
		if (ka.sa_handler == SIG_DFL) {
			if (sig_default_ignored(sig))
				continue;
			if (sig_default_stops(sig)) {
				if (sig != SIGSTOP && pgrp_orphaned(p->p_pgrp))
					continue; /* POSIX: orphaned groups are not stopped by the terminal */
				fl = sched_lock();
				do_stop(p, sig);
				sched_unlock(fl);
				continue;
			}
			signal_die(sig);
		}
		if (!run_handler(tf, sig, &info, &ka)) {
			klog(KLOG_INFO, "pid %d (%s): no room for a signal frame at %lx\n", p->p_pid,
			     p->p_name, arch_frame_user_sp(tf));
			signal_die(SIGSEGV);
		}
		return;
	}
	syscall_restart(tf, NULL);
	if (curthread->t_restore_mask) {
		curthread->t_restore_mask = false;
		curthread->t_sigmask = curthread->t_saved_mask;
	}
}

void signal_tick(uint64_t now)
{
	struct proc *p;

	for (p = proc_first(); p != NULL; p = p->p_allnext) {
		if (p->p_state == P_ZOMBIE)
			continue;
		ptimer_tick(p, now);
		if (p->p_it_value == 0 || p->p_it_value > now)
			continue;
		p->p_it_value = p->p_it_interval != 0 ? time_deadline(now, p->p_it_interval) : 0;
		signal_send(p, SIGALRM, NULL);
	}
}
