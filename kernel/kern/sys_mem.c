/*
 * sys_mem.c: brk, mmap, munmap, mprotect over the process's vm_map.
 * Linux's PROT_* bits are VM_PROT_READ/WRITE/EXEC's values.  Lengths and
 * addresses are checked here the way Linux checks them (which errno for a
 * wrapping length or range); the vm_map layer checks them again.
 */
#include <fs/file.h>
#include <kern/proc.h>
#include <kern/syscall.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include <vm/vm_map.h>
#include <vm/vmm.h>

#define PROT_MASK (VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC)
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_TYPE 0x0F
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_FIXED_NOREPLACE 0x100000
#define PROT_SEM 0x8                      /* accepted and ignored, as on x86 Linux */
#define MAX_LFS_FILESIZE 0x7FFFFFFFFFFFFFFFULL /* the last offset a mapping may reach */

/* RLIMIT_AS: whether len more bytes of address space fit (-ENOMEM if not). */
static int as_room(struct vm_map *m, size_t len)
{
	uint64_t lim = rlimit_cur(curproc(), RLIMIT_AS);

	return lim != RLIM_INFINITY && vm_map_size(m) + len > lim ? -ENOMEM : 0;
}

long sys_brk(const struct sysargs *a)
{
	struct vm_map *m = curproc()->p_map;
	vaddr_t want = a->arg[0], old_end = PAGE_ROUND_UP(m->m_brk), new_end;

	if (want < m->m_brk_start || want >= USER_MMAP_BASE)
		return m->m_brk;
	new_end = PAGE_ROUND_UP(want);
	if (new_end > old_end &&
	    (as_room(m, new_end - old_end) != 0 ||
	     vm_map_add(m, old_end, new_end - old_end, VM_PROT_READ | VM_PROT_WRITE, VMR_HEAP) != 0))
		return m->m_brk;
	if (new_end < old_end)
		vm_map_remove(m, new_end, old_end - new_end);
	m->m_brk = want;
	return want;
}

static long mmap_place(struct vm_map *m, vaddr_t addr, size_t len, int flags, vaddr_t *out)
{
	int err;

	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		/* Linux's order: the range (len <= VM_MAP_END: no wrap), then alignment. */
		if (addr > VM_MAP_END - len)
			return -ENOMEM;
		if (addr & PAGE_MASK)
			return -EINVAL;
		if (addr < PAGE_SIZE)
			return -EPERM; /* page 0 is never mapped (Linux: mmap_min_addr) */
		if ((flags & MAP_FIXED) && (err = vm_map_remove(m, addr, len)) != 0)
			return err;
		*out = addr;
		return 0;
	}
	return vm_map_find_space(m, len, addr, out);
}

/*
 * A private mapping of a regular file: an anonymous region filled with
 * the file's bytes now (later changes to the file are not seen, which
 * POSIX leaves unspecified for MAP_PRIVATE).  Shared file mappings would
 * need a page cache; they are refused with ENODEV.
 */
static long mmap_file(struct vm_map *m, const struct sysargs *a, struct file *f, size_t len,
		      int prot)
{
	int flags = (int)a->arg[3];
	vaddr_t at;
	long err;

	if (f->f_vnode == NULL || !S_ISREG(f->f_vnode->v_mode) || (flags & MAP_TYPE) == MAP_SHARED)
		return -ENODEV;
	if (!file_readable(f))
		return -EACCES;
	if ((prot & VM_PROT_EXEC) && f->f_vnode->v_mount != NULL &&
	    (f->f_vnode->v_mount->m_flags & MS_NOEXEC))
		return -EPERM; /* as Linux: nothing runs from a noexec file system */
	if (a->arg[5] > MAX_LFS_FILESIZE - len)
		return -EOVERFLOW;
	if ((err = as_room(m, len)) != 0 || (err = mmap_place(m, a->arg[0], len, flags, &at)) != 0)
		return err;
	if ((err = vm_map_add(m, at, len, prot, 0)) != 0)
		return err;
	err = vm_map_fill(m, at, len, f->f_vnode, a->arg[5]);
	if (err != 0) {
		vm_map_remove(m, at, len);
		return err;
	}
	return (long)at;
}

/*
 * The checks of length and type: 0, -EINVAL or -ENOMEM.  As Linux's
 * do_mmap, protection bits other than read, write and exec are ignored,
 * not refused (mprotect refuses them).
 */
static long mmap_args(size_t len, int type)
{
	if (len == 0 || (type != MAP_SHARED && type != MAP_PRIVATE))
		return -EINVAL;
	if (len > VM_MAP_END) /* also where rounding up would wrap to 0 */
		return -ENOMEM;
	return 0;
}

/*
 * Linux's order: a misaligned offset (x86's sys_mmap), then the
 * descriptor of a file mapping (ksys_mmap_pgoff's fget: EBADF before any
 * length or flag check of do_mmap), then the rest.
 */
long sys_mmap(const struct sysargs *a)
{
	struct vm_map *m = curproc()->p_map;
	vaddr_t addr = a->arg[0], at;
	size_t len = a->arg[1];
	int prot = (int)a->arg[2], flags = (int)a->arg[3], type = flags & MAP_TYPE;
	struct file *f;
	long err;

	if (a->arg[5] & PAGE_MASK)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS)) {
		if ((f = fd_get((int)a->arg[4])) == NULL)
			return -EBADF;
		err = mmap_args(len, type);
		if (err == 0)
			err = mmap_file(m, a, f, PAGE_ROUND_UP(len), prot & PROT_MASK);
		file_put(f);
		return err;
	}
	if ((err = mmap_args(len, type)) != 0)
		return err;
	len = PAGE_ROUND_UP(len);
	prot &= PROT_MASK;
	if ((err = as_room(m, len)) != 0 || (err = mmap_place(m, addr, len, flags, &at)) != 0)
		return err;
	err = vm_map_add(m, at, len, prot, type == MAP_SHARED ? VMR_SHARED : 0);
	if (err != 0)
		return err;
	if (type == MAP_SHARED && (err = vm_map_populate(m, at, len)) != 0) {
		vm_map_remove(m, at, len);
		return err;
	}
	return at;
}

long sys_munmap(const struct sysargs *a)
{
	/* Linux: EINVAL for a misaligned start or a range past the user half. */
	if (a->arg[1] == 0 || (a->arg[0] & PAGE_MASK))
		return -EINVAL;
	return vm_map_remove(curproc()->p_map, a->arg[0], a->arg[1]);
}

long sys_mprotect(const struct sysargs *a)
{
	vaddr_t start = a->arg[0];
	size_t len = a->arg[1];
	uint64_t prot = a->arg[2];

	/* Linux's order: alignment, empty range, wrapping range, then the bits. */
	if (start & PAGE_MASK)
		return -EINVAL;
	if (len == 0)
		return 0;
	if (start + PAGE_ROUND_UP(len) <= start)
		return -ENOMEM;
	if (prot & ~(uint64_t)(PROT_MASK | PROT_SEM))
		return -EINVAL;
	return vm_map_protect(curproc()->p_map, start, len, (unsigned)prot & PROT_MASK);
}
