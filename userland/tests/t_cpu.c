/*
 * t_cpu: user CPU state at every kernel exit.  User mode may set RFLAGS.NT,
 * AC, DF, TF and ID (popf), try IOPL (ignored in ring 3), and hand the
 * kernel any RIP, RSP and flags in a signal frame; whatever it does, every
 * way in (syscall, int 0x80, a timer interrupt, a fault, int3) and every
 * way back (SYSRET, IRETQ, a signal handler, rt_sigreturn) must leave the
 * kernel running and show Linux's behaviour: the flags survive the trip,
 * a bad RIP is a SIGSEGV at that RIP, a bad RSP kills with SIGSEGV.
 *
 * Each case runs in a child, so a child that dies shows as a signal in
 * its status; the kernel dying stops the whole test boot.  x86_64 only:
 * the flags are set and read in inline assembly, right around the way in,
 * since C code may assume DF clear and may be hit by AC's alignment checks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include "utest.h"

#define F_CF 0x1ul
#define F_TF 0x100ul
#define F_IF 0x200ul
#define F_DF 0x400ul
#define F_IOPL 0x3000ul
#define F_NT 0x4000ul
#define F_RF 0x10000ul
#define F_AC 0x40000ul
#define F_ID 0x200000ul
/* The flags a user can set with popf in ring 3; each case tries them all. */
#define F_USER_SETTABLE (F_NT | F_AC | F_DF | F_TF | F_ID)

#define NONCANONICAL (1ul << 47) /* the first address above the user half */
#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

/* Linux's sigcontext inside its ucontext (as t_signal's fake_uc). */
struct uctx {
	uint64_t uc_flags, uc_link;
	uint64_t ss_sp;
	int32_t ss_flags, pad;
	uint64_t ss_size;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15, rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp,
		rip, eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2;
};

static uint64_t read_flags(void)
{
	uint64_t f;

	__asm__ volatile("pushfq; popq %0" : "=r"(f));
	return f;
}

/* The flags C code runs with, plus set: what each case loads with popf. */
static uint64_t with(uint64_t set)
{
	return (read_flags() & (F_IF | 0x2)) | set;
}

/*
 * Load flags (popf), then one way into the kernel, then read the flags
 * right after and put the old ones back.  The pushes stay below the
 * 128-byte red zone the compiler may be using.
 */
#define ENTER_BEGIN                                                          \
	"lea -128(%%rsp), %%rsp\n\t"                                         \
	"pushfq\n\t"                                                         \
	"popq %[saved]\n\t"                                                  \
	"pushq %[flags]\n\t"                                                 \
	"popfq\n\t"
#define ENTER_END                                                            \
	"pushfq\n\t"                                                         \
	"popq %[seen]\n\t"                                                   \
	"pushq %[saved]\n\t"                                                 \
	"popfq\n\t"                                                          \
	"lea 128(%%rsp), %%rsp\n\t"

/* A system call by the syscall instruction: the flags after it; *ret its result. */
static uint64_t flags_across_syscall(uint64_t flags, long nr, long a1, long a2, long a3, long *ret)
{
	uint64_t saved, seen;
	register long r10 __asm__("r10") = 0;

	__asm__ volatile(ENTER_BEGIN "syscall\n\t" ENTER_END
			 : "+a"(nr), [saved] "=&r"(saved), [seen] "=&r"(seen), "+r"(r10)
			 : "D"(a1), "S"(a2), "d"(a3), [flags] "r"(flags)
			 : "rcx", "r11", "memory", "cc");
	*ret = nr;
	return seen;
}

