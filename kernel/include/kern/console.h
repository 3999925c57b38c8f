/*
 * console.h: kernel consoles and console input.
 *
 * Output: every registered console gets every byte kprintf() writes.
 * Drivers register themselves at boot (serial, VGA text, framebuffer).
 *
 * Input: keyboard and serial interrupt handlers call console_input() with
 * the bytes a terminal would send (a key press on the PC keyboard becomes
 * the same bytes as on a VT100: arrows are ESC [ A and so on).  Until the
 * TTY layer takes them, the bytes go to a small ring buffer that
 * console_getc() reads, and are echoed when console echo is on.
 *
 * Locking: the console lock (interrupts off) serialises output, so lines
 * from interrupt handlers do not interleave mid-character.
 */
#ifndef KERN_CONSOLE_H
#define KERN_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

struct console {
	const char *c_name;
	void (*c_write)(struct console *c, const char *s, size_t n);
	struct console *c_next;
};

void console_register(struct console *c);
void console_write(const char *s, size_t n);

/* Called from interrupt handlers with input bytes. */
void console_input(const char *s, size_t n);
/* Take one input byte, or -1 if none is waiting. */
int console_getc(void);
/* Echo input bytes back to the consoles as they arrive (boot-time demo). */
void console_set_echo(bool on);

#endif
