# bash: arrays, [[ ]], arithmetic, functions, parameter expansion, pipes,
# here-strings and the exit status, each against the known answer.
. /ports-tests/lib.sh
B=$P/bash
check c-option '$B -c "echo \$BASH_VERSION" | grep -q "^5\.2\.15"'
check arrays '$B -c "a=(one two three); a+=(four); echo \${#a[@]} \${a[2]} \${a[@]:1:2}" >o && same o "4 three two three"'
check double-brackets '$B -c "x=abc.tar.gz; [[ \$x == *.tar.* && \$x =~ ^a(b)c ]] && echo \${BASH_REMATCH[1]}" >o && same o "b"'
check arithmetic '$B -c "i=7; ((i *= 6)); echo \$i \$((2**10)) \$((16#ff))" >o && same o "42 1024 255"'
check functions '$B -c "f() { local v=\$1; echo \${v^^} \${#v}; }; f breenix" >o && same o "BREENIX 7"'
check here-string '$B -c "read -r a b <<< \"x y\"; echo \$b\$a" >o && same o "yx"'
check pipes-status '$B -c "false | true; echo \${PIPESTATUS[@]}; set -o pipefail; false | true; echo \$?" >o && same o "1 0
1"'
check script 'printf "for i in {1..5}; do s=\$((s+i)); done\necho \$s\nexit 3\n" >s.sh; $B s.sh >o; [ $? -eq 3 ] && same o 15'
finish
