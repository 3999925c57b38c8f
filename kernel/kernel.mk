# The kernel: freestanding C and NASM, linked in the top 2 GiB
# (kernel/arch/x86_64/kernel.ld; docs/boot.md).  Every directory's sources
# are picked up by wildcard; objects go under $(BUILD)/kernel/obj with -MD
# dependency files, so a one-file change rebuilds one object.
#
# The kernel is linked twice: breenix.pass1.elf with an empty symbol
# table, then breenix.elf with the table generated from the first link
# (tools/gen-ksyms.py), which sits last in the image and moves nothing.
# breenix-fb.elf is breenix.elf with a multiboot2 header that asks for a
# framebuffer, for UEFI (see boot.asm).

KARCH := kernel/arch/x86_64
KGEN := $(BUILD)/kernel/gen
KOBJ := $(BUILD)/kernel/obj

KCFLAGS := -std=gnu11 -O2 -g -ffreestanding -nostdinc \
	-isystem $(shell $(KCC) -print-file-name=include 2>/dev/null) \
	-fno-pic -mcmodel=kernel -mno-red-zone -mgeneral-regs-only \
	-fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
	-fstack-protector-strong -mstack-protector-guard=global \
	-Wall -Wextra -Werror -MMD -MP \
	-Ikernel/include -I$(KARCH)/include -I$(KGEN)
KNASMFLAGS := -f elf64 -g -F dwarf

# lwIP (docs/net.md): Debian's source package, unpacked in the cache by
# tools/fetch-lwip.sh (build.sh runs it before make), compiled here with the
# port's headers (kernel/net/lwip/include) first.  Only the raw-API core,
# IPv4 and Ethernet are built.
LWIP_DIR ?= $(shell tools/fetch-lwip.sh --print)
LWIP_SRCS := $(addprefix core/,init.c def.c inet_chksum.c ip.c mem.c memp.c netif.c pbuf.c \
	raw.c stats.c sys.c tcp.c tcp_in.c tcp_out.c timeouts.c udp.c) \
	$(addprefix core/ipv4/,dhcp.c etharp.c icmp.c ip4.c ip4_addr.c ip4_frag.c) netif/ethernet.c
LWIP_OBJS := $(patsubst %.c,$(KOBJ)/lwip/%.o,$(LWIP_SRCS))
LWIP_INC := -Ikernel/net/lwip/include -I$(LWIP_DIR)/include
LWIP_CFLAGS := $(KCFLAGS) $(LWIP_INC) -Wno-unused-parameter -Wno-sign-compare \
	-Wno-address -fno-strict-aliasing

$(KOBJ)/lwip/%.o: $(LWIP_DIR)/%.c
	@mkdir -p $(@D)
	$(KCC) $(LWIP_CFLAGS) -c -o $@ $<

$(LWIP_DIR)/%.c:
	@echo "lwIP's sources are not in $(LWIP_DIR): run tools/fetch-lwip.sh (./build.sh kernel does)" >&2
	@exit 1

# The kernel's own network files see lwIP's headers too.
$(KOBJ)/kernel/net/%.o: KCFLAGS += $(LWIP_INC)

KSRCS := $(wildcard kernel/kern/*.c kernel/vm/*.c kernel/lib/*.c kernel/dev/*.c kernel/fs/*.c \
	kernel/net/*.c kernel/net/lwip/*.c kernel/test/*.c $(KARCH)/*.c)
KASMS := $(filter-out $(KARCH)/boot.asm,$(wildcard $(KARCH)/*.asm))
KOBJS := $(patsubst %.c,$(KOBJ)/%.o,$(KSRCS)) $(patsubst %.asm,$(KOBJ)/%.o,$(KASMS)) \
	$(KOBJ)/font8x16.o $(KOBJ)/syscall_table.o $(LWIP_OBJS)
KLDSCRIPT := $(KARCH)/kernel.ld
KLDFLAGS := -nostdlib -static -Wl,-T,$(KLDSCRIPT) -Wl,-z,max-page-size=4096 \
	-Wl,--build-id=none -Wl,--no-warn-rwx-segments

# ABI headers come from the newlib port's, so kernel and libc cannot disagree.
$(KGEN)/sys/errno.h: newlib-port/sys/errno.h
	@mkdir -p $(@D)
	{ echo '/* Generated from $< by kernel/kernel.mk: Linux errno values. */'; \
	  echo '#ifndef SYS_ERRNO_H'; echo '#define SYS_ERRNO_H'; \
	  grep -E '^#define E[A-Z0-9]+[[:space:]]' $<; echo '#endif'; } > $@

