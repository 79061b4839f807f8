/* Dispatch through the registry, the composite gates (release, evidence)
 * and publishing results as reports. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "release/batch_status.h"
#include "core/cancel.h"
#include "release/decision.h"
#include "gates/gate.h"
#include "release/gate_run.h"
#include "release/report.h"
#include "core/util.h"

static void
run_composite(struct gate_ctx *ctx, struct gate_result *r,
    const enum gate_id *ids, size_t n)
{
	struct buf b = { 0 };

	for (size_t i = 0; i < n; i++) {
		struct gate_result *st;

		if (ids[i] == GATE_QUALITY && !ctx->s->run_quality) {
			st = result_new(gate_def_get(GATE_QUALITY), r->batch);
			result_set(st, VERDICT_SKIPPED, CODE_NONE);
			result_summary(st, "RUN_EVIDENCE_QUALITY_CHECK=false: "
			    "quality check not in scope for this batch");
			kv_bool(&st->metrics, M_QUALITY_SKIPPED, 1);
			result_finish(st);
		} else
			st = gate_run(ctx, ids[i]);
		/* The composite takes the worst stage's verdict and code. */
		if (st->verdict < r->verdict && st->verdict != VERDICT_SKIPPED)
			result_set(r, st->verdict, st->code);
		result_add_stage(r, st);
	}
	/* The decision is the core's, never the composite's own. */
	if (r->gate->id == GATE_EVIDENCE) {
		r->decision = decision_name(decision_of_result(r,
		    !ctx->s->run_quality));
		kv_bool(&r->metrics, M_QUALITY_SKIPPED, !ctx->s->run_quality);
	}
	for (size_t i = 0; i < r->nstages; i++) {
		const struct gate_result *st = r->stages[i];

		buf_addf(&b, "%s%s %s", i ? ", " : "",
		    st->gate->fid != NULL ? st->gate->fid : st->gate->name,
		    verdict_name(st->verdict));
	}
	if (r->decision != NULL)
		result_summary(r, "%s: %s", r->decision, b.data);
	else
		result_summary(r, "%s", b.data);
	buf_free(&b);
}

/*
 * Whether a stage of a composite may query ops_db (F-03 correlates failures,
 * F-05 runs the quality checks): then the connect and login are begun in the
 * background before the first stage, and overlap the HTTP stages instead of
 * adding to them. F-03 may find no failures and leave the connection unused:
 * it is dropped when the composite ends (one login on the server, nothing
 * sent).
 */
static int
composite_may_use_db(const struct gate_ctx *ctx, const struct gate_def *g)
{
	for (int i = 0; i < g->nstages; i++)
		if (g->stages[i] == GATE_PROCESSING ||
		    (g->stages[i] == GATE_QUALITY && ctx->s->run_quality))
			return 1;
	return 0;
}

/* An env file that is not one (SPEC section 2): the gate judged nothing,
 * and says so as its verdict, not as a usage error. */
static void
env_file_refused(const struct settings *s, struct gate_result *r)
{
	result_check(r, "env-file", VERDICT_ERROR, CODE_ENV_PARSE_ERROR, "%s",
	    s->env_refused);
	result_summary(r, "the env file was refused, nothing was judged (%s)",
	    code_name(CODE_ENV_PARSE_ERROR));
}

struct gate_result *
gate_run(struct gate_ctx *ctx, enum gate_id id)
{
	const struct gate_def *g = gate_def_get(id);
	struct gate_result *r = result_new(g, ctx->s->batch);

	r->insecure = ctx->s->insecure;
	r->api_scheme = gate_ctx_api_scheme(ctx);
	if (g->run != NULL && ctx->s->env_refused != NULL)
		env_file_refused(ctx->s, r);
	else if (g->run != NULL)
		g->run(ctx, r);
	else {
		if (ctx->s->env_refused == NULL && composite_may_use_db(ctx, g))
			gate_ctx_db_prefetch(ctx);
		run_composite(ctx, r, g->stages, (size_t)g->nstages);
		/* Unused (F-03 found no failures): a console keeps its context
		 * for minutes, and an old connect's outcome must not answer a
		 * later query. */
		gate_ctx_db_drop_pending(ctx);
	}
	result_finish(r);
	return r;
}

/* The run could not be recorded: ERROR REPORT_WRITE_FAILED everywhere,
 * naming the path (SPEC section 5). An evidence GO that is not on disk is
 * not enough to sign off. */
static void
mark_write_failed(struct gate_result *r, const char *cause)
{
	r->write_failed = 1;
	result_check(r, "report", VERDICT_ERROR, CODE_REPORT_WRITE_FAILED, "%s",
	    cause);
	result_set(r, VERDICT_ERROR, CODE_REPORT_WRITE_FAILED);
	if (r->decision != NULL && strcmp(r->decision, "GO") == 0)
		r->decision = decision_name(DECISION_PENDING);
}

