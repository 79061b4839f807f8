/* F-05 quality phase-2: the built-in checks and every *.sql of
 * --quality-checks DIR against ops_db, the batch code bound as $1. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clients/ops_db.h"
#include "clients/ops_db_statements.h"
#include "gates/gate.h"
#include "gates/quality_checks.h"
#include "core/util.h"

#define MAX_SAMPLES 20

/* The code a check carries: the built-ins' from the list of SPEC section 6,
 * an extra check's made from its name. */
static char *
check_code_text(const char *name, enum code builtin)
{
	char *c;

	if (builtin != CODE_NONE)
		return xstrdup(code_name(builtin));
	c = xasprintf("QUALITY_%s", name);
	for (char *p = c; *p != '\0'; p++)
		*p = isalnum((unsigned char)*p) ? (char)toupper((unsigned char)*p) :
		    '_';
	return c;
}

static void
run_check(struct ops_db *db, const char *batch, long timeout_ms,
    const char *name, const char *file, enum code builtin, const char *sql,
    struct gate_result *r)
{
	struct kvlist *samples = NULL;
	size_t nsamples = 0;
	long long count = 0;
	char *cause = NULL, *ct = check_code_text(name, builtin);
	int rc;

	rc = ops_db_quality_check(db, sql, batch, MAX_SAMPLES, timeout_ms,
	    &count, &samples, &nsamples, &cause);
	if (rc == -2) {
		/* The check is broken, not the database: say which file. */
		result_check(r, name, VERDICT_ERROR, CODE_QUALITY_CHECK_INVALID,
		    "%s: the check does not run: %s", file != NULL ? file :
		    name, cause);
		kv_null(&r->metrics, name);
		goto out;
	}
	if (rc != 0) {
		result_check(r, name, VERDICT_ERROR, CODE_OPS_DB_UNREACHABLE,
		    "the check's query failed: %s", cause);
		kv_null(&r->metrics, name);
		goto out;
	}
	kv_int(&r->metrics, name, count);
	if (count == 0) {
		result_check(r, name, VERDICT_PASS, CODE_NONE, "no findings");
	} else {
		struct finding *f = result_add_finding(r);

		result_check(r, name, VERDICT_FAIL, CODE_PHASE2_QUALITY_FAILED,
		    "%lld finding%s", count, count == 1 ? "" : "s");
		result_check_code_text(r, ct);
		kv_str(&f->fields, "check", name);
		kv_str(&f->fields, "code", ct);
		kv_int(&f->fields, "count", count);
		f->samples = samples;
		f->nsamples = nsamples;
		samples = NULL;
		nsamples = 0;
	}
out:
	for (size_t i = 0; i < nsamples; i++)
		kvlist_free(&samples[i]);
	free(samples);
	free(cause);
	free(ct);
}

/* A batch with no booking and no payment rows is a mistyped or empty batch
 * code: nothing was checked, so it can never pass. 0, or -1 when ops_db
 * could not answer (a check is added either way when it matters). */
static int
check_batch_rows(struct ops_db *db, const char *batch, struct gate_result *r)
{
	long long bookings = 0, payments = 0;
	char *cause = NULL;

	if (ops_db_batch_rows(db, batch, &bookings, &payments, &cause) != 0) {
		result_check(r, "batch", VERDICT_ERROR, CODE_OPS_DB_UNREACHABLE,
		    "%s", cause);
		free(cause);
		return -1;
	}
	if (bookings == 0 && payments == 0)
		result_check(r, "batch", VERDICT_INCONCLUSIVE,
		    CODE_PHASE2_BATCH_EMPTY, "batch '%s' has no booking and no "
		    "payment rows: is the batch code right (PHASE2_BATCH_CODE, "
		    "--batch)?", batch);
	return 0;
}

void
gate_quality(struct gate_ctx *ctx, struct gate_result *r)
{
	const struct settings *s = ctx->s;
	struct quality_check *extra = NULL;
	size_t nextra = 0;
	struct ops_db *db;
	char *cause = NULL;

	kv_int(&r->thresholds, TH_MAX_FINDINGS, 0);
	kv_int(&r->thresholds, TH_MAX_SAMPLES_PER_CHECK, MAX_SAMPLES);
	kv_int(&r->thresholds, TH_STATEMENT_TIMEOUT_MS, s->quality_timeout_ms);
	if (s->batch == NULL) {
		result_check(r, "batch", VERDICT_ERROR, CODE_ENV_MISSING_KEY,
		    "no batch: set PHASE2_BATCH_CODE or --batch");
		result_summary(r, "no batch to check");
		return;
	}
	if (s->quality_checks != NULL &&
	    quality_checks_load(s->quality_checks, &extra, &nextra,
	    &cause) != 0) {
		result_check(r, "extra-checks", VERDICT_ERROR,
		    CODE_QUALITY_CHECK_INVALID, "%s", cause);
		result_summary(r, "cannot read the extra quality checks");
		free(cause);
		return;
	}
	db = gate_ctx_db(ctx, &cause);
	if (db == NULL) {
		result_check(r, "ops-db", VERDICT_ERROR, CODE_OPS_DB_UNREACHABLE,
		    "%s", cause);
		result_summary(r, "ops_db is unreachable");
		free(cause);
		goto out;
	}
	if (check_batch_rows(db, s->batch, r) != 0) {
		result_summary(r, "ops_db did not answer");
		goto out;
	}
	run_check(db, s->batch, s->quality_timeout_ms, "duplicate_identity",
	    NULL, CODE_QUALITY_DUPLICATE_IDENTITY,
	    ops_db_statements[OPS_DB_DUPLICATE_IDENTITY].sql, r);
	run_check(db, s->batch, s->quality_timeout_ms, "payment_orphan", NULL,
	    CODE_QUALITY_PAYMENT_ORPHAN,
	    ops_db_statements[OPS_DB_PAYMENT_ORPHAN].sql, r);
	for (size_t i = 0; i < nextra; i++)
		run_check(db, s->batch, s->quality_timeout_ms, extra[i].name,
		    extra[i].file, CODE_NONE, extra[i].sql, r);
	{
		long long total = 0;

		for (size_t i = 0; i < r->metrics.n; i++)
			if (r->metrics.items[i].type == VAL_INT)
				total += r->metrics.items[i].i;
		result_summary(r, "%lld finding%s across %zu checks%s", total,
		    total == 1 ? "" : "s", 2 + nextra,
		    r->checks[0].code == CODE_PHASE2_BATCH_EMPTY ?
		    "; the batch is empty: nothing was checked" : "");
	}
out:
	/* A lost connection is opened afresh next time; a broken check
	 * was rolled back and leaves it usable. */
	for (size_t i = 0; i < r->nchecks; i++)
		if (r->checks[i].code == CODE_OPS_DB_UNREACHABLE) {
			gate_ctx_db_reset(ctx);
			break;
		}
	quality_checks_free(extra, nextra);
}
