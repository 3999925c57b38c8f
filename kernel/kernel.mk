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
# The contract checks (KASSERT, kern/panic.h; docs/design.md "Contracts"):
# on unless the kernel is built with KDEBUG=0.
KDEBUG ?= 1
ifeq ($(KDEBUG),1)
KCFLAGS += -DKDEBUG
endif

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

# The handlers' argument structs (struct sys_<name>_args), from the same list.
$(KGEN)/kern/sysargs.h: kernel/kern/syscalls.master newlib-port/sys/syscall.h tools/gen-syscalls.py
	@mkdir -p $(@D)
	python3 tools/gen-syscalls.py args kernel/kern/syscalls.master newlib-port/sys/syscall.h $@

$(KOBJ)/syscall_table.o: $(KGEN)/syscall_table.c
	@mkdir -p $(@D)
	$(KCC) $(KCFLAGS) -c -o $@ $<

$(KOBJS): $(KGEN)/sys/errno.h $(KGEN)/kern/sysargs.h

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
# Every image holds the same kernels and initrd and iso/grub.cfg, edited for
# what the image is for.  iso/breenix.iso boots the normal menu; the others
# boot one entry at once.  (ISO_ADD, the user's own files, goes into the
# initrd: see userland/userland.mk.)
ISO_KERNELS := $(BUILD)/kernel/breenix.elf $(BUILD)/kernel/breenix-fb.elf $(BUILD)/initrd.cpio

# $(call grub_iso,NAME,SED-ARGS): $@ from the tree $(BUILD)/iso/NAME-root,
# with iso/grub.cfg passed through sed SED-ARGS; grub-mkrescue's output in
# $(BUILD)/iso/mkrescue-NAME.log, shown if it fails.
define grub_iso
	rm -rf $(BUILD)/iso/$(1)-root && mkdir -p $(BUILD)/iso/$(1)-root/boot/grub
	cp $(ISO_KERNELS) $(BUILD)/iso/$(1)-root/boot/
	sed -e '' $(2) iso/grub.cfg > $(BUILD)/iso/$(1)-root/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(BUILD)/iso/$(1)-root 2> $(BUILD)/iso/mkrescue-$(1).log || \
		{ cat $(BUILD)/iso/mkrescue-$(1).log; exit 1; }
endef

# sed arguments: boot menu entry N (0: normal, 1: tests, 2: serial only) with no delay.
grub_entry = -e 's/^set default=.*/set default=$(1)/' -e 's/set timeout=[0-9][0-9]*$$/set timeout=0/'
# ... and add WORDS to the test entry's command line (test=none: no kernel tests).
grub_test_cmdline = -e 's/multiboot2 $$kernel test$$/multiboot2 $$kernel test=none $(1)/'

iso/breenix.iso: $(ISO_KERNELS) iso/grub.cfg
	$(call grub_iso,normal,)

# The kernel tests and the user suite.
$(BUILD)/iso/breenix-test.iso: $(ISO_KERNELS) iso/grub.cfg
	$(call grub_iso,test,$(call grub_entry,1))

# The test image booted with `noapic`: the same suites on the 8259 PIC path.
$(BUILD)/iso/breenix-noapic.iso: $(ISO_KERNELS) iso/grub.cfg
	$(call grub_iso,noapic,$(call grub_entry,1) \
		-e 's/multiboot2 $$kernel test$$/multiboot2 $$kernel test noapic/')

# The fault-report checks: a deliberate kernel fault (a page fault; a stack
# buffer overrun for the canary).
$(BUILD)/iso/breenix-fault.iso: $(ISO_KERNELS) iso/grub.cfg
	$(call grub_iso,fault,$(call grub_entry,1) $(call grub_test_cmdline,ktest_fault))

$(BUILD)/iso/breenix-smash.iso: $(ISO_KERNELS) iso/grub.cfg
	$(call grub_iso,smash,$(call grub_entry,1) $(call grub_test_cmdline,ktest_fault=smash))

# The benchmark image: the normal entry with no menu delay, so boot time is Breenix's.
$(BUILD)/iso/breenix-bench.iso: $(ISO_KERNELS) iso/grub.cfg
	$(call grub_iso,bench,$(call grub_entry,0))

iso-bench: $(BUILD)/iso/breenix-bench.iso $(BUILD)/bench/bench-linux
.PHONY: iso-bench

# The ports' test image (tests/ports/run.sh): the serial-only entry with no
# menu delay; its initrd (ISO_ADD) holds the ports and an /etc/rc that tests
# them and powers off.
$(BUILD)/iso/breenix-ports.iso: $(ISO_KERNELS) iso/grub.cfg
	$(call grub_iso,ports,$(call grub_entry,2))

iso: iso/breenix.iso
iso-test: $(BUILD)/iso/breenix-test.iso $(BUILD)/iso/breenix-fault.iso \
	$(BUILD)/iso/breenix-smash.iso $(BUILD)/iso/breenix-noapic.iso
.PHONY: iso iso-test
