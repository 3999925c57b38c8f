# find's tree and the build machine's find's answers on it.
t=$1/find-tree
mkdir -p "$t/a/b/c" "$t/d" "$t/e f"
for f in a/1.c a/b/2.h a/b/c/3.c d/4.txt "e f/5.c" top.c; do echo "$f" >"$t/$f"; done
chmod 600 "$t/d/4.txt"
( cd "$t" && find . -name '*.c' | LC_ALL=C sort >../find-1 &&
  find . -type d | LC_ALL=C sort >../find-2 &&
  find . -perm 600 >../find-3 &&
  find . -name '*.c' -print0 | xargs -0 cat | LC_ALL=C sort >../find-4 )
