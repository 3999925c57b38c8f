/*
 * procfs.c: /proc (fs/procfs.h).
 *
 * Vnodes are made on each lookup and freed with their last reference;
 * a node is (kind, pid), and its inode number is derived from both so
 * that it is the same on every lookup.  A file's text is generated afresh
 * by each read, from a snapshot taken with the scheduler lock held (a
 * process cannot exit while interrupts are off), and the read returns
 * the slice at its offset.  Times are in USER_HZ (100 per second) ticks,
 * as Linux reports them.  /proc/N/task/T/ has a directory per live thread
 * T of process N (stat, status, comm of that thread), as Linux's.
 */
#include <arch/arch.h>
#include <dev/blkdev.h>
#include <dev/pci.h>
#include <fs/bcache.h>
#include <fs/pcache.h>
#include <fs/procfs.h>
#include <kern/clock.h>
#include <kern/cmdline.h>
#include <kern/ipc.h>
#include <kern/irq.h>
#include <kern/kstat.h>
#include <kern/proc.h>
#include <kern/thread.h>
#include <kern/version.h>
#include <lib/printf.h>
#include <net/inet_proc.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include <vm/pmm.h>
#include <vm/vm_map.h>

#define USER_HZ 100
#define TEXT_MAX 4096
#define NET_TEXT_MAX 65536   /* /proc/net/tcp: about 440 connections (a longer table is cut) */

enum pkind { PK_ROOT, PK_SELF, PK_MEMINFO, PK_UPTIME, PK_MOUNTS, PK_PIDDIR, PK_STAT,
	     PK_STATUS, PK_CMDLINE, PK_KCMDLINE, PK_PCI, PK_INTERRUPTS, PK_PARTITIONS, PK_CPUINFO, PK_LOADAVG, PK_KSTAT,
	     PK_SYS, PK_SYSKERNEL, PK_PIDMAX, PK_OSTYPE, PK_OSRELEASE, PK_HOSTNAME, PK_COMM,
	     PK_EXE, PK_TASKDIR, PK_TIDDIR, PK_NET, PK_NETTCP, PK_NETUDP, PK_NETSOCKSTAT,
	     PK_NETPNP, PK_NETLWIP, PK_SYSVIPC, PK_IPC_SHM, PK_IPC_SEM, PK_IPC_MSG };

struct pentry {
	const char *name;
	enum pkind kind;
	uint32_t mode;
};

static const struct pentry root_entries[] = {
	{ "self", PK_SELF, S_IFLNK | 0777 },
	{ "meminfo", PK_MEMINFO, S_IFREG | 0444 },
	{ "uptime", PK_UPTIME, S_IFREG | 0444 },
	{ "mounts", PK_MOUNTS, S_IFREG | 0444 },
	{ "cmdline", PK_KCMDLINE, S_IFREG | 0444 },
	{ "pci", PK_PCI, S_IFREG | 0444 },
	{ "interrupts", PK_INTERRUPTS, S_IFREG | 0444 },
	{ "partitions", PK_PARTITIONS, S_IFREG | 0444 },
	{ "cpuinfo", PK_CPUINFO, S_IFREG | 0444 },
	{ "loadavg", PK_LOADAVG, S_IFREG | 0444 },
	{ "stat", PK_KSTAT, S_IFREG | 0444 },
	{ "sys", PK_SYS, S_IFDIR | 0555 },
	{ "net", PK_NET, S_IFDIR | 0555 },
	{ "sysvipc", PK_SYSVIPC, S_IFDIR | 0555 },
};

/* /proc/net: Linux's tables (net/inet_proc.h) and Breenix's lwip. */
static const struct pentry net_entries[] = {
	{ "tcp", PK_NETTCP, S_IFREG | 0444 },
	{ "udp", PK_NETUDP, S_IFREG | 0444 },
	{ "sockstat", PK_NETSOCKSTAT, S_IFREG | 0444 },
	{ "pnp", PK_NETPNP, S_IFREG | 0444 },
	{ "lwip", PK_NETLWIP, S_IFREG | 0444 },
};

/* System V IPC objects (kern/ipc_*.c), Linux's columns. */
static const struct pentry sysvipc_entries[] = {
	{ "shm", PK_IPC_SHM, S_IFREG | 0444 },
	{ "sem", PK_IPC_SEM, S_IFREG | 0444 },
	{ "msg", PK_IPC_MSG, S_IFREG | 0444 },
};

