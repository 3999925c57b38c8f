/* words.h: count the words of a stream. */
#include <stdio.h>
long count_words(FILE *f, long *lines);
