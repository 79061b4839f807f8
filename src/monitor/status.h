/* The state of one context at a glance (SPEC section 10, `ingestgate
 * status`): each gate's last verdict from the reports on disk, the batch's
 * decision and status, and a quick live read of F-03 and F-04. Live reads of
 * several contexts run in parallel, one thread per context with its own
 * core-api client, and are bounded by the timeout as a whole. */
#ifndef INGESTGATE_STATUS_H
#define INGESTGATE_STATUS_H

#include <time.h>

#include "core/codes.h"
#include "core/gate_def.h"
#include "core/result.h"

struct settings;
struct core_api;

/* The last report of one gate, as latest.json says. */
struct status_disk {
	int have;
	enum verdict verdict;
	char code[64];
	time_t finished_at;	/* 0 when unknown */
	char *report;		/* latest.json's path */
};

struct status {
	const struct settings *s;	/* not owned */
	struct status_disk disk[GATE_COUNT];
	char *decision;		/* of the latest evidence; NULL when none */
	char *batch_status;	/* of batch-status.json; NULL when none */
	/* Live F-03 and F-04 (NULL until read; then owned). */
	struct gate_result *live_processing;
	struct gate_result *live_dlq;
	long live_ms;
	int live_done;
	struct core_api *api;	/* owned by the live read */
};

/* Reads the reports on disk under s's report root into st. */
void status_read_disk(struct status *st, const struct settings *s);

/* Reads F-03 and F-04 live for n contexts at once, each on its own thread,
 * and returns once all answered or the slowest timeout (plus a margin) is
 * over; a context that did not answer by then gets ERROR
 * CORE_API_UNREACHABLE. Returns 1 when some thread was left running: its
 * status must then not be freed (the process is about to exit). */
int status_read_live(struct status **sts, size_t n);

/* The verdict that sums a context up: the worst of each gate's last
 * verdict, F-03 and F-04 taken from the live read when there is one. */
enum verdict status_verdict(const struct status *st, int *have);

void status_free(struct status *st);

#endif
