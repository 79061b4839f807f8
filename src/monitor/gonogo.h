/* The console's go/no-go (its header and the 'g' checklist): for each
 * evidence stage the newest verdict known — this session's refreshes and
 * runs, else the latest release evidence on disk — the core's decision over
 * them (decision.c), and the batch status as batch-status.json says. The
 * collector reads the disk (gonogo_read_disk); the console only draws what
 * gonogo_of() answers. */
#ifndef INGESTGATE_GONOGO_H
#define INGESTGATE_GONOGO_H

#include <stddef.h>
#include <time.h>

#include "core/gate_def.h"
#include "release/batch_status.h"
#include "release/decision.h"

struct settings;
struct mon_snapshot;

/* What the report root says of the batch, read by the collector. */
struct gonogo_disk {
	int read;			/* the disk was read at least once */
	char root[256];			/* the report root in use, as given */
	/* The latest release evidence of the batch (latest.json). */
	int have_evidence;
	time_t evidence_at;
	char evidence_decision[16];
	struct decision_stage st[GATE_STAGES_MAX];
	size_t n;
	/* batch-status.json: BATCH_NONE when there is none. */
	enum batch_status status;
	char status_path[512];
	char problem[200];		/* why the status could not be read */
};

struct gonogo {
	struct decision_stage st[GATE_STAGES_MAX];
	int from_disk[GATE_STAGES_MAX];	/* the stage's verdict is the
					 * evidence on disk's */
	size_t n;
	enum decision decision;
	const char *decision_name;
	/* Before any live figure: the decision is the evidence on disk's. */
	int disk_only;
	enum batch_status status;
	const char *status_name;	/* NULL: no batch status on disk */
	int hold;			/* the status on disk is HOLD */
	int alarm;			/* the status calls for the alarm colour */
};

/* Reads the latest evidence and the batch status of s's batch under its
 * report root into d (a missing file is no evidence, no status). */
void gonogo_read_disk(const struct settings *s, struct gonogo_disk *d);

/* The go/no-go of a snapshot: decision over the stages (live first, the
 * evidence on disk for a stage the session has no figure of) and the batch
 * status on disk. */
void gonogo_of(const struct mon_snapshot *snap, int quality_skipped,
    struct gonogo *g);

/* The decision in words with what happens next, for the checklist; says
 * the batch is on HOLD only when the status on disk says so. Caller
 * frees. */
char *gonogo_explain(const struct gonogo *g, const struct mon_snapshot *snap,
    const char *batch, int quality_skipped);
/* The batch status on disk and its file, and on HOLD the two sign-offs
 * that lift it, with the command. Caller frees. */
char *gonogo_status_text(const struct gonogo *g,
    const struct mon_snapshot *snap, const char *batch);

#endif
