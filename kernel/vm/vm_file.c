/*
 * vm_file.c: mappings of files' own pages (MAP_SHARED, and MAP_PRIVATE
 * copy-on-write; vm/vm_map.h).
 *
 * A shared file region maps the file's own pages: for a disk file the
 * pages of its page cache (fs/pcache.h), for ramfs its page array, as the
 * file system's getpage gives them.  So a write() is seen through every
 * mapping at once, and a store through a mapping by read() and every
 * other mapping.  Every page of the file in the range is mapped when the
 * region is made, so a fault never calls into a file system (a fault may
 * come while the vfs lock is held, inside read or write): a fault on an
 * unmapped page of such a region is an access past the end of the file,
 * SIGBUS.
 *
 * The region is an object region (r_ops = vm_file_ops, r_obj = the vnode):
 * each holds a vnode reference, so a file unlinked while mapped lives on
 * until its last mapping goes, and is on the vnode's list v_maps, which
 * truncate walks to unmap the pages cut off (vm_file_truncate: the next
 * access is SIGBUS, as on Linux).  A region that may be written (a shared
 * mapping of a file open for writing) counts in the file's pc_wmaps and
 * its mount's m_wmaps: while it exists the file's mapped pages count as
 * dirty, it keeps a read-only remount away (EBUSY), and when it goes the
 * pages it mapped are marked dirty, so what was stored is written back.
 *
 * A private file mapping (MAP_PRIVATE) is made the same way, with the
 * pages mapped read-only: the first store copies the page (vm_map.c's
 * copy-on-write, the file's page being shared), so until then write() is
 * seen through it, as on Linux.  Past the end of the file it is
 * demand-zero, as before.  It is on v_maps too (truncate unmaps its
 * pages, copied ones as well, as Linux) but never counts as a writer.
 *
 * Page ownership: the file holds one reference on each page, each mapping
 * one more (taken by getpage for the caller); munmap, exit and exec drop
 * the mapping's, truncate or eviction the file's.
 *
 * Locking: v_maps, the counts and the file's pages are guarded by the vfs
 * lock.  open and close run with the map's m_lock held (or the map private
 * to the caller) and take the vfs lock unless the caller holds it, after
 * m_lock, the order mmap uses.
 */
#include <fs/pcache.h>
#include <fs/vfs.h>
#include <kern/mutex.h>
#include <kern/panic.h>
#include <sys/errno.h>
#include <vm/pmm.h>
#include <vm/vm_map.h>
#include <vm/vmm.h>

static bool vfs_enter(void)
{
	if (mutex_held(&vfs_lock))
		return false;
	mutex_lock(&vfs_lock);
	return true;
}

static void vfs_leave(bool took)
{
	if (took)
		mutex_unlock(&vfs_lock);
}

/* A shared mapping of a file open for writing: stores through it reach the file. */
static bool may_write(const struct vm_region *r)
{
	return (r->r_flags & VMR_SHARED) && !(r->r_flags & VMR_NOWRITE);
}

/* r is one more mapping of its file: reference, list, counts.  With the vfs lock. */
static void file_link(struct vm_region *r)
{
	struct vnode *vn = r->r_obj;

	vnode_ref(vn);
	r->r_onext = vn->v_maps;
	vn->v_maps = r;
	if (may_write(r)) {
		vn->v_mount->m_wmaps++;
		if (vn->v_pcache != NULL)
			vn->v_pcache->pc_wmaps++;
	}
}

static void vm_file_open(struct vm_region *r)
{
	bool took = vfs_enter();

	file_link(r);
	vfs_leave(took);
}

static void vm_file_close(struct vm_region *r)
{
	struct vnode *vn = r->r_obj;
	struct vm_region **pp;
	bool took = vfs_enter();

	for (pp = &vn->v_maps; *pp != NULL && *pp != r; pp = &(*pp)->r_onext)
		;
	if (*pp != NULL)
		*pp = r->r_onext;
	if (may_write(r)) {
		vn->v_mount->m_wmaps--;
		if (vn->v_pcache != NULL) {
			vn->v_pcache->pc_wmaps--;
			/* What the mapping stored is in its pages: write them back (sync, eviction). */
			pcache_dirty_range(vn->v_pcache, r->r_off / PAGE_SIZE,
					   (r->r_off + (r->r_end - r->r_start)) / PAGE_SIZE - 1);
		}
	}
	vnode_put(vn); /* the last may write the file back and free it */
	vfs_leave(took);
}

static const struct vm_region_ops vm_file_ops = {
	.open = vm_file_open,
	.close = vm_file_close,
};

int vm_file_map(struct vm_map *m, vaddr_t va, size_t len, unsigned prot, unsigned flags,
		struct vnode *vn, uint64_t off)
{
	struct vm_region *r;
	uint64_t fpages;
	unsigned pprot;
	size_t done;
	int err;

	if (!vnode_has_pages(vn))
		return -ENODEV;
	/* Holes get pages: fail at once rather than fill the file with every free page. */
	fpages = off < vn->v_size ? (vn->v_size - off + PAGE_SIZE - 1) >> PAGE_SHIFT : 0;
	if ((len >> PAGE_SHIFT < fpages ? len >> PAGE_SHIFT : fpages) > pmm_free_count())
		return -ENOMEM;
	mutex_lock(&vfs_lock);
	if ((err = vm_map_add_obj(m, va, len, prot, flags, &vm_file_ops, vn)) != 0)
		goto out;
	r = vm_map_find(m, va);
	r->r_off = off;
	file_link(r);
	/* A private mapping shares the file's pages read-only until written (copy-on-write). */
	pprot = r->r_prot | VM_PROT_USER;
	if (!(flags & VMR_SHARED))
		pprot &= ~VM_PROT_WRITE;
	for (done = 0; done < len && off + done < vn->v_size; done += PAGE_SIZE) {
		paddr_t pa;

		if ((err = VOP_GETPAGE(vn, off + done, &pa)) != 0)
			break;
		if ((err = vmm_map(m->m_space, va + done, pa, pprot)) != 0) {
			page_unref(pa);
			break;
		}
	}
	if (err != 0)
		vm_map_remove(m, va, len); /* its close gives back the reference */
out:
	mutex_unlock(&vfs_lock);
	return err;
}

void vm_file_truncate(struct vnode *vn, uint64_t size)
{
	uint64_t keep = (size + PAGE_SIZE - 1) & ~(uint64_t)PAGE_MASK;
	struct vm_region *r;

	if (!mutex_held(&vfs_lock))
		panic("vm_file_truncate: vfs_lock not held");
	for (r = vn->v_maps; r != NULL; r = r->r_onext) {
		uint64_t from = keep > r->r_off ? keep - r->r_off : 0;

		if (from < r->r_end - r->r_start)
			vm_map_unmap_range(r->r_map, r->r_start + from, r->r_end);
	}
}

int vm_file_sync(struct vm_map *m, vaddr_t start, vaddr_t end)
{
	struct vm_region *r;
	int err = 0, e;

	for (r = m->m_regions; r != NULL && r->r_start < end; r = r->r_next) {
		if (r->r_end <= start || r->r_ops != &vm_file_ops || !(r->r_flags & VMR_SHARED))
			continue; /* as Linux: a private mapping's stores are not the file's */
		if ((e = vfs_fsync(r->r_obj, false)) != 0 && err == 0)
			err = e;
	}
	return err;
}
