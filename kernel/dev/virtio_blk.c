/*
 * virtio_blk.c: the virtio block device (virtio 1.0, section 5.2) on the
 * PCI transport: /dev/vda, /dev/vdb, ... (dev/blkdev.h).
 *
 * One queue.  A request is three descriptors: a 16-byte header the device
 * reads (type, sector), the data, and one status byte the device writes.
 * Header and status live in vb_slots, one 32-byte slot per possible chain
 * head in a page of their own; the data is the caller's buffer (direct
 * map, checked by blkdev.c).  The request's bookkeeping (struct
 * vblk_req) lives on the caller's kernel stack.
 *
 * Ownership and lifetime: the caller owns the data buffer and its
 * vblk_req; it offers the chain, rings the doorbell and sleeps until the
 * request is marked done, so both outlive the device's use of them.  The
 * interrupt handler (or a waiter whose sleep timed out, which covers a
 * lost or missing interrupt) reaps the used ring: it records each
 * request's result, marks it done and wakes its waiter, and wakes
 * whoever waits for free descriptors.  Many requests may be in flight
 * (up to a third of the queue); each waits on its own address.
 *
 * The device is not trusted: a status other than OK, or a written length
 * that does not match the request, fails that request with EIO; a used
 * ring entry that names no request in flight resets the device (so it
 * stops writing to memory) and fails every request in flight with EIO,
 * as does every later request.  No device value can panic the kernel.
 *
 * Locking: the queue, the slots and every vblk_req are touched only with
 * interrupts off (vblk_lock), which on one CPU also keeps the interrupt
 * handler out; sleeping with them off is safe (sleep_on).  The lock is a
 * spinlock when SMP arrives.
 */
#include <arch/arch.h>
#include <dev/blkdev.h>
#include <dev/virtio.h>
#include <kern/clock.h>
#include <kern/kprintf.h>
#include <kern/thread.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include <vm/pmm.h>
#include <vm/vm.h>

#define VIRTIO_BLK_F_SIZE_MAX (1ull << 1)
#define VIRTIO_BLK_F_RO (1ull << 5)

#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_S_OK 0

#define VBLK_CFG_CAPACITY 0
#define VBLK_CFG_SIZE_MAX 8
#define VBLK_CFG_MIN_LEN 16

#define VBLK_SECTOR 512           /* virtio counts in 512-byte sectors */
#define VBLK_QUEUE_MAX 128        /* vb_slots fills one page */
#define VBLK_REQ_MAX (64 * 1024)  /* bytes per request */
#define VBLK_MAX_DISKS 16         /* 16 minors each under one major */
#define VBLK_DESCS 3

/* How long a waiter sleeps before it looks at the used ring itself. */
#define VBLK_POLL_IRQ_NS 1000000000ull
#define VBLK_POLL_NOIRQ_NS 1000000ull
#define VBLK_STUCK_NS 30000000000ull

struct vblk_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

struct vblk_slot {
	struct vblk_hdr vs_hdr;
	uint8_t vs_status;
	uint8_t vs_pad[15];
};

struct vblk_req {
	bool vr_done;
	int vr_err;
	uint32_t vr_wlen;   /* bytes the device is to write: status, and data for a read */
	bool vr_write;
};

struct vblk {
	struct blkdev vb_bd;
	struct virtio_pci vb_vp;
	struct virtq vb_vq;
	struct vblk_slot *vb_slots;
	bool vb_irq;        /* interrupts reach us; else waiters poll */
	bool vb_broken;
	bool vb_warned;     /* the lost-interrupt warning was given */
};

static const struct pci_id vblk_ids[] = {
	{ VIRTIO_PCI_VENDOR, 0x1042 }, /* modern */
	{ VIRTIO_PCI_VENDOR, 0x1001 }, /* transitional: used through its modern interface */
	{ 0, 0 },
};

static unsigned vblk_count;

static unsigned long vblk_lock(void)
{
	return arch_irq_save();
}

static void vblk_unlock(unsigned long fl)
{
	arch_irq_restore(fl);
}

static void vblk_fail_one(void *cookie, void *arg)
{
	struct vblk_req *r = cookie;

	(void)arg;
	r->vr_err = -EIO;
	r->vr_done = true;
	wakeup(r);
}

/* The device broke the rules: stop it, then fail what it held.  Lock held. */
static void vblk_break(struct vblk *vb, const char *why)
{
	kprintf("virtio-blk %s: %s: device reset, I/O fails with EIO\n", vb->vb_bd.bd_name, why);
	vb->vb_broken = true;
	virtio_pci_reset(&vb->vb_vp);
	virtq_detach_all(&vb->vb_vq, vblk_fail_one, NULL);
	wakeup(&vb->vb_vq);
}

