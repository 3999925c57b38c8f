/*
 * sigframe.c: signal frames in Linux's x86_64 layout (arch/signal.h), so
 * that handlers, libc's restorer and debuggers see what they would see on
 * Linux:
 *
 *   rsp -> pretcode (the restorer: a handler's "ret" goes there)
 *          struct ucontext  (uc_flags, uc_link, uc_stack, sigcontext, 8-byte mask)
 *          siginfo_t        (128 bytes)
 *   ...    512-byte fxsave image, 64-byte aligned, pointed to by sigcontext.fpstate
 *
 * The frame goes below the interrupted stack's 128-byte red zone, or at
 * the top of the alternate stack for SA_ONSTACK handlers, and rsp is left
 * 8 mod 16, as after a call.  The handler starts in 64-bit mode, as on
 * Linux, whatever code segment was interrupted, with TF, DF, RF and AC
 * clear (Linux leaves AC alone; Breenix gives the handler a known state).
 *
 * rt_sigreturn trusts nothing in the frame that matters to the kernel:
 * the code and stack selectors are always the user ones (Linux lets a
 * frame pick another user code segment; Breenix has no use for one), only
 * the flags Linux restores come from it (the arithmetic flags, TF, DF,
 * RF, AC: never IF, IOPL or NT, which keep the values the rt_sigreturn
 * call was made with), MXCSR is masked to what the CPU accepts, and FS
 * and GS are not in it (the sigcontext's selectors are ignored, as on
 * Linux).  RIP and RSP are taken as they are, as on Linux: a non-canonical
 * RIP becomes a SIGSEGV at trap_user_exit (trap.c), before any IRETQ; a
 * bad RSP faults in user mode.
 */
#include <stddef.h>

#include <arch/signal.h>
#include <arch/thread.h>
#include <kern/proc.h>
#include <kern/thread.h>
#include <kern/uaccess.h>
#include <lib/string.h>
#include <machine/frame.h>
#include <machine/segments.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>
#include <vm/vm.h>

#define REDZONE 128
/* The flags a signal frame may set: Linux's FIX_EFLAGS. */
#define RFLAGS_USER                                                                  \
	(RFLAGS_CF | RFLAGS_PF | RFLAGS_AF | RFLAGS_ZF | RFLAGS_SF | RFLAGS_TF | RFLAGS_DF | \
	 RFLAGS_OF | RFLAGS_RF | RFLAGS_AC)
#define RFLAGS_CLEAR_FOR_HANDLER (RFLAGS_TF | RFLAGS_DF | RFLAGS_RF | RFLAGS_AC)

struct sigcontext {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2;
	uint64_t fpstate;
	uint64_t reserved1[8];
};

struct ucontext {
	uint64_t uc_flags;
	uint64_t uc_link;
	struct kstack_t uc_stack;
	struct sigcontext uc_mcontext;
	uint64_t uc_sigmask;
};

struct rt_sigframe {
	uint64_t pretcode;
	struct ucontext uc;
	struct ksiginfo info;
};

_Static_assert(sizeof(struct sigcontext) == 256, "Linux's sigcontext is 256 bytes");
_Static_assert(offsetof(struct rt_sigframe, uc.uc_sigmask) == 8 + 296, "uc_sigmask at 296");
_Static_assert(sizeof(struct ksiginfo) == 128, "siginfo_t is 128 bytes");

static bool on_altstack(const struct thread *t, uint64_t sp)
{
	return t->t_altstack.ss_size != 0 && sp > t->t_altstack.ss_sp &&
	       sp <= t->t_altstack.ss_sp + t->t_altstack.ss_size;
}

static void save_regs(struct sigcontext *sc, const struct trapframe *tf)
{
	sc->r8 = tf->tf_r8;
	sc->r9 = tf->tf_r9;
	sc->r10 = tf->tf_r10;
	sc->r11 = tf->tf_r11;
	sc->r12 = tf->tf_r12;
	sc->r13 = tf->tf_r13;
	sc->r14 = tf->tf_r14;
	sc->r15 = tf->tf_r15;
	sc->rdi = tf->tf_rdi;
	sc->rsi = tf->tf_rsi;
	sc->rbp = tf->tf_rbp;
	sc->rbx = tf->tf_rbx;
	sc->rdx = tf->tf_rdx;
	sc->rax = tf->tf_rax;
	sc->rcx = tf->tf_rcx;
	sc->rsp = tf->tf_rsp;
	sc->rip = tf->tf_rip;
	sc->eflags = tf->tf_rflags;
	sc->cs = (uint16_t)tf->tf_cs;
	sc->ss = (uint16_t)tf->tf_ss;
	sc->err = tf->tf_err;
	sc->trapno = tf->tf_vector;
}

