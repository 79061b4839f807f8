/* The write-up of a recorded session (issue 26): incident notes to paste
 * into a ticket, from a recording alone: when it started, what failed and
 * when it flipped back, the playbook steps run and their results, the
 * gates run with their report paths, the replays with their counts, and
 * who did what; English or Indonesian, as text, Markdown or JSON. Pure:
 * it reads a loaded recording and returns a string. */
#ifndef INGESTGATE_SESSION_REPORT_H
#define INGESTGATE_SESSION_REPORT_H

#include "session/session_read.h"

enum session_report_format { SREP_TEXT, SREP_MD, SREP_JSON };

/* lang: 0 English, 1 Indonesian. Caller frees. */
char *session_report(struct session_file *sf, enum session_report_format fmt,
    int lang);

#endif
