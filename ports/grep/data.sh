# grep's expected answers: the build machine's GNU grep on the same text.
grep -c 'Breenix' "$1/text" >"$1/grep-1"
grep -n -i -E '^#+ (the|a) ' "$1/text" >"$1/grep-2"
grep -o -w '[a-z_]*_[a-z]*([^)]*)' "$1/text" | cksum >"$1/grep-3.sum"
grep -v -F -e 'the' -e 'a' "$1/old" | cksum >"$1/grep-4.sum"
grep -c -x '' "$1/text" >"$1/grep-5"
