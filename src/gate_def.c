/* The table of gates. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "gate_def.h"
#include "util.h"

static const struct gate_def gate_defs[GATE_COUNT] = {
	{ GATE_ENV_BASELINE, "F-00", "env-baseline", "gate:ingest-env-baseline",
	    "Env baseline", "INGEST_ENV_BASELINE_RESULT",
	    "gates/ingest-env-baseline", "ingest-env-baseline", 0 },
	{ GATE_CONTRACT_SMOKE, "F-01", "contract-smoke", "ingest-contract-smoke",
	    "Ingest contract smoke", "INGEST_CONTRACT_SMOKE_RESULT",
	    "gates/ingest-contract-smoke", "ingest-contract-smoke", 0 },
	{ GATE_ADMIN_RBAC, "F-02", "admin-rbac", "admin-auth-smoke",
	    "Admin RBAC smoke", "ADMIN_RBAC_SMOKE_RESULT",
	    "gates/admin-rbac-smoke", "admin-rbac-smoke", 0 },
	{ GATE_PROCESSING, "F-03", "processing", "gate:ingest-processing",
	    "Processing success rate", "INGEST_PROCESSING_RESULT",
	    "gates/ingest-processing", "ingest-processing", 0 },
	{ GATE_DLQ_GROWTH, "F-04", "dlq-growth", "gate:ingest-dlq-growth",
	    "DLQ growth", "INGEST_DLQ_GROWTH_RESULT",
	    "gates/ingest-dlq-growth", "ingest-dlq-growth", 0 },
	{ GATE_QUALITY, "F-05", "quality", "quality:phase2",
	    "Phase-2 data quality", "PHASE2_QUALITY_RESULT",
	    "recon/quality/{batch}", "phase2-quality", 1 },
	{ GATE_RELEASE, NULL, "release", "gate:ingest-release",
	    "Ingest release (F-03 + F-04)", "INGEST_RELEASE_RESULT",
	    "gates/ingest-release", "ingest-release", 0 },
	{ GATE_EVIDENCE, NULL, "evidence", "release:evidence",
	    "Release evidence (F-00…F-05)", "RELEASE_EVIDENCE_RESULT",
	    "release-evidence/{batch}", "release-evidence", 1 },
};

const struct gate_def *
gate_def_get(enum gate_id id)
{
	return &gate_defs[id];
}

const struct gate_def *
gate_def_find(const char *name)
{
	for (int i = 0; i < GATE_COUNT; i++) {
		const struct gate_def *g = &gate_defs[i];

		if (strcmp(name, g->name) == 0 ||
		    (g->alias != NULL && strcmp(name, g->alias) == 0) ||
		    (g->fid != NULL && strcasecmp(name, g->fid) == 0))
			return g;
	}
	return NULL;
}
