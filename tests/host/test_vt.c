/*
 * Unit tests of kernel/dev/vt.c: bytes in, screen out.  The fake backend
 * keeps its own copy of what was drawn, so the tests also check that the
 * backend saw every change (its screen must equal the emulator's grid).
 */
#include <string.h>

#include <dev/vt.h>

#include "htest.h"

#define COLS 20
#define ROWS 5

struct fake {
	uint16_t shown[ROWS * COLS];
	unsigned cx, cy;
};

static void fake_draw(struct vt *vt, unsigned x, unsigned y, uint16_t cell)
{
	((struct fake *)vt->priv)->shown[y * COLS + x] = cell;
}

static void fake_scroll(struct vt *vt, unsigned top, unsigned bottom, unsigned n)
{
	struct fake *f = vt->priv;

	memmove(&f->shown[top * COLS], &f->shown[(top + n) * COLS],
		(bottom - top - n) * COLS * sizeof(uint16_t));
}

static void fake_cursor(struct vt *vt, unsigned x, unsigned y)
{
	struct fake *f = vt->priv;

	f->cx = x;
	f->cy = y;
}

static const struct vt_ops fake_ops = { fake_draw, fake_scroll, fake_cursor };

static struct vt vt;
static struct fake fake;
static uint16_t cells[ROWS * COLS];

static void setup(void)
{
	memset(&fake, 0xEE, sizeof(fake));
	vt_init(&vt, &fake_ops, &fake, cells, COLS, ROWS);
}

static void put(const char *s)
{
	vt_write(&vt, s, strlen(s));
}

/* Row y as text, trailing blanks dropped. */
static const char *row(unsigned y)
{
	static char buf[COLS + 1];
	int x;

	for (x = 0; x < COLS; x++)
		buf[x] = (char)(fake.shown[y * COLS + x] & 0xFF);
	buf[COLS] = '\0';
	for (x = COLS - 1; x >= 0 && buf[x] == ' '; x--)
		buf[x] = '\0';
	return buf;
}

static int backend_in_sync(void)
{
	return memcmp(fake.shown, cells, sizeof(cells)) == 0;
}

HTEST(vt, text_newline_wrap_and_scroll)
{
	setup();
	put("hello\nworld");
	HCHECK(strcmp(row(0), "hello") == 0 && strcmp(row(1), "world") == 0);
	HCHECK(fake.cx == 5 && fake.cy == 1);
	put("\r\n0123456789012345678901");
	HCHECK(strcmp(row(2), "01234567890123456789") == 0 && strcmp(row(3), "01") == 0);
	put("\n3\n4\n5");
	HCHECK(strcmp(row(0), "01234567890123456789") == 0 && strcmp(row(1), "01") == 0);
	HCHECK(strcmp(row(4), "5") == 0);
	HCHECK(backend_in_sync());
}

HTEST(vt, backspace_tab_and_cursor_moves)
{
	setup();
	put("abc\b\bX\tY");
	HCHECK(strcmp(row(0), "aXc     Y") == 0);
	put("\x1b[3;5Hq\x1b[A\x1b[2Dr\x1b[Bs\x1b[10Gt");
	/* q at (4,2); up, two left: r at (3,1); down: s over q at (4,2); column 10: t */
	HCHECK(row(1)[3] == 'r' && row(2)[4] == 's' && row(2)[9] == 't');
	put("\x1b[99;99H");
	HCHECK(fake.cx == COLS - 1 && fake.cy == ROWS - 1);
	put("\x1b[H");
	HCHECK(fake.cx == 0 && fake.cy == 0);
	HCHECK(backend_in_sync());
}

HTEST(vt, erase_line_and_screen)
{
	setup();
	put("0123456789\x1b[5G\x1b[K");
	HCHECK(strcmp(row(0), "0123") == 0);
	put("\x1b[2G\x1b[1K");
	HCHECK(strcmp(row(0), "  23") == 0);
	put("\nline2\x1b[2J");
	HCHECK(strcmp(row(0), "") == 0 && strcmp(row(1), "") == 0);
	put("\x1b[Habcdef\x1b[1;3H\x1b[2X");
	HCHECK(strcmp(row(0), "ab  ef") == 0);
	put("\x1b[1;2H\x1b[P");
	HCHECK(strcmp(row(0), "a  ef") == 0);
	put("\x1b[2@");
	HCHECK(strcmp(row(0), "a    ef") == 0);
	HCHECK(backend_in_sync());
}

HTEST(vt, insert_delete_lines_and_regions)
{
	setup();
	put("a\nb\nc\nd\ne");
	put("\x1b[2;1H\x1b[L");
	HCHECK(strcmp(row(1), "") == 0 && strcmp(row(2), "b") == 0 && strcmp(row(4), "d") == 0);
	put("\x1b[M");
	HCHECK(strcmp(row(1), "b") == 0 && strcmp(row(4), "") == 0);
	put("\x1b[2;3r\x1b[3;1H\nX");
	HCHECK(strcmp(row(0), "a") == 0 && strcmp(row(1), "c") == 0 && strcmp(row(2), "X") == 0);
	HCHECK(strcmp(row(3), "d") == 0);
	put("\x1b[r\x1b[1;1H\x1bM");
	HCHECK(strcmp(row(0), "") == 0 && strcmp(row(1), "a") == 0);
	HCHECK(backend_in_sync());
}

HTEST(vt, colours_and_reset)
{
	setup();
	put("\x1b[31;44mR\x1b[0mN\x1b[1;7mB\x1b[m");
	HCHECK((fake.shown[0] >> 8) == 0x14);       /* red (VGA 4) on blue (VGA 1) */
	HCHECK((fake.shown[1] >> 8) == 0x07);
	HCHECK((fake.shown[2] >> 8) == 0x70 + 0);   /* reverse: grey background */
	put("\x1b[92mG");
	HCHECK((fake.shown[3] >> 8) == 0x0A);
	put("\x1b" "7\x1b[3;3Hz\x1b" "8w");
	HCHECK(row(0)[4] == 'w' && row(2)[2] == 'z');
	put("\x1b[?25l\x1b[?1049hq"); /* private modes are consumed */
	HCHECK(row(0)[5] == 'q');
	put("\x1b" "c");
	HCHECK(strcmp(row(0), "") == 0 && fake.cx == 0);
	HCHECK(backend_in_sync());
}
