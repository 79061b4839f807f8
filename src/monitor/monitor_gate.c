/* A gate run the operator asks for in the console (its key): run and
 * recorded like `ingestgate gate`, then published with its stages, a log
 * line and a row in the history the 'h' dialog shows. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void
mon_do_gate(struct monitor *m, enum gate_id id)
{
	const struct gate_def *g = gate_def_get(id);
	struct gate_result *r;
	struct mon_snapshot *n;
	char *cause = NULL, what[64];

	snprintf(what, sizeof what, "%s%s%s", g->fid ? g->fid : "",
	    g->fid ? " " : "", g->name);
	mon_set_busy(m, what);
	m->ctx.now = time(NULL);
	r = gate_run_and_report(&m->ctx, id, &cause);
	n = mon_snap_clone(m);
	add_run(n, r, 0, cause);
	for (size_t i = 0; i < r->nstages; i++)
		add_run(n, r->stages[i], 1, NULL);
	if (cause != NULL) {
		mon_add_log(n, VERDICT_ERROR, "%s: cannot write the report: %s", what,
		    cause);
		free(cause);
	} else
		mon_add_log(n, r->verdict, "%s %s%s%s%s%s%s  %s", what,
		    verdict_name(r->verdict), r->code ? " " : "",
		    code_name(r->code), r->decision ? " · " : "",
		    r->decision ? r->decision : "", r->batch_status != NULL &&
		    strcmp(r->batch_status, "HOLD") == 0 ? ", batch HOLD" : "",
		    r->report_md ? r->report_md : "");
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
