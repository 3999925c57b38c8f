/*
 * vt.c: the screen consoles' terminal emulator (dev/vt.h).
 *
 * A small state machine: ground, after ESC, inside CSI (collecting
 * numeric parameters).  Every change to a cell goes through set_cell,
 * which updates the grid and has the backend draw it; scrolling moves
 * the grid and asks the backend to move its pixels or cells too, since
 * redrawing a whole framebuffer per line would be slow.
 */
#include <dev/vt.h>
#include <lib/string.h>

enum { ST_GROUND, ST_ESC, ST_CSI };

/* ANSI colour order (black red green yellow blue magenta cyan white) to VGA's. */
static const uint8_t ansi_to_vga[8] = { 0, 4, 2, 6, 1, 5, 3, 7 };

static uint8_t attr(const struct vt *vt)
{
	uint8_t fg = vt->fg | (vt->bold ? 8 : 0), bg = vt->bg;

	return vt->reverse ? (uint8_t)((fg & 7) << 4 | bg) : (uint8_t)(bg << 4 | fg);
}

static uint16_t blank(const struct vt *vt)
{
	return (uint16_t)(attr(vt) << 8 | ' ');
}

static void set_cell(struct vt *vt, unsigned x, unsigned y, uint16_t cell)
{
	vt->cells[y * vt->cols + x] = cell;
	vt->ops->draw(vt, x, y, cell);
}

static void clear_span(struct vt *vt, unsigned y, unsigned x0, unsigned x1)
{
	for (; x0 < x1; x0++)
		set_cell(vt, x0, y, blank(vt));
}

static void redraw_rows(struct vt *vt, unsigned y0, unsigned y1)
{
	unsigned x, y;

	for (y = y0; y < y1; y++)
		for (x = 0; x < vt->cols; x++)
			vt->ops->draw(vt, x, y, vt->cells[y * vt->cols + x]);
}

/* Scroll rows [top, bottom) up by n, blank rows entering at the bottom. */
static void scroll_up(struct vt *vt, unsigned top, unsigned bottom, unsigned n)
{
	unsigned y;

	if (n > bottom - top)
		n = bottom - top;
	memmove(&vt->cells[top * vt->cols], &vt->cells[(top + n) * vt->cols],
		(size_t)(bottom - top - n) * vt->cols * sizeof(uint16_t));
	if (n < bottom - top)
		vt->ops->scroll_up(vt, top, bottom, n);
	for (y = bottom - n; y < bottom; y++)
		clear_span(vt, y, 0, vt->cols);
}

/* Scroll rows [top, bottom) down by n, blank rows entering at the top. */
static void scroll_down(struct vt *vt, unsigned top, unsigned bottom, unsigned n)
{
	unsigned y;

	if (n > bottom - top)
		n = bottom - top;
	memmove(&vt->cells[(top + n) * vt->cols], &vt->cells[top * vt->cols],
		(size_t)(bottom - top - n) * vt->cols * sizeof(uint16_t));
	redraw_rows(vt, top + n, bottom);
	for (y = top; y < top + n; y++)
		clear_span(vt, y, 0, vt->cols);
}

static void line_feed(struct vt *vt)
{
	if (vt->y + 1 == vt->bottom)
		scroll_up(vt, vt->top, vt->bottom, 1);
	else if (vt->y + 1 < vt->rows)
		vt->y++;
}

static void reverse_index(struct vt *vt)
{
	if (vt->y == vt->top)
		scroll_down(vt, vt->top, vt->bottom, 1);
	else if (vt->y > 0)
		vt->y--;
}

static void reset(struct vt *vt)
{
	unsigned y;

	vt->x = vt->y = vt->saved_x = vt->saved_y = 0;
	vt->top = 0;
	vt->bottom = vt->rows;
	vt->fg = VT_DEFAULT_ATTR & 0xF;
	vt->bg = 0;
	vt->bold = vt->reverse = vt->wrap_pending = false;
	vt->state = ST_GROUND;
	for (y = 0; y < vt->rows; y++)
		clear_span(vt, y, 0, vt->cols);
}

void vt_init(struct vt *vt, const struct vt_ops *ops, void *priv, uint16_t *cells,
	     unsigned cols, unsigned rows)
{
	memset(vt, 0, sizeof(*vt));
	vt->ops = ops;
	vt->priv = priv;
	vt->cells = cells;
	vt->cols = cols;
	vt->rows = rows;
	reset(vt);
	vt->ops->cursor(vt, 0, 0);
}

