/* A console snapshot as a recorded frame and back (issue 26): what the panes,
 * the header, the log and the dialogs read, in a shape whose parts stay the
 * same from one refresh to the next when nothing changed, so that the delta
 * of a quiet refresh is a few bytes (times that move with every refresh are
 * kept relative to the frame's own time). The player rebuilds snapshots
 * from frames with the inverse. Nothing here holds a secret: the snapshot
 * has none (results name keys and fingerprints, the host has no
 * credentials). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "monitor/monitor_int.h"
#include "session/session_read.h"
#include "session/session_result.h"

static void
add_int(json_object *o, const char *k, long long v)
{
	json_object_object_add(o, k, json_object_new_int64(v));
}

static void
add_str(json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, json_object_new_string(v));
}

static long long
get_int(json_object *o, const char *k, long long dflt)
{
	json_object *v;

	return o != NULL && json_object_object_get_ex(o, k, &v) && v != NULL ?
	    json_object_get_int64(v) : dflt;
}

static void
get_str(json_object *o, const char *k, char *out, size_t len)
{
	const char *s = session_str(o, k);

	snprintf(out, len, "%s", s != NULL ? s : "");
}

static json_object *
depth_json(const struct mon_snapshot *s, time_t at)
{
	json_object *d = json_object_new_object();

	add_int(d, "have", s->have_depth);
	add_int(d, "waiting", s->depth.waiting);
	add_int(d, "prioritized", s->depth.prioritized);
	add_int(d, "active", s->depth.active);
	add_int(d, "delayed", s->depth.delayed);
	add_int(d, "failed", s->depth.failed);
	add_int(d, "waitingChildren", s->depth.waiting_children);
	add_int(d, "paused", s->depth.paused);
	if (s->depth_at != 0)
		add_int(d, "age", (long long)(at - s->depth_at));
	if (s->depth_good_at != 0)
		add_int(d, "goodAge", (long long)(at - s->depth_good_at));
	if (s->depth_error[0] != '\0')
		add_str(d, "error", s->depth_error);
	return d;
}

static json_object *
replay_json(const struct mon_replay *r)
{
	json_object *o = json_object_new_object(), *a;

	add_int(o, "gen", r->gen);
	add_int(o, "phase", r->phase);
	add_int(o, "selected", r->selected);
	add_int(o, "replaying", r->replaying);
	add_str(o, "status", r->req.status);
	add_str(o, "question", r->question);
	add_str(o, "message", r->message);
	add_int(o, "canary", r->canary);
	add_int(o, "planned", r->canary_planned);
	add_int(o, "stopping", r->canary_stopping);
	a = json_object_new_array();
	for (int i = 0; i < r->canary_nsteps; i++) {
		const struct canary_step_result *c = &r->canary_steps[i];
		json_object *st = json_object_new_object();

		add_int(st, "step", c->step);
		add_int(st, "nsteps", c->nsteps);
		add_int(st, "size", c->size);
		add_int(st, "moved", c->moved);
		add_int(st, "settled", c->settled);
		add_int(st, "resolved", c->resolved);
		add_int(st, "still", c->still_replaying);
		json_object_object_add(st, "success",
		    session_json_double(c->success));
		add_int(st, "f03", c->f03);
		add_int(st, "growth", c->growth);
		add_int(st, "stop", c->stop);
		json_object_array_add(a, st);
	}
	json_object_object_add(o, "steps", a);
	return o;
}

static json_object *
runs_json(const struct mon_snapshot *s)
{
	json_object *a = json_object_new_array();

	for (int i = 0; i < s->nruns; i++) {
		const struct mon_run *r = &s->runs[i];
		json_object *o = json_object_new_object();

		add_int(o, "at", (long long)r->at);
		add_str(o, "gate", gate_def_get(r->gate)->name);
		add_int(o, "stage", r->stage);
		add_str(o, "verdict", verdict_name(r->verdict));
		add_str(o, "code", code_name(r->code));
		add_str(o, "decision", r->decision);
		add_str(o, "batchStatus", r->batch_status);
		add_str(o, "reportMd", r->report_md);
		add_str(o, "reportJson", r->report_json);
		add_str(o, "error", r->error);
		json_object_array_add(a, o);
	}
	return a;
}

static json_object *
small_parts_json(const struct mon_snapshot *s)
{
	json_object *o = json_object_new_object(), *a;

	a = json_object_new_array();
	for (int i = 0; i < s->nlog; i++) {
		json_object *l = json_object_new_object();

		add_int(l, "at", (long long)s->log[i].at);
		add_str(l, "v", verdict_name(s->log[i].verdict));
		add_str(l, "text", s->log[i].text);
		json_object_array_add(a, l);
	}
	json_object_object_add(o, "log", a);
	a = json_object_new_object();
	add_str(a, "code", s->live.code);
	add_int(a, "step", s->live.step);
	add_int(a, "at", (long long)s->live.at);
	add_int(a, "ok", s->live.ok);
	add_str(a, "text", s->live.text);
	json_object_object_add(o, "live", a);
	return o;
}

/* The header's ground (issue 26): the batch on disk as the collector read
 * it, so a replay's header and checklist say what the live ones said. It
 * changes only when the disk does, so it costs a frame nothing. */
