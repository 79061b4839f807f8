/* The delta encoding of a session recording: a frame (a JSON object) is
 * written as what changed since the one before it. Objects are compared key
 * by key and recursed into; a removed key is listed under "~del"; an array
 * that only lost elements at its front and gained some at its end (a
 * sparkline's history) is written as {"~a":[dropped,[added...]]}; any other
 * change replaces the value. Pure: no I/O, tested by feeding objects. */
#ifndef INGESTGATE_SESSION_DELTA_H
#define INGESTGATE_SESSION_DELTA_H

#include <json-c/json.h>

/* A deep copy of o (caller puts), NULL for NULL; a copy json-c refuses
 * (out of memory, a serializer it cannot copy) is fatal, never a null
 * frame written or read as if it were one. */
json_object *session_copy(json_object *o);
/* What turns prev into cur: a new object (caller puts); an empty object
 * when nothing changed. prev NULL: a copy of cur. */
json_object *session_delta_encode(json_object *prev, json_object *cur);
/* Applies delta to a copy of prev and returns it (caller puts); prev NULL
 * starts from an empty object. NULL with *cause (caller frees) when the
 * delta does not fit prev (a "~a" on a shorter array, a non-object). */
json_object *session_delta_apply(json_object *prev, json_object *delta,
    char **cause);

/* The same onto target itself (owned by the caller): 0, or -1 with *cause
 * and target half changed. The player steps forward with it. */
int session_delta_apply_into(json_object *target, json_object *delta,
    char **cause);

#endif
