/* Merging flags, environment, env file, config file and defaults. */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/fileio.h"
#include "config/operator.h"
#include "config/settings.h"
#include "core/util.h"

static const struct {
	const char *name;
	int required;
} env_keys[ENV_KEY_COUNT] = {
#define X(name, required) { #name, required },
	ENV_KEYS(X)
#undef X
};

const char *
env_key_name(enum env_key k)
{
	return env_keys[k].name;
}

int
env_key_required(enum env_key k)
{
	return env_keys[k].required;
}

int
env_key_secret(enum env_key k)
{
	return k == ENV_CORE_API_ADMIN_TOKEN || k == ENV_INGEST_SERVICE_TOKEN ||
	    k == ENV_INGEST_SERVICE_SECRET;
}

/* T_CONFIG: a string read from the config file only, never from the
 * environment (where a lowercase key would be a surprise). */
enum tunable_type { T_LONG, T_RATE, T_STRING, T_CONFIG };

/* The rows of the table below, by type: a whole number in [min, max], a
 * rate in [0, 1], a non-empty string. */
#define FIELD(f) offsetof(struct settings, f)
#define LONG(name, f, min, max) { name, T_LONG, FIELD(f), min, max }
#define RATE(name, f) { name, T_RATE, FIELD(f), 0, 1 }
#define TEXT(name, f) { name, T_STRING, FIELD(f), 0, 0 }
#define CONFIG(name, f) { name, T_CONFIG, FIELD(f), 0, 0 }

static const struct tunable {
	const char *name;
	enum tunable_type type;
	size_t offset;
	long min, max;
} tunables[] = {
	LONG("GATE_WINDOW_MINUTES", th.window_minutes, 1, 10080),
	RATE("GATE_PROCESSING_MIN_SUCCESS_RATE", th.min_success_rate),
	RATE("GATE_PROCESSING_WARN_SUCCESS_RATE", th.warn_success_rate),
	LONG("GATE_PROCESSING_MIN_SAMPLE", th.min_sample, 1, 1000000000),
	LONG("GATE_DLQ_MAX_GROWTH", th.dlq_max_growth, 0, 1000000000),
	LONG("GATE_DLQ_MAX_OPEN", th.dlq_max_open, 0, 1000000000),
	TEXT("INGEST_QUEUE_NAME", queue_name),
	TEXT("INGEST_QUEUE_PREFIX", queue_prefix),
	LONG("INGEST_HTTP_TIMEOUT_MS", http_timeout_ms, 1, 600000),
	TEXT("INGESTGATE_REPORTS_DIR", reports_dir),
	LONG("GATE_QUALITY_TIMEOUT_MS", quality_timeout_ms, 1, 86400000),
	CONFIG("operator", operator_name),
};

#undef FIELD
#undef LONG
#undef RATE
#undef TEXT
#undef CONFIG

int
settings_apply_tunable(struct settings *s, const char *key, const char *value,
    char **cause)
{
	for (size_t i = 0; i < nitems(tunables); i++) {
		const struct tunable *t = &tunables[i];
		void *field = (char *)s + t->offset;

		if (strcmp(t->name, key) != 0)
			continue;
		switch (t->type) {
		case T_LONG:
			if (parse_long(value, t->min, t->max, field) != 0) {
				*cause = xasprintf("%s: '%s' is not a whole number "
				    "from %ld to %ld", key, value, t->min, t->max);
				return -1;
			}
			return 0;
		case T_RATE:
			if (parse_double(value, 0, 1, field) != 0) {
				*cause = xasprintf("%s: '%s' is not a rate from 0 "
				    "to 1 (e.g. 0.99)", key, value);
				return -1;
			}
			return 0;
		case T_STRING:
		case T_CONFIG:
			if (*value == '\0') {
				*cause = xasprintf("%s: empty value", key);
				return -1;
			}
			free(*(char **)field);
			*(char **)field = xstrdup(value);
			return 0;
		}
	}
	*cause = xasprintf("unknown setting '%s'", key);
	return -1;
}

static char *
config_dir(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash == NULL ? xstrdup(".") : slash == path ? xstrdup("/") :
	    xstrndup(path, (size_t)(slash - path));
}

/* One "key = value" line: top level, it applies at once (or names the
 * default context); inside a [context] section, the context keeps it for
 * when it is chosen, and a threshold key is checked now on a scratch copy
 * so that a typo in any context is found on every run. */
