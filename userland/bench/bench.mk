# bench: the micro-benchmarks (same source on Breenix and Linux); /bin/bench.
$(eval $(call user_prog,bench,userland/bench/bench.c userland/bench/bench_disk.c userland/bench/bench_net.c))

# A static Linux build for the Linux guest of `build.sh bench`.
$(BUILD)/bench/bench-linux: userland/bench/bench.c userland/bench/bench_disk.c userland/bench/bench_net.c \
		userland/bench/bench.h
	@mkdir -p $(@D)
	$(HOSTCC) -std=gnu11 -O2 -static -o $@ $(filter %.c,$^)
