/*
 * Unit tests of kernel/dev/virtqueue.c against a fake device that takes
 * chains from the available ring and puts heads on the used ring: chains
 * and flags, the doorbell only when asked for, the free list, completion out of order, index wrap-around
 * past 65535, a full queue, and a device that lies (a head out of range,
 * a head not in flight, more completions than requests, a scribbled
 * descriptor table), which must break the queue without corrupting it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <dev/virtqueue.h>
#include <sys/errno.h>

#include "htest.h"

struct vqmem {
	struct virtq q;
	void *desc, *avail, *used, *priv;
	uint16_t dev_avail_seen; /* the fake device's place in the available ring */
};

static void vq_open(struct vqmem *m, unsigned size)
{
	m->desc = calloc(1, virtq_desc_bytes(size));
	m->avail = calloc(1, virtq_avail_bytes(size));
	m->used = calloc(1, virtq_used_bytes(size));
	m->priv = calloc(1, virtq_priv_bytes(size));
	m->dev_avail_seen = 0;
	virtq_init(&m->q, size, m->desc, m->avail, m->used, m->priv);
}

static void vq_close(struct vqmem *m)
{
	free(m->desc);
	free(m->avail);
	free(m->used);
	free(m->priv);
}

/* The device takes the next offered head (-1 if none). */
static int dev_take(struct vqmem *m)
{
	volatile struct vring_avail *a = m->q.vq_avail;

	if (a->idx == m->dev_avail_seen)
		return -1;
	return a->ring[m->dev_avail_seen++ & (m->q.vq_size - 1)];
}

/* The device returns id with len bytes written. */
static void dev_done(struct vqmem *m, uint32_t id, uint32_t len)
{
	volatile struct vring_used *u = m->q.vq_used;

	u->ring[u->idx & (m->q.vq_size - 1)].id = id;
	u->ring[u->idx & (m->q.vq_size - 1)].len = len;
	u->idx++;
}

static const struct virtq_buf req3[3] = {
	{ 0x1000, 16, false }, { 0x2000, 512, true }, { 0x3000, 1, true },
};

HTEST(virtq, chain_offered_and_returned)
{
	struct vqmem m;
	int c1, head;
	void *cookie;
	uint16_t h;
	uint32_t len;

	vq_open(&m, 8);
	HCHECK(virtq_next_head(&m.q, 3) == 0);
	head = virtq_add(&m.q, req3, 3, &c1);
	HCHECK(head == 0 && m.q.vq_nfree == 5 && m.q.vq_avail->idx == 1);
	HCHECK(m.q.vq_desc[0].flags == VRING_DESC_F_NEXT && m.q.vq_desc[0].len == 16);
	HCHECK(m.q.vq_desc[m.q.vq_desc[0].next].addr == 0x2000);
	HCHECK(m.q.vq_desc[m.q.vq_desc[0].next].flags == (VRING_DESC_F_NEXT | VRING_DESC_F_WRITE));
	HCHECK(m.q.vq_desc[2].flags == VRING_DESC_F_WRITE);
	HCHECK(virtq_get_used(&m.q, &cookie, &h, &len) == 0);
	HCHECK(dev_take(&m) == 0);
	dev_done(&m, 0, 513);
	HCHECK(virtq_get_used(&m.q, &cookie, &h, &len) == 1);
	HCHECK(cookie == &c1 && h == 0 && len == 513 && m.q.vq_nfree == 8);
	HCHECK(virtq_get_used(&m.q, &cookie, &h, &len) == 0);
	vq_close(&m);
}

HTEST(virtq, notify_only_when_the_device_asks)
{
	struct vqmem m;
	int c1;

	vq_open(&m, 8);
	HCHECK(virtq_needs_notify(&m.q));
	m.q.vq_used->flags = VRING_USED_F_NO_NOTIFY;
	HCHECK(virtq_add(&m.q, req3, 1, &c1) == 0 && !virtq_needs_notify(&m.q));
	m.q.vq_used->flags = 0;
	HCHECK(virtq_needs_notify(&m.q));
	m.q.vq_broken = true;
	HCHECK(!virtq_needs_notify(&m.q));
	vq_close(&m);
}

HTEST(virtq, full_queue_then_out_of_order)
{
	struct vqmem m;
	int a, b, ha, hb, hc;
	void *cookie;
	uint16_t h;
	uint32_t len;

	vq_open(&m, 8);
	ha = virtq_add(&m.q, req3, 3, &a);
	hb = virtq_add(&m.q, req3, 3, &b);
	HCHECK(ha >= 0 && hb >= 0 && ha != hb);
	HCHECK(virtq_next_head(&m.q, 3) == -ENOSPC && virtq_add(&m.q, req3, 3, &a) == -ENOSPC);
	HCHECK(virtq_add(&m.q, req3, 2, &a) >= 0); /* two descriptors were left */
	dev_done(&m, (uint32_t)hb, 1);
	HCHECK(virtq_get_used(&m.q, &cookie, &h, &len) == 1 && cookie == &b && h == hb);
	hc = virtq_add(&m.q, req3, 3, &b);
	HCHECK(hc >= 0 && m.q.vq_nfree == 0);
	dev_done(&m, (uint32_t)ha, 1);
	HCHECK(virtq_get_used(&m.q, &cookie, &h, &len) == 1 && cookie == &a && h == ha);
	HCHECK(m.q.vq_nfree == 3 && !m.q.vq_broken);
	vq_close(&m);
}

