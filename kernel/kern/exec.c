/*
 * exec.c: building a new address space from an ELF executable and the
 * System V initial stack, then swapping it into the process.
 *
 * Everything that can fail happens on the new map before the point of no
 * return, so a failed execve leaves the caller as it was.  A file that
 * starts with "#!" runs its interpreter instead, with the script's path
 * (and the optional interpreter argument) in front of argv.
 */
#include <arch/arch.h>
#include <arch/thread.h>
#include <kern/cmdline.h>
#include <kern/elf.h>
#include <kern/exec.h>
#include <fs/file.h>
#include <fs/vfs.h>
#include <kern/proc.h>
#include <kern/ptimer.h>
#include <kern/random.h>
#include <kern/thread.h>
#include <lib/string.h>
#include <vm/kmalloc.h>
#include <sys/errno.h>
#include <vm/vm_map.h>
#include <vm/vmm.h>

#define EXEC_MAX_INTERP 4
#define EXEC_MAX_ARGS 4096
#define SHEBANG_MAX 128
#define EXEC_MAX_FILE (64u << 20) /* largest executable read whole */

enum { AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_ENTRY = 9,
       AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_SECURE = 23, AT_RANDOM = 25,
       AT_EXECFN = 31 };

#define AUXV_MAX 13

static unsigned vec_count(char *const v[])
{
	unsigned n = 0;

	while (v != NULL && v[n] != NULL)
		n++;
	return n;
}

static unsigned seg_prot(uint32_t flags)
{
	return ((flags & PF_R) ? VM_PROT_READ : 0) | ((flags & PF_W) ? VM_PROT_WRITE : 0) |
	       ((flags & PF_X) ? VM_PROT_EXEC : 0);
}

/* Regions and contents of the PT_LOAD segments; a page shared by two segments keeps the first's region. */
static int load_segments(struct vm_map *m, const uint8_t *file, const struct elf_image *img)
{
	vaddr_t brk = 0;
	unsigned i;

	for (i = 0; i < img->nloads; i++) {
		const struct elf_segment *s = &img->loads[i];
		vaddr_t start = PAGE_ROUND_DOWN(s->vaddr), end = PAGE_ROUND_UP(s->vaddr + s->memsz);
		struct vm_region *r;
		int err;

		for (r = m->m_regions; r != NULL; r = r->r_next)
			if (r->r_start < end && start < r->r_end && r->r_end > start)
				start = r->r_end;
		if (start < end && (err = vm_map_add(m, start, end - start, seg_prot(s->flags), 0)) != 0)
			return err;
		if ((err = vm_map_write(m, s->vaddr, file + s->offset, s->filesz)) != 0)
			return err;
		if (end > brk)
			brk = end;
	}
	m->m_brk_start = m->m_brk = brk;
	return 0;
}

/* What execve settles before building the new image. */
struct exec_layout {
	struct cred cred;      /* the credentials the program runs with */
	size_t stack_size;     /* RLIMIT_STACK, within [STACK_MIN, USER_STACK_MAX] */
	uint64_t as_limit;     /* RLIMIT_AS */
	vaddr_t stack_start;   /* where the initial stack begins */
	vaddr_t brk_gap;       /* between the end of bss and the heap */
	vaddr_t mmap_base;
};

#define STACK_MIN (128ULL << 10)
#define BRK_RANDOM (32ULL << 20)

/* A random multiple of align below limit (0 without randomisation). */
static uint64_t random_offset(uint64_t limit, uint64_t align)
{
	uint64_t r;

	if (cmdline_has("norandmaps"))
		return 0; /* Linux's switch: the same addresses every run, for debugging */
	random_bytes(&r, sizeof(r));
	return (r % (limit / align)) * align;
}

/*
 * Address-space randomisation, as Linux does it: the start of the stack
 * (pages and a 16-byte offset within the page), the heap's start and the
 * mmap base move by random amounts at every execve.
 */
