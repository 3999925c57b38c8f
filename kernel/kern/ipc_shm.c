/*
 * ipc_shm.c: System V shared memory: shmget, shmat, shmdt, shmctl
 * (docs/ipc.md).
 *
 * A segment is an array of physical pages, allocated and zeroed at
 * shmget (all of them: the fault path never calls into an object, as for
 * shared anonymous mappings), each holding one reference of the segment.
 * shmat adds a region (VMR_SHARED | VMR_FILE, with shm_region_ops) and
 * maps every page with one reference more; unmapping gives those back.
 *
 * Ownership (docs/ipc.md): shm_nattch counts the regions that map the
 * segment, kept by the regions' open and close (fork's copy and a split
 * open, unmap, shmdt, exit and exec close).  The segment and its pages'
 * references go when it is marked removed (IPC_RMID, SHM_DEST) and the
 * count is 0: at IPC_RMID itself, or at the close of the last region.
 * shmat pins the segment (count + 1) before it drops ipc_lock to take the
 * map's lock; the new region takes over that count.
 *
 * Bounds: size at most SHMMAX (Linux's), pages in all segments at most
 * shm_ctlall (half the memory: Linux's SHMALL is unlimited, but its pages
 * are allocated lazily), ENOMEM at once if the pages are not free.
 */
#include <kern/ipc.h>
#include <kern/proc.h>
#include <kern/sysargs.h>
#include <kern/syscall.h>
#include <kern/uaccess.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include <vm/pmm.h>
#include <vm/vm_map.h>
#include <vm/vmm.h>

#define SHMMIN 1
#define SHMMNI 4096
#define SHMMAX (~0ul - (1ul << 24))
#define SHMLBA PAGE_SIZE

struct shm_seg {
	struct ipc_obj perm;        /* first: the table holds &perm */
	size_t size;
	size_t npages;
	paddr_t *pages;             /* npages, one reference each */
	int64_t atime, dtime, ctime;
	int cpid, lpid;
	unsigned long nattch;
};

static struct ipc_ids shm_ids = { .max = SHMMNI };
static size_t shm_tot;           /* pages in all segments (ipc_lock) */

static struct shm_seg *SEG(struct ipc_obj *o)
{
	return (struct shm_seg *)o;
}

static size_t shm_ctlall(void)
{
	return pmm_total_count() / 2;
}

static void seg_free(struct shm_seg *s)
{
	size_t i;

	for (i = 0; s->pages != NULL && i < s->npages; i++)
		if (s->pages[i] != 0)
			page_unref(s->pages[i]); /* a mapping may hold it still */
	shm_tot -= s->npages;
	kfree(s->pages);
	kfree(s);
}

/* Remove and free s if it is marked removed and nothing maps it (ipc_lock held). */
static void seg_maybe_free(struct shm_seg *s)
{
	if ((s->perm.mode & SHM_DEST) && s->nattch == 0) {
		ipc_remove(&shm_ids, &s->perm);
		seg_free(s);
	}
}

static int seg_fill(struct shm_seg *s)
{
	size_t i;

	s->pages = kzalloc(s->npages * sizeof(*s->pages));
	if (s->pages == NULL)
		return -ENOMEM;
	for (i = 0; i < s->npages; i++)
		if ((s->pages[i] = pmm_alloc_zeroed()) == 0)
			return -ENOMEM;
	return 0;
}

static int shm_create(int32_t key, int flags, uint64_t size)
{
	size_t npages = (size + PAGE_SIZE - 1) >> PAGE_SHIFT;
	struct shm_seg *s;
	int id;

	if (size < SHMMIN || size > SHMMAX)
		return -EINVAL;
	if (shm_tot + npages > shm_ctlall())
		return -ENOSPC;
	if (npages > pmm_free_count())
		return -ENOMEM; /* at once, rather than take every free page first */
	if ((s = kzalloc(sizeof(*s))) == NULL)
		return -ENOMEM;
	s->size = size;
	s->npages = npages;
	shm_tot += npages;
	if (seg_fill(s) != 0) {
		seg_free(s);
		return -ENOMEM;
	}
	if ((id = ipc_add(&shm_ids, &s->perm, key, flags)) < 0) {
		seg_free(s);
		return id;
	}
	s->cpid = ipc_pid();
	s->ctime = ipc_now();
	return id;
}

static int shm_check(struct ipc_obj *o, uint64_t size)
{
	return SEG(o)->size < size ? -EINVAL : 0;
}

long sys_shmget(const struct sys_shmget_args *uap)
{
	return ipc_get(&shm_ids, uap->key, uap->shmflg, shm_create, shm_check, uap->size);
}

static void shm_region_open(struct vm_region *r)
{
	struct shm_seg *s = r->r_obj;

	mutex_lock(&ipc_lock);
	s->nattch++;
	mutex_unlock(&ipc_lock);
}