static const struct pentry pid_entries[] = {
	{ "stat", PK_STAT, S_IFREG | 0444 },
	{ "status", PK_STATUS, S_IFREG | 0444 },
	{ "cmdline", PK_CMDLINE, S_IFREG | 0444 },
	{ "comm", PK_COMM, S_IFREG | 0444 },
	{ "exe", PK_EXE, S_IFLNK | 0777 },
	{ "task", PK_TASKDIR, S_IFDIR | 0555 },
};

/* /proc/N/task/T/ */
static const struct pentry tid_entries[] = {
	{ "stat", PK_STAT, S_IFREG | 0444 },
	{ "status", PK_STATUS, S_IFREG | 0444 },
	{ "comm", PK_COMM, S_IFREG | 0444 },
};

static const struct pentry sys_entries[] = {
	{ "kernel", PK_SYSKERNEL, S_IFDIR | 0555 },
};

/* Read-only: nothing here can be set (Linux lets root write hostname and pid_max). */
static const struct pentry sys_kernel_entries[] = {
	{ "hostname", PK_HOSTNAME, S_IFREG | 0444 },
	{ "osrelease", PK_OSRELEASE, S_IFREG | 0444 },
	{ "ostype", PK_OSTYPE, S_IFREG | 0444 },
	{ "pid_max", PK_PIDMAX, S_IFREG | 0444 },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct pnode {
	struct vnode vn;
	enum pkind kind;
	int pid;
	int tid;        /* a thread's node (under task/): its tid; else 0 */
};

static const struct vnode_ops procfs_ops;
static struct mount proc_mount;

static struct pnode *PN(struct vnode *vn)
{
	return (struct pnode *)vn;
}

/* A process's files belong to its effective user and group, as on Linux. */
static void owner_of(int pid, struct vnode *vn)
{
	unsigned long fl = sched_lock();
	struct proc *p = proc_find(pid);

	if (p != NULL) {
		vn->v_uid = p->p_cred.uid[ID_EFF];
		vn->v_gid = p->p_cred.gid[ID_EFF];
	}
	sched_unlock(fl);
}

/* The inode number of node (kind, pid, tid): the same on every lookup and in readdir. */
static uint64_t pnode_ino(enum pkind kind, int pid, int tid)
{
	return ((uint64_t)tid << 40) | ((uint64_t)pid << 8) | (uint64_t)kind | 0x10000000000ull;
}

static struct vnode *pnode_new_tid(enum pkind kind, int pid, int tid, uint32_t mode)
{
	struct pnode *pn = kzalloc(sizeof(*pn));

	if (pn == NULL)
		return NULL;
	vnode_init(&pn->vn, &proc_mount, mode, &procfs_ops);
	if (pid > 0)
		owner_of(pid, &pn->vn);
	pn->vn.v_ino = pnode_ino(kind, pid, tid);
	pn->vn.v_nlink = S_ISDIR(mode) ? 2 : 1;
	pn->kind = kind;
	pn->pid = pid;
	pn->tid = tid;
	return &pn->vn;
}

static struct vnode *pnode_new(enum pkind kind, int pid, uint32_t mode)
{
	return pnode_new_tid(kind, pid, 0, mode);
}

static void procfs_inactive(struct vnode *vn)
{
	if (vn != proc_mount.m_root)
		kfree(PN(vn));
}

static bool pid_alive(int pid)
{
	unsigned long fl = sched_lock();
	bool alive = proc_find(pid) != NULL;

	sched_unlock(fl);
	return alive;
}

/* Whether tid is a live thread of process pid. */
static bool tid_alive(int pid, int tid)
{
	unsigned long fl = sched_lock();
	struct thread *t = proc_find_thread(tid);
	bool alive = t != NULL && t->t_proc != NULL && t->t_proc->p_pid == pid;

	sched_unlock(fl);
	return alive;
}

/* The smallest tid above after among pid's live threads, or 0 (sched_lock held). */
static int next_tid(int pid, int after)
{
	struct proc *p = proc_find(pid);
	struct thread *t;
	int best = 0;

	for (t = p != NULL ? p->p_threads : NULL; t != NULL; t = t->t_pnext)
		if (t->t_tid > after && (best == 0 || t->t_tid < best))
			best = t->t_tid;
	return best;
}

static int parse_pid(const char *s)
{
	int pid = 0;

	if (*s == '\0' || *s == '0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || pid > 100000)
			return -1;
		pid = pid * 10 + (*s - '0');
	}
	return pid;
}

static int find_entry(const struct pentry *tab, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(tab[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* The fixed entries of a directory of kind k (a pid directory's, the root's before the pids). */
static const struct pentry *dir_entries(enum pkind k, size_t *n)
{
	switch (k) {
	case PK_ROOT: *n = NELEM(root_entries); return root_entries;
	case PK_PIDDIR: *n = NELEM(pid_entries); return pid_entries;
	case PK_TIDDIR: *n = NELEM(tid_entries); return tid_entries;
	case PK_SYS: *n = NELEM(sys_entries); return sys_entries;
	case PK_NET: *n = NELEM(net_entries); return net_entries;
	case PK_SYSKERNEL: *n = NELEM(sys_kernel_entries); return sys_kernel_entries;
	case PK_SYSVIPC: *n = NELEM(sysvipc_entries); return sysvipc_entries;
	default: *n = 0; return NULL;
	}
}

static int procfs_lookup(struct vnode *dir, const char *name, struct vnode **out)
{
	struct pnode *d = PN(dir);
	const struct pentry *tab;
	struct vnode *vn;
	size_t n;
	int i, pid;

	if (strcmp(name, "..") == 0) {
		if (d->kind == PK_SYSKERNEL || d->kind == PK_TIDDIR || d->kind == PK_TASKDIR) {
			vn = d->kind == PK_SYSKERNEL ? pnode_new(PK_SYS, 0, S_IFDIR | 0555) :
			     d->kind == PK_TIDDIR ? pnode_new(PK_TASKDIR, d->pid, S_IFDIR | 0555) :
			     pnode_new(PK_PIDDIR, d->pid, S_IFDIR | 0555);
			if (vn == NULL)
				return -ENOMEM;
		} else {
			vn = d->kind == PK_ROOT ? dir : proc_mount.m_root;
			vnode_ref(vn);
		}
		*out = vn;
		return 0;
	}
	tab = dir_entries(d->kind, &n);
	i = tab != NULL ? find_entry(tab, n, name) : -1;
	if (i >= 0 && d->kind == PK_TIDDIR) {
		if (!tid_alive(d->pid, d->tid))
			return -ENOENT;
		vn = pnode_new_tid(tab[i].kind, d->pid, d->tid, tab[i].mode);
	} else if (i >= 0 && (d->kind != PK_PIDDIR || pid_alive(d->pid)))
		vn = pnode_new(tab[i].kind, d->pid, tab[i].mode);
	else if (d->kind == PK_TASKDIR && (pid = parse_pid(name)) > 0 && tid_alive(d->pid, pid))
		vn = pnode_new_tid(PK_TIDDIR, d->pid, pid, S_IFDIR | 0555);
	else if (d->kind == PK_ROOT && (pid = parse_pid(name)) > 0 && pid_alive(pid))
		vn = pnode_new(PK_PIDDIR, pid, S_IFDIR | 0555);
	else
		return -ENOENT;
	if (vn == NULL)
		return -ENOMEM;
	*out = vn;
	return 0;
}

static int procfs_readdir(struct vnode *dir, uint64_t *cookie, struct vdirent *out)
{
	static char pidname[16]; /* vfs_lock held: one reader at a time */
	struct pnode *d = PN(dir);
	uint64_t c = *cookie;
	const struct pentry *tab;
	unsigned long fl;
	size_t n;
	int pid;

	if (c < 2) {
		out->d_ino = dir->v_ino;
		out->d_type = DT_DIR;
		out->d_name = c == 0 ? "." : "..";
		out->d_namelen = (uint16_t)(c + 1);
		*cookie = c + 1;
		return 0;
	}
	tab = dir_entries(d->kind, &n);
	if (c - 2 < n) {
		const struct pentry *e = &tab[c - 2];

		out->d_name = e->name;
		out->d_type = S_ISDIR(e->mode) ? DT_DIR : S_ISLNK(e->mode) ? DT_LNK : DT_REG;
		out->d_ino = pnode_ino(e->kind, d->pid, d->tid);
		++*cookie;
		goto named;
	}
	if (d->kind == PK_TASKDIR) { /* the cookie is 2 + the last tid shown */
		fl = sched_lock();
		pid = next_tid(d->pid, (int)(c - 2));
		sched_unlock(fl);
		if (pid == 0)
			return 1;
		snprintf(pidname, sizeof(pidname), "%d", pid);
		out->d_name = pidname;
		out->d_type = DT_DIR;
		out->d_ino = pnode_ino(PK_TIDDIR, d->pid, pid);
		*cookie = 2 + (uint64_t)pid;
		goto named;
	}
	if (d->kind != PK_ROOT)
		return 1;
	/* Then the processes: the cookie is 2 + entries + the last pid shown. */
	fl = sched_lock();
	pid = proc_next_pid((int)(c - 2 - NELEM(root_entries)));
	sched_unlock(fl);
	if (pid == 0)
		return 1;
	snprintf(pidname, sizeof(pidname), "%d", pid);
	out->d_name = pidname;
	out->d_type = DT_DIR;
	out->d_ino = pnode_ino(PK_PIDDIR, pid, 0);
	*cookie = 2 + NELEM(root_entries) + (uint64_t)pid;
named:
	out->d_namelen = (uint16_t)strlen(out->d_name);
	return 0;
}

/* /proc/N/exe: the path exec remembered (kern/exec.c), or ENOENT (exited, or none). */
static long exe_link(int pid, char *buf, size_t len)
{
	unsigned long fl = sched_lock();
	struct proc *p = proc_find(pid);
	long n = -ENOENT;

	if (p != NULL && p->p_exe != NULL)
		n = (long)strlcpy(buf, p->p_exe, len);
	sched_unlock(fl);
	return n;
}

static long procfs_readlink(struct vnode *vn, char *buf, size_t len)
{
	struct proc *p = curproc();

	if (PN(vn)->kind == PK_EXE)
		return exe_link(PN(vn)->pid, buf, len);
	return snprintf(buf, len, "%d", p != NULL ? p->p_pid : 0);
}

struct psnap {
	int pid, ppid, tid;
	unsigned nthreads;
	char state;
	char name[PROC_NAME_MAX];
	uint64_t start;
	struct cputime self, children;
	size_t vsize, rss;
	char *cmdline;
	size_t cmdline_len;
	struct cred cred;
};

/* Process pid, or its thread tid (tid > 0), as text needs it: with the scheduler lock. */
static int snapshot(int pid, int tid, struct psnap *s, char *cmd, size_t cmdmax)
{
	unsigned long fl = sched_lock();
	struct proc *p = proc_find(pid);
	struct thread *t = p != NULL ? p->p_thread : NULL;

	if (tid > 0 && (t = proc_find_thread(tid)) != NULL && t->t_proc != p)
		t = NULL;
	if (p == NULL || (tid > 0 && t == NULL)) {
		sched_unlock(fl);
		return -ESRCH;
	}
	s->pid = p->p_pid;
	s->tid = tid > 0 ? tid : p->p_pid;
	s->nthreads = p->p_nthreads > 0 ? p->p_nthreads : 1;
	s->ppid = p->p_parent != NULL ? p->p_parent->p_pid : 0;
	s->state = p->p_state == P_ZOMBIE ? 'Z' :
		t != NULL && t->t_state == T_SLEEPING ? 'S' : 'R';
	memcpy(s->name, p->p_name, sizeof(s->name));
	s->cred = p->p_cred;
	s->self = p->p_cpu.self;
	s->children = p->p_cpu.children;
	s->start = p->p_start_ticks;
	s->vsize = s->rss = 0;
	if (p->p_map != NULL)
		vm_map_usage(p->p_map, &s->vsize, &s->rss);
	s->cmdline_len = p->p_cmdline_len < cmdmax ? p->p_cmdline_len : cmdmax;
	if (p->p_cmdline != NULL)
		memcpy(cmd, p->p_cmdline, s->cmdline_len);
	sched_unlock(fl);
	return 0;
}

static uint64_t to_user_hz(uint64_t ticks)
{
	return ticks * USER_HZ / CLOCK_HZ;
}

static long gen_stat(char *buf, const struct psnap *s)
{
	return snprintf(buf, TEXT_MAX,
		"%d (%s) %c %d %d %d 0 -1 0 %lu %lu 0 0 %lu %lu %lu %lu 20 0 1 0 %lu %lu %lu "
		"18446744073709551615 4194304 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
		s->tid, s->name, s->state, s->ppid, s->pid, s->pid,
		(unsigned long)s->self.minflt, (unsigned long)s->children.minflt,
		(unsigned long)to_user_hz(s->self.utime), (unsigned long)to_user_hz(s->self.stime),
		(unsigned long)to_user_hz(s->children.utime),
		(unsigned long)to_user_hz(s->children.stime), (unsigned long)to_user_hz(s->start),
		(unsigned long)s->vsize, (unsigned long)s->rss);
}

static long gen_status(char *buf, const struct psnap *s)
{
	const char *sname = s->state == 'R' ? "running" : s->state == 'S' ? "sleeping" : "zombie";
	const struct cred *c = &s->cred; /* the fourth column is Linux's fsuid: the effective id */

	return snprintf(buf, TEXT_MAX,
		"Name:\t%s\nUmask:\t0022\nState:\t%c (%s)\nTgid:\t%d\nPid:\t%d\nPPid:\t%d\n"
		"Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\nVmSize:\t%8lu kB\nVmRSS:\t%8lu kB\n"
		"Threads:\t%u\n",
		s->name, s->state, sname, s->pid, s->tid, s->ppid,
		c->uid[ID_REAL], c->uid[ID_EFF], c->uid[ID_SAVED], c->uid[ID_EFF],
		c->gid[ID_REAL], c->gid[ID_EFF], c->gid[ID_SAVED], c->gid[ID_EFF],
		(unsigned long)(s->vsize >> 10), (unsigned long)(s->rss * PAGE_SIZE >> 10),
		s->nthreads);
}

static long gen_meminfo(char *buf)
{
	unsigned long total = pmm_total_count() * (PAGE_SIZE >> 10);
	unsigned long free = pmm_free_count() * (PAGE_SIZE >> 10);

	return snprintf(buf, TEXT_MAX,
		"MemTotal:       %8lu kB\nMemFree:        %8lu kB\nMemAvailable:   %8lu kB\n"
		"Buffers:        %8lu kB\nCached:         %8lu kB\nSwapCached:            0 kB\n"
		"Shmem:                 0 kB\nSReclaimable:          0 kB\n"
		"SwapTotal:             0 kB\nSwapFree:              0 kB\n",
		total, free, free, (unsigned long)(bcache_bytes() >> 10),
		(unsigned long)(pcache_total() * (PAGE_SIZE >> 10)));
}

static long gen_uptime(char *buf)
{
	uint64_t up = clock_monotonic_ns() / 10000000, idle = sched_idle_ticks() * 100 / CLOCK_HZ;

	return snprintf(buf, TEXT_MAX, "%lu.%02lu %lu.%02lu\n", (unsigned long)(up / 100),
			(unsigned long)(up % 100), (unsigned long)(idle / 100),
			(unsigned long)(idle % 100));
}

/*
 * Load averages are not kept (sysinfo's are 0 too): zeros, then running
 * and all processes, and the last pid field as the largest pid in use.
 */
static long gen_loadavg(char *buf)
{
	unsigned long fl = sched_lock();
	struct proc *p;
	int last = 0;

	for (p = proc_first(); p != NULL; p = p->p_allnext)
		if (p->p_pid > last)
			last = p->p_pid;
	sched_unlock(fl);
	return snprintf(buf, TEXT_MAX, "0.00 0.00 0.00 1/%u %d\n", proc_count(), last);
}

static long gen_mounts(char *buf)
{
	struct mount *m;
	long n = 0;

	for (m = vfs_mounts(); m != NULL && n < TEXT_MAX; m = m->m_next)
		n += snprintf(buf + n, TEXT_MAX - (size_t)n, "%s %s %s %s%s%s%s 0 0\n",
			      m->m_source != NULL ? m->m_source : m->m_type, m->m_path, m->m_type,
			      (m->m_flags & MS_RDONLY) ? "ro" : "rw",
			      (m->m_flags & MS_NOSUID) ? ",nosuid" : "",
			      (m->m_flags & MS_NODEV) ? ",nodev" : "",
			      (m->m_flags & MS_NOEXEC) ? ",noexec" : "");
	return n < TEXT_MAX ? n : TEXT_MAX - 1;
}

static bool is_net_table(enum pkind k)
{
	return k == PK_NETTCP || k == PK_NETUDP;
}

static long generate(struct pnode *pn, char *buf)
{
	struct psnap s;
	int err;

	switch (pn->kind) {
	case PK_NETTCP: return inet_proc_tcp(buf, NET_TEXT_MAX);
	case PK_NETUDP: return inet_proc_udp(buf, NET_TEXT_MAX);
	case PK_NETSOCKSTAT: return inet_proc_sockstat(buf, TEXT_MAX);
	case PK_NETPNP: return inet_proc_pnp(buf, TEXT_MAX);
	case PK_NETLWIP: return inet_proc_lwip(buf, TEXT_MAX);
	case PK_MEMINFO: return gen_meminfo(buf);
	case PK_UPTIME: return gen_uptime(buf);
	case PK_MOUNTS: return gen_mounts(buf);
	case PK_KCMDLINE: return snprintf(buf, TEXT_MAX, "%s\n", cmdline_string());
	case PK_PCI: return pci_proc_text(buf, TEXT_MAX);
	case PK_INTERRUPTS: return irq_proc_text(buf, TEXT_MAX);
	case PK_PARTITIONS: return blkdev_proc_partitions(buf, TEXT_MAX);
	case PK_CPUINFO: return arch_cpuinfo(buf, TEXT_MAX);
	case PK_LOADAVG: return gen_loadavg(buf);
	case PK_KSTAT: return kstat_proc_text(buf, TEXT_MAX);
	case PK_PIDMAX: return snprintf(buf, TEXT_MAX, "%d\n", PID_MAX);
	case PK_OSTYPE: return snprintf(buf, TEXT_MAX, "%s\n", KERN_OSTYPE);
	case PK_OSRELEASE: return snprintf(buf, TEXT_MAX, "%s\n", KERN_OSRELEASE);
	case PK_HOSTNAME: return snprintf(buf, TEXT_MAX, "%s\n", KERN_HOSTNAME);
	case PK_IPC_SHM: return ipc_shm_proc(buf, TEXT_MAX);
	case PK_IPC_SEM: return ipc_sem_proc(buf, TEXT_MAX);
	case PK_IPC_MSG: return ipc_msg_proc(buf, TEXT_MAX);
	default: break;
	}
	err = snapshot(pn->pid, pn->tid, &s, buf, TEXT_MAX);
	if (err != 0)
		return err;
	if (pn->kind == PK_CMDLINE)
		return (long)s.cmdline_len;
	if (pn->kind == PK_COMM)
		return snprintf(buf, TEXT_MAX, "%.15s\n", s.name); /* Linux's TASK_COMM_LEN - 1 */
	return pn->kind == PK_STAT ? gen_stat(buf, &s) : gen_status(buf, &s);
}

static long procfs_read(struct vnode *vn, struct uio *u, uint64_t off)
{
	long max = is_net_table(PN(vn)->kind) ? NET_TEXT_MAX : TEXT_MAX;
	char *buf = kmalloc((size_t)max);
	long len, n;

	if (buf == NULL)
		return -ENOMEM;
	len = generate(PN(vn), buf);
	if (len > max - 1)
		len = max - 1;
	n = 0;
	if (len > 0 && off < (uint64_t)len) {
		n = (long)((uint64_t)len - off < u->len ? (uint64_t)len - off : u->len);
		if (uio_copyout(u, 0, buf + off, (size_t)n) != 0)
			n = -EFAULT;
	} else if (len < 0) {
		n = len;
	}
	kfree(buf);
	return n;
}

static const struct vnode_ops procfs_ops = {
	.vop_lookup = procfs_lookup,
	.vop_readlink = procfs_readlink,
	.vop_read = procfs_read,
	.vop_readdir = procfs_readdir,
	.vop_inactive = procfs_inactive,
};

struct mount *procfs_create(void)
{
	struct vnode *root = pnode_new(PK_ROOT, 0, S_IFDIR | 0555);

	if (root == NULL)
		return NULL;
	proc_mount.m_type = "proc";
	proc_mount.m_root = root;
	proc_mount.m_magic = PROC_SUPER_MAGIC;
	return &proc_mount;
}
