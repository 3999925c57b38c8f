/*
 * ipc_msg.c: System V message queues: msgget, msgsnd, msgrcv, msgctl
 * (docs/ipc.md).
 *
 * A queue is a FIFO list of messages, each one kmalloc'd block holding its
 * type and text.  A sender whose message does not fit (q_cbytes + size >
 * q_qbytes, or more messages than q_qbytes, as Linux) sleeps on the
 * queue's send channel; a receiver that finds no message of the wanted
 * type sleeps on the receive channel; each change wakes the other side,
 * which looks again.  IPC_RMID wakes both: they find the queue deleted
 * (EIDRM), and the last sleeper to leave frees it.  A signal ends a sleep
 * with ERESTARTNOHAND, as Linux.
 *
 * Bounds: MSGMAX bytes per message and MSGMNB per queue (root may raise a
 * queue's q_qbytes, as Linux), MSGMNI queues.  All the queues together may
 * hold at most msg_pool bytes (an eighth of memory; Linux has no such
 * limit, but at its defaults 32000 full queues would take 500 MiB): a
 * message that would pass it waits as on a full queue.
 */
#include <kern/ipc.h>
#include <kern/proc.h>
#include <kern/signal.h>
#include <kern/sysargs.h>
#include <kern/syscall.h>
#include <kern/thread.h>
#include <kern/uaccess.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include <vm/pmm.h>

#define MSGMAX 8192
#define MSGMNB 16384
#define MSGMNI 32000
#define LONG_MAX_ 0x7FFFFFFFFFFFFFFFL

struct kmsg {
	struct kmsg *next;
	long type;
	size_t len;
	char text[];
};

struct msg_queue {
	struct ipc_obj perm;        /* first: the table holds &perm */
	struct kmsg *head, **tailp;
	uint64_t cbytes, qnum, qbytes;
	int64_t stime, rtime, ctime;
	int lspid, lrpid;
	int sleepers;               /* senders and receivers asleep on it */
	char send_chan, recv_chan;  /* the sleep channels */
};

static struct ipc_ids msg_ids = { .max = MSGMNI };
static uint64_t msg_bytes;       /* text in all queues (ipc_lock) */

static struct msg_queue *Q(struct ipc_obj *o)
{
	return (struct msg_queue *)o;
}

static uint64_t msg_pool(void)
{
	return (uint64_t)pmm_total_count() * PAGE_SIZE / 8;
}

static int msq_create(int32_t key, int flags, uint64_t arg)
{
	struct msg_queue *q = kzalloc(sizeof(*q));
	int id;

	(void)arg;
	if (q == NULL)
		return -ENOMEM;
	q->tailp = &q->head;
	q->qbytes = MSGMNB;
	if ((id = ipc_add(&msg_ids, &q->perm, key, flags)) < 0) {
		kfree(q);
		return id;
	}
	q->ctime = ipc_now();
	return id;
}

long sys_msgget(const struct sys_msgget_args *uap)
{
	return ipc_get(&msg_ids, uap->key, uap->msgflg, msq_create, NULL, 0);
}

/*
 * Sleep on chan of q with ipc_lock dropped: 0 to look again, -EIDRM if q
 * was removed meanwhile (freed here if this was its last sleeper),
 * -ERESTARTNOHAND for a signal.
 */
static int msq_sleep(struct msg_queue *q, const void *chan)
{
	int err;

	q->sleepers++;
	err = ipc_sleep(chan, 0);
	q->sleepers--;
	if (q->perm.deleted) {
		if (q->sleepers == 0)
			kfree(q);
		return -EIDRM;
	}
	return err == -EINTR ? -ERESTARTNOHAND : 0;
}

static bool msg_fits(const struct msg_queue *q, size_t len)
{
	return q->cbytes + len <= q->qbytes && q->qnum + 1 <= q->qbytes &&
	       msg_bytes + len <= msg_pool();
}

static long msgsnd_locked(int id, struct kmsg *m, int flags)
{
	struct ipc_obj *o = ipc_find_id(&msg_ids, id);
	struct msg_queue *q;
	long err;

	if (o == NULL)
		return -EINVAL;
	if ((err = ipc_perm_check(o, 0222)) != 0)
		return err;
	q = Q(o);
	while (!msg_fits(q, m->len)) {
		if (flags & IPC_NOWAIT)
			return -EAGAIN;
		if ((err = msq_sleep(q, &q->send_chan)) != 0)
			return err;
	}
	m->next = NULL;
	*q->tailp = m;
	q->tailp = &m->next;
	q->cbytes += m->len;
	q->qnum++;
	msg_bytes += m->len;
	q->lspid = ipc_pid();
	q->stime = ipc_now();
	wakeup(&q->recv_chan);
	return 0;
}

