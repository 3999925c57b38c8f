/*
 * vt.h: the terminal emulator of the screen consoles (kernel/dev/vt.c):
 * the VT100/ANSI subset that line editors, pagers and `clear` use.  It
 * keeps the screen as a grid of cells (character | VGA attribute << 8)
 * and tells its backend (VGA text memory, the framebuffer) what changed.
 * Pure code: the host unit tests drive it with a fake backend.
 *
 * Understood: C0 controls BS, HT, LF (also returns the carriage, as the
 * kernel's own messages expect), CR; ESC 7 / ESC 8 (save/restore cursor),
 * ESC D / ESC M (index / reverse index), ESC c (reset); CSI A B C D E F G
 * H f d (cursor), J K X (erase), L M (insert/delete lines), @ P (insert/
 * delete characters), r (scroll region), s u (save/restore), m (colours:
 * 0 1 7 22 27 30-37 39 40-47 49 90-97 100-107); other sequences are
 * consumed and ignored.
 */
#ifndef DEV_VT_H
#define DEV_VT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VT_MAX_PARAMS 8
#define VT_DEFAULT_ATTR 0x07 /* light grey on black */

struct vt;

struct vt_ops {
	/* Show cell at (x, y). */
	void (*draw)(struct vt *vt, unsigned x, unsigned y, uint16_t cell);
	/* Move rows [top + n, bottom) up to top (whole width); vt then draws the freed rows. */
	void (*scroll_up)(struct vt *vt, unsigned top, unsigned bottom, unsigned n);
	/* The cursor moved. */
	void (*cursor)(struct vt *vt, unsigned x, unsigned y);
};

struct vt {
	const struct vt_ops *ops;
	void *priv;
	uint16_t *cells;             /* rows * cols */
	unsigned cols, rows;
	unsigned x, y, saved_x, saved_y;
	unsigned top, bottom;        /* scroll region [top, bottom) */
	uint8_t fg, bg;              /* VGA colour numbers */
	bool bold, reverse, wrap_pending;
	int state;
	unsigned params[VT_MAX_PARAMS];
	unsigned nparams;
	bool private_seq;            /* CSI ? ... */
};

/* cells must hold cols * rows entries; the screen is cleared. */
void vt_init(struct vt *vt, const struct vt_ops *ops, void *priv, uint16_t *cells,
	     unsigned cols, unsigned rows);
void vt_write(struct vt *vt, const char *s, size_t n);

#endif
