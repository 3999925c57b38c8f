/*
 * memdev.c: the memory character devices, Linux's major 1: /dev/null
 * (reads end, writes vanish), /dev/zero (zeros), /dev/full (zeros; writes
 * fail with ENOSPC), /dev/random and /dev/urandom (the kernel's random
 * generator; both never block, as on Linux since 5.6).
 */
#include <dev/memdev.h>
#include <fs/file.h>
#include <kern/random.h>
#include <lib/string.h>
#include <sys/errno.h>

#define CHUNK 256

enum { DEV_NULL, DEV_ZERO, DEV_FULL, DEV_RANDOM };

static int kind(struct file *f)
{
	return (int)(uintptr_t)f->f_priv;
}

static long mem_read(struct file *f, struct uio *u, uint64_t *pos)
{
	char buf[CHUNK];
	size_t done = 0;

	(void)pos;
	if (kind(f) == DEV_NULL)
		return 0;
	if (kind(f) != DEV_RANDOM)
		memset(buf, 0, sizeof(buf));
	while (done < u->len) {
		size_t n = u->len - done < CHUNK ? u->len - done : CHUNK;

		if (kind(f) == DEV_RANDOM)
			random_bytes(buf, n);
		if (uio_copyout(u, done, buf, n) != 0)
			return done > 0 ? (long)done : -EFAULT;
		done += n;
	}
	return (long)done;
}

static long mem_write(struct file *f, struct uio *u, uint64_t *pos)
{
	(void)pos;
	return kind(f) == DEV_FULL ? -ENOSPC : (long)u->len;
}

static unsigned mem_poll(struct file *f)
{
	(void)f;
	return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
}

static const struct file_ops mem_ops = {
	.fop_read = mem_read,
	.fop_write = mem_write,
	.fop_poll = mem_poll,
	.fop_seekable = true,
};

static struct cdev mem_cdevs[] = {
	{ .cd_rdev = MKDEV(1, 3), .cd_name = "null", .cd_mode = 0666, .cd_ops = &mem_ops,
	  .cd_priv = (void *)DEV_NULL },
	{ .cd_rdev = MKDEV(1, 5), .cd_name = "zero", .cd_mode = 0666, .cd_ops = &mem_ops,
	  .cd_priv = (void *)DEV_ZERO },
	{ .cd_rdev = MKDEV(1, 7), .cd_name = "full", .cd_mode = 0666, .cd_ops = &mem_ops,
	  .cd_priv = (void *)DEV_FULL },
	{ .cd_rdev = MKDEV(1, 8), .cd_name = "random", .cd_mode = 0666, .cd_ops = &mem_ops,
	  .cd_priv = (void *)DEV_RANDOM },
	{ .cd_rdev = MKDEV(1, 9), .cd_name = "urandom", .cd_mode = 0666, .cd_ops = &mem_ops,
	  .cd_priv = (void *)DEV_RANDOM },
};

void memdev_init(void)
{
	unsigned i;

	for (i = 0; i < sizeof(mem_cdevs) / sizeof(mem_cdevs[0]); i++)
		cdev_register(&mem_cdevs[i]);
}
