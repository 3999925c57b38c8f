/*
 * version.h: what the kernel calls itself, for uname and /proc/sys/kernel
 * (one place, so the two cannot disagree).
 */
#ifndef KERN_VERSION_H
#define KERN_VERSION_H

#define KERN_OSTYPE "Breenix"
#define KERN_OSRELEASE "0.1.0"
#define KERN_HOSTNAME "breenix"

#endif
