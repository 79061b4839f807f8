/* Writing a session recording (SPEC-less; issue 26):
 * reports/sessions/<context>/<UTC start>.jsonl, one JSON object a line,
 * each appended in one write and fsynced (a killed console leaves every
 * line but, at worst, a cut last one). Line 1 is the header (who, where,
 * when); then frames, each the delta of the console's snapshot since the
 * previous frame (session_delta.h) with the events that came with it, and
 * lines of events alone; every SESSION_KEY_WRITE frames one is whole. Past
 * a size cap the file ends with a "rotated" event naming the next part,
 * which starts with a header (naming the session's first part and the part
 * before it) and a whole frame. Secrets the recorder is told of never reach the file. */
#ifndef INGESTGATE_SESSION_RECORD_H
#define INGESTGATE_SESSION_RECORD_H

#include <stddef.h>
#include <time.h>

#include <json-c/json.h>

/* The default size cap of one part; INGESTGATE_SESSION_MAX_BYTES sets
 * another (for tests). */
#define SESSION_MAX_BYTES (16L * 1024 * 1024)
/* Every SESSION_KEY_WRITE frames of a part, the frame is written whole
 * ("key":true) rather than as a delta: a replay's step then never rebuilds
 * from further back. Two minutes at --interval 1: a whole frame is a few
 * kilobytes (tens with a full log), so this adds 0.1-0.6 MB an hour at
 * most; at 300 a jump's worst rebuild went past 16 ms (tests/bench). */
#define SESSION_KEY_WRITE 120

struct session_rec;

/* Starts a recording under root (the report root) for context (NULL:
 * "default"), started at start; header: the fields of line 1 besides
 * kind, at, context, operator and part (taken, may be NULL). NULL with
 * *cause when the folder or the file cannot be made. */
struct session_rec *session_rec_open(const char *root, const char *context,
    const char *op, time_t start, json_object *header, char **cause);
/* Values that must never be written (the settings' secrets); copied. */
void session_rec_secrets(struct session_rec *r, const char *const *values,
    size_t n);
/* Appends a frame (the whole state, borrowed) taken at `at` and events (an
 * array, borrowed, may be NULL). -1 with *cause when the line could not be
 * written (the recording then stops writing). */
int session_rec_frame(struct session_rec *r, time_t at, json_object *frame,
    json_object *events, char **cause);
/* Appends one event (borrowed) alone. */
int session_rec_event(struct session_rec *r, time_t at, json_object *ev,
    char **cause);
/* The file being written, as shown (root/sessions/...). */
const char *session_rec_path(const struct session_rec *r);
/* Writes an "end" event with reason and frees r. */
void session_rec_close(struct session_rec *r, time_t at, const char *reason);

/* The folder name of a context (safe for a path). Caller frees. */
char *session_context_dir(const char *context);

#endif
