# gawk: word counts over a text, maths, gensub: as the build machine's gawk.
. /ports-tests/lib.sh
cat >wc.awk <<'AWK'
BEGIN { PROCINFO["sorted_in"] = "@ind_str_asc" }
{ for (i = 1; i <= NF; i++) n[tolower($i)]++ }
END { for (w in n) if (n[w] > 40) print n[w], w }
AWK
cat >b.awk <<'AWK'
BEGIN { printf "%.6f %d %s\n", atan2(0, -1), 2^40, toupper(substr("breenix", 1, 3)); split("a:b:c", x, ":"); print length(x), gensub(/(b)/, "[\\1]", "g", "abcb") }
AWK
check word-count '$P/gawk -f wc.awk $data/text >o && same o "$(cat $data/gawk-1)"'
check builtins '$P/gawk -f b.awk >o && same o "$(cat $data/gawk-2)"'
finish
