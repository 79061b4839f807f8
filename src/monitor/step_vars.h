/* What a playbook step's placeholders and the replay dialog's defaults stand
 * for here: the batch, emitter env and context of the settings, the DLQ
 * source the queue pane names first (the one with most OPEN+FAILED entries,
 * else F-03's top failing source) and the DLQ's dominant status — from a
 * snapshot in the console, from the latest reports on disk for `ingestgate
 * playbook`. */
#ifndef INGESTGATE_STEP_VARS_H
#define INGESTGATE_STEP_VARS_H

#include "playbook/playbook.h"

struct settings;
struct mon_snapshot;

struct step_vars {
	struct playbook_vars v;		/* points into this struct and s */
	char source[128];		/* "" when unknown */
	char status[16];		/* OPEN or FAILED; "" when unknown */
};

void step_vars_of_snapshot(const struct mon_snapshot *snap,
    const struct settings *s, struct step_vars *out);
void step_vars_of_disk(const struct settings *s, struct step_vars *out);

#endif
