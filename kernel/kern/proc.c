/*
 * proc.c: creating, forking, ending and reaping processes (kern/proc.h).
 *
 * Who frees what (docs/process.md): a process is a thread group; every
 * thread of it shares the struct proc, hence its address space,
 * descriptors, current directory and signal actions.  A thread that ends
 * while others live only leaves the thread list (proc_thread_exit); the
 * last one releases the address space itself (after switching to the
 * kernel's page tables, since it runs on them), closes the descriptors,
 * drops the current directory and command line, hands the children to
 * init, becomes a zombie and ends its thread, whose kernel stack the
 * scheduler frees after the switch.  Nothing shared is freed while another
 * thread could use it: only the last thread frees, and it is alone.  The
 * zombie's struct proc, holding only the pid and wait status, is freed by
 * the parent's proc_wait.
 *
 * exit_group and fatal signals (proc_exit) set p_exiting: every other
 * thread ends at its next return to user mode or interruptible sleep
 * (signal_pending() says so).  execve in a thread sets p_exec_thread and
 * waits, not interruptibly, until it is the only thread (proc_exec_dethread).
 */
#include <arch/arch.h>
#include <arch/thread.h>
#include <fs/file.h>
#include <fs/lock.h>
#include <fs/open.h>
#include <dev/tty.h>
#include <kern/clock.h>
#include <kern/exec.h>
#include <kern/futex.h>
#include <kern/kprintf.h>
#include <kern/panic.h>
#include <kern/ipc.h>
#include <kern/proc.h>
#include <kern/ptimer.h>
#include <kern/thread.h>
#include <kern/uaccess.h>
#include <lib/string.h>
#include <lib/time.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include <vm/vm_map.h>
#include <vm/vmm.h>

#define PROC_MAX 1024 /* processes in all, zombies included (fork: EAGAIN) */
#define WNOHANG 1
#define WUNTRACED 2
#define WEXITED 4
#define WCONTINUED 8
#define WNOWAIT 0x01000000
#define WNOTHREAD 0x20000000
#define WALL 0x40000000
#define WCLONE 0x80000000

static struct proc *all_procs;
static struct proc *initproc;
static int next_pid = 1;        /* where the search for a free pid starts (sched_lock) */
static uint64_t pid_used[PID_MAX / 64 + 1]; /* scratch of proc_pid_pick (sched_lock) */

struct proc *curproc(void)
{
	return curthread->t_proc;
}

const struct cred *cred_cur(void)
{
	static const struct cred kernel_cred; /* all ids 0: root */
	struct proc *p = curproc();

	return p != NULL ? &p->p_cred : &kernel_cred;
}

void proc_activate(struct proc *p)
{
	vmm_activate(p->p_map != NULL ? p->p_map->m_space : &vmm_kernel_space);
}

static void proc_reap(struct proc *parent, struct proc *c);

static void pid_mark(int pid)
{
	if (pid > 0 && pid <= PID_MAX)
		pid_used[pid / 64] |= 1ull << (pid % 64);
}

/*
 * Pids.  A pid is in use while a process (zombies too) has it as its pid,
 * process group or session, or a terminal names it as its session or
 * foreground group: Linux keeps the struct pid alive for all of these.  So
 * a new process never gets the id of a group or session that still exists,
 * and its setsid or setpgid(0, 0) cannot join one by accident.  Each pick
 * marks the ids in use in a bitmap, then scans it once: O(processes +
 * PID_MAX) with interrupts off, however full the pid space is.
 */
int proc_pid_pick(const struct proc *list, int from)
{
	const struct proc *q;
	int pid = from >= 1 && from <= PID_MAX ? from : 1, n;

	KASSERT(sched_lock_held());
	memset(pid_used, 0, sizeof(pid_used));
	for (q = list; q != NULL; q = q->p_allnext) {
		const struct thread *t;

		pid_mark(q->p_pid);
		pid_mark(proc_pgid(q));
		pid_mark(proc_sid(q));
		for (t = q->p_threads; t != NULL; t = t->t_pnext)
			pid_mark(t->t_tid); /* thread ids share the pid space */
	}
	tty_pids_in_use(pid_mark);
	for (n = 0; n < PID_MAX; n++, pid = pid % PID_MAX + 1)
		if (!(pid_used[pid / 64] >> (pid % 64) & 1))
			return pid;
	return 0;
}

