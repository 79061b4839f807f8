/* The console records its session (issue 26): every snapshot the collector
 * publishes becomes a frame of reports/sessions/<context>/<UTC start>.jsonl
 * (session_record.c writes it, as a delta), with the events it brought,
 * found by comparing it with the one before: a verdict that changed, a gate
 * the operator ran (with its report paths), a live check and its result, a
 * replay counted, confirmed, declined or done. Key actions that change no
 * snapshot (the playbook opened) come as notes from the UI through the job
 * queue. All of it runs on the collector's thread: the UI never waits on
 * the file. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/url.h"
#include "core/util.h"
#include "monitor/monitor_int.h"
#include "session/session_record.h"

struct mon_rec {
	struct session_rec *sr;
	struct mon_snapshot *last;	/* the last frame's snapshot, a ref */
	char *op;
	int failed;			/* said once that it stopped */
};

/* The operator: --operator (settings), then $USER, then $LOGNAME. The one
 * place that decides it; swap for the settings' own field when it comes. */
char *
mon_operator(const struct settings *s)
{
	const char *v = s->operator_name;

	if (v == NULL || *v == '\0')
		v = getenv("USER");
	if (v == NULL || *v == '\0')
		v = getenv("LOGNAME");
	return xstrdup(v != NULL && *v != '\0' ? v : "unknown");
}

static json_object *
header_of(const struct monitor *m)
{
	json_object *h = json_object_new_object();

	json_object_object_add(h, "tool", json_object_new_string("ingestgate"));
	json_object_object_add(h, "version",
	    json_object_new_string(PACKAGE_VERSION));
	json_object_object_add(h, "batch", m->s->batch != NULL ?
	    json_object_new_string(m->s->batch) : NULL);
	json_object_object_add(h, "host", json_object_new_string(m->host));
	json_object_object_add(h, "interval",
	    json_object_new_int64(m->s->interval));
	json_object_object_add(h, "readonly",
	    json_object_new_boolean(m->s->readonly));
	json_object_object_add(h, "runQuality",
	    json_object_new_boolean(m->s->run_quality));
	return h;
}

/* Opens the recording on the worker's thread; a failure is said in the
 * log and the console goes on unrecorded. */
void
mon_rec_start(struct monitor *m)
{
	const char *secrets[ENV_KEY_COUNT];
	char *cause = NULL, *pw[ENV_KEY_COUNT];
	size_t n = 0, npw = 0;
	struct mon_rec *r;

	if (m->s->no_record || m->player != NULL)
		return;
	r = xcalloc(1, sizeof *r);
	r->op = mon_operator(m->s);
	r->sr = session_rec_open(m->s->reports_dir, m->s->context, r->op,
	    m->cur->started_at, header_of(m), &cause);
	if (r->sr == NULL) {
		struct mon_snapshot *s = mon_snap_clone(m);

		mon_add_log(s, VERDICT_WARN, "not recording: %s", cause);
		free(cause);
		free(r->op);
		free(r);
		mon_publish(m, s);
		return;
	}
	for (int k = 0; k < ENV_KEY_COUNT; k++) {
		struct url u;
		char *why = NULL;

		if (env_key_secret((enum env_key)k))
			secrets[n++] = m->s->env[k];
		else if (m->s->env[k] != NULL && strstr(m->s->env[k], "://") &&
		    url_parse(m->s->env[k], NULL, &u, &why) == 0) {
			/* Passwords inside URLs are secrets too. */
			if (u.password != NULL && n < nitems(pw))
				secrets[n++] = pw[npw++] = xstrdup(u.password);
			url_free(&u);
		}
		free(why);
	}
	session_rec_secrets(r->sr, secrets, n);
	for (size_t i = 0; i < npw; i++)
		free(pw[i]);
	snprintf(m->rec_path, sizeof m->rec_path, "%s",
	    session_rec_path(r->sr));
	{
		/* The header's help shows where it goes. */
		struct mon_snapshot *s = mon_snap_clone(m);

		snprintf(s->rec_path, sizeof s->rec_path, "%s", m->rec_path);
		mon_publish(m, s);
	}
	m->rec = r;
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
verdict_events(const struct mon_snapshot *a, const struct mon_snapshot *b,
    json_object *evs)
{
	for (int i = 0; i < GATE_COUNT; i++) {
		const struct gate_result *ra = a != NULL && a->res[i] != NULL ?
		    a->res[i]->r : NULL;
		const struct gate_result *rb = b->res[i] != NULL ?
		    b->res[i]->r : NULL;
		json_object *ev;

		if (rb == NULL || (ra != NULL && ra->verdict == rb->verdict &&
		    ra->code == rb->code))
			continue;
		ev = ev_new("verdict");
		ev_str(ev, "gate", rb->gate->name);
		ev_str(ev, "from", ra != NULL ? verdict_name(ra->verdict) : NULL);
		ev_str(ev, "to", verdict_name(rb->verdict));
		ev_str(ev, "code", rb->code != CODE_NONE ? code_name(rb->code) :
		    NULL);
		ev_add(evs, ev, NULL);
	}
}

static void
run_events(const struct mon_snapshot *a, const struct mon_snapshot *b,
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
action_events(const struct mon_snapshot *a, const struct mon_snapshot *b,
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

/* Called by mon_publish with the snapshot just published (worker only). */
void
mon_rec_frame(struct monitor *m, struct mon_snapshot *n)
{
	struct mon_rec *r = m->rec;
	json_object *f, *evs;
	char *cause = NULL;
	time_t at = time(NULL);

	if (r == NULL || r->failed)
		return;
	f = mon_frame_of(n, at);
	evs = json_object_new_array();
	verdict_events(r->last, n, evs);
	run_events(r->last, n, evs, r->op);
	action_events(r->last, n, evs, r->op);
	if (session_rec_frame(r->sr, at, f, evs, &cause) != 0) {
		/* Said once, in the log of the next snapshot; the console
		 * goes on. */
		r->failed = 1;
		free(cause);
	}
	json_object_put(f);
	json_object_put(evs);
	snapshot_release(r->last);
	atomic_fetch_add(&n->refs, 1);
	r->last = n;
}

/* A note from the UI (JOB_NOTE): the playbook opened for a code. */
void
mon_rec_note(struct monitor *m, const struct job *j)
{
	json_object *ev;
	char *cause = NULL;

	if (m->rec == NULL || m->rec->failed)
		return;
	ev = ev_new(j->answer);
	ev_str(ev, "code", j->code);
	json_object_object_add(ev, "by", json_object_new_string(m->rec->op));
	if (session_rec_event(m->rec->sr, j->at, ev, &cause) != 0)
		free(cause);
	json_object_put(ev);
}

void
mon_rec_stop(struct monitor *m, const char *reason)
{
	if (m->rec == NULL)
		return;
	session_rec_close(m->rec->sr, time(NULL), reason);
	snapshot_release(m->rec->last);
	free(m->rec->op);
	free(m->rec);
	m->rec = NULL;
}
