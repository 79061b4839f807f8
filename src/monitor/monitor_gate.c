/* A gate run the operator asks for in the console (its key): run and
 * recorded like `ingestgate gate`, then published with its stages, a log
 * line and a row in the history the 'h' dialog shows. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "release/batch_status.h"
#include "release/gate_run.h"
#include "core/util.h"
#include "monitor/monitor_int.h"

/* Appends a run to the history the 'h' dialog shows. */
static void
add_run(struct mon_snapshot *n, const struct gate_result *r, int stage,
    const char *error)
{
	struct mon_run *e;

	if (n->nruns == MON_RUNS) {
		memmove(&n->runs[0], &n->runs[1], sizeof n->runs[0] *
		    (MON_RUNS - 1));
		n->nruns--;
	}
	e = &n->runs[n->nruns++];
	memset(e, 0, sizeof *e);
	e->at = r->finished.tv_sec;
	e->gate = r->gate->id;
	e->stage = stage;
	e->verdict = r->verdict;
	e->code = r->code;
	snprintf(e->decision, sizeof e->decision, "%s", r->decision ?
	    r->decision : "");
	snprintf(e->batch_status, sizeof e->batch_status, "%s",
	    r->batch_status ? r->batch_status : "");
	snprintf(e->report_md, sizeof e->report_md, "%s", r->report_md ?
	    r->report_md : "");
	snprintf(e->report_json, sizeof e->report_json, "%s", r->report_json ?
	    r->report_json : "");
	snprintf(e->error, sizeof e->error, "%s", error ? error : "");
}

const char *
monitor_record_note(const struct settings *s, int short_form)
{
	if (s->readonly)
		return short_form ? "not recorded" :
		    "read-only: judged live, not recorded";
	return short_form ? "recorded" :
	    "records its reports and the batch status";
}

/* The log line of a finished run: what it found, whether it was recorded
 * and where. */
static void
log_run(struct mon_snapshot *n, const struct gate_result *r,
    const char *what, const char *cause, int recorded)
{
	if (cause != NULL)
		mon_add_log(n, VERDICT_ERROR, "%s: cannot write the report: %s",
		    what, cause);
	else
		mon_add_log(n, r->verdict, "%s %s%s%s%s%s%s  %s", what,
		    verdict_name(r->verdict), r->code ? " " : "",
		    code_name(r->code), r->decision ? " · " : "",
		    r->decision ? r->decision : "",
		    batch_status_is_hold(r->batch_status) ? ", batch HOLD" : "",
		    recorded ? (r->report_md ? r->report_md : "") :
		    "not recorded (read-only)");
}

/* A run that put the batch on HOLD says so in a banner (SPEC 5.1): what
 * set it, the file, and who lifts it. */
static void
hold_banner(struct mon_snapshot *n, const char *what,
    const struct gate_result *r, enum batch_status before)
{
	if (n->disk.status != BATCH_HOLD || before == BATCH_HOLD)
		return;
	snprintf(n->banner, sizeof n->banner, "HOLD: %s %s%s%s put batch %s "
	    "on HOLD (%s). Escalate to the Tech Lead and the Backend Lead; "
	    "g shows how to lift it.", what, verdict_name(r->verdict),
	    r->code ? " " : "", code_name(r->code), r->batch != NULL ?
	    r->batch : "", n->disk.status_path);
	n->banner_seq++;
}

/* Runs and records the gate, or under --readonly judges it live and writes
 * nothing: no report, no batch status (SPEC 7, issue 23). */
void
mon_do_gate(struct monitor *m, enum gate_id id)
{
	const struct gate_def *g = gate_def_get(id);
	enum batch_status before = m->cur->disk.status;
	int recorded = !m->s->readonly;
	struct gate_result *r;
	struct mon_snapshot *n;
	char *cause = NULL, what[64];

	snprintf(what, sizeof what, "%s%s%s", g->fid ? g->fid : "",
	    g->fid ? " " : "", g->name);
	mon_set_busy(m, what);
	m->ctx.now = time(NULL);
	r = recorded ? gate_run_and_report(&m->ctx, id, &cause) :
	    gate_run(&m->ctx, id);
	n = mon_snap_clone(m);
	add_run(n, r, 0, recorded ? cause : "not recorded (read-only)");
	for (size_t i = 0; i < r->nstages; i++)
		add_run(n, r->stages[i], 1, NULL);
	log_run(n, r, what, cause, recorded);
	free(cause);
	gonogo_read_disk(m->s, &n->disk);
	hold_banner(n, what, r, before);
	/* A composite run also refreshes what its stages show. */
	for (size_t i = 0; i < r->nstages; i++) {
		struct gate_result *st = r->stages[i];

		r->stages[i] = NULL;
		mon_set_result(n, st);
	}
	r->nstages = 0;
	mon_set_result(n, r);
	n->busy = 0;
	mon_push_history(n);
	mon_publish(m, n);
}