# The console font, from GRUB's ASCII font (grub-common is a build dependency).
$(KGEN)/font8x16.c: tools/pf2font.py
	@mkdir -p $(@D)
	python3 tools/pf2font.py /usr/share/grub/ascii.pf2 $@

# The system-call table, from kernel/kern/syscalls.master and the libc's numbers.
$(KGEN)/syscall_table.c: kernel/kern/syscalls.master newlib-port/sys/syscall.h tools/gen-syscalls.py
	@mkdir -p $(@D)
	python3 tools/gen-syscalls.py table kernel/kern/syscalls.master newlib-port/sys/syscall.h $@

$(KOBJ)/syscall_table.o: $(KGEN)/syscall_table.c
	@mkdir -p $(@D)
	$(KCC) $(KCFLAGS) -c -o $@ $<

$(KOBJS): $(KGEN)/sys/errno.h

$(KOBJ)/%.o: %.c
	@mkdir -p $(@D)
	$(KCC) $(KCFLAGS) -c -o $@ $<

$(KOBJ)/font8x16.o: $(KGEN)/font8x16.c
	@mkdir -p $(@D)
	$(KCC) $(KCFLAGS) -c -o $@ $<

$(KOBJ)/%.o: %.asm
	@mkdir -p $(@D)
	$(NASM) $(KNASMFLAGS) -MD $(@:.o=.d) -MP -o $@ $<

# boot.asm twice: with and without the multiboot2 framebuffer request.
$(KOBJ)/boot.o: $(KARCH)/boot.asm
	@mkdir -p $(@D)
	$(NASM) $(KNASMFLAGS) -MD $(@:.o=.d) -MP -o $@ $<

$(KOBJ)/boot-fb.o: $(KARCH)/boot.asm
	@mkdir -p $(@D)
	$(NASM) $(KNASMFLAGS) -DWANT_FRAMEBUFFER -MD $(@:.o=.d) -MP -o $@ $<

$(KGEN)/ksyms0.S: tools/gen-ksyms.py
	@mkdir -p $(@D)
	python3 tools/gen-ksyms.py - $@

$(KGEN)/ksyms.S: $(BUILD)/kernel/breenix.pass1.elf tools/gen-ksyms.py
	$(CROSS)nm -n $< > $(KGEN)/pass1.nm
	python3 tools/gen-ksyms.py $(KGEN)/pass1.nm $@

$(KGEN)/%.o: $(KGEN)/%.S
	$(KCC) -c -o $@ $<

$(BUILD)/kernel/breenix.pass1.elf: $(KOBJ)/boot.o $(KOBJS) $(KGEN)/ksyms0.o $(KLDSCRIPT)
	$(KCC) $(KLDFLAGS) -o $@ $(KOBJ)/boot.o $(KOBJS) $(KGEN)/ksyms0.o -lgcc

$(BUILD)/kernel/breenix.elf: $(KOBJ)/boot.o $(KOBJS) $(KGEN)/ksyms.o $(KLDSCRIPT)
	$(KCC) $(KLDFLAGS) -o $@ $(KOBJ)/boot.o $(KOBJS) $(KGEN)/ksyms.o -lgcc

$(BUILD)/kernel/breenix-fb.elf: $(KOBJ)/boot-fb.o $(KOBJS) $(KGEN)/ksyms.o $(KLDSCRIPT)
	$(KCC) $(KLDFLAGS) -o $@ $(KOBJ)/boot-fb.o $(KOBJS) $(KGEN)/ksyms.o -lgcc

kernel: $(BUILD)/kernel/breenix.elf $(BUILD)/kernel/breenix-fb.elf

# --- ISO images (grub-mkrescue: BIOS and UEFI) ---------------------------
# iso/breenix.iso boots the normal entry; $(BUILD)/iso/breenix-test.iso the
# kernel tests, with no menu delay.  (ISO_ADD, the user's own files, goes
# into the initrd: see userland/userland.mk.)
ISO_ROOT := $(BUILD)/iso/root
ISO_TEST_ROOT := $(BUILD)/iso/test-root

define iso_tree
	rm -rf $(1) && mkdir -p $(1)/boot/grub
	cp $(BUILD)/kernel/breenix.elf $(BUILD)/kernel/breenix-fb.elf $(BUILD)/initrd.cpio $(1)/boot/
endef

ISO_KERNELS := $(BUILD)/kernel/breenix.elf $(BUILD)/kernel/breenix-fb.elf $(BUILD)/initrd.cpio

