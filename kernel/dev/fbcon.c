/*
 * fbcon.c: a text console drawn on the 32-bit framebuffer GRUB hands over
 * under UEFI, in 8x16 cells (dev/font.h), light grey on black.
 *
 * The terminal emulation (cursor movement, erasing, colours) is dev/vt.c;
 * this file draws its cells with a 16-colour VGA palette, and scrolls by
 * moving pixel rows.  The cursor is an underline in the current cell.
 * The console layer calls fbcon_write with interrupts off, which is
 * all the locking this needs on one CPU.
 */
#include <dev/fbcon.h>
#include <dev/font.h>
#include <dev/vt.h>
#include <kern/console.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/vmm.h>

#define FB_MAX_CELLS (256 * 128)

/* The VGA palette, as 0x00RRGGBB. */
static const uint32_t palette[16] = {
	0x000000, 0x0000AA, 0x00AA00, 0x00AAAA, 0xAA0000, 0xAA00AA, 0xAA5500, 0xAAAAAA,
	0x555555, 0x5555FF, 0x55FF55, 0x55FFFF, 0xFF5555, 0xFF55FF, 0xFFFF55, 0xFFFFFF,
};

struct fbcon {
	uint8_t *base;
	uint32_t pitch, cols, rows;
	struct vt vt;
	uint16_t cells[FB_MAX_CELLS];
};

static struct fbcon fb;

static uint32_t *fb_pixel(uint32_t x, uint32_t y)
{
	return (uint32_t *)(fb.base + (size_t)y * fb.pitch) + x;
}

static void fb_draw(struct vt *vt, unsigned col, unsigned row, uint16_t cell)
{
	const unsigned char *glyph = font8x16[cell & 0xFF];
	uint32_t fg = palette[(cell >> 8) & 0xF], bg = palette[(cell >> 12) & 0xF];
	int y, x;

	(void)vt;
	for (y = 0; y < FONT_H; y++) {
		uint32_t *p = fb_pixel(col * FONT_W, row * FONT_H + y);

		for (x = 0; x < FONT_W; x++)
			p[x] = (glyph[y] & (0x80 >> x)) ? fg : bg;
	}
}

static void fb_scroll_up(struct vt *vt, unsigned top, unsigned bottom, unsigned n)
{
	(void)vt;
	memmove(fb.base + (size_t)top * FONT_H * fb.pitch,
		fb.base + (size_t)(top + n) * FONT_H * fb.pitch,
		(size_t)(bottom - top - n) * FONT_H * fb.pitch);
}

/* The cursor: the cell's bottom two pixel rows, inverted (drawn around each write). */
static void fb_cursor_toggle(void)
{
	unsigned cx = fb.vt.x, cy = fb.vt.y;
	int y, x;

	for (y = FONT_H - 2; y < FONT_H; y++) {
		uint32_t *p = fb_pixel(cx * FONT_W, cy * FONT_H + y);

		for (x = 0; x < FONT_W; x++)
			p[x] ^= palette[7];
	}
}

static void fb_cursor(struct vt *vt, unsigned x, unsigned y)
{
	(void)vt;
	(void)x;
	(void)y;
}

static const struct vt_ops fb_vt_ops = {
	.draw = fb_draw,
	.scroll_up = fb_scroll_up,
	.cursor = fb_cursor,
};

static void fbcon_write(struct console *c, const char *s, size_t n)
{
	(void)c;
	fb_cursor_toggle();
	vt_write(&fb.vt, s, n);
	fb_cursor_toggle();
}

static struct console fbcon_console = {
	.c_name = "fb",
	.c_line = CONSOLE_SCREEN,
	.c_write = fbcon_write,
};

int fbcon_init(const struct boot_fb *bfb)
{
	if (bfb->type != BOOT_FB_RGB || bfb->bpp != 32 || bfb->width < FONT_W ||
	    bfb->height < FONT_H || bfb->pitch < bfb->width * 4)
		return -EINVAL;
	fb.base = vmm_map_mmio(bfb->addr, (size_t)bfb->pitch * bfb->height);
	if (fb.base == NULL)
		return -ENOMEM;
	fb.pitch = bfb->pitch;
	fb.cols = bfb->width / FONT_W;
	fb.rows = bfb->height / FONT_H;
	if (fb.cols > 256)
		fb.cols = 256;
	if (fb.rows > FB_MAX_CELLS / fb.cols)
		fb.rows = FB_MAX_CELLS / fb.cols;
	fbcon_console.c_cols = (unsigned short)fb.cols;
	fbcon_console.c_rows = (unsigned short)fb.rows;
	vt_init(&fb.vt, &fb_vt_ops, NULL, fb.cells, fb.cols, fb.rows);
	fb_cursor_toggle();
	console_register(&fbcon_console);
	return 0;
}
