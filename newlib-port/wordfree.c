/* wordfree(3): frees what wordexp (wordexp.c) stored: each word after the
 * we_offs leading NULLs, then the vector.  A file of its own because it
 * replaces newlib's wordfree.o, which knew newlib's old word layout. */
#include <stdlib.h>
#include <wordexp.h>

void
wordfree(wordexp_t *we)
{
	char **v;

	if (we == NULL || we->we_wordv == NULL)
		return;
	for (v = we->we_wordv + we->we_offs; *v != NULL; v++)
		free(*v);
	free(we->we_wordv);
	we->we_wordv = NULL;
	we->we_wordc = 0;
}
