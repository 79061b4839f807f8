/* The gate registry (SPEC section 3): one const row per gate in
 * src/gates/registry.c, read by the runner, the CLI's lists and help, the
 * console's gate keys, report paths and the man page. A new gate is its file
 * (src/gates/gate_NAME.c), its id and run function here, its row and
 * Makefile.am; see HACKING.md. */
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

struct gate_ctx;
struct gate_result;

/* A gate's own judgement: fills r from what its collectors bring back. */
typedef void gate_run_fn(struct gate_ctx *ctx, struct gate_result *r);

/* The gates' run functions, one file each under src/gates/. */
gate_run_fn gate_env_baseline;
gate_run_fn gate_contract_smoke;
gate_run_fn gate_admin_rbac;
gate_run_fn gate_processing;
gate_run_fn gate_dlq_growth;
gate_run_fn gate_quality;

#define GATE_STAGES_MAX 6

struct gate_def {
	enum gate_id id;
	const char *fid;	/* "F-00"…"F-05", NULL for release/evidence */
	const char *name;	/* CLI name */
	const char *alias;	/* runbook alias, NULL when none */
	const char *title;
	const char *result_key;
	const char *folder;	/* under the report root; "{batch}" is replaced */
	const char *report_name;
	int needs_batch;	/* its report folder is per batch */
	int needs_network;	/* talks to Redis, core-api or ops_db */
	int console_key;	/* the console's key that runs it */
	/* Exactly one of run (a single gate) or stages (a composite, run in
	 * this order, worst verdict wins). */
	gate_run_fn *run;
	enum gate_id stages[GATE_STAGES_MAX];
	int nstages;
	/* Help (ingestgate help NAME): what the gate decides, in one line; the
	 * options that apply to it besides those of every gate (space-separated
	 * long names, see cli.c); examples, one command per line. */
	const char *summary;
	const char *options;
	const char *examples;
};

const struct gate_def *gate_def_get(enum gate_id id);
/* The gate run by a console key, or NULL. */
const struct gate_def *gate_def_by_key(int key);
/* By CLI name, runbook alias or F-id, ignoring case. */
const struct gate_def *gate_def_find(const char *name);
/* Fills out with the CLI names and aliases, NULL-terminated, for "did you
 * mean". */
#define GATE_NAMES_MAX (2 * GATE_COUNT + 1)
void gate_def_names(const char *out[GATE_NAMES_MAX]);

#endif