HTEST(virtq, indices_wrap)
{
	struct vqmem m;
	int c, head;
	unsigned i;
	void *cookie;
	uint16_t h;
	uint32_t len;

	vq_open(&m, 4);
	for (i = 0; i < 70000; i++) {
		head = virtq_add(&m.q, req3, 1 + i % 3, &c);
		HCHECK(head >= 0 && dev_take(&m) == head);
		dev_done(&m, (uint32_t)head, i);
		HCHECK(virtq_get_used(&m.q, &cookie, &h, &len) == 1 && h == head && len == i);
	}
	HCHECK(m.q.vq_nfree == 4 && m.q.vq_avail->idx == (uint16_t)70000);
	vq_close(&m);
}

HTEST(virtq, bad_arguments)
{
	struct vqmem m;
	int c;

	vq_open(&m, 4);
	HCHECK(virtq_add(&m.q, req3, 0, &c) == -EINVAL);
	HCHECK(virtq_add(&m.q, req3, 5, &c) == -EINVAL);
	HCHECK(virtq_add(&m.q, req3, 1, NULL) == -EINVAL);
	HCHECK(m.q.vq_nfree == 4);
	vq_close(&m);
}

/* One request in flight, then the device answers with (id, idx step). */
static int lie(uint32_t id, uint16_t step)
{
	struct vqmem m;
	int c, rc;
	void *cookie;
	uint16_t h;
	uint32_t len;

	vq_open(&m, 8);
	virtq_add(&m.q, req3, 3, &c);
	m.q.vq_used->ring[0].id = id;
	m.q.vq_used->idx = step;
	rc = virtq_get_used(&m.q, &cookie, &h, &len);
	if (rc == -EIO && (!m.q.vq_broken || virtq_add(&m.q, req3, 1, &c) != -EIO ||
			   virtq_next_head(&m.q, 1) != -EIO))
		rc = 99;
	vq_close(&m);
	return rc;
}

HTEST(virtq, lying_device_breaks_queue)
{
	HCHECK(lie(0, 1) == 1);       /* the truth, for contrast */
	HCHECK(lie(8, 1) == -EIO);    /* head past the table */
	HCHECK(lie(0xFFFFFFFF, 1) == -EIO);
	HCHECK(lie(1, 1) == -EIO);    /* inside the chain, not its head */
	HCHECK(lie(5, 1) == -EIO);    /* a free descriptor */
	HCHECK(lie(0, 2) == -EIO);    /* two completions for one request */
	HCHECK(lie(0, 0xFFFF) == -EIO);
}

HTEST(virtq, scribbled_descriptors_do_not_corrupt_free_list)
{
	struct vqmem m;
	int c, head;
	unsigned i, seen = 0;
	void *cookie;
	uint16_t h;
	uint32_t len;

	vq_open(&m, 8);
	head = virtq_add(&m.q, req3, 3, &c);
	for (i = 0; i < 8; i++)
		m.q.vq_desc[i].next = 0xBEEF;
	dev_done(&m, (uint32_t)head, 1);
	HCHECK(virtq_get_used(&m.q, &cookie, &h, &len) == 1 && m.q.vq_nfree == 8);
	/* Eight single descriptors: eight distinct heads, all in the table. */
	for (i = 0; i < 8; i++) {
		head = virtq_add(&m.q, req3, 1, &c);
		HCHECK(head >= 0 && head < 8 && !(seen & (1u << head)));
		seen |= 1u << head;
	}
	HCHECK(m.q.vq_nfree == 0 && virtq_add(&m.q, req3, 1, &c) == -ENOSPC);
	vq_close(&m);
}

static void count_cookie(void *cookie, void *arg)
{
	(void)cookie;
	++*(int *)arg;
}

HTEST(virtq, detach_all_returns_every_request)
{
	struct vqmem m;
	int a, b, n = 0;

	vq_open(&m, 8);
	virtq_add(&m.q, req3, 3, &a);
	virtq_add(&m.q, req3, 2, &b);
	virtq_detach_all(&m.q, count_cookie, &n);
	HCHECK(n == 2 && m.q.vq_nfree == 8 && m.q.vq_inflight == 0 && m.q.vq_broken);
	vq_close(&m);
}
