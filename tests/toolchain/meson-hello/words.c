/* The test projects' own library. */
int words_count(const char *s)
{
	int n = 0, in = 0;

	for (; *s; s++) {
		if (*s == ' ')
			in = 0;
		else if (!in++)
			n++;
	}
	return n;
}
