/*
 * poweroff, reboot, halt: end the system.  Every other process gets
 * SIGTERM, a moment to exit, then SIGKILL; then the kernel powers off
 * (QEMU exits) or restarts.  The name it is called by says which.  Disk
 * file systems are unmounted first (or, if still busy, made read-only),
 * so they are marked clean.
 */
#include <stdlib.h>
#include <sys/syscall.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <time.h>
#include <unistd.h>

/* Unmount every ext2 mount in /proc/mounts, last mounted first. */
static void unmount_disks(void)
{
	char src[256], dir[256], type[64], dirs[16][256];
	int n = 0;
	FILE *f = fopen("/proc/mounts", "r");

	if (f == NULL)
		return;
	while (n < 16 && fscanf(f, "%255s %255s %63s %*[^\n]", src, dir, type) == 3)
		if (strcmp(type, "ext2") == 0)
			snprintf(dirs[n++], sizeof(dirs[0]), "%s", dir);
	fclose(f);
	/* /proc/mounts lists the newest first. */
	for (int i = 0; i < n; i++)
		if (syscall(SYS_umount2, dirs[i], 0) < 0)
			syscall(SYS_mount, "none", dirs[i], "ext2", 32ul | 1ul, NULL); /* MS_REMOUNT|MS_RDONLY */
}

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
	unmount_disks();
	sync();
	reboot(how);
	perror(name);
	return 1;
}
