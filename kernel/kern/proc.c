/*
 * proc.c: creating, forking, ending and reaping processes (kern/proc.h).
 *
 * Who frees what (docs/process.md): proc_exit releases the address space
 * itself (after switching to the kernel's page tables, since it runs on
 * them), closes its descriptors, drops its current directory and command
 * line, hands the children to init, becomes a zombie and ends its thread,
 * whose kernel stack the scheduler frees after the switch.  The zombie's
 * struct proc, holding only the pid and wait status, is freed by the
 * parent's proc_wait.
 */
#include <fs/file.h>
#include <kern/clock.h>
#include <kern/exec.h>
#include <kern/kprintf.h>
#include <kern/panic.h>
#include <kern/proc.h>
#include <kern/thread.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include <vm/vm_map.h>
#include <vm/vmm.h>

#define PID_MAX 32768
#define WNOHANG 1

static struct proc *all_procs;
static struct proc *initproc;
static int next_pid = 1;

struct proc *curproc(void)
{
	return curthread->t_proc;
}

void proc_activate(struct proc *p)
{
	if (p->p_map != NULL)
		vmm_activate(p->p_map->m_space);
}

static bool pid_in_use(int pid)
{
	return proc_find(pid) != NULL;
}

/* A new process with a fresh pid, linked into the process list (interrupts off). */
static struct proc *proc_alloc(struct fdtable *fdt)
{
	struct proc *p = kzalloc(sizeof(*p));
	int tries;

	if (p == NULL)
		return NULL;
	p->p_fd = fdt;
	p->p_start_ticks = clock_ticks();
	for (tries = 0; tries < PID_MAX && pid_in_use(next_pid); tries++)
		next_pid = next_pid % PID_MAX + 1;
	p->p_pid = next_pid;
	next_pid = next_pid % PID_MAX + 1;
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
	struct fdtable *fdt = kzalloc(sizeof(*fdt));
	struct trapframe tf;
	struct proc *p;
	unsigned long fl = sched_lock();
	int err;

	p = fdt != NULL ? proc_alloc(fdt) : NULL;
	sched_unlock(fl);
	if (p == NULL)
		panic("init: out of memory");
	p->p_cwd = vfs_root();
	vnode_ref(p->p_cwd);
	p->p_umask = 022;
	open_console(p);
	err = exec_image(p, path, argv, envp, &tf);
	if (err != 0)
		panic("init: cannot run %s (%d)", path, err);
	p->p_thread = thread_create_user(p, &tf);
	if (p->p_thread == NULL)
		panic("init: out of memory");
	initproc = p;
	sched_make_runnable(p->p_thread);
}

/* The new process's descriptor table, cwd, umask, terminal and command line. */
static int fork_files(struct proc *parent, struct proc *child)
{
	fdtable_copy(child->p_fd, parent->p_fd);
	child->p_cwd = parent->p_cwd;
	mutex_lock(&vfs_lock);
	vnode_ref(child->p_cwd);
	mutex_unlock(&vfs_lock);
	child->p_umask = parent->p_umask;
	child->p_tty = parent->p_tty;
	if (parent->p_cmdline != NULL) {
		child->p_cmdline = kmalloc(parent->p_cmdline_len);
		if (child->p_cmdline == NULL)
			return -ENOMEM;
		memcpy(child->p_cmdline, parent->p_cmdline, parent->p_cmdline_len);
		child->p_cmdline_len = parent->p_cmdline_len;
	}
	return 0;
}

/* Release what a running process holds besides its address space and thread. */
static void proc_release_files(struct proc *p)
{
	struct fdtable *fdt = p->p_fd;
	struct vnode *cwd = p->p_cwd;

	p->p_fd = NULL;
	p->p_cwd = NULL;
	if (fdt != NULL) {
		fdtable_close_all(fdt);
		kfree(fdt);
	}
	if (cwd != NULL) {
		mutex_lock(&vfs_lock);
		vnode_put(cwd);
		mutex_unlock(&vfs_lock);
	}
	kfree(p->p_cmdline);
	p->p_cmdline = NULL;
	p->p_cmdline_len = 0;
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
	kfree(p->p_cmdline);
	p->p_cmdline = buf;
	p->p_cmdline_len = buf != NULL ? len : 0;
}

