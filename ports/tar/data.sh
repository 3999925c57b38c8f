# A tar file the build machine's tar made.
( cd "$1" && tar --format=ustar -cf tar-proj.tar make-proj )