/* A new process with a fresh pid, linked into the process list (interrupts off). */
static struct proc *proc_alloc(struct fdtable *fdt)
{
	struct proc *p;
	int pid = proc_pid_pick(all_procs, next_pid);

	if (pid == 0)
		return NULL; /* cannot happen: PROC_MAX processes use at most 3 * PROC_MAX ids */
	p = kzalloc(sizeof(*p));
	if (p == NULL)
		return NULL;
	p->p_fd = fdt;
	p->p_start_ticks = clock_ticks();
	p->p_pid = pid;
	next_pid = pid % PID_MAX + 1;
	p->p_allnext = all_procs;
	all_procs = p;
	return p;
}

static void proc_unlink_all(struct proc *p)
{
	struct proc **pp;

	for (pp = &all_procs; *pp != NULL; pp = &(*pp)->p_allnext) {
		if (*pp == p) {
			*pp = p->p_allnext;
			return;
		}
	}
}

/* Put t on p's thread list (interrupts off). */
static void proc_link_thread(struct proc *p, struct thread *t)
{
	t->t_pnext = p->p_threads;
	p->p_threads = t;
	p->p_nthreads++;
	if (p->p_thread == NULL || t->t_tid == p->p_pid)
		p->p_thread = t;
}

/* Take t off p's thread list; p_thread becomes another live thread (interrupts off). */
static void proc_unlink_thread(struct proc *p, struct thread *t)
{
	struct thread **pp;

	for (pp = &p->p_threads; *pp != NULL; pp = &(*pp)->t_pnext) {
		if (*pp == t) {
			*pp = t->t_pnext;
			p->p_nthreads--;
			signal_thread_gone(p, t);
			break;
		}
	}
	if (p->p_thread == t)
		p->p_thread = p->p_threads;
}

struct thread *proc_find_thread(int tid)
{
	struct proc *p;
	struct thread *t;

	KASSERT(sched_lock_held());
	for (p = all_procs; p != NULL; p = p->p_allnext)
		for (t = p->p_threads; t != NULL; t = t->t_pnext)
			if (t->t_tid == tid)
				return t;
	return NULL;
}

static void proc_add_child(struct proc *parent, struct proc *child)
{
	child->p_parent = parent;
	child->p_sibling = parent->p_children;
	parent->p_children = child;
}

/* Descriptors 0, 1 and 2 of init: /dev/console, as on Linux. */
static void open_console(struct proc *p)
{
	struct vnode *vn;
	struct file *f;
	int err, fd;

	mutex_lock(&vfs_lock);
	err = vfs_resolve(vfs_root(), "/dev/console", true, &vn);
	mutex_unlock(&vfs_lock);
	if (err == 0) {
		err = vfs_open_vnode(vn, O_RDWR, &f);
		mutex_lock(&vfs_lock);
		vnode_put(vn);
		mutex_unlock(&vfs_lock);
	}
	if (err != 0) {
		kprintf("init: no /dev/console (error %d)\n", -err);
		return;
	}
	for (fd = 0; fd < 3; fd++) {
		if (fd > 0)
			file_ref(f);
		p->p_fd->fd_files[fd] = f;
	}
}

void proc_start_init(const char *path, char *const argv[])
{
	static char *const envp[] = { "PATH=/bin:/sbin", "HOME=/root", "TERM=vt100", NULL };
	struct fdtable *fdt = fdtable_alloc();
	struct trapframe tf;
	struct thread *t;
	struct proc *p;
	unsigned long fl = sched_lock();
	int err;

	p = fdt != NULL ? proc_alloc(fdt) : NULL;
	sched_unlock(fl);
	if (p == NULL)
		panic("init: out of memory");
	mutex_lock(&vfs_lock);
	p->p_cwd = vfs_root();
	vnode_ref(p->p_cwd);
	mutex_unlock(&vfs_lock);
	p->p_umask = 022;
	p->p_exitsig = SIGCHLD;
	if (pgrp_init_session(p) != 0)
		panic("init: out of memory");
	rlimit_defaults(p->p_rlim); /* and root's credentials: all zero */
	open_console(p);
	err = exec_image(p, path, argv, envp, &tf);
	if (err != 0)
		panic("init: cannot run %s (%d)", path, err);
	t = thread_create_user(p, &tf, p->p_pid);
	if (t == NULL)
		panic("init: out of memory");
	fl = sched_lock();
	proc_link_thread(p, t);
	sched_unlock(fl);
	initproc = p;
	sched_make_runnable(t);
}