/* The result of the request completed at head with len bytes written. */
static int vblk_result(struct vblk *vb, const struct vblk_req *r, uint16_t head, uint32_t len)
{
	const struct vblk_slot *s = &vb->vb_slots[head];

	if (len > r->vr_wlen || (!r->vr_write && len < r->vr_wlen)) {
		kprintf("virtio-blk %s: sector %lu: device wrote %u bytes of %u\n", vb->vb_bd.bd_name,
			(unsigned long)s->vs_hdr.sector, len, r->vr_wlen);
		return -EIO;
	}
	if (s->vs_status != VIRTIO_BLK_S_OK) {
		kprintf("virtio-blk %s: %s of sector %lu failed (status %u)\n", vb->vb_bd.bd_name,
			r->vr_write ? "write" : "read", (unsigned long)s->vs_hdr.sector,
			s->vs_status);
		return -EIO;
	}
	return 0;
}

/* Take every completed request off the used ring.  Lock held. */
static void vblk_reap(struct vblk *vb)
{
	struct vblk_req *r;
	void *cookie;
	uint16_t head;
	uint32_t len;
	bool freed = false;
	int rc;

	while ((rc = virtq_get_used(&vb->vb_vq, &cookie, &head, &len)) == 1) {
		r = cookie;
		r->vr_err = vblk_result(vb, r, head, len);
		r->vr_done = true;
		wakeup(r);
		freed = true;
	}
	if (rc < 0 && !vb->vb_broken)
		vblk_break(vb, "used ring names no request in flight");
	if (freed)
		wakeup(&vb->vb_vq);
}

static void vblk_intr(void *arg)
{
	struct vblk *vb = arg;
	uint8_t isr = virtio_pci_isr(&vb->vb_vp);

	if (isr & VIRTIO_ISR_QUEUE)
		vblk_reap(vb);
	if (isr & VIRTIO_ISR_CONFIG)
		kprintf("virtio-blk %s: configuration changed (ignored)\n", vb->vb_bd.bd_name);
}

/*
 * Sleep on chan for a while; if no wakeup came, reap, in case an interrupt
 * was lost: whether it had to.  Lock held.
 */
static bool vblk_sleep(struct vblk *vb, const void *chan)
{
	uint64_t poll = vb->vb_irq ? VBLK_POLL_IRQ_NS : VBLK_POLL_NOIRQ_NS;

	if (sleep_on(chan, clock_monotonic_ns() + poll) != -ETIMEDOUT)
		return false;
	vblk_reap(vb);
	return true;
}

/* Offer the request; wait for descriptors when all are in use.  Lock held. */
static int vblk_submit(struct vblk *vb, struct vblk_req *r, uint64_t sector, void *buf,
		       uint32_t bytes)
{
	struct virtq_buf b[VBLK_DESCS];
	struct vblk_slot *s;
	int head;

	while ((head = virtq_next_head(&vb->vb_vq, VBLK_DESCS)) == -ENOSPC)
		vblk_sleep(vb, &vb->vb_vq);
	if (head < 0)
		return -EIO; /* broken */
	s = &vb->vb_slots[head];
	s->vs_hdr = (struct vblk_hdr){ r->vr_write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN, 0, sector };
	s->vs_status = 0xFF;
	b[0] = (struct virtq_buf){ VIRT_TO_PHYS(&s->vs_hdr), sizeof(s->vs_hdr), false };
	b[1] = (struct virtq_buf){ VIRT_TO_PHYS(buf), bytes, !r->vr_write };
	b[2] = (struct virtq_buf){ VIRT_TO_PHYS(&s->vs_status), 1, true };
	if (virtq_add(&vb->vb_vq, b, VBLK_DESCS, r) != head)
		return -EIO;
	virtio_pci_notify(&vb->vb_vp, 0);
	return 0;
}

static void vblk_wait(struct vblk *vb, struct vblk_req *r)
{
	uint64_t start = clock_monotonic_ns();
	bool stuck = false;

	while (!r->vr_done) {
		if (vblk_sleep(vb, r) && r->vr_done && vb->vb_irq && !vb->vb_warned) {
			vb->vb_warned = true;
			kprintf("virtio-blk %s: a completion came without its interrupt\n",
				vb->vb_bd.bd_name);
		}
		if (!r->vr_done && !stuck && clock_monotonic_ns() - start > VBLK_STUCK_NS) {
			stuck = true;
			kprintf("virtio-blk %s: a request has waited 30 s\n", vb->vb_bd.bd_name);
		}
	}
}