/* The same by int 0x80 (Breenix's 64-bit table; Linux's is the i386 one). */
static uint64_t flags_across_int80(uint64_t flags, long nr, long a1, long a2, long a3, long *ret)
{
	uint64_t saved, seen;
	register long r10 __asm__("r10") = 0;

	__asm__ volatile(ENTER_BEGIN "int $0x80\n\t" ENTER_END
			 : "+a"(nr), [saved] "=&r"(saved), [seen] "=&r"(seen), "+r"(r10)
			 : "D"(a1), "S"(a2), "d"(a3), [flags] "r"(flags)
			 : "rcx", "r11", "memory", "cc");
	*ret = nr;
	return seen;
}

/* Spin until *stop is set (by a SIGALRM handler: timer interrupts meanwhile). */
static uint64_t flags_across_spin(uint64_t flags, volatile int *stop)
{
	uint64_t saved, seen;

	__asm__ volatile(ENTER_BEGIN "1: cmpl $0, (%[stop])\n\t"
			 "je 1b\n\t" ENTER_END
			 : [saved] "=&r"(saved), [seen] "=&r"(seen)
			 : [stop] "r"(stop), [flags] "r"(flags)
			 : "memory", "cc");
	return seen;
}

static volatile uint64_t resume_at; /* where a fault handler sends the faulting code */

/* Load from address 0 (SIGSEGV; the handler resumes at resume_at), or int3. */
static uint64_t flags_across_fault(uint64_t flags, int int3)
{
	uint64_t saved, seen, zero = 0;

	if (int3)
		__asm__ volatile(ENTER_BEGIN "int3\n\t" ENTER_END
				 : [saved] "=&r"(saved), [seen] "=&r"(seen)
				 : [flags] "r"(flags)
				 : "memory", "cc");
	else
		__asm__ volatile("lea 2f(%%rip), %%rax\n\t"
				 "mov %%rax, %[resume]\n\t" ENTER_BEGIN
				 "movb (%[zero]), %%al\n"
				 "2:\n\t" ENTER_END
				 : [saved] "=&r"(saved), [seen] "=&r"(seen), [resume] "=m"(resume_at)
				 : [flags] "r"(flags), [zero] "r"(zero)
				 : "rax", "memory", "cc");
	return seen;
}

static volatile int traps, alarms, usr1s, segvs;
static volatile uint64_t segv_rip;
static volatile int segv_code;
static volatile uintptr_t segv_addr;
/* What the SIGUSR1 handler does to the frame it returns through. */
static volatile uint64_t uc_set_flags, uc_clear_flags, uc_rip, uc_rsp;
static volatile int uc_rcx_mismatch;

/* Count single steps and int3s; TF stays as the interrupted code had it. */
static void on_trap(int sig)
{
	(void)sig;
	traps++;
}

static void on_alarm(int sig)
{
	(void)sig;
	alarms = 1;
}

/*
 * Record where the SIGSEGV happened; a load from 0 resumes at resume_at.
 * Any other ends the child: 50 for Linux's answer to a return to a
 * non-canonical RIP (the #GP it takes there: SI_KERNEL, address 0, the
 * RIP in the context), 51 for another RIP, 52 for other siginfo.
 */
static void on_segv(int sig, siginfo_t *si, void *ucv)
{
	struct uctx *uc = ucv;

	(void)sig;
	segvs++;
	segv_rip = uc->rip;
	segv_code = si->si_code;
	segv_addr = (uintptr_t)si->si_addr;
	if (resume_at != 0) {
		uc->rip = resume_at;
		resume_at = 0;
		return;
	}
	if (segv_rip != NONCANONICAL)
		_exit(51);
	_exit(segv_code == SI_KERNEL && segv_addr == 0 ? 50 : 52);
}

/* Rewrite the frame rt_sigreturn will load, as the case asks. */
static void on_usr1(int sig, siginfo_t *si, void *ucv)
{
	struct uctx *uc = ucv;

	(void)sig;
	(void)si;
	usr1s++;
	uc->eflags = (uc->eflags | uc_set_flags) & ~uc_clear_flags;
	if (uc_rip != 0)
		uc->rip = uc_rip;
	if (uc_rsp != 0)
		uc->rsp = uc_rsp;
	if (uc_rcx_mismatch)
		uc->rcx = uc->rip + 1; /* rules out SYSRET: IRETQ takes it back */
	else
		uc->rcx = uc->rip, uc->r11 = uc->eflags; /* lets SYSRET take it back */
}

