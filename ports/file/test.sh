# file: says of each file what the build machine's file 5.44 says.
. /ports-tests/lib.sh
check as-linux 'for f in text.gz text.bz2 good.xml binary make-proj/Makefile; do [ -f $data/$f ] && $P/file -b $data/$f; done >o && same o "$(cat $data/file-1)"'
finish
