/*
 * parse.c: the shell's lexer and recursive-descent parser (POSIX grammar,
 * less functions).  Words keep their quotes and substitutions as typed;
 * expand.c interprets them when the command runs.  Here-document bodies
 * are read when the newline after their operator is reached.  When the
 * input ends inside a construct (an open quote, "if" without "fi", a
 * trailing "|"), parse() says the input is incomplete, so the interactive
 * reader can ask for another line.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

enum tok { T_WORD, T_NEWLINE, T_EOF, T_SEMI, T_AMP, T_PIPE, T_AND, T_OR, T_LPAREN, T_RPAREN,
	   T_DSEMI, T_LESS, T_GREAT, T_DGREAT, T_DLESS, T_DLESSDASH, T_LESSAND, T_GREATAND,
	   T_LESSGREAT, T_IO_NUMBER };

struct heredoc {
	struct redir *r;
	char *delim;
	bool strip_tabs;
	struct heredoc *next;
};

struct parser {
	const char *src;
	size_t pos;
	enum tok tok;          /* the current (peeked) token */
	char *text;            /* its text, for T_WORD and T_IO_NUMBER */
	bool have;             /* tok is valid */
	bool incomplete;
	bool error;
	struct heredoc *pending;
};

static struct node *parse_list(struct parser *p);
static struct node *parse_command(struct parser *p);

static void syntax_error(struct parser *p, const char *near)
{
	if (!p->error && !p->incomplete)
		fprintf(stderr, "sh: syntax error near unexpected token `%s'\n", near);
	p->error = true;
}

static bool is_meta(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' ||
	       c == '<' || c == '>' || c == '(' || c == ')' || c == '\0';
}

/* Skip a quoted or nested part starting at src[i]; the index after it, or 0 if unterminated. */


static size_t skip_dquote(const char *s, size_t i)
{
	for (i++; s[i] != '"'; i++) {
		if (s[i] == '\0')
			return 0;
		if (s[i] == '\\' && s[i + 1] != '\0')
			i++;
		else if ((s[i] == '$' && s[i + 1] == '(') || s[i] == '`') {
			size_t j = skip_nested(s, i);

			if (j == 0)
				return 0;
			i = j - 1;
		}
	}
	return i + 1;
}

size_t skip_nested(const char *s, size_t i)
{
	int depth;

	if (s[i] == '\'') {
		const char *e = strchr(s + i + 1, '\'');

		return e == NULL ? 0 : (size_t)(e - s) + 1;
	}
	if (s[i] == '"')
		return skip_dquote(s, i);
	if (s[i] == '`') {
		for (i++; s[i] != '`'; i++) {
			if (s[i] == '\0')
				return 0;
			if (s[i] == '\\' && s[i + 1] != '\0')
				i++;
		}
		return i + 1;
	}
	/* $( ... ) or ${ ... }: count brackets, skipping quotes inside */
	{
		char open = s[i + 1], close = open == '(' ? ')' : '}';

		depth = 0;
		for (i += 1; s[i] != '\0'; i++) {
			if (s[i] == '\\' && s[i + 1] != '\0') {
				i++;
			} else if (s[i] == '\'' || s[i] == '"' || s[i] == '`') {
				size_t j = skip_nested(s, i);

				if (j == 0)
					return 0;
				i = j - 1;
			} else if (s[i] == open) {
				depth++;
			} else if (s[i] == close && --depth == 0) {
				return i + 1;
			}
		}
		return 0;
	}
}

static void read_heredocs(struct parser *p)
{
	struct heredoc *h;

	while ((h = p->pending) != NULL) {
		struct strbuf body = { 0 };
		bool found = false;

		while (p->src[p->pos] != '\0') {
			const char *line = p->src + p->pos, *nl = strchr(line, '\n');
			size_t len = nl != NULL ? (size_t)(nl - line) : strlen(line);
			const char *l = line;

			p->pos += len + (nl != NULL);
			if (h->strip_tabs)
				while (*l == '\t' && l < line + len)
					l++;
			if ((size_t)(line + len - l) == strlen(h->delim) &&
			    strncmp(l, h->delim, strlen(h->delim)) == 0) {
				found = true;
				break;
			}
			sb_putn(&body, l, (size_t)(line + len - l));
			sb_putc(&body, '\n');
		}
		if (!found)
			p->incomplete = true;
		h->r->word = sb_take(&body);
		p->pending = h->next;
		free(h->delim);
		free(h);
	}
}