static int handle(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | flags;
	return sigaction(sig, &sa, NULL);
}

/* Handlers for every signal the cases raise, in the child. */
static void child_setup(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_trap;
	sigaction(SIGTRAP, &sa, NULL);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	handle(SIGSEGV, on_segv, 0);
	handle(SIGBUS, on_segv, 0); /* Linux's #SS (a bad stack) */
	handle(SIGUSR1, on_usr1, 0);
}

/*
 * How a child running fn ended: its exit status (0: every check held), or
 * 128 + the signal that ended it.
 */
static int ending(void (*fn)(void))
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		child_setup();
		fn();
		_exit(0);
	}
	return utest_ending(pid);
}

/* In a child: report the check that failed and exit. */
#define UCHECK(cond)                                                         \
	do {                                                                 \
		if (!(cond)) {                                               \
			printf("note: user/cpu: %s (line %d)\n", #cond, __LINE__); \
			fflush(stdout);                                      \
			_exit(1);                                            \
		}                                                            \
	} while (0)

/*
 * The flags NT may lose on a trip through the kernel: none on Breenix and
 * Linux 6.1 (its selftest syscall_nt asserts NT survives a system call),
 * but newer hosts have been seen to clear NT on any kernel entry, which
 * is as safe.
 */
static uint64_t nt_may_go(void)
{
	return on_breenix() ? 0 : F_NT;
}

/* The flags of `set` that must be seen after a round trip through the kernel. */
static void check_kept(uint64_t set, uint64_t seen)
{
	set &= ~nt_may_go();
	UCHECK((seen & set) == set);
	UCHECK((seen & F_IOPL) == 0);
	UCHECK(seen & F_IF);
}

/* Each flag alone, then all at once: the sets every path is tried with. */
static const uint64_t flag_sets[] = { F_NT, F_AC, F_DF, F_TF, F_ID, F_USER_SETTABLE };
#define NSETS (sizeof(flag_sets) / sizeof(flag_sets[0]))

static void syscall_getpid_child(void)
{
	unsigned i;
	long ret;

	for (i = 0; i < NSETS; i++) {
		check_kept(flag_sets[i], flags_across_syscall(with(flag_sets[i]), SYS_getpid, 0, 0, 0, &ret));
		UCHECK(ret == getpid());
	}
	UCHECK(traps > 0); /* TF single-stepped the code after popf */
}

TEST(flags_survive_syscall_and_sysret)
{
	CHECK(ending(syscall_getpid_child) == 0);
}

static void syscall_signal_child(void)
{
	unsigned i;
	long ret;

	for (i = 0; i < NSETS; i++) {
		int before = usr1s;

		check_kept(flag_sets[i],
			   flags_across_syscall(with(flag_sets[i]), SYS_kill, getpid(), SIGUSR1, 0, &ret));
		UCHECK(ret == 0 && usr1s == before + 1);
	}
}

/* The reported hole: NT set, then a system call that leaves by IRETQ (a handler runs). */
TEST(flags_survive_syscall_with_signal_delivery)
{
	CHECK(ending(syscall_signal_child) == 0);
}

static void int80_child(void)
{
	unsigned i;
	long ret;

	for (i = 0; i < NSETS; i++) {
		int before = usr1s;

		check_kept(flag_sets[i], flags_across_int80(with(flag_sets[i]), SYS_getpid, 0, 0, 0, &ret));
		UCHECK(ret == getpid());
		check_kept(flag_sets[i],
			   flags_across_int80(with(flag_sets[i]), SYS_kill, getpid(), SIGUSR1, 0, &ret));
		UCHECK(ret == 0 && usr1s == before + 1);
	}
}

/* Linux's int 0x80 is the i386 ABI (other numbers), absent without IA32 emulation. */
TEST(flags_survive_int80)
{
	SKIP_IF(!on_breenix(), "int 0x80 is the i386 system call ABI on Linux");
	CHECK(ending(int80_child) == 0);
}

static void timer_child(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 20000 } };
	unsigned i;

	for (i = 0; i < NSETS; i++) {
		if (flag_sets[i] & F_TF)
			continue; /* a single-stepped spin would take a signal per instruction */
		alarms = 0;
		UCHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
		check_kept(flag_sets[i], flags_across_spin(with(flag_sets[i]), &alarms));
	}
}