int arch_signal_frame(struct trapframe *tf, int sig, const struct ksiginfo *info,
		      const struct ksigaction *ka, uint64_t oldmask)
{
	struct thread *t = curthread;
	struct rt_sigframe *f;
	uint8_t *fpu;
	uint64_t sp = tf->tf_rsp - REDZONE, fp_at, frame_at;
	int err = -ENOMEM;

	f = kzalloc(sizeof(*f));
	fpu = kmalloc(512);
	if (f == NULL || fpu == NULL)
		goto out;
	if ((ka->sa_flags & SA_ONSTACK) && t->t_altstack.ss_size != 0 &&
	    !(t->t_altstack.ss_flags & SS_DISABLE) && !on_altstack(t, tf->tf_rsp))
		sp = t->t_altstack.ss_sp + t->t_altstack.ss_size;
	fp_at = (sp - 512) & ~63ul;
	frame_at = ((fp_at - sizeof(*f)) & ~15ul) - 8;

	f->pretcode = ka->sa_restorer;
	f->uc.uc_stack.ss_sp = t->t_altstack.ss_sp;
	f->uc.uc_stack.ss_size = t->t_altstack.ss_size;
	f->uc.uc_stack.ss_flags = t->t_altstack.ss_size == 0 ? SS_DISABLE :
				  on_altstack(t, tf->tf_rsp) ? SS_ONSTACK : 0;
	save_regs(&f->uc.uc_mcontext, tf);
	f->uc.uc_mcontext.oldmask = oldmask;
	f->uc.uc_mcontext.cr2 = sig == SIGSEGV || sig == SIGBUS ? info->si.addr : 0;
	f->uc.uc_mcontext.fpstate = fp_at;
	f->uc.uc_sigmask = oldmask;
	f->info = *info;
	arch_fpu_save(fpu);
	err = -EFAULT;
	if (!(ka->sa_flags & SA_RESTORER) || !user_range_ok(frame_at, fp_at + 512 - frame_at) ||
	    copy_to_user(fp_at, fpu, 512) != 0 || copy_to_user(frame_at, f, sizeof(*f)) != 0)
		goto out;

	tf->tf_rdi = (uint64_t)sig;
	tf->tf_rsi = frame_at + offsetof(struct rt_sigframe, info);
	tf->tf_rdx = frame_at + offsetof(struct rt_sigframe, uc);
	tf->tf_rax = 0;
	tf->tf_rsp = frame_at;
	tf->tf_rip = ka->sa_handler;
	tf->tf_cs = SEL_UCODE; /* a handler is 64-bit code, even if 32-bit code was interrupted */
	tf->tf_ss = SEL_UDATA;
	tf->tf_rflags &= ~RFLAGS_CLEAR_FOR_HANDLER;
	arch_fpu_init_state(fpu); /* the handler starts with a clean FPU, as on Linux */
	arch_fpu_load(fpu);
	err = 0;
out:
	kfree(f);
	kfree(fpu);
	return err;
}

static void load_regs(struct trapframe *tf, const struct sigcontext *sc)
{
	tf->tf_r8 = sc->r8;
	tf->tf_r9 = sc->r9;
	tf->tf_r10 = sc->r10;
	tf->tf_r11 = sc->r11;
	tf->tf_r12 = sc->r12;
	tf->tf_r13 = sc->r13;
	tf->tf_r14 = sc->r14;
	tf->tf_r15 = sc->r15;
	tf->tf_rdi = sc->rdi;
	tf->tf_rsi = sc->rsi;
	tf->tf_rbp = sc->rbp;
	tf->tf_rbx = sc->rbx;
	tf->tf_rdx = sc->rdx;
	tf->tf_rax = sc->rax;
	tf->tf_rcx = sc->rcx;
	tf->tf_rsp = sc->rsp;
	tf->tf_rip = sc->rip;
	tf->tf_rflags = (tf->tf_rflags & ~RFLAGS_USER) | (sc->eflags & RFLAGS_USER);
	tf->tf_cs = SEL_UCODE;
	tf->tf_ss = SEL_UDATA;
}

int arch_sigreturn(struct trapframe *tf, uint64_t *mask)
{
	struct ucontext *uc = kmalloc(sizeof(*uc));
	uint8_t *fpu = kmalloc(512);
	uint64_t frame_at = tf->tf_rsp - 8; /* the handler's ret popped pretcode */
	int err = -ENOMEM;

	if (uc == NULL || fpu == NULL)
		goto out;
	err = -EFAULT;
	if (copy_from_user(uc, frame_at + offsetof(struct rt_sigframe, uc), sizeof(*uc)) != 0)
		goto out;
	if (uc->uc_mcontext.fpstate != 0) {
		if (copy_from_user(fpu, uc->uc_mcontext.fpstate, 512) != 0)
			goto out;
	} else {
		arch_fpu_init_state(fpu);
	}
	load_regs(tf, &uc->uc_mcontext);
	arch_fpu_load(fpu);
	*mask = uc->uc_sigmask;
	err = 0;
out:
	kfree(uc);
	kfree(fpu);
	return err;
}
