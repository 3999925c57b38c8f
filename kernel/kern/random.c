/*
 * random.c: random bytes (kern/random.h) from arch_random_u64(): the CPU's
 * generator where there is one, mixed with a SplitMix64 stream so that a
 * missing or failing RDRAND still gives varying output.
 */
#include <arch/arch.h>
#include <kern/random.h>
#include <lib/string.h>

static uint64_t state;

static uint64_t splitmix64(void)
{
	uint64_t z = (state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

void random_bytes(void *buf, size_t n)
{
	uint8_t *p = buf;

	while (n > 0) {
		uint64_t v = splitmix64() ^ arch_random_u64();
		size_t k = n < sizeof(v) ? n : sizeof(v);

		memcpy(p, &v, k);
		p += k;
		n -= k;
	}
}