static int vblk_rw(struct blkdev *bd, bool write, uint64_t sector, void *buf, uint32_t count)
{
	struct vblk *vb = bd->bd_priv;
	uint32_t bytes = count * VBLK_SECTOR;
	struct vblk_req r = { .vr_write = write, .vr_wlen = write ? 1 : bytes + 1 };
	unsigned long fl = vblk_lock();
	int err;

	err = vblk_submit(vb, &r, sector, buf, bytes);
	if (err == 0) {
		vblk_wait(vb, &r);
		err = r.vr_err;
	}
	vblk_unlock(fl);
	return err;
}

static const struct blkdev_ops vblk_ops = {
	.bo_rw = vblk_rw,
};

/* The largest request the device takes, in sectors. */
static uint32_t vblk_max_sectors(struct vblk *vb)
{
	uint32_t max = VBLK_REQ_MAX, size_max;

	if (vb->vb_vp.vp_features & VIRTIO_BLK_F_SIZE_MAX) {
		size_max = virtio_pci_config32(&vb->vb_vp, VBLK_CFG_SIZE_MAX);
		if (size_max < max)
			max = size_max;
	}
	return max >= VBLK_SECTOR ? max / VBLK_SECTOR : 1;
}

/* Transport, features, the queue: 0 or -errno, the device left failed. */
static int vblk_setup(struct vblk *vb, struct pci_dev *pd)
{
	int err;

	err = virtio_pci_open(pd, &vb->vb_vp);
	if (err != 0)
		return err;
	if (vb->vb_vp.vp_device_len < VBLK_CFG_MIN_LEN)
		err = -ENODEV;
	if (err == 0)
		err = virtio_pci_negotiate(&vb->vb_vp, VIRTIO_BLK_F_SIZE_MAX | VIRTIO_BLK_F_RO);
	if (err == 0)
		err = virtio_pci_setup_queue(&vb->vb_vp, 0, VBLK_QUEUE_MAX, &vb->vb_vq);
	if (err != 0) {
		virtio_pci_reset(&vb->vb_vp);
		virtio_pci_add_status(&vb->vb_vp, VIRTIO_STATUS_FAILED);
	}
	return err;
}

static void vblk_fill_blkdev(struct vblk *vb, unsigned index)
{
	struct blkdev *bd = &vb->vb_bd;

	snprintf(bd->bd_name, sizeof(bd->bd_name), "vd%c", 'a' + index);
	bd->bd_sector_size = VBLK_SECTOR;
	bd->bd_nsectors = virtio_pci_config64(&vb->vb_vp, VBLK_CFG_CAPACITY);
	bd->bd_max_sectors = vblk_max_sectors(vb);
	bd->bd_readonly = (vb->vb_vp.vp_features & VIRTIO_BLK_F_RO) != 0;
	bd->bd_ops = &vblk_ops;
	bd->bd_priv = vb;
}

static int vblk_probe(struct pci_dev *pd)
{
	struct vblk *vb;
	char name[16];
	paddr_t slots;
	int err;

	if (vblk_count >= VBLK_MAX_DISKS)
		return -ENOSPC;
	vb = kzalloc(sizeof(*vb));
	slots = pmm_alloc_zeroed();
	if (vb == NULL || slots == 0) {
		kfree(vb);
		if (slots != 0)
			pmm_free(slots);
		return -ENOMEM;
	}
	vb->vb_slots = PHYS_TO_VIRT(slots);
	err = vblk_setup(vb, pd);
	if (err != 0) {
		/* The device has forgotten the queue (reset): its memory may go. */
		kfree(vb);
		pmm_free(slots);
		return err;
	}
	vb->vb_irq = pci_irq_attach(pd, vblk_intr, vb) == 0;
	virtio_pci_add_status(&vb->vb_vp, VIRTIO_STATUS_DRIVER_OK);
	vblk_fill_blkdev(vb, vblk_count);
	pd->pd_drvdata = vb;
	pci_name(pd, name);
	kprintf("virtio-blk %s: %s: %lu sectors (%lu MiB)%s, queue %u, %s\n", name,
		vb->vb_bd.bd_name, (unsigned long)vb->vb_bd.bd_nsectors,
		(unsigned long)(vb->vb_bd.bd_nsectors >> 11), vb->vb_bd.bd_readonly ? " read-only" : "",
		vb->vb_vq.vq_size, vb->vb_irq ? "interrupts" : "polled (no usable interrupt)");
	blkdev_add_disk(&vb->vb_bd, MKDEV(VIRTBLK_MAJOR, VIRTBLK_MINORS * vblk_count));
	vblk_count++;
	return 0;
}

const struct pci_driver virtio_blk_pci_driver = {
	.pdr_name = "virtio-blk",
	.pdr_ids = vblk_ids,
	.pdr_probe = vblk_probe,
};
