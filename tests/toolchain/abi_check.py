#!/usr/bin/env python3
"""Check that the C library's ABI constants and struct layouts are Linux's.

The same list of expressions is compiled to assembly: by the host gcc against
the Linux kernel's own UAPI headers (the reference), by x86_64-breenix-gcc
against the newlib port's headers, and by the host gcc, freestanding, against
the Breenix kernel's ABI header (kernel/include/abi/linux.h), so that kernel,
libc and Linux agree.  Each expression becomes a `const long` whose value is
read back from the assembly, so nothing has to run on the target.  One
PASS/FAIL line per constant; the kernel's lines cover what its header defines
(its errno values and syscall numbers are generated from the port's headers).

usage: abi_check.py [--cc x86_64-breenix-gcc] [--kernel-include kernel/include]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

LINUX_HEADERS = """
#include <linux/types.h>
#include <asm/errno.h>
#include <asm/fcntl.h>
#include <linux/fcntl.h>
#include <asm/signal.h>
#include <asm/stat.h>
#include <linux/stat.h>
#include <linux/signal.h>
#include <linux/mman.h>
#include <asm/termbits.h>
#include <asm/termios.h>
#include <linux/resource.h>
#include <asm/ioctls.h>
#include <linux/wait.h>
#include <asm/mman.h>
#include <linux/utsname.h>
#include <asm/resource.h>
#include <asm/poll.h>
#include <asm/unistd_64.h>
#include <linux/time_types.h>
#include <linux/reboot.h>
#include <linux/prctl.h>
#include <linux/sched.h>
#include <linux/times.h>
#include <linux/eventpoll.h>
#include <linux/ipc.h>
#include <linux/shm.h>
#include <linux/sem.h>
#include <linux/msg.h>
#include <stddef.h>
#define IPC_PERM struct ipc64_perm
#define SHMID_DS struct shmid64_ds
#define SEMID_DS struct semid64_ds
#define MSQID_DS struct msqid64_ds
struct linux_dirent64 { __u64 d_ino; __s64 d_off; unsigned short d_reclen;
                        unsigned char d_type; char d_name[256]; };
