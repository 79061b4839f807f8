/* The gates of SPEC section 3: ids, names, runbook aliases, result keys and
 * report folders. */
#ifndef INGESTGATE_GATE_DEF_H
#define INGESTGATE_GATE_DEF_H

enum gate_id {
	GATE_ENV_BASELINE,
	GATE_CONTRACT_SMOKE,
	GATE_ADMIN_RBAC,
	GATE_PROCESSING,
	GATE_DLQ_GROWTH,
	GATE_QUALITY,
	GATE_RELEASE,
	GATE_EVIDENCE,
	GATE_COUNT
};

struct gate_def {
	enum gate_id id;
	const char *fid;	/* "F-00"…"F-05", NULL for release/evidence */
	const char *name;	/* CLI name */
	const char *alias;	/* runbook alias, NULL when none */
	const char *title;
	const char *result_key;
	const char *folder;	/* under the report root; "{batch}" is replaced */
	const char *report_name;
	int needs_batch;
};

const struct gate_def *gate_def_get(enum gate_id id);
/* By CLI name, runbook alias (with or without "pnpm ... " prefix) or F-id. */
const struct gate_def *gate_def_find(const char *name);

#endif
