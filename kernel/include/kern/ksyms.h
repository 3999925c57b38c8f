/*
 * ksyms.h: the kernel's own symbol table, for symbolised backtraces.  The
 * build links the kernel twice: the second link carries a table generated
 * from the first (tools/gen-ksyms.py), in the .ksyms section at the end of
 * the image so that it moves no other symbol.
 */
#ifndef KERN_KSYMS_H
#define KERN_KSYMS_H

#include <stdint.h>

/* The name of the function containing addr and addr's offset in it, or NULL. */
const char *ksyms_lookup(uint64_t addr, uint64_t *offset);

#endif
