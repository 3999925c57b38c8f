/*
 * cmdline.h: the kernel command line (from GRUB), as space-separated words
 * "key" or "key=value".
 */
#ifndef KERN_CMDLINE_H
#define KERN_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

void cmdline_init(const char *cmdline);
const char *cmdline_string(void);
/* Whether the word "key" or "key=..." is present. */
bool cmdline_has(const char *key);
/* Copy the value of key=value into buf; false if absent. */
bool cmdline_get(const char *key, char *buf, size_t size);

#endif