iso/breenix.iso: $(ISO_KERNELS) iso/grub.cfg
	$(call iso_tree,$(ISO_ROOT))
	cp iso/grub.cfg $(ISO_ROOT)/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(ISO_ROOT) 2> $(BUILD)/iso/mkrescue.log || \
		{ cat $(BUILD)/iso/mkrescue.log; exit 1; }

$(BUILD)/iso/breenix-test.iso: $(ISO_KERNELS) iso/grub.cfg
	$(call iso_tree,$(ISO_TEST_ROOT))
	sed -e 's/^set default=.*/set default=1/' -e 's/^set timeout=.*/set timeout=0/' \
		iso/grub.cfg > $(ISO_TEST_ROOT)/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(ISO_TEST_ROOT) 2> $(BUILD)/iso/mkrescue-test.log || \
		{ cat $(BUILD)/iso/mkrescue-test.log; exit 1; }

# The test image booted with `noapic`: the same suites on the 8259 PIC path.
ISO_NOAPIC_ROOT := $(BUILD)/iso/noapic-root

$(BUILD)/iso/breenix-noapic.iso: $(ISO_KERNELS) iso/grub.cfg
	$(call iso_tree,$(ISO_NOAPIC_ROOT))
	sed -e 's/^set default=.*/set default=1/' -e 's/^set timeout=.*/set timeout=0/' \
		-e 's/multiboot2 $$kernel test$$/multiboot2 $$kernel test noapic/' \
		iso/grub.cfg > $(ISO_NOAPIC_ROOT)/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(ISO_NOAPIC_ROOT) 2> $(BUILD)/iso/mkrescue-noapic.log || \
		{ cat $(BUILD)/iso/mkrescue-noapic.log; exit 1; }

# The fault-report checks: the kernel tests, then a deliberate kernel fault
# (a page fault; a stack buffer overrun for the canary).
# $(call fault_iso,ROOT,CMDLINE-WORDS,LOG)
define fault_iso
	$(call iso_tree,$(1))
	sed -e 's/^set default=.*/set default=1/' -e 's/^set timeout=.*/set timeout=0/' \
		-e 's/multiboot2 $$kernel test$$/multiboot2 $$kernel test=none $(2)/' \
		iso/grub.cfg > $(1)/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(1) 2> $(3) || { cat $(3); exit 1; }
endef

$(BUILD)/iso/breenix-fault.iso: $(ISO_KERNELS) iso/grub.cfg
	$(call fault_iso,$(BUILD)/iso/fault-root,ktest_fault,$(BUILD)/iso/mkrescue-fault.log)

$(BUILD)/iso/breenix-smash.iso: $(ISO_KERNELS) iso/grub.cfg
	$(call fault_iso,$(BUILD)/iso/smash-root,ktest_fault=smash,$(BUILD)/iso/mkrescue-smash.log)

# The benchmark image: the normal entry with no menu delay, so boot time is Breenix's.
ISO_BENCH_ROOT := $(BUILD)/iso/bench-root

$(BUILD)/iso/breenix-bench.iso: $(ISO_KERNELS) iso/grub.cfg
	$(call iso_tree,$(ISO_BENCH_ROOT))
	sed -e 's/^set default=.*/set default=0/' -e 's/^set timeout=.*/set timeout=0/' \
		iso/grub.cfg > $(ISO_BENCH_ROOT)/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(ISO_BENCH_ROOT) 2> $(BUILD)/iso/mkrescue-bench.log || \
		{ cat $(BUILD)/iso/mkrescue-bench.log; exit 1; }

iso-bench: $(BUILD)/iso/breenix-bench.iso $(BUILD)/bench/bench-linux
.PHONY: iso-bench

# The ports' test image (tests/ports/run.sh): the serial-only entry with no
# menu delay; its initrd (ISO_ADD) holds the ports and an /etc/rc that tests
# them and powers off.
ISO_PORTS_ROOT := $(BUILD)/iso/ports-root

$(BUILD)/iso/breenix-ports.iso: $(ISO_KERNELS) iso/grub.cfg
	$(call iso_tree,$(ISO_PORTS_ROOT))
	sed -e 's/^set default=.*/set default=2/' -e 's/^set timeout=.*/set timeout=0/' \
		iso/grub.cfg > $(ISO_PORTS_ROOT)/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(ISO_PORTS_ROOT) 2> $(BUILD)/iso/mkrescue-ports.log || \
		{ cat $(BUILD)/iso/mkrescue-ports.log; exit 1; }

iso: iso/breenix.iso
iso-test: $(BUILD)/iso/breenix-test.iso $(BUILD)/iso/breenix-fault.iso \
	$(BUILD)/iso/breenix-smash.iso $(BUILD)/iso/breenix-noapic.iso
.PHONY: iso iso-test
