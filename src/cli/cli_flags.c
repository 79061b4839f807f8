/* The option table and the checks on it: which option applies to which
 * command or gate, and which values an option accepts (SPEC section 4).
 * Pure: no I/O, so that check_cli tests them on their own. */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "core/gate_def.h"
#include "core/util.h"

#define ARG(field) offsetof(struct cli_args, field)

static const char *const statuses[] = { "OPEN", "FAILED", NULL };
static const char *const roles[] = { "MANAGER", "ADMIN", NULL };
static const char *const langs[] = { "en", "id", NULL };

/* The rows of the table below, by kind of option. */
#define SWITCH(name, f, help) \
	{ name, CLI_SWITCH, ARG(f), NULL, help, 0, 0, NULL, NULL }
#define TEXT(name, f, metavar, help) \
	{ name, CLI_TEXT, ARG(f), metavar, help, 0, 0, NULL, NULL }
#define NUMBER(name, f, metavar, help, min, max, unit) \
	{ name, CLI_NUMBER, ARG(f), metavar, help, min, max, unit, NULL }
#define ONE_OF(name, f, metavar, help, set) \
	{ name, CLI_ONE_OF, ARG(f), metavar, help, 0, 0, NULL, set }

static const struct cli_option options[] = {
	TEXT("env-file", flags.env_file, "FILE",
	    "the runtime .env to read (as dotenv reads it)"),
	TEXT("emitter-env", flags.emitter_env, "FILE",
	    "the emitter's .env, to compare token and secret"),
	TEXT("config", flags.config_file, "FILE",
	    "config file (default $XDG_CONFIG_HOME/ingestgate/config)"),
	TEXT("context", flags.context, "NAME",
	    "the environment to use (see 'ingestgate contexts')"),
	TEXT("reports-dir", flags.reports_dir, "DIR",
	    "report root (default ./reports)"),
	TEXT("batch", flags.batch, "CODE",
	    "batch code (default PHASE2_BATCH_CODE)"),
	NUMBER("window", flags.window, "MIN",
	    "evaluation window in minutes (default 60)", 1, 10080, "minutes"),
	SWITCH("json", json, "print one JSON document instead of the summary"),
	SWITCH("offline", offline, "skip F-00's network checks (URLs still "
	    "checked; evidence never GO); status: no live F-03/F-04 read"),
	SWITCH("activation-window", activation,
	    "the emitter may be on (staged activation window)"),
	TEXT("quality-checks", flags.quality_checks, "DIR",
	    "extra *.sql quality checks ($1 = batch code)"),
	TEXT("playbook", flags.playbook_file, "FILE",
	    "a playbook to use instead of the built-in one"),
	ONE_OF("lang", flags.lang, "en|id",
	    "playbook language (default from LANG)", langs),
	SWITCH("insecure", insecure,
	    "TLS verification off, plain http:// off loopback allowed "
	    "(loudly flagged; never for a sign-off)"),
	SWITCH("no-color", no_color, "no colour (also NO_COLOR set, not empty)"),
	NUMBER("interval", flags.interval, "SEC",
	    "refresh interval of the console", 1, 3600, "seconds"),
	SWITCH("readonly", readonly, "the console records nothing: gates are "
	    "judged live, no report, no batch status, no replay"),
	SWITCH("no-mouse", no_mouse, "the console ignores the mouse"),
	SWITCH("ascii", ascii, "ASCII lines and bars only"),
	SWITCH("no-record", no_record,
	    "do not record the session (reports/sessions/)"),
	SWITCH("md", md, "session report: Markdown"),
	ONE_OF("status", status, "OPEN|FAILED", "the DLQ entries to replay",
	    statuses),
	TEXT("source", source, "S", "only entries of this source"),
	TEXT("channel", channel, "C", "only entries of this channel"),
	NUMBER("limit", limit, "N", "at most N entries (default 100)", 1,
	    100000, "entries"),
	ONE_OF("role", role, "MANAGER|ADMIN",
	    "the admin role sent (replay is a write)", roles),
	SWITCH("dry-run", dry_run, "count what would move; move nothing"),
	SWITCH("yes", yes, "do not ask for confirmation"),
	TEXT("operator", flags.operator_name, "NAME",
	    "who writes, for the audit (else config 'operator =', $USER, "
	    "$LOGNAME)"),
	TEXT("metrics-file", metrics_file, "FILE",
	    "also write the results for Prometheus (textfile collector)"),
	SWITCH("json-lines", trust.json_lines, "one JSON object a line"),
	SWITCH("canary", canary.on, "replay in steps, watching each (SPEC 12)"),
	TEXT("steps", canary.steps, "1,10,100",
	    "canary steps, cumulative percents of the count"),
	TEXT("settle", canary.settle, "SEC",
	    "canary: how long a step may take to settle"),
	TEXT("min-replay-success", canary.min_success, "R",
	    "canary: the least share of a step that must resolve"),
	SWITCH("all", all, "every context of the config file"),
	TEXT("by", trust.by, "NAME", "who signs off"),
	TEXT("as", trust.as, "ROLE",
	    "in which role (Tech Lead, Backend Lead, QA, ...)"),
	TEXT("note", trust.note, "TEXT", "a note kept with the sign-off"),
	SWITCH("lift-hold", trust.lift_hold,
	    "this sign-off is one of the two that lift a HOLD"),
	SWITCH("accept-warn", trust.accept_warn,
	    "sign off a PENDING batch whose only problems are WARN"),
	TEXT("pubkey", trust.pubkey, "PEM",
	    "the public key to check the signature with"),
	SWITCH("digest-only", trust.digest_only,
	    "verify: accept an unsigned report whose digest holds"),
	TEXT("since", trust.since, "AGE",
	    "only what happened in the last AGE (90s, 30m, 24h, 7d)"),
};

