/*
 * poweroff, reboot, halt: end the system.  Every other process gets
 * SIGTERM, a moment to exit, then SIGKILL; then the kernel powers off
 * (QEMU exits) or restarts.  The name it is called by says which.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/') != NULL ? strrchr(argv[0], '/') + 1 : argv[0];
	struct timespec grace = { 0, 300000000 };
	int how = strcmp(name, "reboot") == 0 ? RB_AUTOBOOT :
		  strcmp(name, "halt") == 0 ? RB_HALT_SYSTEM : RB_POWER_OFF;

	(void)argc;
	/* Killing the shell hangs up its terminal: we must outlive that. */
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	kill(-1, SIGTERM);
	nanosleep(&grace, NULL);
	kill(-1, SIGKILL);
	reboot(how); /* ramfs has nothing to write back first */
	perror(name);
	return 1;
}
