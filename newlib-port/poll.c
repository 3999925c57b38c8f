/* poll and select. */
#include <poll.h>
#include <sys/select.h>
#include "breenix_syscall.h"

int poll(struct pollfd *fds, nfds_t n, int timeout)	/* a cancellation point */
{ return CANCEL_SYSCALL(__syscall3(SYS_poll, fds, n, timeout)); }

int
select(int n, fd_set *r, fd_set *w, fd_set *e, struct timeval *tv)
{
	return CANCEL_SYSCALL(__syscall5(SYS_select, n, r, w, e, tv));	/* a cancellation point */
}