static int
config_line(struct settings *s, const char *dir, const char *k, const char *v,
    unsigned lineno, char **why)
{
	static const char *const context_keys[] = { "env-file", "emitter-env",
	    "reports-dir", "quality-checks" };
	struct settings scratch;
	int r;

	if (s->contexts.n == 0) {
		if (strcmp(k, "context") != 0)
			return settings_apply_tunable(s, k, v, why);
		free(s->contexts.default_name);
		s->contexts.default_name = xstrdup(v);
		return 0;
	}
	for (size_t i = 0; i < nitems(context_keys); i++) {
		if (strcmp(k, context_keys[i]) != 0)
			continue;
		if (*v == '\0') {
			*why = xasprintf("%s: empty value", k);
			return -1;
		}
		context_add_key(&s->contexts, dir, k, v, lineno);
		return 0;
	}
	memset(&scratch, 0, sizeof scratch);
	r = settings_apply_tunable(&scratch, k, v, why);
	free(scratch.queue_name);
	free(scratch.queue_prefix);
	free(scratch.reports_dir);
	free(scratch.operator_name);
	if (r != 0)
		return -1;
	context_add_key(&s->contexts, dir, k, v, lineno);
	return 0;
}

int
settings_parse_config(struct settings *s, const char *path, const char *text,
    char **cause)
{
	unsigned lineno = 0;
	const char *p = text;
	char *dir = config_dir(path);
	int ret = -1;

	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, len), *k, *v, *eq, *e, *why = NULL;

		lineno++;
		p += len + (nl != NULL);
		for (k = line; *k == ' ' || *k == '\t'; k++)
			;
		e = k + strlen(k);
		while (e > k && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			*--e = '\0';
		if (*k == '\0' || *k == '#') {
			free(line);
			continue;
		}
		if (*k == '[') {
			if (context_begin(&s->contexts, k, lineno, &why) != 0)
				goto bad;
			free(line);
			continue;
		}
		if ((eq = strchr(k, '=')) == NULL) {
			*cause = xasprintf("%s:%u: expected 'key = value'", path,
			    lineno);
			free(line);
			goto out;
		}
		v = eq + 1;
		for (e = eq; e > k && (e[-1] == ' ' || e[-1] == '\t'); e--)
			;
		*e = '\0';
		while (*v == ' ' || *v == '\t')
			v++;
		if (config_line(s, dir, k, v, lineno, &why) != 0)
			goto bad;
		free(line);
		continue;
bad:
		*cause = xasprintf("%s:%u: %s", path, lineno, why);
		free(why);
		free(line);
		goto out;
	}
	free(s->contexts.path);
	s->contexts.path = xstrdup(path);
	ret = 0;
out:
	free(dir);
	return ret;
}

static int
load_config(struct settings *s, const char *explicit_path, char **cause)
{
	char *path;
	struct buf b;
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int r;

	if (explicit_path != NULL)
		path = xstrdup(explicit_path);
	else if (xdg != NULL && *xdg != '\0')
		path = xasprintf("%s/ingestgate/config", xdg);
	else if (home != NULL && *home != '\0')
		path = xasprintf("%s/.config/ingestgate/config", home);
	else
		return 0;
	/* Only an explicit --config must exist. One that does not is still
	 * named in messages ("add a [context] section to ..."), resolved. */
	if (explicit_path == NULL && access(path, F_OK) != 0) {
		free(s->contexts.path);
		s->contexts.path = path;
		return 0;
	}
	if (fileio_read(path, 1 << 20, &b, cause) != 0) {
		char *why = *cause;

		/* Say which flag or place named the file. */
		*cause = xasprintf("%s %s", explicit_path != NULL ? "--config" :
		    "config file", why);
		free(why);
		free(path);
		return -1;
	}
	r = settings_parse_config(s, path, b.data, cause);
	buf_free(&b);
	free(path);
	return r;
}

/* The env file wins over the process environment for the keys it sets. */
static const char *
lookup(const struct settings *s, const char *key)
{
	const char *v = NULL;

	if (s->have_env_file)
		v = envfile_get(&s->env_file, key);
	if (v == NULL)
		v = getenv(key);
	return v;
}

static void
set_defaults(struct settings *s)
{
	memset(s, 0, sizeof *s);
	s->th.window_minutes = 60;
	s->th.min_success_rate = 0.99;
	s->th.warn_success_rate = 0.995;
	s->th.min_sample = 50;
	s->th.dlq_max_growth = 10;
	s->th.dlq_max_open = 100;
	s->queue_name = xstrdup("ingest-events");
	s->queue_prefix = xstrdup("bull");
	s->http_timeout_ms = 5000;
	s->quality_timeout_ms = 60000;
	s->reports_dir = xstrdup("./reports");
	s->interval = 2;
	s->run_quality = 1;
}

