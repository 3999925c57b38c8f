# Breenix: one non-recursive Makefile. Each directory contributes a fragment
# (*.mk) listing its sources; this file only sets the tools and includes them.
# build.sh puts the x86_64-breenix toolchain on PATH before calling make.

BUILD   ?= build
CROSS   ?= x86_64-breenix-
KCC     := $(CROSS)gcc
KLD     := $(CROSS)ld
UCC     := $(CROSS)gcc
USTRIP  := $(CROSS)strip
HOSTCC  ?= gcc
NASM    ?= nasm

.DEFAULT_GOAL := all
.PHONY: all kernel userland host-tests clean
.SUFFIXES:

all: kernel userland

include kernel/kernel.mk
include userland/userland.mk
include tests/host/host.mk
include tests/fuzz/fuzz.mk

clean:
	rm -rf $(BUILD)

# -type f: a port may install a directory named *.d (bash's etc/profile.d).
-include $(shell find $(BUILD) -name '*.d' -type f 2>/dev/null)
