/* Parsing the command line and running the commands: gate, playbook,
 * replay and (through a callback) the console. */
#include "config.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_canary.h"
#include "cli_trust.h"
#include "clients/core_api.h"
#include "cmd_status.h"
#include "context.h"
#include "decision.h"
#include "gates/gate.h"
#include "playbook.h"
#include "replay.h"
#include "report.h"
#include "settings.h"
#include "url.h"
#include "util.h"

enum {
	OPT_ENV_FILE = 256, OPT_EMITTER_ENV, OPT_CONFIG, OPT_REPORTS_DIR,
	OPT_BATCH, OPT_WINDOW, OPT_JSON, OPT_OFFLINE, OPT_ACTIVATION,
	OPT_QUALITY, OPT_PLAYBOOK, OPT_INSECURE, OPT_NO_COLOR, OPT_INTERVAL,
	OPT_READONLY, OPT_ASCII, OPT_LANG, OPT_STATUS, OPT_SOURCE, OPT_CHANNEL,
	OPT_LIMIT, OPT_ROLE, OPT_DRY_RUN, OPT_YES, OPT_VERSION,
	OPT_CONTEXT, OPT_ALL,
	/* signoff, verify, timeline (cli_trust.c) */
	OPT_BY, OPT_AS, OPT_NOTE, OPT_LIFT_HOLD, OPT_ACCEPT_WARN, OPT_PUBKEY,
	OPT_SINCE,
	OPT_OPERATOR,
	OPT_CANARY, OPT_STEPS, OPT_SETTLE, OPT_MIN_SUCCESS	/* cli_canary.c */
};

static const struct option long_options[] = {
	{ "env-file", required_argument, NULL, OPT_ENV_FILE },
	{ "emitter-env", required_argument, NULL, OPT_EMITTER_ENV },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "reports-dir", required_argument, NULL, OPT_REPORTS_DIR },
	{ "batch", required_argument, NULL, OPT_BATCH },
	{ "window", required_argument, NULL, OPT_WINDOW },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "offline", no_argument, NULL, OPT_OFFLINE },
	{ "activation-window", no_argument, NULL, OPT_ACTIVATION },
	{ "quality-checks", required_argument, NULL, OPT_QUALITY },
	{ "playbook", required_argument, NULL, OPT_PLAYBOOK },
	{ "insecure", no_argument, NULL, OPT_INSECURE },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ "readonly", no_argument, NULL, OPT_READONLY },
	{ "ascii", no_argument, NULL, OPT_ASCII },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "status", required_argument, NULL, OPT_STATUS },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "channel", required_argument, NULL, OPT_CHANNEL },
	{ "limit", required_argument, NULL, OPT_LIMIT },
	{ "role", required_argument, NULL, OPT_ROLE },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "yes", no_argument, NULL, OPT_YES },
	{ "operator", required_argument, NULL, OPT_OPERATOR },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "context", required_argument, NULL, OPT_CONTEXT },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "by", required_argument, NULL, OPT_BY },
	{ "as", required_argument, NULL, OPT_AS },
	{ "note", required_argument, NULL, OPT_NOTE },
	{ "lift-hold", no_argument, NULL, OPT_LIFT_HOLD },
	{ "accept-warn", no_argument, NULL, OPT_ACCEPT_WARN },
	{ "pubkey", required_argument, NULL, OPT_PUBKEY },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "canary", no_argument, NULL, OPT_CANARY },
	{ "steps", required_argument, NULL, OPT_STEPS },
	{ "settle", required_argument, NULL, OPT_SETTLE },
	{ "min-replay-success", required_argument, NULL, OPT_MIN_SUCCESS },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static const char usage_text[] =
