/* A DLQ replay from the console, on the worker: the dry-run count and its
 * question, then the operator's answer, and the real replay (all at once,
 * or step by step in canary mode), each phase published with its audit
 * line's fate. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replay/audit.h"
#include "clients/core_api.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "monitor/monitor_int.h"

/* The start of a replay step: phase shown, the console marked busy. */
static void
replay_begin(struct monitor *m, unsigned gen, const struct replay_req *rq,
    enum replay_phase phase, int canary)
{
	struct mon_snapshot *n = mon_snap_clone(m);

	memset(&n->replay, 0, sizeof n->replay);
	n->replay.canary = canary;
	n->replay.gen = gen;
	n->replay.phase = phase;
	n->replay.req = *rq;
	n->busy = 1;
	n->busy_since = time(NULL);
	snprintf(n->busy_what, sizeof n->busy_what, "replay%s",
	    phase == REPLAY_COUNTING ? " (dry run)" : "");
	mon_publish(m, n);
}

/* Publishes a replay step's end; takes ownership of text and audit_cause. */
static void
replay_end(struct monitor *m, enum replay_phase phase,
    const struct replay_counts *rc, char *text, char *audit_cause)
{
	struct mon_snapshot *n = mon_snap_clone(m);
	char *clean = sanitize_text(text, sizeof n->replay.message - 4), *note;

	n->busy = 0;
	n->replay.phase = phase;
	if (rc != NULL) {
		n->replay.selected = rc->selected;
		n->replay.replaying = rc->replaying;
	}
	snprintf(n->replay.message, sizeof n->replay.message, "%s", clean);
	if (phase == REPLAY_COUNTED) {
		char *q = replay_confirm_text(&n->replay.req, rc->selected);

		if (n->replay.canary) {
			struct canary_opts o;
			long long sz[CANARY_MAX_STEPS];
			size_t k;
			struct buf b = { 0 };

			canary_opts_default(&o);
			k = canary_plan(&o, rc->selected, sz);
			buf_adds(&b, "Canary, in steps of");
			for (size_t i = 0; i < k; i++)
				buf_addf(&b, "%s %lld", i > 0 ? "," : "", sz[i]);
			buf_addf(&b, ". %s", q);
			free(q);
			q = buf_take(&b);
		}
		/* The question names where it acts (issue 23): the context,
		 * when one is in use. */
		snprintf(n->replay.question, sizeof n->replay.question, "%s%s%s%s",
		    m->s->context != NULL ? "In context " : "",
		    m->s->context != NULL ? m->s->context : "",
		    m->s->context != NULL ? ": " : "", q);
		free(q);
	}
	if (audit_cause != NULL)
		mon_add_log(n, VERDICT_ERROR, "replay audit log: %s", audit_cause);
	if ((note = audit_replay_take_note()) != NULL) {
		/* A torn line a crash left, set aside before this replay. */
		mon_add_log(n, VERDICT_WARN, "replay audit log: %s", note);
		free(note);
	}
	mon_add_log(n, phase == REPLAY_FAILED ? VERDICT_ERROR : VERDICT_PASS,
	    "replay: %s", clean);
	free(clean);
	free(text);
	free(audit_cause);
	mon_publish(m, n);
}

/* A request between its audit lines; the failure as text when it fails. */
static int
replay_request(struct monitor *m, const struct replay_req *rq, int dry_run,
    long long confirmed, struct replay_counts *rc, char **text, char **cause)
{
	struct api_error err;
	struct core_api *api;

	memset(&err, 0, sizeof err);
	api = gate_ctx_api(&m->ctx, &err);
	if (replay_run(api, m->s->reports_dir, rq, dry_run, confirmed, rc, &err,
	    cause) != 0) {
		*text = xasprintf("%s%s%s", code_name(err.code),
		    err.code != CODE_NONE ? ": " : "", err.message);
		return -1;
	}
	*text = replay_outcome_text(rq, dry_run, rc, confirmed);
	replay_counts_free(rc);	/* the ids: only the canary reads them */
	return 0;
}

