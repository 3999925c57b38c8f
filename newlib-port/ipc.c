/* System V IPC: shmget, shmat, shmdt, shmctl, semget, semop, semtimedop,
 * semctl, msgget, msgsnd, msgrcv, msgctl, ftok (docs/ipc.md).
 *
 * The library's structures are the kernel's (struct ipc_perm is Linux's
 * ipc64_perm, shmid_ds its shmid64_ds, ...), so the calls pass them
 * through as they are.  Commands go without IPC_64, as glibc passes them
 * on x86_64, where the kernel takes only the 64-bit layout. */
#include <errno.h>
#include <stdarg.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include "breenix_syscall.h"

/* The file's inode and device and the project's low bits, as every C
 * library on Linux composes them. */
key_t
ftok(const char *path, int proj)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return (key_t)-1;
	return (key_t)((st.st_ino & 0xffff) | ((st.st_dev & 0xff) << 16) |
		       ((unsigned)(proj & 0xff) << 24));
}

int shmget(key_t key, size_t size, int flags) { return SYSCALL3(SYS_shmget, key, size, flags); }

void *
shmat(int id, const void *addr, int flags)
{
	return (void *)SYSCALL3(SYS_shmat, id, addr, flags);
}

int shmdt(const void *addr) { return SYSCALL1(SYS_shmdt, addr); }

int
shmctl(int id, int cmd, struct shmid_ds *buf)
{
	return SYSCALL3(SYS_shmctl, id, cmd, buf);
}

int semget(key_t key, int nsems, int flags) { return SYSCALL3(SYS_semget, key, nsems, flags); }

int
semop(int id, struct sembuf *sops, size_t nsops)
{
	return CANCEL_SYSCALL(__syscall3(SYS_semop, id, sops, nsops));
}

int
semtimedop(int id, struct sembuf *sops, size_t nsops, const struct timespec *timeout)
{
	return CANCEL_SYSCALL(__syscall4(SYS_semtimedop, id, sops, nsops, timeout));
}

/* The fourth argument (the caller's union semun, one register wide) is
 * read only for the commands that have one, as glibc. */
int
semctl(int id, int num, int cmd, ...)
{
	unsigned long arg = 0;
	va_list ap;

	switch (cmd) {
	case SETVAL: case GETALL: case SETALL: case IPC_STAT: case IPC_SET:
	case IPC_INFO: case SEM_STAT: case SEM_INFO: case SEM_STAT_ANY:
		va_start(ap, cmd);
		arg = va_arg(ap, unsigned long);
		va_end(ap);
		break;
	}
	return SYSCALL4(SYS_semctl, id, num, cmd, arg);
}

int msgget(key_t key, int flags) { return SYSCALL2(SYS_msgget, key, flags); }

int
msgsnd(int id, const void *msg, size_t size, int flags)
{
	return CANCEL_SYSCALL(__syscall4(SYS_msgsnd, id, msg, size, flags));
}

ssize_t
msgrcv(int id, void *msg, size_t size, long type, int flags)
{
	return CANCEL_SYSCALL(__syscall5(SYS_msgrcv, id, msg, size, type, flags));
}

int
msgctl(int id, int cmd, struct msqid_ds *buf)
{
	return SYSCALL3(SYS_msgctl, id, cmd, buf);
}
