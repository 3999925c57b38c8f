/*
 * virtqueue.c: the driver's half of a split virtqueue (dev/virtqueue.h).
 *
 * The free descriptors form a list through vq_next, a private array: the
 * descriptor table's own next fields are written for the device but never
 * read back, so a device that scribbles on the table cannot corrupt the
 * free list.  A chain is freed by its length, recorded at its head when it
 * was offered (vq_chain); a head the device returns that has no recorded
 * chain is an error, never a free.
 *
 * Indices: avail->idx and used->idx count up forever and wrap at 65536,
 * a multiple of the (power-of-two) queue size, so slot = idx & (size - 1)
 * and "entries waiting" = (uint16_t)(used->idx - seen).
 */
#include <dev/virtqueue.h>
#include <sys/errno.h>

size_t virtq_desc_bytes(unsigned size)
{
	return sizeof(struct vring_desc) * size;
}

size_t virtq_avail_bytes(unsigned size)
{
	return sizeof(struct vring_avail) + sizeof(uint16_t) * size + sizeof(uint16_t);
}

size_t virtq_used_bytes(unsigned size)
{
	return sizeof(struct vring_used) + sizeof(struct vring_used_elem) * size +
	       sizeof(uint16_t);
}

size_t virtq_priv_bytes(unsigned size)
{
	return (sizeof(void *) + 2 * sizeof(uint16_t)) * size;
}

void virtq_init(struct virtq *q, unsigned size, void *desc, void *avail, void *used, void *priv)
{
	unsigned i;

	*q = (struct virtq){ .vq_size = (uint16_t)size, .vq_nfree = (uint16_t)size };
	q->vq_desc = desc;
	q->vq_avail = avail;
	q->vq_used = used;
	q->vq_cookie = priv;
	q->vq_next = (uint16_t *)(q->vq_cookie + size);
	q->vq_chain = q->vq_next + size;
	for (i = 0; i < size; i++) {
		q->vq_next[i] = (uint16_t)(i + 1);
		q->vq_chain[i] = 0;
		q->vq_cookie[i] = NULL;
	}
	q->vq_free_head = 0;
}

int virtq_next_head(const struct virtq *q, unsigned n)
{
	if (q->vq_broken)
		return -EIO;
	if (n == 0 || n > q->vq_nfree)
		return -ENOSPC;
	return q->vq_free_head;
}

int virtq_add(struct virtq *q, const struct virtq_buf *bufs, unsigned n, void *cookie)
{
	uint16_t head = q->vq_free_head, d = head;
	unsigned i;

	if (q->vq_broken)
		return -EIO;
	if (n == 0 || n > q->vq_size || cookie == NULL)
		return -EINVAL;
	if (n > q->vq_nfree)
		return -ENOSPC;
	for (i = 0; i < n; i++) {
		q->vq_desc[d].addr = bufs[i].vb_addr;
		q->vq_desc[d].len = bufs[i].vb_len;
		q->vq_desc[d].flags = (uint16_t)((bufs[i].vb_write ? VRING_DESC_F_WRITE : 0) |
						 (i + 1 < n ? VRING_DESC_F_NEXT : 0));
		q->vq_desc[d].next = i + 1 < n ? q->vq_next[d] : 0;
		d = q->vq_next[d];
	}
	q->vq_free_head = d;
	q->vq_nfree = (uint16_t)(q->vq_nfree - n);
	q->vq_chain[head] = (uint16_t)n;
	q->vq_cookie[head] = cookie;
	q->vq_inflight++;
	q->vq_avail->ring[q->vq_avail_idx & (q->vq_size - 1)] = head;
	/* The device must see the descriptors and the ring slot before the index. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	q->vq_avail->idx = ++q->vq_avail_idx;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return head;
}

bool virtq_needs_notify(const struct virtq *q)
{
	return !q->vq_broken && (q->vq_used->flags & VRING_USED_F_NO_NOTIFY) == 0;
}

/* Give the n descriptors of the chain at head back to the free list. */
static void chain_free(struct virtq *q, uint16_t head, unsigned n)
{
	uint16_t d = head;
	unsigned i;

	for (i = 1; i < n; i++)
		d = q->vq_next[d];
	q->vq_next[d] = q->vq_free_head;
	q->vq_free_head = head;
	q->vq_nfree = (uint16_t)(q->vq_nfree + n);
}

int virtq_get_used(struct virtq *q, void **cookie, uint16_t *head, uint32_t *len)
{
	uint16_t waiting, id16;
	struct vring_used_elem e;

	if (q->vq_broken)
		return -EIO;
	waiting = (uint16_t)(q->vq_used->idx - q->vq_used_seen);
	if (waiting == 0)
		return 0;
	if (waiting > q->vq_inflight) {
		q->vq_broken = true;
		return -EIO;
	}
	/* Read the entry only after the index that published it. */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	e.id = q->vq_used->ring[q->vq_used_seen & (q->vq_size - 1)].id;
	e.len = q->vq_used->ring[q->vq_used_seen & (q->vq_size - 1)].len;
	if (e.id >= q->vq_size || q->vq_chain[e.id] == 0) {
		q->vq_broken = true;
		return -EIO;
	}
	id16 = (uint16_t)e.id;
	q->vq_used_seen++;
	chain_free(q, id16, q->vq_chain[id16]);
	*cookie = q->vq_cookie[id16];
	*head = id16;
	*len = e.len;
	q->vq_chain[id16] = 0;
	q->vq_cookie[id16] = NULL;
	q->vq_inflight--;
	return 1;
}

void virtq_detach_all(struct virtq *q, void (*fn)(void *cookie, void *arg), void *arg)
{
	unsigned i;

	for (i = 0; i < q->vq_size; i++) {
		if (q->vq_chain[i] == 0)
			continue;
		q->vq_chain[i] = 0;
		fn(q->vq_cookie[i], arg);
		q->vq_cookie[i] = NULL;
	}
	for (i = 0; i < q->vq_size; i++)
		q->vq_next[i] = (uint16_t)(i + 1);
	q->vq_free_head = 0;
	q->vq_nfree = q->vq_size;
	q->vq_inflight = 0;
	q->vq_broken = true;
}
