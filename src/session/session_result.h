/* A gate result as a recorded frame holds it, and back: every field a pane,
 * a dialog or the write-up reads (verdict, code, summary, checks, metrics,
 * findings, stages, decision, report paths), with the time it finished
 * relative to the frame's so that an unchanged result costs nothing in the
 * next delta. Results never hold a secret (checks name keys and
 * fingerprints, never values), so neither does this. */
#ifndef INGESTGATE_SESSION_RESULT_H
#define INGESTGATE_SESSION_RESULT_H

#include <time.h>

#include <json-c/json.h>

#include "core/result.h"

/* r as an object (caller puts); "age" is frame_at minus r's finish. */
json_object *session_result_to_json(const struct gate_result *r,
    time_t frame_at);
/* The result o describes (caller frees), or NULL with *cause. */
struct gate_result *session_result_from_json(json_object *o, time_t frame_at,
    char **cause);

/* A double with ten significant digits (shorter lines than json-c's 17). */
json_object *session_json_double(double d);

#endif
