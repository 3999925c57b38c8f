/*
 * sys_info.c: uname, sysinfo, getrandom, reboot.  The structures are
 * Linux's x86_64 layouts.
 */
#include <arch/arch.h>
#include <fs/file.h>
#include <kern/clock.h>
#include <kern/kprintf.h>
#include <kern/proc.h>
#include <kern/random.h>
#include <kern/sysargs.h>
#include <kern/syscall.h>
#include <kern/uaccess.h>
#include <kern/version.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/pmm.h>
#include <vm/vm_map.h>

#define UTS_LEN 65
#define GRND_NONBLOCK 1
#define GRND_RANDOM 2
#define GRND_INSECURE 4
#define REBOOT_MAGIC1 0xFEE1DEADU
#define REBOOT_MAGIC2 672274793U
#define REBOOT_MAGIC2A 85072278U
#define REBOOT_MAGIC2B 369367448U
#define REBOOT_MAGIC2C 537993216U
#define REBOOT_CMD_HALT 0xCDEF0123U
#define REBOOT_CMD_RESTART 0x01234567U
#define REBOOT_CMD_POWER_OFF 0x4321FEDCU

struct k_utsname {
	char sysname[UTS_LEN], nodename[UTS_LEN], release[UTS_LEN], version[UTS_LEN],
		machine[UTS_LEN], domainname[UTS_LEN];
};

struct k_sysinfo {
	int64_t uptime;
	uint64_t loads[3];
	uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	uint16_t procs, pad;
	uint64_t totalhigh, freehigh;
	uint32_t mem_unit;
	char reserved[4];
};

_Static_assert(sizeof(struct k_sysinfo) == 112, "Linux struct sysinfo is 112 bytes");

long sys_uname(const struct sys_uname_args *uap)
{
	struct k_utsname u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.sysname, KERN_OSTYPE, UTS_LEN);
	strlcpy(u.nodename, KERN_HOSTNAME, UTS_LEN);
	strlcpy(u.release, KERN_OSRELEASE, UTS_LEN);
	strlcpy(u.version, "#1 " __DATE__, UTS_LEN);
	strlcpy(u.machine, "x86_64", UTS_LEN);
	strlcpy(u.domainname, "(none)", UTS_LEN);
	return copy_to_user(uap->name, &u, sizeof(u));
}

long sys_sysinfo(const struct sys_sysinfo_args *uap)
{
	struct k_sysinfo si;

	memset(&si, 0, sizeof(si));
	si.uptime = clock_monotonic_ns() / NSEC_PER_SEC;
	si.totalram = pmm_total_count() * PAGE_SIZE;
	si.freeram = pmm_free_count() * PAGE_SIZE;
	si.procs = proc_count();
	si.mem_unit = 1;
	return copy_to_user(uap->info, &si, sizeof(si));
}

long sys_getrandom(const struct sys_getrandom_args *uap)
{
	uint8_t buf[256];
	size_t len = uap->count, done = 0;

	if (uap->flags & ~(unsigned int)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if (len > 33554431)
		len = 33554431; /* Linux's per-call limit */
	while (done < len) {
		size_t n = len - done < sizeof(buf) ? len - done : sizeof(buf);

		random_bytes(buf, n);
		if (copy_to_user(uptr_addr(uap->buf) + done, buf, n) != 0)
			return done > 0 ? (long)done : -EFAULT;
		done += n;
	}
	return done;
}

long sys_reboot(const struct sys_reboot_args *uap)
{
	uint32_t m2 = uap->magic2;

	if (!cred_root(cred_cur()))
		return -EPERM; /* Linux looks at CAP_SYS_BOOT before the magic numbers */
	if (uap->magic1 != REBOOT_MAGIC1 ||
	    (m2 != REBOOT_MAGIC2 && m2 != REBOOT_MAGIC2A && m2 != REBOOT_MAGIC2B &&
	     m2 != REBOOT_MAGIC2C))
		return -EINVAL;
	switch (uap->cmd) {
	case REBOOT_CMD_POWER_OFF:
	case REBOOT_CMD_HALT:
		(void)vfs_sync_all(); /* unlike Linux: no data is left in the cache (storage.md) */
		kprintf("reboot: power down\n");
		arch_exit_emulator(true);
	case REBOOT_CMD_RESTART:
		(void)vfs_sync_all();
		kprintf("reboot: restarting system\n");
		arch_reset();
	default:
		return -EINVAL;
	}
}