static void put_char(struct vt *vt, unsigned char c)
{
	if (vt->wrap_pending) {
		vt->wrap_pending = false;
		vt->x = 0;
		line_feed(vt);
	}
	set_cell(vt, vt->x, vt->y, (uint16_t)(attr(vt) << 8 | c));
	if (vt->x + 1 < vt->cols)
		vt->x++;
	else
		vt->wrap_pending = true;
}

/* Parameter i, or def when absent or zero (the VT100 convention). */
static unsigned param(const struct vt *vt, unsigned i, unsigned def)
{
	return i < vt->nparams && vt->params[i] != 0 ? vt->params[i] : def;
}

static unsigned clamp(unsigned v, unsigned max)
{
	return v < max ? v : max - 1;
}

static void sgr(struct vt *vt)
{
	unsigned i;

	if (vt->nparams == 0) { /* "ESC [ m" is "ESC [ 0 m" */
		vt->nparams = 1;
		vt->params[0] = 0;
	}
	for (i = 0; i < vt->nparams; i++) {
		unsigned p = vt->params[i];

		if (p == 0) {
			vt->fg = VT_DEFAULT_ATTR & 0xF;
			vt->bg = 0;
			vt->bold = vt->reverse = false;
		} else if (p == 1) {
			vt->bold = true;
		} else if (p == 22) {
			vt->bold = false;
		} else if (p == 7) {
			vt->reverse = true;
		} else if (p == 27) {
			vt->reverse = false;
		} else if (p >= 30 && p <= 37) {
			vt->fg = ansi_to_vga[p - 30];
		} else if (p == 39) {
			vt->fg = VT_DEFAULT_ATTR & 0xF;
		} else if (p >= 40 && p <= 47) {
			vt->bg = ansi_to_vga[p - 40];
		} else if (p == 49) {
			vt->bg = 0;
		} else if (p >= 90 && p <= 97) {
			vt->fg = ansi_to_vga[p - 90] | 8;
		} else if (p >= 100 && p <= 107) {
			vt->bg = ansi_to_vga[p - 100] | 8;
		}
	}
}

static void erase_display(struct vt *vt, unsigned mode)
{
	unsigned y;

	if (mode == 0) {
		clear_span(vt, vt->y, vt->x, vt->cols);
		for (y = vt->y + 1; y < vt->rows; y++)
			clear_span(vt, y, 0, vt->cols);
	} else if (mode == 1) {
		for (y = 0; y < vt->y; y++)
			clear_span(vt, y, 0, vt->cols);
		clear_span(vt, vt->y, 0, vt->x + 1);
	} else {
		for (y = 0; y < vt->rows; y++)
			clear_span(vt, y, 0, vt->cols);
	}
}

static void erase_line(struct vt *vt, unsigned mode)
{
	if (mode == 0)
		clear_span(vt, vt->y, vt->x, vt->cols);
	else if (mode == 1)
		clear_span(vt, vt->y, 0, vt->x + 1);
	else
		clear_span(vt, vt->y, 0, vt->cols);
}

/* Insert (n > 0) or delete characters at the cursor, shifting the rest of the line. */
static void shift_chars(struct vt *vt, unsigned n, bool insert)
{
	uint16_t *row = &vt->cells[vt->y * vt->cols];
	unsigned x, left = vt->cols - vt->x;

	if (n > left)
		n = left;
	if (insert)
		memmove(row + vt->x + n, row + vt->x, (left - n) * sizeof(uint16_t));
	else
		memmove(row + vt->x, row + vt->x + n, (left - n) * sizeof(uint16_t));
	for (x = 0; x < n; x++)
		row[insert ? vt->x + x : vt->cols - n + x] = blank(vt);
	for (x = vt->x; x < vt->cols; x++)
		vt->ops->draw(vt, x, vt->y, row[x]);
}

