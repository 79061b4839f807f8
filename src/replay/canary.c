/* Canary DLQ replay: the plan, the stop rule and the loop. A step replays
 * its share, waits for exactly the ids it moved to leave REPLAYING (read
 * from ops_db), then re-reads F-03 and F-04 through the same gate functions
 * the gate runner uses, so the canary never judges health on its own. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "replay/canary.h"
#include "clients/core_api.h"
#include "clients/ops_db.h"
#include "gates/gate.h"
#include "release/gate_run.h"
#include "core/result.h"
#include "core/util.h"

#define POLL_MS 100

void
canary_opts_default(struct canary_opts *o)
{
	memset(o, 0, sizeof *o);
	o->pct[0] = 1;
	o->pct[1] = 10;
	o->pct[2] = 100;
	o->npct = 3;
	o->settle_s = CANARY_SETTLE_DEFAULT;
	o->min_success = CANARY_MIN_SUCCESS_DEFAULT;
}

int
canary_steps_parse(const char *s, struct canary_opts *o, char **cause)
{
	struct canary_opts n = *o;
	const char *p = s;
	long v;

	n.npct = 0;
	while (p != NULL && *p != '\0') {
		char num[16];
		size_t len = strcspn(p, ",");

		if (len == 0 || len >= sizeof num)
			goto bad;
		memcpy(num, p, len);
		num[len] = '\0';
		if (strspn(num, "0123456789") != len ||
		    parse_long(num, 1, 100, &v) != 0 ||
		    (n.npct > 0 && v <= n.pct[n.npct - 1]) ||
		    n.npct == CANARY_MAX_STEPS)
			goto bad;
		n.pct[n.npct++] = (int)v;
		p += len;
		if (*p == ',' && *++p == '\0')
			goto bad;
	}
	if (n.npct == 0)
		goto bad;
	*o = n;
	return 0;
bad:
	*cause = xasprintf("steps must be up to %d whole percents of the count "
	    "from 1 to 100, rising, separated by commas (e.g. 1,10,100)",
	    CANARY_MAX_STEPS);
	return -1;
}

int
canary_settle_parse(const char *s, struct canary_opts *o, char **cause)
{
	if (s == NULL || strspn(s, "0123456789") != strlen(s) ||
	    parse_long(s, 0, 3600, &o->settle_s) != 0) {
		*cause = xstrdup("settle must be whole seconds from 0 to 3600");
		return -1;
	}
	return 0;
}

int
canary_min_success_parse(const char *s, struct canary_opts *o, char **cause)
{
	if (s == NULL || parse_double(s, 0, 1, &o->min_success) != 0) {
		*cause = xstrdup("min-replay-success must be a number from 0 to 1 "
		    "(e.g. 0.9)");
		return -1;
	}
	return 0;
}

size_t
canary_plan(const struct canary_opts *o, long long count, long long *sizes)
{
	long long done = 0, target;
	size_t n = 0;

	for (size_t i = 0; i < o->npct && done < count; i++) {
		/* Integer ceiling: 1% of 30 is 1 entry, not 0.3 of one. */
		target = (count * o->pct[i] + 99) / 100;
		if (target <= done)
			target = done + 1;
		if (target > count)
			target = count;
		sizes[n++] = target - done;
		done = target;
	}
	return n;
}

enum canary_stop
canary_judge(const struct canary_check *c)
{
	if (c->f03_after == VERDICT_FAIL && c->f03_before != VERDICT_FAIL)
		return CANARY_F03_FAILED;
	if (c->growth_after > c->growth_before)
		return CANARY_GROWTH_ROSE;
	if (c->settled <= 0)
		return CANARY_NONE_SETTLED;
	/* resolved / settled < min, kept in integers' terms where exact. */
	if ((double)c->resolved < c->min_success * (double)c->settled)
		return CANARY_LOW_SUCCESS;
	return CANARY_GO_ON;
}