static json_object *
disk_json(const struct gonogo_disk *d)
{
	json_object *o = json_object_new_object(), *a;

	add_int(o, "read", d->read);
	add_str(o, "root", d->root);
	if (d->have_evidence) {
		add_int(o, "evidenceAt", (long long)d->evidence_at);
		add_str(o, "evidenceDecision", d->evidence_decision);
		a = json_object_new_array();
		for (size_t i = 0; i < d->n && i < GATE_STAGES_MAX; i++) {
			json_object *st = json_object_new_object();

			add_str(st, "gate", gate_def_get(d->st[i].gate)->name);
			add_int(st, "have", d->st[i].have);
			add_str(st, "verdict", verdict_name(d->st[i].verdict));
			add_str(st, "code", code_name(d->st[i].code));
			if (d->st[i].not_run > 0)
				add_int(st, "notRun", d->st[i].not_run);
			json_object_array_add(a, st);
		}
		json_object_object_add(o, "stages", a);
	}
	if (batch_status_name(d->status) != NULL)
		add_str(o, "status", batch_status_name(d->status));
	add_str(o, "statusPath", d->status_path);
	add_str(o, "problem", d->problem);
	return o;
}

/* The steps the last session did, as the playbook dialog showed them. */
static json_object *
handover_json(const struct mon_snapshot *s)
{
	json_object *a = json_object_new_array();

	for (int i = 0; i < s->nhandover && i < MON_HANDOVER; i++) {
		json_object *o = json_object_new_object();

		add_str(o, "code", s->handover[i].code);
		add_str(o, "steps", s->handover[i].steps);
		add_str(o, "by", s->handover[i].by);
		add_int(o, "at", (long long)s->handover[i].at);
		json_object_array_add(a, o);
	}
	return a;
}

json_object *
mon_frame_of(const struct mon_snapshot *s, time_t at)
{
	json_object *f = small_parts_json(s), *res, *good, *a;

	res = json_object_new_object();
	good = json_object_new_object();
	for (int i = 0; i < GATE_COUNT; i++) {
		const char *name = gate_def_get((enum gate_id)i)->name;

		if (s->res[i] != NULL)
			json_object_object_add(res, name,
			    session_result_to_json(s->res[i]->r, at));
		/* The last good result is nearly always the result itself. */
		if (s->good[i] != NULL)
			json_object_object_add(good, name, s->good[i] ==
			    s->res[i] ? json_object_new_string("=") :
			    session_result_to_json(s->good[i]->r, at));
	}
	json_object_object_add(f, "res", res);
	json_object_object_add(f, "good", good);
	json_object_object_add(f, "depth", depth_json(s, at));
	a = json_object_new_array();
	for (int i = 0; i < s->nrate; i++)
		json_object_array_add(a, session_json_double(s->rate_hist[i]));
	json_object_object_add(f, "rate", a);
	a = json_object_new_array();
	for (int i = 0; i < s->nof; i++)
		json_object_array_add(a, json_object_new_int64(s->of_hist[i]));
	json_object_object_add(f, "of", a);
	if (s->busy) {
		add_str(f, "busy", s->busy_what);
		add_int(f, "busySince", (long long)s->busy_since);
	}
	add_int(f, "paused", s->paused);
	if (s->refreshed_at != 0)
		add_int(f, "refreshedAge", (long long)(at - s->refreshed_at));
	json_object_object_add(f, "replay", replay_json(&s->replay));
	json_object_object_add(f, "runs", runs_json(s));
	add_str(f, "host", s->host);
	add_int(f, "startedAt", (long long)s->started_at);
	json_object_object_add(f, "disk", disk_json(&s->disk));
	if (s->nhandover > 0)
		json_object_object_add(f, "handover", handover_json(s));
	return f;
}

