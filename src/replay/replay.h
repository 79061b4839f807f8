/* DLQ replay rules shared by the command line and the console: validating
 * what the operator asked for, who the operator is, the confirmation
 * question and its answer, and each request to core-api framed by an
 * audit line before it (intent) and after it (outcome). */
#ifndef INGESTGATE_REPLAY_H
#define INGESTGATE_REPLAY_H

#include <stddef.h>

#include "core/snapshot.h"

struct core_api;

#define REPLAY_LIMIT_DEFAULT 100
/* core-api's own ceiling (SPEC section 8); a larger limit is refused here. */
#define REPLAY_LIMIT_MAX 100000

/* What the operator typed, before validation. NULL or "" for source and
 * channel means any; NULL for limit means REPLAY_LIMIT_DEFAULT (an empty
 * limit is refused: the form shows what will be sent). */
struct replay_fields {
	const char *role;
	const char *status;
	const char *source;
	const char *channel;
	const char *limit;
	const char *operator_flag;	/* --operator; NULL in the console */
	const char *host;		/* core-api host, no credentials */
};

/* One validated replay: what the dry run counts and, once confirmed, what
 * the real replay repeats unchanged. */
struct replay_req {
	char role[16];		/* MANAGER or ADMIN */
	char status[16];	/* OPEN or FAILED */
	char source[128];	/* "": any */
	char channel[128];	/* "": any */
	long limit;
	char host[128];
	char operator_name[64];
	char id[64];		/* ties the audit lines of one replay together */
};

/* Fills rq from f; -1 with *cause (caller frees) naming the field, the
 * value and what is accepted. */
int replay_req_set(struct replay_req *rq, const struct replay_fields *f,
    char **cause);
/* A limit: digits only, from 1 to REPLAY_LIMIT_MAX; -1 with *cause. */
int replay_limit_parse(const char *s, long *out, char **cause);

/* The operator: the first non-empty of flag, user and logname, cleaned of
 * control characters; "unknown" only when all are empty. */
void replay_operator_pick(const char *flag, const char *user,
    const char *logname, char *out, size_t len);
/* The same with user and logname from $USER and $LOGNAME. */
void replay_operator_resolve(const char *flag, char *out, size_t len);

/* "FAILED DLQ entries (source any, channel any, limit 100) on HOST as
 * MANAGER": what a count covers. Caller frees. */
char *replay_describe(const struct replay_req *rq);
/* The confirmation question both faces ask after a dry run counted
 * count > 0 entries; it names everything counted. Caller frees. */
char *replay_confirm_text(const struct replay_req *rq, long long count);
/* What a finished request did, in one sentence both faces print: a dry
 * run's count ("nothing to replay" when 0), or the entries moved. Caller
 * frees. */
char *replay_outcome_text(const struct replay_req *rq, int dry_run,
    const struct replay_counts *rc, long long confirmed);
/* 1 when answer (surrounding blanks ignored) is "yes" or exactly count in
 * decimal, and count > 0; 0 for anything else. */
int replay_confirm_match(const char *answer, long long count);

/* One request to core-api (a dry-run count, or a real replay of at most
 * confirmed entries) between its two audit lines. api NULL means no client
 * could be made and err already says why. Returns 0 on a 2xx answer with
 * out filled; -1 with err otherwise. When the intent line cannot be
 * written no request is made (-1, err says so). When the outcome line
 * cannot be written *cause (caller frees) says so; the return still
 * reflects the request. */
int replay_run(struct core_api *api, const char *reports_dir,
    const struct replay_req *rq, int dry_run, long long confirmed,
    struct replay_counts *out, struct api_error *err, char **cause);
/* A canary step's facts for its audit lines (SPEC section 12). */
struct replay_step {
	int step, nsteps;		/* 1-based */
	long long ids;			/* -1: not known yet */
	long long settled, resolved;	/* -1: not known yet */
	double success;			/* < 0: not known yet */
};

/* One canary step's request: its intent line (naming the step), then a
 * real replay of at most rq->limit entries. The outcome line is left to
 * replay_step_outcome, written once the step has settled so that it
 * carries the step's success. Same returns as replay_run. */
int replay_step_request(struct core_api *api, const char *reports_dir,
    const struct replay_req *rq, const struct replay_step *st,
    struct replay_counts *out, struct api_error *err);
/* The step's outcome line: outcome ("ok", a code, "ERROR"), the counts
 * (rc NULL when the request failed) and error (NULL: none). */
int replay_step_outcome(const char *reports_dir, const struct replay_req *rq,
    const struct replay_step *st, const struct replay_counts *rc,
    const char *outcome, const char *error, char **cause);
/* The line that closes a canary replay: its result ("completed",
 * "REPLAY_CANARY_ABORTED", "stopped", "ERROR"), the last step and why. */
int replay_canary_end(const char *reports_dir, const struct replay_req *rq,
    const struct replay_step *last, long long counted, const char *result,
    const char *why, char **cause);

/* An audit line for a decision that makes no request: "declined",
 * "nothing to replay", "no terminal to confirm". */
int replay_audit_decision(const char *reports_dir, const struct replay_req *rq,
    long long counted, const char *decision, char **cause);

#endif
