# xz: round trips of text and binary data, checked with cksum; a file the
# build machine's xz made; two threads; the integrity test; lzma format.
. /ports-tests/lib.sh
check roundtrip-text '$P/xz -6 -c $data/text >t.xz && $P/xz -d -c t.xz >t && sum_is t text'
check roundtrip-binary '$P/xz -c $data/binary >b.xz && $P/unxz -c b.xz >b && sum_is b binary'
check threads '$P/xz -T2 --block-size=65536 -c $data/binary >m.xz && $P/xz -T2 -d -c m.xz >m && sum_is m binary'
check test-integrity '$P/xz -t t.xz'
check from-linux '$P/xzcat $data/text.xz >h && sum_is h text'
check lzma-format '$P/xz --format=lzma -c $data/text >t.lzma && $P/lzcat t.lzma >l && sum_is l text'
finish