static void shm_region_close(struct vm_region *r)
{
	struct shm_seg *s = r->r_obj;

	mutex_lock(&ipc_lock);
	s->nattch--;
	s->dtime = ipc_now();
	s->lpid = ipc_pid();
	seg_maybe_free(s);
	mutex_unlock(&ipc_lock);
}

static const struct vm_region_ops shm_region_ops = {
	.open = shm_region_open,
	.close = shm_region_close,
};

/* Drop shmat's pin (ipc_lock taken). */
static void seg_unpin(struct shm_seg *s)
{
	mutex_lock(&ipc_lock);
	s->nattch--;
	seg_maybe_free(s);
	mutex_unlock(&ipc_lock);
}

/* Where to attach: addr (MAP_FIXED-like, as Linux), or free space (map locked). */
static long shm_place(struct vm_map *m, vaddr_t addr, size_t len, int shmflg, vaddr_t *at)
{
	*at = addr;
	if (addr == 0)
		return vm_map_find_space(m, len, 0, at);
	if (addr > VM_MAP_END - len)
		return -ENOMEM; /* Linux's get_unmapped_area for a fixed address */
	if (shmflg & SHM_REMAP)
		return vm_map_remove(m, addr, len);
	return 0; /* an overlap is found by the add (EEXIST: Linux's EINVAL) */
}

/*
 * Map s at addr (0: anywhere) in the caller's map; shmat's pin passes to
 * the region, or is dropped on failure.
 */
static long shm_map(struct shm_seg *s, vaddr_t addr, int shmflg, unsigned prot)
{
	struct vm_map *m = curproc()->p_map;
	size_t len = s->npages << PAGE_SHIFT, i;
	unsigned flags = VMR_SHARED | VMR_FILE | ((shmflg & SHM_RDONLY) ? VMR_NOWRITE : 0);
	vaddr_t at;
	long err;

	vm_map_lock(m);
	err = shm_place(m, addr, len, shmflg, &at);
	if (err == 0 && (err = vm_map_add_obj(m, at, len, prot, flags, &shm_region_ops, s)) != 0)
		err = err == -EEXIST ? -EINVAL : err;
	if (err != 0) {
		vm_map_unlock(m);
		seg_unpin(s);
		return err;
	}
	for (i = 0; i < s->npages && err == 0; i++)
		err = vm_map_enter_page(m, at + (i << PAGE_SHIFT), s->pages[i]);
	if (err != 0)
		vm_map_remove(m, at, len); /* closes the region: the pin goes with it */
	vm_map_unlock(m);
	return err != 0 ? err : (long)at;
}

/* Linux's do_shmat, in its order of checks. */
long sys_shmat(const struct sys_shmat_args *uap)
{
	int id = uap->shmid, shmflg = uap->shmflg, want;
	vaddr_t addr = uap->shmaddr;
	unsigned prot;
	struct ipc_obj *o;
	struct shm_seg *s;
	long ret;

	if (id < 0)
		return -EINVAL;
	if (addr != 0 && (addr & (SHMLBA - 1))) {
		if (!(shmflg & SHM_RND))
			return -EINVAL;
		addr &= ~(vaddr_t)(SHMLBA - 1);
		if (addr == 0 && (shmflg & SHM_REMAP))
			return -EINVAL;
	} else if (addr == 0 && (shmflg & SHM_REMAP)) {
		return -EINVAL;
	}
	prot = (shmflg & SHM_RDONLY) ? VM_PROT_READ : VM_PROT_READ | VM_PROT_WRITE;
	want = (shmflg & SHM_RDONLY) ? 0444 : 0666;
	if (shmflg & SHM_EXEC) {
		prot |= VM_PROT_EXEC;
		want |= 0111;
	}
	mutex_lock(&ipc_lock);
	if ((o = ipc_find_id(&shm_ids, id)) == NULL) {
		mutex_unlock(&ipc_lock);
		return -EINVAL;
	}
	if ((ret = ipc_perm_check(o, want)) != 0) {
		mutex_unlock(&ipc_lock);
		return ret;
	}
	s = SEG(o);
	s->nattch++; /* the pin: IPC_RMID meanwhile does not free it */
	s->atime = ipc_now();
	s->lpid = ipc_pid();
	mutex_unlock(&ipc_lock);
	return shm_map(s, addr, shmflg, prot);
}

long sys_shmdt(const struct sys_shmdt_args *uap)
{
	struct vm_map *m = curproc()->p_map;
	vaddr_t addr = uap->shmaddr;
	int err;

	if (addr & (SHMLBA - 1))
		return -EINVAL;
	vm_map_lock(m);
	err = vm_map_remove_obj(m, addr, &shm_region_ops);
	vm_map_unlock(m);
	return err;
}

