/* The release decision: one table (SPEC section 3), its words and the exit
 * status that follows from it. Pure: no I/O, unit-tested in check_decision. */
#include "config.h"

#include <string.h>

#include "release/decision.h"
#include "core/util.h"

static const char *const names[] = {
	[DECISION_GO] = "GO",
	[DECISION_NO_GO] = "NO-GO",
	[DECISION_PENDING] = "PENDING",
};

const char *
decision_name(enum decision d)
{
	return (size_t)d < nitems(names) ? names[d] : "PENDING";
}

int
decision_parse(const char *s, enum decision *out)
{
	for (size_t i = 0; s != NULL && i < nitems(names); i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum decision)i;
			return 0;
		}
	return -1;
}

int
decision_stage_ok(const struct decision_stage *st, int quality_skipped)
{
	if (!st->have)
		return 0;
	if (st->verdict == VERDICT_PASS)
		return 1;
	/* Only a quality check declared out of scope may be skipped. */
	return st->verdict == VERDICT_SKIPPED && st->gate == GATE_QUALITY &&
	    quality_skipped;
}

const char *
decision_required(enum gate_id g, int quality_skipped)
{
	return g == GATE_QUALITY && quality_skipped ? "PASS or SKIPPED" : "PASS";
}

static int
stage_bad(const struct decision_stage *st)
{
	return st->have && (st->verdict == VERDICT_FAIL ||
	    st->verdict == VERDICT_ERROR);
}

long long
decision_not_run(const struct decision_stage *st, size_t n)
{
	long long sum = 0;

	for (size_t i = 0; i < n; i++)
		if (st[i].have && st[i].not_run > 0)
			sum += st[i].not_run;
	return sum;
}

enum decision
decision_decide(const struct decision_stage *st, size_t n, int quality_skipped)
{
	int all_ok = n > 0;

	for (size_t i = 0; i < n; i++) {
		if (stage_bad(&st[i]))
			return DECISION_NO_GO;
		if (!decision_stage_ok(&st[i], quality_skipped))
			all_ok = 0;
	}
	/* A check that did not run did not pass: never GO offline (SPEC
	 * section 3), whoever asks — the gate runner or the console. */
	return all_ok && decision_not_run(st, n) == 0 ? DECISION_GO :
	    DECISION_PENDING;
}

/* The evidence's stages as the decision sees them; at most GATE_COUNT. */
static size_t
stages_of(const struct gate_result *r, struct decision_stage *st)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nstages && n < GATE_COUNT; i++, n++) {
		st[n].gate = r->stages[i]->gate->id;
		st[n].have = 1;
		st[n].verdict = r->stages[i]->verdict;
		st[n].code = r->stages[i]->code;
		/* F-00 with --offline says how many checks it skipped. */
		st[n].not_run = kv_int_or(&r->stages[i]->metrics,
		    M_CHECKS_NOT_RUN, 0);
	}
	return n;
}

enum decision
decision_of_result(const struct gate_result *r, int quality_skipped)
{
	struct decision_stage st[GATE_COUNT];
	size_t n = stages_of(r, st);

	return decision_decide(st, n, quality_skipped);
}

static void
add_stage(struct buf *b, const struct decision_stage *st, int *first)
{
	const struct gate_def *g = gate_def_get(st->gate);

	buf_addf(b, "%s%s %s", *first ? "" : ", ",
	    g->fid != NULL ? g->fid : g->name, g->name);
	if (!st->have)
		buf_adds(b, " not run");
	else {
		buf_addf(b, " %s", verdict_name(st->verdict));
		if (st->code != CODE_NONE)
			buf_addf(b, " %s", code_name(st->code));
	}
	*first = 0;
}

/* A PENDING that only checks not run hold back (--offline): says so, with
 * how many; 0 when other stages hold it back too. */
static int
all_ok(const struct decision_stage *st, size_t n, int quality_skipped)
{
	for (size_t i = 0; i < n; i++)
		if (!decision_stage_ok(&st[i], quality_skipped))
			return 0;
	return n > 0;
}

