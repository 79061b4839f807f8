/* Shared by the timeline's files only (timeline.c, timeline_index.c,
 * timeline_events.c, timeline_replay.c, timeline_build.c): the facts kept
 * per report, a report folder, and the helpers each source uses to add
 * events and warnings. Not an interface: see timeline.h. */
#ifndef INGESTGATE_TIMELINE_INT_H
#define INGESTGATE_TIMELINE_INT_H

#include <stddef.h>
#include <time.h>

#include <json-c/json.h>

#include "core/gate_def.h"
#include "release/timeline.h"

#define TL_MAX_FILE (64u * 1024 * 1024)
/* F-00 facts: 3 fingerprints then 4 flags (timeline_index.c). */
#define ENV_FACTS (3 + 4)

/* What the timeline needs from one report. */
struct fact {
	char *file;
	time_t at;
	char *gate, *id, *batch, *verdict, *code, *decision, *status;
	char *env[ENV_FACTS];	/* F-00: fingerprints then flags; NULL unset */
	char **errors;		/* F-03 top error messages */
	size_t nerrors;
	int has_growth;
	long long growth, max_growth;
	char *bad;		/* why the report could not be read */
	int seen;		/* found in the folder on this run */
};

struct folder {
	char *dir;		/* on disk */
	char *shown;		/* as paths are shown */
	struct fact *f;
	size_t n, cap;
};

/* Seen error messages, kept sorted for bsearch. */
struct strset {
	char **s;
	size_t n;
};

/* timeline.c: the event list and the helpers of every source. */
void *tl_grow(void *p, size_t n, size_t *cap, size_t size);
void tl_warn(struct timeline *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *tl_str(json_object *o, const char *key);
int tl_array_of(json_object *o, const char *key, json_object **a, size_t *n);
time_t tl_parse_iso(const char *s);
json_object *tl_jstr(const char *s);
struct tl_event *tl_add(struct timeline *t, time_t at, enum tl_kind kind,
    const char *gate, const char *batch, const char *report);
int tl_gate_is(const char *gate, enum gate_id id);
void tl_event_free(struct tl_event *e);

/* timeline_index.c: a folder's facts, up to date and in time order. */
void tl_folder_scan(struct folder *d, struct timeline *t);
void tl_folder_free(struct folder *d);
/* The env key of F-00 fact k (0 <= k < ENV_FACTS): never its value. */
const char *tl_env_key(int k);

/* timeline_events.c: the events of one gate or evidence folder. */
void tl_events_gate_folder(struct timeline *t, const struct folder *d,
    const char *batch, struct strset *errors_seen);
void tl_events_status(struct timeline *t, const struct folder *d,
    const char *bname);
void tl_events_signoffs(struct timeline *t, const struct folder *d,
    const char *bname);

/* timeline_replay.c: the events of root/audit/replay.log. */
void tl_events_replays(struct timeline *t, const char *root,
    const char *shown_root);

/* timeline_session.c: the starts, ends and hand-overs of the console's
 * recorded sessions under root/sessions (issue 26). */
void tl_events_sessions(struct timeline *t, const char *root,
    const char *shown_root, const char *batch);

#endif