"usage: ingestgate [console] [--interval SEC] [--readonly] [--ascii] [options]\n"
"       ingestgate gate NAME [options]\n"
"       ingestgate playbook [CODE] [--lang en|id]\n"
"       ingestgate replay --status OPEN|FAILED [--source S] [--channel C]\n"
"                         [--limit N] --role MANAGER|ADMIN [--dry-run] [--yes]\n"
"                         [--operator NAME]\n"
"       ingestgate replay --canary [--steps 1,10,100] [--settle SEC]\n"
"                         [--min-replay-success R] --status ... --role ...\n"
"       ingestgate contexts | ingestgate status [--all]\n"
"       ingestgate signoff [--batch B] --by NAME --as ROLE [--note TEXT]\n"
"                          [--lift-hold|--accept-warn]\n"
"       ingestgate verify FILE [--pubkey PEM]\n"
"       ingestgate timeline [--batch B] [--since 24h] [--json]\n"
"       ingestgate --version | --help\n"
"\n"
"gates: env-baseline (F-00), contract-smoke (F-01), admin-rbac (F-02),\n"
"       processing (F-03), dlq-growth (F-04), quality (F-05),\n"
"       release (F-03 + F-04), evidence (F-00..F-05)\n"
"\n"
"options: --env-file F  --emitter-env F  --config F  --context NAME\n"
"         --reports-dir D\n"
"         --batch CODE  --window MIN  --json  --offline  --activation-window\n"
"         --quality-checks DIR  --playbook FILE  --lang en|id\n"
"         --insecure (TLS verification off; loudly flagged)  --no-color\n"
"\n"
"exit status: 0 PASS, WARN or SKIPPED; 1 FAIL; 2 INCONCLUSIVE or ERROR;\n"
"             evidence: 0 GO, 1 NO-GO, 2 PENDING (or not recorded);\n"
"             64 usage error.  See ingestgate(1).\n";

struct cli_args {
	struct settings_flags flags;
	int json, offline, activation, insecure, no_color, readonly, ascii;
	int dry_run, yes, all;
	const char *status, *source, *channel, *limit, *role;
	struct trust_args trust;
	const char *operator_name;	/* replay: who asks (--operator) */
	struct canary_args canary;	/* replay --canary */
};

static int
usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("ingestgate: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'ingestgate --help'.\n", stderr);
	return EXIT_USAGE;
}

static void
print_env_file_errors(const struct envfile *ef, const char *what)
{
	for (size_t i = 0; i < ef->nerrors; i++)
		fprintf(stderr, "ingestgate: %s%s:%u: %s\n", what, ef->path,
		    ef->errors[i].line, ef->errors[i].message);
}

static int
load_settings(const struct cli_args *a, struct settings *s)
{
	char *cause = NULL;

	if (settings_load(s, &a->flags, &cause) != 0) {
		int r = usage_error("%s", cause);

		free(cause);
		settings_free(s);
		return r;
	}
	s->json = a->json;
	s->offline = a->offline;
	s->activation_window = a->activation;
	s->insecure = a->insecure;
	s->no_color = a->no_color || (getenv("NO_COLOR") != NULL &&
	    *getenv("NO_COLOR") != '\0');
	s->readonly = a->readonly;
	s->ascii = a->ascii;
	if (s->have_env_file)
		print_env_file_errors(&s->env_file, "");
	if (s->have_emitter_env)
		print_env_file_errors(&s->emitter_env, "emitter env ");
	if (s->insecure)
		fputs("ingestgate: WARNING: TLS verification is OFF (--insecure): "
		    "core-api's identity is not checked\n", stderr);
	return 0;
}

static const char *
mark(enum verdict v)
{
	switch (v) {
	case VERDICT_PASS: return "ok  ";
	case VERDICT_WARN: return "warn";
	case VERDICT_SKIPPED: return "skip";
	case VERDICT_INCONCLUSIVE: return "??  ";
	default: return "FAIL";
	}
}

static void
print_kv_inline(FILE *f, const struct kvlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct kv *kv = &l->items[i];

		fprintf(f, "%s%s=", i ? " " : "", kv->key);
		switch (kv->type) {
		case VAL_INT: fprintf(f, "%lld", kv->i); break;
		case VAL_NUM: {
			locale_t old = numeric_locale_enter();

			fprintf(f, "%.6g", kv->d);
			numeric_locale_leave(old);
			break;
		}
		case VAL_STR: fprintf(f, "%s", kv->s); break;
		case VAL_BOOL: fprintf(f, "%s", kv->i ? "true" : "false"); break;
		case VAL_NULL: fprintf(f, "null"); break;
		}
	}
}

