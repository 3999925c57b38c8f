#!/bin/sh
# Shell tests: run.sh SH.  Each case runs a script with the shell under test
# (SH -c) and compares its output (stdout and stderr together) and exit
# status with what a POSIX shell gives.  Prints PASS:/FAIL: lines.
sh_bin=$1
failed=0
tmp=${TMPDIR:-/tmp}/sh-test.$$
rm -rf "$tmp"
mkdir -p "$tmp" || exit 1
trap 'cd /; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

check() { # name script expected [status]
	out=$("$sh_bin" -c "$2" 2>&1)
	status=$?
	if [ "$out" = "$3" ] && [ "$status" = "${4:-0}" ]; then
		echo "PASS: sh/$1"
	else
		echo "FAIL: sh/$1: got status $status and output:"
		printf '%s\n' "$out" | while read -r line; do echo "    $line"; done
		failed=1
	fi
}

check echo_quoting 'x=world; echo "hello $x" '\''$x'\'' \$x "a\"b"' 'hello world $x $x a"b'
check pipeline_three 'echo b a c | tr " " "\n" | sort | tr "\n" ,' 'a,b,c,'
check and_or 'false && echo no; true && echo yes; false || echo fallback; true || echo no' 'yes
fallback'
check status_and_not '! false; echo $?; false; echo $?' '0
1'
check redirections 'echo one > f; echo two >> f; cat < f; echo err 2>&1 >/dev/null 1>&2 | cat' 'one
two
err'
check stderr_redirect 'cat /nonexistent-file 2>/dev/null; echo $?; cat /nonexistent-file 2>&1 >/dev/null | wc -l' '1
1'
check assignment_status 'x=$(false); echo $?; y=$(true); echo $?' '1
0'
check heredoc 'x=5; cat <<END
value $x
END
cat <<'\''END'\''
literal $x
END' 'value 5
literal $x'
check command_substitution 'echo "[$(echo a $(echo b))]" `echo c`' '[a b] c'
check arithmetic 'i=3; echo $((i * 2 + 1)) $(( (1 + 2) * 3 )) $((10 % 4)) $((i > 2))' '7 9 2 1'
check parameters 'unset u; echo ${u:-def} ${u-x} "${u:+set}"; v=abc.tar.gz; echo ${#v} ${v%.gz} ${v%%.*} ${v#*.}' 'def x 
10 abc.tar abc tar.gz'
check for_loop 'for i in 1 2 3; do printf "%s-" $i; done; echo' '1-2-3-'
check while_until 'i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; until [ $i -eq 0 ]; do i=$((i-1)); done; echo $i' '0'
check if_elif 'for n in 1 2 3; do if [ $n = 1 ]; then echo one; elif [ $n = 2 ]; then echo two; else echo many; fi; done' 'one
two
many'
check case 'for w in apple banana cherry; do case $w in a*) echo A;; b*|c*) echo BC;; esac; done' 'A
BC
BC'
check break_continue 'for i in 1 2 3 4 5; do [ $i = 2 ] && continue; [ $i = 4 ] && break; echo $i; done' '1
3'
check break_continue_levels 'for i in 1 2 3; do for j in a b c; do [ $j = b ] && continue 2; echo $i$j; done; echo no; done; for i in 1 2; do while :; do break 2; done; echo no; done; echo $i' '1a
2a
3a
1'
check break_in_eval 'for i in 1 2 3; do eval "[ \$i = 2 ] && break"; echo $i; done' '1'
check glob 'mkdir g; touch g/a.c g/b.c g/c.h; echo g/*.c; echo g/?.h; echo g/[ab].c; echo "g/*.c"; echo g/*.none' 'g/a.c g/b.c
g/c.h
g/a.c g/b.c
g/*.c
g/*.none'
check field_splitting 'a="x  y   z"; set -- $a; echo $#; set -- "$a"; echo $#' '3
1'
check positional 'set -- a b c; echo $# $1 $3; shift; echo $@; for x in "$@"; do echo "<$x>"; done' '3 a c
b c
<b>
<c>'
check empty_at 'set --; set -- "$@"; echo $#; set -- "${@}" "$@"; echo $#; set -- """$@"; echo $#; set --; set -- "$@"""; echo $#; set -- a; set -- "$@"; echo $# "$1"' '0
0
1
1
1 a'
check cd_pwd 'cd /; pwd; cd /tmp && pwd; cd - >/dev/null; pwd' '/
/tmp
/'
check subshell_and_group '(cd /; pwd); x=1; (x=2); echo $x; { x=3; }; echo $x' '/
1
3'
check not_found 'nosuchcommand-xyz' 'sh: nosuchcommand-xyz: command not found' 127
check not_executable 'echo x > f; chmod -x f; ./f' 'sh: ./f: Permission denied' 126
check exit_in_subshell '(exit 3); echo $?' '3'
check background_wait 'sleep 1 & wait; echo done $?' 'done 0'
check dollar_bang 'true & p=$!; wait $p; [ "$p" -gt 0 ] && echo ok' 'ok'
check syntax_error 'echo ( x' 'sh: syntax error near unexpected token `('"'"'' 2
check script_file 'printf "echo script \$1 \$#\nexit 4\n" > s.sh; '"$sh_bin"' s.sh arg; echo $?' 'script arg 1
4'
check test_builtin '[ -d / ] && [ ! -f / ] && [ abc = abc ] && [ 3 -gt 2 ] && test -z "" && echo ok' 'ok'
check read_builtin 'printf "a b c\n" | { read x y; echo "$x|$y"; }' 'a|b c'
check export_env 'export FOO=bar; env | grep "^FOO="' 'FOO=bar'
check functions 'greet() { echo "hi $1 ($#)"; }; greet you; f() { return 3; echo no; }; f; echo $?' 'hi you (1)
3'
check function_loop_return 'f() { for i in 1 2 3; do [ $i = 2 ] && return 7; echo $i; done; }; f; echo $?; echo $#' '1
7
0'
check return_unwinds 'f() { if return 3; then :; fi; echo no; }; f; echo $?; g() { while :; do for i in 1; do return 4; done; done; }; g; echo $?' '3
4'
check function_redirect 'f() { echo in-f; }; f > out.txt; cat out.txt' 'in-f'
check trap_exit 'trap "echo bye" EXIT; echo hi' 'hi
bye'
check trap_signal 'trap "echo got-usr1" USR1; kill -USR1 $$; echo after' 'got-usr1
after'
check ulimit_lowers_soft_limit 'ulimit -S -n 20; ulimit -S -n; ulimit -n 10; ulimit -H -n' '20
10'
check ulimit_unlimited_and_all 'ulimit -S -v unlimited; ulimit -v; ulimit -a | grep -c "(-[cfnsuv])"' 'unlimited
6'
check ulimit_errors 'ulimit -x; echo $?; ulimit -n abc; echo $?' 'sh: ulimit: -x: unknown option
2
sh: ulimit: abc: bad number
2'
# $$ is the shell's pid in every word, also in a command's arguments and in a subshell.
check dollar_dollar_is_the_shell '[ "$(echo $$)" = "$$" ] && echo subshell; env echo $$ > f; [ "$(cat f)" = "$$" ] && echo argument' 'subshell
argument'
exit $failed
