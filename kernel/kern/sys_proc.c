/*
 * sys_proc.c: process system calls.  Argument checking and copying live
 * here; the mechanism is in proc.c and exec.c.
 */
#include <arch/thread.h>
#include <kern/cputime.h>
#include <kern/exec.h>
#include <kern/proc.h>
#include <kern/sysargs.h>
#include <kern/syscall.h>
#include <kern/thread.h>
#include <kern/uaccess.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include <vm/vm.h>

#define WNOHANG 1
#define WUNTRACED 2
#define WEXITED 4
#define WCONTINUED 8
#define WNOWAIT 0x01000000
#define WNOTHREAD 0x20000000 /* children are the process's: no effect */
#define WALL 0x40000000
#define WCLONE 0x80000000
#define RUSAGE_SIZE 144
#define EXEC_PATH_MAX 4096

long sys_fork(void)
{
	return proc_fork(curthread->t_tf);
}

/* Flags clone accepts without doing anything: no ptrace, no System V semaphores, I/O contexts. */
#define CLONE_IGNORED (CLONE_PTRACE | CLONE_UNTRACED | CLONE_DETACHED | CLONE_SYSVSEM | 0x80000000u)
#define CLONE_DONE (CLONE_VM | CLONE_VFORK | CLONE_SETTLS | CLONE_PARENT_SETTID | \
		    CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | CLONE_THREAD | CLONE_SIGHAND | \
		    CLONE_FS | CLONE_FILES)
/* A thread shares all the process holds: the glibc/musl pthread_create set. */
#define CLONE_THREAD_NEEDS (CLONE_VM | CLONE_SIGHAND | CLONE_FS | CLONE_FILES)

/*
 * Linux's validity rules first (EINVAL, in copy_process's order), then
 * what this kernel does not do (EINVAL too, before anything is created:
 * the C library reports the failure).  Threads share the struct proc, so
 * a thread with a descriptor table, directory or actions of its own, and
 * a process sharing the directory or actions, are what is refused (a
 * process may share the memory or the descriptors).  0 or -errno.
 */
static int clone_check(uint32_t flags, uint64_t tls)
{
	if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS))
		return -EINVAL;
	if ((flags & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS))
		return -EINVAL;
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if (flags & ~(CLONE_DONE | CLONE_IGNORED))
		return -EINVAL; /* namespaces, pidfd, CLONE_PARENT */
	if (flags & CLONE_THREAD) {
		if ((flags & CLONE_THREAD_NEEDS) != CLONE_THREAD_NEEDS || (flags & CLONE_VFORK))
			return -EINVAL; /* a thread with its own files, cwd: not supported */
	} else if (flags & (CLONE_SIGHAND | CLONE_FS)) {
		return -EINVAL; /* two processes sharing actions or cwd: not supported */
	}
	if ((flags & CLONE_SETTLS) && tls >= VM_USER_END - PAGE_SIZE)
		return -EPERM; /* as arch_prctl(ARCH_SET_FS) */
	return 0;
}

/* clone(flags, newsp, parent_tid, child_tid, tls): Linux x86_64's argument order. */
long sys_clone(const struct sys_clone_args *uap)
{
	uint32_t flags = (uint32_t)uap->flags; /* Linux uses the low 32 bits */
	struct clone_args_k ca = {
		.flags = flags & ~CLONE_CSIGNAL,
		.exit_signal = flags & CLONE_THREAD ? 0 : (int)(flags & CLONE_CSIGNAL),
		.newsp = uap->newsp,
		.parent_tid = uptr_addr(uap->parent_tid),
		.child_tid = uptr_addr(uap->child_tid),
		.tls = uap->tls,
	};
	int err = clone_check(ca.flags, ca.tls);

	if (err != 0)
		return err;
	return proc_clone(curthread->t_tf, &ca);
}

/* clone3: not yet; ENOSYS makes glibc and musl fall back to clone. */
long sys_clone3(const struct sys_clone3_args *uap)
{
	(void)uap;
	return -ENOSYS;
}

/* exit (60): the calling thread only; the last one's status is the process's. */
long sys_exit(const struct sys_exit_args *uap)
{
	proc_thread_exit(W_EXITCODE(uap->status));
}

/* exit_group (231): every thread of the process. */
long sys_exit_group(const struct sys_exit_group_args *uap)
{
	proc_exit(W_EXITCODE(uap->status));
}

