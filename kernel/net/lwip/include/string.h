/* string.h for lwIP's sources: the kernel's string functions (lib/string.h). */
#include <lib/string.h>