const char *
canary_stop_text(enum canary_stop s)
{
	switch (s) {
	case CANARY_LOW_SUCCESS:
		return "replay success below the minimum";
	case CANARY_NONE_SETTLED:
		return "no replayed entry settled within the settle time";
	case CANARY_F03_FAILED:
		return "F-03 processing turned FAIL";
	case CANARY_GROWTH_ROSE:
		return "F-04 DLQ growth rose";
	case CANARY_GO_ON:
		break;
	}
	return "held";
}

static double
elapsed_s(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	    (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* F-03's verdict and F-04's growth, through the gates themselves. -1 with
 * r->why when either could not be evaluated. */
static int
read_health(struct canary_run *r, enum verdict *f03, long long *growth,
    const char *when)
{
	struct gate_result *p, *d;
	const struct kv *g;
	int ret = 0;

	r->ctx->now = time(NULL);
	p = gate_run(r->ctx, GATE_PROCESSING);
	d = p->verdict == VERDICT_ERROR ? NULL : gate_run(r->ctx, GATE_DLQ_GROWTH);
	g = d != NULL ? kv_get(&d->metrics, "growth") : NULL;
	if (p->verdict == VERDICT_ERROR || d == NULL ||
	    d->verdict == VERDICT_ERROR || g == NULL) {
		const struct gate_result *bad = p->verdict == VERDICT_ERROR ||
		    d == NULL ? p : d;

		r->code = bad->code;
		snprintf(r->why, sizeof r->why, "%s %s could not be read: %s",
		    when, bad->gate->fid, bad->summary != NULL ? bad->summary :
		    code_name(bad->code));
		ret = -1;
	} else {
		*f03 = p->verdict;
		*growth = g->i;
	}
	result_free(p);
	if (d != NULL)
		result_free(d);
	return ret;
}

/* Waits until none of the step's ids is REPLAYING or the settle time has
 * passed; fills the counts. -1 with r->why. */
static int
settle(struct canary_run *r, const struct replay_counts *rc,
    struct canary_step_result *s, struct canary_progress *pg)
{
	struct timespec t0;
	struct dlq_id_counts c;
	struct ops_db *db;
	char *cause = NULL;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		db = gate_ctx_db(r->ctx, &cause);
		if (db == NULL || ops_db_dlq_status_by_ids(db, rc->ids, rc->nids,
		    &c, &cause) != 0) {
			if (db != NULL)
				gate_ctx_db_reset(r->ctx);
			r->code = CODE_OPS_DB_UNREACHABLE;
			snprintf(r->why, sizeof r->why, "step %d: cannot read its "
			    "entries from ops_db: %s", s->step, cause);
			free(cause);
			return -1;
		}
		s->still_replaying = c.replaying;
		s->resolved = c.resolved;
		s->settled = c.found - c.replaying;
		if (r->progress != NULL)
			r->progress(r->arg, pg);
		/* A stop request waits for this step to settle: its entries
		 * are in flight and the operator is owed their fate. */
		if (c.replaying == 0 || elapsed_s(&t0) >= (double)r->opts.settle_s)
			break;
		nanosleep(&(struct timespec){ 0, POLL_MS * 1000000L }, NULL);
	}
	s->success = s->settled > 0 ?
	    (double)s->resolved / (double)s->settled : -1;
	return 0;
}

/* Ends the run with its closing audit line. */
static void
finish(struct canary_run *r, enum canary_end end, const char *result)
{
	const struct replay_step *lastp = NULL;
	struct replay_step last;
	char *cause = NULL;

	r->end = end;
	if (r->nsteps > 0) {
		const struct canary_step_result *s = &r->steps[r->nsteps - 1];

		last = (struct replay_step){ s->step, s->nsteps, s->moved,
		    s->settled, s->resolved, s->success };
		lastp = &last;
	}
	if (replay_canary_end(r->reports_dir, &r->rq, lastp, r->count, result,
	    r->why[0] ? r->why : NULL, &cause) != 0 && r->audit_cause == NULL)
		r->audit_cause = cause;
	else
		free(cause);
}

/* One step: request, outcome line, settle, health. 0 to go on, 1 to end
 * (r->end set by the caller from the return), -1 on a failure (ERROR). */
/* Step st->step of the run begins: its result zeroed, the progress on it. */
static void
step_start(struct canary_run *r, struct canary_step_result *s,
    const struct replay_step *st, long long size, struct canary_progress *pg)
{
	memset(s, 0, sizeof *s);
	s->step = st->step;
	s->nsteps = st->nsteps;
	s->size = size;
	s->success = -1;
	s->f03 = VERDICT_SKIPPED;
	r->nsteps = (size_t)st->step;
	pg->cur = s;
	pg->done = 0;
}

/* The step ends: its time, the progress told, the first audit failure
 * kept for the run (cause is taken). */
static void
step_end(struct canary_run *r, struct canary_step_result *s,
    const struct timespec *t0, struct canary_progress *pg, char *cause)
{
	s->ms = (long)(elapsed_s(t0) * 1000);
	pg->done = 1;
	if (r->progress != NULL)
		r->progress(r->arg, pg);
	if (cause != NULL && r->audit_cause == NULL)
		r->audit_cause = cause;
	else
		free(cause);
}

static int
run_step(struct canary_run *r, size_t i, long long size,
    enum verdict f03_before, long long growth_before,
    struct canary_progress *pg)
{
	struct canary_step_result *s = &r->steps[i];
	struct replay_req rq = r->rq;
	struct replay_step st = { (int)i + 1, (int)r->nplanned, -1, -1, -1, -1 };
	struct replay_counts rc;
	struct api_error err;
	struct core_api *api;
	struct canary_check ck;
	struct timespec t0;
	char *cause = NULL;
	int ret = -1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&err, 0, sizeof err);
	memset(&rc, 0, sizeof rc);
	step_start(r, s, &st, size, pg);
	rq.limit = (long)size;
	api = gate_ctx_api(r->ctx, &err);
	if (replay_step_request(api, r->reports_dir, &rq, &st, &rc, &err) != 0) {
		r->code = err.code;
		snprintf(r->why, sizeof r->why, "step %d: the replay request "
		    "failed (%s%s%s); whether core-api moved its entries is not "
		    "known: recount with --dry-run", s->step, code_name(err.code),
		    err.code != CODE_NONE ? ": " : "", err.message);
		replay_step_outcome(r->reports_dir, &rq, &st, NULL,
		    err.code != CODE_NONE ? code_name(err.code) : "ERROR",
		    err.message, &cause);
		goto out;
	}
	s->moved = st.ids = (long long)rc.nids;
	r->moved += rc.replaying;
	pg->moved_total = r->moved;
	if ((long long)rc.nids != rc.replaying) {
		r->code = CODE_CORE_API_BAD_RESPONSE;
		snprintf(r->why, sizeof r->why, "step %d: core-api moved %lld "
		    "entries but named %zu ids; a canary needs the ids (SPEC "
		    "section 12)", s->step, rc.replaying, rc.nids);
		replay_step_outcome(r->reports_dir, &rq, &st, &rc,
		    "CORE_API_BAD_RESPONSE", r->why, &cause);
		goto out;
	}
	if (rc.nids > 0 && settle(r, &rc, s, pg) != 0) {
		replay_step_outcome(r->reports_dir, &rq, &st, &rc, "ERROR",
		    r->why, &cause);
		goto out;
	}
	st.settled = s->settled;
	st.resolved = s->resolved;
	st.success = s->success;
	if (read_health(r, &s->f03, &s->growth, "after the step,") != 0) {
		replay_step_outcome(r->reports_dir, &rq, &st, &rc, "ERROR",
		    r->why, &cause);
		goto out;
	}
	ck = (struct canary_check){ s->settled, s->resolved,
	    r->opts.min_success, f03_before, s->f03, growth_before, s->growth };
	s->stop = rc.nids > 0 ? canary_judge(&ck) : CANARY_GO_ON;
	replay_step_outcome(r->reports_dir, &rq, &st, &rc, s->stop ==
	    CANARY_GO_ON ? "ok" : "REPLAY_CANARY_ABORTED", s->stop ==
	    CANARY_GO_ON ? NULL : canary_stop_text(s->stop), &cause);
	ret = s->stop == CANARY_GO_ON && rc.nids > 0 ? 0 : 1;
out:
	step_end(r, s, &t0, pg, cause);
	replay_counts_free(&rc);
	return ret;
}

