/* Dispatch through the registry, the composite gates (release, evidence)
 * and publishing results as reports. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "release/batch_lock.h"
#include "release/batch_status.h"
#include "core/cancel.h"
#include "release/decision.h"
#include "gates/gate.h"
#include "release/gate_run.h"
#include "release/report.h"
#include "release/signoff_sync.h"
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

/* What a run on a batch holds while it records (gate_run_and_report). */
struct recording {
	const char *root;
	struct gate_result *r;
	struct batch_run run;
	struct batch_file bf;
	int lock;		/* the batch folder's lock; -1 when none */
	int have_status;	/* bf was read: the status may be written */
	enum batch_status next;
	char *scause;		/* the status could not be read or written */
};

/* A run for a batch code whose folder belongs to another code: ERROR
 * BATCH_FOLDER_CONFLICT, recorded nowhere (SPEC section 5). */
static void
mark_conflict(struct gate_result *r, const char *why)
{
	const char *tag = "BATCH_FOLDER_CONFLICT: ";

	result_check(r, "batch folder", VERDICT_ERROR, CODE_BATCH_FOLDER_CONFLICT,
	    "%s", strncmp(why, tag, strlen(tag)) == 0 ? why + strlen(tag) : why);
	result_set(r, VERDICT_ERROR, CODE_BATCH_FOLDER_CONFLICT);
	if (r->decision != NULL)
		r->decision = decision_name(DECISION_NO_GO);
	r->batch_status = NULL;
	r->write_failed = 1;	/* not recorded: exit 2, as any ERROR */
}

/* The batch folder locked (created when the run will write its status),
 * checked to be this batch's, what the chain justifies completed, and the
 * status read; -1 with *cause (and r marked) on a folder conflict. */
static int
recording_open(struct recording *rc, char **cause)
{
	struct gate_result *r = rc->r;
	char *dir = NULL, *shown = NULL, *note = NULL;
	int ret = 0;

	if (report_folder(rc->root, gate_def_get(GATE_EVIDENCE), r->batch, &dir,
	    &shown, &rc->scause) != 0)
		return 0;
	rc->lock = batch_lock_take(dir, batch_status_applies(&rc->run),
	    &rc->scause);
	if (rc->lock == -1)
		goto out;
	if (rc->lock >= 0 && batch_folder_check(dir, shown, r->batch,
	    cause) != 0) {
		mark_conflict(r, *cause);
		ret = -1;
		goto out;
	}
	if (batch_status_read(rc->root, r->batch, &rc->bf, &rc->scause) != 0)
		goto out;
	/* A sign-off cut short is completed before this run applies. */
	if (rc->lock >= 0 && signoff_sync(rc->root, r->batch, &rc->bf,
	    time(NULL), &note, &rc->scause) != 0)
		goto out;
	rc->have_status = 1;
	rc->next = batch_status_next(rc->bf.status, &rc->run);
	r->batch_status = batch_status_name(rc->next);
	if (rc->next != BATCH_NONE)
		r->batch_status_path = xstrdup(rc->bf.shown);
out:
	free(note);
	free(dir);
	free(shown);
	return ret;
}

/* Say what the status file holds, never what it should. */
static void
status_as_written(struct gate_result *r, enum batch_status held)
{
	r->batch_status = batch_status_name(held);
	if (held == BATCH_NONE) {
		free(r->batch_status_path);
		r->batch_status_path = NULL;
	}
}

/*
 * The status before the reports (SPEC section 5): a run that sets HOLD
 * writes it before any report of it is published, so that a crash between
 * the two never leaves a FAIL or NO-GO report beside a status that is not
 * HOLD; when that write fails, nothing is published. The status then
 * takes in the reports' paths after them. A GO or PENDING is written after
 * its reports: a status never claims evidence that is not on disk. 1 when
 * the reports were written; -1 when nothing was (the HOLD could not be).
 */
static int
recording_write(struct recording *rc, char **rcause)
{
	struct gate_result *r = rc->r;
	enum batch_status held = rc->bf.status;
	int applies = rc->have_status && batch_status_applies(&rc->run);
	int reports_ok;

	if (applies && batch_status_next(BATCH_NONE, &rc->run) == BATCH_HOLD) {
		if (batch_status_write(&rc->bf, r, &rc->run, rc->next,
		    &rc->scause) != 0) {
			status_as_written(r, held);
			return -1;
		}
		held = rc->next;
	}
	reports_ok = write_reports(rc->root, r, rcause) == 0;
	if (!reports_ok && rc->run.evidence &&
	    rc->run.decision == DECISION_GO) {
		/* Evidence that is not on disk cannot make a batch READY. */
		rc->run.decision = DECISION_PENDING;
		rc->next = batch_status_next(rc->bf.status, &rc->run);
		/* A status never read is not claimed (SPEC section 5). */
		if (rc->have_status)
			r->batch_status = batch_status_name(rc->next);
	}
	if (applies && batch_status_write(&rc->bf, r, &rc->run, rc->next,
	    &rc->scause) != 0)
		status_as_written(r, held);
	return reports_ok;
}

struct gate_result *
gate_run_and_report(struct gate_ctx *ctx, enum gate_id id, char **cause)
{
	struct recording rc;
	struct gate_result *r;
	char *rcause = NULL, *ignored = NULL, *bd;
	int reports_ok, unread;

	*cause = NULL;
	memset(&rc, 0, sizeof rc);
	rc.root = ctx->s->reports_dir;
	rc.lock = -1;
	r = rc.r = gate_run(ctx, id);
	/* A run cut short by a quit judged nothing: no report, no HOLD. */
	if (cancel_requested()) {
		*cause = xstrdup("cancelled: the console quit during the run");
		return r;
	}
	rc.run.evidence = id == GATE_EVIDENCE;
	rc.run.verdict = r->verdict;
	if (r->decision != NULL)
		decision_parse(r->decision, &rc.run.decision);

	/* Every run on a batch reads its status (under the batch folder's
	 * lock): a HOLD is shown whatever the gate, and the status after the
	 * run goes into its reports. */
	if ((bd = report_batch_dir(r->batch)) != NULL &&
	    recording_open(&rc, cause) != 0)
		goto out;
	/* A status that cannot be read (or locked) makes the run ERROR
	 * before anything is published: one report says so, not a verdict
	 * report and then an ERROR one over it. */
	unread = bd != NULL && !rc.have_status && rc.scause != NULL;
	if (unread)
		mark_write_failed(r, rc.scause);
	reports_ok = recording_write(&rc, &rcause);
	if (rcause != NULL || rc.scause != NULL) {
		if (rcause == NULL)
			*cause = xstrdup(rc.scause);
		else
			*cause = xasprintf("cannot write the report: %s%s%s",
			    rcause, rc.scause != NULL ? "; " : "",
			    rc.scause != NULL ? rc.scause : "");
		if (!unread)
			mark_write_failed(r, *cause);
		/* latest.* must not claim what did not happen: publish the
		 * ERROR run (over the run's own reports when they were
		 * written, unless they said ERROR already). */
		if (reports_ok == -1 && write_reports(rc.root, r,
		    &ignored) != 0)
			free(ignored);
		else if (reports_ok == 1 && !unread && report_write(rc.root,
		    r, &ignored) != 0)
			free(ignored);
	}
out:
	batch_lock_release(rc.lock);
	free(bd);
	free(rcause);
	free(rc.scause);
	batch_file_free(&rc.bf);
	return r;
}
