/* clear: home the cursor and erase the screen (VT100). */
#include <stdio.h>

int main(void)
{
	fputs("\033[H\033[2J", stdout);
	return 0;
}