/*
 * Give p the command line buf of len bytes (NULL, 0: none) and free the
 * old one.  p_cmdline and p_cmdline_len change together under the
 * scheduler lock, which procfs's readers hold while they copy the line
 * (fs/procfs.c: snapshot), and the old line is freed only once no reader
 * can reach it: no reader ever sees freed memory or a length of another
 * line.
 */
static void cmdline_replace(struct proc *p, char *buf, size_t len)
{
	unsigned long fl = sched_lock();
	char *old = p->p_cmdline;

	p->p_cmdline = buf;
	p->p_cmdline_len = buf != NULL ? len : 0;
	sched_unlock(fl);
	kfree(old);
}

void proc_set_exe(struct proc *p, char *exe)
{
	unsigned long fl = sched_lock();
	char *old = p->p_exe;

	p->p_exe = exe;
	sched_unlock(fl);
	kfree(old);
}

/* The new process's descriptor table (unless shared), cwd, umask, terminal and command line. */
static int fork_files(struct proc *parent, struct proc *child)
{
	if (child->p_fd != parent->p_fd)
		fdtable_copy(child->p_fd, parent->p_fd);
	child->p_cwd = parent->p_cwd;
	child->p_root = parent->p_root;
	mutex_lock(&vfs_lock);
	vnode_ref(child->p_cwd);
	if (child->p_root != NULL)
		vnode_ref(child->p_root);
	mutex_unlock(&vfs_lock);
	child->p_nice = parent->p_nice;
	child->p_umask = parent->p_umask;
	child->p_tty = parent->p_tty;
	child->p_cred = parent->p_cred;
	memcpy(child->p_rlim, parent->p_rlim, sizeof(child->p_rlim));
	memcpy(child->p_sigact, parent->p_sigact, sizeof(child->p_sigact));
	child->p_nodump = parent->p_nodump;
	child->p_no_new_privs = parent->p_no_new_privs;
	if (parent->p_cmdline != NULL) { /* only the parent itself changes its own */
		char *cmd = kmalloc(parent->p_cmdline_len);

		if (cmd == NULL)
			return -ENOMEM;
		memcpy(cmd, parent->p_cmdline, parent->p_cmdline_len);
		cmdline_replace(child, cmd, parent->p_cmdline_len);
	}
	if (parent->p_exe != NULL) {
		size_t len = strlen(parent->p_exe) + 1;
		char *exe = kmalloc(len);

		if (exe == NULL)
			return -ENOMEM;
		memcpy(exe, parent->p_exe, len);
		proc_set_exe(child, exe);
	}
	return 0;
}

/* Release what a running process holds besides its address space and thread. */
static void proc_release_files(struct proc *p)
{
	struct fdtable *fdt = p->p_fd;
	struct vnode *cwd = p->p_cwd, *root = p->p_root;

	p->p_fd = NULL;
	p->p_cwd = NULL;
	p->p_root = NULL;
	lock_release_proc(p);
	if (fdt != NULL)
		fdtable_put(fdt); /* the last user closes them (CLONE_FILES) */
	mutex_lock(&vfs_lock);
	if (cwd != NULL)
		vnode_put(cwd);
	if (root != NULL)
		vnode_put(root);
	mutex_unlock(&vfs_lock);
	cmdline_replace(p, NULL, 0);
	proc_set_exe(p, NULL);
}

