/*
 * sh.h: the Breenix shell's shared declarations.
 *
 * The shell reads a line (lineedit.c on a terminal), lexes and parses it
 * into a tree (parse.c), expands each command's words when it runs
 * (expand.c) and executes the tree (exec.c) with job control (jobs.c).
 * Variables live in vars.c, builtins in builtins.c.
 */
#ifndef SH_H
#define SH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Parse tree */
enum node_type {
	N_CMD,      /* simple command: assignments, words, redirections */
	N_PIPE,     /* left | right */
	N_AND,      /* left && right */
	N_OR,       /* left || right */
	N_SEQ,      /* left ; right */
	N_BG,       /* left & (right follows) */
	N_NOT,      /* ! left */
	N_IF,       /* if cond then body [else alt] */
	N_WHILE,    /* while cond do body */
	N_UNTIL,    /* until cond do body */
	N_FOR,      /* for var in list do body */
	N_CASE,     /* case word in pattern) body;; ... esac */
	N_SUBSHELL, /* ( body ) */
	N_GROUP,    /* { body; } */
	N_FUNC,     /* var() left: define a function */
};

enum redir_type { R_IN, R_OUT, R_APPEND, R_DUP_IN, R_DUP_OUT, R_HEREDOC, R_RDWR };

struct redir {
	enum redir_type type;
	int fd;
	char *word;        /* file name, fd number, or here-document body */
	bool quoted;       /* here-document delimiter was quoted: no expansion */
	struct redir *next;
};

struct case_item {
	char **patterns;
	struct node *body;
	struct case_item *next;
};

struct node {
	enum node_type type;
	struct node *left, *right;     /* binary nodes; if: cond=left, body=right */
	struct node *alt;              /* if: else part (another N_IF for elif) */
	char **words;                  /* N_CMD words; N_FOR list; N_CASE: words[0] */
	char **assigns;                /* N_CMD: NAME=value words */
	struct redir *redirs;
	char *var;                     /* N_FOR variable */
	bool has_list;                 /* N_FOR: "in" given */
	struct case_item *items;       /* N_CASE */
};

/* parse.c: the tree for src, or NULL (with *incomplete set if more input could fix it). */
struct node *parse(const char *src, bool *incomplete);
void node_free(struct node *n);
/* A printable text of the command (for job listings). */
char *node_text(const struct node *n);

/* parse.c: the index just past the quoted or nested part at s[i], or 0 if unterminated. */
size_t skip_nested(const char *s, size_t i);

/* expand.c */
/* A command substitution ran (since subst_ran was cleared), and its status. */
extern bool subst_ran;
extern int subst_status;
/* Expand words (parameters, commands, tilde, fields, globs): a NULL-terminated vector. */
char **expand_words(char **words);
/* Expand one word without field splitting or globbing (assignments, redirections). */
char *expand_one(const char *word);
/* Expand a here-document body (parameters and commands only). */
char *expand_heredoc(const char *body);
bool glob_match(const char *pattern, const char *s);
void strv_free(char **v);

/* exec.c */
int run_node(struct node *n);
/* Parse and run a string (sh -c, eval of a file, command substitution). */
int run_string(const char *src);
int run_file(const char *path, char **args);
const char *find_in_path(const char *name, char *buf, size_t size);
extern int last_status;
extern bool interactive;
extern pid_t shell_pgid;
extern pid_t shell_pid; /* $$: the shell's pid, also in its subshells and the children it expands words for */
extern pid_t last_bg_pid;
extern bool in_child;  /* a forked subshell: no job control */
extern int loop_break, loop_continue;
extern bool func_return;   /* the return builtin ran: unwind to the function call */
/* Run the EXIT trap (once) and leave with status. */
__attribute__((noreturn)) void sh_exit(int status);
/* Run the commands of traps whose signals arrived (between commands). */
void traps_run_pending(void);
int builtin_trap(char **argv);
/* ulimit.c */
int builtin_ulimit(char **argv);

/* jobs.c */
struct job;
/* Start a job's bookkeeping for pgid; cmd is kept for listings. */
struct job *job_new(pid_t pgid, const char *cmd);
void job_add_pid(struct job *j, pid_t pid);
/* The job's process group once its processes exist (0: no job control). */
void job_set_pgid(struct job *j, pid_t pgid);
/* Wait for a foreground job (giving it the terminal): its status. */
int job_wait_fg(struct job *j);
void job_background(struct job *j);
/* Report finished and stopped background jobs (before a prompt). */
void jobs_notify(void);
int builtin_jobs(char **argv);
int builtin_fg(char **argv);
int builtin_bg(char **argv);
int builtin_wait(char **argv);
/* %N, %+, %-, %cmd: the job's pgid, or -1. */
pid_t job_spec_pgid(const char *spec);
void jobs_init(void);

/* vars.c */
const char *var_get(const char *name);
void var_set(const char *name, const char *value, bool exported);
void var_unset(const char *name);
void var_export(const char *name);
char **var_environ(void);
void var_print(bool exported_only);
void vars_init(char **envp);
/* Positional parameters $0, $1.. */
void pos_set(char *arg0, char **args);
const char *pos_get(int i);
int pos_count(void);
char **pos_all(void);
void pos_shift(int n);

/* builtins.c */
typedef int (*builtin_fn)(char **argv);
builtin_fn builtin_find(const char *name);
const char *const *builtin_names(void);

/* lineedit.c: read a line from the terminal with editing; NULL at end of input. */
char *line_edit(const char *prompt);
void history_add(const char *line);
void history_print(void);

/* util */
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

struct strbuf {
	char *s;
	size_t len, cap;
};
void sb_putc(struct strbuf *b, char c);
void sb_puts(struct strbuf *b, const char *s);
void sb_putn(struct strbuf *b, const char *s, size_t n);
char *sb_take(struct strbuf *b);

#endif
