/*
 * kbdmap.c: scancode set 1 to terminal bytes (see dev/kbdmap.h).
 *
 * A make code is 0x01..0x58, its break code the same with bit 7 set; keys
 * added with the 101-key keyboard send 0xE0 first.  Modifiers are tracked
 * on make and break; everything else produces bytes on make only.  Caps
 * Lock affects letters only, and Shift inverts it, as on a PC console.
 */
#include <dev/kbdmap.h>

#define SC_BREAK 0x80
#define SC_E0 0xE0

enum {
	SC_ESC = 0x01, SC_BACKSPACE = 0x0E, SC_TAB = 0x0F, SC_ENTER = 0x1C, SC_CTRL = 0x1D,
	SC_LSHIFT = 0x2A, SC_RSHIFT = 0x36, SC_ALT = 0x38, SC_CAPS = 0x3A,
	SC_NUM = 0x45, SC_KP_FIRST = 0x47, SC_KP_LAST = 0x53, SC_F1 = 0x3B, SC_F4 = 0x3E,
	SC_KP_SLASH = 0x35, /* after E0 */
};

/* Unshifted and shifted characters of make codes 0x00..0x39. */
static const char plain[0x3A] = {
	0, 0x1B, '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=', 0x7F, '\t',
	'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[', ']', '\r', 0, 'a', 's',
	'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`', 0, '\\', 'z', 'x', 'c', 'v',
	'b', 'n', 'm', ',', '.', '/', 0, '*', 0, ' ',
};
static const char shifted[0x3A] = {
	0, 0x1B, '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+', 0x7F, '\t',
	'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\r', 0, 'A', 'S',
	'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~', 0, '|', 'Z', 'X', 'C', 'V',
	'B', 'N', 'M', '<', '>', '?', 0, '*', 0, ' ',
};

/* Keypad 0x47..0x53 with Num Lock on, and the navigation key each is without. */
static const char keypad_digit[13] = { '7', '8', '9', '-', '4', '5', '6', '+', '1', '2',
				       '3', '0', '.' };
static const char *const keypad_nav[13] = { "\x1b[H", "\x1b[A", "\x1b[5~", "-", "\x1b[D",
					    "", "\x1b[C", "+", "\x1b[F", "\x1b[B",
					    "\x1b[6~", "\x1b[2~", "\x1b[3~" };

/* Keys after the E0 prefix (same codes as the keypad's navigation keys). */
static const char *e0_sequence(uint8_t code)
{
	switch (code) {
	case 0x47: return "\x1b[H";
	case 0x48: return "\x1b[A";
	case 0x49: return "\x1b[5~";
	case 0x4B: return "\x1b[D";
	case 0x4D: return "\x1b[C";
	case 0x4F: return "\x1b[F";
	case 0x50: return "\x1b[B";
	case 0x51: return "\x1b[6~";
	case 0x52: return "\x1b[2~";
	case 0x53: return "\x1b[3~";
	case SC_ENTER: return "\r";
	case SC_KP_SLASH: return "/";
	default: return NULL;
	}
}

void kbd_state_init(struct kbd_state *ks)
{
	*ks = (struct kbd_state){ .num = true };
}

static size_t put_str(char *out, const char *s)
{
	size_t n = 0;

	while (s[n] != '\0' && n < KBD_MAX_OUT) {
		out[n] = s[n];
		n++;
	}
	return n;
}

/* Track Shift, Ctrl, Alt (both sides; E0 marks the right Ctrl/Alt). */
static bool kbd_modifier(struct kbd_state *ks, uint8_t code, bool make, bool e0)
{
	switch (code) {
	case SC_LSHIFT:
		if (!e0) /* E0 2A is a fake shift around some keys */
			ks->shift_l = make;
		return true;
	case SC_RSHIFT:
		if (!e0)
			ks->shift_r = make;
		return true;
	case SC_CTRL:
		*(e0 ? &ks->ctrl_r : &ks->ctrl_l) = make;
		return true;
	case SC_ALT:
		*(e0 ? &ks->alt_r : &ks->alt_l) = make;
		return true;
	default:
		return false;
	}
}

/* A printable or control character from the main block, with modifiers. */
static size_t kbd_char(const struct kbd_state *ks, uint8_t code, char *out)
{
	bool shift = ks->shift_l || ks->shift_r;
	char c = shift ? shifted[code] : plain[code];
	size_t n = 0;

	if (c == 0)
		return 0;
	if (ks->caps && plain[code] >= 'a' && plain[code] <= 'z')
		c = shift ? plain[code] : shifted[code];
	if (ks->ctrl_l || ks->ctrl_r) {
		if (plain[code] >= 'a' && plain[code] <= 'z')
			c = plain[code] - 'a' + 1;
		else if (plain[code] == '[')
			c = 0x1B;
		else if (plain[code] == '\\')
			c = 0x1C;
		else if (plain[code] == ']')
			c = 0x1D;
		else if (plain[code] == ' ')
			c = 0;
	}
	if (ks->alt_l || ks->alt_r)
		out[n++] = 0x1B;
	out[n++] = c;
	return n;
}

size_t kbd_translate(struct kbd_state *ks, uint8_t sc, char out[KBD_MAX_OUT])
{
	bool e0 = ks->e0, make = !(sc & SC_BREAK);
	uint8_t code = sc & ~SC_BREAK;
	const char *seq;

	if (sc == SC_E0) {
		ks->e0 = true;
		return 0;
	}
	ks->e0 = false;
	if (kbd_modifier(ks, code, make, e0) || !make)
		return 0;
	if (e0)
		return (seq = e0_sequence(code)) != NULL ? put_str(out, seq) : 0;
	if (code == SC_CAPS) {
		ks->caps = !ks->caps;
		return 0;
	}
	if (code == SC_NUM) {
		ks->num = !ks->num;
		return 0;
	}
	if (code >= SC_F1 && code <= SC_F4) {
		char f[4] = { 0x1B, 'O', (char)('P' + code - SC_F1), 0 };

		return put_str(out, f);
	}
	if (code >= SC_KP_FIRST && code <= SC_KP_LAST) {
		if (ks->num) {
			out[0] = keypad_digit[code - SC_KP_FIRST];
			return 1;
		}
		return put_str(out, keypad_nav[code - SC_KP_FIRST]);
	}
	if (code < sizeof(plain))
		return kbd_char(ks, code, out);
	return 0;
}
