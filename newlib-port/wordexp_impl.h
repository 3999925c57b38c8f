/* Internals of wordexp (wordexp.c): growing strings, the expansion state,
 * and the expansions that produce text (wordexp_subst.c) and arithmetic
 * (wordexp_arith.c). */
#ifndef _BREENIX_WORDEXP_IMPL_H
#define _BREENIX_WORDEXP_IMPL_H

#include <stddef.h>
#include <wordexp.h>

struct wx_buf {
	char	*s;		/* always NUL-terminated once non-NULL */
	size_t	len, cap;
};

/* One wordexp call. */
struct wx {
	int		flags;		/* WRDE_* */
	const char	*ifs;		/* field separators */
	struct wx_buf	lit;		/* the current field, quotes removed */
	struct wx_buf	pat;		/* the same as a glob pattern */
	int		started;	/* a field is open (even ""), */
	int		globbing;	/* with unquoted * ? [ in it */
	char		**words;	/* the finished fields */
	size_t		nwords, capwords;
};

int	wx_add(struct wx_buf *b, const char *s, size_t n);
int	wx_addc(struct wx_buf *b, char c);
void	wx_free(struct wx_buf *b);

/* The position of the bracket closing the one just before p (open/close
 * are "({" and ")}"), skipping quoted text; NULL if there is none. */
const char *wx_find_close(const char *p, char open, char close);

/* The expansions starting at *p (at '$' or '`'): the value goes to out,
 * *p past the construct.  Return 0 or a WRDE_* error. */
int	wx_dollar(struct wx *w, const char **p, struct wx_buf *out);
int	wx_backquote(struct wx *w, const char **p, struct wx_buf *out);

/* Expands text as a double-quoted word would be, plus quote removal and
 * a leading tilde: no field splitting, no pathname expansion. */
int	wx_expand_string(struct wx *w, const char *text, size_t len, struct wx_buf *out);

/* Evaluates a shell arithmetic expression (already expanded). */
int	wx_arith(const char *expr, long *result);

#endif
