# pcre2grep: Perl syntax (word boundaries, lookbehind and lookahead) gives
# what GNU grep -P gave on the build machine.
. /ports-tests/lib.sh
check count-as-linux '$P/pcre2grep -c "\bBreenix\b" $data/text >c && same c "$(cat $data/pcre2-count)"'
check lookaround-as-linux '$P/pcre2grep -o "(?<=\()[a-z_]+(?=\(\))" $data/text | head -n 50 >o && same o "$(cat $data/pcre2-only)"'
check no-match 'if $P/pcre2grep -q "^\d{40}$" $data/text; then false; else true; fi'
finish
