/*
 * ps2kbd.c: the PS/2 keyboard behind the i8042 controller (IRQ 1).  The
 * controller translates to scancode set 1 (its power-on default, and what
 * QEMU delivers); dev/kbdmap.c turns scancodes into the bytes a terminal
 * sends, which go to console_input().
 */
#include <dev/kbdmap.h>
#include <kern/console.h>
#include <kern/irq.h>
#include <kern/kprintf.h>
#include <machine/cpufunc.h>

#include "trap.h"

#define I8042_DATA 0x60
#define I8042_STATUS 0x64
#define STATUS_OUT_FULL 0x01
#define STATUS_AUX 0x20 /* the byte is from the mouse port */

static struct kbd_state kbd;

static void ps2kbd_irq(void *arg)
{
	uint8_t status = inb(I8042_STATUS);
	char out[8];
	size_t n;

	(void)arg;
	if (!(status & STATUS_OUT_FULL))
		return;
	if (status & STATUS_AUX) {
		(void)inb(I8042_DATA);
		return;
	}
	n = kbd_translate(&kbd, inb(I8042_DATA), out);
	if (n > 0)
		console_input(CONSOLE_SCREEN, out, n);
}

void ps2kbd_init(void)
{
	int i;

	kbd_state_init(&kbd);
	/* Drop whatever the controller buffered before we listened. */
	for (i = 0; i < 16 && (inb(I8042_STATUS) & STATUS_OUT_FULL); i++)
		(void)inb(I8042_DATA);
	if (irq_register(1, 0, ps2kbd_irq, NULL, "i8042") != 0)
		kprintf("ps2kbd: IRQ 1 taken, no keyboard\n");
}
