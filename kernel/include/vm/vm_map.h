/*
 * vm_map.h: a process's user address space: the page tables (struct
 * vm_space) plus the list of regions the process may use, which decides
 * what a page fault means.
 *
 * A region is [r_start, r_end), page aligned, with a protection and flags.
 * Pages of a region are mapped lazily: the first touch of a private page
 * maps a zeroed page (demand-zero); after fork, private pages are shared
 * read-only by both processes with a reference each, and the first write
 * copies the page (copy-on-write), or just makes it writable when it is no
 * longer shared.  Shared regions (MAP_SHARED) are populated at creation
 * and stay shared, writable, across fork.
 *
 * Regions may be of any size (64 TiB of PROT_NONE is one region); every
 * walk over their pages visits only the pages held (see vm_map.c), so its
 * cost follows what is mapped, not the size.
 *
 * Ownership: the map owns its regions and, through vm_space, one reference
 * on every mapped page; the threads and processes using it hold m_refs.
 * Locking (vm_map.c): callers of add, remove, protect, find_space and fork
 * hold m_lock (vm_map_lock), except on a map no one else can see yet
 * (exec's new map); faults do not take it (they run with interrupts off,
 * and list edits are made with interrupts off); page-table calls take the
 * vm lock.
 */
#ifndef VM_VM_MAP_H
#define VM_VM_MAP_H

#include <stdbool.h>
#include <stddef.h>

#include <kern/mutex.h>
#include <vm/vm.h>

struct vnode;

#define VMR_SHARED 0x1 /* MAP_SHARED: no copy-on-write */
#define VMR_STACK 0x2
#define VMR_HEAP 0x4
#define VMR_FILE 0x8   /* a file mapping: private, its bytes copied at map time; shared, the file's pages */
#define VMR_NOWRITE 0x10 /* may not be made writable (a shared mapping of a file not open for writing) */

/*
 * The user stack: top at USER_STACK_TOP; execve maps RLIMIT_STACK bytes
 * (USER_STACK_SIZE by default, at most USER_STACK_MAX) below the start of
 * the stack, which address-space randomisation moves down by up to
 * USER_STACK_RANDOM; then a guard gap.  mmap looks for room from the
 * map's m_mmap_base (USER_MMAP_BASE plus up to USER_MMAP_RANDOM) up to
 * USER_MMAP_END.
 */
#define USER_STACK_TOP 0x7FFFFFFFF000ULL
#define USER_STACK_SIZE (8ULL << 20)
#define USER_STACK_MAX (1ULL << 30)
#define USER_STACK_RANDOM (16ULL << 20)
#define USER_STACK_LOW (USER_STACK_TOP - USER_STACK_MAX - USER_STACK_RANDOM)
#define USER_MMAP_BASE 0x100000000000ULL
#define USER_MMAP_RANDOM (1ULL << 40)
#define USER_MMAP_END (USER_STACK_LOW - (1ULL << 30))
/*
 * The end of what a map may hold: Linux's TASK_SIZE, one page below the
 * end of the user half, so no user instruction ends at a non-canonical
 * address (SYSRET to one faults in ring 0 on Intel CPUs).
 */
#define VM_MAP_END (VM_USER_END - PAGE_SIZE)

struct vm_region;

/*
 * A region backed by a kernel object that counts its mappings (a System V
 * shared-memory segment): open when a region comes to stand for one more
 * mapping of it (fork's copy, a split), close when a region goes (unmap,
 * exit, exec).  Both are called without interrupts disabled, with the
 * map's m_lock held or the map private to the caller.
 */
struct vm_region_ops {
	void (*open)(struct vm_region *r);
	void (*close)(struct vm_region *r);
};

struct vm_region {
	vaddr_t r_start, r_end;
	unsigned r_prot;  /* VM_PROT_READ | WRITE | EXEC */
	unsigned r_flags; /* VMR_* */
	const struct vm_region_ops *r_ops; /* NULL, or the object's (r_obj) */
	void *r_obj;
	uint64_t r_off;   /* offset of r_start in the object */
	struct vm_map *r_map;     /* the map it is in */
	struct vm_region *r_onext; /* the object's next region (a file's: vm_file.c) */
	struct vm_region *r_next; /* sorted by address */
};

struct vm_map {
	struct vm_space *m_space;
	struct vm_region *m_regions;
	vaddr_t m_brk_start, m_brk; /* the heap: [m_brk_start, page_round_up(m_brk)) */
	vaddr_t m_mmap_base;        /* where mmap looks for room first */
	size_t m_size;              /* bytes in regions: kept, /proc reads it */
	unsigned m_refs;            /* processes using it (CLONE_VM); the last put destroys */
	struct mutex m_lock;        /* serializes changes of the region list (vm_map_lock) */
};

struct vm_map *vm_map_create(void);
void vm_map_destroy(struct vm_map *m);
/* Reference counting for CLONE_VM sharing: vm_map_create gives one reference. */
void vm_map_ref(struct vm_map *m);
void vm_map_put(struct vm_map *m);
/* A copy-on-write copy for fork, or NULL when out of memory. */
struct vm_map *vm_map_fork(struct vm_map *m);
/* The map's sleeping lock: around mmap, munmap, mprotect, brk and fork's copy. */
void vm_map_lock(struct vm_map *m);
void vm_map_unlock(struct vm_map *m);