/* The inverse, for the player. */

static struct shared_result *
shared_of(json_object *o, time_t at)
{
	struct shared_result *sr;
	struct gate_result *r;
	char *cause = NULL;

	if ((r = session_result_from_json(o, at, &cause)) == NULL) {
		free(cause);
		return NULL;
	}
	sr = xcalloc(1, sizeof *sr);
	atomic_init(&sr->refs, 1);
	sr->r = r;
	sr->at = r->finished.tv_sec;
	return sr;
}

static void
results_from(struct mon_snapshot *n, json_object *f, time_t at)
{
	json_object *res = NULL, *good = NULL, *v;

	json_object_object_get_ex(f, "res", &res);
	json_object_object_get_ex(f, "good", &good);
	for (int i = 0; i < GATE_COUNT; i++) {
		const char *name = gate_def_get((enum gate_id)i)->name;

		if (res != NULL && json_object_object_get_ex(res, name, &v))
			n->res[i] = shared_of(v, at);
		if (good == NULL || !json_object_object_get_ex(good, name, &v))
			continue;
		if (json_object_is_type(v, json_type_string)) {
			if ((n->good[i] = n->res[i]) != NULL)
				atomic_fetch_add(&n->good[i]->refs, 1);
		} else
			n->good[i] = shared_of(v, at);
	}
}

static void
depth_from(struct mon_snapshot *n, json_object *d, time_t at)
{
	long long age;

	n->have_depth = (int)get_int(d, "have", 0);
	n->depth.waiting = get_int(d, "waiting", 0);
	n->depth.prioritized = get_int(d, "prioritized", 0);
	n->depth.active = get_int(d, "active", 0);
	n->depth.delayed = get_int(d, "delayed", 0);
	n->depth.failed = get_int(d, "failed", 0);
	n->depth.waiting_children = get_int(d, "waitingChildren", 0);
	n->depth.paused = (int)get_int(d, "paused", 0);
	n->depth_at = (age = get_int(d, "age", -1)) >= 0 ? at - age : 0;
	n->depth_good_at = (age = get_int(d, "goodAge", -1)) >= 0 ? at - age : 0;
	get_str(d, "error", n->depth_error, sizeof n->depth_error);
}

static void
replay_from(struct mon_replay *r, json_object *o)
{
	json_object *a = NULL;

	r->gen = (unsigned)get_int(o, "gen", 0);
	r->phase = (enum replay_phase)get_int(o, "phase", REPLAY_IDLE);
	r->selected = get_int(o, "selected", 0);
	r->replaying = get_int(o, "replaying", 0);
	get_str(o, "status", r->req.status, sizeof r->req.status);
	get_str(o, "question", r->question, sizeof r->question);
	get_str(o, "message", r->message, sizeof r->message);
	r->canary = (int)get_int(o, "canary", 0);
	r->canary_planned = (int)get_int(o, "planned", 0);
	r->canary_stopping = (int)get_int(o, "stopping", 0);
	if (o == NULL || !json_object_object_get_ex(o, "steps", &a) ||
	    !json_object_is_type(a, json_type_array))
		return;
	for (size_t i = 0; i < json_object_array_length(a) &&
	    r->canary_nsteps < CANARY_MAX_STEPS; i++) {
		json_object *st = json_object_array_get_idx(a, i), *v;
		struct canary_step_result *c =
		    &r->canary_steps[r->canary_nsteps++];

		c->step = (int)get_int(st, "step", 0);
		c->nsteps = (int)get_int(st, "nsteps", 0);
		c->size = get_int(st, "size", 0);
		c->moved = get_int(st, "moved", 0);
		c->settled = get_int(st, "settled", 0);
		c->resolved = get_int(st, "resolved", 0);
		c->still_replaying = get_int(st, "still", 0);
		c->success = json_object_object_get_ex(st, "success", &v) ?
		    json_object_get_double(v) : -1;
		c->f03 = (enum verdict)get_int(st, "f03", VERDICT_SKIPPED);
		c->growth = get_int(st, "growth", 0);
		c->stop = (enum canary_stop)get_int(st, "stop", 0);
	}
}

