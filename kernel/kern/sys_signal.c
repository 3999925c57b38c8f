/*
 * sys_signal.c: the signal system calls: rt_sigaction, rt_sigprocmask,
 * rt_sigpending, rt_sigsuspend, rt_sigreturn, pause, sigaltstack, kill,
 * tkill, tgkill, rt_sigtimedwait, rt_sigqueueinfo, rt_tgsigqueueinfo,
 * alarm, setitimer and getitimer (ITIMER_REAL here; the
 * CPU-time timers ITIMER_VIRTUAL and ITIMER_PROF count in kern/cputime.c).
 */
#include <arch/signal.h>
#include <arch/syscall.h>
#include <arch/thread.h>
#include <kern/clock.h>
#include <kern/proc.h>
#include <kern/signal.h>
#include <kern/sysargs.h>
#include <kern/syscall.h>
#include <kern/thread.h>
#include <kern/uaccess.h>
#include <lib/string.h>
#include <lib/time.h>
#include <sys/errno.h>

#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2
#define ITIMER_REAL 0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF 2

static bool valid_sig(int sig)
{
	return sig >= 1 && sig <= NSIG;
}

long sys_rt_sigaction(const struct sys_rt_sigaction_args *uap)
{
	struct proc *p = curproc();
	struct ksigaction act, old;
	int sig = uap->sig;
	unsigned long fl;

	if (uap->sigsetsize != sizeof(uint64_t) || !valid_sig(sig))
		return -EINVAL;
	if (!uptr_null(uap->act)) {
		if (copy_from_user(&act, uap->act, sizeof(act)) != 0)
			return -EFAULT;
		if (sig == SIGKILL || sig == SIGSTOP)
			return -EINVAL;
	}
	fl = sched_lock();
	old = p->p_sigact[sig];
	if (!uptr_null(uap->act)) {
		act.sa_mask &= ~SIG_UNBLOCKABLE;
		p->p_sigact[sig] = act;
		/* POSIX: setting SIG_IGN (or a default that ignores) discards a pending one. */
		if (act.sa_handler == SIG_IGN || (act.sa_handler == SIG_DFL && sig_default_ignored(sig)))
			signal_discard(p, SIGBIT(sig));
	}
	sched_unlock(fl);
	if (!uptr_null(uap->oact) && copy_to_user(uap->oact, &old, sizeof(old)) != 0)
		return -EFAULT;
	return 0;
}