/* Timer interrupts (and a SIGALRM handler) while user code spins with the flags set. */
TEST(flags_survive_timer_interrupts)
{
	CHECK(ending(timer_child) == 0);
}

static void fault_child(void)
{
	unsigned i;

	for (i = 0; i < NSETS; i++) {
		int before = segvs, traps_before = traps;

		check_kept(flag_sets[i], flags_across_fault(with(flag_sets[i]), 0));
		UCHECK(segvs == before + 1 && segv_code == SEGV_MAPERR && segv_addr == 0);
		check_kept(flag_sets[i], flags_across_fault(with(flag_sets[i]), 1));
		UCHECK(traps > traps_before);
	}
}

/* A page fault caught by a SIGSEGV handler, and int3 by a SIGTRAP one. */
TEST(flags_survive_faults_and_handlers)
{
	CHECK(ending(fault_child) == 0);
}

/* With DF set, the kernel's copies from and to user memory still run forwards. */
static void df_copy_child(void)
{
	static const char text[] = "0123456789abcdefghijklmnopqrstuv";
	char back[sizeof(text)];
	int fd[2], way;
	long ret;

	UCHECK(pipe(fd) == 0);
	for (way = 0; way < (on_breenix() ? 2 : 1); way++) {
		uint64_t (*enter)(uint64_t, long, long, long, long, long *) =
			way == 0 ? flags_across_syscall : flags_across_int80;

		memset(back, 0, sizeof(back));
		check_kept(F_DF, enter(with(F_DF), SYS_write, fd[1], (long)text, sizeof(text), &ret));
		UCHECK(ret == (long)sizeof(text));
		check_kept(F_DF, enter(with(F_DF), SYS_read, fd[0], (long)back, sizeof(back), &ret));
		UCHECK(ret == (long)sizeof(text) && memcmp(back, text, sizeof(text)) == 0);
	}
}

TEST(df_does_not_reverse_kernel_copies)
{
	CHECK(ending(df_copy_child) == 0);
}

/* IOPL cannot be raised from ring 3: popf ignores it, sigreturn drops it. */
static void iopl_child(void)
{
	long ret;

	UCHECK((flags_across_syscall(with(F_IOPL), SYS_getpid, 0, 0, 0, &ret) & F_IOPL) == 0);
	uc_set_flags = F_IOPL | F_NT | F_RF;
	uc_clear_flags = F_IF;
	UCHECK((flags_across_syscall(with(0), SYS_kill, getpid(), SIGUSR1, 0, &ret) &
		(F_IOPL | F_NT | F_IF)) == F_IF);
	signal(SIGSEGV, SIG_DFL);
	__asm__ volatile("cli"); /* with IOPL 0: #GP, SIGSEGV */
	_exit(2);
}

TEST(iopl_and_frame_flags_stay_kernel_owned)
{
	CHECK(ending(iopl_child) == 128 + SIGSEGV);
}