static void lex(struct parser *p)
{
	const char *s = p->src;
	size_t i = p->pos, start;

	free(p->text);
	p->text = NULL;
	while (s[i] == ' ' || s[i] == '\t' || (s[i] == '\\' && s[i + 1] == '\n'))
		i += s[i] == '\\' ? 2 : 1;
	if (s[i] == '#')
		while (s[i] != '\0' && s[i] != '\n')
			i++;
	p->have = true;
	start = i;
	switch (s[i]) {
	case '\0': p->tok = T_EOF; p->pos = i; return;
	case '\n': p->tok = T_NEWLINE; p->pos = i + 1; read_heredocs(p); return;
	case ';': p->tok = s[i + 1] == ';' ? T_DSEMI : T_SEMI; break;
	case '&': p->tok = s[i + 1] == '&' ? T_AND : T_AMP; break;
	case '|': p->tok = s[i + 1] == '|' ? T_OR : T_PIPE; break;
	case '(': p->tok = T_LPAREN; break;
	case ')': p->tok = T_RPAREN; break;
	case '<':
		p->tok = s[i + 1] == '<' ? (s[i + 2] == '-' ? T_DLESSDASH : T_DLESS) :
			 s[i + 1] == '&' ? T_LESSAND : s[i + 1] == '>' ? T_LESSGREAT : T_LESS;
		break;
	case '>':
		p->tok = s[i + 1] == '>' ? T_DGREAT : s[i + 1] == '&' ? T_GREATAND : T_GREAT;
		break;
	default:
		p->tok = T_WORD;
	}
	if (p->tok != T_WORD) {
		static const int len[] = { [T_SEMI] = 1, [T_AMP] = 1, [T_PIPE] = 1, [T_LPAREN] = 1,
			[T_RPAREN] = 1, [T_LESS] = 1, [T_GREAT] = 1, [T_DSEMI] = 2, [T_AND] = 2,
			[T_OR] = 2, [T_DGREAT] = 2, [T_DLESS] = 2, [T_LESSAND] = 2, [T_GREATAND] = 2,
			[T_LESSGREAT] = 2, [T_DLESSDASH] = 3 };

		p->pos = i + (size_t)len[p->tok];
		return;
	}
	while (!is_meta(s[i])) {
		if (s[i] == '\\') {
			i += s[i + 1] != '\0' ? 2 : 1;
		} else if (s[i] == '\'' || s[i] == '"' || s[i] == '`' ||
			   (s[i] == '$' && (s[i + 1] == '(' || s[i + 1] == '{'))) {
			size_t j = skip_nested(s, i);

			if (j == 0) {
				p->incomplete = true;
				p->tok = T_EOF;
				p->pos = strlen(s);
				return;
			}
			i = j;
		} else {
			i++;
		}
	}
	p->text = xstrndup(s + start, i - start);
	p->pos = i;
	/* digits right before a redirection operator name a descriptor */
	if ((s[i] == '<' || s[i] == '>') && strspn(p->text, "0123456789") == strlen(p->text))
		p->tok = T_IO_NUMBER;
}

static enum tok peek(struct parser *p)
{
	if (!p->have)
		lex(p);
	return p->tok;
}

static void next(struct parser *p)
{
	if (!p->have)
		lex(p);
	p->have = false;
}

/* Take the current word's text (the parser owns it now). */
static char *take_word(struct parser *p)
{
	char *w = p->text;

	p->text = NULL;
	p->have = false;
	return w;
}

static bool is_word(struct parser *p, const char *kw)
{
	return peek(p) == T_WORD && strcmp(p->text, kw) == 0;
}

static bool is_reserved(const char *w)
{
	static const char *const kw[] = { "if", "then", "elif", "else", "fi", "do", "done",
		"while", "until", "for", "in", "case", "esac", "{", "}", "!", NULL };
	int i;

	for (i = 0; kw[i] != NULL; i++)
		if (strcmp(w, kw[i]) == 0)
			return true;
	return false;
}

