/*
 * proc.h: processes.  A process (a thread group) is an address space
 * (struct vm_map), a file table, a current directory and signal actions
 * around one or more threads (kern/thread.h); the threads are what the
 * scheduler runs.  Ownership between the threads: docs/process.md
 * "Threads of a process".  Life cycle (docs/process.md): proc_fork or the first
 * process -> running -> proc_exit makes it a ZOMBIE that keeps only its
 * pid and wait status (address space released, thread freed after it
 * switches away) -> the parent's wait4 reaps it and frees the struct.
 * Children of an exiting process go to init (pid 1), which reaps them.
 *
 * Locking: one CPU; the process tree and states change with interrupts off
 * (sched_lock), and parents sleep on their own struct proc.  Each field
 * says what guards it (docs/design.md, "Contracts"):
 *   [I] set before the process is on any list, never changed
 *   [S] sched_lock            [V] vfs_lock            [P] ipc_lock
 *   [o] written only by the process's own threads (its system calls,
 *       exec, exit) or before it runs; others read a one-word snapshot
 *   [a] one word stored without a lock (a system call of another
 *       process may set it); readers take the old or the new value
 */
#ifndef KERN_PROC_H
#define KERN_PROC_H

#include <kern/cputime.h>
#include <kern/cred.h>
#include <kern/pgrp.h>
#include <kern/rlimit.h>
#include <kern/signal.h>
#include <machine/frame.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fdtable;
struct sem_undo;
struct thread;
struct tty;
struct vm_map;
struct vnode;

enum proc_state { P_RUNNING, P_ZOMBIE };

#define PROC_NAME_MAX 32
#define PID_MAX 32768 /* pids are 1..PID_MAX, as Linux's default pid_max */

struct proc {
	int p_pid;                  /* [I] */
	enum proc_state p_state;    /* [S] */
	int p_status;               /* [S] wait status once a zombie */
	struct proc *p_parent;      /* [S] */
	struct proc *p_children;    /* [S] first child */
	struct proc *p_sibling;     /* [S] next child of the same parent */
	struct proc *p_allnext;     /* [S] every-process list */
	struct vm_map *p_map;       /* [o] NULL once exited */
	struct thread *p_thread;    /* [S] a live thread (the leader while it lives), or NULL */
	struct thread *p_threads;   /* [S] live threads, linked by t_pnext */
	unsigned p_nthreads;        /* [S] how many */
	/*
	 * Group exit (exit_group, a fatal signal): every thread ends at its next
	 * return to user mode or interruptible sleep; the last one makes the
	 * zombie with p_xstat.  p_exec_thread: an execve in that thread is
	 * ending the others (every thread but it must end).
	 */
	bool p_exiting;             /* [S] */
	int p_xstat;                /* [S] */
	struct thread *p_exec_thread; /* [S] */
	char p_name[PROC_NAME_MAX]; /* [o] set by exec */
	struct fdtable *p_fd;       /* [o] NULL once exited */
	struct vnode *p_cwd;        /* [V] NULL once exited (exit clears it, then puts it) */
	struct vnode *p_root;       /* [V] chroot's root, NULL for the real one (as p_cwd) */
	int p_nice;                 /* [a] -20..19 (sys_prio.c); not used by the scheduler */
	uint32_t p_umask;           /* [o] */
	struct tty *p_tty;          /* [S] controlling terminal, or NULL */
	unsigned p_nlocks;          /* [S] POSIX record locks it holds (fs/lock.c) */
	/* argv as NUL-separated strings (/proc/N/cmdline); both change together,
	 * under the scheduler lock, which procfs holds while it copies them. */
	char *p_cmdline;            /* [S] */
	size_t p_cmdline_len;       /* [S] */
	char *p_exe;                /* [S] the program's absolute path (/proc/N/exe) */
	uint64_t p_start_ticks;     /* [I] clock ticks at fork */
	uint64_t p_ticks;           /* [S] clock ticks it was running (the timer interrupt) */
	struct proc_cpu p_cpu;      /* [S] CPU time, its timers, peak size (kern/cputime.h) */

