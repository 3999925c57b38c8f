/*
 * console.c: the list of kernel consoles and the console input ring.
 *
 * Output is synchronous: console_write() hands the bytes to every
 * registered console in turn with interrupts off, so a message is never
 * interleaved with one printed by an interrupt handler.  The last
 * CONSOLE_LOG bytes of output are kept, and a console registered late
 * (the framebuffer, after memory is up) first gets them, so it shows the
 * boot messages too.  Input bytes from
 * the keyboard and serial interrupt handlers go into a ring of
 * CONSOLE_RING bytes (oldest dropped when full) until the TTY layer reads
 * them; at boot, with echo on, the kernel echoes them so a user sees the
 * keyboard work.  Locking: interrupts off (one CPU).
 */
#include <arch/arch.h>
#include <kern/console.h>

#define CONSOLE_RING 256
#define CONSOLE_LOG 8192

static struct console *consoles;
static char ring[CONSOLE_RING];
static unsigned ring_head, ring_tail; /* head: next write; tail: next read */
static bool echo;
static char con_log[CONSOLE_LOG];
static size_t log_len; /* total bytes ever written; con_log[i % CONSOLE_LOG] */

static void console_replay(struct console *c)
{
	size_t start = log_len > CONSOLE_LOG ? log_len - CONSOLE_LOG : 0, i;

	for (i = start; i < log_len; i++)
		c->c_write(c, &con_log[i % CONSOLE_LOG], 1);
}

void console_register(struct console *c)
{
	unsigned long flags = arch_irq_save();
	struct console **pp = &consoles;

	/* Append, so consoles print in registration order (serial first). */
	while (*pp != NULL)
		pp = &(*pp)->c_next;
	c->c_next = NULL;
	console_replay(c);
	*pp = c;
	arch_irq_restore(flags);
}

void console_write(const char *s, size_t n)
{
	unsigned long flags = arch_irq_save();
	struct console *c;
	size_t i;

	for (i = 0; i < n; i++)
		con_log[log_len++ % CONSOLE_LOG] = s[i];
	for (c = consoles; c != NULL; c = c->c_next)
		c->c_write(c, s, n);
	arch_irq_restore(flags);
}

void console_set_echo(bool on)
{
	echo = on;
}

/* Echo as a terminal in cooked mode would: CR becomes a new line, DEL erases. */
static void console_echo(char c)
{
	if (c == '\r')
		console_write("\n", 1);
	else if (c == 0x7F)
		console_write("\b \b", 3);
	else
		console_write(&c, 1);
}

void console_input(const char *s, size_t n)
{
	unsigned long flags = arch_irq_save();
	size_t i;

	for (i = 0; i < n; i++) {
		ring[ring_head] = s[i];
		ring_head = (ring_head + 1) % CONSOLE_RING;
		if (ring_head == ring_tail)
			ring_tail = (ring_tail + 1) % CONSOLE_RING;
		if (echo)
			console_echo(s[i]);
	}
	arch_irq_restore(flags);
}

int console_getc(void)
{
	unsigned long flags = arch_irq_save();
	int c = -1;

	if (ring_tail != ring_head) {
		c = (unsigned char)ring[ring_tail];
		ring_tail = (ring_tail + 1) % CONSOLE_RING;
	}
	arch_irq_restore(flags);
	return c;
}