void proc_set_cmdline(struct proc *p, char *const argv[])
{
	size_t len = 0, i, n;
	char *buf;

	for (i = 0; argv != NULL && argv[i] != NULL; i++)
		len += strlen(argv[i]) + 1;
	buf = len > 0 ? kmalloc(len) : NULL;
	if (buf != NULL)
		for (i = 0, n = 0; argv[i] != NULL; n += strlen(argv[i]) + 1, i++)
			memcpy(buf + n, argv[i], strlen(argv[i]) + 1);
	cmdline_replace(p, buf, len);
}

/*
 * Whether parent may have another child or thread: at most PROC_MAX tasks
 * (threads, and zombies) in all, and, unless root, RLIMIT_NPROC tasks per
 * real user (threads count, and zombies until reaped, as on Linux).  This
 * is what contains a fork (or clone) bomb.
 */
static int fork_allowed(const struct proc *parent)
{
	uint32_t uid = parent->p_cred.uid[ID_REAL];
	unsigned long fl = sched_lock();
	unsigned all = 0, users = 0;
	struct proc *p;

	for (p = all_procs; p != NULL; p = p->p_allnext) {
		unsigned tasks = p->p_nthreads > 0 ? p->p_nthreads : 1;

		all += tasks;
		users += p->p_cred.uid[ID_REAL] == uid ? tasks : 0;
	}
	sched_unlock(fl);
	if (all >= PROC_MAX)
		return -EAGAIN;
	if (!cred_root(&parent->p_cred) && users >= rlimit_cur(parent, RLIMIT_NPROC))
		return -EAGAIN;
	return 0;
}

int proc_fork(struct trapframe *tf)
{
	struct clone_args_k ca = { .exit_signal = SIGCHLD };

	return proc_clone(tf, &ca);
}

/* The child's address space: the parent's own (CLONE_VM) or a copy-on-write copy. */
static struct vm_map *clone_map(struct vm_map *m, uint32_t flags)
{
	struct vm_map *copy;

	if (flags & CLONE_VM) {
		vm_map_ref(m);
		return m;
	}
	/* Other threads may mmap or munmap meanwhile: copy a still map. */
	vm_map_lock(m);
	copy = vm_map_fork(m);
	vm_map_unlock(m);
	return copy;
}

/* The new thread's user state: clone's return value 0, stack, TLS, mask. */
static void clone_thread_state(struct thread *t, const struct clone_args_k *ca)
{
	arch_thread_copy(&t->t_arch, &curthread->t_arch);
	if (ca->flags & CLONE_SETTLS)
		arch_thread_set_tls(&t->t_arch, ca->tls);
	t->t_sigmask = curthread->t_sigmask;
	/* As Linux: a new user of the same memory (not vfork) starts without the alternate stack. */
	if ((ca->flags & (CLONE_VM | CLONE_VFORK)) != CLONE_VM)
		t->t_altstack = curthread->t_altstack;
	if (ca->flags & CLONE_CHILD_SETTID)
		t->t_set_child_tid = ca->child_tid;
	if (ca->flags & CLONE_CHILD_CLEARTID)
		t->t_clear_child_tid = ca->child_tid;
}

#define VFORK_KILL_POLL_NS 10000000ull /* 10 ms */

/*
 * CLONE_VFORK: sleep until the child execs or exits (proc_mm_release),
 * or a SIGKILL comes (Linux's wait is killable).  Other signals stay
 * pending: the sleep is not interruptible, and looks for SIGKILL every
 * 10 ms.  A killed parent first takes its pointer back from the child,
 * found among its children under the scheduler lock (the child may have
 * been reaped and freed meanwhile: then it had already let go).
 */
static void vfork_wait(void)
{
	struct proc *p = curproc(), *c;
	unsigned long fl = sched_lock();

	while (curthread->t_vfork_wait && !(p->p_sigpending & SIGBIT(SIGKILL)) &&
	       !proc_thread_must_exit(curthread))
		sleep_on(curthread, time_deadline(clock_monotonic_ns(), VFORK_KILL_POLL_NS));
	for (c = p->p_children; c != NULL; c = c->p_sibling)
		if (c->p_vfork_parent == curthread)
			c->p_vfork_parent = NULL;
	curthread->t_vfork_wait = false;
	sched_unlock(fl);
}

