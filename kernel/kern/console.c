/*
 * console.c: the list of kernel consoles, and input routed to the terminals.
 *
 * Output is synchronous: console_write() hands the bytes to every
 * registered console in turn with interrupts off, so a message is never
 * interleaved with one printed by an interrupt handler.  The last
 * CONSOLE_LOG bytes of output are kept, and a console registered late
 * (the framebuffer, after memory is up) first gets them, so it shows the
 * boot messages too.  Input bytes from the keyboard and serial interrupt
 * handlers go to the terminal of their line (dev/tty.c).  Locking:
 * interrupts off (one CPU).
 */
#include <arch/arch.h>
#include <kern/console.h>
#include <dev/tty.h>

#define CONSOLE_LOG 8192

static struct console *consoles;
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

void console_write_line(enum console_line line, const char *s, size_t n)
{
	unsigned long flags = arch_irq_save();
	struct console *c;

	for (c = consoles; c != NULL; c = c->c_next)
		if (c->c_line == line)
			(c->c_write_raw != NULL ? c->c_write_raw : c->c_write)(c, s, n);
	arch_irq_restore(flags);
}

void console_size(enum console_line line, unsigned short *cols, unsigned short *rows)
{
	struct console *c;

	*cols = *rows = 0;
	for (c = consoles; c != NULL; c = c->c_next) {
		if (c->c_line == line && c->c_cols != 0) {
			*cols = c->c_cols;
			*rows = c->c_rows;
			return;
		}
	}
}

void console_input(enum console_line line, const char *s, size_t n)
{
	tty_input(line, s, n);
}
