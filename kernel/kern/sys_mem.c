/*
 * sys_mem.c: brk, mmap, munmap, mprotect, mremap, madvise and msync over
 * the process's vm_map.
 * Linux's PROT_* bits are VM_PROT_READ/WRITE/EXEC's values.  Lengths and
 * addresses are checked here the way Linux checks them (which errno for a
 * wrapping length or range); the vm_map layer checks them again.  Each
 * call holds the map's lock (vm_map_lock) throughout, so threads sharing
 * the map cannot interleave a find-space and its add, or a brk's
 * read and update of the break.
 */
#include <fs/file.h>
#include <kern/proc.h>
#include <kern/sysargs.h>
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

static long brk_locked(struct vm_map *m, vaddr_t want)
{
	vaddr_t old_end = PAGE_ROUND_UP(m->m_brk), new_end;

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

long sys_brk(const struct sys_brk_args *uap)
{
	struct vm_map *m = curproc()->p_map;
	long ret;

	vm_map_lock(m);
	ret = brk_locked(m, uap->brk);
	vm_map_unlock(m);
	return ret;
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
 * MAP_SHARED of a regular file: the region maps the file's own pages
 * (getpage: for a disk file, its page-cache pages; vm/vm_file.c), so
 * writes through it are writes to the file, seen by read() and by every
 * other mapping at once; msync(MS_SYNC) writes them to the disk.  As
 * Linux: the file must be open for reading, and for writing too if the
 * mapping may ever be written (else the region is VMR_NOWRITE and
 * mprotect cannot add PROT_WRITE).
 */
static long mmap_file_shared(struct vm_map *m, vaddr_t at, size_t len, int prot, struct file *f,
			     uint64_t off)
{
	unsigned flags = VMR_SHARED | VMR_FILE;
	long err;

	if (!file_writable(f))
		flags |= VMR_NOWRITE; /* the caller refused PROT_WRITE already */
	err = vm_file_map(m, at, len, (unsigned)prot, flags, f->f_vnode, off);
	return err != 0 ? err : (long)at;
}

/*
 * A private mapping of a regular file maps the file's pages copy-on-write
 * where the file system can give them (getpage), else an anonymous region
 * filled with the file's bytes now (later changes to the file are not
 * seen, which POSIX leaves unspecified for MAP_PRIVATE).  A shared one
 * maps the file's pages (getpage; else ENODEV).
 */
static long mmap_file(struct vm_map *m, const struct sys_mmap_args *uap, struct file *f,
		      size_t len, int prot)
{
	int flags = uap->flags;
	uint64_t off = uap->off;
	bool shared = (flags & MAP_TYPE) == MAP_SHARED;
	vaddr_t at;
	long err;

	if (f->f_vnode == NULL || !S_ISREG(f->f_vnode->v_mode) ||
	    (shared && !vnode_has_pages(f->f_vnode)))
		return -ENODEV;
	if (!file_readable(f))
		return -EACCES;
	if ((prot & VM_PROT_EXEC) && f->f_vnode->v_mount != NULL &&
	    (f->f_vnode->v_mount->m_flags & MS_NOEXEC))
		return -EPERM; /* as Linux: nothing runs from a noexec file system */
	if (off > MAX_LFS_FILESIZE - len)
		return -EOVERFLOW;
	if (shared && (prot & VM_PROT_WRITE) && !file_writable(f))
		return -EACCES; /* before any mapping is placed (MAP_FIXED would unmap) */
	if ((err = as_room(m, len)) != 0 || (err = mmap_place(m, uap->addr, len, flags, &at)) != 0)
		return err;
	if (shared)
		return mmap_file_shared(m, at, len, prot, f, off);
	if (vnode_has_pages(f->f_vnode)) {
		/* The file's pages, copied on the first store (vm/vm_file.c). */
		err = vm_file_map(m, at, len, (unsigned)prot, VMR_FILE, f->f_vnode, off);
		return err != 0 ? err : (long)at;
	}
	if ((err = vm_map_add(m, at, len, prot, VMR_FILE)) != 0)
		return err;
	err = vm_map_fill(m, at, len, f->f_vnode, off);
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

static long mmap_anon(struct vm_map *m, vaddr_t addr, size_t len, int prot, int flags)
{
	int type = flags & MAP_TYPE;
	vaddr_t at;
	long err;

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

/*
 * Linux's order: a misaligned offset (x86's sys_mmap), then the
 * descriptor of a file mapping (ksys_mmap_pgoff's fget: EBADF before any
 * length or flag check of do_mmap), then the rest.
 */
long sys_mmap(const struct sys_mmap_args *uap)
{
	struct vm_map *m = curproc()->p_map;
	vaddr_t addr = uap->addr;
	size_t len = uap->len;
	int prot = uap->prot, flags = uap->flags, type = flags & MAP_TYPE;
	struct file *f;
	long err;

	if (uap->off & PAGE_MASK)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS)) {
		if ((f = fd_get(uap->fd)) == NULL)
			return -EBADF;
		err = mmap_args(len, type);
		if (err == 0) {
			vm_map_lock(m);
			err = mmap_file(m, uap, f, PAGE_ROUND_UP(len), prot & PROT_MASK);
			vm_map_unlock(m);
		}
		file_put(f);
		return err;
	}
	if ((err = mmap_args(len, type)) != 0)
		return err;
	vm_map_lock(m);
	err = mmap_anon(m, addr, PAGE_ROUND_UP(len), prot, flags);
	vm_map_unlock(m);
	return err;
}

long sys_munmap(const struct sys_munmap_args *uap)
{
	struct vm_map *m = curproc()->p_map;
	long err;

	/* Linux: EINVAL for a misaligned start or a range past the user half. */
	if (uap->len == 0 || (uap->addr & PAGE_MASK))
		return -EINVAL;
	vm_map_lock(m);
	err = vm_map_remove(m, uap->addr, uap->len);
	vm_map_unlock(m);
	return err;
}

long sys_mprotect(const struct sys_mprotect_args *uap)
{
	vaddr_t start = uap->start;
	size_t len = uap->len;
	uint64_t prot = uap->prot;
	struct vm_map *m;
	long err;

	/* Linux's order: alignment, empty range, wrapping range, then the bits. */
	if (start & PAGE_MASK)
		return -EINVAL;
	if (len == 0)
		return 0;
	if (start + PAGE_ROUND_UP(len) <= start)
		return -ENOMEM;
	if (prot & ~(uint64_t)(PROT_MASK | PROT_SEM))
		return -EINVAL;
	m = curproc()->p_map;
	vm_map_lock(m);
	err = vm_map_protect(m, start, len, (unsigned)prot & PROT_MASK);
	vm_map_unlock(m);
	return err;
}

#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2
#define MREMAP_DONTUNMAP 4

/*
 * mremap(old, old_len, new_len, flags, new_addr), with Linux's checks in
 * its order.  old_len 0 (a second mapping of shared memory) is EINVAL, and
 * so is MREMAP_DONTUNMAP: neither is done here.
 */
long sys_mremap(const struct sys_mremap_args *uap)
{
	struct vm_map *m = curproc()->p_map;
	vaddr_t old = uap->addr, new_addr = uap->new_addr, out;
	size_t old_len = PAGE_ROUND_UP(uap->old_len), new_len = PAGE_ROUND_UP(uap->new_len);
	uint64_t flags = uap->flags;
	bool fixed = flags & MREMAP_FIXED;
	long err;

	if (flags & ~(uint64_t)(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((fixed || (flags & MREMAP_DONTUNMAP)) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if ((old & PAGE_MASK) || (flags & MREMAP_DONTUNMAP))
		return -EINVAL;
	if (new_len == 0 || old_len == 0 || uap->new_len > VM_MAP_END || uap->old_len > VM_MAP_END)
		return -EINVAL;
	if (fixed) {
		if ((new_addr & PAGE_MASK) || new_len > VM_MAP_END || new_addr > VM_MAP_END - new_len)
			return -EINVAL;
		if (old + old_len > new_addr && new_addr + new_len > old)
			return -EINVAL; /* the two ranges overlap */
		if (new_addr < PAGE_SIZE)
			return -EPERM;
		if (!vm_map_covered(m, old, old + old_len))
			return -EFAULT;
		if ((err = vm_map_remove(m, new_addr, new_len)) != 0)
			return err;
	}
	if (new_len > old_len && (err = as_room(m, new_len - old_len)) != 0)
		return err;
	err = vm_map_remap(m, old, old_len, new_len, flags & MREMAP_MAYMOVE, new_addr, fixed, &out);
	return err != 0 ? err : (long)out;
}

enum {
	MADV_NORMAL = 0, MADV_RANDOM = 1, MADV_SEQUENTIAL = 2, MADV_WILLNEED = 3,
	MADV_DONTNEED = 4, MADV_FREE = 8, MADV_DONTFORK = 10, MADV_DOFORK = 11,
	MADV_MERGEABLE = 12, MADV_UNMERGEABLE = 13, MADV_HUGEPAGE = 14, MADV_NOHUGEPAGE = 15,
	MADV_DONTDUMP = 16, MADV_DODUMP = 17, MADV_COLD = 20, MADV_PAGEOUT = 21,
};

/*
 * Which advice is taken: hints that change nothing a program can see are
 * accepted and ignored; DONTNEED and FREE (which Linux may also carry out
 * at once) drop private anonymous pages.  DONTFORK is accepted, but the
 * range is still copied at fork (docs/memory.md).  Advice whose effect a
 * program would rely on and that is not done (MADV_REMOVE, WIPEONFORK) is
 * EINVAL, as on a kernel without it.
 */
static bool madv_known(int advice)
{
	switch (advice) {
	case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL: case MADV_WILLNEED:
	case MADV_DONTNEED: case MADV_FREE: case MADV_DONTFORK: case MADV_DOFORK:
	case MADV_MERGEABLE: case MADV_UNMERGEABLE: case MADV_HUGEPAGE: case MADV_NOHUGEPAGE:
	case MADV_DONTDUMP: case MADV_DODUMP: case MADV_COLD: case MADV_PAGEOUT:
		return true;
	default:
		return false;
	}
}

/* madvise(addr, len, advice): Linux's checks, then -ENOMEM if part of the range is unmapped. */
long sys_madvise(const struct sys_madvise_args *uap)
{
	struct vm_map *m = curproc()->p_map;
	vaddr_t start = uap->start, end;
	size_t len = uap->len;
	int advice = uap->advice;

	if (!madv_known(advice) || (start & PAGE_MASK))
		return -EINVAL;
	end = start + PAGE_ROUND_UP(len);
	if (PAGE_ROUND_UP(len) < len || end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	if (advice == MADV_DONTNEED || advice == MADV_FREE)
		vm_map_discard(m, start, end);
	return vm_map_covered(m, start, end) ? 0 : -ENOMEM;
}

#define MS_ASYNC 1
#define MS_INVALIDATE 2
#define MS_SYNC 4

/*
 * msync(addr, len, flags): Linux's errors.  A shared file mapping maps the
 * file's own pages, so the file has every store at once; MS_SYNC writes
 * the files mapped in the range to the disk (their fsync, as Linux's
 * vfs_fsync_range), MS_ASYNC leaves that to the flusher.
 */
long sys_msync(const struct sys_msync_args *uap)
{
	struct vm_map *m = curproc()->p_map;
	vaddr_t start = uap->start, end;
	int flags = uap->flags;
	long err;

	if ((flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) || (start & PAGE_MASK))
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	end = start + PAGE_ROUND_UP(uap->len);
	if (end < start)
		return -ENOMEM;
	if (end == start)
		return 0;
	vm_map_lock(m);
	if (!vm_map_covered(m, start, end))
		err = -ENOMEM;
	else
		err = (flags & MS_SYNC) ? vm_file_sync(m, start, end) : 0;
	vm_map_unlock(m);
	return err;
}