/* Words that end a list inside a compound command. */
static bool at_list_end(struct parser *p)
{
	static const char *const ends[] = { "then", "elif", "else", "fi", "do", "done", "esac",
					    "}", NULL };
	int i;

	if (peek(p) == T_EOF || p->tok == T_RPAREN || p->tok == T_DSEMI)
		return true;
	for (i = 0; p->tok == T_WORD && ends[i] != NULL; i++)
		if (strcmp(p->text, ends[i]) == 0)
			return true;
	return false;
}

static void skip_newlines(struct parser *p)
{
	while (peek(p) == T_NEWLINE)
		next(p);
}

static bool expect_word(struct parser *p, const char *kw)
{
	skip_newlines(p);
	if (is_word(p, kw)) {
		next(p);
		return true;
	}
	if (peek(p) == T_EOF)
		p->incomplete = true;
	else
		syntax_error(p, p->tok == T_WORD ? p->text : "newline");
	return false;
}

static struct node *new_node(enum node_type t)
{
	struct node *n = xmalloc(sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->type = t;
	return n;
}

static struct node *binary(enum node_type t, struct node *l, struct node *r)
{
	struct node *n = new_node(t);

	n->left = l;
	n->right = r;
	return n;
}

static void strv_push(char ***v, size_t *n, char *s)
{
	*v = xrealloc(*v, (*n + 2) * sizeof(char *));
	(*v)[(*n)++] = s;
	(*v)[*n] = NULL;
}

static bool is_assignment(const char *w)
{
	const char *eq = strchr(w, '=');
	const char *c;

	if (eq == NULL || eq == w || (!isalpha((unsigned char)*w) && *w != '_'))
		return false;
	for (c = w; c < eq; c++)
		if (!isalnum((unsigned char)*c) && *c != '_')
			return false;
	return true;
}

/* A redirection operator (already peeked) and its word. */
static bool parse_redirect(struct parser *p, struct redir ***tail, int fd)
{
	struct redir *r = xmalloc(sizeof(*r));
	enum tok op = peek(p);

	memset(r, 0, sizeof(*r));
	switch (op) {
	case T_LESS: r->type = R_IN; r->fd = 0; break;
	case T_GREAT: r->type = R_OUT; r->fd = 1; break;
	case T_DGREAT: r->type = R_APPEND; r->fd = 1; break;
	case T_LESSAND: r->type = R_DUP_IN; r->fd = 0; break;
	case T_GREATAND: r->type = R_DUP_OUT; r->fd = 1; break;
	case T_LESSGREAT: r->type = R_RDWR; r->fd = 0; break;
	default: r->type = R_HEREDOC; r->fd = 0; break;
	}
	if (fd >= 0)
		r->fd = fd;
	next(p);
	if (peek(p) != T_WORD) {
		if (p->tok == T_EOF)
			p->incomplete = true;
		else
			syntax_error(p, "newline");
		free(r);
		return false;
	}
	r->word = take_word(p);
	if (r->type == R_HEREDOC) {
		struct heredoc *h = xmalloc(sizeof(*h)), **hp;
		struct strbuf d = { 0 };
		const char *c;

		/* The delimiter is the word with its quotes removed; quoting it turns off expansion. */
		for (c = r->word; *c != '\0'; c++) {
			if (*c == '\'' || *c == '"' || *c == '\\') {
				r->quoted = true;
				if (*c == '\\' && c[1] != '\0')
					sb_putc(&d, *++c);
				continue;
			}
			sb_putc(&d, *c);
		}
		h->delim = sb_take(&d);
		h->strip_tabs = op == T_DLESSDASH;
		h->r = r;
		h->next = NULL;
		free(r->word);
		r->word = xstrdup("");
		for (hp = &p->pending; *hp != NULL; hp = &(*hp)->next)
			;
		*hp = h;
	}
	**tail = r;
	*tail = &r->next;
	return true;
}

static bool is_redirect_tok(enum tok t)
{
	return t == T_LESS || t == T_GREAT || t == T_DGREAT || t == T_DLESS || t == T_DLESSDASH ||
	       t == T_LESSAND || t == T_GREATAND || t == T_LESSGREAT;
}

/* Redirections after a compound command, or within a simple one. */
static bool parse_redirects(struct parser *p, struct redir ***tail)
{
	for (;;) {
		int fd = -1;

		if (peek(p) == T_IO_NUMBER) {
			fd = atoi(p->text);
			next(p);
		}
		if (!is_redirect_tok(peek(p)))
			return true;
		if (!parse_redirect(p, tail, fd))
			return false;
	}
}

static struct node *parse_simple(struct parser *p)
{
	struct node *n = new_node(N_CMD);
	struct redir **rtail = &n->redirs;
	size_t nw = 0, na = 0;

