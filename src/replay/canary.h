/* Canary DLQ replay (SPEC section 12): replay a small share, watch the
 * replayed entries settle and F-03/F-04 hold, then the next share, or stop.
 * The step sizes, the stop rule and the run loop live here, for both faces;
 * the command line (cli_canary.c) and the console only show the progress. */
#ifndef INGESTGATE_CANARY_H
#define INGESTGATE_CANARY_H

#include <stdatomic.h>
#include <stddef.h>

#include "core/codes.h"
#include "replay/replay.h"

struct gate_ctx;

#define CANARY_MAX_STEPS 10
#define CANARY_SETTLE_DEFAULT 30	/* seconds */
#define CANARY_MIN_SUCCESS_DEFAULT 0.9

struct canary_opts {
	int pct[CANARY_MAX_STEPS];	/* cumulative percents, rising, last <= 100 */
	size_t npct;
	long settle_s;
	double min_success;
};

/* The defaults: 1%, 10%, the rest; 30 s; 0.9. */
void canary_opts_default(struct canary_opts *o);
/* "--steps 1,10,100": whole percents from 1 to 100, strictly rising, at
 * most CANARY_MAX_STEPS; -1 with *cause (caller frees). */
int canary_steps_parse(const char *s, struct canary_opts *o, char **cause);
/* "--settle SEC" (0 to 3600) and "--min-replay-success R" (0 to 1). */
int canary_settle_parse(const char *s, struct canary_opts *o, char **cause);
int canary_min_success_parse(const char *s, struct canary_opts *o,
    char **cause);

/* The entries each step replays for a dry-run count: step i reaches
 * ceil(count * pct[i] / 100) in all, and moves at least one entry; steps
 * that would move none once the count is reached are dropped. Returns the
 * number of steps written to sizes (at most CANARY_MAX_STEPS). */
size_t canary_plan(const struct canary_opts *o, long long count,
    long long *sizes);

/* Why a canary stops after a step (or CANARY_GO_ON). */
enum canary_stop {
	CANARY_GO_ON,
	CANARY_LOW_SUCCESS,	/* resolved / settled below the minimum */
	CANARY_NONE_SETTLED,	/* nothing left REPLAYING in the settle time */
	CANARY_F03_FAILED,	/* F-03 turned FAIL during the step */
	CANARY_GROWTH_ROSE	/* F-04's growth is higher than before */
};

/* What one step saw, for the stop rule. */
struct canary_check {
	long long settled, resolved;
	double min_success;
	enum verdict f03_before, f03_after;
	long long growth_before, growth_after;
};

enum canary_stop canary_judge(const struct canary_check *c);
/* One sentence for the reason (static). */
const char *canary_stop_text(enum canary_stop s);

struct canary_step_result {
	int step, nsteps;
	long long size;		/* asked */
	long long moved;	/* ids core-api says it moved */
	long long settled, resolved, still_replaying;
	double success;		/* -1: nothing settled */
	enum verdict f03;	/* after the step; VERDICT_SKIPPED: not read */
	long long growth;	/* F-04 growth after the step */
	long ms;		/* the step's wall time */
	enum canary_stop stop;
};

/* Progress, called from the running thread: before each step (done 0)
 * and while it settles and after it (done 1). */
struct canary_progress {
	int step, nsteps;
	long long moved_total, count;	/* entries moved so far, planned */
	const struct canary_step_result *cur;
	int done;
	double eta_s;			/* < 0: not known */
};

enum canary_end {
	CANARY_COMPLETED,	/* every step replayed and held */
	CANARY_ABORTED,		/* FAIL REPLAY_CANARY_ABORTED */
	CANARY_STOPPED,		/* the operator stopped it between steps */
	CANARY_ERRORED		/* a backend failed: ERROR */
};

struct canary_run {
	/* in */
	struct gate_ctx *ctx;
	const char *reports_dir;
	struct replay_req rq;	/* validated; rq.limit is replaced per step */
	struct canary_opts opts;
	long long count;	/* the dry run's count */
	const atomic_int *stop;	/* non-zero: stop before the next step */
	void (*progress)(void *arg, const struct canary_progress *p);
	void *arg;
	/* out */
	struct canary_step_result steps[CANARY_MAX_STEPS];
	size_t nsteps;		/* steps run */
	size_t nplanned;
	long long moved;	/* entries moved in all */
	enum canary_end end;
	enum code code;		/* CODE_REPLAY_CANARY_ABORTED, or a backend code */
	char why[512];		/* one line: what stopped it */
	char *audit_cause;	/* an audit line could not be written; owned */
};

/* Runs the plan for r->count entries, step by step. Returns 0 when the
 * run ended (any end), with r filled; the caller maps r->end to a verdict. */
int canary_execute(struct canary_run *r);
void canary_run_free(struct canary_run *r);
/* "stopped after step 2 of 3: 11 replayed, 89 not touched" and similar:
 * the one sentence both faces show at the end. Caller frees. */
char *canary_summary(const struct canary_run *r);

#endif
