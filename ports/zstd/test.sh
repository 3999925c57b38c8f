# zstd: round trips of text and binary data (cksum), with two threads, a
# file the build machine's zstd made, the integrity test, a damaged frame.
. /ports-tests/lib.sh
check roundtrip-text '$P/zstd -q -c $data/text >t.zst && $P/zstd -q -d -c t.zst >t && sum_is t text'
check roundtrip-binary-mt '$P/zstd -q -T2 -9 -c $data/binary >b.zst && $P/unzstd -q -c b.zst >b && sum_is b binary'
check from-linux '$P/zstdcat $data/text.zst >h && sum_is h text'
check test-integrity '$P/zstd -q -t t.zst'
check damaged-refused 'head -c 1000 t.zst >d.zst; if $P/zstd -q -d -c d.zst >/dev/null 2>&1; then false; else true; fi'
finish
