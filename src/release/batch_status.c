/* The batch status file: the transition rule (pure), and reading, rendering
 * and atomically writing release-evidence/{batch}/batch-status.json. The
 * history is only ever appended to; a HOLD is never lifted here. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json-c/json.h>

#include "release/batch_status.h"
#include "core/fileio.h"
#include "core/json_read.h"
#include "release/report.h"
#include "core/util.h"

#define MAX_STATUS_SIZE (4 * 1024 * 1024)

static const char *const names[] = {
	[BATCH_NONE] = NULL,
	[BATCH_READY] = "READY",
	[BATCH_PENDING] = "PENDING",
	[BATCH_HOLD] = "HOLD",
};

const char *
batch_status_name(enum batch_status s)
{
	return (size_t)s < nitems(names) ? names[s] : NULL;
}

int
batch_status_parse(const char *s, enum batch_status *out)
{
	int i = name_index(s, names, nitems(names));

	if (i < 0)
		return -1;
	*out = (enum batch_status)i;
	return 0;
}

int
batch_status_applies(const struct batch_run *run)
{
	return run->evidence || run->verdict == VERDICT_FAIL;
}

enum batch_status
batch_status_next(enum batch_status old, const struct batch_run *run)
{
	if (run->evidence ? run->decision == DECISION_NO_GO :
	    run->verdict == VERDICT_FAIL)
		return BATCH_HOLD;
	if (!run->evidence || old == BATCH_HOLD)
		return old;
	return run->decision == DECISION_GO ? BATCH_READY : BATCH_PENDING;
}

void
batch_file_free(struct batch_file *f)
{
	free_all(f->dir, f->path, f->shown, f->text, f->batch, f->evidence);
	memset(f, 0, sizeof *f);
}

const char *
batch_report_name(const char *path)
{
	const char *slash = path != NULL ? strrchr(path, '/') : NULL;

	return slash != NULL ? slash + 1 : path;
}

/* The string member key of o, copied; NULL when absent or not a string. */
static char *
member_string(json_object *o, const char *key)
{
	json_object *v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return xstrdup(json_object_get_string(v));
}

/* batch, evidence and the chain head of a status file. */
static void
read_record(json_object *o, struct batch_file *f)
{
	json_object *ev = NULL, *ch = NULL, *v;
	char *sha;

	f->batch = member_string(o, "batch");
	if (json_object_object_get_ex(o, "evidence", &ev) &&
	    json_object_is_type(ev, json_type_object))
		f->evidence = member_string(ev, "report");
	if (json_object_object_get_ex(o, "chain", &ch) &&
	    json_object_is_type(ch, json_type_object) &&
	    json_object_object_get_ex(ch, "lines", &v) &&
	    json_object_is_type(v, json_type_int) &&
	    json_object_get_int64(v) > 0 &&
	    (sha = member_string(ch, "sha256")) != NULL) {
		if (strlen(sha) < sizeof f->chain_sha256) {
			f->chain_lines = (size_t)json_object_get_int64(v);
			memcpy(f->chain_sha256, sha, strlen(sha) + 1);
		}
		free(sha);
	}
}

/* Reads f->path (set) into f; a missing file is BATCH_NONE. */
static int
read_into(struct batch_file *f, char **cause)
{
	struct buf b;
	struct stat st;
	json_object *o = NULL, *v;
	char *why = NULL;
	size_t len;
	int ret = -1;

	f->status = BATCH_NONE;
	/* Only a file that is not there is no status; anything else may hide
	 * a HOLD. */
	if (lstat(f->path, &st) == -1 && errno == ENOENT)
		return 0;
	if (fileio_read_own(f->path, MAX_STATUS_SIZE, &b, &why) != 0) {
		*cause = xasprintf("cannot read the batch status %s", why);
		free(why);
		goto out;
	}
	len = b.len;
	f->text = buf_take(&b);
	/* A status that cannot be understood may be a HOLD: never guess. */
	if (json_read_strict(f->text, len, &o, &why) != 0) {
		*cause = xasprintf("cannot read the batch status %s:%s", f->shown,
		    why + strlen("line "));
		free(why);
		goto out;
	}
	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "status", &v) ||
	    batch_status_parse(json_object_get_string(v), &f->status) != 0) {
		*cause = xasprintf("cannot read the batch status %s: not a "
		    "batch status (no READY, PENDING or HOLD in it)", f->shown);
		goto out;
	}
	read_record(o, f);
	ret = 0;
out:
	json_object_put(o);
	return ret;
}

int
batch_status_read(const char *root, const char *batch, struct batch_file *f,
    char **cause)
{
	char *shown_dir = NULL;

	memset(f, 0, sizeof *f);
	if (report_folder(root, gate_def_get(GATE_EVIDENCE), batch, &f->dir,
	    &shown_dir, cause) != 0)
		return -1;
	f->path = xasprintf("%s/batch-status.json", f->dir);
	f->shown = xasprintf("%s/batch-status.json", shown_dir);
	free(shown_dir);
	return read_into(f, cause);
}

