/* Host stand-in for the kernel's ABI errno header: Linux values either way. */
#ifndef HOST_SYS_ERRNO_H
#define HOST_SYS_ERRNO_H

#include <errno.h>

#endif
