/*
 * vga.c: the 80x25 VGA text console (BIOS boots; under UEFI GRUB gives a
 * framebuffer and dev/fbcon.c is used instead).  Writes go straight to the
 * text buffer at physical 0xB8000 through the direct map; the hardware
 * cursor follows.  ANSI escape sequences are interpreted by dev/vt.c.
 */
#include <dev/vt.h>
#include <kern/console.h>
#include <lib/string.h>
#include <machine/cpufunc.h>
#include <vm/vm.h>

#include "trap.h"

#define VGA_COLS 80
#define VGA_ROWS 25
#define CRTC_ADDR 0x3D4
#define CRTC_DATA 0x3D5

static volatile uint16_t *vga_buf;
static uint16_t cells[VGA_COLS * VGA_ROWS];
static struct vt vt;

static void vga_draw(struct vt *v, unsigned x, unsigned y, uint16_t cell)
{
	(void)v;
	vga_buf[y * VGA_COLS + x] = cell;
}

static void vga_scroll_up(struct vt *v, unsigned top, unsigned bottom, unsigned n)
{
	unsigned i;

	(void)v;
	for (i = top * VGA_COLS; i < (bottom - n) * VGA_COLS; i++)
		vga_buf[i] = vga_buf[i + n * VGA_COLS];
}

static void vga_cursor(struct vt *v, unsigned x, unsigned y)
{
	unsigned pos = y * VGA_COLS + x;

	(void)v;
	outb(CRTC_ADDR, 0x0F);
	outb(CRTC_DATA, pos & 0xFF);
	outb(CRTC_ADDR, 0x0E);
	outb(CRTC_DATA, pos >> 8);
}

static const struct vt_ops vga_vt_ops = {
	.draw = vga_draw,
	.scroll_up = vga_scroll_up,
	.cursor = vga_cursor,
};

static void vga_write(struct console *c, const char *s, size_t n)
{
	(void)c;
	vt_write(&vt, s, n);
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
	vga_buf = PHYS_TO_VIRT(0xB8000);
	vt_init(&vt, &vga_vt_ops, NULL, cells, VGA_COLS, VGA_ROWS);
	console_register(&vga_console);
}
