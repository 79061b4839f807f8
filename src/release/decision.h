/* The release decision of SPEC section 3 (runbook section 6): GO, NO-GO or
 * PENDING from the verdicts of the evidence stages. One function decides;
 * the gate runner, the reports and the console's checklist show its answer. */
#ifndef INGESTGATE_DECISION_H
#define INGESTGATE_DECISION_H

#include <stddef.h>

#include "core/codes.h"
#include "core/gate_def.h"
#include "core/result.h"

enum decision {
	DECISION_GO,
	DECISION_NO_GO,
	DECISION_PENDING
};

/* What is known of one evidence stage; have is 0 when it has not run.
 * not_run: the checks the stage says it did not run (M_CHECKS_NOT_RUN:
 * F-00 with --offline), which keep the decision from GO. */
struct decision_stage {
	enum gate_id gate;
	int have;
	enum verdict verdict;
	enum code code;
	long long not_run;
};

/* "GO", "NO-GO", "PENDING". */
const char *decision_name(enum decision d);
/* DECISION_* from its name; -1 when unknown. */
int decision_parse(const char *s, enum decision *out);

/* The decision: GO when every stage is PASS (F-05 may be SKIPPED when
 * quality_skipped, i.e. RUN_EVIDENCE_QUALITY_CHECK=false) and no stage
 * left checks unrun (--offline), NO-GO on any FAIL or ERROR, PENDING
 * otherwise (WARN, INCONCLUSIVE, SKIPPED, not run, checks not run). */
enum decision decision_decide(const struct decision_stage *st, size_t n,
    int quality_skipped);
/* The checks the stages say did not run (the sum of their not_run). */
long long decision_not_run(const struct decision_stage *st, size_t n);
/* Whether one stage meets what GO requires of it. */
int decision_stage_ok(const struct decision_stage *st, int quality_skipped);
/* What GO requires of a stage, in words: "PASS" or "PASS or SKIPPED". */
const char *decision_required(enum gate_id g, int quality_skipped);

/* The decision of an evidence result from its stages: never GO when a
 * stage says checks did not run (M_CHECKS_NOT_RUN, F-00 --offline). */
enum decision decision_of_result(const struct gate_result *r,
    int quality_skipped);

/* The decision in words with what happens next, one paragraph without a
 * trailing newline; caller frees. hold is 1 when the batch is on HOLD. */
char *decision_explain(enum decision d, const struct decision_stage *st,
    size_t n, int quality_skipped, int hold);

/* The same for an evidence result as finished (its batch status, whether
 * it could be written); caller frees. */
char *decision_explain_result(const struct gate_result *r,
    int quality_skipped);

/* The exit status of a finished run (SPEC sections 3 and 4): evidence
 * follows its decision and the batch status (0 GO on a batch that is or
 * became READY, 2 GO on a batch still on HOLD, 1 NO-GO, 2 PENDING), other
 * gates their verdict; a run whose reports could not be written is 2. */
int decision_exit_status(const struct gate_result *r);

#endif
