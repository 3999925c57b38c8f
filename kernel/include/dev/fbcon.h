/*
 * fbcon.h: the text console on a linear framebuffer (UEFI boots).
 */
#ifndef DEV_FBCON_H
#define DEV_FBCON_H

#include <kern/bootinfo.h>

/*
 * Map fb, clear it and register it as a console: 0, -EINVAL for a format
 * other than 32-bit RGB, -ENOMEM if it cannot be mapped.
 */
int fbcon_init(const struct boot_fb *fb);

#endif
