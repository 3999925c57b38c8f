/* bench.h: what bench.c, bench_disk.c and bench_net.c share. */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t bench_now_ns(void);
/* `bench disk MNT DEV SRC`: the disk rows (bench_disk.c); the exit status. */
int bench_disk(int argc, char **argv);
/* `bench net PORT`: the TCP server of the network rows (bench_net.c). */
int bench_net(int argc, char **argv);

#endif
