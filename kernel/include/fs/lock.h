/*
 * lock.h: advisory file locks (kernel/fs/lock.c), with Linux's semantics.
 *
 * Two kinds that never conflict with each other, as on Linux:
 * - flock(2) locks belong to an open file description (shared by dup and
 *   fork) and cover the whole file; the last close of the description
 *   releases them.
 * - POSIX record locks (fcntl F_SETLK, F_SETLKW, F_GETLK) belong to a
 *   process and cover byte ranges; a process's own ranges are split and
 *   merged, never overlap, and all its locks on a file go when it closes
 *   ANY descriptor of that file (or exits); fork does not pass them on.
 * Locks are keyed by the vnode (or, for a file without one, the file).
 * A process may hold at most LOCK_MAX_PER_PROC record locks, and the
 * system LOCK_MAX_TOTAL locks of both kinds: past that, ENOLCK (Linux
 * bounds them only by memory accounting).  The bounds keep the heap and
 * the interrupts-off list walks bounded whatever users do.
 */
#ifndef FS_LOCK_H
#define FS_LOCK_H

#include <stdint.h>

#define LOCK_MAX_PER_PROC 4096
#define LOCK_MAX_TOTAL 32768

struct file;
struct proc;
struct flock;

/* flock(2) on f: op is LOCK_SH, LOCK_EX or LOCK_UN, with LOCK_NB. */
int lock_flock(struct file *f, int op);
/* F_GETLK, F_SETLK, F_SETLKW on f for the current process; fl already checked, start resolved. */
int lock_posix(struct file *f, int cmd, struct flock *fl, int64_t start);
/* p closes a descriptor of f: its record locks on f's file go. */
void lock_close_posix(struct proc *p, struct file *f);
/* p exits: all its record locks go. */
void lock_release_proc(struct proc *p);
/* The last reference to f goes: its flock lock goes. */
void lock_close_file(struct file *f);

#endif