	/* Signals (kern/signal.h): actions here, mask and alternate stack on the thread. [S] */
	struct ksigaction p_sigact[NSIG + 1];
	uint64_t p_sigpending;      /* bit sig - 1 */
	struct ksiginfo p_siginfo[NSIG + 1];
	struct sigqueued *p_sigqueue; /* further instances of pending real-time signals, in order */
	uint64_t p_sigcount;        /* pending real-time instances, all sets: RLIMIT_SIGPENDING */
	bool p_stopped;             /* stopped by a signal until SIGCONT */
	int p_stopsig;
	int p_report;               /* a stop or continue the parent's wait has not seen */
	uint64_t p_it_value;        /* ITIMER_REAL: fires at this monotonic time (0: off) */
	uint64_t p_it_interval;     /* and then every this many ns (0: once) */
	struct ptimer *p_timers;    /* POSIX timers (kern/ptimer.c): PTIMER_MAX, or NULL */

	/* Job control (kern/pgrp.h).  NULL only in a fork before the child is linked. */
	struct pgrp *p_pgrp;        /* [S] its process group, and through it its session */
	struct proc *p_pgnext;      /* [S] the next member of p_pgrp */
	bool p_did_exec;            /* [S] setpgid on a child that has exec'd: EACCES */

	struct cred p_cred;         /* [o] kern/cred.h: who it acts as */
	struct rlimit64 p_rlim[RLIM_NLIMITS]; /* [a] kern/rlimit.h (prlimit of another process) */

	int p_exitsig;              /* [S] clone's exit signal for the parent (SIGCHLD for fork) */
	/* prctl (kern/sys_sched.c). */
	int p_pdeathsig;            /* [o] sent to it when its parent exits (0: none); fork clears */
	bool p_nodump;              /* [o] PR_SET_DUMPABLE 0, or exec changed its ids */
	bool p_no_new_privs;        /* [o] exec does not honour set-user/group-ID bits; for good */
	struct sem_undo *p_semundo; /* [P] SEM_UNDO entries (kern/ipc_sem.c); fork: none */
	/* CLONE_VFORK: the parent thread sleeping until this child execs or exits. */
	struct thread *p_vfork_parent; /* [S] */
};

/* clone flags (Linux's values). */
#define CLONE_CSIGNAL 0x000000FFu
#define CLONE_VM 0x00000100u
#define CLONE_FS 0x00000200u
#define CLONE_FILES 0x00000400u
#define CLONE_SIGHAND 0x00000800u
#define CLONE_PIDFD 0x00001000u
#define CLONE_PTRACE 0x00002000u
#define CLONE_VFORK 0x00004000u
#define CLONE_PARENT 0x00008000u
#define CLONE_THREAD 0x00010000u
#define CLONE_NEWNS 0x00020000u
#define CLONE_SYSVSEM 0x00040000u
#define CLONE_SETTLS 0x00080000u
#define CLONE_PARENT_SETTID 0x00100000u
#define CLONE_CHILD_CLEARTID 0x00200000u
#define CLONE_DETACHED 0x00400000u
#define CLONE_UNTRACED 0x00800000u
#define CLONE_CHILD_SETTID 0x01000000u
#define CLONE_NEWUSER 0x10000000u

struct clone_args_k {
	uint32_t flags;             /* without the exit signal */
	int exit_signal;
	uint64_t newsp, parent_tid, child_tid, tls;
};

enum { REPORT_NONE, REPORT_STOPPED, REPORT_CONTINUED };

/* Wait-status encoding, as Linux's. */
#define W_EXITCODE(code) (((code) & 0xFF) << 8)
#define W_SIGNALED(sig) ((sig) & 0x7F)
#define W_COREDUMP 0x80
#define W_STOPCODE(sig) (((sig) << 8) | 0x7F)
#define W_CONTINUED 0xFFFF

