/*
 * gdt.c: the global descriptor table and the task state segment.
 *
 * Long mode ignores segment bases and limits except for FS/GS, so the GDT
 * holds only what the CPU still checks: code/data descriptors with their
 * privilege levels (layout in machine/segments.h) and the TSS, whose RSP0
 * is the stack for interrupts from user mode and whose IST slots give
 * double faults, NMIs and machine checks a known-good stack of their own.
 * One CPU, so one of each, in .bss.
 */
#include <stddef.h>
#include <stdint.h>

#include <machine/segments.h>

#define IST_STACK_SIZE 8192

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

static uint64_t gdt[8];
static struct tss tss;
static uint8_t ist_stacks[3][IST_STACK_SIZE] __attribute__((aligned(16)));

/*
 * Flags of 64-bit descriptors: P, DPL, S, type (code: execute/read + L).
 * Data descriptors are flat 4 GiB with B set (32-bit stack), as Linux's
 * __KERNEL_DS and __USER_DS.  Long mode ignores that for 64-bit code, but
 * not for 32-bit code: an IRETQ to it loads SS from here, and with B
 * clear it would restore only SP, leaving RSP's upper 48 bits those of the
 * kernel stack it left from (the leak Linux's espfix exists for) -- seen
 * as a 32-bit program interrupted by the timer running on
 * 0xffffc000000xxxxx.
 */
#define DESC_CODE(dpl) (0x00209A0000000000ULL | ((uint64_t)(dpl) << 45))
#define DESC_DATA(dpl) (0x00CF92000000FFFFULL | ((uint64_t)(dpl) << 45))
#define DESC_CODE32(dpl) (0x00CF9A000000FFFFULL | ((uint64_t)(dpl) << 45))

static void gdt_set_tss(unsigned sel, const struct tss *t)
{
	uint64_t base = (uint64_t)t, limit = sizeof(*t) - 1;

	gdt[sel / 8] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) |
		       (0x89ULL << 40) | (((limit >> 16) & 0xF) << 48) |
		       (((base >> 24) & 0xFF) << 56);
	gdt[sel / 8 + 1] = base >> 32;
}

void gdt_init(void)
{
	struct desc_ptr p = { sizeof(gdt) - 1, (uint64_t)gdt };
	unsigned i;

	gdt[GDT_KCODE / 8] = DESC_CODE(0);
	gdt[GDT_KDATA / 8] = DESC_DATA(0);
	gdt[GDT_UCODE32 / 8] = DESC_CODE32(3);
	gdt[GDT_UDATA / 8] = DESC_DATA(3);
	gdt[GDT_UCODE / 8] = DESC_CODE(3);
	for (i = 0; i < 3; i++)
		tss.ist[i] = (uint64_t)ist_stacks[i] + IST_STACK_SIZE;
	tss.iomap_base = sizeof(tss); /* no I/O bitmap: user port access faults */
	gdt_set_tss(GDT_TSS, &tss);

	__asm__ volatile("lgdt %0" : : "m"(p));
	/* Reload CS with a far return, then the data segments and TR. */
	__asm__ volatile("pushq %0\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movw %w1, %%ax\n\t"
			 "movw %%ax, %%ds\n\t"
			 "movw %%ax, %%es\n\t"
			 "movw %%ax, %%ss\n\t"
			 "xorl %%eax, %%eax\n\t"
			 "movw %%ax, %%fs\n\t"
			 "movw %%ax, %%gs\n\t"
			 "ltr %w2"
			 :
			 : "i"((uint64_t)GDT_KCODE), "r"(GDT_KDATA), "r"(GDT_TSS)
			 : "rax", "memory");
}

void tss_set_rsp0(uint64_t rsp0)
{
	tss.rsp[0] = rsp0;
}
