/* Completing what the sign-off chain already justifies (SPEC 5 and 11): a
 * sign-off whose batch status write did not finish (a crash between its
 * line and the status) is completed by the next sign-off or gate run on
 * the batch, under the batch lock: the lift the chain justifies, and the
 * chain head. */
#ifndef INGESTGATE_SIGNOFF_SYNC_H
#define INGESTGATE_SIGNOFF_SYNC_H

#include <time.h>

#include "release/batch_status.h"
#include "release/signoff.h"

/* Sets ev->current: 1 when ev is the evidence the status bf took in since
 * its last HOLD. */
void signoff_sync_current(const struct batch_file *bf,
    struct signoff_evidence *ev);

/* Under the batch lock, with bf read by batch_status_read(root, batch):
 * completes a lift the chain already justifies and records the chain head
 * when the chain extends the recorded one. 0, with *note (caller frees)
 * saying what was completed or NULL, and bf read again when written; -1
 * with *cause when the status could not be written. */
int signoff_sync(const char *root, const char *batch, struct batch_file *bf,
    time_t now, char **note, char **cause);

#endif