static enum verdict
verdict_of(json_object *o, const char *k)
{
	enum verdict v = VERDICT_PASS;
	const char *s = session_str(o, k);

	if (s != NULL)
		verdict_parse(s, &v);
	return v;
}

static void
runs_from(struct mon_snapshot *n, json_object *a)
{
	if (a == NULL || !json_object_is_type(a, json_type_array))
		return;
	for (size_t i = 0; i < json_object_array_length(a) &&
	    n->nruns < MON_RUNS; i++) {
		json_object *o = json_object_array_get_idx(a, i);
		struct mon_run *r = &n->runs[n->nruns];
		const struct gate_def *g = gate_def_find(session_str(o, "gate") ?
		    session_str(o, "gate") : "");

		if (g == NULL)
			continue;
		r->at = (time_t)get_int(o, "at", 0);
		r->gate = g->id;
		r->stage = (int)get_int(o, "stage", 0);
		r->verdict = verdict_of(o, "verdict");
		r->code = code_parse(session_str(o, "code") ?
		    session_str(o, "code") : "");
		get_str(o, "decision", r->decision, sizeof r->decision);
		get_str(o, "batchStatus", r->batch_status, sizeof r->batch_status);
		get_str(o, "reportMd", r->report_md, sizeof r->report_md);
		get_str(o, "reportJson", r->report_json, sizeof r->report_json);
		get_str(o, "error", r->error, sizeof r->error);
		n->nruns++;
	}
}

static void
small_parts_from(struct mon_snapshot *n, json_object *f)
{
	json_object *a = NULL, *live = NULL;

	if (json_object_object_get_ex(f, "log", &a) &&
	    json_object_is_type(a, json_type_array))
		for (size_t i = 0; i < json_object_array_length(a) &&
		    n->nlog < MON_LOG; i++) {
			json_object *l = json_object_array_get_idx(a, i);

			n->log[n->nlog].at = (time_t)get_int(l, "at", 0);
			n->log[n->nlog].verdict = verdict_of(l, "v");
			get_str(l, "text", n->log[n->nlog].text,
			    sizeof n->log[0].text);
			n->nlog++;
		}
	json_object_object_get_ex(f, "live", &live);
	get_str(live, "code", n->live.code, sizeof n->live.code);
	n->live.step = (int)get_int(live, "step", -1);
	n->live.at = (time_t)get_int(live, "at", 0);
	n->live.ok = (int)get_int(live, "ok", 0);
	get_str(live, "text", n->live.text, sizeof n->live.text);
}

