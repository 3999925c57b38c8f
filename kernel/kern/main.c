/*
 * main.c: kmain(), where boot.asm hands over, in long mode on the boot
 * stack with the early page tables (docs/boot.md has the whole path).
 *
 * Order matters: the machine's consoles and fault handlers first, then
 * the boot information (copied out before the allocator may reuse its
 * memory), then memory (page allocator on the early map, final page
 * tables, heap), then devices that need memory or interrupts.  With
 * "test" on the command line the kernel runs its tests and ends QEMU;
 * otherwise it echoes keyboard and serial input until later layers exist.
 */
#include <arch/arch.h>
#include <dev/acpi.h>
#include <dev/fbcon.h>
#include <dev/memdev.h>
#include <dev/pci.h>
#include <dev/tty.h>
#include <fs/rootfs.h>
#include <fs/vfs.h>
#include <kern/bootinfo.h>
#include <kern/clock.h>
#include <kern/cmdline.h>
#include <kern/console.h>
#include <kern/initrd.h>
#include <kern/kprintf.h>
#include <kern/ktest.h>
#include <fs/bcache.h>
#include <kern/panic.h>
#include <kern/proc.h>
#include <kern/thread.h>
#include <lib/time.h>
#include <net/lwip_port.h>
#include <vm/kmalloc.h>
#include <vm/pmm.h>
#include <vm/vmm.h>

#define MB2_BOOT_MAGIC 0x36D76289
#define INIT_PATH "/sbin/init"

extern char _kernel_end[];

struct boot_info boot_info;

void kmain(uint32_t magic, uint32_t mbi_phys);

static void boot_parse(uint32_t magic, uint32_t mbi_phys)
{
	uint32_t size;
	int err;

	if (magic != MB2_BOOT_MAGIC)
		panic("not booted by a multiboot2 loader (magic %#x)", magic);
	if (mbi_phys == 0 || mbi_phys >= VM_EARLY_MAP_LIMIT - 8)
		panic("boot information at %#x is out of reach", mbi_phys);
	size = *(const uint32_t *)PHYS_TO_VIRT(mbi_phys);
	if (size > VM_EARLY_MAP_LIMIT - mbi_phys)
		panic("boot information of %u bytes is out of reach", size);
	err = multiboot2_parse(PHYS_TO_VIRT(mbi_phys), size, &boot_info);
	if (err != 0)
		panic("bad multiboot2 information (%d)", err);
}

static void loglevel_init(void)
{
	char buf[4];

	if (cmdline_get("loglevel", buf, sizeof(buf)) && buf[0] >= '0' && buf[0] <= '9')
		klog_level = buf[0] - '0';
}

static void memory_init(void)
{
	pmm_init(&boot_info, 0x100000, (paddr_t)(_kernel_end - VM_KERNEL_BASE));
	vmm_init();
	kmalloc_init();
	kprintf("memory: %lu MiB managed, %lu MiB free\n",
		(unsigned long)(pmm_total_count() * PAGE_SIZE >> 20),
		(unsigned long)(pmm_free_count() * PAGE_SIZE >> 20));
}

static bool boot_has_pixels(void)
{
	return boot_info.has_fb && boot_info.fb.type == BOOT_FB_RGB;
}

/*
 * The screen console: the machine's text mode at once (it needs no memory
 * set-up), or the framebuffer once pages can be mapped.  Either way the
 * console replays the messages printed before it existed.
 */
/* The screen console, unless "noscreen" asks for a serial-only system. */
static void screen_init(bool early)
{
	int err;

	if (cmdline_has("noscreen"))
		return;
	if (early && !boot_has_pixels())
		arch_text_console_init();
	if (!early && boot_has_pixels() && (err = fbcon_init(&boot_info.fb)) != 0)
		kprintf("fbcon: framebuffer unusable (%d)\n", err);
}

static void print_time(void)
{
	struct rtc_time t;

	time_to_date(clock_realtime_ns() / NSEC_PER_SEC, &t);
	kprintf("time: %04d-%02d-%02d %02d:%02d:%02d UTC\n", t.year, t.month, t.day, t.hour,
		t.min, t.sec);
}

/*
 * pid 1: /sbin/init from the initrd, told "test" in test mode (it then
 * runs the user test programs and powers off).  Without an initrd, a test
 * boot ends here and a normal boot stays at the kernel's echo prompt.
 */
static void start_init(void)
{
	static char *const argv_normal[] = { "init", NULL };
	static char *const argv_test[] = { "init", "test", NULL };
	struct vnode *vn;
	int err;

	mutex_lock(&vfs_lock);
	err = vfs_resolve(vfs_root(), INIT_PATH, true, &vn);
	if (err == 0)
		vnode_put(vn);
	mutex_unlock(&vfs_lock);
	if (err != 0) {
		kprintf("init: no %s in the initrd\n", INIT_PATH);
		if (cmdline_has("test"))
			arch_exit_emulator(true);
		return;
	}
	proc_start_init(INIT_PATH, cmdline_has("test") ? argv_test : argv_normal);
}

void kmain(uint32_t magic, uint32_t mbi_phys)
{
	char prefix[64] = "";

	arch_timer_set_handler(clock_intr); /* before the timer can fire */
	arch_early_init();
	boot_parse(magic, mbi_phys);
	cmdline_init(boot_info.cmdline);
	loglevel_init();
	screen_init(true);
	kprintf("\nBreenix (x86_64) booting\n");
	kprintf("command line: %s\n", cmdline_string());
	memory_init();
	screen_init(false);
	sched_init();
	initrd_init();
	acpi_init(); /* the MADT, before arch_late_init picks the interrupt controller */
	arch_late_init();
	clock_init();
	print_time();
	memdev_init();
	tty_init();
	pci_init(); /* its drivers register the disks devfs then shows, and the network cards */
	net_init();
	rootfs_init();
	bcache_init();
	vfs_start_flusher(); /* writes the disks' file systems back every 5 s */

	if (cmdline_has("test")) {
		cmdline_get("test", prefix, sizeof(prefix));
		if (!ktest_run_all(prefix))
			arch_exit_emulator(false);
	}
	start_init();
	kprintf("Breenix is up: init is running; the terminals echo what you type.\n");
	/* The boot thread has nothing left to do; the idle thread takes over. */
	for (;;)
		sleep_on(&boot_info, 0);
}
