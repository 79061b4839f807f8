/* Contexts of SPEC section 10: named environments in the config file. Each
 * "[context NAME]" section holds an env file, an emitter env, a report root,
 * a quality-checks folder and threshold keys; a top-level "context = NAME"
 * picks the default. Parsing the sections and choosing one for a run;
 * settings.c applies it, context_switch.h loads another one. Knows nothing
 * of settings, so that settings can build on it. */
#ifndef INGESTGATE_CONTEXT_H
#define INGESTGATE_CONTEXT_H

#include <stddef.h>

/* A threshold or tuning key of a context, kept in file order. */
struct context_kv {
	char *key;
	char *value;
	unsigned line;
};

struct context {
	char *name;
	unsigned line;		/* of the section header */
	/* Paths made absolute against the config file's folder; NULL: unset. */
	char *env_file;
	char *emitter_env;
	char *reports_dir;
	char *quality_checks;
	struct context_kv *kv;
	size_t nkv;
};

struct context_list {
	char *path;		/* the config file, for messages */
	char *default_name;	/* top-level "context = NAME" */
	struct context *items;
	size_t n;
};

void context_list_free(struct context_list *l);

/* Starts a section from its header line ("[context NAME]", NAME of
 * [A-Za-z0-9._-], optionally in double quotes). -1 with *cause (caller
 * frees) for another section or a bad or repeated name. */
int context_begin(struct context_list *l, const char *header, unsigned line,
    char **cause);

/* One "key = value" line inside the current section: env-file,
 * emitter-env, reports-dir and quality-checks are paths (relative ones
 * against dir, "~/" against HOME); any other key is kept for the caller to
 * have validated as a threshold key. */
void context_add_key(struct context_list *l, const char *dir, const char *key,
    const char *value, unsigned line);

const struct context *context_find(const struct context_list *l,
    const char *name);

/* Passed as the --context flag: no context at all, only the top-level
 * config (to list every context even when the default one is broken). */
extern const char context_none[];

/* The context of a run: flag, else env (INGESTGATE_CONTEXT), else the
 * config's default; *out NULL when none is named. -1 with *cause listing
 * the known names (and the nearest one) when the name is unknown. */
int context_choose(const struct context_list *l, const char *flag,
    const char *env, const struct context **out, char **cause);

/* Checks that the files and folders context c names exist: -1 with *cause
 * naming the context, the key and the path. */
int context_check_files(const struct context *c, char **cause);

/* 1 when a context name reads as production ("prod*"): drawn in alarm. */
int context_is_prod(const char *name);

#endif