static void layout_init(struct exec_layout *l, const struct proc *p, const struct stat *st)
{
	uint64_t stack = rlimit_cur(p, RLIMIT_STACK);

	l->cred = p->p_cred;
	/* PR_SET_NO_NEW_PRIVS: the set-user/group-ID bits change nothing. */
	cred_exec(&l->cred, p->p_no_new_privs ? st->st_mode & ~(S_ISUID | S_ISGID) : st->st_mode,
		  st->st_uid, st->st_gid);
	l->stack_size = stack < STACK_MIN ? STACK_MIN : stack > USER_STACK_MAX ? USER_STACK_MAX :
		PAGE_ROUND_UP(stack);
	l->as_limit = rlimit_cur(p, RLIMIT_AS);
	l->stack_start = USER_STACK_TOP - random_offset(USER_STACK_RANDOM, PAGE_SIZE) -
			 random_offset(PAGE_SIZE, 16);
	l->brk_gap = random_offset(BRK_RANDOM, PAGE_SIZE);
	l->mmap_base = USER_MMAP_BASE + random_offset(USER_MMAP_RANDOM, PAGE_SIZE);
}

struct stack_builder {
	struct vm_map *m;
	vaddr_t sp;
	int err;
};

/* Push n bytes on the new stack; returns their address. */
static vaddr_t push_bytes(struct stack_builder *b, const void *p, size_t n)
{
	b->sp -= n;
	if (b->err == 0)
		b->err = vm_map_write(b->m, b->sp, p, n);
	return b->sp;
}

static void push_word(struct stack_builder *b, uint64_t w)
{
	push_bytes(b, &w, sizeof(w));
}

/* Strings of a vector, pushed; their addresses go to addrs. */
static void push_strings(struct stack_builder *b, char *const v[], unsigned n, vaddr_t *addrs)
{
	unsigned i;

	for (i = 0; i < n; i++)
		addrs[i] = push_bytes(b, v[i], strlen(v[i]) + 1);
}

/*
 * The initial stack, from the top down: strings, 16 random bytes, padding,
 * then (growing down to the stack pointer, 16-byte aligned) argc, argv[], NULL, envp[],
 * NULL, auxv pairs ending in AT_NULL.
 */
static int build_stack(struct vm_map *m, const struct elf_image *img, char *const argv[],
		       char *const envp[], const struct exec_layout *l, vaddr_t *usp)
{
	unsigned argc = vec_count(argv), envc = vec_count(envp), i, nwords;
	const struct cred *c = &l->cred;
	vaddr_t *addrs;
	struct stack_builder b = { m, l->stack_start, 0 };
	uint64_t rnd[2], aux[2 * AUXV_MAX];
	vaddr_t rnd_at, execfn;
	unsigned naux = 0;

	if (argc + envc > 2 * EXEC_MAX_ARGS)
		return -E2BIG;
	addrs = kmalloc((argc + envc + 1) * sizeof(*addrs));
	if (addrs == NULL)
		return -ENOMEM;
	push_word(&b, 0);
	push_strings(&b, envp, envc, addrs + argc);
	push_strings(&b, argv, argc, addrs);
	execfn = argc > 0 ? addrs[0] : 0;
	random_bytes(rnd, sizeof(rnd));
	rnd_at = push_bytes(&b, rnd, sizeof(rnd));
	b.sp &= ~15ULL;

#define AUX(k, v) (aux[naux * 2] = (k), aux[naux * 2 + 1] = (v), naux++)
	AUX(AT_PHDR, img->phdr_vaddr);
	AUX(AT_PHENT, 56);
	AUX(AT_PHNUM, img->phnum);
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_ENTRY, img->entry);
	AUX(AT_UID, c->uid[ID_REAL]);
	AUX(AT_EUID, c->uid[ID_EFF]);
	AUX(AT_GID, c->gid[ID_REAL]);
	AUX(AT_EGID, c->gid[ID_EFF]);
	AUX(AT_SECURE, c->uid[ID_EFF] != c->uid[ID_REAL] || c->gid[ID_EFF] != c->gid[ID_REAL]);
	AUX(AT_RANDOM, rnd_at);
	AUX(AT_EXECFN, execfn);
	AUX(AT_NULL, 0);
