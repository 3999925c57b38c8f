# tar: archives and extracts a tree (contents checked with cksum); lists and
# extracts a tar file the build machine's tar made; gzip through -z when
# the gzip port is there.
. /ports-tests/lib.sh
check create-extract 'cp $data/text $data/binary . && $P/tar -cf a.tar text binary && mkdir x && (cd x && $P/tar -xf ../a.tar && sum_is text text && sum_is binary binary)'
check list '$P/tar -tf a.tar >l && same l "text
binary"'
check from-linux 'mkdir h && (cd h && $P/tar -xf $data/tar-proj.tar && [ -f make-proj/Makefile ] && [ -f make-proj/a.in ])'
if [ -x $P/gzip ]; then
	check gzip-z '$P/tar -czf a.tgz text && mkdir z && (cd z && $P/tar -xzf ../a.tgz && sum_is text text)'
fi
finish
