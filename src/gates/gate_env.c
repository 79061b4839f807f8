/* F-00 env baseline: the runbook's preflight (section 3.1) as checks, each a
 * line of the result. Values of secrets never appear; fingerprints do. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "clients/core_api.h"
#include "clients/redis_client.h"
#include "gates/gate.h"
#include "config/secret.h"
#include "config/url.h"
#include "core/suggest.h"
#include "core/util.h"

static const enum env_key receiver_flags[] = {
	ENV_INGEST_QUEUE_ENABLED, ENV_INGEST_WEBHOOK_ENABLED,
	ENV_INGEST_REPLAY_ENABLED
};

static const enum env_key secret_keys[] = {
	ENV_CORE_API_ADMIN_TOKEN, ENV_INGEST_SERVICE_TOKEN,
	ENV_INGEST_SERVICE_SECRET
};

static int
is_set(const char *v)
{
	return v != NULL && *v != '\0';
}

/* Lines dotenv ignores (SPEC section 2): a warning each, with its number,
 * never its text (it may be a secret). More than ENVFILE_MAX_IGNORED make
 * it no env file: the gate is then ERROR ENV_PARSE_ERROR (gate_run.c). */
static void
parse_warnings(struct buf *b, int *n, const struct envfile *ef)
{
	for (size_t i = 0; i < ef->nerrors; i++)
		buf_addf(b, "%s%s:%u: %s", (*n)++ ? "; " : "", ef->path,
		    ef->errors[i].line, ef->errors[i].message);
}

/* A check whose input file was not given is SKIPPED; 1 when it was. */
static int
skipped_without(int have, struct gate_result *r, const char *check,
    const char *why)
{
	if (!have)
		result_check(r, check, VERDICT_SKIPPED, CODE_NONE, "%s", why);
	return !have;
}

static void
check_env_file(const struct settings *s, struct gate_result *r)
{
	struct buf warn = { 0 };
	int n = 0;

	if (skipped_without(s->have_env_file, r, "env-file",
	    "no --env-file given; process environment only"))
		return;
	parse_warnings(&warn, &n, &s->env_file);
	if (s->have_emitter_env)
		parse_warnings(&warn, &n, &s->emitter_env);
	if (n == 0)
		result_check(r, "env-file", VERDICT_PASS, CODE_NONE,
		    "%s: %zu keys read", s->env_file.path, s->env_file.n);
	else
		result_check(r, "env-file", VERDICT_WARN, CODE_ENV_PARSE_ERROR,
		    "%d line%s that dotenv ignores: %s", n, n == 1 ? "" : "s",
		    warn.data);
	buf_free(&warn);
}

/* Names other apps and runbooks give the keys we read: a file that has
 * one of them has the value under a name we do not read. */
static const struct {
	const char *ours, *theirs;
} other_names[] = {
	{ "OPS_DB_URL", "DATABASE_URL" },
	{ "OPS_DB_URL", "POSTGRES_URL" },
	{ "OPS_DB_URL", "PG_URL" },
	{ "CORE_API_BASE_URL", "CORE_API_URL" },
};

/* The env file's key, with a value, that stands where the missing key
 * ours should: one of its other names, else a key we do not read one slip
 * away (one edit, two letters swapped or the case: "INGEST_REDIS_ULR"). Not the
 * nearest of a wider field: env keys share long prefixes and suffixes, and
 * INGEST_QUEUE_DISABLED is not a slip for INGEST_QUEUE_ENABLED. NULL when
 * none. */
static const char *
look_alike(const struct envfile *ef, const char *ours)
{
	const char *v;

	for (size_t i = 0; i < nitems(other_names); i++)
		if (strcmp(other_names[i].ours, ours) == 0 &&
		    (v = envfile_get(ef, other_names[i].theirs)) != NULL &&
		    *v != '\0')
			return other_names[i].theirs;
	for (size_t i = 0; i < ef->n; i++) {
		const struct env_entry *e = &ef->entries[i];
		int known = 0;

		for (int k = 0; k < ENV_KEY_COUNT && !known; k++)
			known = strcmp(e->key, env_key_name(k)) == 0;
		if (!known && e->value != NULL && *e->value != '\0' &&
		    suggest_distance(e->key, ours) <= 1)
			return e->key;
	}
	return NULL;
}

