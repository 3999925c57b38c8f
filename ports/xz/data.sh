# xz's test data: a file the build machine's xz made.
xz -9 -c "$1/text" >"$1/text.xz"