static void
print_result(FILE *f, const struct gate_result *r, int indent)
{
	const char *pad = indent ? "    " : "";

	fprintf(f, "%s%s%s%s: %s%s%s\n", pad, r->gate->fid ? r->gate->fid : "",
	    r->gate->fid ? " " : "", r->gate->title, verdict_name(r->verdict),
	    r->code != CODE_NONE ? " " : "", code_name(r->code));
	if (r->summary != NULL)
		fprintf(f, "%s  %s\n", pad, r->summary);
	for (size_t i = 0; i < r->nchecks; i++) {
		const struct check *c = &r->checks[i];

		fprintf(f, "%s  [%s] %-24s %s%s%s\n", pad, mark(c->verdict),
		    c->name, check_code(c), *check_code(c) ? ": " : "", c->detail);
	}
	for (size_t i = 0; i < r->nfindings && !indent; i++) {
		fprintf(f, "  - ");
		print_kv_inline(f, &r->findings[i].fields);
		fputc('\n', f);
	}
	if (r->flip.n > 0) {
		fprintf(f, "%s  to flip the verdict: ", pad);
		print_kv_inline(f, &r->flip);
		fputc('\n', f);
	}
	for (size_t i = 0; i < r->nstages; i++)
		print_result(f, r->stages[i], 1);
	if (r->report_json != NULL && !indent)
		fprintf(f, "  report: %s\n          %s\n", r->report_json,
		    r->report_md);
	if (r->code != CODE_NONE && !indent)
		fprintf(f, "  next: ingestgate playbook %s\n", code_name(r->code));
}

/* What the run means for the batch, first and in words: an ERROR that kept
 * it from being recorded, a batch on HOLD with its file and escalation, and
 * the evidence's decision with what happens next. */
static void
print_headline(FILE *f, const struct gate_result *r, const char *cause,
    int quality_skipped)
{
	if (cause != NULL)
		fprintf(f, "ERROR: this run could not be recorded: %s\n", cause);
	if (r->batch_status != NULL && strcmp(r->batch_status, "HOLD") == 0)
		fprintf(f, "BATCH HOLD (%s): batch %s is on HOLD, see %s. "
		    "Escalate to the Tech Lead + Backend Lead and attach the "
		    "latest JSON/MD reports (runbook 8).\n",
		    code_name(CODE_BATCH_ON_HOLD), r->batch,
		    r->batch_status_path != NULL ? r->batch_status_path : "");
	if (r->decision != NULL) {
		char *x = decision_explain_result(r, quality_skipped);

		fprintf(f, "DECISION %s\n", x);
		free(x);
		if (r->batch_status != NULL &&
		    strcmp(r->batch_status, "HOLD") != 0)
			fprintf(f, "Batch status: %s (%s)\n", r->batch_status,
			    r->batch_status_path != NULL ?
			    r->batch_status_path : "");
	}
}

static int
cmd_gate(const struct cli_args *a, int argc, char **argv)
{
	const struct gate_def *g;
	struct settings s;
	struct gate_ctx ctx;
	struct gate_result *r;
	char *cause = NULL, *bd;
	int status;

	if (argc < 1)
		return usage_error("gate: which gate? (env-baseline, "
		    "contract-smoke, admin-rbac, processing, dlq-growth, quality, "
		    "release, evidence)");
	if (argc > 1)
		return usage_error("gate: unexpected argument '%s'", argv[1]);
	if ((g = gate_def_find(argv[0])) == NULL)
		return usage_error("gate: unknown gate '%s' (env-baseline, "
		    "contract-smoke, admin-rbac, processing, dlq-growth, quality, "
		    "release, evidence)", argv[0]);
	if ((status = load_settings(a, &s)) != 0)
		return status;
	if (s.batch != NULL || g->needs_batch) {
		if ((bd = report_batch_dir(s.batch)) == NULL) {
			settings_free(&s);
			return usage_error("gate %s: %s", g->name, s.batch == NULL ?
			    "needs a batch code (PHASE2_BATCH_CODE or --batch)" :
			    "the batch code is not usable as a folder name");
		}
		free(bd);
	}
	gate_ctx_init(&ctx, &s);
	r = gate_run_and_report(&ctx, g->id, &cause);
	/* One verdict everywhere: r already says ERROR when it could not be
	 * recorded, and the exit status follows r (and its decision). */
	status = decision_exit_status(r);
	if (cause != NULL)
		fprintf(stderr, "ingestgate: ERROR: %s\n", cause);
	if (s.json) {
		char *json = report_render_json(r);

		fputs(json, stdout);
		free(json);
	} else {
		print_headline(stdout, r, cause, !s.run_quality);
		print_result(stdout, r, 0);
		if (s.insecure)
			puts("  TLS VERIFICATION WAS OFF (--insecure)");
		printf("%s=%s\n", g->result_key, verdict_name(r->verdict));
	}
	free(cause);
	result_free(r);
	gate_ctx_free(&ctx);
	settings_free(&s);
	return status;
}