static void frame_flags_child(void)
{
	long ret;
	uint64_t seen;

	/* The flags Linux takes from the frame: TF (one single step), DF, AC, RF, CF. */
	uc_set_flags = F_DF | F_AC | F_RF | F_CF;
	seen = flags_across_syscall(with(0), SYS_kill, getpid(), SIGUSR1, 0, &ret);
	UCHECK((seen & (F_DF | F_AC | F_CF)) == (F_DF | F_AC | F_CF));
	uc_set_flags = F_TF;
	traps = 0;
	seen = flags_across_syscall(with(0), SYS_kill, getpid(), SIGUSR1, 0, &ret);
	UCHECK(seen & F_TF);
	UCHECK(traps > 0);
	/* The ones taken from the rt_sigreturn call itself: NT as the handler had it. */
	uc_set_flags = 0;
	uc_clear_flags = F_NT;
	seen = flags_across_syscall(with(F_NT), SYS_kill, getpid(), SIGUSR1, 0, &ret);
	UCHECK((seen & F_NT) || nt_may_go());
}

TEST(sigreturn_takes_the_user_flags_only)
{
	CHECK(ending(frame_flags_child) == 0);
}

/* rt_sigreturn to a non-canonical RIP, by the way IRETQ would take (rcx != rip) or SYSRET's. */
static void bad_rip_child(void)
{
	long ret;

	uc_rip = NONCANONICAL;
	flags_across_syscall(with(0), SYS_kill, getpid(), SIGUSR1, 0, &ret);
	_exit(3); /* on_segv exits 50 when it sees the bad RIP */
}

static void bad_rip_iret_child(void)
{
	uc_rcx_mismatch = 1;
	bad_rip_child();
}

/* Linux loads the frame, and the return faults as a #GP at that RIP. */
TEST(sigreturn_to_noncanonical_rip_is_sigsegv_there)
{
	CHECK(ending(bad_rip_child) == 50);
	CHECK(ending(bad_rip_iret_child) == 50);
}

/*
 * rt_sigreturn with a non-canonical stack: the first push faults (#SS,
 * or #GP), no handler frame fits on that stack, and SIGSEGV kills.
 */
static void bad_rsp_child(void)
{
	long ret;

	uc_rsp = NONCANONICAL;
	flags_across_syscall(with(0), SYS_kill, getpid(), SIGUSR1, 0, &ret);
	_exit(3);
}

static void bad_rsp_iret_child(void)
{
	uc_rcx_mismatch = 1;
	bad_rsp_child();
}

TEST(sigreturn_to_noncanonical_rsp_kills)
{
	CHECK(ending(bad_rsp_child) == 128 + SIGSEGV);
	CHECK(ending(bad_rsp_iret_child) == 128 + SIGSEGV);
}

/* A handler at a non-canonical address: SIGSEGV at that address; both there: killed. */
static void bad_handler_child(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = (void (*)(int))NONCANONICAL;
	UCHECK(sigaction(SIGUSR2, &sa, NULL) == 0);
	kill(getpid(), SIGUSR2);
	_exit(3);
}

static void bad_handlers_child(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = (void (*)(int))NONCANONICAL;
	UCHECK(sigaction(SIGSEGV, &sa, NULL) == 0);
	bad_handler_child();
}

TEST(noncanonical_handler_is_sigsegv)
{
	CHECK(ending(bad_handler_child) == 50);
	CHECK(ending(bad_handlers_child) == 128 + SIGSEGV);
}

/*
 * A syscall instruction in the last two bytes below 2^47 returns to a
 * non-canonical RIP: SYSRET there would fault in ring 0 (CVE-2012-0217).
 * Linux never maps that page; where it can be mapped, the process gets
 * SIGSEGV at 2^47.
 */