static void shm_fill_ds(const struct shm_seg *s, struct shmid64_ds *ds)
{
	memset(ds, 0, sizeof(*ds));
	ipc_perm_fill(&s->perm, &ds->shm_perm);
	ds->shm_segsz = s->size;
	ds->shm_atime = s->atime;
	ds->shm_dtime = s->dtime;
	ds->shm_ctime = s->ctime;
	ds->shm_cpid = s->cpid;
	ds->shm_lpid = s->lpid;
	ds->shm_nattch = s->nattch;
}

static long shm_info(int cmd, struct uptr ubuf)
{
	struct shminfo64 info = { .shmmax = SHMMAX, .shmmin = SHMMIN, .shmmni = SHMMNI,
				  .shmseg = SHMMNI };
	long used = 0;
	int i;

	if (cmd == SHM_INFO)
		return -EINVAL; /* struct shm_info: not kept */
	mutex_lock(&ipc_lock);
	info.shmall = shm_ctlall();
	for (i = 0; i < shm_ids.nslots; i++) /* Linux: the highest index in use */
		if (shm_ids.slots[i] != NULL)
			used = i;
	mutex_unlock(&ipc_lock);
	if (copy_to_user(ubuf, &info, sizeof(info)) != 0)
		return -EFAULT;
	return used;
}

/* IPC_RMID, IPC_SET, IPC_STAT, SHM_LOCK, SHM_UNLOCK on o (ipc_lock held). */
static long shm_ctl_locked(struct shm_seg *s, int cmd, const struct shmid64_ds *in,
			   struct shmid64_ds *out)
{
	long err;

	switch (cmd) {
	case IPC_STAT:
		if ((err = ipc_perm_check(&s->perm, 0444)) != 0)
			return err;
		shm_fill_ds(s, out);
		return 0;
	case IPC_SET:
		if ((err = ipc_owner_check(&s->perm)) != 0)
			return err;
		ipc_perm_set(&s->perm, &in->shm_perm);
		s->ctime = ipc_now();
		return 0;
	case IPC_RMID:
		if ((err = ipc_owner_check(&s->perm)) != 0)
			return err;
		s->perm.mode |= SHM_DEST;
		s->perm.key = IPC_PRIVATE; /* Linux: no new shmget finds it */
		seg_maybe_free(s);
		return 0;
	default: /* SHM_LOCK, SHM_UNLOCK: nothing is ever swapped out */
		if ((err = ipc_owner_check(&s->perm)) != 0)
			return err;
		if (cmd == SHM_LOCK)
			s->perm.mode |= SHM_LOCKED;
		else
			s->perm.mode &= ~SHM_LOCKED;
		return 0;
	}
}

long sys_shmctl(const struct sys_shmctl_args *uap)
{
	int id = uap->shmid, cmd = uap->cmd;
	struct uptr ubuf = uap->buf;
	struct shmid64_ds in, out;
	struct ipc_obj *o;
	long err;

	if (cmd < 0 || id < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
	case SHM_INFO:
		return shm_info(cmd, ubuf);
	case IPC_SET:
		if (copy_from_user(&in, ubuf, sizeof(in)) != 0)
			return -EFAULT;
		break;
	case IPC_STAT: case IPC_RMID: case SHM_LOCK: case SHM_UNLOCK:
		break;
	default: /* SHM_STAT, SHM_STAT_ANY (index-based): not done */
		return -EINVAL;
	}
	mutex_lock(&ipc_lock);
	o = ipc_find_id(&shm_ids, id);
	err = o == NULL ? -EINVAL : shm_ctl_locked(SEG(o), cmd, &in, &out);
	mutex_unlock(&ipc_lock);
	if (err == 0 && cmd == IPC_STAT && copy_to_user(ubuf, &out, sizeof(out)) != 0)
		return -EFAULT;
	return err;
}

long ipc_shm_proc(char *buf, size_t size)
{
	long n = snprintf(buf, size, "       key      shmid perms                  size  cpid  lpid "
			  "nattch   uid   gid  cuid  cgid      atime      dtime      ctime        "
			  "           rss                  swap\n");
	int i;

	mutex_lock(&ipc_lock);
	for (i = 0; i < shm_ids.nslots && n < (long)size; i++) {
		struct shm_seg *s = (struct shm_seg *)shm_ids.slots[i];

		if (s == NULL)
			continue;
		n += snprintf(buf + n, size - (size_t)n,
			      "%10d %10d  %4o %21lu %5d %5d  %5lu %5u %5u %5u %5u %10ld %10ld %10ld "
			      "%21lu %21lu\n", s->perm.key, s->perm.id, s->perm.mode,
			      (unsigned long)s->size, s->cpid, s->lpid, s->nattch, s->perm.uid,
			      s->perm.gid, s->perm.cuid, s->perm.cgid, (long)s->atime,
			      (long)s->dtime, (long)s->ctime, (unsigned long)(s->npages * PAGE_SIZE),
			      0ul);
	}
	mutex_unlock(&ipc_lock);
	return n < (long)size ? n : (long)size - 1;
}