static int
cmd_playbook(const struct cli_args *a, int argc, char **argv)
{
	struct settings s;
	struct playbook *pb;
	char *cause = NULL;
	int status;

	if (argc > 1)
		return usage_error("playbook: one code at most");
	if ((status = load_settings(a, &s)) != 0)
		return status;
	pb = playbook_load(s.playbook_file, &cause);
	if (pb == NULL) {
		fprintf(stderr, "ingestgate: playbook: %s\n", cause);
		free(cause);
		settings_free(&s);
		return 2;
	}
	if (argc == 0) {
		playbook_print_list(stdout, pb, s.lang);
		status = 0;
	} else {
		const struct playbook_entry *e = playbook_find(pb, argv[0]);

		if (e == NULL) {
			status = usage_error("playbook: no entry for '%s' (run "
			    "'ingestgate playbook' for the list)", argv[0]);
		} else {
			playbook_print_entry(stdout, e, s.lang);
			status = 0;
		}
	}
	playbook_free(pb);
	settings_free(&s);
	return status;
}

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
	    a->limit, a->operator_name, NULL };
	char *cause = NULL;
	int r;

	if (argc > 0)
		return usage_error("replay: unexpected argument '%s'", argv[0]);
	if (a->status == NULL)
		return usage_error("replay: --status OPEN or --status FAILED is "
		    "required");
	if (a->role == NULL)
		return usage_error("replay: --role MANAGER or --role ADMIN is "
		    "required (replay is a write)");
	if (replay_req_set(rq, &f, &cause) != 0) {
		r = usage_error("replay: --%s", cause);
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

static int
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
		return usage_error("replay: --steps, --settle and "
		    "--min-replay-success apply to --canary only");
	if ((status = load_settings(a, &c.s)) != 0)
		return status;
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
	gate_ctx_free(&c.ctx);
	settings_free(&c.s);
	return status;
}

/* contexts and status (SPEC section 10): base holds the top-level config
 * alone, so that the list shows even when the chosen context is broken. */
static int
cmd_contexts_status(const struct cli_args *a, int argc, char **argv)
{
	struct cli_args b = *a;
	struct settings base, cur;
	int status, is_status = strcmp(argv[0], "status") == 0;
	const char *one_env = a->flags.env_file != NULL ? "--env-file" :
	    a->flags.emitter_env != NULL ? "--emitter-env" :
	    a->flags.reports_dir != NULL ? "--reports-dir" :
	    a->flags.quality_checks != NULL ? "--quality-checks" :
	    a->flags.batch != NULL ? "--batch" : NULL;

	if (argc > 1)
		return usage_error("%s: unexpected argument '%s'", argv[0],
		    argv[1]);
	if (a->all && !is_status)
		return usage_error("contexts: --all applies to 'status'");
	if (one_env != NULL && (a->all || !is_status))
		return usage_error("%s%s: %s names one environment; pick it "
		    "with --context NAME instead", argv[0], a->all ? " --all" : "",
		    one_env);
	b.flags.context = context_none;
	if ((status = load_settings(&b, &base)) != 0)
		return status;
	if (!is_status) {
		const struct context *c;
		char *cause = NULL;

		/* An unknown --context is a usage error here too. */
		if (context_choose(&base.contexts, a->flags.context,
		    getenv("INGESTGATE_CONTEXT"), &c, &cause) != 0) {
			status = usage_error("%s", cause);
			free(cause);
		} else
			status = cmd_contexts(&base, a->flags.context);
		settings_free(&base);
		return status;
	}
	if (a->all) {
		status = cmd_status(&base, &base, a->flags.context, 1);
		settings_free(&base);
		return status;
	}
	if ((status = load_settings(a, &cur)) != 0) {
		settings_free(&base);
		return status;
	}
	status = cmd_status(&base, &cur, a->flags.context, 0);
	settings_free(&cur);
	settings_free(&base);
	return status;
}

/* signoff, verify and timeline live in cli_trust.c. */
static int
cmd_trust(const struct cli_args *a, const char *cmd, int argc, char **argv)
{
	struct settings s;
	int status;

	if ((status = load_settings(a, &s)) != 0)
		return status;
	if (strcmp(cmd, "signoff") == 0)
		status = trust_cmd_signoff(&s, &a->trust, argc, argv);
	else if (strcmp(cmd, "verify") == 0)
		status = trust_cmd_verify(&s, &a->trust, argc, argv);
	else
		status = trust_cmd_timeline(&s, &a->trust, argc, argv);
	settings_free(&s);
	return status;
}

