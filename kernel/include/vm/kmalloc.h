/*
 * kmalloc.h: the kernel heap.  Memory is not zeroed unless asked (kzalloc);
 * blocks are aligned to their size class (16 bytes at least) and blocks over
 * 2 KiB to a page.  kfree(NULL) and krealloc(NULL, n) behave as in C.
 */
#ifndef VM_KMALLOC_H
#define VM_KMALLOC_H

#include <stddef.h>

void kmalloc_init(void);
void *kmalloc(size_t n);
void *kzalloc(size_t n);
void *krealloc(void *p, size_t n);
void kfree(void *p);
size_t kmalloc_stats(void);

#endif
