/* The CMake and Meson test projects' program (tests/toolchain/check.sh). */
#include <greeting.h>
#include <stdio.h>

#if !defined(__breenix__) || GREETING_VERSION != 123
#error not built for Breenix with the flags of greeting.pc
#endif

int words_count(const char *s);

int main(void)
{
	printf("%s (%d words)\n", greeting(), words_count(greeting()));
	return 0;
}