	for (;;) {
		if (!parse_redirects(p, &rtail))
			break;
		if (peek(p) != T_WORD)
			break;
		if (nw == 0 && is_assignment(p->text))
			strv_push(&n->assigns, &na, take_word(p));
		else
			strv_push(&n->words, &nw, take_word(p));
	}
	if (nw == 0 && na == 0 && n->redirs == NULL) {
		if (peek(p) == T_EOF)
			p->incomplete = true;
		else
			syntax_error(p, p->tok == T_NEWLINE ? "newline" : p->tok == T_WORD ? p->text :
				     p->tok == T_RPAREN ? ")" : p->tok == T_PIPE ? "|" : ";");
	}
	return n;
}

/* A list that must be followed by the keyword kw. */
static struct node *parse_body(struct parser *p, const char *kw)
{
	struct node *n = parse_list(p);

	if (!p->error && !p->incomplete && !expect_word(p, kw)) {
		node_free(n);
		return NULL;
	}
	return n;
}

static struct node *parse_if(struct parser *p)
{
	struct node *n = new_node(N_IF);

	n->left = parse_body(p, "then");
	n->right = parse_list(p);
	skip_newlines(p);
	if (is_word(p, "elif")) {
		next(p);
		n->alt = parse_if(p);
		return n; /* the innermost if consumed the fi */
	}
	if (is_word(p, "else")) {
		next(p);
		n->alt = parse_list(p);
	}
	expect_word(p, "fi");
	return n;
}

static struct node *parse_loop(struct parser *p, enum node_type t)
{
	struct node *n = new_node(t);

	n->left = parse_body(p, "do");
	n->right = parse_body(p, "done");
	return n;
}

static struct node *parse_for(struct parser *p)
{
	struct node *n = new_node(N_FOR);
	size_t nw = 0;

	if (peek(p) != T_WORD) {
		syntax_error(p, "for");
		return n;
	}
	n->var = take_word(p);
	skip_newlines(p);
	if (is_word(p, "in")) {
		next(p);
		n->has_list = true;
		while (peek(p) == T_WORD)
			strv_push(&n->words, &nw, take_word(p));
	}
	if (peek(p) == T_SEMI)
		next(p);
	if (!expect_word(p, "do"))
		return n;
	n->right = parse_body(p, "done");
	return n;
}

static struct node *parse_case(struct parser *p)
{
	struct node *n = new_node(N_CASE);
	struct case_item **tail = &n->items;
	size_t nw = 0;

	if (peek(p) != T_WORD) {
		syntax_error(p, "case");
		return n;
	}
	strv_push(&n->words, &nw, take_word(p));
	if (!expect_word(p, "in"))
		return n;
	for (;;) {
		struct case_item *it;
		size_t np = 0;

		skip_newlines(p);
		if (is_word(p, "esac")) {
			next(p);
			return n;
		}
		if (peek(p) == T_EOF) {
			p->incomplete = true;
			return n;
		}
		it = xmalloc(sizeof(*it));
		memset(it, 0, sizeof(*it));
		*tail = it;
		tail = &it->next;
		if (peek(p) == T_LPAREN)
			next(p);
		while (peek(p) == T_WORD) {
			strv_push(&it->patterns, &np, take_word(p));
			if (peek(p) != T_PIPE)
				break;
			next(p);
		}
		if (peek(p) != T_RPAREN) {
			syntax_error(p, "case pattern");
			return n;
		}
		next(p);
		it->body = parse_list(p);
		if (p->error || p->incomplete)
			return n;
		skip_newlines(p);
		if (peek(p) == T_DSEMI)
			next(p);
	}
}

static struct node *parse_compound(struct parser *p)
{
	struct node *n;

