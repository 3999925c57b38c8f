/* Program start-up, called by crt0's _start with the initial stack's argc,
 * argv and envp.  The auxiliary vector follows envp's terminating NULL.
 *
 * Before anything else, a program makes sure it runs on Breenix.  A Breenix
 * binary is a valid static x86_64 ELF, so Linux runs it too, and its system
 * calls would reach Linux's own table with Breenix's structures and
 * conventions behind them (when the library entered by "int $0x80", Linux's
 * i386 table: autoconf test programs spun for minutes when configure ran
 * them on the build host).  So start-up asks the kernel its
 * name with the SYSCALL instruction, which both kernels take with Linux's
 * x86_64 numbers (63 is uname, 231 exit_group, 1 write, on Linux as on
 * Breenix): if the answer is "Linux", the program says so on stderr and
 * exits with status 126 ("cannot execute") before doing anything else, so a
 * cross-compiling configure sees a program that does not run.  The check
 * names Linux rather than Breenix on purpose: under any other kernel the
 * program goes on as before. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <sys/utsname.h>

extern char **environ;
extern int main(int, char **, char **);
extern void __libc_init_array(void);
extern void __libc_fini_array(void);
extern void __breenix_tls_init(const unsigned long *);

/* glibc's names for argv[0] and its last component (<errno.h>, _GNU_SOURCE);
 * __progname is the BSD name of the short one (getprogname). */
char *program_invocation_name = "";
char *program_invocation_short_name = "";
extern char *__progname __attribute__((alias("program_invocation_short_name")));
extern char *__progname_full __attribute__((alias("program_invocation_name")));

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

const char *
getprogname(void)
{
	return program_invocation_short_name;
}

void
setprogname(const char *name)
{
	const char *slash = strrchr(name, '/');

	program_invocation_short_name = (char *)(slash != NULL ? slash + 1 : name);
}

/* A system call through SYSCALL, Linux's x86_64 entry and the library's
 * (breenix_syscall.h), spelled out here so the check stands alone. */
static long
native_syscall3(long n, long a1, long a2, long a3)
{
	long ret;

	__asm__ volatile ("syscall"
			  : "=a"(ret)
			  : "a"(n), "D"(a1), "S"(a2), "d"(a3)
			  : "rcx", "r11", "memory");
	return ret;
}

static void
leave_if_on_linux(void)
{
	static const char msg[] = ": a Breenix program cannot run on Linux\n";
	struct utsname u;

	if (native_syscall3(SYS_uname, (long)&u, 0, 0) != 0 || strcmp(u.sysname, "Linux") != 0)
		return;
	native_syscall3(SYS_write, 2, (long)program_invocation_name,
			(long)strlen(program_invocation_name));
	native_syscall3(SYS_write, 2, (long)msg, sizeof(msg) - 1);
	for (;;)
		native_syscall3(SYS_exit_group, 126, 0, 0);
}

void __attribute__((noreturn))
__breenix_start(int argc, char **argv, char **envp)
{
	char **e = envp;

	if (argc > 0 && argv[0] != NULL) {
		program_invocation_name = argv[0];
		setprogname(argv[0]);
	}
	leave_if_on_linux();
	while (*e != NULL)
		e++;
	auxv = (unsigned long *)(e + 1);
	__breenix_tls_init(auxv);	/* before anything that may touch errno */
	environ = envp;
	__libc_init_array();
	atexit(__libc_fini_array);
	exit(main(argc, argv, envp));
}