static int
cmd_console(const struct cli_args *a, console_fn console)
{
	struct settings s;
	int status;

	if (console == NULL)
		return usage_error("the console is not part of this build");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return usage_error("the console needs a terminal; use "
		    "'ingestgate gate NAME' in scripts");
	if ((status = load_settings(a, &s)) != 0)
		return status;
	status = console(&s);
	settings_free(&s);
	return status;
}

int
cli_main(int argc, char **argv, console_fn console)
{
	struct cli_args a;
	int c;

	memset(&a, 0, sizeof a);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", long_options, NULL)) != -1) {
		switch (c) {
		case OPT_ENV_FILE: a.flags.env_file = optarg; break;
		case OPT_EMITTER_ENV: a.flags.emitter_env = optarg; break;
		case OPT_CONFIG: a.flags.config_file = optarg; break;
		case OPT_REPORTS_DIR: a.flags.reports_dir = optarg; break;
		case OPT_BATCH: a.flags.batch = optarg; break;
		case OPT_WINDOW: a.flags.window = optarg; break;
		case OPT_QUALITY: a.flags.quality_checks = optarg; break;
		case OPT_PLAYBOOK: a.flags.playbook_file = optarg; break;
		case OPT_LANG: a.flags.lang = optarg; break;
		case OPT_INTERVAL: a.flags.interval = optarg; break;
		case OPT_JSON: a.json = 1; break;
		case OPT_OFFLINE: a.offline = 1; break;
		case OPT_ACTIVATION: a.activation = 1; break;
		case OPT_INSECURE: a.insecure = 1; break;
		case OPT_NO_COLOR: a.no_color = 1; break;
		case OPT_READONLY: a.readonly = 1; break;
		case OPT_ASCII: a.ascii = 1; break;
		case OPT_STATUS: a.status = optarg; break;
		case OPT_SOURCE: a.source = optarg; break;
		case OPT_CHANNEL: a.channel = optarg; break;
		case OPT_LIMIT: a.limit = optarg; break;
		case OPT_ROLE: a.role = optarg; break;
		case OPT_DRY_RUN: a.dry_run = 1; break;
		case OPT_YES: a.yes = 1; break;
		case OPT_CONTEXT: a.flags.context = optarg; break;
		case OPT_ALL: a.all = 1; break;
		case OPT_BY: a.trust.by = optarg; break;
		case OPT_AS: a.trust.as = optarg; break;
		case OPT_NOTE: a.trust.note = optarg; break;
		case OPT_LIFT_HOLD: a.trust.lift_hold = 1; break;
		case OPT_ACCEPT_WARN: a.trust.accept_warn = 1; break;
		case OPT_PUBKEY: a.trust.pubkey = optarg; break;
		case OPT_SINCE: a.trust.since = optarg; break;
		case OPT_OPERATOR: a.operator_name = optarg; break;
		case OPT_CANARY: a.canary.on = 1; break;
		case OPT_STEPS: a.canary.steps = optarg; break;
		case OPT_SETTLE: a.canary.settle = optarg; break;
		case OPT_MIN_SUCCESS: a.canary.min_success = optarg; break;
		case OPT_VERSION:
			printf("ingestgate %s\n", PACKAGE_VERSION);
			return 0;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		case ':':
			return usage_error("option '%s' needs a value",
			    argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		if (!isatty(STDOUT_FILENO))
			return usage_error("no command (gate, playbook, replay, "
			    "console) and stdout is not a terminal");
		return cmd_console(&a, console);
	}
	if (strcmp(argv[0], "gate") == 0)
		return cmd_gate(&a, argc - 1, argv + 1);
	if (strcmp(argv[0], "playbook") == 0)
		return cmd_playbook(&a, argc - 1, argv + 1);
	if (strcmp(argv[0], "replay") == 0)
		return cmd_replay(&a, argc - 1, argv + 1);
	if (strcmp(argv[0], "contexts") == 0 || strcmp(argv[0], "status") == 0)
		return cmd_contexts_status(&a, argc, argv);
	if (strcmp(argv[0], "signoff") == 0 || strcmp(argv[0], "verify") == 0 ||
	    strcmp(argv[0], "timeline") == 0)
		return cmd_trust(&a, argv[0], argc - 1, argv + 1);
	if (strcmp(argv[0], "console") == 0) {
		if (argc > 1)
			return usage_error("console: unexpected argument '%s'",
			    argv[1]);
		return cmd_console(&a, console);
	}
	return usage_error("unknown command '%s'", argv[0]);
}