/* The chosen context, between the top-level config and the environment:
 * its keys and folders apply now. Each context keeps its reports apart:
 * without its own reports-dir it gets a folder named after it under the
 * top-level root. */
static int
apply_context(struct settings *s, const struct context *c, char **cause)
{
	char *why = NULL, *r;

	if (context_check_files(c, cause) != 0)
		return -1;
	for (size_t i = 0; i < c->nkv; i++) {
		if (settings_apply_tunable(s, c->kv[i].key, c->kv[i].value,
		    &why) != 0) {
			*cause = xasprintf("context '%s' (line %u): %s",
			    c->name, c->kv[i].line, why);
			free(why);
			return -1;
		}
	}
	r = c->reports_dir != NULL ? xstrdup(c->reports_dir) :
	    xasprintf("%s/%s", s->reports_dir, c->name);
	free(s->reports_dir);
	s->reports_dir = r;
	if (c->quality_checks != NULL) {
		free(s->quality_checks);
		s->quality_checks = xstrdup(c->quality_checks);
	}
	s->context = xstrdup(c->name);
	return 0;
}

/* One env file, named by flag (NULL: by context ctx, under key). The
 * message of an --env-file names the file itself and stands alone; the
 * emitter's says which flag, a context's which context and key. */
static int
load_env_file(struct envfile *ef, const char *path, const char *flag,
    const char *key, const struct context *ctx, char **cause)
{
	char *why = NULL;
	int r;

	if ((r = envfile_load(path, ef, &why)) == 0)
		return 0;
	if (flag == NULL)
		*cause = xasprintf("context '%s': %s: %s", ctx->name, key, why);
	else if (strcmp(key, "env-file") == 0) {
		*cause = why;
		return r;
	} else
		*cause = xasprintf("--%s: %s", key, why);
	free(why);
	return r;
}

/* One env file into ef; a file that is not an env file is recorded in
 * s->env_refused (the first one) instead of failing the load. 1 when ef was
 * filled, 0 when refused, -1 with *cause. */
static int
load_one(struct settings *s, struct envfile *ef, const char *path,
    const char *flag, const char *key, const struct context *ctx,
    char **cause)
{
	char *why = NULL;
	int r = load_env_file(ef, path, flag, key, ctx, &why);

	if (r == 0)
		return 1;
	if (r != ENVFILE_NOT_ENV) {
		*cause = why;
		return -1;
	}
	if (s->env_refused == NULL)
		s->env_refused = why;
	else
		free(why);
	return 0;
}

/* The env files: a flag wins over the context's. */
static int
load_env_files(struct settings *s, const struct settings_flags *f,
    const struct context *ctx, char **cause)
{
	const char *env_file = f->env_file, *emitter_env = f->emitter_env;

	if (ctx != NULL && env_file == NULL)
		env_file = ctx->env_file;
	if (ctx != NULL && emitter_env == NULL)
		emitter_env = ctx->emitter_env;
	if (env_file != NULL && (s->have_env_file = load_one(s, &s->env_file,
	    env_file, f->env_file, "env-file", ctx, cause)) < 0)
		return -1;
	if (emitter_env != NULL && (s->have_emitter_env = load_one(s,
	    &s->emitter_env, emitter_env, f->emitter_env, "emitter-env", ctx,
	    cause)) < 0)
		return -1;
	return 0;
}

/* The variables of SPEC section 2 and the tunables, from the env file or
 * the process environment. */
static int
apply_environment(struct settings *s, char **cause)
{
	const char *v;
	char *why = NULL;
	int b;

	for (int k = 0; k < ENV_KEY_COUNT; k++) {
		if ((v = lookup(s, env_keys[k].name)) != NULL)
			s->env[k] = xstrdup(v);
	}
	for (size_t i = 0; i < nitems(tunables); i++) {
		if (tunables[i].type == T_CONFIG ||
		    (v = lookup(s, tunables[i].name)) == NULL)
			continue;
		if (settings_apply_tunable(s, tunables[i].name, v, &why) != 0) {
			*cause = xasprintf("environment: %s", why);
			free(why);
			return -1;
		}
	}
	/* Only the literal true/false of the runbook counts. Anything else
	 * leaves the default (the quality check runs: never skipped on a value
	 * nobody can read), and F-00 fails it as ENV_FLAG_INVALID. */
	if ((v = s->env[ENV_RUN_EVIDENCE_QUALITY_CHECK]) != NULL &&
	    settings_flag(v, &b) == 0)
		s->run_quality = b;
	return 0;
}

