/*
 * t_misc: the system calls that fit no other suite: identity (getpid,
 * getppid, gettid, set_tid_address, the ids), uname, sysinfo, time in its
 * forms, getrandom, resource limits, arch_prctl, sched_yield and reboot's
 * refusal of bad magic numbers, each with its error cases.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003

TEST(identity)
{
	pid_t pid = getpid(), child;
	int st;

	CHECK(pid > 0 && syscall(SYS_gettid) == pid);
	CHECK(syscall(SYS_set_tid_address, NULL) == pid);
	CHECK(getuid() == geteuid() && getgid() == getegid());
	child = fork();
	if (child == 0)
		_exit(getppid() == pid ? 0 : 1);
	CHECK(waitpid(child, &st, 0) == child && WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* What the registers held after a getpid entered the kernel by int 0x80 or by SYSCALL. */
struct after {
	uint64_t rax, rcx, r11, ret, rdi, rsi, rdx, r8, r9, r10;
};

#define ENTER(insn, a)                                                                     \
	do {                                                                               \
		register uint64_t r8 __asm__("r8") = 8, r9 __asm__("r9") = 9;              \
		register uint64_t r10 __asm__("r10") = 10, r11 __asm__("r11");             \
		uint64_t rax = SYS_getpid, rcx, rdi = 1, rsi = 2, rdx = 3, ret;            \
                                                                                           \
		__asm__ volatile("lea 1f(%%rip), %[ret]\n\t" insn "\n1:"                    \
				 : "+a"(rax), "=c"(rcx), "=r"(r11), [ret] "=&r"(ret),      \
				   "+D"(rdi), "+S"(rsi), "+d"(rdx), "+r"(r8), "+r"(r9),    \
				   "+r"(r10)                                               \
				 :                                                         \
				 : "memory");                                              \
		*(a) = (struct after){ rax, rcx, r11, ret, rdi, rsi, rdx, r8, r9, r10 };   \
	} while (0)

static int entry_kept_registers(const struct after *a)
{
	return a->rax == (uint64_t)getpid() && a->rdi == 1 && a->rsi == 2 && a->rdx == 3 &&
	       a->r8 == 8 && a->r9 == 9 && a->r10 == 10;
}

/*
 * The x86_64 convention: the result in rax, the argument registers kept,
 * rcx and r11 clobbered (the return address and rflags, as SYSCALL leaves
 * them).  Breenix's int 0x80 does the same (on Linux it is the 32-bit
 * table, so only SYSCALL is checked there).
 */
TEST(entry_registers)
{
	struct after a;

	ENTER("syscall", &a);
	CHECK(entry_kept_registers(&a));
	CHECK(a.rcx == a.ret && (a.r11 & 0x202) == 0x202);
	if (!on_breenix())
		return;
	ENTER("int $0x80", &a);
	CHECK(entry_kept_registers(&a));
	CHECK(a.rcx == a.ret && (a.r11 & 0x202) == 0x202);
}

/* The C library's system(), getline() and getdelim(), as a ported program uses them. */
TEST(libc_system_and_getline)
{
	char path[64], cmd[128], *line = NULL;
	size_t cap = 0;
	FILE *f;
	int st;

	snprintf(path, sizeof(path), "/tmp/t_misc.%d", (int)getpid());
	CHECK(system(NULL) != 0);
	st = system("exit 3");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3);
	st = system("kill -9 $$");
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	snprintf(cmd, sizeof(cmd), "printf 'one\\ntwo,three\\nlast' > %s", path);
	CHECK(system(cmd) == 0);
	f = fopen(path, "r");
	CHECK(f != NULL);
	if (f == NULL)
		return;
	CHECK(getline(&line, &cap, f) == 4 && strcmp(line, "one\n") == 0 && cap >= 5);
	CHECK(getdelim(&line, &cap, ',', f) == 4 && strcmp(line, "two,") == 0);
	CHECK(getline(&line, &cap, f) == 6 && strcmp(line, "three\n") == 0);
	CHECK(getline(&line, &cap, f) == 4 && strcmp(line, "last") == 0);
	CHECK(getline(&line, &cap, f) == -1 && feof(f));
	fclose(f);
	free(line);
	unlink(path);
}

