/* memdev.h: /dev/null, zero, full, random, urandom (kernel/dev/memdev.c). */
#ifndef DEV_MEMDEV_H
#define DEV_MEMDEV_H

void memdev_init(void);

#endif