static int
explain_offline(struct buf *b, const struct decision_stage *st, size_t n,
    int quality_skipped, int hold)
{
	long long not_run = decision_not_run(st, n);

	if (!all_ok(st, n, quality_skipped) || not_run == 0)
		return 0;
	buf_addf(b, "PENDING: offline: %lld checks not run (F-00 with "
	    "--offline skips its Redis pings and core-api's runtime checks): "
	    "run the evidence without --offline to decide.%s", not_run, hold ?
	    " The batch stays HOLD (BATCH_ON_HOLD)." : "");
	return 1;
}

char *
decision_explain(enum decision d, const struct decision_stage *st, size_t n,
    int quality_skipped, int hold)
{
	struct buf b = { 0 };
	int first = 1;

	switch (d) {
	case DECISION_GO:
		buf_adds(&b, "GO: every stage PASS");
		for (size_t i = 0; i < n; i++)
			if (st[i].have && st[i].verdict == VERDICT_SKIPPED)
				buf_adds(&b, " (F-05 SKIPPED: "
				    "RUN_EVIDENCE_QUALITY_CHECK=false)");
		if (hold)
			buf_adds(&b, ", but the batch stays on HOLD until the "
			    "Tech Lead and the Backend Lead sign (BATCH_ON_HOLD): "
			    "a GO does not lift a hold (runbook 8).");
		else
			buf_adds(&b, ". The batch is READY to be signed off.");
		break;
	case DECISION_NO_GO:
		buf_adds(&b, "NO-GO: ");
		for (size_t i = 0; i < n; i++)
			if (stage_bad(&st[i]))
				add_stage(&b, &st[i], &first);
		/* On HOLD only when the batch status says so: a NO-GO not
		 * recorded (read-only, a write that failed) set nothing. */
		if (hold)
			buf_adds(&b, ". The batch is on HOLD: escalate to the Tech "
			    "Lead and the Backend Lead and attach the latest "
			    "JSON/MD reports (runbook 8).");
		else
			buf_adds(&b, ". Recorded, a NO-GO puts the batch on HOLD: "
			    "escalate to the Tech Lead and the Backend Lead "
			    "(runbook 8).");
		break;
	case DECISION_PENDING:
		if (explain_offline(&b, st, n, quality_skipped, hold))
			break;
		buf_adds(&b, "PENDING: not enough to sign off: ");
		for (size_t i = 0; i < n; i++)
			if (!decision_stage_ok(&st[i], quality_skipped))
				add_stage(&b, &st[i], &first);
		if (first)
			buf_adds(&b, "no stage has run");
		buf_adds(&b, ". Resolve what it names (ingestgate playbook "
		    "CODE), then run the evidence again.");
		if (hold)
			buf_adds(&b, " The batch stays HOLD (BATCH_ON_HOLD).");
		break;
	}
	return buf_take(&b);
}

char *
decision_explain_result(const struct gate_result *r, int quality_skipped)
{
	struct decision_stage st[GATE_COUNT];
	size_t n = stages_of(r, st);
	enum decision d = decision_decide(st, n, quality_skipped);
	int hold = r->batch_status != NULL &&
	    strcmp(r->batch_status, "HOLD") == 0;

	/* Evidence that could not be written is not evidence. */
	if (r->write_failed && all_ok(st, n, quality_skipped))
		return xasprintf("PENDING: every stage PASS, but the evidence "
		    "could not be written (REPORT_WRITE_FAILED, below): make "
		    "the reports folder writable, then run the evidence "
		    "again.%s", hold ? " The batch stays HOLD (BATCH_ON_HOLD)." :
		    "");
	return decision_explain(d, st, n, quality_skipped, hold);
}

int
decision_exit_status(const struct gate_result *r)
{
	enum decision d;

	if (r->write_failed)
		return 2;
	/* A GO proceeds only on a batch that is (or became) READY: one still
	 * on HOLD waits for its sign-offs (SPEC section 3). */
	if (r->gate->id == GATE_EVIDENCE && decision_parse(r->decision, &d) == 0)
		return d == DECISION_NO_GO ? 1 : d == DECISION_GO &&
		    r->batch_status != NULL &&
		    strcmp(r->batch_status, "READY") == 0 ? 0 : 2;
	return verdict_exit_status(r->verdict);
}
