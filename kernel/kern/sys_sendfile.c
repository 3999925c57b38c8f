/*
 * sys_sendfile.c: sendfile and copy_file_range, copies between files that
 * never pass through user memory.
 *
 * Both move the data through a kernel buffer a chunk at a time with the
 * files' own read and write ops, so every kind of file they accept works
 * as read(2) and write(2) would (a pipe's blocking and SIGPIPE, a
 * socket's flow control).  Linux splices pages instead; what user space
 * can see is the same: the count moved, the offsets, and the errors,
 * checked in Linux's order (do_sendfile, generic_copy_file_checks).
 *
 * sendfile reads from a seekable file: a regular file, a disk or a memory
 * device (pipes, sockets and directories are EINVAL, as on Linux 6.x,
 * which also refuses /dev/null) and writes to anything writable but an
 * O_APPEND file.  copy_file_range takes two regular files.  A copy stops
 * early for a signal (after some bytes: their count) or a short write.
 */
#include <fs/file.h>
#include <kern/signal.h>
#include <kern/sysargs.h>
#include <kern/syscall.h>
#include <kern/uaccess.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>

#define CHUNK 16384
#define MAX_RW_COUNT 0x7ffff000ul /* Linux's: INT_MAX rounded down to a page */

/*
 * Copy up to count bytes from in at *ipos to out at *opos, both advanced
 * by what arrived: the count, or -errno if nothing moved.  A write that
 * takes less than was read gives the rest back to the input offset.
 */
static long copy_between(struct file *in, uint64_t *ipos, struct file *out, uint64_t *opos,
			 size_t count)
{
	char *buf = kmalloc(CHUNK);
	size_t total = 0;
	long err = 0;

	if (buf == NULL)
		return -ENOMEM;
	while (total < count && err == 0) {
		struct uio ru = { .kbuf = buf, .len = count - total < CHUNK ? count - total : CHUNK };
		long r = in->f_ops->fop_read(in, &ru, ipos), w = 0;

		if (r <= 0) {
			err = r;
			break;
		}
		while (w < r) {
			struct uio wu = { .kbuf = buf + w, .len = (size_t)(r - w) };
			long n = out->f_ops->fop_write(out, &wu, opos);

			if (n <= 0) {
				err = n != 0 ? n : -EIO;
				break;
			}
			w += n;
		}
		*ipos -= (uint64_t)(r - w);
		total += (size_t)w;
		if (err == 0 && total < count && signal_pending())
			err = -ERESTARTSYS;
	}
	kfree(buf);
	return total > 0 ? (long)total : err;
}

static bool is_regular(const struct file *f)
{
	return f->f_vnode != NULL && S_ISREG(f->f_vnode->v_mode);
}

/* Linux's rw_verify_area for an offset and a count: 0 or -EINVAL. */
static int range_ok(uint64_t pos, uint64_t count)
{
	if ((int64_t)pos < 0 || (int64_t)count < 0 || (int64_t)(pos + count) < 0)
		return -EINVAL;
	return 0;
}

static long sendfile_files(struct file *in, struct file *out, uint64_t *pos, uint64_t count)
{
	if (!file_writable(out))
		return -EBADF;
	if (out->f_flags & O_APPEND)
		return -EINVAL;
	if (!in->f_ops->fop_seekable || (in->f_vnode != NULL && S_ISDIR(in->f_vnode->v_mode)))
		return -EINVAL; /* only files and disks have what Linux's splice_read needs here */
	if (out->f_ops->fop_seekable && range_ok(out->f_pos, count) != 0)
		return -EINVAL;
	if (count == 0)
		return 0;
	return copy_between(in, pos, out, &out->f_pos, count);
}