#undef SWITCH
#undef TEXT
#undef NUMBER
#undef ONE_OF

const char cli_gate_common_options[] =
    "env-file config context reports-dir batch json insecure no-color "
    "metrics-file";

const struct cli_option *
cli_options(size_t *n)
{
	*n = nitems(options);
	return options;
}

const struct cli_option *
cli_option_find(const char *name)
{
	return cli_row_find(options, nitems(options), sizeof *options, name);
}

const void *
cli_row_find(const void *rows, size_t n, size_t size, const char *name)
{
	const char *row = rows;

	/* A struct's first member sits at its start (C11 6.7.2.1). */
	for (size_t i = 0; i < n; i++, row += size)
		if (strcmp(*(const char *const *)(const void *)row, name) == 0)
			return row;
	return NULL;
}

int
cli_word_in(const char *list, const char *word)
{
	size_t len = strlen(word);

	for (const char *p = list; p != NULL && *p != '\0'; ) {
		size_t n = strcspn(p, " ");

		if (n == len && strncmp(p, word, n) == 0)
			return 1;
		p += n;
		p += strspn(p, " ");
	}
	return 0;
}

int
cli_option_applies(const struct cli_command *c, const struct gate_def *g,
    const char *opt)
{
	if (strcmp(opt, "help") == 0 || cli_word_in(c->options, opt))
		return 1;
	if (strcmp(c->name, "gate") != 0)
		return 0;
	if (cli_word_in(cli_gate_common_options, opt))
		return 1;
	if (g != NULL)
		return cli_word_in(g->options, opt);
	for (int i = 0; i < GATE_COUNT; i++)
		if (cli_word_in(gate_def_get((enum gate_id)i)->options, opt))
			return 1;
	return 0;
}

char *
cli_join_or(const char *const *set)
{
	struct buf b = { 0 };
	size_t n = 0;

	while (set[n] != NULL)
		n++;
	buf_adds(&b, "");
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ",
		    set[i]);
	return buf_take(&b);
}

int
cli_value_check(const struct cli_option *o, const char *value,
    const char **canon, char **why)
{
	long v;
	char *all;

	*canon = value;
	switch (o->kind) {
	case CLI_SWITCH:
		return 0;
	case CLI_TEXT:
		if (*value != '\0')
			return 0;
		*why = xasprintf("--%s: needs a value (%s)", o->name, o->metavar);
		return -1;
	case CLI_NUMBER:
		if (parse_long(value, o->min, o->max, &v) == 0)
			return 0;
		*why = xasprintf("--%s: '%s' is not a whole number of %s from "
		    "%ld to %ld", o->name, value, o->unit, o->min, o->max);
		return -1;
	case CLI_ONE_OF:
		for (size_t i = 0; o->set[i] != NULL; i++) {
			if (strcasecmp(value, o->set[i]) == 0) {
				*canon = o->set[i];
				return 0;
			}
		}
		all = cli_join_or(o->set);
		*why = xasprintf("--%s: '%s' is not %s", o->name, value, all);
		free(all);
		return -1;
	}
	return 0;
}
