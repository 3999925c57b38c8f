/*
 * test_intr.c: the interrupt controller as the boot chose it.  The timer's
 * line is on the I/O APIC at the GSI the MADT's override names (XT-PIC
 * under noapic or without a MADT), its count in /proc/interrupts grows
 * while ticks pass, and irq_register refuses bad lines, the cascade, a
 * missing handler and a line already owned.
 */
#include <arch/arch.h>
#include <dev/acpi.h>
#include <kern/clock.h>
#include <kern/cmdline.h>
#include <kern/irq.h>
#include <kern/ktest.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <sys/errno.h>

static char text[4096];

/* The line of /proc/interrupts that starts with "  0:" (the timer). */
static const char *timer_line(void)
{
	const char *p = text;

	irq_proc_text(text, sizeof(text));
	while (*p != '\0') {
		if (strncmp(p, "  0:", 4) == 0)
			return p;
		while (*p != '\0' && *p != '\n')
			p++;
		if (*p == '\n')
			p++;
	}
	return NULL;
}

static unsigned long timer_count(void)
{
	const char *p = timer_line();
	unsigned long n = 0;

	if (p == NULL)
		return 0;
	for (p += 4; *p == ' '; p++)
		;
	for (; *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (unsigned long)(*p - '0');
	return n;
}

/* Whether the timer's line holds word (up to its end). */
static bool timer_line_has(const char *word)
{
	const char *p = timer_line();
	size_t n = strlen(word);

	for (; p != NULL && *p != '\0' && *p != '\n'; p++)
		if (strncmp(p, word, n) == 0)
			return true;
	return false;
}

KTEST(intr_timer_on_chosen_controller)
{
	const struct acpi_madt *m = acpi_madt();
	char gsi[16];

	KTEST_ASSERT(timer_line() != NULL);
	KTEST_ASSERT(timer_line_has("timer"));
	if (cmdline_has("noapic") || m == NULL) {
		KTEST_ASSERT(timer_line_has(" XT-PIC "));
		return;
	}
	KTEST_ASSERT(timer_line_has(" IO-APIC "));
	snprintf(gsi, sizeof(gsi), " %u-edge ", m->am_isa_gsi[0]);
	KTEST_ASSERT(timer_line_has(gsi));
}

KTEST(intr_timer_counted)
{
	unsigned long c0 = timer_count();
	uint64_t t0 = clock_ticks();

	while (clock_ticks() < t0 + 5)
		arch_wait_irq();
	KTEST_ASSERT(timer_count() >= c0 + 5);
}

static void no_handler(void *arg)
{
	(void)arg;
}

KTEST(intr_register_refuses)
{
	uint64_t addr;
	uint32_t data;

	KTEST_ASSERT(irq_register(2, 0, no_handler, NULL, "x") == -EINVAL);
	KTEST_ASSERT(irq_register(16, 0, no_handler, NULL, "x") == -EINVAL);
	KTEST_ASSERT(irq_register(~0u, 0, no_handler, NULL, "x") == -EINVAL);
	KTEST_ASSERT(irq_register(3, 0, NULL, NULL, "x") == -EINVAL);
	KTEST_ASSERT(irq_register(0, 0, no_handler, NULL, "x") == -EBUSY);
	if (cmdline_has("noapic") || acpi_madt() == NULL)
		KTEST_ASSERT(irq_register_msi(no_handler, NULL, "x", &addr, &data) == -ENODEV);
}
