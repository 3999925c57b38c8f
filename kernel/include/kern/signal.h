/*
 * signal.h: signals (kernel/kern/signal.c) with Linux's numbers, actions
 * and default behaviour; the x86_64 frame layout is arch code
 * (arch/x86_64/sigframe.c).
 *
 * State: the actions are per process; the mask, the alternate stack and
 * a pending set of thread-directed signals (tgkill, faults) are per
 * thread; process-directed signals (kill) are pending on the process until
 * a thread that does not block them takes one.  One instance of each
 * standard signal (1-31) is kept pending per set, with its siginfo; the
 * real-time ones (32-64) queue, as on Linux: each send is one instance,
 * taken in the order sent, up to RLIMIT_SIGPENDING instances pending per
 * process (then sigqueue gets EAGAIN; a kill of one already pending is
 * dropped).
 *
 * Generation (signal_send) decides at once what a signal will do: an
 * ignored one is dropped, so it never wakes a sleeper; SIGCONT resumes a
 * stopped process whatever its action; a stop signal discards a pending
 * SIGCONT and vice versa.  A signal that is not blocked and will run a
 * handler, kill or stop wakes the thread from an interruptible sleep.
 * Delivery (signal_deliver) happens on every return to user mode: default
 * actions end or stop the process, handlers get a frame on the user (or
 * alternate) stack.
 *
 * Locking: with the scheduler lock (interrupts off), so interrupt handlers
 * (the terminal's ^C, the timer's SIGALRM) can send signals.
 */
#ifndef KERN_SIGNAL_H
#define KERN_SIGNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <machine/frame.h>

#define NSIG 64

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGSTKFLT 16
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGXCPU 24
#define SIGXFSZ 25
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGIO 29
#define SIGPWR 30
#define SIGSYS 31
#define SIGRTMIN 32 /* the kernel's: the C library keeps 32 and 33 for itself */

#define SIG_DFL 0
#define SIG_IGN 1

#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO 0x00000004
#define SA_RESTORER 0x04000000
#define SA_ONSTACK 0x08000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000u

#define SS_ONSTACK 1
#define SS_DISABLE 2
#define MINSIGSTKSZ 2048

/* si_code values */
#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_QUEUE (-1)
#define SI_TKILL (-6)
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define FPE_INTDIV 1
#define ILL_ILLOPN 2
#define TRAP_BRKPT 1
#define BUS_ADRALN 1
#define BUS_ADRERR 2
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_STOPPED 5
#define CLD_CONTINUED 6

/* Kernel-internal results of interrupted system calls (never seen by user space). */
#define ERESTARTSYS 512    /* restart if the handler has SA_RESTART, else EINTR */
#define ERESTARTNOHAND 514 /* restart if no handler ran, else EINTR */
/* Go on through restart_syscall with curthread->t_restart if no handler ran, else EINTR. */
#define ERESTART_RESTARTBLOCK 516

#define SIGBIT(sig) (1ull << ((sig) - 1))
#define SIG_UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

/* The kernel's struct sigaction, as rt_sigaction passes it. */
struct ksigaction {
	uint64_t sa_handler;
	uint64_t sa_flags;
	uint64_t sa_restorer;
	uint64_t sa_mask;
};

/* siginfo_t, 128 bytes, Linux's layout for the fields Breenix fills. */
struct ksiginfo {
	int32_t si_signo;
	int32_t si_errno;
	int32_t si_code;
	int32_t __pad;
	union {
		struct { int32_t pid; uint32_t uid; int32_t status; int32_t __pad;
			 int64_t utime, stime; } kill; /* kill, tkill, SIGCHLD */
		struct { int32_t tid; int32_t overrun; uint64_t value; } timer; /* POSIX timers */
		uint64_t addr;                         /* faults */
		uint8_t __size[112];
	} si;
};

/* A pending real-time signal's instance after the first of its set (kern/signal.c). */
struct sigqueued {
	struct sigqueued *next;
	struct ksiginfo info;
};

struct kstack_t {
	uint64_t ss_sp;
	int32_t ss_flags;
	int32_t __pad;
	uint64_t ss_size;
};

struct pgrp;
struct proc;
struct thread;

/*
 * Send sig to process p.  Scheduler lock taken inside.  -EAGAIN if sig is
 * real-time, p has RLIMIT_SIGPENDING instances pending and the sender is
 * not kill(2) (info's si_code is not SI_USER): nothing was sent; else 0.
 */
int signal_send(struct proc *p, int sig, const struct ksiginfo *info);
/* Send sig to thread t only (tgkill, tkill, faults); SIGKILL still kills the process. */
int signal_send_thread(struct thread *t, int sig, const struct ksiginfo *info);
/* Take the signals in bits off p's pending sets, and every thread's (sched_lock held). */
void signal_discard(struct proc *p, uint64_t bits);
/* Thread t of p is leaving it: its pending signals go (sched_lock held). */
void signal_thread_gone(struct proc *p, struct thread *t);
/* From kill(2) and friends: fills in SI_USER and the sender. */
void signal_send_user(struct proc *p, int sig, int code);
/* Send to every live member of group pg (kern/pgrp.h): how many there were. */
int signal_send_pgrp(struct pgrp *pg, int sig, const struct ksiginfo *info);
/* A synchronous fault: unblock and un-ignore if needed, so it cannot be lost. */
void signal_force(int sig, int code, uint64_t addr);

/*
 * Take one pending signal of set off the current thread's set, else off
 * the process's (the lowest number first, as delivery): its number and
 * siginfo, or 0 if none is pending (rt_sigtimedwait).  sched_lock held.
 */
int signal_dequeue(uint64_t set, struct ksiginfo *info);
/* Whether the current thread has a signal that should end an interruptible sleep. */
bool signal_pending(void);
/*
 * Called on every return to user mode with the frame that will be
 * restored: runs default actions, stops, or sets up a handler's frame.
 * Handles the restart of an interrupted system call (the frame's result
 * result, t_syscall_nr its number).
 */
void signal_deliver(struct trapframe *tf);
/* End the current process as killed by sig (with a core flag where the default dumps one). */
__attribute__((noreturn)) void signal_die(int sig);

/* The timer interrupt: expire interval timers (ITIMER_REAL / alarm). */
void signal_tick(uint64_t now_ns);

/* Default action of sig: whether it stops the process, or is ignored. */
bool sig_default_stops(int sig);
bool sig_default_ignored(int sig);

#endif
