/* Who runs a command that writes (a replay, a canary, a sign-off, the
 * console): named in the audit log and the sign-off chain, shown in the
 * console's header. --operator, else the config's `operator = NAME`, else
 * $USER, else $LOGNAME; a write with none of them is refused, never
 * recorded as "unknown". */
#ifndef INGESTGATE_OPERATOR_H
#define INGESTGATE_OPERATOR_H

#include <stddef.h>

#define OPERATOR_MAX 64

/* The first non-blank of flag, config, user and logname, cleaned of
 * control characters, into out: 0, or -1 when none is known. */
int operator_pick(const char *flag, const char *config, const char *user,
    const char *logname, char *out, size_t len);
/* The same, user and logname from $USER and $LOGNAME. */
int operator_resolve(const char *flag, const char *config, char *out,
    size_t len);

/* How to name one, for the refusal. */
extern const char operator_how[];

#endif