static void
check_required(const struct settings *s, struct gate_result *r)
{
	struct buf missing = { 0 }, hints = { 0 };
	int n = 0;

	for (int k = 0; k < ENV_KEY_COUNT; k++) {
		const char *alike;

		if (!env_key_required(k) || is_set(s->env[k]))
			continue;
		buf_addf(&missing, "%s%s", n++ ? ", " : "", env_key_name(k));
		if ((alike = look_alike(&s->env_file, env_key_name(k))) != NULL)
			buf_addf(&hints, "; the env file names %s, not %s",
			    alike, env_key_name(k));
	}
	if (hints.data != NULL)
		buf_adds(&missing, hints.data);
	buf_free(&hints);
	if (n == 0)
		result_check(r, "required-keys", VERDICT_PASS, CODE_NONE,
		    "all required keys are set");
	else
		result_check(r, "required-keys", VERDICT_FAIL, CODE_ENV_MISSING_KEY,
		    "missing or empty: %s", missing.data);
	buf_free(&missing);
}

/* A flag's value for display: flags are not secrets, but a stray space or
 * control character must be seen, and never reach the terminal raw. */
static char *
show_flag(const char *v)
{
	struct buf b = { 0 };

	buf_addc(&b, '\'');
	for (const unsigned char *p = (const unsigned char *)v; *p != '\0'; p++) {
		if (*p < 0x20 || *p >= 0x7f || *p == '\'' || *p == '\\')
			buf_addf(&b, "\\x%02x", *p);
		else
			buf_addc(&b, (char)*p);
	}
	buf_addc(&b, '\'');
	return buf_take(&b);
}

/* Adds "KEY='value'" to *bad when a set flag is not literally true/false. */
static int
flag_invalid(struct buf *bad, int *n, const struct settings *s, enum env_key k)
{
	const char *v = s->env[k];
	char *shown;
	int b;

	if (!is_set(v) || settings_flag(v, &b) == 0)
		return 0;
	shown = show_flag(v);
	buf_addf(bad, "%s%s=%s", (*n)++ ? ", " : "", env_key_name(k), shown);
	free(shown);
	return 1;
}

/* One flag that is set but not literally true or false: a failing check
 * named `check` whose text ends in `consequence`. 1 when it was refused. */
static int
flag_refused(const struct settings *s, struct gate_result *r, enum env_key k,
    const char *check, const char *consequence)
{
	struct buf bad = { 0 };
	int n = 0, refused = flag_invalid(&bad, &n, s, k);

	if (refused)
		result_check(r, check, VERDICT_FAIL, CODE_ENV_FLAG_INVALID,
		    "not literally true or false: %s%s", bad.data, consequence);
	buf_free(&bad);
	return refused;
}

/* The receiver flags must be literally true: "1", "yes" or "TRUE" may mean
 * true to one app and false to another, so they are not. */
static void
check_receiver_flags(const struct settings *s, struct gate_result *r)
{
	struct buf bad = { 0 };
	int n = 0, b;

	for (size_t i = 0; i < nitems(receiver_flags); i++)
		flag_invalid(&bad, &n, s, receiver_flags[i]);
	if (n > 0) {
		result_check(r, "receiver-flags", VERDICT_FAIL, CODE_ENV_FLAG_INVALID,
		    "not literally true or false: %s", bad.data);
		goto out;
	}
	for (size_t i = 0; i < nitems(receiver_flags); i++) {
		const char *v = s->env[receiver_flags[i]];

		if (settings_flag(v, &b) == 0 && b)
			continue;
		buf_addf(&bad, "%s%s=%s", n++ ? ", " : "",
		    env_key_name(receiver_flags[i]), is_set(v) ? v : "(unset)");
	}
	if (n == 0)
		result_check(r, "receiver-flags", VERDICT_PASS, CODE_NONE,
		    "INGEST_QUEUE_ENABLED, INGEST_WEBHOOK_ENABLED and "
		    "INGEST_REPLAY_ENABLED are true");
	else
		result_check(r, "receiver-flags", VERDICT_FAIL,
		    CODE_ENV_FLAG_DISABLED, "not true: %s", bad.data);
out:
	buf_free(&bad);
}