static void csi(struct vt *vt, char final)
{
	unsigned n = param(vt, 0, 1);

	vt->wrap_pending = false;
	if (vt->private_seq)
		return; /* DEC private modes (cursor visibility, ...): ignored */
	switch (final) {
	case 'A': vt->y = vt->y >= n ? vt->y - n : 0; break;
	case 'B': vt->y = clamp(vt->y + n, vt->rows); break;
	case 'C': vt->x = clamp(vt->x + n, vt->cols); break;
	case 'D': vt->x = vt->x >= n ? vt->x - n : 0; break;
	case 'E': vt->y = clamp(vt->y + n, vt->rows); vt->x = 0; break;
	case 'F': vt->y = vt->y >= n ? vt->y - n : 0; vt->x = 0; break;
	case 'G': vt->x = clamp(n - 1, vt->cols); break;
	case 'd': vt->y = clamp(n - 1, vt->rows); break;
	case 'H':
	case 'f':
		vt->y = clamp(param(vt, 0, 1) - 1, vt->rows);
		vt->x = clamp(param(vt, 1, 1) - 1, vt->cols);
		break;
	case 'J': erase_display(vt, vt->nparams > 0 ? vt->params[0] : 0); break;
	case 'K': erase_line(vt, vt->nparams > 0 ? vt->params[0] : 0); break;
	case 'X': clear_span(vt, vt->y, vt->x, vt->x + n < vt->cols ? vt->x + n : vt->cols); break;
	case 'L':
		if (vt->y >= vt->top && vt->y < vt->bottom)
			scroll_down(vt, vt->y, vt->bottom, n);
		break;
	case 'M':
		if (vt->y >= vt->top && vt->y < vt->bottom)
			scroll_up(vt, vt->y, vt->bottom, n);
		break;
	case '@': shift_chars(vt, n, true); break;
	case 'P': shift_chars(vt, n, false); break;
	case 'm': sgr(vt); break;
	case 'r': {
		unsigned top = param(vt, 0, 1) - 1, bottom = param(vt, 1, vt->rows);

		if (bottom > vt->rows)
			bottom = vt->rows;
		if (top + 1 < bottom) {
			vt->top = top;
			vt->bottom = bottom;
			vt->x = vt->y = 0;
		}
		break;
	}
	case 's': vt->saved_x = vt->x; vt->saved_y = vt->y; break;
	case 'u': vt->x = vt->saved_x; vt->y = vt->saved_y; break;
	default: break; /* not supported: ignored */
	}
}

static void esc(struct vt *vt, char c)
{
	vt->state = ST_GROUND;
	switch (c) {
	case '[':
		vt->state = ST_CSI;
		vt->nparams = 0;
		vt->private_seq = false;
		memset(vt->params, 0, sizeof(vt->params));
		break;
	case '7': vt->saved_x = vt->x; vt->saved_y = vt->y; break;
	case '8': vt->x = vt->saved_x; vt->y = vt->saved_y; break;
	case 'D': line_feed(vt); break;
	case 'M': reverse_index(vt); break;
	case 'c': reset(vt); break;
	default: break;
	}
}

static void csi_byte(struct vt *vt, char c)
{
	if (c >= '0' && c <= '9') {
		if (vt->nparams == 0)
			vt->nparams = 1;
		if (vt->params[vt->nparams - 1] < 10000)
			vt->params[vt->nparams - 1] = vt->params[vt->nparams - 1] * 10 + (unsigned)(c - '0');
	} else if (c == ';') {
		if (vt->nparams == 0)
			vt->nparams = 1;
		if (vt->nparams < VT_MAX_PARAMS)
			vt->nparams++;
	} else if (c == '?' || c == '>' || c == '=') {
		vt->private_seq = true;
	} else if (c >= 0x40 && c <= 0x7E) {
		vt->state = ST_GROUND;
		csi(vt, c);
	} else if (c == 0x1B) {
		vt->state = ST_ESC;
	}
	/* other intermediate bytes: ignored */
}

static void control(struct vt *vt, char c)
{
	switch (c) {
	case '\n':
		vt->wrap_pending = false;
		vt->x = 0;
		line_feed(vt);
		break;
	case '\r':
		vt->wrap_pending = false;
		vt->x = 0;
		break;
	case '\b':
		vt->wrap_pending = false;
		if (vt->x > 0)
			vt->x--;
		break;
	case '\t':
		vt->x = clamp((vt->x + 8) & ~7u, vt->cols);
		break;
	case 0x1B:
		vt->state = ST_ESC;
		break;
	default:
		break; /* BEL, SO, SI, ...: nothing to show */
	}
}

void vt_write(struct vt *vt, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (vt->state == ST_ESC)
			esc(vt, (char)c);
		else if (vt->state == ST_CSI)
			csi_byte(vt, (char)c);
		else if (c < 0x20 || c == 0x7F)
			control(vt, (char)c);
		else
			put_char(vt, c);
	}
	vt->ops->cursor(vt, vt->x, vt->y);
}
