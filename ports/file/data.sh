# What the build machine's file (the same version) says of some files.
for f in text.gz text.bz2 good.xml binary make-proj/Makefile; do
	[ -f "$1/$f" ] && file -b "$1/$f"
done >"$1/file-1"