/* The flags that override a tunable, and the thresholds checked together. */
static int
apply_tunable_flags(struct settings *s, const struct settings_flags *f,
    char **cause)
{
	char *why = NULL;

	if ((f->window != NULL && settings_apply_tunable(s,
	    "GATE_WINDOW_MINUTES", f->window, &why) != 0) ||
	    (f->reports_dir != NULL && settings_apply_tunable(s,
	    "INGESTGATE_REPORTS_DIR", f->reports_dir, &why) != 0)) {
		*cause = xasprintf("flag %s", why);
		free(why);
		return -1;
	}
	if (f->interval != NULL && parse_long(f->interval, 1, 3600,
	    &s->interval) != 0) {
		*cause = xasprintf("--interval: '%s' is not a whole number of "
		    "seconds from 1 to 3600", f->interval);
		return -1;
	}
	if (s->th.warn_success_rate < s->th.min_success_rate) {
		locale_t old = numeric_locale_enter();

		*cause = xasprintf("GATE_PROCESSING_WARN_SUCCESS_RATE (%g) is "
		    "below GATE_PROCESSING_MIN_SUCCESS_RATE (%g)",
		    s->th.warn_success_rate, s->th.min_success_rate);
		numeric_locale_leave(old);
		return -1;
	}
	return 0;
}

/* The flags that are taken as given: batch, folders, language. */
static int
apply_other_flags(struct settings *s, const struct settings_flags *f,
    char **cause)
{
	const char *l = getenv("LANG");

	if (f->batch != NULL)
		s->batch = xstrdup(f->batch);
	else if (s->env[ENV_PHASE2_BATCH_CODE] != NULL &&
	    *s->env[ENV_PHASE2_BATCH_CODE] != '\0')
		s->batch = xstrdup(s->env[ENV_PHASE2_BATCH_CODE]);
	if (f->quality_checks != NULL) {
		free(s->quality_checks);
		s->quality_checks = xstrdup(f->quality_checks);
	}
	if (f->playbook_file != NULL)
		s->playbook_file = xstrdup(f->playbook_file);
	if (f->lang == NULL) {
		s->lang = xstrdup(l != NULL && str_has_prefix(l, "id") ? "id" :
		    "en");
		return 0;
	}
	if (strcmp(f->lang, "en") != 0 && strcmp(f->lang, "id") != 0) {
		*cause = xasprintf("--lang: '%s' is not en or id", f->lang);
		return -1;
	}
	s->lang = xstrdup(f->lang);
	return 0;
}

/* Who writes: --operator, the config's `operator =`, $USER, $LOGNAME;
 * NULL when none is known (a write then refuses to run). */
static void
apply_operator(struct settings *s, const struct settings_flags *f)
{
	char who[OPERATOR_MAX];
	int r = operator_resolve(f->operator_name, s->operator_name, who,
	    sizeof who);

	free(s->operator_name);
	s->operator_name = r == 0 ? xstrdup(who) : NULL;
}

int
settings_load(struct settings *s, const struct settings_flags *f, char **cause)
{
	const struct context *ctx = NULL;

	set_defaults(s);
	s->flags = xmalloc(sizeof *s->flags);
	*s->flags = *f;
	if (load_config(s, f->config_file, cause) != 0)
		return -1;
	/* Context: between the top-level config and the environment. */
	if (context_choose(&s->contexts, f->context, getenv("INGESTGATE_CONTEXT"),
	    &ctx, cause) != 0)
		return -1;
	if (ctx != NULL && apply_context(s, ctx, cause) != 0)
		return -1;
	if (load_env_files(s, f, ctx, cause) != 0 ||
	    apply_environment(s, cause) != 0 ||
	    apply_tunable_flags(s, f, cause) != 0 ||
	    apply_other_flags(s, f, cause) != 0)
		return -1;
	apply_operator(s, f);
	return 0;
}

int
settings_flag(const char *v, int *out)
{
	if (v == NULL)
		return -1;
	if (strcmp(v, "true") == 0)
		*out = 1;
	else if (strcmp(v, "false") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

void
settings_free(struct settings *s)
{
	for (int k = 0; k < ENV_KEY_COUNT; k++) {
		if (s->env[k] != NULL) {
			memset(s->env[k], 0, strlen(s->env[k]));
			free(s->env[k]);
		}
	}
	envfile_free(&s->env_file);
	envfile_free(&s->emitter_env);
	free(s->env_refused);
	free(s->queue_name);
	free(s->queue_prefix);
	free(s->reports_dir);
	free(s->batch);
	free(s->quality_checks);
	free(s->playbook_file);
	free(s->lang);
	free(s->context);
	free(s->operator_name);
	free(s->flags);
	context_list_free(&s->contexts);
	memset(s, 0, sizeof *s);
}
