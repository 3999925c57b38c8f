# bzip2: round trips of text and binary data, checked with cksum; a file the
# build machine's bzip2 made; the integrity test.
. /ports-tests/lib.sh
check roundtrip-text '$P/bzip2 -9 -c $data/text >t.bz2 && $P/bzip2 -d -c t.bz2 >t && sum_is t text'
check roundtrip-binary '$P/bzip2 -c $data/binary >b.bz2 && $P/bunzip2 -c b.bz2 >b && sum_is b binary'
check test-integrity '$P/bzip2 -t t.bz2'
check from-linux '$P/bzcat $data/text.bz2 >h && sum_is h text'
check same-as-linux 'sum_is t.bz2 text.bz2'
finish
