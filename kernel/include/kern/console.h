/*
 * console.h: kernel consoles and console input.
 *
 * Output: every registered console gets every byte kprintf() writes.
 * Drivers register themselves at boot (serial, VGA text, framebuffer).
 *
 * Input: keyboard and serial interrupt handlers call console_input() with
 * the bytes a terminal would send (a key press on the PC keyboard becomes
 * the same bytes as on a VT100: arrows are ESC [ A and so on), naming the
 * line they came from; the terminal on that line (dev/tty.c) takes them.
 * There are two lines: the serial port, and the screen with the keyboard.
 *
 * Locking: the console lock (interrupts off) serialises output, so lines
 * from interrupt handlers do not interleave mid-character.
 */
#ifndef KERN_CONSOLE_H
#define KERN_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

/* The two terminal lines. */
enum console_line { CONSOLE_SERIAL, CONSOLE_SCREEN, CONSOLE_NLINES };

struct console {
	const char *c_name;
	enum console_line c_line;
	/* Kernel messages: "\n" is a new line (the serial driver sends CR LF). */
	void (*c_write)(struct console *c, const char *s, size_t n);
	/* Terminal output, bytes as they are (the TTY did the translation). */
	void (*c_write_raw)(struct console *c, const char *s, size_t n);
	unsigned short c_cols, c_rows; /* size in characters; 0 if unknown */
	struct console *c_next;
};

void console_register(struct console *c);
/* Kernel messages to every console. */
void console_write(const char *s, size_t n);
/* Terminal output to the consoles of one line. */
void console_write_line(enum console_line line, const char *s, size_t n);
/* The size of the line's screen (first console that knows it), or 0. */
void console_size(enum console_line line, unsigned short *cols, unsigned short *rows);

/* Called from interrupt handlers with input bytes. */
void console_input(enum console_line line, const char *s, size_t n);

#endif