void
mon_do_replay_count(struct monitor *m, const struct job *j)
{
	struct replay_counts rc = { 0, 0 };
	enum replay_phase phase = REPLAY_COUNTED;
	char *text = NULL, *cause = NULL, *c2 = NULL;

	replay_begin(m, j->gen, &j->req, REPLAY_COUNTING, j->canary);
	if (replay_request(m, &j->req, 1, 0, &rc, &text, &cause) != 0)
		phase = REPLAY_FAILED;
	else if (rc.selected == 0) {
		/* Nothing is offered: the question is never asked. */
		phase = REPLAY_NOTHING;
		replay_audit_decision(m->s->reports_dir, &j->req, 0,
		    "nothing to replay", &c2);
		if (cause == NULL)
			cause = c2;
		else
			free(c2);
	}
	replay_end(m, phase, &rc, text, cause);
}

struct canary_view {
	struct monitor *m;
	struct canary_run *r;
};

/* Publishes the canary's steps so far (the worker thread). */
static void
canary_progress(void *arg, const struct canary_progress *p)
{
	struct canary_view *cv = arg;
	struct mon_snapshot *n = mon_snap_clone(cv->m);

	(void)p;
	n->replay.canary_planned = (int)cv->r->nplanned;
	n->replay.canary_nsteps = (int)cv->r->nsteps;
	memcpy(n->replay.canary_steps, cv->r->steps, sizeof cv->r->steps);
	n->replay.canary_stopping = atomic_load(&cv->m->canary_stop);
	snprintf(n->busy_what, sizeof n->busy_what, "canary replay step %d/%d",
	    p->step, p->nsteps);
	mon_publish(cv->m, n);
}

/* A confirmed canary replay of n entries, step by step; its end is the
 * replay's end (DONE when it completed, FAILED otherwise). */
static void
do_canary(struct monitor *m, unsigned gen, const struct replay_req *rq,
    long long n)
{
	struct canary_run *r = xcalloc(1, sizeof *r);
	struct canary_view cv = { m, r };
	struct replay_counts rc = { n, 0, NULL, 0 };

	/* The console may ask to stop as soon as it sees the replay running:
	 * the stop is kept by generation, and whichever side comes second
	 * sets canary_stop (sequentially consistent atomics), so an Esc in
	 * the window between the publish and this store is not lost. */
	atomic_store(&m->canary_stop, 0);
	atomic_store(&m->canary_gen, gen);
	if (atomic_load(&m->canary_stop_gen) == gen)
		atomic_store(&m->canary_stop, 1);
	replay_begin(m, gen, rq, REPLAY_RUNNING, 1);
	r->ctx = &m->ctx;
	r->reports_dir = m->s->reports_dir;
	r->rq = *rq;
	canary_opts_default(&r->opts);
	r->count = n;
	r->stop = &m->canary_stop;
	r->progress = canary_progress;
	r->arg = &cv;
	canary_execute(r);
	atomic_store(&m->canary_gen, 0);
	canary_progress(&cv, &(struct canary_progress){ .step = (int)r->nsteps,
	    .nsteps = (int)r->nplanned });
	rc.replaying = r->moved;
	replay_end(m, r->end == CANARY_COMPLETED || r->end == CANARY_STOPPED ?
	    REPLAY_DONE : REPLAY_FAILED, &rc, canary_summary(r),
	    r->audit_cause);
	r->audit_cause = NULL;
	canary_run_free(r);
	free(r);
}

void
mon_do_replay_answer(struct monitor *m, const struct job *j)
{
	struct replay_counts rc = { 0, 0 };
	struct replay_req rq;
	long long n;
	char *text = NULL, *cause = NULL;
	enum replay_phase phase = REPLAY_DONE;

	/* Only the worker replaces m->cur, so it may read it unlocked. */
	if (m->cur->replay.gen != j->gen || m->cur->replay.phase != REPLAY_COUNTED)
		return;
	rq = m->cur->replay.req;
	n = m->cur->replay.selected;
	if (!j->answered || !replay_confirm_match(j->answer, n)) {
		replay_audit_decision(m->s->reports_dir, &rq, n, "declined",
		    &cause);
		text = xasprintf("not confirmed (type yes or %lld): nothing moved",
		    n);
		rc.selected = n;
		replay_end(m, REPLAY_DECLINED, &rc, text, cause);
		return;
	}
	if (m->cur->replay.canary) {
		do_canary(m, j->gen, &rq, n);
		return;
	}
	replay_begin(m, j->gen, &rq, REPLAY_RUNNING, 0);
	if (replay_request(m, &rq, 0, n, &rc, &text, &cause) != 0)
		phase = REPLAY_FAILED;
	replay_end(m, phase, &rc, text, cause);
}
