/* <arpa/inet.h> for Breenix: address conversions (inet.c in the newlib port). */
#ifndef _ARPA_INET_H
#define _ARPA_INET_H

#include <netinet/in.h>

#ifdef __cplusplus
extern "C" {
#endif

/* 1 and the address in dst, 0 for a malformed string, -1 (EAFNOSUPPORT) for another family. */
int		inet_pton(int af, const char *__restrict src, void *__restrict dst);
/* dst, or NULL with errno ENOSPC (too small) or EAFNOSUPPORT. */
const char	*inet_ntop(int af, const void *__restrict src, char *__restrict dst,
			   socklen_t size);
int		inet_aton(const char *cp, struct in_addr *inp);
in_addr_t	inet_addr(const char *cp);
char		*inet_ntoa(struct in_addr in);

#ifdef __cplusplus
}
#endif
#endif
