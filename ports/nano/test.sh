# nano: only what runs without a terminal: version and help.
. /ports-tests/lib.sh
check version '$P/nano --version | grep -q "GNU nano, version 7.2"'
check help '$P/nano --help | grep -q -- "--nohelp"'
finish
