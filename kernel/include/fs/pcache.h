/*
 * pcache.h: the page cache (kernel/fs/pcache.c): a disk file's bytes, one
 * physical page per page-aligned 4 KiB of the file, shared by read(),
 * write() and every mapping of the file.
 *
 * A file system embeds a struct pcache in each regular file's in-memory
 * inode and gives two operations: fill a page from the disk, write a page
 * back.  The block cache then holds only metadata, so a file's bytes are
 * cached once (docs/storage.md, "The page cache").
 *
 * Ownership: the cache holds one reference (page_ref) on each of its
 * pages; each mapping of a page one more.  A page leaves the cache (its
 * reference dropped) when the file is truncated below it, when the file's
 * inode leaves memory, or when it is evicted: only a page no mapping
 * holds (pg_ref 1), clean or written back first.  A dirty page is never
 * dropped unwritten except when the file no longer has its bytes
 * (truncate, unlink).
 *
 * Dirty pages: write() marks what it changes; a page of a writable shared
 * mapping (pc_wmaps > 0 and the page mapped) is taken as dirty while it is
 * mapped (stores through it leave no trace the cache could see), and
 * pcache_dirty_range marks the pages of such a mapping when it goes.
 *
 * Locking: vfs_lock guards all of it, as it guards the file systems
 * (every call is made with it held).
 */
#ifndef FS_PCACHE_H
#define FS_PCACHE_H

#include <stdbool.h>
#include <stdint.h>
#include <vm/vm.h>

struct pcache;

struct pcache_ops {
	/* Fill kva (one page) with the file's bytes of page idx (zeros past the end, in holes). */
	int (*pco_read)(struct pcache *pc, uint64_t idx, void *kva);
	/*
	 * Write page idx back to the disk (its part below the file's size);
	 * holes too when mapped (a mapping may have stored there), else only
	 * what write() allocated.
	 */
	int (*pco_write)(struct pcache *pc, uint64_t idx, void *kva, bool mapped);
};

struct pcpage {
	struct pcache *pp_pc;        /* the file it caches */
	uint64_t pp_idx;             /* file offset / PAGE_SIZE */
	paddr_t pp_pa;
	bool pp_dirty;
	bool pp_mapped;              /* a writable shared mapping held it since it was last written */
	struct pcpage *pp_hnext;     /* hash chain */
	struct pcpage *pp_prev, *pp_next;   /* the file's pages */
	struct pcpage *pp_lprev, *pp_lnext; /* LRU: most recently used first */
};

struct pcache {
	const struct pcache_ops *pc_ops;
	struct pcpage *pc_pages;     /* its pages, any order */
	uint64_t pc_npages;
	uint32_t pc_wmaps;           /* writable shared mappings of the file (vm_file.c) */
};

void pcache_init(struct pcache *pc, const struct pcache_ops *ops);
/*
 * Page idx of the file, cached: 0 and *out, good until the next pcache
 * call.  When not cached it is read (pco_read) if fill, else zeroed (the
 * caller overwrites it whole, or it lies past the end).  -ENOMEM, -EIO.
 */
int pcache_get(struct pcache *pc, uint64_t idx, bool fill, struct pcpage **out);
/* The cached page idx, or NULL. */
struct pcpage *pcache_find(struct pcache *pc, uint64_t idx);
static inline void pcache_dirty(struct pcpage *pp)
{
	pp->pp_dirty = true;
}
/* Mark the cached pages [first, last] dirty (a writable shared mapping of them went). */
void pcache_dirty_range(struct pcache *pc, uint64_t first, uint64_t last);
/* Write back every dirty page of pc: 0 or the first error (the pages stay dirty). */
int pcache_writeback(struct pcache *pc);
/* Drop the pages from idx on (the file was cut there; dirty ones are not written). */
void pcache_truncate(struct pcache *pc, uint64_t idx);
/* Set the bound in pages (0: a quarter of memory, the default): the old one.  For tests. */
uint64_t pcache_set_limit(uint64_t pages);
/* Pages cached, in all files (/proc/meminfo's Cached). */
uint64_t pcache_total(void);

#endif
