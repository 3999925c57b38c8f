# hello: its greetings, an option with an argument, --version, and an
# unknown option.
. /ports-tests/lib.sh
check greeting '$P/hello >o && same o "Hello, world!"'
check option-g '$P/hello -g "Hello from Breenix" >o && same o "Hello from Breenix"'
check traditional '$P/hello --traditional >o && same o "hello, world"'
check version '$P/hello --version | head -n 1 >o && same o "hello (GNU Hello) 2.10"'
# An unknown option: glibc's getopt message, word for word.  (hello 2.10
# then prints its help and exits 0, on Linux too: it does not exit after
# the help, and its wprintf of the greeting fails on the byte stream.)
check bad-option "\$P/hello --nosuch >o 2>e; head -n 1 e >l && same l \"\$P/hello: unrecognized option '--nosuch'\""
finish
