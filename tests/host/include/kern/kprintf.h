/* Host stand-in for kern/kprintf.h: kernel messages go to stderr. */
#ifndef HOST_KERN_KPRINTF_H
#define HOST_KERN_KPRINTF_H

#include <stdio.h>

#define kprintf(...) fprintf(stderr, __VA_ARGS__)

#endif
