/* The console's go/no-go: the evidence stages' newest verdicts, the core's
 * decision over them and the batch status on disk (see gonogo.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "config/settings.h"
#include "core/fileio.h"
#include "core/json_read.h"
#include "core/result_keys.h"
#include "core/util.h"
#include "monitor/gonogo.h"
#include "monitor/monitor.h"
#include "release/report.h"

static time_t
parse_iso(const char *s)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	if (s == NULL || strptime(s, "%Y-%m-%dT%H:%M:%S", &tm) == NULL)
		return 0;
	return timegm(&tm);
}

/* The checks a stage of the evidence JSON says it did not run (F-00 with
 * --offline: metrics.checksNotRun), so that the console's decision over a
 * stage from disk keeps the offline rule (issue 23). */
static long long
not_run_of(json_object *stage)
{
	json_object *m, *v;

	if (!json_object_object_get_ex(stage, "metrics", &m) ||
	    !json_object_object_get_ex(m, M_CHECKS_NOT_RUN, &v) ||
	    !json_object_is_type(v, json_type_int))
		return 0;
	return (long long)json_object_get_int64(v);
}

/* The stages of the evidence JSON o, in the registry's order. */
static void
read_stages(json_object *o, struct gonogo_disk *d)
{
	const struct gate_def *ev = gate_def_get(GATE_EVIDENCE);
	json_object *arr;

	d->n = (size_t)ev->nstages;
	for (int i = 0; i < ev->nstages; i++) {
		d->st[i].gate = ev->stages[i];
		d->st[i].have = 0;
		d->st[i].verdict = VERDICT_SKIPPED;
		d->st[i].code = CODE_NONE;
		d->st[i].not_run = 0;
	}
	if (!json_object_object_get_ex(o, "stages", &arr) ||
	    !json_object_is_type(arr, json_type_array))
		return;
	for (size_t k = 0; k < json_object_array_length(arr); k++) {
		json_object *s = json_object_array_get_idx(arr, k);
		const struct gate_def *g = json_read_str(s, "gate") != NULL ?
		    gate_def_find(json_read_str(s, "gate")) : NULL;
		enum verdict v;

		if (g == NULL || json_read_str(s, "verdict") == NULL ||
		    verdict_parse(json_read_str(s, "verdict"), &v) != 0)
			continue;
		for (int i = 0; i < ev->nstages; i++)
			if (d->st[i].gate == g->id) {
				d->st[i].have = 1;
				d->st[i].verdict = v;
				d->st[i].code = json_read_str(s, "code") != NULL ?
				    code_parse(json_read_str(s, "code")) : CODE_NONE;
				d->st[i].not_run = not_run_of(s);
			}
	}
}

/* The batch's latest evidence (latest.json in its folder). */
static void
read_evidence(const char *dir, struct gonogo_disk *d)
{
	char *path = xasprintf("%s/latest.json", dir), *cause = NULL;
	struct buf b;
	json_object *o;

	if (fileio_read(path, 8 << 20, &b, &cause) != 0) {
		free(cause);
		free(path);
		return;
	}
	free(path);
	o = json_tokener_parse(b.data);
	buf_free(&b);
	if (o == NULL || !json_object_is_type(o, json_type_object) ||
	    json_read_str(o, "decision") == NULL) {
		json_object_put(o);
		return;
	}
	d->have_evidence = 1;
	snprintf(d->evidence_decision, sizeof d->evidence_decision, "%s",
	    json_read_str(o, "decision"));
	d->evidence_at = parse_iso(json_read_str(o, "finishedAt"));
	read_stages(o, d);
	json_object_put(o);
}

