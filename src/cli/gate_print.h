/* The human summary of a gate run (SPEC section 4): the decision first, then
 * the result with aligned checks, findings as tables, what would flip the
 * verdict in words, and the reports. The result line is the caller's. */
#ifndef INGESTGATE_GATE_PRINT_H
#define INGESTGATE_GATE_PRINT_H

#include <stdio.h>

#include "core/result.h"

/* cause: why the run could not be recorded (NULL: it was). color: draw
 * verdicts in colour (the caller decides: a terminal, no --no-color, no
 * NO_COLOR). */
void gate_print_human(FILE *f, const struct gate_result *r, const char *cause,
    int quality_skipped, int color);

/* What two check details have in common when they differ only in what is
 * between parentheses (the request, a timing): two such are one cause.
 * Caller frees. */
char *gate_print_cause_key(const char *detail);

#endif
