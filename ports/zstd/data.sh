# A file the build machine's zstd made.
zstd -q -19 -c "$1/text" >"$1/text.zst"
