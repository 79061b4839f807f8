/* Contexts (SPEC section 10): the "[context NAME]" sections of the config
 * file and choosing one for a run. Below settings: the config parser
 * (settings.c) hands the sections here and applies the chosen one between
 * the top-level config and the environment (flag > env > context >
 * top-level config > default); switching contexts is context_switch.c. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config/context.h"
#include "core/util.h"

const char context_none[] = "";

void
context_list_free(struct context_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct context *c = &l->items[i];

		free(c->name);
		free(c->env_file);
		free(c->emitter_env);
		free(c->reports_dir);
		free(c->quality_checks);
		for (size_t k = 0; k < c->nkv; k++) {
			free(c->kv[k].key);
			free(c->kv[k].value);
		}
		free(c->kv);
	}
	free(l->items);
	free(l->path);
	free(l->default_name);
	memset(l, 0, sizeof *l);
}

static int
name_ok(const char *s, size_t len)
{
	if (len == 0 || len > 64)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
		    ch == '-'))
			return 0;
	}
	/* The name becomes a folder under the report root by default. */
	return !(len == 1 && s[0] == '.') && !(len == 2 && s[0] == '.' &&
	    s[1] == '.');
}

int
context_begin(struct context_list *l, const char *header, unsigned line,
    char **cause)
{
	const char *p = header + 1, *e;
	struct context *c;
	size_t len;

	while (*p == ' ' || *p == '\t')
		p++;
	if (strncmp(p, "context", 7) != 0 || (p[7] != ' ' && p[7] != '\t')) {
		*cause = xstrdup("unknown section (expected '[context NAME]')");
		return -1;
	}
	p += 7;
	while (*p == ' ' || *p == '\t')
		p++;
	if ((e = strchr(p, ']')) == NULL || e[1] != '\0') {
		*cause = xstrdup("a section header ends with ']'");
		return -1;
	}
	while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (e - p >= 2 && *p == '"' && e[-1] == '"') {
		p++;
		e--;
	}
	len = (size_t)(e - p);
	if (!name_ok(p, len)) {
		*cause = xasprintf("context name '%.*s' must be letters, digits, "
		    "'.', '_' or '-'", (int)len, p);
		return -1;
	}
	for (size_t i = 0; i < l->n; i++) {
		if (strlen(l->items[i].name) == len &&
		    strncmp(l->items[i].name, p, len) == 0) {
			*cause = xasprintf("context '%.*s' is defined twice (first "
			    "on line %u)", (int)len, p, l->items[i].line);
			return -1;
		}
	}
	l->items = xreallocarray(l->items, l->n + 1, sizeof *l->items);
	c = &l->items[l->n++];
	memset(c, 0, sizeof *c);
	c->name = xstrndup(p, len);
	c->line = line;
	return 0;
}

/* A path as the operator wrote it in the config, made absolute: "~/" is
 * HOME, a relative path is relative to the config file's folder (as
 * kubeconfig does), so a run from any working folder finds the same file. */
static char *
resolve_path(const char *dir, const char *v)
{
	const char *home = getenv("HOME");

	if (v[0] == '~' && v[1] == '/' && home != NULL && *home != '\0')
		return xasprintf("%s/%s", home, v + 2);
	if (v[0] == '/' || dir == NULL || *dir == '\0')
		return xstrdup(v);
	return xasprintf("%s/%s", dir, v);
}

void
context_add_key(struct context_list *l, const char *dir, const char *key,
    const char *value, unsigned line)
{
	struct context *c = &l->items[l->n - 1];
	char **path = NULL;

	if (strcmp(key, "env-file") == 0)
		path = &c->env_file;
	else if (strcmp(key, "emitter-env") == 0)
		path = &c->emitter_env;
	else if (strcmp(key, "reports-dir") == 0)
		path = &c->reports_dir;
	else if (strcmp(key, "quality-checks") == 0)
		path = &c->quality_checks;
	if (path != NULL) {
		free(*path);
		*path = resolve_path(dir, value);
		return;
	}
	c->kv = xreallocarray(c->kv, c->nkv + 1, sizeof *c->kv);
	c->kv[c->nkv].key = xstrdup(key);
	c->kv[c->nkv].value = xstrdup(value);
	c->kv[c->nkv].line = line;
	c->nkv++;
}

const struct context *
context_find(const struct context_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].name, name) == 0)
			return &l->items[i];
	return NULL;
}

/* Levenshtein distance, for "did you mean". Names are at most 64 bytes. */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[66];

	if (la > 64 || lb > 64)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

int
context_choose(const struct context_list *l, const char *flag,
    const char *env, const struct context **out, char **cause)
{
	const char *name = NULL, *from = NULL, *near = NULL;
	size_t best = (size_t)-1;
	struct buf b = { 0 };

	*out = NULL;
	if (flag == context_none)
		return 0;
	if (flag != NULL) {
		name = flag;
		from = "--context";
	} else if (env != NULL && *env != '\0') {
		name = env;
		from = "INGESTGATE_CONTEXT";
	} else if (l->default_name != NULL) {
		name = l->default_name;
		from = "the config's 'context ='";
	}
	if (name == NULL)
		return 0;
	if ((*out = context_find(l, name)) != NULL)
		return 0;
	for (size_t i = 0; i < l->n; i++) {
		size_t d = distance(name, l->items[i].name);

		buf_addf(&b, "%s%s", i ? ", " : "", l->items[i].name);
		if (d < best) {
			best = d;
			near = l->items[i].name;
		}
	}
	if (l->n == 0)
		*cause = xasprintf("%s: unknown context '%s': no contexts are "
		    "defined (add a '[context %s]' section to %s)", from, name,
		    name, l->path != NULL ? l->path : "the config file");
	else if (near != NULL && best <= 2 + strlen(name) / 4)
		*cause = xasprintf("%s: unknown context '%s' (did you mean "
		    "'%s'?); known contexts: %s", from, name, near, b.data);
	else
		*cause = xasprintf("%s: unknown context '%s'; known contexts: %s",
		    from, name, b.data);
	buf_free(&b);
	return -1;
}

/* -1 with *cause when path is not there as the kind of thing key needs. */
static int
check_path(const struct context *c, const char *key, const char *path,
    int want_dir, char **cause)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		*cause = xasprintf("context '%s': %s %s: %s", c->name, key, path,
		    strerror(errno));
		return -1;
	}
	if (want_dir && !S_ISDIR(st.st_mode)) {
		*cause = xasprintf("context '%s': %s %s: not a folder", c->name,
		    key, path);
		return -1;
	}
	if (!want_dir && S_ISDIR(st.st_mode)) {
		*cause = xasprintf("context '%s': %s %s: is a folder, not a "
		    "file", c->name, key, path);
		return -1;
	}
	return 0;
}

/* The files a context names must be there before it is applied, so that a
 * typo fails the run that chose it and no other. */
int
context_check_files(const struct context *c, char **cause)
{
	if (c->env_file != NULL &&
	    check_path(c, "env-file", c->env_file, 0, cause) != 0)
		return -1;
	if (c->emitter_env != NULL &&
	    check_path(c, "emitter-env", c->emitter_env, 0, cause) != 0)
		return -1;
	if (c->quality_checks != NULL &&
	    check_path(c, "quality-checks", c->quality_checks, 1, cause) != 0)
		return -1;
	return 0;
}

int
context_is_prod(const char *name)
{
	return name != NULL && str_has_prefix(name, "prod");
}
