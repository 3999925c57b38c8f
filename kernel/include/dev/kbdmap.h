/*
 * kbdmap.h: PC keyboard scancodes (set 1, as the i8042 delivers them with
 * translation on) to the bytes a VT100-style terminal sends: letters and
 * symbols of the US layout, control characters with Ctrl, an ESC prefix
 * with Alt, ESC [ A..D for arrows, ESC [ n ~ for the editing keys, and
 * the keypad by the Num Lock state.  Pure (kernel/dev/kbdmap.c).
 */
#ifndef DEV_KBDMAP_H
#define DEV_KBDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KBD_MAX_OUT 8

struct kbd_state {
	bool shift_l, shift_r, ctrl_l, ctrl_r, alt_l, alt_r;
	bool caps, num;
	bool e0; /* the previous byte was the 0xE0 prefix */
};

/* Everything off except Num Lock. */
void kbd_state_init(struct kbd_state *ks);
/* Feed one scancode byte; stores 0..KBD_MAX_OUT bytes in out, returns how many. */
size_t kbd_translate(struct kbd_state *ks, uint8_t scancode, char out[KBD_MAX_OUT]);

#endif
