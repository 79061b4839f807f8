/* The hand-over between sessions (issue 26): the playbook steps a session
 * checked off, by their live check (an answer that was ok) or by a key,
 * per failure code, read back from the last recording of the same batch
 * so the next console can say "steps done in the last session: 1, 2 (by
 * dina, 02:14)". */
#ifndef INGESTGATE_SESSION_HANDOVER_H
#define INGESTGATE_SESSION_HANDOVER_H

#include <stddef.h>
#include <time.h>

#include "session/session_read.h"

#define HANDOVER_STEPS 16

struct session_steps {
	char code[48];
	int steps[HANDOVER_STEPS];	/* 1-based, ascending, each once */
	int nsteps;
	char by[64];		/* who checked the last of them */
	time_t at;		/* when */
};

/* The steps checked off in sf, per code (at most max codes); their count. */
int session_steps_done(const struct session_file *sf,
    struct session_steps *out, int max);
/* The newest recording in dir (a context's folder) but self whose batch is
 * batch (NULL: none): its steps as above, its path into file (len bytes).
 * Returns the number of codes, 0 when there is no such recording. */
int session_handover_find(const char *dir, const char *self,
    const char *batch, struct session_steps *out, int max, char *file,
    size_t len);

#endif