static void
check_emit_flag(const struct settings *s, struct gate_result *r)
{
	const char *v = s->env[ENV_WEB_EMIT_BOOKING_EVENT_ENABLED];
	int b;

	if (flag_refused(s, r, ENV_WEB_EMIT_BOOKING_EVENT_ENABLED, "emit-flag",
	    " (the web app may read it either way)"))
		return;
	if (s->activation_window)
		result_check(r, "emit-flag", VERDICT_PASS, CODE_NONE,
		    "activation window: WEB_EMIT_BOOKING_EVENT_ENABLED=%s "
		    "allowed", is_set(v) ? v : "(unset)");
	else if (settings_flag(v, &b) == 0 && !b)
		result_check(r, "emit-flag", VERDICT_PASS, CODE_NONE,
		    "WEB_EMIT_BOOKING_EVENT_ENABLED=false before the "
		    "activation window");
	else if (is_set(v))
		result_check(r, "emit-flag", VERDICT_FAIL,
		    CODE_ENV_EMIT_ENABLED_EARLY,
		    "WEB_EMIT_BOOKING_EVENT_ENABLED=true before the "
		    "activation window (use --activation-window during it)");
	else
		result_check(r, "emit-flag", VERDICT_SKIPPED, CODE_NONE,
		    "WEB_EMIT_BOOKING_EVENT_ENABLED is unset");
}

static void
check_quality_flag(const struct settings *s, struct gate_result *r)
{
	const char *v = s->env[ENV_RUN_EVIDENCE_QUALITY_CHECK];

	if (flag_refused(s, r, ENV_RUN_EVIDENCE_QUALITY_CHECK, "quality-flag",
	    "; the quality check runs"))
		return;
	result_check(r, "quality-flag", VERDICT_PASS, CODE_NONE,
	    "RUN_EVIDENCE_QUALITY_CHECK=%s", is_set(v) ? v : "true (default)");
}

static void
check_flags(const struct settings *s, struct gate_result *r)
{
	check_receiver_flags(s, r);
	check_emit_flag(s, r);
	check_quality_flag(s, r);
}

static const char *const http_schemes[] = { "http", "https", NULL };
static const char *const redis_schemes[] = { "redis", "rediss", NULL };
static const char *const pg_schemes[] = { "postgres", "postgresql", NULL };

static const struct {
	enum env_key key;
	const char *const *schemes;
} url_keys[] = {
	{ ENV_CORE_API_BASE_URL, http_schemes },
	{ ENV_REDIS_URL, redis_schemes },
	{ ENV_INGEST_REDIS_URL, redis_schemes },
	{ ENV_OPS_DB_URL, pg_schemes },
};

/* What a well-formed URL of entry i must also be: Redis's rediss:// and
 * database (url_redis_check), core-api's scheme on a network. NULL, or why
 * not (caller frees); *note gets what --insecure let through. */
static char *
url_policy(const struct settings *s, size_t i, const struct url *u,
    char **note)
{
	char *cause = NULL;
	long db;

	if (url_keys[i].schemes == redis_schemes &&
	    url_redis_check(u, &db, &cause) != 0)
		return cause;
	if (url_keys[i].key == ENV_CORE_API_BASE_URL &&
	    url_cleartext_remote(u, &cause)) {
		if (!s->insecure)
			return cause;
		free(cause);
		*note = xasprintf("; CORE_API_BASE_URL is plain http:// to %s, "
		    "allowed by --insecure: the admin token travels in "
		    "CLEARTEXT", u->host);
	}
	return NULL;
}

/* Returns a bit per url_keys entry that is set and parses (the Redis pings
 * and core-api say themselves why they cannot use the others); the check
 * fails on any that breaks a rule, offline too. */
