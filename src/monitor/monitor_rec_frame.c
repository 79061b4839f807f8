/* Each snapshot the collector publishes becomes a frame of the session's
 * recording (issue 26; session_record.c writes it, as a delta), with the
 * events it brought, found by comparing it with the one before: a verdict
 * that changed, a gate the operator ran (with its report paths), a live
 * check and its result, a replay counted, confirmed, declined or done.
 * What it compares is kept by value (struct rec_last), so this file needs
 * nothing of monitor_snap.c, which calls it. Worker only. */
#include "config.h"

#include <string.h>

#include "core/util.h"
#include "monitor/monitor_int.h"
#include "session/session_record.h"

/* What the next frame's events are found against. */
static void
last_of(const struct mon_snapshot *s, struct rec_last *l)
{
	for (int i = 0; i < GATE_COUNT; i++) {
		l->have[i] = s->res[i] != NULL && s->res[i]->r != NULL;
		l->verdict[i] = l->have[i] ? s->res[i]->r->verdict : VERDICT_PASS;
		l->code[i] = l->have[i] ? s->res[i]->r->code : CODE_NONE;
	}
	memcpy(l->runs, s->runs, sizeof l->runs);
	l->nruns = s->nruns;
	l->live = s->live;
	l->replay = s->replay;
}

static void
ev_add(json_object *evs, json_object *ev, const char *by)
{
	if (by != NULL)
		json_object_object_add(ev, "by", json_object_new_string(by));
	json_object_array_add(evs, ev);
}

static json_object *
ev_new(const char *type)
{
	json_object *ev = json_object_new_object();

	json_object_object_add(ev, "type", json_object_new_string(type));
	return ev;
}

static void
ev_str(json_object *ev, const char *k, const char *v)
{
	if (v != NULL && *v != '\0')
		json_object_object_add(ev, k, json_object_new_string(v));
}

static void
verdict_events(const struct rec_last *a, const struct rec_last *b,
    json_object *evs)
{
	for (int i = 0; i < GATE_COUNT; i++) {
		json_object *ev;
		int had = a != NULL && a->have[i];

		if (!b->have[i] || (had && a->verdict[i] == b->verdict[i] &&
		    a->code[i] == b->code[i]))
			continue;
		ev = ev_new("verdict");
		ev_str(ev, "gate", gate_def_get((enum gate_id)i)->name);
		ev_str(ev, "from", had ? verdict_name(a->verdict[i]) : NULL);
		ev_str(ev, "to", verdict_name(b->verdict[i]));
		ev_str(ev, "code", b->code[i] != CODE_NONE ?
		    code_name(b->code[i]) : NULL);
		ev_add(evs, ev, NULL);
	}
}

static void
run_events(const struct rec_last *a, const struct rec_last *b,
    json_object *evs, const char *by)
{
	int na = a != NULL ? a->nruns : 0, first;

	/* The list keeps the newest MON_RUNS: new ones are past the old last. */
	if (b->nruns == 0)
		return;
	first = b->nruns;
	while (first > 0 && (na == 0 || b->runs[first - 1].at !=
	    a->runs[na - 1].at || b->runs[first - 1].gate !=
	    a->runs[na - 1].gate || strcmp(b->runs[first - 1].report_md,
	    a->runs[na - 1].report_md) != 0))
		first--;
	if (na > 0 && first == 0)
		return;		/* nothing in common: no new run known */
	for (int i = first; i < b->nruns; i++) {
		const struct mon_run *r = &b->runs[i];
		json_object *ev = ev_new(r->stage ? "stage" : "gate");

		ev_str(ev, "gate", gate_def_get(r->gate)->name);
		ev_str(ev, "verdict", verdict_name(r->verdict));
		ev_str(ev, "code", r->code != CODE_NONE ? code_name(r->code) : NULL);
		ev_str(ev, "decision", r->decision);
		ev_str(ev, "batchStatus", r->batch_status);
		ev_str(ev, "reportMd", r->report_md);
		ev_str(ev, "reportJson", r->report_json);
		ev_str(ev, "error", r->error);
		ev_add(evs, ev, r->stage ? NULL : by);
	}
}

static const char *const phases[] = { "idle", "counting", "counted",
	"running", "done", "failed", "nothing", "declined" };

static void
action_events(const struct rec_last *a, const struct rec_last *b,
    json_object *evs, const char *by)
{
	const struct mon_replay *ra = a != NULL ? &a->replay : NULL;
	const struct mon_replay *rb = &b->replay;
	json_object *ev;

	if (b->live.step >= 0 && (a == NULL || a->live.at != b->live.at ||
	    a->live.step != b->live.step || strcmp(a->live.code,
	    b->live.code) != 0 || strcmp(a->live.text, b->live.text) != 0)) {
		ev = ev_new("live");
		ev_str(ev, "code", b->live.code);
		json_object_object_add(ev, "step",
		    json_object_new_int(b->live.step + 1));
		json_object_object_add(ev, "ok",
		    json_object_new_boolean(b->live.ok));
		ev_str(ev, "text", b->live.text);
		ev_add(evs, ev, by);
	}
	if (rb->phase != REPLAY_IDLE && rb->phase != REPLAY_COUNTING &&
	    rb->phase != REPLAY_RUNNING && (ra == NULL ||
	    ra->gen != rb->gen || ra->phase != rb->phase)) {
		ev = ev_new("replay");
		ev_str(ev, "phase", phases[rb->phase]);
		json_object_object_add(ev, "selected",
		    json_object_new_int64(rb->selected));
		json_object_object_add(ev, "replaying",
		    json_object_new_int64(rb->replaying));
		ev_str(ev, "status", rb->req.status);
		if (rb->canary)
			json_object_object_add(ev, "canary",
			    json_object_new_boolean(1));
		ev_str(ev, "message", rb->message);
		ev_add(evs, ev, by);
	}
}

/*
 * A refresh publishes as each of its parts answers, then once whole; a
 * frame each time would triple the recording for states that last a
 * fraction of a second. A part's snapshot in a refresh's first second is
 * not recorded (monitor_refresh.c says which), one of a refresh waiting on
 * a slow backend is, so a replay steps by refresh; the events of a skipped
 * one come with the next frame (what is compared is the last written).
 */
static int
skip_partial(const struct monitor *m, const struct mon_rec *r)
{
	return m->rec_partial && r->have_last;
}

/* Called by mon_publish with the snapshot just published (worker only). */
void
mon_rec_frame(struct monitor *m, struct mon_snapshot *n)
{
	struct mon_rec *r = m->rec;
	struct rec_last cur;
	json_object *f, *evs;
	char *cause = NULL;
	time_t at = time(NULL);

	if (r == NULL || r->failed || skip_partial(m, r))
		return;
	f = mon_frame_of(n, at);
	evs = json_object_new_array();
	last_of(n, &cur);
	verdict_events(r->have_last ? &r->last : NULL, &cur, evs);
	run_events(r->have_last ? &r->last : NULL, &cur, evs, r->op);
	action_events(r->have_last ? &r->last : NULL, &cur, evs, r->op);
	if (session_rec_frame(r->sr, at, f, evs, &cause) != 0) {
		/* Said once, in the log of the next snapshot; the console
		 * goes on. */
		r->failed = 1;
		free(cause);
	}
	json_object_put(f);
	json_object_put(evs);
	r->last = cur;
	r->have_last = 1;
}

