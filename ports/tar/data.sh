# A tar file the build machine's tar made, and its sorted listing.
( cd "$1" && tar --format=ustar -cf tar-proj.tar make-proj && tar -tf tar-proj.tar | LC_ALL=C sort >tar-proj.list )
