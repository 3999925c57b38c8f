/*
 * thread.h: kernel threads and the scheduler (kernel/kern/sched.c).
 *
 * A thread is a kernel stack plus saved machine state; a user thread also
 * belongs to a process (kern/proc.h), on whose thread list (t_pnext) it is
 * while it lives, and has a user-mode context in the trap frame at the top
 * of its kernel stack.  Its signal mask, thread-directed pending signals,
 * alternate stack, TLS base and clear_child_tid are its own; everything
 * else is its process's (docs/process.md, "Threads of a process").  There is one scheduler: a
 * round-robin run queue of RUNNABLE threads, preempted by the timer every
 * SCHED_SLICE_TICKS whether the thread runs in the kernel or in user mode.
 *
 * Life cycle and ownership (docs/process.md): a thread that exits is
 * marked DEAD and switches away; it cannot free the stack it runs on, so
 * the scheduler frees a DEAD thread's stack and struct right after
 * switching to the next thread (sched_tail).
 *
 * Sleeping: sleep_on(chan) waits until wakeup(chan); callers recheck their
 * condition in a loop, as in xv6.  Both run with interrupts off inside.
 *
 * Locking: one CPU; the run queue, thread list and every t_state change are
 * guarded by disabling interrupts (sched_lock/sched_unlock).  Each field of
 * struct thread says what guards it (docs/design.md, "Contracts"):
 *   [I] set at creation, never changed     [S] sched_lock
 *   [o] only the thread itself (its own system calls), or its creator
 *       before it first runs
 */
#ifndef KERN_THREAD_H
#define KERN_THREAD_H

#include <stdbool.h>
#include <stdint.h>

#include <kern/cputime.h>
#include <kern/signal.h>
#include <machine/arch_thread.h>
#include <machine/frame.h>

#define SCHED_SLICE_TICKS 2 /* 8 ms at 250 Hz */

enum thread_state { T_RUNNABLE, T_RUNNING, T_SLEEPING, T_DEAD };

struct proc;

/*
 * How restart_syscall goes on with a call that a signal without a handler
 * (a stop, say) interrupted: Linux's restart_block.  Only kernel values:
 * the absolute deadline, so a restarted sleep keeps what was left, and
 * user addresses that are checked again when used.  fn NULL: EINTR.
 */
struct restart_block {
	long (*fn)(const struct restart_block *rb);
	uint64_t deadline; /* monotonic ns; 0: none */
	uint64_t uaddr;    /* nanosleep's rem, poll's fds, the futex word */
	uint64_t n;        /* poll's nfds; a futex: whether private */
	uint64_t arg;      /* a futex: the value (low half) and bitset (high half) */
};

struct thread {
	struct arch_thread t_arch;  /* [S] machine state: saved stack, FPU, TLS bases (arch/ only) */
	void *t_kstack;             /* [I] lowest address of the kernel stack */
	struct trapframe *t_tf;     /* [I] user context (top of the kernel stack), or NULL */
	struct proc *t_proc;        /* [I] owning process; NULL for kernel threads */
	enum thread_state t_state;  /* [S] */
	int t_tid;                  /* [S] (an exec takes the pid as its tid) */
	const void *t_chan;         /* [S] what a SLEEPING thread waits for */
	uint64_t t_wake_ns;         /* [S] timed sleep: wake at this monotonic time, or 0 */
	bool t_timed_out;           /* [S] the timed sleep ended by its timeout */
	struct thread *t_runnext;   /* [S] run-queue link */
	struct thread *t_allnext;   /* [S] every-thread list link */
	struct thread *t_pnext;     /* [S] the next live thread of t_proc */
	bool t_intr;                /* [S] the sleep may be ended by a signal */
	long t_syscall_nr;          /* [o] the system call in progress, or -1 */
	uint64_t t_sigmask;         /* [S] blocked signals */
	uint64_t t_sigwait;         /* [S] rt_sigtimedwait's set while it sleeps (real_blocked) */
	uint64_t t_sigpending;      /* [S] thread-directed signals (tgkill, faults): bit sig - 1 */
	struct ksiginfo t_siginfo[NSIG + 1]; /* [S] */
	struct sigqueued *t_sigqueue; /* [S] further instances of pending real-time signals */
	uint64_t t_saved_mask;      /* [o] sigsuspend's mask to restore after the handler */
	bool t_restore_mask;        /* [o] */
	struct restart_block t_restart; /* [o] for restart_syscall */
	struct kstack_t t_altstack; /* [o] sigaltstack */
	uint64_t t_set_child_tid;   /* [o] CLONE_CHILD_SETTID: write the tid here as it starts */
	uint64_t t_clear_child_tid; /* [o] set_tid_address / CLONE_CHILD_CLEARTID: 0 here at exit */
	bool t_vfork_wait;          /* [S] sleeping in a CLONE_VFORK until the child lets go */
	uint64_t t_robust_head;     /* [o] set_robust_list: user address of the list head, or 0 */
	struct cputime t_cpu;       /* [S] CPU time it used (kern/cputime.h) */
};

extern struct thread *curthread;

void sched_init(void);
/* A kernel thread running fn(arg); it exits when fn returns.  NULL if out of memory. */
struct thread *thread_create_kernel(void (*fn)(void *), void *arg);
/*
 * A thread of p with id tid that starts in user mode with the context in
 * tf (copied), for fork, clone and the first process.  Not yet runnable:
 * call sched_make_runnable; not yet on p's thread list (the caller links it).
 */
struct thread *thread_create_user(struct proc *p, const struct trapframe *tf, int tid);
/* Free a thread made by thread_create_user that never ran. */
void thread_destroy_unstarted(struct thread *t);
void sched_make_runnable(struct thread *t);
/* End the current thread; its stack is freed after the switch. */
__attribute__((noreturn)) void thread_exit(void);

void sched_yield(void);
/* The timer interrupt: counts the slice, wakes timed sleepers. */
void sched_tick(void);
/* Clock ticks the CPU spent idle (/proc/uptime). */
uint64_t sched_idle_ticks(void);
/* Whether the CPU is running its idle thread (the tick's accounting). */
bool sched_idling(void);

/* /proc/stat's scheduler figures (kern/kstat.c). */
struct sched_counts {
	uint64_t sc_switches; /* context switches since boot */
	uint64_t sc_forks;    /* threads made since boot (Linux's "processes") */
	unsigned sc_running;  /* threads running or runnable, the idle thread not counted */
};

/* Fill c.  Needs sched_lock. */
void sched_counts(struct sched_counts *c);
/* Called at the end of every interrupt and system call: switch if a slice ended. */
void sched_preempt_point(void);

unsigned long sched_lock(void);
void sched_unlock(unsigned long flags);
/*
 * Whether the caller holds the scheduler lock: on one CPU, whether
 * interrupts are off (an interrupt handler holds it too).  For
 * KASSERT(sched_lock_held()) in functions that say "sched_lock held".
 */
bool sched_lock_held(void);

/*
 * Sleep until wakeup(chan), or until the monotonic clock reaches wake_ns
 * (0: no timeout).  Returns 0 when woken, -ETIMEDOUT on the timeout.
 */
int sleep_on(const void *chan, uint64_t wake_ns);
/*
 * The same, but a signal that will run a handler, kill or stop also ends
 * the sleep: -EINTR then (also when one is already pending at the call).
 */
int sleep_on_intr(const void *chan, uint64_t wake_ns);
void wakeup(const void *chan);
/* Wake t if it is in an interruptible sleep (a signal for it). */
void sched_signal_wake(struct thread *t);

#endif