long sys_wait4(const struct sys_wait4_args *uap)
{
	int pid = uap->pid, options = uap->options, status = 0, ret;
	struct uptr ustatus = uap->wstatus, urusage = uap->ru;
	static const uint8_t zero_rusage[RUSAGE_SIZE];
	struct cpu_usage ru;

	if ((unsigned)options & ~(WNOHANG | WUNTRACED | WCONTINUED | WNOTHREAD | WALL | WCLONE))
		return -EINVAL;
	if (pid == INT32_MIN)
		return -ESRCH; /* group -pid does not exist: Linux's answer */
	/* Check the pointers first: a reaped child's status must not be lost. */
	if ((!uptr_null(ustatus) && !user_range_ok(ustatus, sizeof(int))) ||
	    (!uptr_null(urusage) && copy_to_user(urusage, zero_rusage, RUSAGE_SIZE) != 0))
		return -EFAULT;
	ret = proc_wait(pid, &status, options | WEXITED, &ru, NULL);
	if (ret > 0 && !uptr_null(ustatus) && copy_to_user(ustatus, &status, sizeof(status)) != 0)
		return -EFAULT;
	if (ret > 0 && !uptr_null(urusage) && cputime_copyout_rusage(urusage, &ru) != 0)
		return -EFAULT;
	return ret;
}

#define P_ALL 0
#define P_PID 1
#define P_PGID 2
#define P_PIDFD 3

/* The part of siginfo_t waitid writes, Linux's fields at Linux's offsets. */
struct waitid_info {
	int32_t signo, errno_, code;  /* offset 0 */
	int32_t pid, uid, status;     /* offset 16 (si_pid, si_uid, si_status) */
};

/* waitid's answer for a child's wait status (Linux's wait_task_zombie, _stopped, _continued). */
static void waitid_fill(struct waitid_info *wi, int pid, int status, uint32_t uid)
{
	wi->signo = SIGCHLD;
	wi->pid = pid;
	wi->uid = (int32_t)uid;
	if ((status & 0x7f) == 0) {
		wi->code = CLD_EXITED;
		wi->status = (status >> 8) & 0xff;
	} else if (status == W_CONTINUED) {
		wi->code = CLD_CONTINUED;
		wi->status = SIGCONT;
	} else if ((status & 0xff) == 0x7f) {
		wi->code = CLD_STOPPED;
		wi->status = (status >> 8) & 0xff;
	} else {
		wi->code = (status & W_COREDUMP) ? CLD_DUMPED : CLD_KILLED;
		wi->status = status & 0x7f;
	}
}

/* waitid's idtype and id as proc_wait's pid and option bits: 0 or -EINVAL. */
static int waitid_select(int which, int id, int *pid, int *options)
{
	switch (which) {
	case P_ALL:
		*pid = -1;
		return 0;
	case P_PID:
		if (id <= 0)
			return -EINVAL;
		*pid = id;
		return 0;
	case P_PGID:
		if (id < 0)
			return -EINVAL;
		*pid = -id; /* 0: the caller's group */
		*options |= id != 0 ? WAIT_PGRP : 0;
		return 0;
	default:
		return -EINVAL; /* P_PIDFD too: there are no pidfds (docs/process.md) */
	}
}

/*
 * waitid(idtype, id, infop, options, rusage): as Linux, it returns 0, and
 * writes signo, errno, code, pid, uid and status to infop (zeros when
 * nothing was waited for: WNOHANG, or an error), leaving the rest alone.
 */
long sys_waitid(const struct sys_waitid_args *uap)
{
	int options = uap->options, pid = 0, status = 0, ret;
	struct uptr uinfo = uap->infop, urusage = uap->ru;
	struct waitid_info wi = { 0 };
	struct cpu_usage ru;
	uint32_t uid = 0;

	if ((unsigned)options & ~(WNOHANG | WNOWAIT | WEXITED | WUNTRACED | WCONTINUED | WNOTHREAD |
				  WALL | WCLONE))
		return -EINVAL;
	if (!(options & (WEXITED | WUNTRACED | WCONTINUED)))
		return -EINVAL;
	if ((ret = waitid_select(uap->idtype, uap->id, &pid, &options)) != 0)
		return ret;
	/* Check the pointers first: a reaped child's status must not be lost. */
	if ((!uptr_null(uinfo) && !user_range_ok(uinfo, 128)) ||
	    (!uptr_null(urusage) && !user_range_ok(urusage, RUSAGE_SIZE)))
		return -EFAULT;
	ret = proc_wait(pid, &status, options, &ru, &uid);
	if (ret == -ERESTARTSYS)
		return ret;
	if (ret > 0) {
		waitid_fill(&wi, ret, status, uid);
		ret = 0;
		if (!uptr_null(urusage) && cputime_copyout_rusage(urusage, &ru) != 0)
			return -EFAULT;
	}
	if (!uptr_null(uinfo) && (copy_to_user(uinfo, &wi.signo, 12) != 0 ||
				  copy_to_user(uptr_add(uinfo, 16), &wi.pid, 12) != 0))
		return -EFAULT;
	return ret;
}

