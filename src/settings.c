/* Merging flags, environment, env file, config file and defaults. */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "settings.h"
#include "util.h"

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

enum tunable_type { T_LONG, T_RATE, T_STRING };

static const struct tunable {
	const char *name;
	enum tunable_type type;
	size_t offset;
	long min, max;
} tunables[] = {
	{ "GATE_WINDOW_MINUTES", T_LONG,
	    offsetof(struct settings, th.window_minutes), 1, 10080 },
	{ "GATE_PROCESSING_MIN_SUCCESS_RATE", T_RATE,
	    offsetof(struct settings, th.min_success_rate), 0, 1 },
	{ "GATE_PROCESSING_WARN_SUCCESS_RATE", T_RATE,
	    offsetof(struct settings, th.warn_success_rate), 0, 1 },
	{ "GATE_PROCESSING_MIN_SAMPLE", T_LONG,
	    offsetof(struct settings, th.min_sample), 1, 1000000000 },
	{ "GATE_DLQ_MAX_GROWTH", T_LONG,
	    offsetof(struct settings, th.dlq_max_growth), 0, 1000000000 },
	{ "GATE_DLQ_MAX_OPEN", T_LONG,
	    offsetof(struct settings, th.dlq_max_open), 0, 1000000000 },
	{ "INGEST_QUEUE_NAME", T_STRING,
	    offsetof(struct settings, queue_name), 0, 0 },
	{ "INGEST_QUEUE_PREFIX", T_STRING,
	    offsetof(struct settings, queue_prefix), 0, 0 },
	{ "INGEST_HTTP_TIMEOUT_MS", T_LONG,
	    offsetof(struct settings, http_timeout_ms), 1, 600000 },
	{ "INGESTGATE_REPORTS_DIR", T_STRING,
	    offsetof(struct settings, reports_dir), 0, 0 },
	{ "GATE_QUALITY_TIMEOUT_MS", T_LONG,
	    offsetof(struct settings, quality_timeout_ms), 1, 86400000 },
};

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
	/* Only an explicit --config must exist. */
	if (explicit_path == NULL && access(path, F_OK) != 0) {
		free(path);
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

int
settings_load(struct settings *s, const struct settings_flags *f, char **cause)
{
	char *why = NULL;
	const char *v, *env_file = f->env_file, *emitter_env = f->emitter_env;
	const struct context *ctx = NULL;
	int b;

	set_defaults(s);
	s->flags = xmalloc(sizeof *s->flags);
	*s->flags = *f;
	if (load_config(s, f->config_file, cause) != 0)
		return -1;
	/* Context: between the top-level config and the environment. */
	if (context_choose(&s->contexts, f->context, getenv("INGESTGATE_CONTEXT"),
	    &ctx, cause) != 0)
		return -1;
	if (ctx != NULL) {
		if (context_apply(ctx, s, cause) != 0)
			return -1;
		s->context = xstrdup(ctx->name);
		if (env_file == NULL)
			env_file = ctx->env_file;
		if (emitter_env == NULL)
			emitter_env = ctx->emitter_env;
	}

	if (env_file != NULL) {
		if (envfile_load(env_file, &s->env_file, &why) != 0) {
			if (env_file == f->env_file)
				*cause = why;
			else {
				*cause = xasprintf("context '%s': env-file: %s",
				    ctx->name, why);
				free(why);
			}
			return -1;
		}
		s->have_env_file = 1;
	}
	if (emitter_env != NULL) {
		if (envfile_load(emitter_env, &s->emitter_env, &why) != 0) {
			if (emitter_env == f->emitter_env)
				*cause = xasprintf("--emitter-env: %s", why);
			else
				*cause = xasprintf("context '%s': emitter-env: %s",
				    ctx->name, why);
			free(why);
			return -1;
		}
		s->have_emitter_env = 1;
	}
	for (int k = 0; k < ENV_KEY_COUNT; k++) {
		if ((v = lookup(s, env_keys[k].name)) != NULL)
			s->env[k] = xstrdup(v);
	}
	for (size_t i = 0; i < nitems(tunables); i++) {
		if ((v = lookup(s, tunables[i].name)) == NULL)
			continue;
		if (settings_apply_tunable(s, tunables[i].name, v, &why) != 0) {
			*cause = xasprintf("environment: %s", why);
			free(why);
			return -1;
		}
	}

	if (f->window != NULL &&
	    settings_apply_tunable(s, "GATE_WINDOW_MINUTES", f->window, &why) != 0)
		goto flag_fail;
	if (f->reports_dir != NULL &&
	    settings_apply_tunable(s, "INGESTGATE_REPORTS_DIR", f->reports_dir,
	    &why) != 0)
		goto flag_fail;
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

	if (f->batch != NULL)
		s->batch = xstrdup(f->batch);
	else if (s->env[ENV_PHASE2_BATCH_CODE] != NULL &&
	    *s->env[ENV_PHASE2_BATCH_CODE] != '\0')
		s->batch = xstrdup(s->env[ENV_PHASE2_BATCH_CODE]);

	/* Only the literal true/false of the runbook counts. Anything else
	 * leaves the default (the quality check runs: never skipped on a value
	 * nobody can read), and F-00 fails it as ENV_FLAG_INVALID. */
	if ((v = s->env[ENV_RUN_EVIDENCE_QUALITY_CHECK]) != NULL &&
	    settings_flag(v, &b) == 0)
		s->run_quality = b;
	if (f->quality_checks != NULL) {
		free(s->quality_checks);
		s->quality_checks = xstrdup(f->quality_checks);
	}
	if (f->playbook_file != NULL)
		s->playbook_file = xstrdup(f->playbook_file);
	if (f->lang != NULL) {
		if (strcmp(f->lang, "en") != 0 && strcmp(f->lang, "id") != 0) {
			*cause = xasprintf("--lang: '%s' is not en or id", f->lang);
			return -1;
		}
		s->lang = xstrdup(f->lang);
	} else {
		const char *l = getenv("LANG");

		s->lang = xstrdup(l != NULL && str_has_prefix(l, "id") ? "id" : "en");
	}
	return 0;

flag_fail:
	*cause = xasprintf("flag %s", why);
	free(why);
	return -1;
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
	free(s->queue_name);
	free(s->queue_prefix);
	free(s->reports_dir);
	free(s->batch);
	free(s->quality_checks);
	free(s->playbook_file);
	free(s->lang);
	free(s->context);
	free(s->flags);
	context_list_free(&s->contexts);
	memset(s, 0, sizeof *s);
}
