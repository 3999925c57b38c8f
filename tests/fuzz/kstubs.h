/*
 * kstubs.h: what kstubs.c offers the fuzz targets beyond the kernel's own
 * declarations.
 */
#ifndef FUZZ_KSTUBS_H
#define FUZZ_KSTUBS_H

#include <kern/cred.h>

/* The credentials cred_cur() returns: a target sets whom it runs as. */
extern struct cred fuzz_cred;

#endif