int
batch_status_read_file(const char *path, struct batch_file *f, char **cause)
{
	const char *slash = strrchr(path, '/');

	memset(f, 0, sizeof *f);
	f->dir = slash != NULL ? xstrndup(path, (size_t)(slash - path)) :
	    xstrdup(".");
	f->path = xstrdup(path);
	f->shown = xstrdup(path);
	return read_into(f, cause);
}

static int
bad(enum verdict v)
{
	return v == VERDICT_FAIL || v == VERDICT_ERROR;
}

static void
add_string(json_object *a, const char *s)
{
	if (s != NULL)
		json_object_array_add(a, json_object_new_string(s));
}

static void
reason_add(struct buf *b, const struct gate_result *s)
{
	buf_addf(b, "%s%s%s%s %s%s%s", b->len > 0 ? "; " : "",
	    s->gate->fid != NULL ? s->gate->fid : "", s->gate->fid != NULL ?
	    " " : "", s->gate->name, verdict_name(s->verdict),
	    s->code != CODE_NONE ? " " : "", code_name(s->code));
}

/* One failingStages entry. */
static json_object *
failing_stage(const struct gate_result *s)
{
	json_object *so = json_object_new_object();

	json_object_object_add(so, "id", s->gate->fid != NULL ?
	    json_object_new_string(s->gate->fid) : NULL);
	json_object_object_add(so, "gate", json_object_new_string(s->gate->name));
	json_object_object_add(so, "verdict",
	    json_object_new_string(verdict_name(s->verdict)));
	json_object_object_add(so, "code", s->code != CODE_NONE ?
	    json_object_new_string(code_name(s->code)) : NULL);
	return so;
}

/* reason, failingStages and attach from the run that set the status. */
static void
describe_run(json_object *o, const struct gate_result *r,
    const struct batch_run *run, enum batch_status next)
{
	json_object *fail = json_object_new_array();
	json_object *att = json_object_new_array();
	struct buf b = { 0 };

	for (size_t i = 0; i < r->nstages; i++) {
		const struct gate_result *s = r->stages[i];

		if (next == BATCH_PENDING ? s->verdict == VERDICT_PASS ||
		    s->verdict == VERDICT_SKIPPED : !bad(s->verdict))
			continue;
		reason_add(&b, s);
		add_string(att, s->report_json);
		add_string(att, s->report_md);
		if (bad(s->verdict))
			json_object_array_add(fail, failing_stage(s));
	}
	if (r->nstages == 0) {
		reason_add(&b, r);
		json_object_array_add(fail, failing_stage(r));
	}
	add_string(att, r->report_json);
	add_string(att, r->report_md);
	if (next == BATCH_READY)
		buf_adds(&b, "evidence GO: every stage PASS");
	else if (run->evidence)
		buf_addf(&b, " (evidence %s)", decision_name(run->decision));
	json_object_object_add(o, "reason", json_object_new_string(
	    b.data != NULL ? b.data : ""));
	json_object_object_add(o, "failingStages", fail);
	json_object_object_add(o, "attach", att);
	buf_free(&b);
}

/* old's member key (v may be NULL: a JSON null); 0 when there is none. */
static int
old_member(json_object *old, const char *key, json_object **v)
{
	return old != NULL && json_object_object_get_ex(old, key, v);
}

static void
keep(json_object *o, json_object *old, const char *key)
{
	json_object *v;

	json_object_object_add(o, key, old_member(old, key, &v) ?
	    json_object_get(v) : json_object_new_array());
}

/* The file as it was, when it is a JSON object, and its status. */
static json_object *
old_parse(const char *old_text, enum batch_status *prev)
{
	json_object *old = old_text != NULL ? json_tokener_parse(old_text) : NULL;
	json_object *v;

	*prev = BATCH_NONE;
	if (old != NULL && !json_object_is_type(old, json_type_object)) {
		json_object_put(old);
		old = NULL;
	}
	if (old_member(old, "status", &v))
		batch_status_parse(json_object_get_string(v), prev);
	return old;
}

/* batch, status, since, updatedAt, code and decision. */
static void
render_head(json_object *o, json_object *old, const struct gate_result *r,
    const struct batch_run *run, enum batch_status prev,
    enum batch_status next, const char *at)
{
	json_object *v;

	json_object_object_add(o, "batch", r->batch != NULL ?
	    json_object_new_string(r->batch) : NULL);
	json_object_object_add(o, "status",
	    json_object_new_string(batch_status_name(next)));
	json_object_object_add(o, "since", prev == next &&
	    old_member(old, "since", &v) ? json_object_get(v) :
	    json_object_new_string(at));
	json_object_object_add(o, "updatedAt", json_object_new_string(at));
	json_object_object_add(o, "code", next == BATCH_HOLD ?
	    json_object_new_string(code_name(CODE_BATCH_ON_HOLD)) : NULL);
	if (run->evidence)
		json_object_object_add(o, "decision",
		    json_object_new_string(decision_name(run->decision)));
	else
		json_object_object_add(o, "decision", old_member(old, "decision",
		    &v) ? json_object_get(v) : NULL);
}

