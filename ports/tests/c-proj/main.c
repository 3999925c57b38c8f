#include <stdlib.h>
#include <string.h>
#include "words.h"

/* count FILE: prints "LINES WORDS" (what wc -lw counts). */
int main(int argc, char **argv)
{
	FILE *f = argc > 1 ? fopen(argv[1], "r") : stdin;
	long lines, words;

	if (f == NULL) {
		perror(argv[1]);
		return 1;
	}
	words = count_words(f, &lines);
	printf("%ld %ld\n", lines, words);
	return 0;
}