void
gonogo_read_disk(const struct settings *s, struct gonogo_disk *d)
{
	struct batch_file f;
	char *dir = NULL, *shown = NULL, *cause = NULL;

	memset(d, 0, sizeof *d);
	d->read = 1;
	snprintf(d->root, sizeof d->root, "%s", s->reports_dir);
	if (s->batch == NULL)
		return;
	if (report_folder(s->reports_dir, gate_def_get(GATE_EVIDENCE), s->batch,
	    &dir, &shown, &cause) != 0) {
		snprintf(d->problem, sizeof d->problem, "%s", cause);
		free(cause);
		return;
	}
	read_evidence(dir, d);
	free(dir);
	free(shown);
	memset(&f, 0, sizeof f);
	if (batch_status_read(s->reports_dir, s->batch, &f, &cause) != 0) {
		snprintf(d->problem, sizeof d->problem, "%s", cause);
		free(cause);
	} else {
		d->status = f.status;
		snprintf(d->status_path, sizeof d->status_path, "%s",
		    f.shown != NULL ? f.shown : "");
	}
	batch_file_free(&f);
}

void
gonogo_of(const struct mon_snapshot *snap, int quality_skipped,
    struct gonogo *g)
{
	const struct gonogo_disk *d = &snap->disk;
	const struct gate_def *ev = gate_def_get(GATE_EVIDENCE);
	int live = 0;

	memset(g, 0, sizeof *g);
	g->n = (size_t)ev->nstages;
	for (int i = 0; i < ev->nstages; i++) {
		time_t at;
		const struct gate_result *r = snapshot_result(snap,
		    ev->stages[i], &at);

		g->st[i].gate = ev->stages[i];
		if (r != NULL && (!d->have_evidence || at >= d->evidence_at ||
		    !d->st[i].have)) {
			g->st[i].have = 1;
			g->st[i].verdict = r->verdict;
			g->st[i].code = r->code;
			/* F-00 live with --offline: checks not run. */
			g->st[i].not_run = kv_int_or(&r->metrics,
			    M_CHECKS_NOT_RUN, 0);
			live = 1;
		} else if (d->have_evidence && d->st[i].have) {
			g->st[i] = d->st[i];
			g->from_disk[i] = 1;
		} else {
			g->st[i].verdict = VERDICT_SKIPPED;
			g->st[i].code = CODE_NONE;
		}
	}
	g->disk_only = !live && d->have_evidence;
	g->decision = decision_decide(g->st, g->n, quality_skipped);
	if (g->disk_only && decision_parse(d->evidence_decision,
	    &g->decision) != 0)
		g->decision = DECISION_PENDING;
	g->decision_name = decision_name(g->decision);
	g->status = d->status;
	g->status_name = batch_status_name(d->status);
	g->hold = d->status == BATCH_HOLD;
	g->alarm = g->hold;
}

char *
gonogo_explain(const struct gonogo *g, const struct mon_snapshot *snap,
    const char *batch, int quality_skipped)
{
	struct buf b = { 0 };
	char *why = decision_explain(g->decision, g->st, g->n, quality_skipped,
	    g->hold);

	(void)snap;
	(void)batch;
	if (g->disk_only)
		buf_adds(&b, "From the latest evidence on disk (no live figure "
		    "yet). ");
	buf_adds(&b, why);
	free(why);
	return buf_take(&b);
}

char *
gonogo_status_text(const struct gonogo *g, const struct mon_snapshot *snap,
    const char *batch)
{
	const struct gonogo_disk *d = &snap->disk;
	struct buf b = { 0 };

	if (g->status_name == NULL)
		buf_addf(&b, "No batch status on disk yet%s%s.", d->problem[0] ?
		    ": " : "", d->problem);
	else
		buf_addf(&b, "Batch status %s: %s.", g->status_name,
		    d->status_path);
	if (g->hold)
		buf_addf(&b, " To lift the HOLD, on GO evidence newer than it: "
		    "ingestgate signoff --batch %s --by NAME --as \"Tech Lead\" "
		    "--lift-hold, then the same --as \"Backend Lead\" (two "
		    "people).", batch != NULL ? batch : "B");
	return buf_take(&b);
}
