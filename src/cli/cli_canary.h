/* `ingestgate replay --canary` (SPEC section 12): the command line's face of
 * canary.c: the plan, one confirmation, a progress bar or plain lines,
 * --json, and SIGINT between steps. */
#ifndef INGESTGATE_CLI_CANARY_H
#define INGESTGATE_CLI_CANARY_H

#include "replay/replay.h"

struct gate_ctx;

struct canary_args {
	int on;				/* --canary */
	const char *steps;		/* --steps */
	const char *settle;		/* --settle */
	const char *min_success;	/* --min-replay-success */
};

/* 0 completed (or a dry run / nothing to replay), 1 aborted or declined,
 * 2 ERROR, 130 stopped by SIGINT, 64 usage. */
int cli_canary(struct gate_ctx *ctx, const char *reports_dir,
    struct replay_req *rq, const struct canary_args *a, int json, int yes,
    int dry_run);

#endif
