/* The option table and the checks on it: which option applies to which
 * command or gate, and which values an option accepts (SPEC section 4).
 * Pure: no I/O, so that check_cli tests them on their own. */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "gate_def.h"
#include "util.h"

#define ARG(field) offsetof(struct cli_args, field)

static const char *const statuses[] = { "OPEN", "FAILED", NULL };
static const char *const roles[] = { "MANAGER", "ADMIN", NULL };
static const char *const langs[] = { "en", "id", NULL };

static const struct cli_option options[] = {
	{ "env-file", CLI_TEXT, ARG(flags.env_file), "FILE",
	    "the runtime .env to read (as dotenv reads it)", 0, 0, NULL, NULL },
	{ "emitter-env", CLI_TEXT, ARG(flags.emitter_env), "FILE",
	    "the emitter's .env, to compare token and secret", 0, 0, NULL,
	    NULL },
	{ "config", CLI_TEXT, ARG(flags.config_file), "FILE",
	    "config file (default $XDG_CONFIG_HOME/ingestgate/config)", 0, 0,
	    NULL, NULL },
	{ "context", CLI_TEXT, ARG(flags.context), "NAME",
	    "the environment to use (see 'ingestgate contexts')", 0, 0, NULL,
	    NULL },
	{ "reports-dir", CLI_TEXT, ARG(flags.reports_dir), "DIR",
	    "report root (default ./reports)", 0, 0, NULL, NULL },
	{ "batch", CLI_TEXT, ARG(flags.batch), "CODE",
	    "batch code (default PHASE2_BATCH_CODE)", 0, 0, NULL, NULL },
	{ "window", CLI_NUMBER, ARG(flags.window), "MIN",
	    "evaluation window in minutes (default 60)", 1, 10080, "minutes",
	    NULL },
	{ "json", CLI_SWITCH, ARG(json), NULL,
	    "print one JSON document instead of the summary", 0, 0, NULL, NULL },
	{ "offline", CLI_SWITCH, ARG(offline), NULL,
	    "skip F-00's network checks", 0, 0, NULL, NULL },
	{ "activation-window", CLI_SWITCH, ARG(activation), NULL,
	    "the emitter may be on (staged activation window)", 0, 0, NULL,
	    NULL },
	{ "quality-checks", CLI_TEXT, ARG(flags.quality_checks), "DIR",
	    "extra *.sql quality checks ($1 = batch code)", 0, 0, NULL, NULL },
	{ "playbook", CLI_TEXT, ARG(flags.playbook_file), "FILE",
	    "a playbook to use instead of the built-in one", 0, 0, NULL, NULL },
	{ "lang", CLI_ONE_OF, ARG(flags.lang), "en|id",
	    "playbook language (default from LANG)", 0, 0, NULL, langs },
	{ "insecure", CLI_SWITCH, ARG(insecure), NULL,
	    "TLS verification off (loudly flagged; never for a sign-off)", 0, 0,
	    NULL, NULL },
	{ "no-color", CLI_SWITCH, ARG(no_color), NULL,
	    "no colour (also NO_COLOR=1)", 0, 0, NULL, NULL },
	{ "interval", CLI_NUMBER, ARG(flags.interval), "SEC",
	    "refresh interval of the console", 1, 3600, "seconds", NULL },
	{ "readonly", CLI_SWITCH, ARG(readonly), NULL,
	    "the console offers no replay", 0, 0, NULL, NULL },
	{ "ascii", CLI_SWITCH, ARG(ascii), NULL,
	    "ASCII lines and bars only", 0, 0, NULL, NULL },
	{ "status", CLI_ONE_OF, ARG(status), "OPEN|FAILED",
	    "the DLQ entries to replay", 0, 0, NULL, statuses },
	{ "source", CLI_TEXT, ARG(source), "S",
	    "only entries of this source", 0, 0, NULL, NULL },
	{ "channel", CLI_TEXT, ARG(channel), "C",
	    "only entries of this channel", 0, 0, NULL, NULL },
	{ "limit", CLI_NUMBER, ARG(limit), "N",
	    "at most N entries (default 100)", 1, 100000, "entries", NULL },
	{ "role", CLI_ONE_OF, ARG(role), "MANAGER|ADMIN",
	    "the admin role sent (replay is a write)", 0, 0, NULL, roles },
	{ "dry-run", CLI_SWITCH, ARG(dry_run), NULL,
	    "count what would move; move nothing", 0, 0, NULL, NULL },
	{ "yes", CLI_SWITCH, ARG(yes), NULL,
	    "do not ask for confirmation", 0, 0, NULL, NULL },
	{ "operator", CLI_TEXT, ARG(operator_name), "NAME",
	    "who asks, for the audit (else $USER, $LOGNAME)", 0, 0, NULL,
	    NULL },
	{ "canary", CLI_SWITCH, ARG(canary.on), NULL,
	    "replay in steps, watching each (SPEC 12)", 0, 0, NULL, NULL },
	{ "steps", CLI_TEXT, ARG(canary.steps), "1,10,100",
	    "canary steps, cumulative percents of the count", 0, 0, NULL, NULL },
	{ "settle", CLI_TEXT, ARG(canary.settle), "SEC",
	    "canary: how long a step may take to settle", 0, 0, NULL, NULL },
	{ "min-replay-success", CLI_TEXT, ARG(canary.min_success), "R",
	    "canary: the least share of a step that must resolve", 0, 0, NULL,
	    NULL },
	{ "all", CLI_SWITCH, ARG(all), NULL,
	    "every context of the config file", 0, 0, NULL, NULL },
	{ "by", CLI_TEXT, ARG(trust.by), "NAME",
	    "who signs off", 0, 0, NULL, NULL },
	{ "as", CLI_TEXT, ARG(trust.as), "ROLE",
	    "in which role (Tech Lead, Backend Lead, QA, ...)", 0, 0, NULL,
	    NULL },
	{ "note", CLI_TEXT, ARG(trust.note), "TEXT",
	    "a note kept with the sign-off", 0, 0, NULL, NULL },
	{ "lift-hold", CLI_SWITCH, ARG(trust.lift_hold), NULL,
	    "this sign-off is one of the two that lift a HOLD", 0, 0, NULL,
	    NULL },
	{ "accept-warn", CLI_SWITCH, ARG(trust.accept_warn), NULL,
	    "sign off a PENDING batch whose only problems are WARN", 0, 0,
	    NULL, NULL },
	{ "pubkey", CLI_TEXT, ARG(trust.pubkey), "PEM",
	    "the public key to check the signature with", 0, 0, NULL, NULL },
	{ "since", CLI_TEXT, ARG(trust.since), "AGE",
	    "only what happened in the last AGE (90s, 30m, 24h, 7d)", 0, 0,
	    NULL, NULL },
};

const char cli_gate_common_options[] =
    "env-file config context reports-dir batch json insecure no-color";

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