int
canary_execute(struct canary_run *r)
{
	long long sizes[CANARY_MAX_STEPS];
	struct canary_progress pg;
	struct timespec t0;
	enum verdict f03 = VERDICT_SKIPPED;
	long long growth = 0;
	int rs;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	r->nsteps = 0;
	r->moved = 0;
	r->why[0] = '\0';
	r->code = CODE_NONE;
	r->nplanned = canary_plan(&r->opts, r->count, sizes);
	memset(&pg, 0, sizeof pg);
	pg.nsteps = (int)r->nplanned;
	pg.count = r->count;
	pg.eta_s = -1;
	/* The baseline: a canary judges change, so it needs a before. */
	if (read_health(r, &f03, &growth, "before step 1,") != 0) {
		finish(r, CANARY_ERRORED, "ERROR");
		return 0;
	}
	for (size_t i = 0; i < r->nplanned; i++) {
		if (r->stop != NULL && atomic_load(r->stop)) {
			finish(r, CANARY_STOPPED, "stopped");
			return 0;
		}
		pg.step = (int)i + 1;
		if (i > 0)
			pg.eta_s = elapsed_s(&t0) / (double)i *
			    (double)(r->nplanned - i);
		rs = run_step(r, i, sizes[i], f03, growth, &pg);
		if (rs < 0) {
			finish(r, CANARY_ERRORED, "ERROR");
			return 0;
		}
		if (rs > 0 && r->steps[i].stop != CANARY_GO_ON) {
			const struct canary_step_result *s = &r->steps[i];

			r->code = CODE_REPLAY_CANARY_ABORTED;
			if (s->success >= 0)
				snprintf(r->why, sizeof r->why, "step %d: %s "
				    "(%lld of %lld settled resolved, success "
				    "%.2f, minimum %.2f)", s->step,
				    canary_stop_text(s->stop), s->resolved,
				    s->settled, s->success, r->opts.min_success);
			else
				snprintf(r->why, sizeof r->why, "step %d: %s",
				    s->step, canary_stop_text(s->stop));
			finish(r, CANARY_ABORTED, "REPLAY_CANARY_ABORTED");
			return 0;
		}
		if (rs > 0)	/* core-api moved nothing: the DLQ emptied */
			break;
	}
	finish(r, CANARY_COMPLETED, "completed");
	return 0;
}

