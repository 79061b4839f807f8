/* Running a gate by its registry row: the composites (release, evidence)
 * run their stages and are decided; results are published as reports and
 * applied to the batch status. Above the gates, since it records. */
#ifndef INGESTGATE_GATE_RUN_H
#define INGESTGATE_GATE_RUN_H

#include "gates/gate.h"

/* Runs one gate (release and evidence run their stages); caller frees. */
struct gate_result *gate_run(struct gate_ctx *ctx, enum gate_id id);

/* Runs a gate and writes its reports (and its stages'), and on a batch
 * reads and applies the batch status (SPEC section 5.1). Returns the result;
 * *cause is set (caller frees) when a report or the batch status could not
 * be read or written, in which case the run is ERROR (r->write_failed). */
struct gate_result *gate_run_and_report(struct gate_ctx *ctx, enum gate_id id,
    char **cause);

#endif
