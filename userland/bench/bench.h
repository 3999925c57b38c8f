/* bench.h: what bench.c and bench_disk.c share. */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t bench_now_ns(void);
/* `bench disk MNT DEV SRC`: the disk rows (bench_disk.c); the exit status. */
int bench_disk(int argc, char **argv);

#endif
