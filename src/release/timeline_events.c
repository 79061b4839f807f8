/* The timeline's events of the report folders: verdict changes per gate
 * and batch with the per-gate extras (F-00 env drift, F-03 messages seen
 * for the first time, F-04 threshold crossings), a batch's status
 * transitions and its sign-offs. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/fileio.h"
#include "release/integrity.h"
#include "release/signoff.h"
#include "release/timeline.h"
#include "release/timeline_int.h"
#include "core/util.h"

static int
str_eq(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL &&
	    strcmp(a, b) == 0);
}

static int
strset_add(struct strset *set, const char *s)
{
	size_t lo = 0, hi = set->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(set->s[mid], s);

		if (c == 0)
			return 0;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	set->s = xreallocarray(set->s, set->n + 1, sizeof *set->s);
	memmove(set->s + lo + 1, set->s + lo, (set->n - lo) * sizeof *set->s);
	set->s[lo] = xstrdup(s);
	set->n++;
	return 1;
}

static int
dlq_level(const struct fact *f)
{
	return f->growth <= 0 ? 0 : f->growth <= f->max_growth ? 1 : 2;
}

/* The report of the same gate and batch before d->f[i]; NULL for the
 * first. */
static const struct fact *
fact_prev(const struct folder *d, size_t i)
{
	const struct fact *f = &d->f[i];

	for (size_t k = i; k-- > 0; ) {
		const struct fact *g = &d->f[k];

		if (g->bad == NULL && strcmp(g->gate, f->gate) == 0 &&
		    str_eq(g->batch, f->batch))
			return g;
	}
	return NULL;
}

static void
event_verdict(struct timeline *t, const struct fact *f,
    const struct fact *prev, const char *rep)
{
	struct tl_event *e;

	if (prev != NULL && strcmp(prev->verdict, f->verdict) == 0)
		return;
	e = tl_add(t, f->at, TL_VERDICT, f->gate, f->batch, rep);
	e->from = prev != NULL ? xstrdup(prev->verdict) : NULL;
	e->to = xstrdup(f->verdict);
	/* The outcome first (issue 23): a line cut at the screen's edge still
	 * says what happened. */
	e->text = xasprintf("%s%s%s · %s%s%s, %s%s", f->verdict,
	    f->code != NULL ? " " : "", f->code != NULL ? f->code : "",
	    f->id != NULL ? f->id : "", f->id != NULL ? " " : "", f->gate,
	    prev != NULL ? "was " : "first verdict",
	    prev != NULL ? prev->verdict : "");
}

/* F-00: which fingerprints and flags changed since the previous run. */
static void
event_env_drift(struct timeline *t, const struct fact *f,
    const struct fact *prev, const char *rep)
{
	struct buf b = { 0 };

	if (!tl_gate_is(f->gate, GATE_ENV_BASELINE) || prev == NULL)
		return;
	for (int k = 0; k < ENV_FACTS; k++) {
		if (str_eq(prev->env[k], f->env[k]))
			continue;
		buf_addf(&b, "%s%s (%s)", b.len ? ", " : "", tl_env_key(k),
		    k < 3 ? "fingerprint" : "flag");
	}
	if (b.len > 0) {
		struct tl_event *e = tl_add(t, f->at, TL_ENV_DRIFT, f->gate,
		    f->batch, rep);

		e->text = xasprintf("changed %s · env drift since the previous "
		    "F-00 run", b.data);
	}
	buf_free(&b);
}

/* F-03: each error message the timeline has not seen before. */
static void
events_new_errors(struct timeline *t, const struct fact *f,
    struct strset *errors_seen, const char *rep)
{
	for (size_t k = 0; k < f->nerrors; k++) {
		if (strset_add(errors_seen, f->errors[k])) {
			struct tl_event *e = tl_add(t, f->at, TL_NEW_ERROR, f->gate,
			    f->batch, rep);

			e->text = xasprintf("new error message: \"%s\"",
			    f->errors[k]);
		}
	}
}

/* F-04: the growth crossed 0 or maxGrowth, either way. */
static void
event_dlq(struct timeline *t, const struct fact *f, const struct fact *prev,
    const char *rep)
{
	int was, now;
	struct tl_event *e;

	if (!f->has_growth)
		return;
	was = prev != NULL && prev->has_growth ? dlq_level(prev) : 0;
	now = dlq_level(f);
	if (was == now)
		return;
	e = tl_add(t, f->at, TL_DLQ, f->gate, f->batch, rep);
	/* Where the growth is now first, then the figures. */
	if (now == 2)
		e->text = xasprintf("over maxGrowth · DLQ growth %lld crossed "
		    "maxGrowth %lld", f->growth, f->max_growth);
	else if (now == 1 && was == 2)
		e->text = xasprintf("back under maxGrowth · DLQ growth %lld, "
		    "maxGrowth %lld", f->growth, f->max_growth);
	else if (now == 1)
		e->text = xasprintf("growing · DLQ growth %lld crossed 0",
		    f->growth);
	else
		e->text = xasprintf("no longer growing · DLQ growth %lld",
		    f->growth);
}

/* Verdict changes per (gate, batch), and the per-gate extras: F-00 drift,
 * first-seen F-03 messages, F-04 threshold crossings. A folder's facts are
 * in time order; a gate folder holds reports of several batches. */