static unsigned
check_urls(const struct settings *s, struct gate_result *r)
{
	struct buf bad = { 0 };
	char *note = NULL;
	unsigned ok = 0;
	int n = 0, any = 0;

	for (size_t i = 0; i < nitems(url_keys); i++) {
		const char *v = s->env[url_keys[i].key];
		struct url u;
		char *cause = NULL;

		if (!is_set(v))
			continue;
		any = 1;
		if (url_parse(v, url_keys[i].schemes, &u, &cause) == 0) {
			ok |= 1u << i;
			cause = url_policy(s, i, &u, &note);
			url_free(&u);
		}
		if (cause == NULL)
			continue;
		buf_addf(&bad, "%s%s: %s", n++ ? "; " : "",
		    env_key_name(url_keys[i].key), cause);
		free(cause);
	}
	if (n > 0)
		result_check(r, "urls", VERDICT_FAIL, CODE_ENV_INVALID_URL, "%s%s",
		    bad.data, note != NULL ? note : "");
	else if (any)
		result_check(r, "urls", VERDICT_PASS, CODE_NONE,
		    "URLs are well formed%s", note != NULL ? note : "");
	else
		result_check(r, "urls", VERDICT_SKIPPED, CODE_NONE, "no URL set");
	free(note);
	buf_free(&bad);
	return ok;
}

static void
hygiene_one(struct buf *bad, int *n, const char *side, const char *key,
    const char *v)
{
	struct hidden_hit hit;
	char fp[FINGERPRINT_LEN + 1];

	if (!is_set(v) || secret_hidden_chars(v, &hit) == 0)
		return;
	secret_fingerprint(v, fp);
	buf_addf(bad, "%s%s%s: %s, byte offset %zu (fingerprint %s)",
	    (*n)++ ? "; " : "", side, key, hit.what, hit.pos, fp);
}

static void
check_secrets(const struct settings *s, struct gate_result *r)
{
	struct buf bad = { 0 };
	int n = 0;

	for (size_t i = 0; i < nitems(secret_keys); i++)
		hygiene_one(&bad, &n, "", env_key_name(secret_keys[i]),
		    s->env[secret_keys[i]]);
	if (s->have_emitter_env) {
		hygiene_one(&bad, &n, "emitter ", "INGEST_SERVICE_TOKEN",
		    envfile_get(&s->emitter_env, "INGEST_SERVICE_TOKEN"));
		hygiene_one(&bad, &n, "emitter ", "INGEST_SERVICE_SECRET",
		    envfile_get(&s->emitter_env, "INGEST_SERVICE_SECRET"));
	}
	if (n > 0)
		result_check(r, "secret-hygiene", VERDICT_FAIL,
		    CODE_ENV_SECRET_HIDDEN_CHARS, "%s", bad.data);
	else
		result_check(r, "secret-hygiene", VERDICT_PASS, CODE_NONE,
		    "tokens and secret carry no hidden characters");
	buf_free(&bad);
}

static void
check_emitter(const struct settings *s, struct gate_result *r)
{
	static const enum env_key keys[] = { ENV_INGEST_SERVICE_TOKEN,
	    ENV_INGEST_SERVICE_SECRET };
	struct buf bad = { 0 };
	int n = 0;

	if (skipped_without(s->have_emitter_env, r, "emitter-match",
	    "no --emitter-env given"))
		return;
	for (size_t i = 0; i < nitems(keys); i++) {
		const char *mine = s->env[keys[i]];
		const char *theirs = envfile_get(&s->emitter_env,
		    env_key_name(keys[i]));
		char a[FINGERPRINT_LEN + 1] = "(unset)", b[FINGERPRINT_LEN + 1] =
		    "(unset)";

		if (is_set(mine) && is_set(theirs) && secret_equal(mine, theirs))
			continue;
		if (is_set(mine))
			secret_fingerprint(mine, a);
		if (is_set(theirs))
			secret_fingerprint(theirs, b);
		buf_addf(&bad, "%s%s differs: receiver %s, emitter %s",
		    n++ ? "; " : "", env_key_name(keys[i]), a, b);
	}
	if (n > 0)
		result_check(r, "emitter-match", VERDICT_FAIL,
		    CODE_ENV_SECRET_MISMATCH, "%s", bad.data);
	else {
		char a[FINGERPRINT_LEN + 1], b[FINGERPRINT_LEN + 1];

		secret_fingerprint(s->env[ENV_INGEST_SERVICE_TOKEN], a);
		secret_fingerprint(s->env[ENV_INGEST_SERVICE_SECRET], b);
		result_check(r, "emitter-match", VERDICT_PASS, CODE_NONE,
		    "emitter and receiver agree (token %s, secret %s)", a, b);
	}
	buf_free(&bad);
}