TEST(uname_fields)
{
	struct utsname u;

	CHECK(uname(&u) == 0);
	CHECK(strcmp(u.machine, "x86_64") == 0 && u.sysname[0] != '\0' && u.release[0] != '\0');
	CHECK(syscall(SYS_uname, 8) == -1 && errno == EFAULT);
}

TEST(sysinfo_sane)
{
	struct sysinfo si;

	CHECK(sysinfo(&si) == 0);
	CHECK(si.totalram > 0 && si.freeram <= si.totalram && si.mem_unit > 0);
	CHECK(si.procs > 0 && si.uptime >= 0);
	CHECK(syscall(SYS_sysinfo, 8) == -1 && errno == EFAULT);
}

TEST(clocks_agree)
{
	struct timespec rt, mono, res;
	struct timeval tv;
	time_t t;

	CHECK(clock_gettime(CLOCK_REALTIME, &rt) == 0 && gettimeofday(&tv, NULL) == 0);
	t = time(NULL);
	CHECK(llabs((long long)rt.tv_sec - (long long)tv.tv_sec) <= 1 && llabs((long long)t - (long long)rt.tv_sec) <= 1);
	CHECK(rt.tv_sec > 1700000000); /* after 2023: the RTC was read */
	CHECK(clock_gettime(CLOCK_MONOTONIC, &mono) == 0 && mono.tv_nsec < 1000000000);
	CHECK(clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 && res.tv_nsec > 0);
	CHECK(clock_gettime(12345, &rt) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_clock_gettime, CLOCK_REALTIME, 8) == -1 && errno == EFAULT);
}

TEST(getrandom_calls)
{
	unsigned char a[64], b[64];

	CHECK(syscall(SYS_getrandom, a, sizeof(a), 0) == sizeof(a));
	CHECK(syscall(SYS_getrandom, b, sizeof(b), 0) == sizeof(b));
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	CHECK(syscall(SYS_getrandom, a, sizeof(a), 0x100) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_getrandom, 8, 16, 0) == -1 && errno == EFAULT);
}

TEST(resource_limits)
{
	struct rlimit rl;

	CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur > 0 && rl.rlim_cur <= rl.rlim_max);
	CHECK(getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur >= 1 << 20);
	CHECK(setrlimit(RLIMIT_NOFILE, &(struct rlimit){ 10, 5 }) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_prlimit64, 0, 1000, NULL, &rl) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_prlimit64, dead_pid(), RLIMIT_NOFILE, NULL, &rl) == -1 && errno == ESRCH);
}

TEST(fs_base)
{
	uint64_t base = 0;

	CHECK(syscall(SYS_arch_prctl, ARCH_GET_FS, &base) == 0);
	CHECK(syscall(SYS_arch_prctl, 0x9999, 0) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_arch_prctl, ARCH_GET_FS, 8) == -1 && errno == EFAULT);
	CHECK(syscall(SYS_arch_prctl, ARCH_SET_FS, base) == 0);
}

TEST(yield_and_reboot_magic)
{
	CHECK(syscall(SYS_sched_yield) == 0);
	/* Only root may reboot; for root, bad magic numbers are refused
	 * before anything else is looked at. */
	CHECK(syscall(SYS_reboot, 0x12345678, 0, 0, NULL) == -1 &&
	      errno == (geteuid() == 0 ? EINVAL : EPERM));
}

int main(void)
{
	utest_suite = "misc";
	RUN(identity);
	RUN(entry_registers);
	RUN(libc_system_and_getline);
	RUN(uname_fields);
	RUN(sysinfo_sane);
	RUN(clocks_agree);
	RUN(getrandom_calls);
	RUN(resource_limits);
	RUN(fs_base);
	RUN(yield_and_reboot_magic);
	return utest_failures != 0;
}