	if (peek(p) == T_LPAREN) {
		next(p);
		n = new_node(N_SUBSHELL);
		n->left = parse_list(p);
		skip_newlines(p);
		if (peek(p) != T_RPAREN) {
			if (p->tok == T_EOF)
				p->incomplete = true;
			else
				syntax_error(p, p->tok == T_WORD ? p->text : "newline");
		} else {
			next(p);
		}
		return n;
	}
	if (is_word(p, "{")) {
		next(p);
		n = new_node(N_GROUP);
		n->left = parse_body(p, "}");
		return n;
	}
	if (is_word(p, "if")) {
		next(p);
		return parse_if(p);
	}
	if (is_word(p, "while") || is_word(p, "until")) {
		enum node_type t = strcmp(p->text, "while") == 0 ? N_WHILE : N_UNTIL;

		next(p);
		return parse_loop(p, t);
	}
	if (is_word(p, "for")) {
		next(p);
		return parse_for(p);
	}
	if (is_word(p, "case")) {
		next(p);
		return parse_case(p);
	}
	return NULL;
}

static bool is_name(const char *w)
{
	const char *c;

	if (!isalpha((unsigned char)*w) && *w != '_')
		return false;
	for (c = w; *c != '\0'; c++)
		if (!isalnum((unsigned char)*c) && *c != '_')
			return false;
	return true;
}

/* "name ( )" follows: a function definition (looks past the peeked word). */
static bool at_function(struct parser *p)
{
	size_t i = p->pos;

	if (peek(p) != T_WORD || !is_name(p->text) || is_reserved(p->text))
		return false;
	while (p->src[i] == ' ' || p->src[i] == '\t')
		i++;
	if (p->src[i++] != '(')
		return false;
	while (p->src[i] == ' ' || p->src[i] == '\t')
		i++;
	return p->src[i] == ')';
}

static struct node *parse_function(struct parser *p)
{
	struct node *n = new_node(N_FUNC);

	n->var = take_word(p);
	next(p); /* ( */
	next(p); /* ) */
	skip_newlines(p);
	n->left = parse_command(p);
	if (n->left == NULL || n->left->type == N_CMD) {
		if (!p->incomplete)
			syntax_error(p, "function body");
	}
	return n;
}

static struct node *parse_command(struct parser *p)
{
	struct node *n;
	struct redir **tail;

	if (at_function(p))
		return parse_function(p);
	n = parse_compound(p);

	if (n == NULL) {
		if (peek(p) == T_WORD && is_reserved(p->text) && strcmp(p->text, "!") != 0) {
			syntax_error(p, p->text);
			return new_node(N_CMD);
		}
		return parse_simple(p);
	}
	tail = &n->redirs;
	parse_redirects(p, &tail);
	return n;
}

static struct node *parse_pipeline(struct parser *p)
{
	bool negate = false;
	struct node *n;

	if (is_word(p, "!")) {
		next(p);
		negate = true;
	}
	n = parse_command(p);
	while (!p->error && !p->incomplete && peek(p) == T_PIPE) {
		next(p);
		skip_newlines(p);
		n = binary(N_PIPE, n, parse_command(p));
	}
	if (negate) {
		struct node *x = new_node(N_NOT);

		x->left = n;
		n = x;
	}
	return n;
}

static struct node *parse_and_or(struct parser *p)
{
	struct node *n = parse_pipeline(p);

	while (!p->error && !p->incomplete && (peek(p) == T_AND || p->tok == T_OR)) {
		enum node_type t = p->tok == T_AND ? N_AND : N_OR;

		next(p);
		skip_newlines(p);
		n = binary(t, n, parse_pipeline(p));
	}
	return n;
}

/* A list of and-or lists separated by ; & or newlines, up to a closing keyword. */
static struct node *parse_list(struct parser *p)
{
	struct node *n = NULL;