/* Linux's do_msgsnd, in its order of checks. */
long sys_msgsnd(const struct sys_msgsnd_args *uap)
{
	int id = uap->msqid, flags = uap->msgflg;
	struct uptr umsg = uap->msgp;
	size_t len = uap->msgsz;
	struct kmsg *m;
	long type, err;

	if (copy_from_user(&type, umsg, sizeof(type)) != 0)
		return -EFAULT;
	if (len > MSGMAX || (long)len < 0 || id < 0)
		return -EINVAL;
	if (type < 1)
		return -EINVAL;
	if ((m = kmalloc(sizeof(*m) + len)) == NULL)
		return -ENOMEM;
	m->type = type;
	m->len = len;
	if (copy_from_user(m->text, uptr_add(umsg, sizeof(long)), len) != 0) {
		kfree(m);
		return -EFAULT;
	}
	mutex_lock(&ipc_lock);
	err = msgsnd_locked(id, m, flags);
	mutex_unlock(&ipc_lock);
	if (err != 0)
		kfree(m);
	return err;
}

/* Linux's convert_mode and find_msg: the message msgrcv takes, or NULL. */
static struct kmsg **msg_find(struct msg_queue *q, long type, int flags)
{
	struct kmsg **pp, **best = NULL;

	for (pp = &q->head; *pp != NULL; pp = &(*pp)->next) {
		long t = (*pp)->type;

		if (type == 0)
			return pp;
		if (type > 0 && ((flags & MSG_EXCEPT) ? t != type : t == type))
			return pp;
		if (type < 0 && t <= (type == -LONG_MAX_ - 1 ? LONG_MAX_ : -type) &&
		    (best == NULL || t < (*best)->type))
			best = pp; /* the first of the lowest type up to |type| */
	}
	return best;
}

static long msgrcv_locked(int id, long type, int flags, size_t bufsz, struct kmsg **out)
{
	struct ipc_obj *o = ipc_find_id(&msg_ids, id);
	struct msg_queue *q;
	struct kmsg **pp, *m;
	long err;

	if (o == NULL)
		return -EINVAL;
	if ((err = ipc_perm_check(o, 0444)) != 0)
		return err;
	q = Q(o);
	while ((pp = msg_find(q, type, flags)) == NULL) {
		if (flags & IPC_NOWAIT)
			return -ENOMSG;
		if ((err = msq_sleep(q, &q->recv_chan)) != 0)
			return err;
	}
	m = *pp;
	if (bufsz < m->len && !(flags & MSG_NOERROR))
		return -E2BIG; /* the message stays */
	*pp = m->next;
	if (q->tailp == &m->next)
		q->tailp = pp;
	q->cbytes -= m->len;
	q->qnum--;
	msg_bytes -= m->len;
	q->lrpid = ipc_pid();
	q->rtime = ipc_now();
	wakeup(&q->send_chan);
	*out = m;
	return 0;
}

/* Linux's do_msgrcv: the bytes of text copied (at most bufsz with MSG_NOERROR). */
long sys_msgrcv(const struct sys_msgrcv_args *uap)
{
	int id = uap->msqid, flags = uap->msgflg;
	struct uptr umsg = uap->msgp;
	size_t bufsz = uap->msgsz, n;
	long type = uap->msgtyp, err;
	struct kmsg *m = NULL;

	if (id < 0 || (long)bufsz < 0)
		return -EINVAL;
	if (flags & MSG_COPY)
		return -ENOSYS; /* Linux without CONFIG_CHECKPOINT_RESTORE */
	mutex_lock(&ipc_lock);
	err = msgrcv_locked(id, type, flags, bufsz, &m);
	mutex_unlock(&ipc_lock);
	if (err != 0)
		return err;
	/* Taken off the queue: a bad buffer loses it, as on Linux. */
	n = m->len < bufsz ? m->len : bufsz;
	if (copy_to_user(umsg, &m->type, sizeof(long)) != 0 ||
	    copy_to_user(uptr_add(umsg, sizeof(long)), m->text, n) != 0)
		err = -EFAULT;
	kfree(m);
	return err != 0 ? err : (long)n;
}

static void msq_free(struct msg_queue *q)
{
	struct kmsg *m, *next;

	for (m = q->head; m != NULL; m = next) {
		next = m->next;
		msg_bytes -= m->len;
		kfree(m);
	}
	q->head = NULL;
	ipc_remove(&msg_ids, &q->perm);
	wakeup(&q->send_chan);
	wakeup(&q->recv_chan);
	if (q->sleepers == 0)
		kfree(q); /* else the last sleeper frees it (msq_sleep) */
}