#undef AUX
	nwords = 1 + argc + 1 + envc + 1 + 2 * naux;
	if (nwords & 1)
		push_word(&b, 0); /* so that the stack pointer ends 16-byte aligned */
	push_bytes(&b, aux, naux * 2 * sizeof(uint64_t));
	push_word(&b, 0);
	for (i = envc; i-- > 0;)
		push_word(&b, addrs[argc + i]);
	push_word(&b, 0);
	for (i = argc; i-- > 0;)
		push_word(&b, addrs[i]);
	push_word(&b, argc);
	kfree(addrs);
	*usp = b.sp;
	return b.err;
}

static int args_size_ok(char *const argv[], char *const envp[])
{
	size_t total = 0;
	unsigned i;

	for (i = 0; argv != NULL && argv[i] != NULL; i++)
		total += strlen(argv[i]) + 1 + sizeof(char *);
	for (i = 0; envp != NULL && envp[i] != NULL; i++)
		total += strlen(envp[i]) + 1 + sizeof(char *);
	return total <= EXEC_ARG_MAX;
}

/* Build the new map; nothing about p changes. */
static int exec_build(const void *file, size_t size, char *const argv[], char *const envp[],
		      const struct exec_layout *l, struct vm_map **out, struct trapframe *tf)
{
	vaddr_t stack_low = PAGE_ROUND_DOWN(l->stack_start - l->stack_size), usp;
	struct elf_image img;
	struct vm_map *m;
	int err;

	if ((err = elf_check(file, size, USER_STACK_LOW, &img)) != 0)
		return err;
	if ((m = vm_map_create()) == NULL)
		return -ENOMEM;
	m->m_mmap_base = l->mmap_base;
	err = load_segments(m, file, &img);
	m->m_brk_start = m->m_brk = m->m_brk + l->brk_gap;
	if (err == 0)
		err = vm_map_add(m, stack_low, USER_STACK_TOP - stack_low,
				 VM_PROT_READ | VM_PROT_WRITE, VMR_STACK);
	if (err == 0 && l->as_limit != RLIM_INFINITY && vm_map_size(m) > l->as_limit)
		err = -ENOMEM;
	if (err == 0)
		err = build_stack(m, &img, argv, envp, l, &usp);
	if (err != 0) {
		vm_map_destroy(m);
		return err == -EEXIST || err == -EINVAL ? -ENOEXEC : err;
	}
	arch_user_frame(tf, img.entry, usp);
	*out = m;
	return 0;
}

/* "#!interp [arg]": new argv = interp [arg] path argv[1..]. */
static int shebang_argv(const char *file, size_t size, const char *path, char *const argv[],
			char *line, char **nargv, unsigned max)
{
	size_t n = 0;
	unsigned i = 0, j;
	char *p;

	while (n + 2 < size && n < SHEBANG_MAX - 1 && file[n + 2] != '\n') {
		line[n] = file[n + 2];
		n++;
	}
	line[n] = '\0';
	for (p = line; *p == ' ' || *p == '\t'; p++)
		;
	if (*p == '\0')
		return -ENOEXEC;
	nargv[i++] = p;
	while (*p != '\0' && *p != ' ' && *p != '\t')
		p++;
	if (*p != '\0') {
		*p++ = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '\0')
			nargv[i++] = p;
	}
	nargv[i++] = (char *)path;
	for (j = 1; argv != NULL && argv[0] != NULL && argv[j] != NULL; j++) {
		if (i + 1 >= max)
			return -E2BIG;
		nargv[i++] = argv[j];
	}
	nargv[i] = NULL;
	return 0;
}

struct shebang {
	char line[SHEBANG_MAX];
	char *argv[EXEC_MAX_ARGS + 3];
};

/*
 * As Linux: a program whose exec changed its effective ids is not
 * dumpable and loses its parent-death signal; any other exec makes the
 * process dumpable again.
 */