struct proc *curproc(void);
/* Load p's page tables (the scheduler, switching to one of p's threads). */
void proc_activate(struct proc *p);
/* Create pid 1 from the program at path; panics if it cannot. */
void proc_start_init(const char *path, char *const argv[]);
/* fork: the child's pid, or -ENOMEM / -EAGAIN. */
int proc_fork(struct trapframe *tf);
/* clone with flags already checked by sys_clone: the child's pid or -errno. */
int proc_clone(struct trapframe *tf, const struct clone_args_k *ca);
/* The calling thread's address-space release (exit, exec): CLEARTID, vfork parent. */
void proc_mm_release(struct proc *p);
/* A new user thread's first steps in the kernel (CLONE_CHILD_SETTID). */
void proc_child_start(void);
/*
 * exit_group and fatal signals: end every thread of the process; the
 * process's wait status is the first group exit's status.
 */
__attribute__((noreturn)) void proc_exit(int status);
/* exit (60): end the calling thread; the last thread ends the process with status. */
__attribute__((noreturn)) void proc_thread_exit(int status);
/* Whether t must end at once: a group exit, or an execve in another thread of its process. */
bool proc_thread_must_exit(const struct thread *t);
/*
 * execve, before its point of no return: end every other thread of p and
 * wait until they are gone, then the caller takes the pid as its tid.
 * -EAGAIN if the process is being ended (the caller then dies).
 */
int proc_exec_dethread(struct proc *p);
/* With the scheduler lock held: the live thread tid, or NULL. */
struct thread *proc_find_thread(int tid);
/* wait4 and waitid core: pid > 0 one child, -1 any, 0 the caller's group,
 * < -1 group -pid (with WAIT_PGRP, any pid < 0 is group -pid: waitid's
 * P_PGID 1); options WNOHANG, WEXITED (exits are reported only with it),
 * WUNTRACED (WSTOPPED), WCONTINUED, WNOWAIT, __WCLONE, __WALL (children
 * whose exit signal is not SIGCHLD need __WCLONE or __WALL, as on Linux).
 * The child's pid, with its wait status, (ru not NULL) its CPU time and
 * peak size with its reaped children's, as wait4 reports them, and (uid not
 * NULL) its real uid; 0 (WNOHANG), -ECHILD, or -ERESTARTSYS if a signal came. */
#define WAIT_PGRP 0x00010000 /* internal option bit: no Linux option uses it */
int proc_wait(int pid, int *status, int options, struct cpu_usage *ru, uint32_t *uid);
/* With the scheduler lock held: the first process, for walking p_allnext. */
struct proc *proc_first(void);
/* The ids of p's process group and session (kern/pgrp.c), 0 before it has one. */
static inline int proc_pgid(const struct proc *p)
{
	return p->p_pgrp != NULL ? p->p_pgrp->pg_id : 0;
}

static inline int proc_sid(const struct proc *p)
{
	return p->p_pgrp != NULL ? p->p_pgrp->pg_session->s_sid : 0;
}

/* Number of processes, including zombies (sysinfo). */
unsigned proc_count(void);
/* With the scheduler lock held: the process pid, or NULL. */
struct proc *proc_find(int pid);
/* With the scheduler lock held: the smallest pid above after, or 0 (for /proc). */
int proc_next_pid(int after);
/*
 * With the scheduler lock held: the first pid from `from` on (1..PID_MAX,
 * wrapping) that no process of list (linked by p_allnext) has as its pid,
 * process group or session, and no terminal names; 0 if there is none.
 * fork's allocator, exported for the kernel tests.
 */
int proc_pid_pick(const struct proc *list, int from);
/* Give p the program path exe (kmalloc'd, or NULL), freeing the old one (exec, exit). */
void proc_set_exe(struct proc *p, char *exe);
/* Remember argv for /proc/N/cmdline (exec). */
void proc_set_cmdline(struct proc *p, char *const argv[]);

#endif
