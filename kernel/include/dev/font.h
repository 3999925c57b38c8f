/*
 * font.h: the 8x16 console font, generated at build time from GRUB's
 * ASCII font by tools/pf2font.py (rows top to bottom, MSB leftmost).
 */
#ifndef DEV_FONT_H
#define DEV_FONT_H

#define FONT_W 8
#define FONT_H 16

extern const unsigned char font8x16[256][FONT_H];

#endif
