# Userland programs. Every program is built twice from the same source:
#   $(BUILD)/user/bin/<name>   with x86_64-breenix-gcc, for the Breenix image
#   $(BUILD)/host/bin/<name>   with the host's gcc, so tests can run on Linux too
# A directory's fragment declares a program with
#   $(eval $(call user_prog,<name>,<sources>))

USER_CFLAGS := -std=gnu11 -O2 -Wall -Wextra -Werror -MMD -MP -Iuserland/include
HOST_CFLAGS := $(USER_CFLAGS)

USER_PROGS :=

define user_prog
USER_PROGS += $(1)
$(BUILD)/user/bin/$(1): $(patsubst %.c,$(BUILD)/user/obj/%.o,$(2))
	@mkdir -p $$(@D)
	$$(UCC) -o $$@ $$^
$(BUILD)/host/bin/$(1): $(patsubst %.c,$(BUILD)/host/obj/%.o,$(2))
	@mkdir -p $$(@D)
	$$(HOSTCC) -o $$@ $$^
endef

$(BUILD)/user/obj/%.o: %.c
	@mkdir -p $(@D)
	$(UCC) $(USER_CFLAGS) -c -o $@ $<

$(BUILD)/host/obj/%.o: %.c
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS) -c -o $@ $<

-include $(wildcard userland/*/*.mk)

userland: $(addprefix $(BUILD)/user/bin/,$(USER_PROGS))
host-userland: $(addprefix $(BUILD)/host/bin/,$(USER_PROGS))
.PHONY: host-userland

print-user-progs:
	@echo $(USER_PROGS)
.PHONY: print-user-progs