	skip_newlines(p);
	while (!p->error && !p->incomplete && !at_list_end(p)) {
		struct node *c = parse_and_or(p);

		if (peek(p) == T_AMP) {
			next(p);
			c = binary(N_BG, c, NULL);
		} else if (p->tok == T_SEMI || p->tok == T_NEWLINE) {
			next(p);
		} else if (!at_list_end(p)) {
			syntax_error(p, p->tok == T_WORD ? p->text : p->tok == T_LPAREN ? "(" : "token");
		}
		n = n == NULL ? c : binary(N_SEQ, n, c);
		skip_newlines(p);
	}
	return n;
}

struct node *parse(const char *src, bool *incomplete)
{
	struct parser p = { .src = src };
	struct node *n = parse_list(&p);

	if (!p.error && !p.incomplete && peek(&p) != T_EOF)
		syntax_error(&p, p.tok == T_RPAREN ? ")" : p.tok == T_DSEMI ? ";;" :
			     p.tok == T_WORD ? p.text : "token");
	if (p.pending != NULL)
		p.incomplete = true;
	*incomplete = p.incomplete && !p.error;
	free(p.text);
	while (p.pending != NULL) {
		struct heredoc *h = p.pending;

		p.pending = h->next;
		free(h->delim);
		free(h);
	}
	if (p.error || p.incomplete) {
		node_free(n);
		return NULL;
	}
	if (n == NULL)
		n = new_node(N_CMD); /* an empty line */
	return n;
}

void strv_free(char **v)
{
	size_t i;

	for (i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

void node_free(struct node *n)
{
	struct case_item *it, *next_it;
	struct redir *r, *rn;

	if (n == NULL)
		return;
	node_free(n->left);
	node_free(n->right);
	node_free(n->alt);
	strv_free(n->words);
	strv_free(n->assigns);
	for (r = n->redirs; r != NULL; r = rn) {
		rn = r->next;
		free(r->word);
		free(r);
	}
	for (it = n->items; it != NULL; it = next_it) {
		next_it = it->next;
		strv_free(it->patterns);
		node_free(it->body);
		free(it);
	}
	free(n->var);
	free(n);
}

static void text_of(struct strbuf *b, const struct node *n)
{
	size_t i;

	if (n == NULL)
		return;
	switch (n->type) {
	case N_CMD:
		for (i = 0; n->assigns != NULL && n->assigns[i] != NULL; i++) {
			sb_puts(b, n->assigns[i]);
			sb_putc(b, ' ');
		}
		for (i = 0; n->words != NULL && n->words[i] != NULL; i++) {
			if (i > 0)
				sb_putc(b, ' ');
			sb_puts(b, n->words[i]);
		}
		break;
	case N_PIPE: text_of(b, n->left); sb_puts(b, " | "); text_of(b, n->right); break;
	case N_AND: text_of(b, n->left); sb_puts(b, " && "); text_of(b, n->right); break;
	case N_OR: text_of(b, n->left); sb_puts(b, " || "); text_of(b, n->right); break;
	case N_SEQ: text_of(b, n->left); sb_puts(b, "; "); text_of(b, n->right); break;
	case N_BG: text_of(b, n->left); sb_puts(b, " &"); break;
	case N_NOT: sb_puts(b, "! "); text_of(b, n->left); break;
	case N_SUBSHELL: sb_puts(b, "( "); text_of(b, n->left); sb_puts(b, " )"); break;
	case N_GROUP: sb_puts(b, "{ "); text_of(b, n->left); sb_puts(b, "; }"); break;
	case N_IF: sb_puts(b, "if ..."); break;
	case N_WHILE: sb_puts(b, "while ..."); break;
	case N_UNTIL: sb_puts(b, "until ..."); break;
	case N_FOR: sb_puts(b, "for ..."); break;
	case N_CASE: sb_puts(b, "case ..."); break;
	case N_FUNC: sb_puts(b, n->var); sb_puts(b, "() ..."); break;
	}
}

char *node_text(const struct node *n)
{
	struct strbuf b = { 0 };

	text_of(&b, n);
	sb_putc(&b, '\0');
	return b.s;
}
