/* One recorded event in words, English or Indonesian: the time bar of the
 * replay and the write-up (session_report.c) say events the same way. */
#ifndef INGESTGATE_SESSION_EVENT_H
#define INGESTGATE_SESSION_EVENT_H

#include <stddef.h>

#include <json-c/json.h>

/* lang: 0 English, 1 Indonesian. Writes at most len bytes to out. */
void session_event_text(json_object *ev, int lang, char *out, size_t len);
/* 1 when the event's words or fields hold text (case-insensitive). */
int session_event_matches(json_object *ev, const char *text);

#endif
