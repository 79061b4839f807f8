/* The batch status of runbook section 8 (SPEC section 5.1):
 * release-evidence/{batch}/batch-status.json with READY, PENDING or HOLD,
 * since, reason, escalation, attach and the history of transitions. The
 * transition rule is a pure function; reading and writing sit beside it. */
#ifndef INGESTGATE_BATCH_STATUS_H
#define INGESTGATE_BATCH_STATUS_H

#include <time.h>

#include "release/decision.h"
#include "core/result.h"

enum batch_status {
	BATCH_NONE,		/* no status file yet */
	BATCH_READY,
	BATCH_PENDING,
	BATCH_HOLD
};

/* What a gate run brings to the batch status. */
struct batch_run {
	int evidence;		/* an evidence run: its decision applies */
	enum verdict verdict;	/* the run's verdict */
	enum decision decision;	/* evidence only */
};

/* "READY", "PENDING", "HOLD"; NULL for BATCH_NONE. */
const char *batch_status_name(enum batch_status s);
int batch_status_parse(const char *s, enum batch_status *out);
/* 1 when s names HOLD: the console asks, never compares words itself. */
int batch_status_is_hold(const char *s);

/* 1 when the run sets the status: an evidence run, or any FAIL. */
int batch_status_applies(const struct batch_run *run);
/* The status after a run: FAIL (evidence NO-GO) sets HOLD; evidence GO sets
 * READY and PENDING sets PENDING, except that HOLD is sticky (only a
 * sign-off lifts it); anything else leaves the status as it was. */
enum batch_status batch_status_next(enum batch_status old,
    const struct batch_run *run);

/* The status file of a batch as read. */
struct batch_file {
	char *dir;		/* the folder it lives in */
	char *path;		/* its full path */
	char *shown;		/* its path as printed */
	char *text;		/* the file as read; NULL when there is none */
	enum batch_status status;
	char *batch;		/* the batch the file names; NULL when none */
	/* The evidence report taken in since the last HOLD was set (its path
	 * as shown; NULL when none): only it may lift the HOLD (SPEC 11). */
	char *evidence;
	/* The sign-off chain's head as recorded at the last sign-off. */
	size_t chain_lines;
	char chain_sha256[65];	/* "" when none */
};

/* Reads the batch's status file; a missing file is BATCH_NONE. -1 with
 * *cause (caller frees) when it exists but cannot be read or understood. */
int batch_status_read(const char *root, const char *batch,
    struct batch_file *f, char **cause);
/* The same for the status file at path (verify reads the one beside a
 * chain). */
int batch_status_read_file(const char *path, struct batch_file *f,
    char **cause);
void batch_file_free(struct batch_file *f);

/* The basename of a report path: evidence paths are compared by it (the
 * report root may be spelt differently by two commands). */
const char *batch_report_name(const char *path);

/* The new file: old_text (may be NULL) with the run r applied, status next;
 * now stamps since/at. Caller frees. */
char *batch_status_render(const char *old_text, const struct gate_result *r,
    const struct batch_run *run, enum batch_status next, time_t now);

/* Writes the new status file atomically; -1 with *cause naming the path. */
int batch_status_write(const struct batch_file *f, const struct gate_result *r,
    const struct batch_run *run, enum batch_status next, char **cause);

#endif
