/* The commands of SPEC section 10: `ingestgate contexts` and
 * `ingestgate status [--all]`. */
#ifndef INGESTGATE_CMD_STATUS_H
#define INGESTGATE_CMD_STATUS_H

struct settings;

/* Lists the contexts of base's config file (name, core-api host without
 * credentials, batch, report root; never a secret), marking with '*' the
 * one a run would use (flag, INGESTGATE_CONTEXT or the config's default).
 * base is loaded with context_none. Returns an exit status. */
int cmd_contexts(const struct settings *base, const char *flag);

/* One line per context (metrics_file: also written there for Prometheus,
 * atomically; NULL: not). Without all: cur alone (its flags apply). With all:
 * every context of base's config, each loaded on its own. Exit status: the
 * worst context's verdict as SPEC section 4 maps it. */
int cmd_status(const struct settings *base, const struct settings *cur,
    const char *flag, int all, const char *metrics_file);

#endif