/* Add a region at [start, start + len): 0, -EINVAL, -EEXIST on overlap, -ENOMEM. */
int vm_map_add(struct vm_map *m, vaddr_t start, size_t len, unsigned prot, unsigned flags);
/*
 * vm_map_add for a region of an object (ops, obj; offset 0 at start),
 * populated by the caller.  The caller's reference on the object passes to
 * the region (ops->close gives it back); not taken on failure.
 */
int vm_map_add_obj(struct vm_map *m, vaddr_t start, size_t len, unsigned prot, unsigned flags,
		   const struct vm_region_ops *ops, void *obj);
/*
 * Remove every region of an object with ops that maps the object's offset
 * 0 at addr (shmdt): 0, or -EINVAL when there is none.
 */
int vm_map_remove_obj(struct vm_map *m, vaddr_t addr, const struct vm_region_ops *ops);
/* Map the page pa at va in a region of m (a populated object region), one reference taken. */
int vm_map_enter_page(struct vm_map *m, vaddr_t va, paddr_t pa);
/* Remove [start, start + len), splitting regions; pages are unmapped and released. */
int vm_map_remove(struct vm_map *m, vaddr_t start, size_t len);
/* Change the protection of [start, start + len): -ENOMEM if part is not mapped or it wraps. */
int vm_map_protect(struct vm_map *m, vaddr_t start, size_t len, unsigned prot);
/* Find len bytes of room at hint or above (m_mmap_base if 0): 0 and *out, or -ENOMEM. */
int vm_map_find_space(struct vm_map *m, size_t len, vaddr_t hint, vaddr_t *out);
/*
 * Fill a shared region's pages now (they must exist before a fork shares
 * them), whatever its protection; -ENOMEM at once if they cannot all fit.
 */
int vm_map_populate(struct vm_map *m, vaddr_t start, size_t len);

/*
 * Resolve a fault at va (access: the VM_PROT_* bits the access needed):
 * 0 when the page is now mapped as the access needs, -EFAULT when the
 * process may not make that access.
 */
int vm_fault(struct vm_map *m, vaddr_t va, unsigned access);
/* Copy into the map's memory (any space, not only the active one), faulting pages in. */
int vm_map_write(struct vm_map *m, vaddr_t va, const void *src, size_t n);
/*
 * Copy the bytes of vn from off (as far as the file goes, at most len) into
 * the map at va, which a region must cover; takes the vfs lock per read.
 */
int vm_map_fill(struct vm_map *m, vaddr_t va, size_t len, struct vnode *vn, uint64_t off);
/* The region holding va, or NULL (with m_lock, or the vfs lock for a file's region). */
struct vm_region *vm_map_find(struct vm_map *m, vaddr_t va);
/* Unmap and release the pages held in [start, end) (the regions stay). */
void vm_map_unmap_range(struct vm_map *m, vaddr_t start, vaddr_t end);

/*
 * vm_file.c: MAP_SHARED of a file.  Add a region for [va, va + len) with
 * prot and flags (VMR_SHARED | VMR_FILE [| VMR_NOWRITE]) mapping the file's
 * own pages (vn's getpage) from file offset off; pages at or past the end of
 * the file stay unmapped (an access is SIGBUS).  The region holds a vnode
 * reference.  Takes the vfs lock.  -ENODEV without getpage, -ENOMEM.
 */
int vm_file_map(struct vm_map *m, vaddr_t va, size_t len, unsigned prot, unsigned flags,
		struct vnode *vn, uint64_t off);
/* vn was cut to size: unmap its pages past it from every mapping (SIGBUS there next).  vfs lock. */
void vm_file_truncate(struct vnode *vn, uint64_t size);
/* msync(MS_SYNC) of [start, end): fsync each file a shared mapping there maps.  m_lock held. */
int vm_file_sync(struct vm_map *m, vaddr_t start, vaddr_t end);
/* Whether a fault at va is an access to a shared file mapping past the file's end (SIGBUS). */
bool vm_map_past_file_end(struct vm_map *m, vaddr_t va);
/*
 * If va lies in a MAP_SHARED region and its page is present: true, and the
 * physical address of va in *pa (the key of a shared futex).
 */
bool vm_map_shared_pa(struct vm_map *m, vaddr_t va, paddr_t *pa);
/* Whether every page of [start, end) lies in a region. */
bool vm_map_covered(struct vm_map *m, vaddr_t start, vaddr_t end);
/* MADV_DONTNEED on [start, end): private anonymous pages are dropped (zeros next time). */
void vm_map_discard(struct vm_map *m, vaddr_t start, vaddr_t end);
/*
 * mremap's core, lengths page-rounded and checked: [old, old + old_len)
 * must lie in one region (-EFAULT).  Shrinks in place, grows in place if
 * the space after it is free, else moves (may_move; -ENOMEM otherwise) to
 * free space or, if fixed, to new_addr (already cleared by the caller);
 * pages move with their contents.  The new address in *out.
 */
int vm_map_remap(struct vm_map *m, vaddr_t old, size_t old_len, size_t new_len, bool may_move,
		 vaddr_t new_addr, bool fixed, vaddr_t *out);
/* Whether va lies in a region (a fault there is an access error, not a missing mapping). */
bool vm_map_has(struct vm_map *m, vaddr_t va);
/* Bytes of address space in regions (RLIMIT_AS). */
size_t vm_map_size(struct vm_map *m);
/* Bytes of address space in regions, and pages held (for /proc): O(1), from counters. */
void vm_map_usage(struct vm_map *m, size_t *vsize, size_t *resident);

#endif