static void top_syscall_child(void)
{
	uint8_t *top = (uint8_t *)(NONCANONICAL - 4096);
	void *p = mmap(top, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

	if (p == MAP_FAILED)
		_exit(50); /* Linux: the page is past TASK_SIZE_MAX */
	top[4094] = 0x0f;
	top[4095] = 0x05;
	__asm__ volatile("call *%1" : : "a"((long)SYS_getpid), "r"(top + 4094)
			 : "rcx", "r11", "memory");
	_exit(3);
}

TEST(syscall_at_the_top_of_user_space)
{
	CHECK(ending(top_syscall_child) == 50);
}

#define COMPAT_AT 0x10000000ul
#define COMPAT_SIZE 0x4000ul
#define COMPAT_STACK (COMPAT_AT + COMPAT_SIZE) /* the 32-bit code's stack: below 4 GiB */
#define COMPAT_SYSCALL_AT (COMPAT_AT + 10)
#define COMPAT_UD2_AT (COMPAT_AT + 26)
#define COMPAT_SPINS 0x1000000u

static volatile int32_t *compat_result;

/*
 * How the 32-bit code ended, from the signal it took, in 64-bit mode (the
 * handler runs there whatever code was interrupted, as on Linux): 0 at its
 * final ud2 with a good result (4 with another, 5 with its stack pointer
 * changed), 62 for SYSCALL raising #UD (Intel), 61 anywhere else in that
 * code, 60 before it (no 32-bit segment).
 */
static void on_compat_fault(int sig, siginfo_t *si, void *ucv)
{
	struct uctx *uc = ucv;

	(void)si;
	if (uc->rip - COMPAT_AT >= COMPAT_SIZE)
		_exit(60);
	if (sig == SIGILL && uc->rip == COMPAT_SYSCALL_AT)
		_exit(62);
	if (sig != SIGILL || uc->rip != COMPAT_UD2_AT)
		_exit(61);
	if (uc->rsp != COMPAT_STACK)
		_exit(5);
	_exit(*compat_result == -ENOSYS || *compat_result == getpid() ? 0 : 4);
}

/*
 * SYSCALL from 32-bit code goes through IA32_CSTAR (AMD CPUs and QEMU;
 * Intel's raise #UD).  Linux without IA32 emulation answers -ENOSYS, with
 * it runs i386 getpid (eax 20); Breenix has no 32-bit calls: -ENOSYS.
 * The code stores the result, then spins long enough for timer interrupts
 * to come and go (each returns to it with IRETQ, which loads SS from the
 * GDT: its stack pointer must come back whole, see gdt.c), and ends on
 * ud2, whose SIGILL handler must run as 64-bit code.
 */
static void compat_syscall_child(void)
{
	uint8_t *code = mmap((void *)COMPAT_AT, COMPAT_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	struct __attribute__((packed)) { uint32_t offset; uint16_t selector; } far;
	uint16_t cs;
	uint32_t at;
	static const uint8_t stub32[] = {
		0xbc, 0, 0, 0, 0,             /* mov $COMPAT_STACK, %esp */
		0xb8, 0x14, 0x00, 0x00, 0x00, /* mov $20, %eax (i386 getpid) */
		0x0f, 0x05,                   /* syscall */
		0x36, 0xa3, 0, 0, 0, 0,       /* mov %eax, %ss:result (DS may be null) */
		0xb9, 0, 0, 0, 0,             /* mov $COMPAT_SPINS, %ecx */
		0x49,                         /* 1: dec %ecx */
		0x75, 0xfd,                   /* jnz 1b */
		0x0f, 0x0b,                   /* ud2 */
	};

	UCHECK(code == (uint8_t *)COMPAT_AT);
	handle(SIGSEGV, on_compat_fault, 0);
	handle(SIGBUS, on_compat_fault, 0);
	handle(SIGILL, on_compat_fault, 0);
	compat_result = (volatile int32_t *)(code + 0x100);
	*compat_result = 1;
	memcpy(code, stub32, sizeof(stub32));
	at = (uint32_t)COMPAT_STACK;
	memcpy(code + 1, &at, 4);
	at = (uint32_t)(uintptr_t)compat_result;
	memcpy(code + 14, &at, 4);
	at = COMPAT_SPINS;
	memcpy(code + 19, &at, 4);
	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	/*
	 * The 32-bit code segment sits 16 below the 64-bit one (SYSRET's
	 * layout, on both).  A far jump, not a far return: QEMU 7.2 pops
	 * lretq's stack with supervisor rights, which SMAP refuses forever.
	 */
	far.offset = (uint32_t)(uintptr_t)code;
	far.selector = cs - 16;
	__asm__ volatile("ljmpl *%0" : : "m"(far) : "memory");
	_exit(3);
}

TEST(syscall_from_32bit_code)
{
	int end = ending(compat_syscall_child);

	if (on_breenix()) {
		CHECK(end == 0);
		return;
	}
	/*
	 * Linux may have no 32-bit code segment (60), run on an Intel CPU (62),
	 * or, with IA32 emulation turned off (6.18 under Firecracker does),
	 * kill the task outright with SIGSEGV on the far jump.
	 */
	if (!(end == 0 || end == 60 || end == 62 || end == 128 + SIGSEGV))
		printf("note: host/cpu: the 32-bit child ended with %d\n", end);
	CHECK(end == 0 || end == 60 || end == 62 || end == 128 + SIGSEGV);
}

static uint64_t read_gs_word(void)
{
	uint64_t v;

	__asm__ volatile("movq %%gs:0, %0" : "=r"(v));
	return v;
}

/*
 * FS and GS bases: Linux refuses anything from the last user page up
 * (EPERM), before any MSR write; a good GS base holds across switches.
 */
static void segbase_child(void)
{
	static const uint64_t bad[] = { NONCANONICAL - 4096, NONCANONICAL, 1ul << 63, ~0ul };
	static uint64_t gs_word = 0x5a5a1234c3c3abcdul;
	uint64_t before, after;
	unsigned i;

	UCHECK(syscall(SYS_arch_prctl, ARCH_GET_FS, &before) == 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		UCHECK(syscall(SYS_arch_prctl, ARCH_SET_FS, bad[i]) == -1 && errno == EPERM);
		UCHECK(syscall(SYS_arch_prctl, ARCH_SET_GS, bad[i]) == -1 && errno == EPERM);
	}
	UCHECK(syscall(SYS_arch_prctl, ARCH_GET_FS, &after) == 0 && after == before);
	UCHECK(syscall(SYS_arch_prctl, ARCH_SET_GS, &gs_word) == 0);
	UCHECK(syscall(SYS_arch_prctl, ARCH_GET_GS, &after) == 0 && after == (uintptr_t)&gs_word);
	UCHECK(read_gs_word() == gs_word);
	for (i = 0; i < 20; i++)
		syscall(SYS_sched_yield); /* other threads run, and come back */
	usleep(20000);
	UCHECK(read_gs_word() == gs_word);
}

TEST(arch_prctl_refuses_noncanonical_bases)
{
	CHECK(ending(segbase_child) == 0);
}

int main(void)
{
	utest_suite = "cpu";
	setvbuf(stdout, NULL, _IONBF, 0);
	RUN(flags_survive_syscall_and_sysret);
	RUN(flags_survive_syscall_with_signal_delivery);
	RUN(flags_survive_int80);
	RUN(flags_survive_timer_interrupts);
	RUN(flags_survive_faults_and_handlers);
	RUN(df_does_not_reverse_kernel_copies);
	RUN(iopl_and_frame_flags_stay_kernel_owned);
	RUN(sigreturn_takes_the_user_flags_only);
	RUN(sigreturn_to_noncanonical_rip_is_sigsegv_there);
	RUN(sigreturn_to_noncanonical_rsp_kills);
	RUN(noncanonical_handler_is_sigsegv);
	RUN(syscall_at_the_top_of_user_space);
	RUN(syscall_from_32bit_code);
	RUN(arch_prctl_refuses_noncanonical_bases);
	return utest_failures != 0;
}
