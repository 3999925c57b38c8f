/* Breenix: the Linux x86_64 kernel's types (asm-generic/posix_types.h), so
 * that struct stat and friends have the kernel's layout. */
#ifndef _MACHINE__TYPES_H
#define _MACHINE__TYPES_H
#include <machine/_default_types.h>

#define __machine_dev_t_defined
typedef unsigned long __dev_t;
#define __machine_uid_t_defined
typedef unsigned int __uid_t;
#define __machine_gid_t_defined
typedef unsigned int __gid_t;
#define __machine_ino_t_defined
typedef unsigned long __ino_t;
#define __machine_mode_t_defined
typedef unsigned int __mode_t;
#define __machine_key_t_defined
typedef int __key_t;		/* System V IPC keys: Linux's int, not newlib's long */
#define __machine_fsfilcnt_t_defined
typedef unsigned long __fsfilcnt_t;

#endif /* _MACHINE__TYPES_H */