/* One stage's report, written on a thread of its own. */
struct stage_write {
	pthread_t thread;
	int started;		/* the thread exists: join it */
	const char *root;
	struct gate_result *r;
	char *cause;
	int status;
};

static void *
stage_write_run(void *arg)
{
	struct stage_write *w = arg;

	w->status = report_write(w->root, w->r, &w->cause);
	return NULL;
}

/*
 * Writes the stages' reports and r's own; the first failure (in stage
 * order) in *cause. Each stage has its own folder, so the stages are
 * written side by side, one thread each: their fsyncs (two files and the
 * folder per report, SPEC section 5's atomic write, unchanged) overlap
 * instead of queueing one after another, and the journal commits them
 * together. r's own report names the stages' and comes after them all.
 */
static int
write_reports(const char *root, struct gate_result *r, char **cause)
{
	struct stage_write *w = xcalloc(r->nstages + 1, sizeof *w);
	int bad = 0;

	for (size_t i = 0; i < r->nstages; i++) {
		if (r->stages[i]->verdict == VERDICT_SKIPPED)
			continue;
		w[i].root = root;
		w[i].r = r->stages[i];
		if (pthread_create(&w[i].thread, NULL, stage_write_run,
		    &w[i]) == 0)
			w[i].started = 1;
		else
			stage_write_run(&w[i]);	/* no thread: here */
	}
	for (size_t i = 0; i < r->nstages; i++) {
		if (w[i].started)
			pthread_join(w[i].thread, NULL);
		if (w[i].status != 0 && !bad) {
			*cause = w[i].cause;
			w[i].cause = NULL;
			bad = 1;
		}
		free(w[i].cause);
	}
	free(w);
	return bad ? -1 : report_write(root, r, cause);
}

struct gate_result *
gate_run_and_report(struct gate_ctx *ctx, enum gate_id id, char **cause)
{
	struct gate_result *r = gate_run(ctx, id);
	const char *root = ctx->s->reports_dir;
	struct batch_file bf;
	struct batch_run run;
	enum batch_status next = BATCH_NONE;
	char *bd, *rcause = NULL, *scause = NULL, *ignored = NULL;
	int have_status = 0, reports_ok, unread = 0;

	*cause = NULL;
	/* A run cut short by a quit judged nothing: no report, no HOLD. */
	if (cancel_requested()) {
		*cause = xstrdup("cancelled: the console quit during the run");
		return r;
	}
	memset(&bf, 0, sizeof bf);
	memset(&run, 0, sizeof run);
	run.evidence = id == GATE_EVIDENCE;
	run.verdict = r->verdict;
	if (r->decision != NULL)
		decision_parse(r->decision, &run.decision);

	/* Every run on a batch reads its status: a HOLD is shown whatever the
	 * gate, and the status after the run goes into its reports. */
	if ((bd = report_batch_dir(r->batch)) != NULL) {
		free(bd);
		if (batch_status_read(root, r->batch, &bf, &scause) == 0) {
			have_status = 1;
			next = batch_status_next(bf.status, &run);
			r->batch_status = batch_status_name(next);
			if (next != BATCH_NONE)
				r->batch_status_path = xstrdup(bf.shown);
		} else
			unread = 1;
	}
	/* A status that cannot be read makes the run ERROR before anything
	 * is published: one report says so, not a verdict report and then
	 * an ERROR one over it. */
	if (unread)
		mark_write_failed(r, scause);

	reports_ok = write_reports(root, r, &rcause) == 0;
	if (!reports_ok && run.evidence && run.decision == DECISION_GO) {
		/* Evidence that is not on disk cannot make a batch READY. */
		run.decision = DECISION_PENDING;
		next = batch_status_next(bf.status, &run);
		/* A status never read is not claimed (SPEC section 5). */
		if (have_status)
			r->batch_status = batch_status_name(next);
	}
	/* A HOLD is written even when the reports could not be. */
	if (have_status && batch_status_applies(&run) &&
	    batch_status_write(&bf, r, &run, next, &scause) != 0) {
		/* Say what the file still holds, never what it should. */
		r->batch_status = batch_status_name(bf.status);
		if (bf.status == BATCH_NONE) {
			free(r->batch_status_path);
			r->batch_status_path = NULL;
		}
	}

	if (rcause != NULL || scause != NULL) {
		if (rcause == NULL)
			*cause = xstrdup(scause);
		else
			*cause = xasprintf("cannot write the report: %s%s%s",
			    rcause, scause != NULL ? "; " : "",
			    scause != NULL ? scause : "");
		/* An unread status marked the run already: one check. */
		if (!unread)
			mark_write_failed(r, *cause);
		/* latest.* must not claim what did not happen: publish the
		 * ERROR run over it (unless the run was ERROR already). */
		if (reports_ok && !unread && report_write(root, r, &ignored) != 0)
			free(ignored);
	}
	free(rcause);
	free(scause);
	batch_file_free(&bf);
	return r;
}