static void
disk_from(struct gonogo_disk *d, json_object *o)
{
	const struct gate_def *ev = gate_def_get(GATE_EVIDENCE);
	json_object *a = NULL;
	const char *st = session_str(o, "status");

	d->read = (int)get_int(o, "read", 0);
	get_str(o, "root", d->root, sizeof d->root);
	d->have_evidence = json_object_object_get_ex(o, "stages", &a) &&
	    json_object_is_type(a, json_type_array);
	d->evidence_at = (time_t)get_int(o, "evidenceAt", 0);
	get_str(o, "evidenceDecision", d->evidence_decision,
	    sizeof d->evidence_decision);
	d->n = d->have_evidence ? (size_t)ev->nstages : 0;
	for (size_t i = 0; i < d->n; i++) {
		json_object *x = json_object_array_get_idx(a, i);
		const struct gate_def *g = gate_def_find(
		    session_str(x, "gate") ? session_str(x, "gate") : "");

		d->st[i].gate = g != NULL ? g->id : ev->stages[i];
		d->st[i].have = (int)get_int(x, "have", 0);
		d->st[i].verdict = verdict_of(x, "verdict");
		d->st[i].code = code_parse(session_str(x, "code") ?
		    session_str(x, "code") : "");
		d->st[i].not_run = get_int(x, "notRun", 0);
	}
	d->status = BATCH_NONE;
	if (st != NULL && batch_status_parse(st, &d->status) != 0)
		d->status = BATCH_NONE;
	get_str(o, "statusPath", d->status_path, sizeof d->status_path);
	get_str(o, "problem", d->problem, sizeof d->problem);
}

static void
handover_from(struct mon_snapshot *n, json_object *a)
{
	if (a == NULL || !json_object_is_type(a, json_type_array))
		return;
	for (size_t i = 0; i < json_object_array_length(a) &&
	    n->nhandover < MON_HANDOVER; i++) {
		json_object *o = json_object_array_get_idx(a, i);
		struct mon_handover *h = &n->handover[n->nhandover++];

		get_str(o, "code", h->code, sizeof h->code);
		get_str(o, "steps", h->steps, sizeof h->steps);
		get_str(o, "by", h->by, sizeof h->by);
		h->at = (time_t)get_int(o, "at", 0);
	}
}

/* A new snapshot (one reference, caller releases) from frame f at `at`. */
struct mon_snapshot *
mon_snapshot_of_frame(json_object *f, time_t at)
{
	struct mon_snapshot *n = xcalloc(1, sizeof *n);
	json_object *a = NULL, *o = NULL;
	long long age;

	atomic_init(&n->refs, 1);
	results_from(n, f, at);
	json_object_object_get_ex(f, "depth", &o);
	depth_from(n, o, at);
	if (json_object_object_get_ex(f, "rate", &a) &&
	    json_object_is_type(a, json_type_array))
		for (size_t i = 0; i < json_object_array_length(a) &&
		    n->nrate < MON_HISTORY; i++)
			n->rate_hist[n->nrate++] = json_object_get_double(
			    json_object_array_get_idx(a, i));
	if (json_object_object_get_ex(f, "of", &a) &&
	    json_object_is_type(a, json_type_array))
		for (size_t i = 0; i < json_object_array_length(a) &&
		    n->nof < MON_HISTORY; i++)
			n->of_hist[n->nof++] = json_object_get_int64(
			    json_object_array_get_idx(a, i));
	n->busy = session_str(f, "busy") != NULL;
	get_str(f, "busy", n->busy_what, sizeof n->busy_what);
	n->busy_since = (time_t)get_int(f, "busySince", 0);
	n->paused = (int)get_int(f, "paused", 0);
	n->refreshed_at = (age = get_int(f, "refreshedAge", -1)) >= 0 ?
	    at - age : 0;
	small_parts_from(n, f);
	o = NULL;
	json_object_object_get_ex(f, "replay", &o);
	replay_from(&n->replay, o);
	o = NULL;
	json_object_object_get_ex(f, "runs", &o);
	runs_from(n, o);
	get_str(f, "host", n->host, sizeof n->host);
	n->started_at = (time_t)get_int(f, "startedAt", 0);
	o = NULL;
	/* A recording older than the header's data: the player says so
	 * rather than show a status it never read. */
	if (json_object_object_get_ex(f, "disk", &o))
		disk_from(&n->disk, o);
	else {
		n->play.no_disk = 1;
		snprintf(n->disk.problem, sizeof n->disk.problem,
		    "not recorded in this older recording");
	}
	o = NULL;
	json_object_object_get_ex(f, "handover", &o);
	handover_from(n, o);
	return n;
}
