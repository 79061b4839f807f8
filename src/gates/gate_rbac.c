/* F-02 admin RBAC smoke: the real token reads, a wrong token is refused with
 * 401, and a VIEWER may not replay (403). */
#include "config.h"

#include <stdio.h>

#include "clients/core_api.h"
#include "gates/gate.h"

void
gate_admin_rbac(struct gate_ctx *ctx, struct gate_result *r)
{
	static const char path[] = "/v1/ingest/metrics/queue?windowMinutes=1";
	const struct settings *s = ctx->s;
	struct core_api *api;
	struct api_error err;
	struct replay_counts rc;
	char wrong[64];
	long status = 0;

	if ((api = gate_ctx_api(ctx, &err)) == NULL) {
		result_check(r, "admin-read", VERDICT_ERROR, err.code, "%s",
		    err.message);
		result_summary(r, "core-api is not configured");
		return;
	}
	/* 1. The real token reads. */
	if (core_api_probe(api, path, s->env[ENV_CORE_API_ADMIN_TOKEN] != NULL ?
	    s->env[ENV_CORE_API_ADMIN_TOKEN] : "", "VIEWER", &status, &err) != 0) {
		result_check(r, "admin-read", VERDICT_ERROR, err.code, "%s",
		    err.message);
		result_summary(r, "core-api did not answer");
		return;
	}
	if (status == 200)
		result_check(r, "admin-read", VERDICT_PASS, CODE_NONE,
		    "GET metrics with the admin token: 200");
	else if (status == 401)
		result_check(r, "admin-read", VERDICT_ERROR,
		    CODE_INVALID_ADMIN_TOKEN, "the real admin token is refused "
		    "(401): check CORE_API_ADMIN_TOKEN");
	else if (status >= 500) {
		/* A broken server cannot tell us anything about roles. */
		result_check(r, "admin-read", VERDICT_ERROR, err.code, "%s",
		    err.message);
		result_summary(r, "core-api failed (%ld)", status);
		return;
	}
	else
		result_check(r, "admin-read", VERDICT_FAIL, CODE_ADMIN_RBAC_BROKEN,
		    "GET metrics with the admin token: expected 200, got %ld (%s)",
		    status, err.message);

	/* 2. A wrong token is refused. */
	snprintf(wrong, sizeof wrong, "ingestgate-wrong-token-%lld",
	    (long long)ctx->now);
	if (core_api_probe(api, path, wrong, "VIEWER", &status, &err) != 0)
		result_check(r, "wrong-token", VERDICT_ERROR, err.code, "%s",
		    err.message);
	else if (status == 401 && err.code == CODE_INVALID_ADMIN_TOKEN)
		result_check(r, "wrong-token", VERDICT_PASS, CODE_NONE,
		    "a wrong token is refused: 401 INVALID_ADMIN_TOKEN");
	else
		result_check(r, "wrong-token", VERDICT_FAIL, CODE_ADMIN_RBAC_BROKEN,
		    "a wrong token: expected 401 INVALID_ADMIN_TOKEN, got %ld %s",
		    status, code_name(err.code));

	/* 3. VIEWER may not write, even a dry run. */
	if (core_api_replay(api, "VIEWER", "OPEN", NULL, NULL, 1, 1, &rc,
	    &err) == 0)
		result_check(r, "viewer-replay", VERDICT_FAIL,
		    CODE_ADMIN_RBAC_BROKEN, "a VIEWER dry-run replay was "
		    "accepted; expected 403 ADMIN_ROLE_FORBIDDEN");
	else if (err.http_status == 403 && err.code == CODE_ADMIN_ROLE_FORBIDDEN)
		result_check(r, "viewer-replay", VERDICT_PASS, CODE_NONE,
		    "a VIEWER replay is refused: 403 ADMIN_ROLE_FORBIDDEN");
	else if (err.http_status == 0)
		result_check(r, "viewer-replay", VERDICT_ERROR, err.code, "%s",
		    err.message);
	else
		result_check(r, "viewer-replay", VERDICT_FAIL,
		    CODE_ADMIN_RBAC_BROKEN, "a VIEWER replay: expected 403 "
		    "ADMIN_ROLE_FORBIDDEN, got %ld %s", err.http_status,
		    code_name(err.code));
	result_summary(r, r->verdict == VERDICT_PASS ?
	    "admin auth and roles behave as the contract says" :
	    "admin auth or roles do not behave as the contract says");
}
