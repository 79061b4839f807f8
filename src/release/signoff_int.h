/* Shared by the sign-off's files only (signoff.c, signoff_chain.c,
 * signoff_batch.c, signoff_record.c). Not an interface: see signoff.h. */
#ifndef INGESTGATE_SIGNOFF_INT_H
#define INGESTGATE_SIGNOFF_INT_H

#include "release/integrity.h"
#include "release/signoff.h"

#define SIGNOFF_MAX_FILE (64u * 1024 * 1024)

/* Frees an entry's strings (signoff.c). */
void signoff_entry_free(struct signoff_entry *e);

/* A new chain line (no newline) after prev (NULL on the first line),
 * signed with key when set (signoff_chain.c); caller frees. */
char *signoff_line_render(const char *at, const struct signoff_request *req,
    const char *note, const struct signoff_evidence *ev, const char *prev,
    const struct integrity_key *key);

#endif
