# gawk's programs' answers from the build machine's gawk.
gawk 'BEGIN { PROCINFO["sorted_in"] = "@ind_str_asc" } { for (i = 1; i <= NF; i++) n[tolower($i)]++ } END { for (w in n) if (n[w] > 40) print n[w], w }' "$1/text" >"$1/gawk-1"
gawk 'BEGIN { printf "%.6f %d %s\n", atan2(0, -1), 2^40, toupper(substr("breenix", 1, 3)); split("a:b:c", x, ":"); print length(x), gensub(/(b)/, "[\\1]", "g", "abcb") }' >"$1/gawk-2"
