/* Copying and removing whole trees: shared by cp, mv and rm. */
#ifndef COREUTILS_TREE_H
#define COREUTILS_TREE_H

/*
 * Copy src to dst (which must not be an existing directory to copy into:
 * the caller resolves that).  With recursive, directories are copied with
 * their contents and symbolic links as links; without, src is followed and
 * a directory is an error.  Errors are reported; returns 0 or -1.
 */
int copy_tree(const char *src, const char *dst, int recursive);

/* Remove path and, if it is a directory, everything in it. 0 or -1. */
int remove_tree(const char *path);

#endif
