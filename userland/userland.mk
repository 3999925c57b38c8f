# Userland programs. Every program is built twice from the same source:
#   $(BUILD)/user/bin/<name>   with x86_64-breenix-gcc, for the Breenix image
#   $(BUILD)/host/bin/<name>   with the host's gcc, so tests can run on Linux too
#   $(BUILD)/host-static/bin/<name>  the same objects linked statically (and
#                              stripped), for the Linux 6.1 guest, which has no
#                              shared C library (tests/harness/linux_userland.sh)
# A directory's fragment declares a program with
#   $(eval $(call user_prog,<name>,<sources>))

USER_CFLAGS := -std=gnu11 -O2 -Wall -Wextra -Werror -MMD -MP -Iuserland/include \
	-I$(BUILD)/user/gen
HOST_CFLAGS := $(USER_CFLAGS)

USER_PROGS :=
INITRD_SBIN :=
INITRD_TESTS :=
INITRD_EXTRA := # SOURCE=PATH: a file copied to PATH (relative to /) in the initrd

define user_prog
USER_PROGS += $(1)
$(BUILD)/user/bin/$(1): $(patsubst %.c,$(BUILD)/user/obj/%.o,$(2))
	@mkdir -p $$(@D)
	$$(UCC) -o $$@ $$^
$(BUILD)/host/bin/$(1): $(patsubst %.c,$(BUILD)/host/obj/%.o,$(2))
	@mkdir -p $$(@D)
	$$(HOSTCC) -o $$@ $$^
$(BUILD)/host-static/bin/$(1): $(patsubst %.c,$(BUILD)/host/obj/%.o,$(2))
	@mkdir -p $$(@D)
	$$(HOSTCC) -static -s -Wl,--no-warnings -o $$@ $$^
endef

# Every Breenix object depends on the C library it is built against: a
# newlib-port change installs a new libc (headers and archive together, in a
# toolchain directory of its own hash), and programs compiled against the
# old headers must not survive it.  Empty when the cross compiler is absent
# (host-only targets).
USER_LIBC := $(wildcard $(shell $(UCC) -print-file-name=libc.a 2>/dev/null))

$(BUILD)/user/obj/%.o: %.c $(USER_LIBC)
	@mkdir -p $(@D)
	$(UCC) $(USER_CFLAGS) -c -o $@ $<

$(BUILD)/host/obj/%.o: %.c
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS) -c -o $@ $<

-include $(wildcard userland/*/*.mk)

userland: $(addprefix $(BUILD)/user/bin/,$(USER_PROGS))
host-userland: $(addprefix $(BUILD)/host/bin/,$(USER_PROGS))
.PHONY: host-userland

# The test programs of the in-guest suite, for Linux 6.1 in QEMU.
linux-tests: $(addprefix $(BUILD)/host-static/bin/,$(USER_TESTS))
.PHONY: linux-tests

print-user-progs:
	@echo $(USER_PROGS)
.PHONY: print-user-progs

print-user-tests:
	@echo $(USER_TESTS)
.PHONY: print-user-tests

# The initrd: userland/root, then /sbin (INITRD_SBIN), /tests (INITRD_TESTS)
# and /bin (every other program), then the user's own tree (ISO_ADD, from
# `build.sh iso --add DIR`) laid over /, packed as a newc cpio archive in a
# fixed order so the same sources give the same image, every file root's
# except as userland/initrd.perms says (tools/mkinitrd.py).  Programs go in
# without their debug information (a fifth of the size, and GRUB reads the
# whole archive at every boot); $(BUILD)/user/bin keeps it for gdb.  A stamp holding
# ISO_ADD's value rebuilds the archive when it changes.
INITRD_ROOT := $(BUILD)/initrd-root
INITRD_BIN := $(filter-out $(INITRD_SBIN) $(INITRD_TESTS),$(USER_PROGS))
ISO_ADD_STAMP := $(BUILD)/iso-add.txt
$(shell mkdir -p $(BUILD) && { echo '$(ISO_ADD)' | cmp -s - $(ISO_ADD_STAMP) || \
	echo '$(ISO_ADD)' > $(ISO_ADD_STAMP); })

# A name with a space cannot be a make prerequisite: such paths are left out
# of the list (the directory holding one is in it, and changes with it).
$(BUILD)/initrd.cpio: $(addprefix $(BUILD)/user/bin/,$(USER_PROGS)) $(shell find userland/root) \
		userland/initrd.perms tools/mkinitrd.py \
		$(ISO_ADD_STAMP) $(if $(ISO_ADD),$(shell find $(ISO_ADD) -path '* *' -prune -o -print)) \
		$(foreach e,$(INITRD_EXTRA),$(word 1,$(subst =, ,$(e))))
	rm -rf $(INITRD_ROOT) && mkdir -p $(INITRD_ROOT)/sbin $(INITRD_ROOT)/bin $(INITRD_ROOT)/tests
	cp -R userland/root/. $(INITRD_ROOT)/
	find $(INITRD_ROOT) -name .keep -delete
	$(foreach p,$(INITRD_SBIN),$(USTRIP) --strip-debug -o $(INITRD_ROOT)/sbin/$(p) $(BUILD)/user/bin/$(p);)
	$(foreach p,$(INITRD_TESTS),$(USTRIP) --strip-debug -o $(INITRD_ROOT)/tests/$(p) $(BUILD)/user/bin/$(p);)
	$(foreach p,$(INITRD_BIN),$(USTRIP) --strip-debug -o $(INITRD_ROOT)/bin/$(p) $(BUILD)/user/bin/$(p);)
	$(foreach e,$(INITRD_EXTRA),cp $(subst =, $(INITRD_ROOT)/,$(e));)
	$(if $(ISO_ADD),cp -R $(ISO_ADD)/. $(INITRD_ROOT)/)
	python3 tools/mkinitrd.py $(INITRD_ROOT) userland/initrd.perms $@

initrd: $(BUILD)/initrd.cpio
.PHONY: initrd
