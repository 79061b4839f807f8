/* The replay audit log: JSON lines appended to reports/audit/replay.log.
 * Each request to core-api gets an intent line before it and an outcome
 * line after it; a decision that makes no request (declined, nothing to
 * replay) gets one line. No secrets. */
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
	long long selected;	/* -1: not known (null) */
	long long replaying;	/* -1: not known (null) */
	const char *outcome;	/* "ok", a failure code, "declined", ...; NULL on an intent */
	const char *phase;	/* "intent", "outcome" or "decision"; NULL: "outcome" */
	const char *id;		/* ties the lines of one replay together; NULL: null */
	const char *operator_name;	/* NULL: "unknown" */
	long long confirmed;	/* the count the operator confirmed; <= 0: null */
	const char *error;	/* the failure's message (sanitised); NULL: null */
	/* A canary step (SPEC section 12); step 0: not one, and the fields
	 * below are left out of the line. */
	int step, nsteps;
	long long ids;		/* ids the step moved; -1: null */
	long long settled;	/* left REPLAYING; -1: null */
	long long resolved;	/* of them RESOLVED; -1: null */
	double success;		/* resolved / settled; < 0: null */
};

/* Renders one line (with newline); caller frees. */
char *audit_replay_line(const struct audit_replay *a, long long now);
/* Appends the line to reports_dir/audit/replay.log, whole or not at all;
 * -1 with *cause. A torn tail a crash left is set aside first
 * (audit/replay.log.torn) and audit_replay_take_note() says so. */
int audit_replay_write(const char *reports_dir, const struct audit_replay *a,
    char **cause);
/* What the last audit write had to say beyond success (a torn line set
 * aside), once; NULL when nothing. Caller frees. */
char *audit_replay_take_note(void);

#endif