/* reason, failingStages and attach: the run's own when it set the status,
 * else kept from the file (a sticky status keeps its cause). */
static void
render_reason(json_object *o, json_object *old, const struct gate_result *r,
    const struct batch_run *run, enum batch_status next)
{
	json_object *v;

	/* The run set the status itself, or the status was kept (sticky). */
	if (batch_status_next(BATCH_NONE, run) == next) {
		describe_run(o, r, run, next);
		return;
	}
	json_object_object_add(o, "reason", old_member(old, "reason", &v) ?
	    json_object_get(v) : NULL);
	keep(o, old, "failingStages");
	keep(o, old, "attach");
}

/* The evidence the status has taken in since the last HOLD: a run that
 * sets HOLD clears it (a FAIL after GO evidence needs new evidence), an
 * evidence run records its own report; anything else keeps it. And the
 * chain head, which only a sign-off writes. */
static void
render_evidence(json_object *o, json_object *old, const struct gate_result *r,
    const struct batch_run *run)
{
	json_object *v, *ev = NULL;

	if (run->evidence && batch_status_next(BATCH_NONE, run) != BATCH_HOLD &&
	    r->report_json != NULL) {
		ev = json_object_new_object();
		json_object_object_add(ev, "report",
		    json_object_new_string(r->report_json));
		json_object_object_add(ev, "decision",
		    json_object_new_string(decision_name(run->decision)));
	} else if (batch_status_next(BATCH_NONE, run) != BATCH_HOLD &&
	    !run->evidence && old_member(old, "evidence", &v))
		ev = json_object_get(v);
	json_object_object_add(o, "evidence", ev);
	json_object_object_add(o, "chain", old_member(old, "chain", &v) ?
	    json_object_get(v) : NULL);
}

/* escalation and lastRun. */
static void
render_run(json_object *o, const struct gate_result *r,
    const struct batch_run *run, enum batch_status next, const char *at)
{
	json_object *esc = json_object_new_array(), *last;

	if (next == BATCH_HOLD) {
		add_string(esc, "Tech Lead");
		add_string(esc, "Backend Lead");
	}
	json_object_object_add(o, "escalation", esc);
	last = json_object_new_object();
	json_object_object_add(last, "gate", json_object_new_string(r->gate->name));
	json_object_object_add(last, "verdict",
	    json_object_new_string(verdict_name(run->verdict)));
	json_object_object_add(last, "decision", run->evidence ?
	    json_object_new_string(decision_name(run->decision)) : NULL);
	json_object_object_add(last, "at", json_object_new_string(at));
	json_object_object_add(last, "report", r->report_json != NULL ?
	    json_object_new_string(r->report_json) : NULL);
	json_object_object_add(o, "lastRun", last);
}

/* The history kept, and one entry more when the status changed. */
static void
render_history(json_object *o, json_object *old, const struct gate_result *r,
    enum batch_status prev, enum batch_status next, const char *at)
{
	json_object *v, *hist, *h;

	if (old_member(old, "history", &v) &&
	    json_object_is_type(v, json_type_array))
		hist = json_object_get(v);
	else
		hist = json_object_new_array();
	if (prev != next) {
		h = json_object_new_object();
		json_object_object_add(h, "from", batch_status_name(prev) != NULL ?
		    json_object_new_string(batch_status_name(prev)) : NULL);
		json_object_object_add(h, "to",
		    json_object_new_string(batch_status_name(next)));
		json_object_object_add(h, "at", json_object_new_string(at));
		json_object_object_add(h, "gate",
		    json_object_new_string(r->gate->name));
		json_object_object_add(h, "report", r->report_json != NULL ?
		    json_object_new_string(r->report_json) : NULL);
		json_object_array_add(hist, h);
	}
	json_object_object_add(o, "history", hist);
}

char *
batch_status_render(const char *old_text, const struct gate_result *r,
    const struct batch_run *run, enum batch_status next, time_t now)
{
	enum batch_status prev;
	json_object *old = old_parse(old_text, &prev);
	json_object *o = json_object_new_object();
	char at[ISO_UTC_LEN], *s;

	iso_utc(now, at);
	render_head(o, old, r, run, prev, next, at);
	render_reason(o, old, r, run, next);
	render_run(o, r, run, next, at);
	render_evidence(o, old, r, run);
	render_history(o, old, r, prev, next, at);
	s = xasprintf("%s\n", json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
	    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	json_object_put(old);
	return s;
}

int
batch_status_write(const struct batch_file *f, const struct gate_result *r,
    const struct batch_run *run, enum batch_status next, char **cause)
{
	char *data = batch_status_render(f->text, r, run, next, time(NULL));
	char *why = NULL;
	int ret = 0;

	if (fileio_write_atomic(f->dir, "batch-status.json", data, &why) != 0) {
		*cause = xasprintf("cannot write the batch status %s: %s",
		    f->shown, why);
		free(why);
		ret = -1;
	}
	free(data);
	return ret;
}

int
batch_status_is_hold(const char *s)
{
	enum batch_status b;

	return s != NULL && batch_status_parse(s, &b) == 0 && b == BATCH_HOLD;
}
