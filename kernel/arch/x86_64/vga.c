/*
 * vga.c: the 80x25 VGA text console (BIOS boots; under UEFI GRUB gives a
 * framebuffer and dev/fbcon.c is used instead).  Writes go straight to the
 * text buffer at physical 0xB8000 through the direct map; the hardware
 * cursor follows.  ANSI escape sequences are swallowed, not shown.
 */
#include <kern/console.h>
#include <lib/string.h>
#include <machine/cpufunc.h>
#include <vm/vm.h>

#include "trap.h"

#define VGA_COLS 80
#define VGA_ROWS 25
#define VGA_ATTR 0x0700 /* light grey on black */
#define CRTC_ADDR 0x3D4
#define CRTC_DATA 0x3D5

static volatile uint16_t *vga_buf;
static unsigned row, col;
static int in_escape; /* 1: after ESC, 2: inside ESC [ ... */

static void vga_cursor(void)
{
	unsigned pos = row * VGA_COLS + col;

	outb(CRTC_ADDR, 0x0F);
	outb(CRTC_DATA, pos & 0xFF);
	outb(CRTC_ADDR, 0x0E);
	outb(CRTC_DATA, pos >> 8);
}

static void vga_newline(void)
{
	unsigned i;

	col = 0;
	if (++row < VGA_ROWS)
		return;
	row = VGA_ROWS - 1;
	for (i = 0; i < (VGA_ROWS - 1) * VGA_COLS; i++)
		vga_buf[i] = vga_buf[i + VGA_COLS];
	for (i = 0; i < VGA_COLS; i++)
		vga_buf[(VGA_ROWS - 1) * VGA_COLS + i] = VGA_ATTR | ' ';
}

/* Returns whether c was part of an escape sequence. */
static int vga_escape(char c)
{
	if (in_escape == 1) {
		in_escape = c == '[' ? 2 : 0;
		return 1;
	}
	if (in_escape == 2) {
		if (c >= 0x40 && c <= 0x7E)
			in_escape = 0;
		return 1;
	}
	if (c == 0x1B) {
		in_escape = 1;
		return 1;
	}
	return 0;
}

static void vga_putc(char c)
{
	if (vga_escape(c))
		return;
	switch (c) {
	case '\n':
		vga_newline();
		break;
	case '\r':
		col = 0;
		break;
	case '\b':
		if (col > 0)
			col--;
		break;
	case '\t':
		col = (col + 8) & ~7U;
		if (col >= VGA_COLS)
			vga_newline();
		break;
	default:
		if ((unsigned char)c < ' ')
			break;
		vga_buf[row * VGA_COLS + col] = VGA_ATTR | (unsigned char)c;
		if (++col == VGA_COLS)
			vga_newline();
	}
}

static void vga_write(struct console *c, const char *s, size_t n)
{
	(void)c;
	while (n-- > 0)
		vga_putc(*s++);
	vga_cursor();
}

static struct console vga_console = {
	.c_name = "vga",
	.c_line = CONSOLE_SCREEN,
	.c_write = vga_write,
	.c_cols = VGA_COLS,
	.c_rows = VGA_ROWS,
};

void arch_text_console_init(void)
{
	unsigned i;

	vga_buf = PHYS_TO_VIRT(0xB8000);
	for (i = 0; i < VGA_ROWS * VGA_COLS; i++)
		vga_buf[i] = VGA_ATTR | ' ';
	row = col = 0;
	console_register(&vga_console);
}