void proc_mm_release(struct proc *p)
{
	struct thread *t = curthread;
	unsigned long fl;

	if (t->t_proc != p)
		return;
	futex_exit_robust(p->p_map);
	/*
	 * As Linux: only when another user of the space can see the word
	 * (another thread of p, or a process sharing the map).
	 */
	if (t->t_clear_child_tid != 0 && p->p_map != NULL &&
	    (p->p_nthreads > 1 || p->p_map->m_refs > 1)) {
		uint32_t zero = 0;

		if (copy_to_user(t->t_clear_child_tid, &zero, sizeof(zero)) == 0)
			futex_wake_addr(p->p_map, t->t_clear_child_tid, 1);
	}
	t->t_clear_child_tid = 0;
	fl = sched_lock();
	if (p->p_vfork_parent != NULL) {
		p->p_vfork_parent->t_vfork_wait = false;
		wakeup(p->p_vfork_parent);
		p->p_vfork_parent = NULL;
	}
	sched_unlock(fl);
}

void proc_child_start(void)
{
	struct thread *t = curthread;
	uint32_t tid = (uint32_t)t->t_tid;

	if (t->t_set_child_tid != 0) {
		arch_irq_enable(); /* a user copy may fault and sleep */
		(void)copy_to_user(t->t_set_child_tid, &tid, sizeof(tid)); /* ignored, as Linux */
		t->t_set_child_tid = 0;
		arch_irq_disable();
	}
	/* A group exit, an exec in another thread or a SIGKILL: before any user instruction. */
	signal_deliver(t->t_tf);
}

bool proc_thread_must_exit(const struct thread *t)
{
	const struct proc *p = t->t_proc;

	return p != NULL && (p->p_exiting || (p->p_exec_thread != NULL && p->p_exec_thread != t));
}

/*
 * clone with CLONE_THREAD: a new thread in the caller's process, sharing
 * everything the process holds.  Refused (EAGAIN, as Linux's copy_process
 * sees the group exiting: the caller dies anyway) while the group is
 * ending or an execve is ending the other threads, so execve never waits
 * for a thread born after it looked.  The tid is picked and the thread
 * linked in one stretch with interrupts off: no other pick sees the id free.
 */
static int clone_thread(struct trapframe *tf, const struct clone_args_k *ca)
{
	struct proc *p = curproc();
	struct trapframe ctf = *tf;
	struct thread *t;
	unsigned long fl;
	int err = fork_allowed(p), tid;

	if (err != 0)
		return err;
	arch_fork_child_return(&ctf, ca->newsp); /* clone returns 0 in the new thread */
	t = thread_create_user(p, &ctf, 0);
	if (t == NULL)
		return -ENOMEM;
	clone_thread_state(t, ca);
	fl = sched_lock();
	tid = proc_pid_pick(all_procs, next_pid);
	if (tid == 0 || p->p_exiting || p->p_exec_thread != NULL) {
		sched_unlock(fl);
		thread_destroy_unstarted(t);
		return -EAGAIN;
	}
	next_pid = tid % PID_MAX + 1;
	t->t_tid = tid;
	proc_link_thread(p, t);
	sched_unlock(fl);
	if (ca->flags & CLONE_PARENT_SETTID) /* failure ignored, as Linux */
		(void)copy_to_user(ca->parent_tid, &tid, sizeof(tid));
	sched_make_runnable(t);
	return tid;
}

