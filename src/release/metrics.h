/* Gate results for alerting: the Prometheus text exposition format that
 * node_exporter's textfile collector reads (`--metrics-file PATH` of
 * `gate` and `status`). Per gate its verdict, failure code and last run;
 * F-03's success rate and F-04's DLQ growth; the decision and the batch
 * status as labelled gauges (one series per value, 1 for the current
 * one). Rendering is pure; the file is replaced atomically. */
#ifndef INGESTGATE_METRICS_H
#define INGESTGATE_METRICS_H

#include <stddef.h>
#include <time.h>

#include "core/codes.h"
#include "core/gate_def.h"

struct gate_result;

/* What is known of one gate. */
struct metrics_gate {
	const struct gate_def *gate;
	int have;		/* 0: never run (nothing is written for it) */
	enum verdict verdict;
	const char *code;	/* "" or NULL: none */
	time_t last_run;	/* 0: unknown */
	int have_rate;
	double success_rate;	/* F-03 */
	int have_growth;
	long long growth;	/* F-04 */
};

/* One environment: a context (or "default") and its batch. */
struct metrics_scope {
	const char *context;
	const char *batch;		/* NULL: none */
	const char *decision;		/* GO, NO-GO, PENDING or NULL */
	const char *batch_status;	/* READY, PENDING, HOLD or NULL */
	struct metrics_gate gates[GATE_COUNT];
};

/* Empties sc for context (NULL: "default") and batch. */
void metrics_scope_init(struct metrics_scope *sc, const char *context,
    const char *batch);
/* Records result r and its stages (a composite's) in sc. */
void metrics_scope_add_result(struct metrics_scope *sc,
    const struct gate_result *r);

/* The exposition text of n scopes; caller frees. */
char *metrics_render(const struct metrics_scope *sc, size_t n);
/* Writes it to path atomically (a reader sees the old file or the new,
 * never part of one); -1 with *cause (caller frees). */
int metrics_write(const char *path, const struct metrics_scope *sc,
    size_t n, char **cause);

#endif
