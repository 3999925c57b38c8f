# An archive the build machine's cpio made (newc, the format of Breenix's
# initrd) of the make project, and its listing.
( cd "$1" && find make-proj | LC_ALL=C sort | cpio -o -H newc --quiet >cpio-proj.cpio &&
  find make-proj | LC_ALL=C sort >cpio-proj.list )