static void exec_set_dumpable(struct proc *p, const struct cred *c)
{
	bool changed = c->uid[ID_EFF] != p->p_cred.uid[ID_EFF] ||
		       c->gid[ID_EFF] != p->p_cred.gid[ID_EFF];

	p->p_nodump = changed;
	if (changed)
		p->p_pdeathsig = 0;
}

/*
 * Remember where the program came from for /proc/N/exe: the absolute
 * path of the directory that holds it (so "..", "." and symlinks on the
 * way are resolved, as Linux's d_path) and its name.  Best effort: when
 * it cannot be found (out of memory, a path too long) the link is absent.
 */
static void exec_remember_path(struct proc *p, const char *path)
{
	char *buf = kmalloc(PATH_MAX), name[NAME_MAX + 1], *exe = NULL;
	struct vnode *dir;
	size_t pos, nlen;
	bool trailing;
	int err;

	if (buf == NULL)
		goto out;
	mutex_lock(&vfs_lock);
	err = vfs_resolve_parent(p->p_cwd, path, &dir, name, &trailing);
	if (err == 0) {
		err = vfs_dir_path(dir, buf, PATH_MAX, &pos);
		vnode_put(dir);
	}
	mutex_unlock(&vfs_lock);
	if (err == 0) {
		size_t dlen = strcmp(buf + pos, "/") == 0 ? 0 : PATH_MAX - 1 - pos;

		nlen = strlen(name);
		exe = kmalloc(dlen + 1 + nlen + 1);
		if (exe != NULL) {
			memcpy(exe, buf + pos, dlen);
			exe[dlen] = '/';
			memcpy(exe + dlen + 1, name, nlen + 1);
		}
	}
out:
	kfree(buf);
	proc_set_exe(p, exe);
}

static int exec_depth(struct proc *p, const char *path, char *const argv[], char *const envp[],
		      struct trapframe *tf, int depth);

/* Run the interpreter named on the script's first line. */
static int exec_script(struct proc *p, const char *file, size_t size, const char *path,
		       char *const argv[], char *const envp[], struct trapframe *tf, int depth)
{
	struct shebang *sb;
	int err;

	if (depth == EXEC_MAX_INTERP)
		return -ELOOP;
	sb = kmalloc(sizeof(*sb));
	if (sb == NULL)
		return -ENOMEM;
	err = shebang_argv(file, size, path, argv, sb->line, sb->argv, EXEC_MAX_ARGS + 3);
	if (err == 0)
		err = exec_depth(p, sb->argv[0], sb->argv, envp, tf, depth + 1);
	kfree(sb);
	return err;
}

/* Handlers do not survive exec (their code is gone); ignored signals stay ignored. */
static void exec_reset_signals(struct proc *p)
{
	unsigned long fl = sched_lock();
	int sig;

	for (sig = 1; sig <= NSIG; sig++) {
		if (p->p_sigact[sig].sa_handler != SIG_IGN)
			p->p_sigact[sig].sa_handler = SIG_DFL;
		p->p_sigact[sig].sa_flags = 0;
		p->p_sigact[sig].sa_restorer = 0;
		p->p_sigact[sig].sa_mask = 0;
	}
	if (curthread->t_proc == p) { /* (not when the kernel starts init) */
		memset(&curthread->t_altstack, 0, sizeof(curthread->t_altstack));
		curthread->t_altstack.ss_flags = SS_DISABLE;
	}
	p->p_did_exec = true;
	sched_unlock(fl);
}

/*
 * A table of its own for the new program when p shares its descriptors
 * with another process (CLONE_FILES), as Linux's unshare_files: the
 * close-on-exec closes must not reach the other process.  *out NULL: not
 * shared.  Allocated before the point of no return.
 */
static int exec_unshare_files(struct proc *p, struct fdtable **out)
{
	*out = NULL;
	if (p->p_fd == NULL || p->p_fd->fd_refs <= 1)
		return 0;
	if ((*out = fdtable_alloc()) == NULL)
		return -ENOMEM;
	fdtable_copy(*out, p->p_fd);
	return 0;
}

