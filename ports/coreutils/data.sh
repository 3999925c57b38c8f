# The build machine's coreutils' answers.
sha256sum <"$1/text" | cut -d' ' -f1 >"$1/cu-sha256"
md5sum <"$1/binary" | cut -d' ' -f1 >"$1/cu-md5"
LC_ALL=C sort "$1/old" | uniq -c | LC_ALL=C sort -k1,1nr -k2 | head -n 5 >"$1/cu-sort"
wc <"$1/text" >"$1/cu-wc"
