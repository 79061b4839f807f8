/* F-01 contract smoke: a signed probe to the signature check endpoint. */
#include "config.h"

#include "clients/core_api.h"
#include "gates/gate.h"

void
gate_contract_smoke(struct gate_ctx *ctx, struct gate_result *r)
{
	const struct settings *s = ctx->s;
	const char *token = s->env[ENV_INGEST_SERVICE_TOKEN];
	const char *secret = s->env[ENV_INGEST_SERVICE_SECRET];
	struct core_api *api;
	struct api_error err;

	if (token == NULL || *token == '\0' || secret == NULL || *secret == '\0') {
		result_check(r, "signature-check", VERDICT_ERROR,
		    CODE_ENV_MISSING_KEY, "INGEST_SERVICE_TOKEN and "
		    "INGEST_SERVICE_SECRET are needed to sign the probe");
		result_summary(r, "cannot sign the probe");
		return;
	}
	if ((api = gate_ctx_api(ctx, &err)) == NULL) {
		result_check(r, "signature-check", VERDICT_ERROR, err.code, "%s",
		    err.message);
		result_summary(r, "core-api is not configured");
		return;
	}
	kv_int(&r->metrics, "timestamp", (long long)ctx->now);
	if (core_api_signature_check(api, token, secret, (long long)ctx->now,
	    &err) == 0) {
		result_check(r, "signature-check", VERDICT_PASS, CODE_NONE,
		    "POST /v1/ingest/signature-check: 200 valid:true");
		result_summary(r, "the receiver accepts our signature");
		kv_int(&r->metrics, "httpStatus", 200);
		return;
	}
	kv_int(&r->metrics, "httpStatus", err.http_status);
	if (err.code == CODE_INVALID_INGEST_SIGNATURE ||
	    err.code == CODE_INGEST_TIMESTAMP_SKEW) {
		result_check(r, "signature-check", VERDICT_FAIL, err.code, "%s",
		    err.message);
		result_summary(r, "the receiver refuses the signed probe (%s)",
		    code_name(err.code));
	} else {
		result_check(r, "signature-check", VERDICT_ERROR, err.code, "%s",
		    err.message);
		result_summary(r, "could not evaluate the contract (%s)",
		    code_name(err.code));
	}
}