/* Put the table t in place of p's (interrupts off: procfs and fd calls read p_fd). */
static void exec_swap_files(struct proc *p, struct fdtable *t)
{
	struct fdtable *old;
	unsigned long fl;

	if (t == NULL)
		return;
	fl = sched_lock();
	old = p->p_fd;
	p->p_fd = t;
	sched_unlock(fl);
	fdtable_put(old);
}

/*
 * Read the program path names, from p's current directory, which is
 * referenced under vfs_lock first: another thread's chdir may drop the
 * directory's last reference meanwhile.
 */
static int exec_read(struct proc *p, const char *path, void **file, size_t *size,
		     struct stat *st)
{
	struct vnode *cwd;
	int err;

	mutex_lock(&vfs_lock);
	cwd = p->p_cwd;
	vnode_ref(cwd);
	mutex_unlock(&vfs_lock);
	err = vfs_read_whole(cwd, path, file, size, EXEC_MAX_FILE, st);
	mutex_lock(&vfs_lock);
	vnode_put(cwd);
	mutex_unlock(&vfs_lock);
	return err;
}

static int exec_depth(struct proc *p, const char *path, char *const argv[], char *const envp[],
		      struct trapframe *tf, int depth)
{
	struct fdtable *fdt = NULL;
	struct exec_layout *l;
	struct vm_map *m, *old;
	struct stat st;
	void *file;
	size_t size;
	const char *base;
	bool script;
	int err;

	if (!args_size_ok(argv, envp))
		return -E2BIG;
	err = exec_read(p, path, &file, &size, &st);
	if (err != 0)
		return err == -E2BIG ? -ENOMEM : err;
	script = size >= 2 && memcmp(file, "#!", 2) == 0;
	l = kmalloc(sizeof(*l));
	if (l == NULL)
		err = -ENOMEM;
	else if (script) /* the interpreter's exec does the rest; set-user-ID scripts are not */
		err = exec_script(p, file, size, path, argv, envp, tf, depth);
	else {
		layout_init(l, p, &st);
		err = exec_build(file, size, argv, envp, l, &m, tf);
	}
	kfree(file);
	if (err == 0 && !script && (err = exec_unshare_files(p, &fdt)) != 0)
		vm_map_put(m);
	if (err == 0 && !script && curthread->t_proc == p && (err = proc_exec_dethread(p)) != 0) {
		vm_map_put(m); /* the process is being killed: it ends on the way out */
		if (fdt != NULL)
			fdtable_put(fdt);
	}
	if (err == 0 && script) {
		/* As Linux: a script's process is named after the script, not its interpreter. */
		base = strrchr(path, '/');
		strlcpy(p->p_name, base != NULL ? base + 1 : path, sizeof(p->p_name));
	}
	if (err != 0 || script) {
		kfree(l);
		return err;
	}

	/* Point of no return; the caller is p's only thread (proc_exec_dethread). */
	if (curthread->t_proc == p)
		proc_mm_release(p); /* CLEARTID in the old space; a vfork parent resumes */
	old = p->p_map;
	p->p_map = m;
	if (curthread->t_proc == p) {
		vmm_activate(m->m_space);
		arch_thread_exec_reset(curthread);
	}
	if (old != NULL)
		vm_map_put(old); /* a vfork parent may still use it */
	exec_swap_files(p, fdt);
	if (p->p_fd != NULL)
		fdtable_exec(p->p_fd);
	exec_reset_signals(p);
	ptimer_release(p); /* as Linux: POSIX timers do not survive exec */
	exec_set_dumpable(p, &l->cred);
	p->p_cred = l->cred;
	kfree(l);
	base = strrchr(path, '/');
	strlcpy(p->p_name, base != NULL ? base + 1 : path, sizeof(p->p_name));
	proc_set_cmdline(p, argv);
	exec_remember_path(p, path);
	return 0;
}

int exec_image(struct proc *p, const char *path, char *const argv[], char *const envp[],
	       struct trapframe *tf)
{
	return exec_depth(p, path, argv, envp, tf, 0);
}
