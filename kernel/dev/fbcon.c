/*
 * fbcon.c: a text console drawn on the 32-bit framebuffer GRUB hands over
 * under UEFI, in 8x16 cells (dev/font.h), light grey on black.
 *
 * Scrolling moves the pixel rows up by one text line; the cursor is an
 * underline in the current cell.  ANSI escape sequences are swallowed, not
 * drawn.  The console layer calls fbcon_write with interrupts off, which is
 * all the locking this needs on one CPU.
 */
#include <dev/fbcon.h>
#include <dev/font.h>
#include <kern/console.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/vmm.h>

#define FG 0x00AAAAAA
#define BG 0x00000000

struct fbcon {
	uint8_t *base;
	uint32_t pitch, cols, rows;
	uint32_t col, row;
	int escape; /* 1: after ESC, 2: inside ESC [ ... */
};

static struct fbcon fb;

static uint32_t *fb_pixel(uint32_t x, uint32_t y)
{
	return (uint32_t *)(fb.base + (size_t)y * fb.pitch) + x;
}

static void fb_draw(uint32_t col, uint32_t row, unsigned char c)
{
	const unsigned char *glyph = font8x16[c];
	int y, x;

	for (y = 0; y < FONT_H; y++) {
		uint32_t *p = fb_pixel(col * FONT_W, row * FONT_H + y);

		for (x = 0; x < FONT_W; x++)
			p[x] = (glyph[y] & (0x80 >> x)) ? FG : BG;
	}
}

/* The cursor: the cell's bottom two pixel rows, inverted. */
static void fb_cursor_toggle(void)
{
	int y, x;

	for (y = FONT_H - 2; y < FONT_H; y++) {
		uint32_t *p = fb_pixel(fb.col * FONT_W, fb.row * FONT_H + y);

		for (x = 0; x < FONT_W; x++)
			p[x] ^= FG;
	}
}

static void fb_clear_rows(uint32_t first, uint32_t n)
{
	uint32_t y;

	for (y = first * FONT_H; y < (first + n) * FONT_H; y++)
		memset(fb_pixel(0, y), 0, fb.cols * FONT_W * 4);
}

static void fb_newline(void)
{
	fb.col = 0;
	if (++fb.row < fb.rows)
		return;
	fb.row = fb.rows - 1;
	memmove(fb.base, fb.base + (size_t)FONT_H * fb.pitch,
		(size_t)(fb.rows - 1) * FONT_H * fb.pitch);
	fb_clear_rows(fb.rows - 1, 1);
}

static int fb_escape(char c)
{
	if (fb.escape == 1) {
		fb.escape = c == '[' ? 2 : 0;
		return 1;
	}
	if (fb.escape == 2) {
		if (c >= 0x40 && c <= 0x7E)
			fb.escape = 0;
		return 1;
	}
	if (c == 0x1B) {
		fb.escape = 1;
		return 1;
	}
	return 0;
}

static void fb_putc(char c)
{
	if (fb_escape(c))
		return;
	switch (c) {
	case '\n':
		fb_newline();
		break;
	case '\r':
		fb.col = 0;
		break;
	case '\b':
		if (fb.col > 0)
			fb.col--;
		break;
	case '\t':
		fb.col = (fb.col + 8) & ~7U;
		if (fb.col >= fb.cols)
			fb_newline();
		break;
	default:
		if ((unsigned char)c < ' ')
			break;
		fb_draw(fb.col, fb.row, (unsigned char)c);
		if (++fb.col == fb.cols)
			fb_newline();
	}
}

static void fbcon_write(struct console *c, const char *s, size_t n)
{
	(void)c;
	fb_cursor_toggle();
	while (n-- > 0)
		fb_putc(*s++);
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
	fbcon_console.c_cols = (unsigned short)fb.cols;
	fbcon_console.c_rows = (unsigned short)fb.rows;
	fb.col = fb.row = 0;
	fb_clear_rows(0, fb.rows);
	fb_cursor_toggle();
	console_register(&fbcon_console);
	return 0;
}
