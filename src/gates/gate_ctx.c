/* The gate context: the settings and the clients a run shares, made on first
 * use (ops_db's connect may be begun early, in the background). Apart from
 * gate_run.c so that the gates (which use it) and the runner (which calls
 * the gates through the registry) are no import circle. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "clients/core_api.h"
#include "clients/ops_db.h"
#include "gates/gate.h"
#include "config/url.h"

void
gate_ctx_init(struct gate_ctx *ctx, const struct settings *s)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->s = s;
	ctx->now = time(NULL);
}

void
gate_ctx_free(struct gate_ctx *ctx)
{
	core_api_free(ctx->api);
	ops_db_open_abandon(ctx->db_pending);
	ops_db_close(ctx->db);
	free(ctx->api_cause);
	memset(ctx, 0, sizeof *ctx);
}

struct core_api *
gate_ctx_api(struct gate_ctx *ctx, struct api_error *err)
{
	const struct settings *s = ctx->s;

	memset(err, 0, sizeof *err);
	if (ctx->api == NULL && ctx->api_cause == NULL)
		ctx->api = core_api_new(s->env[ENV_CORE_API_BASE_URL],
		    s->env[ENV_CORE_API_ADMIN_TOKEN], s->http_timeout_ms,
		    s->insecure, &ctx->api_cause);
	if (ctx->api == NULL) {
		api_error_set(err, CODE_CORE_API_UNREACHABLE, 0,
		    "CORE_API_BASE_URL: %s", ctx->api_cause);
		if (s->env[ENV_CORE_API_BASE_URL] != NULL &&
		    *s->env[ENV_CORE_API_BASE_URL] != '\0')
			err->code = CODE_ENV_INVALID_URL;
		else
			err->code = CODE_ENV_MISSING_KEY;
	}
	return ctx->api;
}

const char *
gate_ctx_api_scheme(const struct gate_ctx *ctx)
{
	static const char *const schemes[] = { "http", "https", NULL };
	const char *v = ctx->s->env[ENV_CORE_API_BASE_URL], *r;
	struct url u;
	char *cause = NULL;

	if (v == NULL || url_parse(v, schemes, &u, &cause) != 0) {
		free(cause);
		return NULL;
	}
	r = strcmp(u.scheme, "https") == 0 ? schemes[1] : schemes[0];
	url_free(&u);
	return r;
}

struct ops_db *
gate_ctx_db(struct gate_ctx *ctx, char **cause)
{
	if (ctx->db == NULL && ctx->db_pending != NULL) {
		ctx->db = ops_db_open_finish(ctx->db_pending, cause);
		ctx->db_pending = NULL;
	} else if (ctx->db == NULL)
		ctx->db = ops_db_open(ctx->s->env[ENV_OPS_DB_URL],
		    ctx->s->http_timeout_ms, cause);
	return ctx->db;
}

void
gate_ctx_db_prefetch(struct gate_ctx *ctx)
{
	if (ctx->db == NULL && ctx->db_pending == NULL)
		ctx->db_pending = ops_db_open_start(
		    ctx->s->env[ENV_OPS_DB_URL], ctx->s->http_timeout_ms);
}

void
gate_ctx_db_drop_pending(struct gate_ctx *ctx)
{
	ops_db_open_abandon(ctx->db_pending);
	ctx->db_pending = NULL;
}

void
gate_ctx_db_reset(struct gate_ctx *ctx)
{
	ops_db_open_abandon(ctx->db_pending);
	ctx->db_pending = NULL;
	ops_db_close(ctx->db);
	ctx->db = NULL;
}
