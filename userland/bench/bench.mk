# bench: the micro-benchmarks (same source on Breenix and Linux); /bin/bench.
$(eval $(call user_prog,bench,userland/bench/bench.c))

# A static Linux build for the Linux guest of `build.sh bench`.
$(BUILD)/bench/bench-linux: userland/bench/bench.c
	@mkdir -p $(@D)
	$(HOSTCC) -std=gnu11 -O2 -static -o $@ $<
