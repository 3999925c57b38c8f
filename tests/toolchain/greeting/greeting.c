/* A library in a stand-in sysroot, found through its greeting.pc by the
 * CMake and Meson test projects (tests/toolchain/check.sh). */
#include "greeting.h"

const char *greeting(void)
{
	return "hello from a library found by pkg-config";
}
