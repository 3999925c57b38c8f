# tar: archives and extracts a tree (contents checked with cksum); lists,
# appends to, and extracts one member to stdout; an old-style (dashless)
# command with -C whose listing is the build machine's; extracts a tar file
# the build machine's tar made; refuses an unknown option with getopt's
# message; gzip through -z (the recipe depends on gzip for it).
. /ports-tests/lib.sh
check create-extract 'cp $data/text $data/binary . && $P/tar -cf a.tar text binary && mkdir x && (cd x && $P/tar -xf ../a.tar && sum_is text text && sum_is binary binary)'
check list '$P/tar -tf a.tar >l && same l "text
binary"'
check to-stdout '$P/tar -xOf a.tar binary >o && sum_is o binary'
check append 'cp $data/old . && $P/tar -rf a.tar old && $P/tar -tf a.tar >l && same l "text
binary
old" && $P/tar -xOf a.tar old >o && sum_is o old'
check dashless-C '$P/tar cf b.tar -C $data make-proj && $P/tar tf b.tar | sort >l && same l "$(cat $data/tar-proj.list)"'
check from-linux 'mkdir h && (cd h && $P/tar -xf $data/tar-proj.tar && [ -f make-proj/Makefile ] && [ "$(cat make-proj/a.in)" = "$(cat $data/make-proj/a.in)" ])'
check bad-option 'if $P/tar --nosuch 2>e; then false; else grep -q "unrecognized option" e; fi'
check gzip-z '$P/tar -czf a.tgz text && $P/gzip -t a.tgz && mkdir z && (cd z && $P/tar -xzf ../a.tgz && sum_is text text)'
finish