int proc_clone(struct trapframe *tf, const struct clone_args_k *ca)
{
	struct proc *parent = curproc(), *child;
	struct trapframe ctf = *tf;
	struct thread *t;
	unsigned long fl;
	struct vm_map *map;
	struct fdtable *fdt;
	int err, pid;

	if (ca->flags & CLONE_THREAD)
		return clone_thread(tf, ca);
	if ((err = fork_allowed(parent)) != 0)
		return err;
	err = -ENOMEM;
	map = clone_map(parent->p_map, ca->flags);
	fdt = ca->flags & CLONE_FILES ? fdtable_share(parent->p_fd) : fdtable_alloc();
	if (map == NULL || fdt == NULL)
		goto fail_map;
	fl = sched_lock();
	child = proc_alloc(fdt);
	sched_unlock(fl);
	if (child == NULL)
		goto fail_map;
	arch_fork_child_return(&ctf, ca->newsp); /* fork returns 0 in the child */
	child->p_map = map;
	child->p_exitsig = ca->exit_signal;
	memcpy(child->p_name, parent->p_name, sizeof(child->p_name));
	if (fork_files(parent, child) != 0)
		goto fail_proc;
	t = thread_create_user(child, &ctf, child->p_pid);
	if (t == NULL)
		goto fail_proc;
	clone_thread_state(t, ca);
	fl = sched_lock();
	proc_link_thread(child, t);
	/*
	 * A SIGKILL that reached the parent while it was forking (kill -1 on a
	 * fork bomb) found no thread in the child yet: pass it on, so the child
	 * dies before running a user instruction and nothing escapes.
	 */
	if (parent->p_sigpending & SIGBIT(SIGKILL))
		child->p_sigpending |= SIGBIT(SIGKILL);
	pgrp_join(child, parent->p_pgrp);
	proc_add_child(parent, child);
	if (ca->flags & CLONE_VFORK) {
		child->p_vfork_parent = curthread;
		curthread->t_vfork_wait = true;
	}
	pid = child->p_pid; /* the child may be gone once it runs */
	sched_unlock(fl);
	if (ca->flags & CLONE_PARENT_SETTID) /* failure ignored, as Linux */
		(void)copy_to_user(ca->parent_tid, &pid, sizeof(pid));
	sched_make_runnable(t);
	if (ca->flags & CLONE_VFORK)
		vfork_wait();
	return pid;

fail_proc:
	fl = sched_lock();
	proc_unlink_all(child);
	sched_unlock(fl);
	proc_release_files(child);
	kfree(child);
	fdt = NULL; /* put with the child's files */
fail_map:
	if (fdt != NULL)
		fdtable_put(fdt);
	if (map != NULL)
		vm_map_put(map);
	return err;
}

/* Give p's children to init; wake init if one of them is already a zombie. */
static void proc_reparent_children(struct proc *p)
{
	struct proc *c, *next;
	bool zombie = false;

	for (c = p->p_children; c != NULL; c = next) {
		next = c->p_sibling;
		proc_add_child(initproc, c);
		c->p_exitsig = SIGCHLD; /* as Linux: init gets SIGCHLD, whatever clone said */
		if (c->p_pdeathsig != 0 && c->p_state != P_ZOMBIE)
			signal_send(c, c->p_pdeathsig, NULL); /* prctl(PR_SET_PDEATHSIG) */
		zombie |= c->p_state == P_ZOMBIE;
	}
	p->p_children = NULL;
	if (zombie)
		wakeup(initproc);
}

/* Whether p's parent reaps nothing: SIGCHLD ignored, or SA_NOCLDWAIT. */
static bool parent_autoreaps(const struct proc *p)
{
	const struct ksigaction *ka = &p->p_parent->p_sigact[SIGCHLD];

	return p->p_parent != initproc &&
	       (ka->sa_handler == SIG_IGN || (ka->sa_flags & SA_NOCLDWAIT));
}

static void notify_parent_exit(struct proc *p, int status)
{
	struct ksiginfo info;

	memset(&info, 0, sizeof(info));
	info.si_signo = p->p_exitsig;
	info.si_code = (status & 0x7F) == 0 ? CLD_EXITED :
		       (status & W_COREDUMP) ? CLD_DUMPED : CLD_KILLED;
	info.si.kill.pid = p->p_pid;
	info.si.kill.status = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : status & 0x7F;
	if (p->p_exitsig > 0 && p->p_exitsig <= NSIG) /* clone's exit signal, 0: none */
		signal_send(p->p_parent, p->p_exitsig, &info);
}

/* Make every thread of p but the caller leave what it sleeps in (interrupts off). */
static void proc_kick_threads(struct proc *p)
{
	struct thread *t;

	for (t = p->p_threads; t != NULL; t = t->t_pnext)
		if (t != curthread)
			sched_signal_wake(t);
	wakeup(&p->p_stopped); /* stopped threads: do_stop looks at the group exit too */
}

