/* The gate registry: the table of gates, with the help each one shows, the
 * console key that runs it and how it runs. Everything that lists gates reads
 * this table; tests/unit/check_registry.c keeps every row complete. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "gates/gate.h"
#include "core/util.h"

static const struct gate_def gate_defs[GATE_COUNT] = {
	{ GATE_ENV_BASELINE, "F-00", "env-baseline", "gate:ingest-env-baseline",
	    "Env baseline", "INGEST_ENV_BASELINE_RESULT",
	    "gates/ingest-env-baseline", "ingest-env-baseline", 0,
	    1, 'e', gate_env_baseline, { 0 }, 0,
	    "required keys set, receiver flags true, URLs well formed, tokens "
	    "free of hidden characters, Redis and core-api answer",
	    "emitter-env offline activation-window",
	    "ingestgate gate env-baseline --env-file /srv/core-api/.env\n"
	    "ingestgate gate env-baseline --offline --env-file .env "
	    "--emitter-env ../web/.env\n"
	    "ingestgate gate env-baseline --activation-window" },
	{ GATE_CONTRACT_SMOKE, "F-01", "contract-smoke", "ingest-contract-smoke",
	    "Ingest contract smoke", "INGEST_CONTRACT_SMOKE_RESULT",
	    "gates/ingest-contract-smoke", "ingest-contract-smoke", 0,
	    1, 's', gate_contract_smoke, { 0 }, 0,
	    "a probe signed with INGEST_SERVICE_SECRET is accepted by "
	    "POST /v1/ingest/signature-check",
	    "",
	    "ingestgate gate contract-smoke" },
	{ GATE_ADMIN_RBAC, "F-02", "admin-rbac", "admin-auth-smoke",
	    "Admin RBAC smoke", "ADMIN_RBAC_SMOKE_RESULT",
	    "gates/admin-rbac-smoke", "admin-rbac-smoke", 0,
	    1, 'a', gate_admin_rbac, { 0 }, 0,
	    "the admin token reads (200), a wrong token gets 401, a VIEWER may "
	    "not replay (403)",
	    "",
	    "ingestgate gate admin-rbac" },
	{ GATE_PROCESSING, "F-03", "processing", "gate:ingest-processing",
	    "Processing success rate", "INGEST_PROCESSING_RESULT",
	    "gates/ingest-processing", "ingest-processing", 0,
	    1, 'p', gate_processing, { 0 }, 0,
	    "succeeded / (succeeded + failed) in the window against "
	    "GATE_PROCESSING_MIN_SUCCESS_RATE and the warning line, with the "
	    "sources and messages behind the failures",
	    "window",
	    "ingestgate gate processing\n"
	    "ingestgate gate processing --window 120 --json\n"
	    "ingestgate gate gate:ingest-processing --context staging" },
	{ GATE_DLQ_GROWTH, "F-04", "dlq-growth", "gate:ingest-dlq-growth",
	    "DLQ growth", "INGEST_DLQ_GROWTH_RESULT",
	    "gates/ingest-dlq-growth", "ingest-dlq-growth", 0,
	    1, 'd', gate_dlq_growth, { 0 }, 0,
	    "DLQ entries created minus resolved in the window, and OPEN+FAILED, "
	    "against GATE_DLQ_MAX_GROWTH and GATE_DLQ_MAX_OPEN",
	    "window",
	    "ingestgate gate dlq-growth\n"
	    "ingestgate gate dlq-growth --window 30" },
	{ GATE_QUALITY, "F-05", "quality", "quality:phase2",
	    "Phase-2 data quality", "PHASE2_QUALITY_RESULT",
	    "recon/quality/{batch}", "phase2-quality", 1,
	    1, 'c', gate_quality, { 0 }, 0,
	    "duplicate identities, payment orphans and every extra *.sql check "
	    "for the batch, read-only against ops_db",
	    "quality-checks",
	    "ingestgate gate quality --batch F-2026-02-20\n"
	    "ingestgate gate quality --quality-checks /etc/ingestgate/quality" },
	{ GATE_RELEASE, NULL, "release", "gate:ingest-release",
	    "Ingest release (F-03 + F-04)", "INGEST_RELEASE_RESULT",
	    "gates/ingest-release", "ingest-release", 0,
	    1, 'r', NULL,
	    { GATE_PROCESSING, GATE_DLQ_GROWTH }, 2,
	    "processing (F-03) and DLQ growth (F-04); the worse verdict of the "
	    "two",
	    "window",
	    "ingestgate gate release\n"
	    "ingestgate gate release --json > release.json" },
	{ GATE_EVIDENCE, NULL, "evidence", "release:evidence",
	    "Release evidence (F-00…F-05)", "RELEASE_EVIDENCE_RESULT",
	    "release-evidence/{batch}", "release-evidence", 1,
	    1, 'E', NULL,
	    { GATE_ENV_BASELINE, GATE_CONTRACT_SMOKE, GATE_ADMIN_RBAC,
	    GATE_PROCESSING, GATE_DLQ_GROWTH, GATE_QUALITY }, 6,
	    "F-00 to F-05 and the batch's decision: GO (exit 0), NO-GO (1) or "
	    "PENDING (2)",
	    "emitter-env offline activation-window window quality-checks",
	    "ingestgate gate evidence --batch F-2026-02-20\n"
	    "RUN_EVIDENCE_QUALITY_CHECK=false ingestgate gate evidence" },
};

const struct gate_def *
gate_def_get(enum gate_id id)
{
	return &gate_defs[id];
}

const struct gate_def *
gate_def_by_key(int key)
{
	for (int i = 0; i < GATE_COUNT; i++)
		if (gate_defs[i].console_key == key)
			return &gate_defs[i];
	return NULL;
}

const struct gate_def *
gate_def_find(const char *name)
{
	for (int i = 0; i < GATE_COUNT; i++) {
		const struct gate_def *g = &gate_defs[i];

		if (strcasecmp(name, g->name) == 0 ||
		    (g->alias != NULL && strcasecmp(name, g->alias) == 0) ||
		    (g->fid != NULL && strcasecmp(name, g->fid) == 0))
			return g;
	}
	return NULL;
}

void
gate_def_names(const char *out[GATE_NAMES_MAX])
{
	size_t n = 0;

	for (int i = 0; i < GATE_COUNT; i++) {
		out[n++] = gate_defs[i].name;
		if (gate_defs[i].alias != NULL)
			out[n++] = gate_defs[i].alias;
	}
	out[n] = NULL;
}
