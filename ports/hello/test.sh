# hello: its greetings, an option with an argument, and --version.
. /ports-tests/lib.sh
check greeting '$P/hello >o && same o "Hello, world!"'
check option-g '$P/hello -g "Hello from Breenix" >o && same o "Hello from Breenix"'
check traditional '$P/hello --traditional >o && same o "hello, world"'
check version '$P/hello --version | head -n 1 >o && same o "hello (GNU Hello) 2.10"'
check bad-option 'if $P/hello --nosuch 2>e; then false; else grep -q "unrecognized option" e; fi'
finish