long sys_rt_sigprocmask(const struct sys_rt_sigprocmask_args *uap)
{
	uint64_t set, old = curthread->t_sigmask;

	if (uap->sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	if (!uptr_null(uap->set)) {
		if (copy_from_user(&set, uap->set, sizeof(set)) != 0)
			return -EFAULT;
		switch (uap->how) {
		case SIG_BLOCK: curthread->t_sigmask |= set; break;
		case SIG_UNBLOCK: curthread->t_sigmask &= ~set; break;
		case SIG_SETMASK: curthread->t_sigmask = set; break;
		default: return -EINVAL;
		}
		curthread->t_sigmask &= ~SIG_UNBLOCKABLE;
	}
	if (!uptr_null(uap->oset) && copy_to_user(uap->oset, &old, sizeof(old)) != 0)
		return -EFAULT;
	return 0;
}

long sys_rt_sigpending(const struct sys_rt_sigpending_args *uap)
{
	uint64_t set = (curproc()->p_sigpending | curthread->t_sigpending) & curthread->t_sigmask;

	if (uap->sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	return copy_to_user(uap->set, &set, sizeof(set));
}

/* Sleep until a signal is to be delivered (pause, sigsuspend). */
static long wait_for_signal(void)
{
	while (sleep_on_intr(curthread, 0) != -EINTR)
		;
	return -ERESTARTNOHAND;
}

long sys_pause(void)
{
	return wait_for_signal();
}

long sys_rt_sigsuspend(const struct sys_rt_sigsuspend_args *uap)
{
	uint64_t set;

	if (uap->sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	if (copy_from_user(&set, uap->set, sizeof(set)) != 0)
		return -EFAULT;
	curthread->t_saved_mask = curthread->t_sigmask;
	curthread->t_restore_mask = true;
	curthread->t_sigmask = set & ~SIG_UNBLOCKABLE;
	return wait_for_signal();
}

long sys_rt_sigreturn(void)
{
	struct trapframe *tf = curthread->t_tf;
	uint64_t mask;

	if (arch_sigreturn(tf, &mask) != 0) {
		signal_force(SIGSEGV, SI_KERNEL, 0);
		return arch_syscall_result(tf);
	}
	curthread->t_sigmask = mask & ~SIG_UNBLOCKABLE;
	curthread->t_syscall_nr = -1; /* the result register is the restored context's */
	curthread->t_restart.fn = NULL; /* as Linux: a later restart_syscall is EINTR */
	return arch_syscall_result(tf);
}

long sys_sigaltstack(const struct sys_sigaltstack_args *uap)
{
	struct thread *t = curthread;
	struct kstack_t ss, old = t->t_altstack;
	uint64_t sp = arch_frame_user_sp(t->t_tf);
	bool on = t->t_altstack.ss_size != 0 && sp > old.ss_sp && sp <= old.ss_sp + old.ss_size;

	old.ss_flags = old.ss_size == 0 ? SS_DISABLE : on ? SS_ONSTACK : 0;
	if (!uptr_null(uap->ss)) {
		if (copy_from_user(&ss, uap->ss, sizeof(ss)) != 0)
			return -EFAULT;
		if (on)
			return -EPERM;
		if (ss.ss_flags & ~SS_DISABLE)
			return -EINVAL;
		if (ss.ss_flags & SS_DISABLE) {
			memset(&t->t_altstack, 0, sizeof(t->t_altstack));
			t->t_altstack.ss_flags = SS_DISABLE;
		} else {
			if (ss.ss_size < MINSIGSTKSZ)
				return -ENOMEM;
			if (!user_range_ok(ss.ss_sp, ss.ss_size))
				return -EFAULT;
			t->t_altstack = ss;
		}
	}
	if (!uptr_null(uap->old_ss) && copy_to_user(uap->old_ss, &old, sizeof(old)) != 0)
		return -EFAULT;
	return 0;
}

/* Linux's kill_ok_by_cred, and SIGCONT within the caller's session. */
static bool may_kill(const struct proc *me, const struct proc *p, int sig)
{
	return cred_may_signal(&me->p_cred, &p->p_cred) ||
	       (sig == SIGCONT && proc_sid(p) == proc_sid(me));
}

/* kill(2)'s tally of the live processes it found and those it signalled. */
struct kill_tally {
	int found, sent;
};

/* One candidate of kill(2) (sched_lock held): counted, and signalled if the caller may. */
static void kill_visit(struct proc *p, int sig, struct kill_tally *k)
{
	if (p->p_state == P_ZOMBIE)
		return;
	k->found++;
	if (!may_kill(curproc(), p, sig))
		return;
	if (sig != 0)
		signal_send_user(p, sig, SI_USER);
	k->sent++;
}

/*
 * 0 if one got the signal, -EPERM if some exist but none may be
 * signalled, -ESRCH if none exist.  kill(-1) (all) is the exception: it
 * succeeds even when all it found were refused, as on Linux.
 */
static long kill_result(const struct kill_tally *k, bool all)
{
	if (k->found == 0)
		return -ESRCH;
	return k->sent > 0 || all ? 0 : -EPERM;
}

/* kill(-1): every process but init and the caller. */
static long kill_all(int sig)
{
	unsigned long fl = sched_lock();
	struct kill_tally k = { 0, 0 };
	struct proc *p, *me = curproc();

	for (p = proc_first(); p != NULL; p = p->p_allnext)
		if (p->p_pid != 1 && p != me)
			kill_visit(p, sig, &k);
	sched_unlock(fl);
	return kill_result(&k, true);
}

/* kill(0) and kill(-pgid), killpg: the members of group pgid (kern/pgrp.c), no one else. */
static long kill_pgrp(int pgid, int sig)
{
	unsigned long fl = sched_lock();
	struct kill_tally k = { 0, 0 };
	struct pgrp *pg = pgrp_find(pgid);
	struct proc *p;

	for (p = pg != NULL ? pg->pg_members : NULL; p != NULL; p = p->p_pgnext)
		kill_visit(p, sig, &k);
	sched_unlock(fl);
	return kill_result(&k, false);
}

/* The process of id pid, or of the thread tid = pid (Linux's kill takes either). */
static struct proc *find_process(int pid)
{
	struct proc *p = proc_find(pid);
	struct thread *t;

	if (p == NULL && (t = proc_find_thread(pid)) != NULL)
		p = t->t_proc;
	return p;
}

static long kill_one(int pid, int sig, int code)
{
	unsigned long fl = sched_lock();
	struct proc *p = find_process(pid);
	long ret = p != NULL ? 0 : -ESRCH;

	/* Linux: a zombie still exists for kill, and gets nothing. */
	if (ret == 0 && p->p_state != P_ZOMBIE && !may_kill(curproc(), p, sig))
		ret = -EPERM;
	if (ret == 0 && sig != 0 && p->p_state != P_ZOMBIE)
		signal_send_user(p, sig, code);
	sched_unlock(fl);
	return ret;
}

long sys_kill(const struct sys_kill_args *uap)
{
	int pid = uap->pid, sig = uap->sig;

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (pid > 0)
		return kill_one(pid, sig, SI_USER);
	if (pid == 0)
		return kill_pgrp(proc_pgid(curproc()), sig);
	if (pid == -1)
		return kill_all(sig);
	if (pid == (int)0x80000000)
		return -ESRCH;
	return kill_pgrp(-pid, sig);
}

/*
 * tkill and tgkill: sig to the thread tid only (of process tgid, or any
 * when tgid is 0).  A thread that has ended, or one of another process
 * than tgid, is ESRCH; the thread is looked up, checked and signalled in
 * one stretch with interrupts off, so it cannot end in between.  A leader
 * that ended by exit while other threads run still answers (Linux's zombie
 * leader): 0, and only SIGKILL does anything (it ends the process); so does
 * a zombie process's id, which gets nothing, as with kill.
 */
static long kill_thread(int tgid, int tid, int sig, const struct ksiginfo *given)
{
	unsigned long fl = sched_lock();
	struct thread *t = proc_find_thread(tid);
	struct proc *me = curproc(), *p = t != NULL ? t->t_proc : proc_find(tid);
	struct ksiginfo info;
	long ret = 0;

	if (p == NULL || (tgid != 0 && p->p_pid != tgid))
		ret = -ESRCH;
	else if (p->p_state == P_ZOMBIE)
		ret = 0; /* as kill: a zombie still exists, and gets nothing */
	else if (!may_kill(me, p, sig))
		ret = -EPERM;
	else if (sig != 0) {
		if (given != NULL) {
			info = *given;
		} else {
			memset(&info, 0, sizeof(info));
			info.si_code = SI_TKILL;
			info.si.kill.pid = me->p_pid;
			info.si.kill.uid = cred_cur()->uid[ID_REAL];
		}
		info.si_signo = sig;
		if (t != NULL)
			ret = signal_send_thread(t, sig, &info);
		else if (sig == SIGKILL)
			signal_send(p, sig, &info);
	}
	sched_unlock(fl);
	return ret;
}

long sys_tkill(const struct sys_tkill_args *uap)
{
	int tid = uap->tid, sig = uap->sig;

	if (tid <= 0 || sig < 0 || sig > NSIG)
		return -EINVAL;
	return kill_thread(0, tid, sig, NULL);
}

long sys_tgkill(const struct sys_tgkill_args *uap)
{
	int tgid = uap->tgid, tid = uap->tid, sig = uap->sig;

	if (tgid <= 0 || tid <= 0 || sig < 0 || sig > NSIG)
		return -EINVAL;
	return kill_thread(tgid, tid, sig, NULL);
}

/*
 * The siginfo a caller of rt_sigqueueinfo or rt_tgsigqueueinfo gives, for
 * target tid: as Linux, a code that says the kernel or kill(2) sent it
 * (si_code >= 0, or SI_TKILL) may be forged only towards oneself (EPERM).
 */
static long user_siginfo(struct uptr uinfo, int tid, struct ksiginfo *info)
{
	if (copy_from_user(info, uinfo, sizeof(*info)) != 0)
		return -EFAULT;
	if ((info->si_code >= 0 || info->si_code == SI_TKILL) && tid != curthread->t_tid)
		return -EPERM;
	return 0;
}

/*
 * rt_sigqueueinfo(pid, sig, info): kill with the caller's siginfo
 * (sigqueue); a real-time signal queues, up to RLIMIT_SIGPENDING (EAGAIN).
 */
long sys_rt_sigqueueinfo(const struct sys_rt_sigqueueinfo_args *uap)
{
	int pid = uap->pid, sig = uap->sig;
	struct ksiginfo info;
	struct proc *p;
	unsigned long fl;
	long ret;

	if ((ret = user_siginfo(uap->info, pid, &info)) != 0)
		return ret;
	fl = sched_lock();
	p = pid > 0 ? find_process(pid) : NULL;
	if (p == NULL)
		ret = -ESRCH;
	else if ((unsigned)sig > NSIG)
		ret = -EINVAL;
	else if (p->p_state != P_ZOMBIE && !may_kill(curproc(), p, sig))
		ret = -EPERM;
	else if (sig != 0 && p->p_state != P_ZOMBIE) {
		info.si_signo = sig;
		ret = signal_send(p, sig, &info); /* -EAGAIN: RLIMIT_SIGPENDING */
	}
	sched_unlock(fl);
	return ret;
}

/* rt_tgsigqueueinfo(tgid, tid, sig, info): tgkill with the caller's siginfo. */
long sys_rt_tgsigqueueinfo(const struct sys_rt_tgsigqueueinfo_args *uap)
{
	int tgid = uap->tgid, tid = uap->tid;
	struct ksiginfo info;
	long ret;

	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	if ((ret = user_siginfo(uap->info, tid, &info)) != 0)
		return ret;
	if ((unsigned)uap->sig > NSIG)
		return -EINVAL;
	return kill_thread(tgid, tid, uap->sig, &info);
}

struct ktimespec {
	int64_t tv_sec, tv_nsec;
};

/*
 * rt_sigtimedwait(set, info, timeout, sigsetsize): take a pending signal
 * of set (the thread's first, then the process's) without running its
 * action.  As Linux's do_sigtimedwait: while it sleeps the set is
 * unblocked, so a signal of it wakes the thread, and the old mask is back
 * before the signal is taken; one sleep, then EAGAIN if the time ran out,
 * EINTR if anything else (another signal, a stop) ended it; never
 * restarted.  A zero timeout only polls.
 */
long sys_rt_sigtimedwait(const struct sys_rt_sigtimedwait_args *uap)
{
	uint64_t set, dur = 0, saved;
	struct ktimespec ts;
	struct ksiginfo info;
	unsigned long fl;
	int sig, err = -EAGAIN;

	if (uap->sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	if (copy_from_user(&set, uap->set, sizeof(set)) != 0)
		return -EFAULT;
	set &= ~SIG_UNBLOCKABLE;
	if (!uptr_null(uap->timeout)) {
		if (copy_from_user(&ts, uap->timeout, sizeof(ts)) != 0)
			return -EFAULT;
		if (time_ts_to_ns(ts.tv_sec, ts.tv_nsec, &dur) != 0)
			return -EINVAL;
	}
	fl = sched_lock();
	sig = signal_dequeue(set, &info);
	if (sig == 0 && (uptr_null(uap->timeout) || dur != 0)) {
		uint64_t until = uptr_null(uap->timeout) ? 0 :
				 time_deadline(clock_monotonic_ns(), dur);

		saved = curthread->t_sigmask;
		curthread->t_sigmask &= ~set;
		curthread->t_sigwait = set; /* an ignored signal of set is still kept for us */
		sched_unlock(fl);
		err = sleep_on_intr(curthread, until) == -ETIMEDOUT ? -EAGAIN : -EINTR;
		fl = sched_lock();
		curthread->t_sigmask = saved;
		curthread->t_sigwait = 0;
		sig = signal_dequeue(set, &info);
	}
	sched_unlock(fl);
	if (sig == 0)
		return err;
	if (!uptr_null(uap->info) && copy_to_user(uap->info, &info, sizeof(info)) != 0)
		return -EFAULT;
	return sig;
}

struct ktimeval {
	int64_t tv_sec, tv_usec;
};

struct kitimerval {
	struct ktimeval it_interval, it_value;
};

static struct ktimeval ns_to_tv(uint64_t ns)
{
	return (struct ktimeval){ (int64_t)(ns / NSEC_PER_SEC),
				  (int64_t)(ns % NSEC_PER_SEC / 1000) };
}

static void itimer_get(struct proc *p, struct kitimerval *v)
{
	uint64_t now = clock_monotonic_ns();

	v->it_interval = ns_to_tv(p->p_it_interval);
	/* Round a running timer up to 1 us so it never reads as stopped. */
	v->it_value = ns_to_tv(p->p_it_value == 0 ? 0 :
			       p->p_it_value > now ? p->p_it_value - now + 999 : 1000);
}

/* EINVAL as Linux's timeval_valid; a huge time saturates (lib/time.h), never wraps. */
static int tv_to_ns(const struct ktimeval *tv, uint64_t *ns)
{
	return time_tv_to_ns(tv->tv_sec, tv->tv_usec, ns);
}

/* ITIMER_VIRTUAL and ITIMER_PROF: kern/cputime.c counts them down. */
static void cpu_itimer_val(const struct cpu_itimer *it, struct kitimerval *v)
{
	v->it_interval = ns_to_tv(it->interval);
	v->it_value = ns_to_tv(it->value == 0 ? 0 : it->value + 999); /* never 0 while running */
}

long sys_getitimer(const struct sys_getitimer_args *uap)
{
	struct kitimerval v;
	struct cpu_itimer it;

	if (uap->which == ITIMER_VIRTUAL || uap->which == ITIMER_PROF) {
		cputime_itimer(uap->which, NULL, &it);
		cpu_itimer_val(&it, &v);
	} else if (uap->which == ITIMER_REAL) {
		itimer_get(curproc(), &v);
	} else {
		return -EINVAL;
	}
	return copy_to_user(uap->curr_value, &v, sizeof(v));
}

long sys_setitimer(const struct sys_setitimer_args *uap)
{
	struct proc *p = curproc();
	struct kitimerval v, old;
	uint64_t value, interval;
	unsigned long fl;

	if (uap->which != ITIMER_REAL && uap->which != ITIMER_VIRTUAL && uap->which != ITIMER_PROF)
		return -EINVAL;
	if (!uptr_null(uap->new_value) && copy_from_user(&v, uap->new_value, sizeof(v)) != 0)
		return -EFAULT;
	if (uptr_null(uap->new_value))
		memset(&v, 0, sizeof(v));
	if (tv_to_ns(&v.it_value, &value) != 0 || tv_to_ns(&v.it_interval, &interval) != 0)
		return -EINVAL;
	if (uap->which != ITIMER_REAL) {
		struct cpu_itimer set = { value, interval }, was;

		cputime_itimer(uap->which, &set, &was);
		cpu_itimer_val(&was, &old);
	} else {
		fl = sched_lock();
		itimer_get(p, &old);
		p->p_it_value = value != 0 ? time_deadline(clock_monotonic_ns(), value) : 0;
		p->p_it_interval = interval;
		sched_unlock(fl);
	}
	if (!uptr_null(uap->old_value) && copy_to_user(uap->old_value, &old, sizeof(old)) != 0)
		return -EFAULT;
	return 0;
}

long sys_alarm(const struct sys_alarm_args *uap)
{
	struct proc *p = curproc();
	uint64_t now = clock_monotonic_ns(), left, secs = uap->seconds;
	unsigned long fl = sched_lock();

	left = p->p_it_value != 0 ? time_left(p->p_it_value, now) : 0;
	p->p_it_value = secs != 0 ? time_deadline(now, secs * NSEC_PER_SEC) : 0;
	p->p_it_interval = 0;
	sched_unlock(fl);
	/*
	 * Seconds left of the old timer, rounded to nearest, at least 1 if one
	 * was set; an unsigned int, as Linux's alarm returns (a setitimer of
	 * more than 136 years is reported modulo 2^32 there too).
	 */
	return left == 0 ? 0 : (unsigned)((left + NSEC_PER_SEC / 2) / NSEC_PER_SEC) ?: 1;
}

/*
 * restart_syscall: go on with the call a stop (or another signal without
 * a handler) interrupted, as it left itself in t_restart; EINTR if there
 * is none (Linux's do_no_restart_syscall), as when called directly.
 */
long sys_restart_syscall(void)
{
	const struct restart_block *rb = &curthread->t_restart;

	return rb->fn != NULL ? rb->fn(rb) : -EINTR;
}
