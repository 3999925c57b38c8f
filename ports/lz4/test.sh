# lz4: round trips of text and binary data, checked with cksum; a file the
# build machine's lz4 made; the integrity test; a damaged frame refused.
. /ports-tests/lib.sh
check roundtrip-text '$P/lz4 -q -c $data/text >t.lz4 && $P/lz4 -q -d -c t.lz4 >t && sum_is t text'
check roundtrip-binary-hc '$P/lz4 -q -12 -c $data/binary >b.lz4 && $P/unlz4 -q -c b.lz4 >b && sum_is b binary'
check from-linux '$P/lz4cat $data/text.lz4 >h && sum_is h text'
check test-integrity '$P/lz4 -q -t t.lz4'
check damaged-refused 'head -c 1000 t.lz4 >d.lz4; if $P/lz4 -q -d -c d.lz4 >/dev/null 2>&1; then false; else true; fi'
finish
