/*
 * Unit tests of kernel/dev/kbdmap.c: scancode sequences in, terminal bytes
 * out.
 */
#include <string.h>

#include <dev/kbdmap.h>

#include "htest.h"

/* Feed n scancodes and collect everything produced. */
static const char *feed(struct kbd_state *ks, const uint8_t *sc, size_t n)
{
	static char buf[64];
	size_t len = 0, i;

	for (i = 0; i < n; i++) {
		char out[KBD_MAX_OUT];
		size_t k = kbd_translate(ks, sc[i], out);

		memcpy(buf + len, out, k);
		len += k;
	}
	buf[len] = '\0';
	return buf;
}

#define FEED(ks, ...)                                                        \
	feed(ks, (const uint8_t[]){ __VA_ARGS__ },                           \
	     sizeof((const uint8_t[]){ __VA_ARGS__ }))

HTEST(kbdmap, letters_digits_symbols)
{
	struct kbd_state ks;

	kbd_state_init(&ks);
	/* h i (make, break each) 1 - space enter backspace tab esc */
	HCHECK(strcmp(FEED(&ks, 0x23, 0xA3, 0x17, 0x97, 0x02, 0x82, 0x0C, 0x39, 0x1C), "hi1- \r") == 0);
	HCHECK(strcmp(FEED(&ks, 0x0E, 0x0F, 0x01), "\x7f\t\x1b") == 0);
}

HTEST(kbdmap, shift_and_caps)
{
	struct kbd_state ks;

	kbd_state_init(&ks);
	/* shift+a shift+1 shift+/ release: A!? then a */
	HCHECK(strcmp(FEED(&ks, 0x2A, 0x1E, 0x02, 0x35, 0xAA, 0x1E), "A!?a") == 0);
	/* right shift too */
	HCHECK(strcmp(FEED(&ks, 0x36, 0x1E, 0xB6, 0x1E), "Aa") == 0);
	/* caps: letters upper, digits not; shift inverts letters */
	HCHECK(strcmp(FEED(&ks, 0x3A, 0xBA, 0x1E, 0x02, 0x2A, 0x1E, 0x02, 0xAA), "A1a!") == 0);
	/* caps off again */
	HCHECK(strcmp(FEED(&ks, 0x3A, 0xBA, 0x1E), "a") == 0);
}

HTEST(kbdmap, ctrl_and_alt)
{
	struct kbd_state ks;

	kbd_state_init(&ks);
	/* ctrl+c ctrl+d ctrl+[ (left ctrl), release */
	HCHECK(strcmp(FEED(&ks, 0x1D, 0x2E, 0x20, 0x1A, 0x9D, 0x2E), "\x03\x04\x1b" "c") == 0);
	/* right ctrl (E0 1D) + a */
	HCHECK(strcmp(FEED(&ks, 0xE0, 0x1D, 0x1E, 0xE0, 0x9D, 0x1E), "\x01" "a") == 0);
	/* alt+x: ESC x */
	HCHECK(strcmp(FEED(&ks, 0x38, 0x2D, 0xB8, 0x2D), "\x1bxx") == 0);
}

HTEST(kbdmap, arrows_and_editing_keys)
{
	struct kbd_state ks;

	kbd_state_init(&ks);
	HCHECK(strcmp(FEED(&ks, 0xE0, 0x48, 0xE0, 0xC8), "\x1b[A") == 0);
	HCHECK(strcmp(FEED(&ks, 0xE0, 0x50, 0xE0, 0x4D, 0xE0, 0x4B), "\x1b[B\x1b[C\x1b[D") == 0);
	HCHECK(strcmp(FEED(&ks, 0xE0, 0x47, 0xE0, 0x4F), "\x1b[H\x1b[F") == 0);
	HCHECK(strcmp(FEED(&ks, 0xE0, 0x52, 0xE0, 0x53), "\x1b[2~\x1b[3~") == 0);
	HCHECK(strcmp(FEED(&ks, 0xE0, 0x49, 0xE0, 0x51), "\x1b[5~\x1b[6~") == 0);
	/* fake shifts around E0 keys change nothing */
	HCHECK(strcmp(FEED(&ks, 0xE0, 0x2A, 0xE0, 0x48, 0xE0, 0xAA, 0x1E), "\x1b[Aa") == 0);
}

HTEST(kbdmap, keypad_numlock)
{
	struct kbd_state ks;

	kbd_state_init(&ks);
	/* Num Lock on by default: 7 8 9 - 4 5 6 + 1 2 3 0 . * / enter */
	HCHECK(strcmp(FEED(&ks, 0x47, 0x48, 0x49, 0x4A, 0x4B, 0x4C, 0x4D, 0x4E, 0x4F, 0x50,
			   0x51, 0x52, 0x53, 0x37, 0xE0, 0x35, 0xE0, 0x1C),
		      "789-456+1230.*/\r") == 0);
	/* Num Lock off: navigation */
	HCHECK(strcmp(FEED(&ks, 0x45, 0xC5, 0x48, 0x47, 0x4C, 0x52), "\x1b[A\x1b[H\x1b[2~") == 0);
	/* and on again */
	HCHECK(strcmp(FEED(&ks, 0x45, 0xC5, 0x48), "8") == 0);
}

HTEST(kbdmap, releases_and_unknown_codes)
{
	struct kbd_state ks;

	kbd_state_init(&ks);
	HCHECK(strcmp(FEED(&ks, 0x9E, 0xA3, 0xBA, 0xC5, 0x58, 0x57, 0x00), "") == 0);
	HCHECK(!ks.caps && ks.num);
	HCHECK(strcmp(FEED(&ks, 0x3B, 0x3E), "\x1bOP\x1bOS") == 0);
}
