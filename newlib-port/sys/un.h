/* <sys/un.h>: the AF_UNIX address, Linux's layout. */
#ifndef _SYS_UN_H
#define _SYS_UN_H

#include <sys/socket.h>
#include <string.h>

struct sockaddr_un {
	sa_family_t	sun_family;
	char		sun_path[108];
};

#if __MISC_VISIBLE
/* The length of an address with a NUL-terminated path, as glibc. */
#define SUN_LEN(p)	(offsetof(struct sockaddr_un, sun_path) + strlen((p)->sun_path))
#endif

#endif
