/* Program start-up, called by crt0's _start with the initial stack's argc,
 * argv and envp.  The auxiliary vector follows envp's terminating NULL. */
#include <stdlib.h>
#include <unistd.h>
#include <sys/auxv.h>

extern char **environ;
extern int main(int, char **, char **);
extern void __libc_init_array(void);
extern void __libc_fini_array(void);

static unsigned long *auxv;

/* newlib's __libc_init_array calls _init/_fini when HAVE_INIT_FINI is set;
 * Breenix runs constructors through .init_array only, so these are empty. */
void _init(void) {}
void _fini(void) {}

unsigned long
getauxval(unsigned long type)
{
	unsigned long *a;

	for (a = auxv; a != NULL && a[0] != AT_NULL; a += 2)
		if (a[0] == type)
			return a[1];
	return 0;
}

void __attribute__((noreturn))
__breenix_start(int argc, char **argv, char **envp)
{
	char **e = envp;

	while (*e != NULL)
		e++;
	auxv = (unsigned long *)(e + 1);
	environ = envp;
	__libc_init_array();
	atexit(__libc_fini_array);
	exit(main(argc, argv, envp));
}
