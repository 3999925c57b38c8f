/*
 * random.h: random bytes for AT_RANDOM and getrandom(2).  Not a vetted
 * cryptographic generator: RDRAND when the CPU has it, else a SplitMix64
 * stream seeded from the TSC.
 */
#ifndef KERN_RANDOM_H
#define KERN_RANDOM_H

#include <stddef.h>

void random_bytes(void *buf, size_t n);

#endif
