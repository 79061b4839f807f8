/* The replay audit log: one JSON line per replay, dry or real, appended to
 * reports/audit/replay.log. No secrets. */
#ifndef INGESTGATE_AUDIT_H
#define INGESTGATE_AUDIT_H

struct audit_replay {
	const char *host;	/* core-api host, no credentials */
	const char *role;
	const char *status;
	const char *source;	/* NULL: any */
	const char *channel;	/* NULL: any */
	long limit;
	int dry_run;
	long long selected;
	long long replaying;
	const char *outcome;	/* "ok", a failure code, "declined", ... */
};

/* Renders one line (with newline); caller frees. */
char *audit_replay_line(const struct audit_replay *a, long long now);
int audit_replay_write(const char *reports_dir, const struct audit_replay *a,
    char **cause);

#endif
