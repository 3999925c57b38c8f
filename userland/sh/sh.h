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

/*
 * The shell's state, one instance made by main() and passed to whatever
 * reads or changes it.  Module tables (variables, jobs, functions, traps,
 * history) stay private to their files behind functions.
 */
struct shell {
	int status;          /* $?: exit status of the last command */
	bool interactive;    /* commands come from a terminal ($- has i) */
	bool in_child;       /* a forked subshell: no job control, no EXIT trap */
	pid_t pgid;          /* the interactive shell's own process group */
	pid_t pid;           /* $$: the shell's pid, also in its subshells and the children it expands words for */
	pid_t last_bg_pid;   /* $!: the last background job's last process */
	bool subst_ran;      /* a command substitution ran in this command's words, */
	int subst_status;    /* and the status of the last one */
};

/*
 * How the executor goes on after a command, returned by run_node and its
 * callers: the next command, or unwinding.  break and continue unwind
 * `levels` loops (a loop that gets CONTINUE with levels 1 runs its next
 * round); return unwinds to the function call.  The status stays in
 * struct shell.
 */
enum flow_kind { FLOW_NEXT, FLOW_BREAK, FLOW_CONTINUE, FLOW_RETURN };
struct flow {
	enum flow_kind kind;
	int levels;
};
#define FLOW_NONE ((struct flow){ FLOW_NEXT, 0 })

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

/* expand.c: a command substitution sets sh->subst_ran and sh->subst_status. */
/* Expand words (parameters, commands, tilde, fields, globs): a NULL-terminated vector. */
char **expand_words(struct shell *sh, char **words);
/* Expand one word without field splitting or globbing (assignments, redirections). */
char *expand_one(struct shell *sh, const char *word);
/* Expand a here-document body (parameters and commands only). */
char *expand_heredoc(struct shell *sh, const char *body);
bool glob_match(const char *pattern, const char *s);
void strv_free(char **v);

/* exec.c: each sets sh->status and says how to go on. */
struct flow run_node(struct shell *sh, struct node *n);
/* Parse and run a string (sh -c, eval, a file, command substitution, a trap). */
struct flow run_string(struct shell *sh, const char *src);
struct flow run_file(struct shell *sh, const char *path, char **args);
const char *find_in_path(const char *name, char *buf, size_t size);
/* The builtins that change the flow: break, continue, return, eval, . and source. */
struct flow flow_builtin(struct shell *sh, char **argv);
/* Run the EXIT trap (once) and leave with status. */
__attribute__((noreturn)) void sh_exit(struct shell *sh, int status);
/* Run the commands of traps whose signals arrived (between commands). */
struct flow traps_run_pending(struct shell *sh);
int builtin_trap(struct shell *sh, char **argv);
/* ulimit.c */
int builtin_ulimit(struct shell *sh, char **argv);

/* jobs.c */
struct job;
/* Start a job's bookkeeping for pgid; cmd is kept for listings. */
struct job *job_new(pid_t pgid, const char *cmd);
void job_add_pid(struct job *j, pid_t pid);
/* The job's process group once its processes exist (0: no job control). */
void job_set_pgid(struct job *j, pid_t pgid);
/* Wait for a foreground job (giving it the terminal): its status. */
int job_wait_fg(struct shell *sh, struct job *j);
void job_background(struct shell *sh, struct job *j);
/* Report finished and stopped background jobs (before a prompt). */
void jobs_notify(struct shell *sh);
int builtin_jobs(struct shell *sh, char **argv);
int builtin_fg(struct shell *sh, char **argv);
int builtin_bg(struct shell *sh, char **argv);
int builtin_wait(struct shell *sh, char **argv);
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

/* builtins.c: a builtin returns its exit status.  The ones that change the
 * flow are found here too (flow_builtin is what runs them). */
typedef int (*builtin_fn)(struct shell *sh, char **argv);
builtin_fn builtin_find(const char *name);
bool builtin_is_flow(const char *name);
const char *const *builtin_names(void);

/* lineedit.c: read a line from the terminal with editing; NULL at end of input
 * (^C gives an empty line and sets $? to 130). */
char *line_edit(struct shell *sh, const char *prompt);
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