void
tl_events_gate_folder(struct timeline *t, const struct folder *d,
    const char *batch, struct strset *errors_seen)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct fact *f = &d->f[i], *prev;
		char *rep;

		if (f->bad != NULL)
			continue;
		if (batch != NULL && f->batch != NULL && strcmp(batch, f->batch) != 0)
			continue;
		prev = fact_prev(d, i);
		rep = xasprintf("%s/%s", d->shown, f->file);
		event_verdict(t, f, prev, rep);
		event_env_drift(t, f, prev, rep);
		events_new_errors(t, f, errors_seen, rep);
		event_dlq(t, f, prev, rep);
		free(rep);
	}
}

/* Before the history's first entry (first; 0: none), the transitions the
 * evidence reports of the folder recorded. */
static void
status_from_reports(struct timeline *t, const struct folder *d,
    const char *bname, time_t first)
{
	const char *was = NULL;

	for (size_t i = 0; i < d->n; i++) {
		const struct fact *f = &d->f[i];
		char *rep;

		if (f->bad != NULL || f->status == NULL)
			continue;
		if (first != 0 && f->at >= first)
			break;
		if (was == NULL || strcmp(was, f->status) != 0) {
			struct tl_event *e;

			rep = xasprintf("%s/%s", d->shown, f->file);
			e = tl_add(t, f->at, TL_STATUS, f->gate, bname, rep);
			e->from = was != NULL ? xstrdup(was) : NULL;
			e->to = xstrdup(f->status);
			e->text = xasprintf("%s · batch %s %s%s (%s%s%s)",
			    f->status, bname, was != NULL ? "from " :
			    "first status", was != NULL ? was : "",
			    f->gate, f->decision != NULL ? " " : "",
			    f->decision != NULL ? f->decision : "");
			free(rep);
		}
		was = f->status;
	}
}

/* Status transitions of one batch: the history of batch-status.json, and
 * before its first entry, what evidence reports recorded. */
void
tl_events_status(struct timeline *t, const struct folder *d, const char *bname)
{
	char *path = xasprintf("%s/batch-status.json", d->dir), *cause = NULL;
	char *shown = xasprintf("%s/batch-status.json", d->shown);
	struct buf b;
	json_object *o = NULL, *hist = NULL;
	time_t first = 0;
	size_t nh = 0;

	if (access(path, F_OK) == 0) {
		if (fileio_read_own(path, TL_MAX_FILE, &b, &cause) != 0)
			tl_warn(t, "%s", cause);
		else {
			if (integrity_parse(b.data, b.len, &o, &cause) != 0)
				tl_warn(t, "%s:%s", shown, cause + strlen("line "));
			buf_free(&b);
		}
		free(cause);
	}
	if (o != NULL && json_object_object_get_ex(o, "history", &hist) &&
	    json_object_is_type(hist, json_type_array))
		nh = json_object_array_length(hist);
	for (size_t i = 0; i < nh; i++) {
		json_object *h = json_object_array_get_idx(hist, i);
		char *from = tl_str(h, "from"), *to = tl_str(h, "to");
		char *at = tl_str(h, "at"), *gate = tl_str(h, "gate");
		char *rep = tl_str(h, "report");
		time_t when = tl_parse_iso(at);

		if (to == NULL || when == 0)
			tl_warn(t, "%s: history entry %zu has no \"to\" or \"at\"",
			    shown, i + 1);
		else {
			struct tl_event *e = tl_add(t, when, TL_STATUS, gate, bname,
			    rep != NULL ? rep : shown);

			if (first == 0 || when < first)
				first = when;
			e->from = from != NULL ? xstrdup(from) : NULL;
			e->to = xstrdup(to);
			e->text = xasprintf("%s · batch %s %s%s (%s)", to,
			    bname, from != NULL ? "from " : "first status",
			    from != NULL ? from : "", gate != NULL ? gate : "?");
		}
		free(from);
		free(to);
		free(at);
		free(gate);
		free(rep);
	}
	status_from_reports(t, d, bname, first);
	json_object_put(o);
	free(path);
	free(shown);
}

void
tl_events_signoffs(struct timeline *t, const struct folder *d, const char *bname)
{
	char *path = xasprintf("%s/%s", d->dir, SIGNOFF_FILE);
	char *shown = xasprintf("%s/%s", d->shown, SIGNOFF_FILE);
	struct signoff_chain c;
	char *cause = NULL;

	if (signoff_chain_read(path, NULL, 0, &c, &cause) != 0) {
		/* Say where, in the shown path, and keep the lines before. */
		const char *at = strstr(cause, SIGNOFF_FILE);

		tl_warn(t, "%s%s", shown, at != NULL ? at + strlen(SIGNOFF_FILE) :
		    cause);
		free(cause);
	}
	for (size_t i = 0; i < c.n; i++) {
		const struct signoff_entry *s = &c.e[i];
		char *rep = xasprintf("%s:%u", shown, s->line);
		struct tl_event *e = tl_add(t, tl_parse_iso(s->at), TL_SIGNOFF,
		    "signoff", bname, rep);

		e->text = xasprintf("%s · sign-off by %s (%s) on %s evidence "
		    "sha256 %.12s%s%s", signoff_action_name(s->action), s->by,
		    s->as, s->decision, s->sha256,
		    s->note != NULL ? ": " : "", s->note != NULL ? s->note : "");
		free(rep);
	}
	signoff_chain_free(&c);
	free(path);
	free(shown);
}
