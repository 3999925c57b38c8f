/*
 * vars.c: shell variables (a list; exported ones go into the environment
 * of commands) and the positional parameters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

struct var {
	char *name, *value;
	bool exported;
	struct var *next;
};

static struct var *vars;
static char *pos0;
static char **pos;      /* $1.. */
static int npos;

static struct var *find(const char *name)
{
	struct var *v;

	for (v = vars; v != NULL; v = v->next)
		if (strcmp(v->name, name) == 0)
			return v;
	return NULL;
}

const char *var_get(const char *name)
{
	struct var *v = find(name);

	return v != NULL ? v->value : NULL;
}

void var_set(const char *name, const char *value, bool exported)
{
	struct var *v = find(name);

	if (v == NULL) {
		v = xmalloc(sizeof(*v));
		v->name = xstrdup(name);
		v->value = NULL;
		v->exported = false;
		v->next = vars;
		vars = v;
	}
	free(v->value);
	v->value = xstrdup(value);
	v->exported |= exported;
}

void var_unset(const char *name)
{
	struct var **pp, *v;

	for (pp = &vars; (v = *pp) != NULL; pp = &v->next) {
		if (strcmp(v->name, name) == 0) {
			*pp = v->next;
			free(v->name);
			free(v->value);
			free(v);
			return;
		}
	}
}

void var_export(const char *name)
{
	struct var *v = find(name);

	if (v == NULL)
		var_set(name, "", true);
	else
		v->exported = true;
}

char **var_environ(void)
{
	struct var *v;
	char **env;
	size_t n = 0;

	for (v = vars; v != NULL; v = v->next)
		n += v->exported;
	env = xmalloc((n + 1) * sizeof(char *));
	n = 0;
	for (v = vars; v != NULL; v = v->next) {
		if (v->exported) {
			size_t len = strlen(v->name) + strlen(v->value) + 2;

			env[n] = xmalloc(len);
			snprintf(env[n++], len, "%s=%s", v->name, v->value);
		}
	}
	env[n] = NULL;
	return env;
}

static int cmp_var(const void *a, const void *b)
{
	return strcmp((*(struct var *const *)a)->name, (*(struct var *const *)b)->name);
}

void var_print(bool exported_only)
{
	struct var *v, **all;
	size_t n = 0, i;

	for (v = vars; v != NULL; v = v->next)
		n++;
	all = xmalloc((n + 1) * sizeof(*all));
	for (n = 0, v = vars; v != NULL; v = v->next)
		all[n++] = v;
	qsort(all, n, sizeof(*all), cmp_var);
	for (i = 0; i < n; i++)
		if (!exported_only || all[i]->exported)
			printf("%s%s='%s'\n", exported_only ? "export " : "", all[i]->name,
			       all[i]->value);
	free(all);
}

void vars_init(char **envp)
{
	size_t i;

	for (i = 0; envp != NULL && envp[i] != NULL; i++) {
		const char *eq = strchr(envp[i], '=');
		char *name;

		if (eq == NULL)
			continue;
		name = xstrndup(envp[i], (size_t)(eq - envp[i]));
		var_set(name, eq + 1, true);
		free(name);
	}
	if (var_get("PATH") == NULL)
		var_set("PATH", "/bin:/sbin", true);
	if (var_get("PS1") == NULL)
		var_set("PS1", "$ ", false);
	if (var_get("PS2") == NULL)
		var_set("PS2", "> ", false);
}

void pos_set(char *arg0, char **args)
{
	int i;

	if (arg0 != NULL) {
		free(pos0);
		pos0 = xstrdup(arg0);
	}
	for (i = 0; i < npos; i++)
		free(pos[i]);
	free(pos);
	for (npos = 0; args != NULL && args[npos] != NULL; npos++)
		;
	pos = xmalloc((size_t)(npos + 1) * sizeof(char *));
	for (i = 0; i < npos; i++)
		pos[i] = xstrdup(args[i]);
	pos[npos] = NULL;
}

const char *pos_get(int i)
{
	if (i == 0)
		return pos0 != NULL ? pos0 : "sh";
	return i <= npos ? pos[i - 1] : NULL;
}

int pos_count(void)
{
	return npos;
}

char **pos_all(void)
{
	if (pos == NULL)
		pos_set(NULL, NULL);
	return pos;
}

void pos_shift(int n)
{
	int i;

	if (n > npos)
		n = npos;
	for (i = 0; i < n; i++)
		free(pos[i]);
	memmove(pos, pos + n, (size_t)(npos - n + 1) * sizeof(char *));
	npos -= n;
}