static void msq_fill_ds(const struct msg_queue *q, struct msqid64_ds *ds)
{
	memset(ds, 0, sizeof(*ds));
	ipc_perm_fill(&q->perm, &ds->msg_perm);
	ds->msg_stime = q->stime;
	ds->msg_rtime = q->rtime;
	ds->msg_ctime = q->ctime;
	ds->msg_cbytes = q->cbytes;
	ds->msg_qnum = q->qnum;
	ds->msg_qbytes = q->qbytes;
	ds->msg_lspid = q->lspid;
	ds->msg_lrpid = q->lrpid;
}

static long msq_ctl_locked(struct msg_queue *q, int cmd, const struct msqid64_ds *in,
			   struct msqid64_ds *out)
{
	long err;

	switch (cmd) {
	case IPC_STAT:
		if ((err = ipc_perm_check(&q->perm, 0444)) != 0)
			return err;
		msq_fill_ds(q, out);
		return 0;
	case IPC_SET:
		if ((err = ipc_owner_check(&q->perm)) != 0)
			return err;
		if (in->msg_qbytes > MSGMNB && !cred_root(cred_cur()))
			return -EPERM;
		if (in->msg_qbytes > 0x7FFFFFFF)
			return -EINVAL; /* Linux keeps it in an int */
		q->qbytes = in->msg_qbytes;
		ipc_perm_set(&q->perm, &in->msg_perm);
		q->ctime = ipc_now();
		wakeup(&q->send_chan); /* a larger queue: senders may fit now */
		return 0;
	default: /* IPC_RMID */
		if ((err = ipc_owner_check(&q->perm)) != 0)
			return err;
		msq_free(q);
		return 0;
	}
}

static long msg_info(struct uptr ubuf)
{
	struct msginfo mi = { .msgpool = (int)(msg_pool() >> 10), .msgmap = MSGMNB,
			      .msgmax = MSGMAX, .msgmnb = MSGMNB, .msgmni = MSGMNI,
			      .msgssz = 16, .msgtql = MSGMNB, .msgseg = 0xFFFF };

	return copy_to_user(ubuf, &mi, sizeof(mi)) != 0 ? -EFAULT : 0;
}

long sys_msgctl(const struct sys_msgctl_args *uap)
{
	int id = uap->msqid, cmd = uap->cmd;
	struct uptr ubuf = uap->buf;
	struct msqid64_ds in, out;
	struct ipc_obj *o;
	long err;

	if (id < 0 || cmd < 0)
		return -EINVAL;
	memset(&in, 0, sizeof(in));
	switch (cmd) {
	case IPC_INFO:
		return msg_info(ubuf);
	case IPC_SET:
		if (copy_from_user(&in, ubuf, sizeof(in)) != 0)
			return -EFAULT;
		break;
	case IPC_STAT: case IPC_RMID:
		break;
	default: /* MSG_STAT, MSG_INFO, MSG_STAT_ANY: not done */
		return -EINVAL;
	}
	mutex_lock(&ipc_lock);
	o = ipc_find_id(&msg_ids, id);
	err = o == NULL ? -EINVAL : msq_ctl_locked(Q(o), cmd, &in, &out);
	mutex_unlock(&ipc_lock);
	if (err == 0 && cmd == IPC_STAT && copy_to_user(ubuf, &out, sizeof(out)) != 0)
		return -EFAULT;
	return err;
}

long ipc_msg_proc(char *buf, size_t size)
{
	long n = snprintf(buf, size, "       key      msqid perms      cbytes       qnum lspid "
			  "lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n");
	int i;

	mutex_lock(&ipc_lock);
	for (i = 0; i < msg_ids.nslots && n < (long)size; i++) {
		struct msg_queue *q = (struct msg_queue *)msg_ids.slots[i];

		if (q == NULL)
			continue;
		n += snprintf(buf + n, size - (size_t)n,
			      "%10d %10d  %4o  %10lu %10lu %5d %5d %5u %5u %5u %5u %10ld %10ld %10ld\n",
			      q->perm.key, q->perm.id, q->perm.mode, (unsigned long)q->cbytes,
			      (unsigned long)q->qnum, q->lspid, q->lrpid, q->perm.uid, q->perm.gid,
			      q->perm.cuid, q->perm.cgid, (long)q->stime, (long)q->rtime,
			      (long)q->ctime);
	}
	mutex_unlock(&ipc_lock);
	return n < (long)size ? n : (long)size - 1;
}
