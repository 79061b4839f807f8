/* `ingestgate replay`: the flags checked, a dry-run count, then --yes or
 * the operator's typed confirmation and the real replay, every request and
 * decision between its audit lines; --canary hands over to cli_canary.c. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_canary.h"
#include "cli/cli_int.h"
#include "clients/core_api.h"
#include "gates/gate.h"
#include "replay/audit.h"
#include "replay/replay.h"
#include "config/settings.h"
#include "config/url.h"
#include "core/util.h"

/* The command line's share of a replay: settings, the gate context (for
 * the core-api client) and the validated request. */
struct replay_cli {
	struct settings s;
	struct gate_ctx ctx;
	struct replay_req rq;
};

/* Validates the replay flags; a usage error names the flag. */
static int
replay_parse(const struct cli_args *a, int argc, char **argv,
    struct replay_req *rq)
{
	struct replay_fields f = { a->role, a->status, a->source, a->channel,
	    a->limit, a->flags.operator_name, NULL };
	char *cause = NULL;
	int r;

	if (argc > 0)
		return cli_cmd_usage("replay", "unexpected argument '%s'", argv[0]);
	if (a->status == NULL)
		return cli_cmd_usage("replay", "--status OPEN or --status FAILED is "
		    "required");
	if (a->role == NULL)
		return cli_cmd_usage("replay", "--role MANAGER or --role ADMIN is "
		    "required (replay is a write)");
	if (replay_req_set(rq, &f, &cause) != 0) {
		r = cli_cmd_usage("replay", "--%s", cause);
		free(cause);
		return r;
	}
	return 0;
}

/* Says an audit line was lost; the run then ends in ERROR (2). */
static int
replay_audit_failed(char *cause)
{
	if (cause == NULL)
		return 0;
	fprintf(stderr, "ingestgate: replay: cannot write the audit log: %s\n",
	    cause);
	free(cause);
	return -1;
}

/* Says on stderr what the last audit write set aside (a torn line). */
static void
replay_note(void)
{
	char *note = audit_replay_take_note();

	if (note != NULL)
		fprintf(stderr, "ingestgate: note: %s\n", note);
	free(note);
}

/* One request between its audit lines: 0, or 2 after saying why. */
static int
replay_request(struct replay_cli *c, int dry_run, long long confirmed,
    struct replay_counts *rc)
{
	struct api_error err;
	struct core_api *api;
	char *cause = NULL, *text;
	int r;

	memset(&err, 0, sizeof err);
	api = gate_ctx_api(&c->ctx, &err);
	r = replay_run(api, c->s.reports_dir, &c->rq, dry_run, confirmed, rc,
	    &err, &cause);
	replay_note();
	if (r != 0)
		fprintf(stderr, "ingestgate: replay on core-api %s: %s%s%s\n",
		    c->rq.host, code_name(err.code), err.code != CODE_NONE ?
		    ": " : "", err.message);
	else {
		text = replay_outcome_text(&c->rq, dry_run, rc, confirmed);
		puts(text);
		free(text);
		replay_counts_free(rc);
	}
	if (replay_audit_failed(cause) != 0)
		r = -1;
	return r == 0 ? 0 : 2;
}

/* Asks on the terminal: 1 confirmed, 0 not, -1 no terminal to ask. */
static int
replay_ask(const struct replay_req *rq, long long count)
{
	char line[64], *q;

	if (!isatty(STDIN_FILENO))
		return -1;
	q = replay_confirm_text(rq, count);
	fprintf(stderr, "%s: ", q);
	fflush(stderr);
	free(q);
	if (fgets(line, sizeof line, stdin) == NULL)
		return 0;
	return replay_confirm_match(line, count);
}

/* After a count of n > 0: --yes or the operator's answer, then the real
 * replay of at most n entries, or a recorded refusal. */
static int
replay_confirm_and_run(struct replay_cli *c, int yes, long long n)
{
	struct replay_counts real = { 0, 0 };
	const char *decision = NULL;
	char *cause = NULL;
	int ok = yes ? 1 : replay_ask(&c->rq, n), status = 0;

	if (ok == 1)
		return replay_request(c, 0, n, &real);
	if (ok == -1) {
		fprintf(stderr, "ingestgate: replay: refusing a real replay "
		    "without --yes when no terminal can confirm\n");
		decision = "no terminal to confirm";
		status = EXIT_USAGE;
	} else {
		fprintf(stderr, "ingestgate: replay: not confirmed (type yes or "
		    "%lld); nothing moved\n", n);
		decision = "declined";
		status = 1;
	}
	replay_audit_decision(c->s.reports_dir, &c->rq, n, decision, &cause);
	return replay_audit_failed(cause) != 0 ? 2 : status;
}

int
cmd_replay(const struct cli_args *a, int argc, char **argv)
{
	struct replay_cli c;
	struct replay_counts dry = { 0, 0 };
	char *host, *cause = NULL;
	int status;

	if ((status = replay_parse(a, argc, argv, &c.rq)) != 0)
		return status;
	if (!a->canary.on && (a->canary.steps != NULL ||
	    a->canary.settle != NULL || a->canary.min_success != NULL))
		return cli_cmd_usage("replay", "--steps, --settle and "
		    "--min-replay-success apply to --canary only");
	if ((status = cli_load_settings(a, &c.s)) != 0)
		return status;
	/* Even a dry run is written to the audit log, under a name. */
	if ((status = cli_need_operator(&c.s, "replay")) != 0) {
		settings_free(&c.s);
		return status;
	}
	snprintf(c.rq.operator_name, sizeof c.rq.operator_name, "%s",
	    c.s.operator_name);
	gate_ctx_init(&c.ctx, &c.s);
	host = url_host(c.s.env[ENV_CORE_API_BASE_URL] != NULL ?
	    c.s.env[ENV_CORE_API_BASE_URL] : "");
	snprintf(c.rq.host, sizeof c.rq.host, "%s", host);
	free(host);
	if (a->canary.on) {
		status = cli_canary(&c.ctx, c.s.reports_dir, &c.rq, &a->canary,
		    a->json, a->yes, a->dry_run);
		goto out;
	}
	if ((status = replay_request(&c, 1, 0, &dry)) != 0 || a->dry_run)
		goto out;
	if (dry.selected == 0) {
		/* Nothing to offer: no question and no real request. */
		replay_audit_decision(c.s.reports_dir, &c.rq, 0,
		    "nothing to replay", &cause);
		status = replay_audit_failed(cause) != 0 ? 2 : 0;
		goto out;
	}
	status = replay_confirm_and_run(&c, a->yes, dry.selected);
out:
	/* Where the audit line went, for a person reading along. */
	if (!a->json && status != EXIT_USAGE)
		cli_print_root(stdout, &c.s);
	gate_ctx_free(&c.ctx);
	settings_free(&c.s);
	return status;
}