/* A user vector of strings copied into one kernel block: pointers then bytes. */
struct kvec {
	char **v;
	size_t used, cap;
};

static int kvec_copy(struct kvec *kv, struct uptr uv)
{
	size_t n = 0, i, bytes = 0;
	struct uptr p; /* one of the vector's pointers */
	char *s;

	for (;; n++) {
		if (copy_from_user(&p, uptr_add(uv, n * sizeof(p)), sizeof(p)) != 0)
			return -EFAULT;
		if (uptr_null(p))
			break;
		if (n >= EXEC_ARG_MAX / sizeof(p))
			return -E2BIG;
	}
	kv->cap = (n + 1) * sizeof(char *) + EXEC_ARG_MAX;
	kv->v = kmalloc(kv->cap);
	if (kv->v == NULL)
		return -ENOMEM;
	s = (char *)(kv->v + n + 1);
	for (i = 0; i < n; i++) {
		long len;

		if (copy_from_user(&p, uptr_add(uv, i * sizeof(p)), sizeof(p)) != 0)
			return -EFAULT;
		len = strncpy_from_user(s, p, EXEC_ARG_MAX - bytes);
		if (len < 0)
			return len == -ENAMETOOLONG ? -E2BIG : len;
		kv->v[i] = s;
		s += len + 1;
		bytes += len + 1;
	}
	kv->v[n] = NULL;
	return 0;
}

long sys_execve(const struct sys_execve_args *uap)
{
	struct kvec argv = { 0 }, envp = { 0 };
	char *path = kmalloc(EXEC_PATH_MAX);
	long err;

	if (path == NULL)
		return -ENOMEM;
	err = strncpy_from_user(path, uap->path, EXEC_PATH_MAX);
	if (err >= 0)
		err = !uptr_null(uap->argv) ? kvec_copy(&argv, uap->argv) : 0;
	if (err >= 0)
		err = !uptr_null(uap->envp) ? kvec_copy(&envp, uap->envp) : 0;
	if (err >= 0)
		err = exec_image(curproc(), path, argv.v, envp.v, curthread->t_tf);
	kfree(argv.v);
	kfree(envp.v);
	kfree(path);
	return err; /* on success the new frame's result register holds 0 */
}

long sys_getpid(void)
{
	return curproc()->p_pid;
}

long sys_getppid(void)
{
	struct proc *parent = curproc()->p_parent;

	return parent != NULL ? parent->p_pid : 0;
}

long sys_gettid(void)
{
	return curthread->t_tid;
}

/* Where to write 0 and wake a futex when this thread ends (docs/process.md). */
long sys_set_tid_address(const struct sys_set_tid_address_args *uap)
{
	curthread->t_clear_child_tid = uptr_addr(uap->tidptr);
	return curthread->t_tid;
}

long sys_sched_yield(void)
{
	sched_yield();
	return 0;
}

long sys_setpgid(const struct sys_setpgid_args *uap)
{
	return pgrp_setpgid(uap->pid, uap->pgid);
}

/* getpgid and getsid: of pid (0: the caller). */
static long proc_ids(int pid, bool sid)
{
	unsigned long fl = sched_lock();
	struct proc *p = pid == 0 ? curproc() : proc_find(pid);
	long ret = p == NULL ? -ESRCH : sid ? proc_sid(p) : proc_pgid(p);

	sched_unlock(fl);
	return ret;
}

long sys_getpgid(const struct sys_getpgid_args *uap)
{
	return proc_ids(uap->pid, false);
}

long sys_getsid(const struct sys_getsid_args *uap)
{
	return proc_ids(uap->pid, true);
}

long sys_getpgrp(void)
{
	return proc_pgid(curproc());
}

long sys_setsid(void)
{
	return pgrp_setsid();
}
