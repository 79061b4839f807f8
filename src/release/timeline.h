/* The timeline of SPEC section 11: one time-ordered list of what changed,
 * built from the reports and logs on disk — verdict changes per gate, batch
 * status transitions, sign-offs, replays, env drift between F-00 runs (by
 * key, never by value), error messages seen for the first time and DLQ
 * growth crossing its thresholds. Each entry names the report it comes
 * from.
 *
 * Speed with a year of reports: each report folder keeps an index,
 * .timeline-index.jsonl, with the few facts the timeline needs from each
 * report, keyed by file name. A run lists the folder (no stat per file),
 * reads the index, parses only reports it has not indexed yet and rewrites
 * the index when it learned something (atomically; a read-only folder just
 * costs the parsing). A report is never rewritten once published
 * (report.c), so a name is enough; a report edited by hand is what
 * `ingestgate verify` finds, and deleting the index makes the timeline read
 * every report again. */
#ifndef INGESTGATE_TIMELINE_H
#define INGESTGATE_TIMELINE_H

#include <stddef.h>
#include <time.h>

#define TIMELINE_INDEX ".timeline-index.jsonl"

enum tl_kind {
	TL_VERDICT,	/* a gate's verdict changed */
	TL_NEW_ERROR,	/* an F-03 error message never seen before */
	TL_DLQ,		/* DLQ growth crossed 0 or maxGrowth */
	TL_ENV_DRIFT,	/* an F-00 fingerprint or flag changed */
	TL_REPLAY,	/* a DLQ replay (audit log) */
	TL_SIGNOFF,	/* a sign-off line */
	TL_STATUS,	/* a batch status transition */
	TL_SESSION,	/* a console session's start, end or hand-over */
	TL_KIND_COUNT
};

struct tl_event {
	time_t at;
	enum tl_kind kind;
	char *gate;		/* gate name, or NULL */
	char *batch;		/* NULL when not about one batch */
	char *from, *to;	/* verdict or status change; NULL otherwise */
	char *text;		/* one line for people; never a secret */
	char *report;		/* where it comes from: path or path:line */
	unsigned seq;
};

struct timeline {
	struct tl_event *ev;
	size_t n, cap;
	char **warnings;	/* unreadable files and lines, with path:line */
	size_t nwarnings;
	size_t reports;		/* reports considered */
	size_t parsed;		/* of which parsed (not found in an index) */
};

const char *timeline_kind_name(enum tl_kind k);

/* Parses "24h", "30m", "7d", "90s" into seconds; -1 when malformed. */
long timeline_parse_since(const char *s);

/* Builds the timeline of the report root; batch NULL: every batch; since 0:
 * all time. Bad files become warnings, never a failure. -1 with *cause
 * only when the root itself cannot be read. */
int timeline_build(const char *root, const char *batch, time_t since,
    struct timeline *out, char **cause);
void timeline_free(struct timeline *t);

/* "2026-02-20T10:00:00Z  status    HOLD · batch B from READY (gate)" then
 * the report on its own line. Each event's text says what happened first
 * (the verdict, the status, "moved 24", "declined"), then to what. */
char *timeline_render_text(const struct timeline *t);
/* One JSON object per line and event: at, kind, gate, batch, from, to,
 * text, report. */
/* lines: one object a line (--json-lines); else one JSON array. */
char *timeline_render_json(const struct timeline *t, int lines);

#endif