void proc_exit(int status)
{
	struct proc *p = curproc();
	unsigned long fl = sched_lock();

	if (!p->p_exiting) { /* the first group exit's status wins, as Linux */
		p->p_exiting = true;
		p->p_xstat = status;
	}
	proc_kick_threads(p);
	sched_unlock(fl);
	proc_thread_exit(status);
}

int proc_exec_dethread(struct proc *p)
{
	unsigned long fl = sched_lock();
	int err = 0;

	if (p->p_exiting || p->p_exec_thread != NULL) {
		sched_unlock(fl);
		return -EAGAIN; /* the group is ending (or another exec ends us): we die anyway */
	}
	if (p->p_nthreads > 1) {
		p->p_exec_thread = curthread;
		proc_kick_threads(p);
		while (p->p_nthreads > 1)
			sleep_on(&p->p_nthreads, 0);
		p->p_exec_thread = NULL;
	}
	if (p->p_exiting || (p->p_sigpending & SIGBIT(SIGKILL)))
		err = -EAGAIN; /* killed meanwhile: no point in loading the program */
	else {
		curthread->t_tid = p->p_pid; /* it becomes the leader, as Linux's de_thread */
		p->p_thread = curthread;
	}
	sched_unlock(fl);
	return err;
}

/* The last thread of p: the process ends with status and becomes a zombie. */
static __attribute__((noreturn)) void proc_exit_last(struct proc *p, int status)
{
	struct vm_map *map = p->p_map;
	struct proc *c;
	unsigned long fl;

	if (p == initproc)
		panic("init exited with status %#x", status);
	cputime_sample_rss(p); /* its peak size, for the parent's wait4 */
	/*
	 * Leave the address space before releasing it: we run on its tables.
	 * Both at once, or a preemption in between would switch back to it.
	 */
	fl = sched_lock();
	p->p_map = NULL;
	vmm_activate(&vmm_kernel_space);
	sched_unlock(fl);
	vm_map_put(map); /* a vfork parent may share it */
	ipc_sem_exit(p); /* SEM_UNDO */
	if (pgrp_session_leader(p))
		tty_session_end(p);
	proc_release_files(p);
	ptimer_release(p);

	/*
	 * From P_ZOMBIE on, the parent may reap and free p at any moment it
	 * runs: this thread lets go of p first and stays unpreemptible (no
	 * sched_unlock) until thread_exit has switched away for good.
	 */
	arch_irq_disable();
	proc_unlink_thread(p, curthread);
	curthread->t_proc = NULL;
	p->p_it_value = 0;
	proc_reparent_children(p);
	p->p_state = P_ZOMBIE;
	p->p_status = status;
	p->p_thread = NULL;
	signal_discard(p, ~0ull);
	pgrp_orphan_check(p->p_pgrp);
	for (c = initproc->p_children; c != NULL; c = c->p_sibling)
		if (c->p_pgrp != p->p_pgrp)
			pgrp_orphan_check(c->p_pgrp);
	if (parent_autoreaps(p)) {
		struct proc *parent = p->p_parent;

		/* Nobody will wait: free it now (we run on the thread, not the proc). */
		proc_reap(parent, p);
		wakeup(parent);
	} else {
		notify_parent_exit(p, status);
		wakeup(p->p_parent);
	}
	thread_exit();
}

void proc_thread_exit(int status)
{
	struct proc *p = curproc();
	unsigned long fl;

	proc_mm_release(p); /* robust list, CLEARTID while the others still see the memory */
	fl = sched_lock();
	if (p->p_nthreads > 1) {
		/*
		 * Not the last: only leave the list.  Interrupts stay off until
		 * the switch away, so the last thread (which frees p) cannot run
		 * before this one is gone.
		 */
		proc_unlink_thread(p, curthread);
		curthread->t_proc = NULL;
		wakeup(&p->p_nthreads); /* an execve waiting to be alone */
		thread_exit();
	}
	if (p->p_exiting)
		status = p->p_xstat; /* else the last thread's own, as Linux */
	sched_unlock(fl);
	proc_exit_last(p, status);
}

