/*
 * virtqueue.h: the split virtqueue of virtio 1.0 (section 2.6), the
 * driver's half (kernel/dev/virtqueue.c; pure code, also run by the host
 * tests).
 *
 * A request is a chain of descriptors (buffers the device reads, then
 * buffers it writes) offered through the available ring; the device hands
 * the chain's head back through the used ring with the number of bytes it
 * wrote.  Memory: the three rings live in memory the driver allocated
 * (physically contiguous, given to the device by address); the driver's
 * own bookkeeping (free list, chain lengths, one cookie per head) lives in
 * vq_priv, which the device never sees.  The device may write only the
 * used ring, and nothing read from it is trusted: a head that is out of
 * range or not in flight, or more completions than requests, marks the
 * queue broken; the driver must then reset the device and fail its
 * requests (virtq_detach_all).
 *
 * Locking: none here; the driver serialises every call on one queue
 * (with interrupts off, since its interrupt handler reaps the used ring).
 */
#ifndef DEV_VIRTQUEUE_H
#define DEV_VIRTQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VRING_DESC_F_NEXT 1
#define VRING_DESC_F_WRITE 2
#define VRING_USED_F_NO_NOTIFY 1 /* used->flags: the device needs no doorbell now */

struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct vring_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];
};

struct vring_used_elem {
	uint32_t id;
	uint32_t len;
};

struct vring_used {
	uint16_t flags;
	uint16_t idx;
	struct vring_used_elem ring[];
};

/* One buffer of a request: a physical address the device reaches. */
struct virtq_buf {
	uint64_t vb_addr;
	uint32_t vb_len;
	bool vb_write; /* the device writes it (comes after those it reads) */
};

struct virtq {
	uint16_t vq_size;                  /* a power of two */
	volatile struct vring_desc *vq_desc;
	volatile struct vring_avail *vq_avail;
	volatile struct vring_used *vq_used;
	uint16_t vq_free_head;             /* first free descriptor */
	uint16_t vq_nfree;
	uint16_t vq_avail_idx;             /* our copy of avail->idx */
	uint16_t vq_used_seen;             /* used entries consumed so far */
	uint16_t vq_inflight;              /* chains the device holds */
	bool vq_broken;
	uint16_t *vq_next;                 /* [size] free list and chain links */
	uint16_t *vq_chain;                /* [size] descriptors in the chain at a head, 0 if none */
	void **vq_cookie;                  /* [size] the request at each head */
};

/* Bytes of each ring for a queue of size entries, and of vq_priv. */
size_t virtq_desc_bytes(unsigned size);
size_t virtq_avail_bytes(unsigned size);
size_t virtq_used_bytes(unsigned size);
size_t virtq_priv_bytes(unsigned size);

/*
 * Set up q over zeroed ring memory (desc 16-byte, avail 2-byte and used
 * 4-byte aligned) and priv (virtq_priv_bytes, 8-byte aligned).
 */
void virtq_init(struct virtq *q, unsigned size, void *desc, void *avail, void *used, void *priv);
/* The head the next virtq_add of n buffers will use, or -ENOSPC (-EIO if broken). */
int virtq_next_head(const struct virtq *q, unsigned n);
/*
 * Offer the chain of n buffers (those the device reads first) with cookie
 * (not NULL): its head, or -ENOSPC when too few descriptors are free, or
 * -EINVAL, or -EIO on a broken queue.  The caller then notifies the device.
 */
int virtq_add(struct virtq *q, const struct virtq_buf *bufs, unsigned n, void *cookie);
/*
 * Whether the device wants the doorbell after a virtq_add: not while it
 * sets VRING_USED_F_NO_NOTIFY (it is polling the ring, as QEMU's virtio-net
 * does for a receive queue that has buffers).  Read after virtq_add's
 * barrier, as the spec's 2.7.7.2 says, so an add the device misses is seen.
 */
bool virtq_needs_notify(const struct virtq *q);
/*
 * Take one completed chain: 1 with its cookie, head and written length;
 * 0 when none is waiting; -EIO when the device broke the ring's rules.
 */
int virtq_get_used(struct virtq *q, void **cookie, uint16_t *head, uint32_t *len);
/*
 * Forget every chain in flight (after a device reset): fn(cookie, arg)
 * for each, and all descriptors are free again.  The queue stays broken.
 */
void virtq_detach_all(struct virtq *q, void (*fn)(void *cookie, void *arg), void *arg);

#endif