int proc_fork(struct trapframe *tf)
{
	struct proc *parent = curproc(), *child;
	struct trapframe ctf = *tf;
	unsigned long fl;
	struct vm_map *map = vm_map_fork(parent->p_map);
	struct fdtable *fdt = kzalloc(sizeof(*fdt));

	if (map == NULL || fdt == NULL)
		goto fail_map;
	fl = sched_lock();
	child = proc_alloc(fdt);
	sched_unlock(fl);
	if (child == NULL)
		goto fail_map;
	ctf.tf_rax = 0; /* fork returns 0 in the child */
	child->p_map = map;
	memcpy(child->p_name, parent->p_name, sizeof(child->p_name));
	if (fork_files(parent, child) != 0)
		goto fail_proc;
	child->p_thread = thread_create_user(child, &ctf);
	if (child->p_thread == NULL)
		goto fail_proc;
	child->p_thread->t_fsbase = curthread->t_fsbase;
	memcpy(child->p_thread->t_fpu, curthread->t_fpu, sizeof(curthread->t_fpu));
	fl = sched_lock();
	proc_add_child(parent, child);
	sched_unlock(fl);
	sched_make_runnable(child->p_thread);
	return child->p_pid;

fail_proc:
	fl = sched_lock();
	proc_unlink_all(child);
	sched_unlock(fl);
	proc_release_files(child);
	kfree(child);
	fdt = NULL; /* freed with the child's files */
fail_map:
	kfree(fdt);
	if (map != NULL)
		vm_map_destroy(map);
	return -ENOMEM;
}

/* Give p's children to init; wake init if one of them is already a zombie. */
static void proc_reparent_children(struct proc *p)
{
	struct proc *c, *next;
	bool zombie = false;

	for (c = p->p_children; c != NULL; c = next) {
		next = c->p_sibling;
		proc_add_child(initproc, c);
		zombie |= c->p_state == P_ZOMBIE;
	}
	p->p_children = NULL;
	if (zombie)
		wakeup(initproc);
}

void proc_exit(int status)
{
	struct proc *p = curproc();
	struct vm_map *map = p->p_map;
	unsigned long fl;

	if (p == initproc)
		panic("init exited with status %#x", status);
	/* Leave the address space before releasing it: we run on its tables. */
	vmm_activate(&vmm_kernel_space);
	p->p_map = NULL;
	vm_map_destroy(map);
	proc_release_files(p);

	fl = sched_lock();
	proc_reparent_children(p);
	p->p_state = P_ZOMBIE;
	p->p_status = status;
	p->p_thread = NULL;
	wakeup(p->p_parent);
	sched_unlock(fl);
	thread_exit();
}

static bool wait_matches(const struct proc *c, int pid)
{
	return pid <= 0 || c->p_pid == pid;
}

/* Unlink the zombie c from its parent and the process list, and free it. */
static void proc_reap(struct proc *parent, struct proc *c)
{
	struct proc **pp;

	for (pp = &parent->p_children; *pp != c; pp = &(*pp)->p_sibling)
		;
	*pp = c->p_sibling;
	proc_unlink_all(c);
	kfree(c);
}

int proc_wait(int pid, int *status, int options)
{
	struct proc *p = curproc(), *c;
	unsigned long fl = sched_lock();

	for (;;) {
		bool any = false;

		for (c = p->p_children; c != NULL; c = c->p_sibling) {
			if (!wait_matches(c, pid))
				continue;
			any = true;
			if (c->p_state == P_ZOMBIE) {
				int cpid = c->p_pid;

				*status = c->p_status;
				proc_reap(p, c);
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
		sleep_on(p, 0);
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

	for (p = all_procs; p != NULL; p = p->p_allnext)
		if (p->p_pid == pid)
			return p;
	return NULL;
}

int proc_next_pid(int after)
{
	struct proc *p;
	int best = 0;

	for (p = all_procs; p != NULL; p = p->p_allnext)
		if (p->p_pid > after && (best == 0 || p->p_pid < best))
			best = p->p_pid;
	return best;
}
