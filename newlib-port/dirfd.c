/* dirfd (replaces newlib's, which needs its own DIR layout). */
#include <dirent.h>

int dirfd(DIR *d) { return d->dd_fd; }