void
canary_run_free(struct canary_run *r)
{
	free(r->audit_cause);
	r->audit_cause = NULL;
}

char *
canary_summary(const struct canary_run *r)
{
	long long left = r->count - r->moved;
	locale_t old = numeric_locale_enter();
	char *s;

	if (left < 0)
		left = 0;
	switch (r->end) {
	case CANARY_COMPLETED:
		s = xasprintf("canary replay completed: %zu of %zu steps, %lld "
		    "replayed of %lld counted", r->nsteps, r->nplanned, r->moved,
		    r->count);
		break;
	case CANARY_ABORTED:
		s = xasprintf("FAIL REPLAY_CANARY_ABORTED after step %zu of %zu: "
		    "%s; %lld replayed, %lld not touched", r->nsteps,
		    r->nplanned, r->why, r->moved, left);
		break;
	case CANARY_STOPPED:
		s = xasprintf("stopped after step %zu of %zu: %lld replayed, "
		    "%lld not touched", r->nsteps, r->nplanned, r->moved, left);
		break;
	default:
		s = xasprintf("ERROR %s%safter step %zu of %zu: %s; %lld "
		    "replayed, %lld not touched", code_name(r->code),
		    r->code != CODE_NONE ? " " : "", r->nsteps, r->nplanned,
		    r->why, r->moved, left);
		break;
	}
	numeric_locale_leave(old);
	return s;
}
