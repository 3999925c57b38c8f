# pcre2grep's expected answers: GNU grep -P (PCRE2 too) on the build machine.
grep -cP '\bBreenix\b' "$1/text" >"$1/pcre2-count"
grep -oP '(?<=\()[a-z_]+(?=\(\))' "$1/text" | head -n 50 >"$1/pcre2-only"
