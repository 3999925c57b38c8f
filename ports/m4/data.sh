# m4's input and the build machine's GNU m4 answer.
cat >"$1/m4-in" <<'M4'
define(`SQUARE', `eval(`$1 * $1')')dnl
define(`LIST', `ifelse(`$#', `0', , `$#', `1', `$1', `$1, LIST(shift($@))')')dnl
define(`COUNT', `ifelse(`$1', `0', `done', `$1 COUNT(decr($1))')')dnl
changequote([, ])dnl
define([BRACKETS], [quoted [with] brackets])dnl
BRACKETS
changequote(`, ')dnl
SQUARE(12) LIST(a, b, c) COUNT(4)
translit(`Breenix', `a-z', `A-Z') substr(`operating system', 10) len(`breenix')
format(`%5d|%-4s|%x', 42, `ab', 255)
patsubst(`one two three', `\(\w+\)', `<\1>')
ifdef(`__unix__', `unix', `not unix')
syscmd(`echo from the shell')dnl
M4
m4 "$1/m4-in" >"$1/m4-out"