static void
check_redis(const struct gate_ctx *ctx, struct gate_result *r, enum env_key k,
    int url_ok)
{
	const struct settings *s = ctx->s;
	char *name = xasprintf("redis-ping %s", env_key_name(k));
	char *cause = NULL;

	if (s->offline)
		result_check(r, name, VERDICT_SKIPPED, CODE_NONE, "--offline");
	else if (!url_ok)
		result_check(r, name, VERDICT_FAIL, CODE_QUEUE_REDIS_UNREACHABLE,
		    "%s is %s", env_key_name(k), is_set(s->env[k]) ?
		    "not a usable URL" : "not set");
	else if (redis_ping(s->env[k], s->http_timeout_ms, &cause) != 0) {
		result_check(r, name, VERDICT_FAIL, CODE_QUEUE_REDIS_UNREACHABLE,
		    "%s: %s", env_key_name(k), cause);
		free(cause);
	} else {
		char *host = url_host(s->env[k]);

		result_check(r, name, VERDICT_PASS, CODE_NONE, "PONG from %s",
		    host);
		free(host);
	}
	free(name);
}

/* The checks that read core-api's runtime answer, in the order they run. */
static const char *const runtime_checks[] = { "core-api-runtime",
	"core-api-redis", "runtime-flags", "reload" };

/* Those from `first` on that cannot run: SKIPPED, each with `why`. */
static void
skip_runtime_checks(struct gate_result *r, size_t first, const char *why)
{
	for (size_t i = first; i < nitems(runtime_checks); i++)
		result_check(r, runtime_checks[i], VERDICT_SKIPPED, CODE_NONE,
		    "%s", why);
}