static bool wait_matches(const struct proc *c, int pid, int mypgid, int options)
{
	/*
	 * Linux's clone children (exit signal other than SIGCHLD) answer only
	 * a wait with __WCLONE, the others only one without; __WALL: both.
	 */
	if (!(options & WALL) && ((c->p_exitsig != SIGCHLD) ^ !!(options & WCLONE)))
		return false;
	if (pid > 0)
		return c->p_pid == pid;
	if (options & WAIT_PGRP)
		return proc_pgid(c) == -pid;
	if (pid == 0)
		return proc_pgid(c) == mypgid;
	return pid == -1 || proc_pgid(c) == -pid;
}

/* Unlink the zombie c from its parent and the process list, and free it. */
static void proc_reap(struct proc *parent, struct proc *c)
{
	struct proc **pp;

	for (pp = &parent->p_children; *pp != c; pp = &(*pp)->p_sibling)
		;
	*pp = c->p_sibling;
	proc_unlink_all(c);
	pgrp_leave(c);
	kfree(c);
}

/*
 * What wait can report about c now: its status (and whether to reap), or
 * false.  WNOWAIT (waitid) leaves the event to be reported again.
 */
static bool wait_event(struct proc *c, int options, int *status, bool *reap)
{
	bool consume = !(options & WNOWAIT);

	*reap = false;
	if (c->p_state == P_ZOMBIE) {
		if (!(options & WEXITED))
			return false;
		*status = c->p_status;
		*reap = consume;
		return true;
	}
	if ((options & WUNTRACED) && c->p_report == REPORT_STOPPED && c->p_stopped) {
		*status = W_STOPCODE(c->p_stopsig);
		if (consume)
			c->p_report = REPORT_NONE;
		return true;
	}
	if ((options & WCONTINUED) && c->p_report == REPORT_CONTINUED) {
		*status = W_CONTINUED;
		if (consume)
			c->p_report = REPORT_NONE;
		return true;
	}
	return false;
}

int proc_wait(int pid, int *status, int options, struct cpu_usage *ru, uint32_t *uid)
{
	struct proc *p = curproc(), *c;
	unsigned long fl = sched_lock();

	for (;;) {
		bool any = false, reap;

		for (c = p->p_children; c != NULL; c = c->p_sibling) {
			if (!wait_matches(c, pid, proc_pgid(p), options))
				continue;
			any = true;
			if (wait_event(c, options, status, &reap)) {
				int cpid = c->p_pid;

				if (ru != NULL)
					cputime_usage_both(c, ru);
				if (uid != NULL)
					*uid = c->p_cred.uid[ID_REAL];
				if (reap) {
					cputime_reap(p, c);
					proc_reap(p, c);
				}
				sched_unlock(fl);
				return cpid;
			}
		}
		if (!any) {
			sched_unlock(fl);
			return -ECHILD;
		}
		if (options & WNOHANG) {
			sched_unlock(fl);
			return 0;
		}
		if (signal_pending()) { /* only now: a child that is ready wins */
			sched_unlock(fl);
			return -ERESTARTSYS;
		}
		sleep_on_intr(p, 0);
	}
}

unsigned proc_count(void)
{
	unsigned long fl = sched_lock();
	struct proc *p;
	unsigned n = 0;

	for (p = all_procs; p != NULL; p = p->p_allnext)
		n++;
	sched_unlock(fl);
	return n;
}

struct proc *proc_find(int pid)
{
	struct proc *p;

	KASSERT(sched_lock_held());
	for (p = all_procs; p != NULL; p = p->p_allnext)
		if (p->p_pid == pid)
			return p;
	return NULL;
}

int proc_next_pid(int after)
{
	struct proc *p;
	int best = 0;

	KASSERT(sched_lock_held());
	for (p = all_procs; p != NULL; p = p->p_allnext)
		if (p->p_pid > after && (best == 0 || p->p_pid < best))
			best = p->p_pid;
	return best;
}

struct proc *proc_first(void)
{
	KASSERT(sched_lock_held());
	return all_procs;
}
