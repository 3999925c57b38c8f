# ncurses: tput finds the compiled-in terminal descriptions and prints their
# capabilities; clear.
. /ports-tests/lib.sh
check tput-cup '[ "$($P/tput -T xterm cup 5 10)" = "$(printf "\033[6;11H")" ]'
check tput-cols '[ "$($P/tput -T vt100 cols)" = 80 ]'
check tput-xterm-colors '[ "$($P/tput -T xterm-256color colors)" = 256 ]'
check unknown-term 'if $P/tput -T no-such-term clear >/dev/null 2>&1; then false; else true; fi'
finish
