# A file the build machine's lz4 made.
lz4 -q -9 -c "$1/text" >"$1/text.lz4"