/* sendfile(out_fd, in_fd, offset, count): x86_64's is Linux's sendfile64. */
long sys_sendfile(const struct sys_sendfile_args *uap)
{
	struct uptr uoff = uap->offset;
	uint64_t pos = 0, count = uap->count;
	struct file *in, *out;
	long ret;

	if (!uptr_null(uoff) && copy_from_user(&pos, uoff, sizeof(pos)) != 0)
		return -EFAULT;
	if ((in = fd_get(uap->in_fd)) == NULL)
		return -EBADF;
	ret = -EBADF;
	if (!file_readable(in))
		goto put_in;
	ret = -ESPIPE;
	if (!uptr_null(uoff) && !in->f_ops->fop_seekable)
		goto put_in;
	if (uptr_null(uoff))
		pos = in->f_pos;
	if ((ret = range_ok(pos, count)) != 0)
		goto put_in;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	ret = -EBADF;
	if ((out = fd_get(uap->out_fd)) == NULL)
		goto put_in;
	ret = sendfile_files(in, out, &pos, count);
	file_put(out);
	if (uptr_null(uoff))
		in->f_pos = pos;
	else if (copy_to_user(uoff, &pos, sizeof(pos)) != 0)
		ret = -EFAULT;
put_in:
	file_put(in);
	return ret;
}

/* generic_copy_file_checks: the count to copy (shortened to the input's end), or -errno. */
static long copy_checks(struct file *in, uint64_t ipos, struct file *out, uint64_t opos,
			uint64_t len)
{
	uint64_t size;

	if ((in->f_vnode != NULL && S_ISDIR(in->f_vnode->v_mode)) ||
	    (out->f_vnode != NULL && S_ISDIR(out->f_vnode->v_mode)))
		return -EISDIR;
	if (!is_regular(in) || !is_regular(out))
		return -EINVAL;
	if (!file_readable(in) || !file_writable(out) || (out->f_flags & O_APPEND))
		return -EBADF;
	if (ipos + len < ipos || opos + len < opos)
		return -EOVERFLOW;
	size = in->f_vnode->v_size;
	len = ipos >= size ? 0 : (len < size - ipos ? len : size - ipos);
	if (in->f_vnode == out->f_vnode && opos + len > ipos && opos < ipos + len)
		return -EINVAL; /* overlapping ranges of one file */
	if (range_ok(ipos, len) != 0 || range_ok(opos, len) != 0)
		return -EINVAL;
	return (long)(len > MAX_RW_COUNT ? MAX_RW_COUNT : len);
}

/* copy_file_range(fd_in, off_in, fd_out, off_out, len, flags) */
long sys_copy_file_range(const struct sys_copy_file_range_args *uap)
{
	struct uptr uin = uap->off_in, uout = uap->off_out;
	struct file *in, *out;
	uint64_t ipos, opos;
	long ret;

	if ((in = fd_get(uap->fd_in)) == NULL)
		return -EBADF;
	ret = -EBADF;
	if ((out = fd_get(uap->fd_out)) == NULL)
		goto put_in;
	ipos = in->f_pos;
	opos = out->f_pos;
	ret = -EFAULT;
	if ((!uptr_null(uin) && copy_from_user(&ipos, uin, sizeof(ipos)) != 0) ||
	    (!uptr_null(uout) && copy_from_user(&opos, uout, sizeof(opos)) != 0))
		goto put_out;
	ret = -EINVAL;
	if (uap->flags != 0)
		goto put_out;
	ret = copy_checks(in, ipos, out, opos, uap->len);
	if (ret > 0)
		ret = copy_between(in, &ipos, out, &opos, (size_t)ret);
	if (ret > 0) {
		if (uptr_null(uin))
			in->f_pos = ipos;
		else if (copy_to_user(uin, &ipos, sizeof(ipos)) != 0)
			ret = -EFAULT;
		if (uptr_null(uout))
			out->f_pos = opos;
		else if (copy_to_user(uout, &opos, sizeof(opos)) != 0)
			ret = -EFAULT;
	}
put_out:
	file_put(out);
put_in:
	file_put(in);
	return ret;
}
