# cpio: copy-out and copy-in of files (contents checked with cksum), the
# listing, an archive the build machine's cpio made, pass-through mode.
. /ports-tests/lib.sh
check out-in 'cp $data/text $data/binary . && printf "text\nbinary\n" | $P/cpio -o -H newc --quiet >a.cpio && mkdir x && (cd x && $P/cpio -i --quiet <../a.cpio && sum_is text text && sum_is binary binary)'
check list '$P/cpio -t --quiet <a.cpio >l && same l "text
binary"'
check from-linux 'mkdir h && (cd h && $P/cpio -i -d --quiet <$data/cpio-proj.cpio && $P/cpio -t --quiet <$data/cpio-proj.cpio >l && same l "$(cat $data/cpio-proj.list)" && [ -f make-proj/Makefile ] && [ "$(cat make-proj/a.in)" = "$(cat $data/make-proj/a.in)" ])'
check pass-through 'mkdir p && echo text | $P/cpio -p --quiet p && sum_is p/text text'
finish