static void
check_runtime(struct gate_ctx *ctx, struct gate_result *r)
{
	const struct settings *s = ctx->s;
	struct api_error err;
	struct runtime_info rt;
	struct core_api *api;

	if (s->offline) {
		skip_runtime_checks(r, 0, "--offline");
		return;
	}
	if ((api = gate_ctx_api(ctx, &err)) == NULL ||
	    core_api_runtime(api, &rt, &err) != 0) {
		result_check(r, "core-api-runtime", VERDICT_FAIL, err.code, "%s",
		    err.message);
		skip_runtime_checks(r, 1, "no runtime answer");
		return;
	}
	result_check(r, "core-api-runtime", VERDICT_PASS, CODE_NONE,
	    "GET /v1/ingest/runtime answered (version %s, redis %s)",
	    rt.version != NULL ? rt.version : "?",
	    rt.redis_up == 1 ? "up" : rt.redis_up == 0 ? "down" : "?");
	/* Redis must be reachable from core-api's host (runbook 7.7), not
	 * only from ours: its own word is the evidence. */
	if (rt.redis_up == 1)
		result_check(r, "core-api-redis", VERDICT_PASS, CODE_NONE,
		    "core-api reports redis.status up");
	else if (rt.redis_up == 0)
		result_check(r, "core-api-redis", VERDICT_FAIL,
		    CODE_QUEUE_REDIS_UNREACHABLE, "core-api reports redis.status "
		    "other than up: Redis is not reachable from core-api's host "
		    "(runbook 7.7)");
	else
		result_check(r, "core-api-redis", VERDICT_ERROR,
		    CODE_CORE_API_BAD_RESPONSE, "core-api's runtime answer has no "
		    "redis.status");
	if (rt.flag_queue == 1 && rt.flag_webhook == 1 && rt.flag_replay == 1)
		result_check(r, "runtime-flags", VERDICT_PASS, CODE_NONE,
		    "the receiver reports all three flags true");
	else
		result_check(r, "runtime-flags", VERDICT_FAIL, CODE_ENV_FLAG_DISABLED,
		    "the receiver reports INGEST_QUEUE_ENABLED=%s "
		    "INGEST_WEBHOOK_ENABLED=%s INGEST_REPLAY_ENABLED=%s",
		    rt.flag_queue == 1 ? "true" : rt.flag_queue == 0 ? "false" : "?",
		    rt.flag_webhook == 1 ? "true" : rt.flag_webhook == 0 ? "false" : "?",
		    rt.flag_replay == 1 ? "true" : rt.flag_replay == 0 ? "false" : "?");
	/* SPEC section 3: a startedAt that is not an RFC 3339 time with a
	 * zone is a bad answer, never "not reported". */
	if (rt.have_started_at == -1)
		result_check(r, "reload", VERDICT_ERROR,
		    CODE_CORE_API_BAD_RESPONSE, "core-api's startedAt '%s' is "
		    "not an RFC 3339 time with a zone", rt.started_at_text);
	else if (rt.have_started_at == 0)
		result_check(r, "reload", VERDICT_ERROR,
		    CODE_CORE_API_BAD_RESPONSE, "core-api's runtime answer has no "
		    "startedAt");
	else if (!s->have_env_file)
		result_check(r, "reload", VERDICT_SKIPPED, CODE_NONE,
		    "no --env-file to compare with the receiver's start");
	else if (s->env_file.mtime > rt.started_at)
		result_check(r, "reload", VERDICT_WARN, CODE_ENV_RELOAD_PENDING,
		    "%s changed %lld s after the receiver started: restart or "
		    "reload it before the gate", s->env_file.path,
		    (long long)(s->env_file.mtime - rt.started_at));
	else
		result_check(r, "reload", VERDICT_PASS, CODE_NONE,
		    "the receiver started after the env file last changed");
	runtime_info_free(&rt);
}

void
gate_env_baseline(struct gate_ctx *ctx, struct gate_result *r)
{
	const struct settings *s = ctx->s;
	unsigned urls;

	check_env_file(s, r);
	check_required(s, r);
	check_flags(s, r);
	urls = check_urls(s, r);
	check_secrets(s, r);
	check_emitter(s, r);
	check_redis(ctx, r, ENV_REDIS_URL, (urls >> 1) & 1);
	check_redis(ctx, r, ENV_INGEST_REDIS_URL, (urls >> 2) & 1);
	check_runtime(ctx, r);

	for (size_t i = 0; i < nitems(secret_keys); i++) {
		static const char *const names[] = { "adminTokenFingerprint",
		    "serviceTokenFingerprint", "serviceSecretFingerprint" };
		const char *v = s->env[secret_keys[i]];
		char fp[FINGERPRINT_LEN + 1];

		if (is_set(v)) {
			secret_fingerprint(v, fp);
			kv_str(&r->metrics, names[i], fp);
		} else
			kv_null(&r->metrics, names[i]);
	}
	kv_bool(&r->metrics, "offline", s->offline);
	/* What --offline leaves unchecked: both Redis pings and every check of
	 * core-api's runtime answer. Evidence is never GO on that. */
	kv_int(&r->metrics, M_CHECKS_NOT_RUN, s->offline ? 2 +
	    (long long)nitems(runtime_checks) : 0);
	kv_bool(&r->metrics, "activationWindow", s->activation_window);
	{
		size_t failed = 0;

		for (size_t i = 0; i < r->nchecks; i++)
			failed += verdict_bad(r->checks[i].verdict);
		kv_int(&r->metrics, "checks", (long long)r->nchecks);
		kv_int(&r->metrics, "checksNotPassed", (long long)failed);
		result_summary(r, "%zu of %zu checks did not pass", failed,
		    r->nchecks);
	}
}
