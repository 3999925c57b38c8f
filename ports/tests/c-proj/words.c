#include <ctype.h>
#include "words.h"

/* Words are runs of non-space characters; lines end in '\n'. */
long count_words(FILE *f, long *lines)
{
	long words = 0;
	int c, in_word = 0;

	*lines = 0;
	while ((c = getc(f)) != EOF) {
		if (c == '\n')
			++*lines;
		if (isspace(c))
			in_word = 0;
		else if (!in_word) {
			in_word = 1;
			words++;
		}
	}
	return words;
}
