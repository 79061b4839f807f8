/* Switching to another context (SPEC section 10) while running: the
 * console's C and `status --all` load the settings of another context, and
 * the console retires the collector of the one it leaves. Above settings
 * and monitor; nothing below calls here. */
#ifndef INGESTGATE_CONTEXT_SWITCH_H
#define INGESTGATE_CONTEXT_SWITCH_H

struct monitor;
struct settings;

/* Loads into out the settings of context name as cur's command line would
 * give them, minus the flags that name one environment (--env-file,
 * --emitter-env, --reports-dir, --quality-checks, --batch: they belong to
 * the environment being left); cur's options (--json, --readonly, ...)
 * carry over. -1 with *cause (caller frees); out is then empty. */
int context_settings_load(struct settings *out, const struct settings *cur,
    const char *name, char **cause);

/* Stops monitor m and then frees s (heap, may be NULL: not freed) on a
 * thread of its own: a collector stuck on a dead backend ends only within
 * its timeout, and the console switching away must not wait for it. */
void context_retire(struct monitor *m, struct settings *s);
/* Waits until every retired monitor has stopped (before the console
 * returns, so that no collector outlives the settings or the wake pipe). */
void context_retire_wait(void);

#endif
