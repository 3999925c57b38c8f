/*
 * ktest.c: the in-kernel test runner.  Tests live in the .ktest.<name>
 * linker sections, which kernel.ld sorts by name between __ktest_start and
 * __ktest_end.  The report protocol (PASS:/FAIL: lines, a summary, the
 * isa-debug-exit code) is the one tests/harness/qemu_run.py reads
 * (docs/ktest.md).  A test that faults or panics ends the run: panic()
 * prints "FAIL: kernel/<name>: panic" for the running test and exits QEMU
 * with the failure code.
 */
#include <stdint.h>

#include <arch/arch.h>
#include <kern/cmdline.h>
#include <kern/kprintf.h>
#include <kern/ktest.h>
#include <lib/string.h>

extern const struct ktest __ktest_start[], __ktest_end[];

static bool running;
static const struct ktest *current;
static bool current_failed;

bool ktest_mode(void)
{
	return running;
}

void ktest_fail(const char *what, const char *file, int line)
{
	kprintf("FAIL: kernel/%s: %s at %s:%d\n", current->kt_name, what, file, line);
	current_failed = true;
}

void ktest_panicked(void)
{
	if (current != NULL)
		kprintf("FAIL: kernel/%s: panic\n", current->kt_name);
}

/*
 * With "ktest_fault" on the command line the run ends in a deliberate
 * kernel page fault, so the harness can check the fault report (vector,
 * registers, fault address, symbolised backtrace) and the failure exit code; with
 * "ktest_fault=smash", in a stack buffer overrun that the canary
 * (-fstack-protector-strong) must catch before the function returns.
 */
static uint64_t *volatile ktest_bad_pointer = (uint64_t *)16;
static volatile size_t ktest_overrun = 8; /* bytes past the buffer: onto the canary */

static __attribute__((noinline)) void ktest_fault(void)
{
	kprintf("ktest: faulting on purpose\n");
	*ktest_bad_pointer = 0;
}

static __attribute__((noinline)) void ktest_smash(void)
{
	char buf[16];

	kprintf("ktest: overrunning a stack buffer on purpose\n");
	memset(buf, 0x5a, sizeof(buf) + ktest_overrun);
	kprintf("ktest: %c\n", buf[0]);
}

bool ktest_run_all(const char *prefix)
{
	const struct ktest *t;
	unsigned passed = 0, failed = 0;
	char how[8];

	running = true;
	kprintf("ktest: running kernel tests\n");
	for (t = __ktest_start; t < __ktest_end; t++) {
		if (strncmp(t->kt_name, prefix, strlen(prefix)) != 0)
			continue;
		current = t;
		current_failed = false;
		t->kt_fn();
		if (current_failed) {
			failed++;
		} else {
			passed++;
			kprintf("PASS: kernel/%s\n", t->kt_name);
		}
	}
	current = NULL;
	kprintf("ktest: %u passed, %u failed\n", passed, failed);
	if (cmdline_get("ktest_fault", how, sizeof(how)) && strcmp(how, "smash") == 0)
		ktest_smash();
	else if (cmdline_has("ktest_fault"))
		ktest_fault();
	return failed == 0;
}