#define SYS(n) __NR_##n
#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define DIRENT struct linux_dirent64
#define UTSNAME struct new_utsname
#define TIMESPEC struct __kernel_timespec
"""

# AF_*, MSG_*, SHUT_*, LOCK_* and the socket structures are not in the UAPI
# headers (they live in Linux's include/linux/socket.h), nor are SHM_DEST and
# SHM_LOCKED: glibc's copies are the reference for what LINUX_HEADERS lacks.
GLIBC_HEADERS = """
#define _GNU_SOURCE /* struct ucred */
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/file.h>
#include <sys/eventfd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <net/if.h>
#include <netdb.h>
#include <sys/shm.h>
#include <stddef.h>
"""

PORT_HEADERS = """
#define _GNU_SOURCE /* struct ucred */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <termios.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <sys/resource.h>
#include <poll.h>
#include <sys/syscall.h>
#include <time.h>
#include <dirent.h>
#include <unistd.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/times.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <net/if.h>
#include <netdb.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/sem.h>
#include <sys/msg.h>
#define IPC_PERM struct ipc_perm
#define SHMID_DS struct shmid_ds
#define SEMID_DS struct semid_ds
#define MSQID_DS struct msqid_ds
#define SYS(n) SYS_##n
#define DIRENT struct dirent
#define UTSNAME struct utsname
#define TIMESPEC struct timespec
"""

KERNEL_HEADERS = """
#include <abi/linux.h>
#include <net/socket.h>
#include <stddef.h>
#define DIRENT struct linux_dirent64
#define TIMESPEC struct timespec
#define IPC_PERM struct ipc64_perm
#define SHMID_DS struct shmid64_ds
#define SEMID_DS struct semid64_ds
#define MSQID_DS struct msqid64_ds
"""

CONSTANTS = """
O_RDONLY O_WRONLY O_RDWR O_ACCMODE O_CREAT O_EXCL O_NOCTTY O_TRUNC O_APPEND O_NONBLOCK
O_DSYNC O_SYNC O_DIRECTORY O_NOFOLLOW O_CLOEXEC O_DIRECT O_LARGEFILE O_NOATIME O_PATH
F_DUPFD F_GETFD F_SETFD F_GETFL F_SETFL F_GETLK F_SETLK F_SETLKW F_DUPFD_CLOEXEC FD_CLOEXEC
F_RDLCK F_WRLCK F_UNLCK
AT_FDCWD AT_SYMLINK_NOFOLLOW AT_REMOVEDIR AT_SYMLINK_FOLLOW AT_EACCESS
S_IFMT S_IFSOCK S_IFLNK S_IFREG S_IFBLK S_IFDIR S_IFCHR S_IFIFO S_ISUID S_ISGID S_ISVTX
SIGHUP SIGINT SIGQUIT SIGILL SIGTRAP SIGABRT SIGBUS SIGFPE SIGKILL SIGUSR1 SIGSEGV SIGUSR2
SIGPIPE SIGALRM SIGTERM SIGSTKFLT SIGCHLD SIGCONT SIGSTOP SIGTSTP SIGTTIN SIGTTOU SIGURG
SIGXCPU SIGXFSZ SIGVTALRM SIGPROF SIGWINCH SIGIO SIGPWR SIGSYS
SA_NOCLDSTOP SA_NOCLDWAIT SA_SIGINFO SA_ONSTACK SA_RESTART SA_NODEFER SA_RESETHAND SA_RESTORER
SIG_BLOCK SIG_UNBLOCK SIG_SETMASK SS_ONSTACK SS_DISABLE MINSIGSTKSZ
WNOHANG WUNTRACED WSTOPPED WEXITED WCONTINUED WNOWAIT
PROT_NONE PROT_READ PROT_WRITE PROT_EXEC MAP_SHARED MAP_PRIVATE MAP_FIXED MAP_ANONYMOUS
TCGETS TCSETS TCSETSW TCSETSF TIOCGPGRP TIOCSPGRP TIOCSCTTY TIOCNOTTY TIOCGWINSZ TIOCSWINSZ
FIONREAD FIONBIO TCFLSH
VINTR VQUIT VERASE VKILL VEOF VTIME VMIN VSTART VSTOP VSUSP VEOL VREPRINT VWERASE VLNEXT VEOL2
IGNBRK BRKINT IGNPAR INPCK ISTRIP INLCR IGNCR ICRNL IXON IXOFF IXANY IMAXBEL
OPOST ONLCR OCRNL ONOCR ONLRET
CSIZE CS5 CS6 CS7 CS8 CSTOPB CREAD PARENB PARODD HUPCL CLOCAL
ISIG ICANON ECHO ECHOE ECHOK ECHONL NOFLSH TOSTOP ECHOCTL ECHOKE IEXTEN
B0 B50 B300 B1200 B2400 B4800 B9600 B19200 B38400 B57600 B115200
TCSANOW TCSADRAIN TCSAFLUSH TCIFLUSH TCOFLUSH TCIOFLUSH
RLIMIT_CPU RLIMIT_FSIZE RLIMIT_DATA RLIMIT_STACK RLIMIT_CORE RLIMIT_NOFILE RLIMIT_AS RLIMIT_NPROC RLIMIT_SIGPENDING RLIMIT_MSGQUEUE RLIMIT_RTPRIO
POLLIN POLLPRI POLLOUT POLLERR POLLHUP POLLNVAL
CLOCK_REALTIME CLOCK_MONOTONIC
TIOCGPTN TIOCSPTLCK TIOCGPTLCK TIOCGPTPEER
AF_UNSPEC AF_UNIX AF_LOCAL AF_INET AF_INET6 PF_UNIX PF_LOCAL
SOCK_STREAM SOCK_DGRAM SOCK_RAW SOCK_SEQPACKET SOCK_CLOEXEC SOCK_NONBLOCK
MSG_OOB MSG_PEEK MSG_DONTROUTE MSG_CTRUNC MSG_TRUNC MSG_DONTWAIT MSG_EOR MSG_WAITALL
MSG_ERRQUEUE MSG_NOSIGNAL MSG_CMSG_CLOEXEC
SOL_SOCKET SO_REUSEADDR SO_TYPE SO_ERROR SO_BROADCAST SO_SNDBUF SO_RCVBUF SO_KEEPALIVE
SO_LINGER SO_PASSCRED SO_PEERCRED SO_RCVTIMEO SO_SNDTIMEO SO_ACCEPTCONN SO_PROTOCOL SO_DOMAIN
SCM_RIGHTS SCM_CREDENTIALS SHUT_RD SHUT_WR SHUT_RDWR
LOCK_SH LOCK_EX LOCK_NB LOCK_UN
RUSAGE_SELF RUSAGE_CHILDREN RUSAGE_THREAD MREMAP_MAYMOVE MREMAP_FIXED
MADV_NORMAL MADV_RANDOM MADV_SEQUENTIAL MADV_WILLNEED MADV_DONTNEED MADV_FREE MADV_DONTFORK
MADV_DOFORK MADV_HUGEPAGE MADV_NOHUGEPAGE MADV_DONTDUMP MADV_DODUMP MS_ASYNC MS_INVALIDATE MS_SYNC
PR_SET_PDEATHSIG PR_GET_PDEATHSIG PR_GET_DUMPABLE PR_SET_DUMPABLE PR_SET_NAME PR_GET_NAME
PR_SET_NO_NEW_PRIVS PR_GET_NO_NEW_PRIVS STATX_BASIC_STATS STATX_BTIME STATX_ALL
SCHED_OTHER SCHED_FIFO SCHED_RR SCHED_BATCH SCHED_IDLE
EPOLL_CLOEXEC EPOLL_CTL_ADD EPOLL_CTL_DEL EPOLL_CTL_MOD EPOLLIN EPOLLPRI EPOLLOUT EPOLLERR
EPOLLHUP EPOLLRDNORM EPOLLRDBAND EPOLLWRNORM EPOLLWRBAND EPOLLMSG EPOLLRDHUP EPOLLEXCLUSIVE
EPOLLWAKEUP EPOLLONESHOT EPOLLET EFD_SEMAPHORE EFD_CLOEXEC EFD_NONBLOCK
P_ALL P_PID P_PGID P_PIDFD PRIO_PROCESS PRIO_PGRP PRIO_USER
IPPROTO_IP IPPROTO_ICMP IPPROTO_TCP IPPROTO_UDP IPPROTO_IPV6 IPPROTO_RAW INADDR_ANY
INADDR_LOOPBACK INADDR_BROADCAST INET_ADDRSTRLEN INET6_ADDRSTRLEN IP_TOS IP_TTL
TCP_NODELAY TCP_MAXSEG TCP_KEEPIDLE TCP_KEEPINTVL TCP_KEEPCNT
SIOCGIFFLAGS SIOCSIFFLAGS SIOCGIFADDR SIOCSIFADDR SIOCGIFNETMASK SIOCSIFNETMASK
SIOCGIFHWADDR SIOCGIFINDEX
IFNAMSIZ IFF_UP IFF_BROADCAST IFF_LOOPBACK IFF_RUNNING
AI_PASSIVE AI_CANONNAME AI_NUMERICHOST AI_ADDRCONFIG AI_NUMERICSERV NI_NUMERICHOST
NI_NUMERICSERV NI_NAMEREQD NI_MAXHOST NI_MAXSERV
EAI_BADFLAGS EAI_NONAME EAI_AGAIN EAI_FAIL EAI_FAMILY EAI_SOCKTYPE EAI_SERVICE EAI_MEMORY
EAI_SYSTEM EAI_OVERFLOW
IPC_PRIVATE IPC_CREAT IPC_EXCL IPC_NOWAIT IPC_RMID IPC_SET IPC_STAT IPC_INFO
SHM_RDONLY SHM_RND SHM_REMAP SHM_EXEC SHM_LOCK SHM_UNLOCK SHM_STAT SHM_INFO SHM_STAT_ANY
SHM_DEST SHM_LOCKED SEM_UNDO GETPID GETVAL GETALL GETNCNT GETZCNT SETVAL SETALL SEM_STAT
SEM_INFO SEM_STAT_ANY MSG_NOERROR MSG_EXCEPT MSG_COPY MSG_STAT MSG_INFO MSG_STAT_ANY
"""

SYSCALLS = """
read write open close stat fstat lstat poll lseek mmap mprotect munmap brk rt_sigaction
rt_sigprocmask rt_sigreturn ioctl pread64 pwrite64 readv writev access pipe select sched_yield
dup dup2 pause nanosleep getitimer alarm setitimer getpid fork vfork execve exit wait4 kill
uname fcntl fsync truncate ftruncate getcwd chdir fchdir rename mkdir rmdir creat link unlink
symlink readlink chmod fchmod chown fchown umask gettimeofday getrlimit times getuid getgid
setuid setgid geteuid getegid setpgid getppid getpgrp setsid setreuid getgroups setgroups
setresuid getpgid getsid rt_sigpending rt_sigsuspend sigaltstack statfs fstatfs arch_prctl
setrlimit reboot gettid time tkill set_tid_address clock_gettime clock_getres exit_group
tgkill openat mkdirat fchownat newfstatat unlinkat renameat linkat symlinkat readlinkat
fchmodat faccessat utimensat pipe2 dup3 prlimit64 getrandom getdents64 lchown mknod mknodat
faccessat2 getrusage prctl sched_getaffinity sched_setaffinity sched_getparam sched_getscheduler
sched_get_priority_max sched_get_priority_min getcpu clock_nanosleep mremap msync madvise statx
faccessat2 epoll_create epoll_create1 epoll_ctl epoll_wait epoll_pwait eventfd eventfd2 ppoll
pselect6 waitid sendfile copy_file_range chroot getpriority setpriority epoll_pwait2
shmget shmat shmctl shmdt semget semop semctl semtimedop msgget msgsnd msgrcv msgctl
"""

# (name, expression); the expression is the same text on both sides.
LAYOUTS = [
    ("sizeof_stat", "sizeof(struct stat)"),
] + [("stat_" + f, "offsetof(struct stat, %s)" % f) for f in
     "st_dev st_ino st_nlink st_mode st_uid st_gid st_rdev st_size st_blksize st_blocks"
     " st_atime st_mtime st_ctime".split()] + [
    ("sizeof_flock", "sizeof(struct flock)"),
    ("flock_l_whence", "offsetof(struct flock, l_whence)"),
    ("flock_l_start", "offsetof(struct flock, l_start)"),
    ("flock_l_len", "offsetof(struct flock, l_len)"),
    ("flock_l_pid", "offsetof(struct flock, l_pid)"),
    ("sizeof_timespec", "sizeof(TIMESPEC)"),
    ("timespec_tv_nsec", "offsetof(TIMESPEC, tv_nsec)"),
    ("dirent64_d_ino", "offsetof(DIRENT, d_ino)"),
    ("dirent64_d_off", "offsetof(DIRENT, d_off)"),
    ("dirent64_d_reclen", "offsetof(DIRENT, d_reclen)"),
    ("dirent64_d_type", "offsetof(DIRENT, d_type)"),
    ("dirent64_d_name", "offsetof(DIRENT, d_name)"),
    ("sizeof_utsname", "sizeof(UTSNAME)"),
    ("utsname_machine", "offsetof(UTSNAME, machine)"),
    ("sizeof_winsize", "sizeof(struct winsize)"),
    ("winsize_ws_col", "offsetof(struct winsize, ws_col)"),
    ("termios_c_oflag", "offsetof(struct termios, c_oflag)"),
    ("termios_c_cflag", "offsetof(struct termios, c_cflag)"),
    ("termios_c_lflag", "offsetof(struct termios, c_lflag)"),
    ("termios_c_line", "offsetof(struct termios, c_line)"),
    ("termios_c_cc", "offsetof(struct termios, c_cc)"),
    ("sizeof_rlimit", "sizeof(struct rlimit)"),
    ("sizeof_pollfd", "sizeof(struct pollfd)"),
    ("pollfd_revents", "offsetof(struct pollfd, revents)"),
    ("sizeof_sigaction", "sizeof(struct sigaction)"),
    ("sigaction_sa_flags", "offsetof(struct sigaction, sa_flags)"),
    ("sigaction_sa_restorer", "offsetof(struct sigaction, sa_restorer)"),
    ("sigaction_sa_mask", "offsetof(struct sigaction, sa_mask)"),
    ("sizeof_sockaddr", "sizeof(struct sockaddr)"),
    ("sizeof_sockaddr_storage", "sizeof(struct sockaddr_storage)"),
    ("sizeof_sockaddr_un", "sizeof(struct sockaddr_un)"),
    ("sockaddr_un_sun_path", "offsetof(struct sockaddr_un, sun_path)"),
    ("sizeof_msghdr", "sizeof(struct msghdr)"),
    ("msghdr_msg_namelen", "offsetof(struct msghdr, msg_namelen)"),
    ("msghdr_msg_iov", "offsetof(struct msghdr, msg_iov)"),
    ("msghdr_msg_iovlen", "offsetof(struct msghdr, msg_iovlen)"),
    ("msghdr_msg_control", "offsetof(struct msghdr, msg_control)"),
    ("msghdr_msg_controllen", "offsetof(struct msghdr, msg_controllen)"),
    ("msghdr_msg_flags", "offsetof(struct msghdr, msg_flags)"),
    ("sizeof_cmsghdr", "sizeof(struct cmsghdr)"),
    ("cmsghdr_cmsg_level", "offsetof(struct cmsghdr, cmsg_level)"),
    ("cmsghdr_cmsg_type", "offsetof(struct cmsghdr, cmsg_type)"),
    ("CMSG_LEN_4", "CMSG_LEN(4)"),
    ("CMSG_SPACE_4", "CMSG_SPACE(4)"),
    ("sizeof_ucred", "sizeof(struct ucred)"),
    ("ucred_uid", "offsetof(struct ucred, uid)"),
    ("ucred_gid", "offsetof(struct ucred, gid)"),
    ("sizeof_rusage", "sizeof(struct rusage)"),
    ("rusage_ru_stime", "offsetof(struct rusage, ru_stime)"),
    ("rusage_ru_maxrss", "offsetof(struct rusage, ru_maxrss)"),
    ("rusage_ru_minflt", "offsetof(struct rusage, ru_minflt)"),
    ("rusage_ru_nivcsw", "offsetof(struct rusage, ru_nivcsw)"),
    ("sizeof_tms", "sizeof(struct tms)"),
    ("tms_tms_cstime", "offsetof(struct tms, tms_cstime)"),
    ("sizeof_statx", "sizeof(struct statx)"),
] + [("statx_" + f, "offsetof(struct statx, %s)" % f) for f in
     "stx_mask stx_blksize stx_attributes stx_nlink stx_uid stx_gid stx_mode stx_ino stx_size"
     " stx_blocks stx_attributes_mask stx_atime stx_btime stx_ctime stx_mtime stx_rdev_major"
     " stx_rdev_minor stx_dev_major stx_dev_minor stx_mnt_id".split()] + [
    ("sizeof_socklen_t", "sizeof(socklen_t)"),
    ("sizeof_sa_family_t", "sizeof(sa_family_t)"),
    ("sizeof_epoll_event", "sizeof(struct epoll_event)"),
    ("epoll_event_data", "offsetof(struct epoll_event, data)"),
    ("sizeof_sockaddr_in", "sizeof(struct sockaddr_in)"),
    ("sockaddr_in_sin_port", "offsetof(struct sockaddr_in, sin_port)"),
    ("sockaddr_in_sin_addr", "offsetof(struct sockaddr_in, sin_addr)"),
    ("sizeof_sockaddr_in6", "sizeof(struct sockaddr_in6)"),
    ("sockaddr_in6_sin6_addr", "offsetof(struct sockaddr_in6, sin6_addr)"),
    ("sockaddr_in6_sin6_scope_id", "offsetof(struct sockaddr_in6, sin6_scope_id)"),
    ("sizeof_ifreq", "sizeof(struct ifreq)"),
    ("ifreq_ifr_addr", "offsetof(struct ifreq, ifr_addr)"),
    ("ifreq_ifr_flags", "offsetof(struct ifreq, ifr_flags)"),
    ("sizeof_addrinfo", "sizeof(struct addrinfo)"),
    ("addrinfo_ai_addrlen", "offsetof(struct addrinfo, ai_addrlen)"),
    ("addrinfo_ai_addr", "offsetof(struct addrinfo, ai_addr)"),
    ("addrinfo_ai_canonname", "offsetof(struct addrinfo, ai_canonname)"),
    ("addrinfo_ai_next", "offsetof(struct addrinfo, ai_next)"),
    ("sizeof_hostent", "sizeof(struct hostent)"),
    ("sizeof_ipc_perm", "sizeof(IPC_PERM)"),
    ("sizeof_sembuf", "sizeof(struct sembuf)"),
    ("sembuf_sem_op", "offsetof(struct sembuf, sem_op)"),
    ("sembuf_sem_flg", "offsetof(struct sembuf, sem_flg)"),
] + [("ipc_perm_" + f, "offsetof(IPC_PERM, %s)" % f) for f in
     "uid gid cuid cgid mode".split()] + [
    ("sizeof_shmid_ds", "sizeof(SHMID_DS)"),
] + [("shmid_ds_" + f, "offsetof(SHMID_DS, %s)" % f) for f in
     "shm_segsz shm_atime shm_dtime shm_ctime shm_cpid shm_lpid shm_nattch".split()] + [
    ("sizeof_semid_ds", "sizeof(SEMID_DS)"),
] + [("semid_ds_" + f, "offsetof(SEMID_DS, %s)" % f) for f in
     "sem_otime sem_ctime sem_nsems".split()] + [
    ("sizeof_msqid_ds", "sizeof(MSQID_DS)"),
] + [("msqid_ds_" + f, "offsetof(MSQID_DS, %s)" % f) for f in
     "msg_stime msg_rtime msg_ctime msg_cbytes msg_qnum msg_qbytes msg_lspid msg_lrpid".split()]


def errno_names():
    names = []
    for h in ("/usr/include/asm-generic/errno-base.h", "/usr/include/asm-generic/errno.h"):
        for m in re.finditer(r"^#define\s+(E[A-Z0-9]+)\s", open(h).read(), re.M):
            names.append(m.group(1))
    return names


def entries():
    out = [("errno_" + n, n, True) for n in errno_names()]
    out += [(n, n, True) for n in CONSTANTS.split()]
    out += [("SYS_" + n, "SYS(%s)" % n, False) for n in SYSCALLS.split()]
    out += [(n, e, False) for n, e in LAYOUTS]
    return out


def source(prelude, items):
    lines = [prelude]
    for name, expr, is_macro in items:
        lines.append("__attribute__((used)) const long abi_%s = (long)(%s);" % (name, expr))
    return "\n".join(lines) + "\n"


def compile_values(cc, prelude, items):
    """Returns {name: value} for the items that compile; the others are absent."""
    with tempfile.TemporaryDirectory() as d:
        def run(its):
            c, s = os.path.join(d, "abi.c"), os.path.join(d, "abi.s")
            open(c, "w").write(source(prelude, its))
            r = subprocess.run(cc + ["-S", "-O0", "-o", s, c], capture_output=True, text=True)
            if r.returncode != 0:
                return None
            vals, label = {}, None
            for line in open(s):
                m = re.match(r"^abi_(\w+):", line)
                if m:
                    label = m.group(1)
                    continue
                m = re.match(r"\s+\.quad\s+(-?\d+)", line)
                if m and label:
                    vals[label] = int(m.group(1))
                    label = None
                elif label and re.match(r"\s+\.zero\s+8", line):
                    vals[label] = 0     # gcc emits zeros as .zero
                    label = None
            return vals
        vals = run(items)
        if vals is not None:
            return vals
        vals = {}      # one at a time, to find the ones that do not compile
        for it in items:
            v = run([it])
            if v:
                vals.update(v)
        return vals


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cc", default="x86_64-breenix-gcc")
    ap.add_argument("--kernel-include",
                    default=os.path.join(os.path.dirname(__file__), "..", "..", "kernel", "include"))
    args = ap.parse_args()
    items = entries()
    host = ["gcc", "-nostdinc", "-isystem",
            subprocess.run(["gcc", "-print-file-name=include"], capture_output=True,
                           text=True).stdout.strip(),
            "-isystem", "/usr/include/x86_64-linux-gnu", "-isystem", "/usr/include"]
    ref = compile_values(host, LINUX_HEADERS, items)
    ref.update(compile_values(host, GLIBC_HEADERS, [it for it in items if it[0] not in ref]))
    port = compile_values([args.cc], PORT_HEADERS, items)
    kernel_items = [it for it in items if not it[0].startswith(("errno_", "SYS_"))]
    kern = compile_values(host[:-4] + ["-ffreestanding", "-I", args.kernel_include],
                          KERNEL_HEADERS, kernel_items)
    failed = 0
    for name, _, _ in items:
        if name not in ref:
            print("SKIP: abi/%s: not in the Linux UAPI headers" % name)
        elif name not in port:
            print("FAIL: abi/%s: missing from the libc headers (Linux: %d)" % (name, ref[name]))
            failed += 1
        elif port[name] != ref[name]:
            print("FAIL: abi/%s: libc %d, Linux %d" % (name, port[name], ref[name]))
            failed += 1
        else:
            print("PASS: abi/%s" % name)
        if name in kern and name in ref:
            if kern[name] != ref[name]:
                print("FAIL: abi/kernel/%s: kernel %d, Linux %d" % (name, kern[name], ref[name]))
                failed += 1
            else:
                print("PASS: abi/kernel/%s" % name)
    if len(kern) < 100:
        print("FAIL: abi/kernel: only %d items compiled against the kernel's header" % len(kern))
        failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
