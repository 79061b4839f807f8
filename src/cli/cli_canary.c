/* The canary replay on the command line: what canary.c decides, shown as a
 * redrawn progress bar on a terminal, plain lines otherwise, or one JSON
 * document with --json. SIGINT asks the run to stop before its next step;
 * a second SIGINT ends the process the ordinary way. */
#include "config.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "replay/audit.h"
#include "replay/canary.h"
#include "cli/cli.h"
#include "cli/cli_canary.h"
#include "clients/core_api.h"
#include "gates/gate.h"
#include "core/util.h"

static atomic_int stop_asked;

static void
on_sigint(int sig)
{
	(void)sig;
	atomic_store(&stop_asked, 1);
}

struct view {
	int tty;	/* redraw one line per step with \r */
	int quiet;	/* --json: nothing until the end */
};

static void
bar(char *out, size_t len, long long done, long long all)
{
	size_t w = len - 1, fill = all > 0 ? (size_t)((double)w *
	    (double)done / (double)all) : 0;

	for (size_t i = 0; i < w; i++)
		out[i] = i < fill ? '#' : '.';
	out[w] = '\0';
}

static void
progress(void *arg, const struct canary_progress *p)
{
	const struct view *v = arg;
	const struct canary_step_result *s = p->cur;
	char b[21], succ[16], eta[24];
	locale_t old;

	if (v->quiet || s == NULL || (!v->tty && !p->done))
		return;
	old = numeric_locale_enter();
	if (s->success >= 0)
		snprintf(succ, sizeof succ, "%.2f", s->success);
	else
		snprintf(succ, sizeof succ, "-");
	if (p->eta_s >= 0 && !p->done)
		snprintf(eta, sizeof eta, " ETA %.0fs", p->eta_s);
	else
		eta[0] = '\0';
	bar(b, sizeof b, p->moved_total, p->count);
	if (v->tty)
		printf("\r\033[K");
	printf("step %d/%d [%s] moved %lld/%lld: %lld resolved, %lld "
	    "settled, %lld replaying, success %s%s%s", s->step, s->nsteps, b,
	    p->moved_total, p->count, s->resolved, s->settled,
	    s->still_replaying, succ, p->done && s->f03 != VERDICT_SKIPPED ?
	    " F-03 " : "", p->done && s->f03 != VERDICT_SKIPPED ?
	    verdict_name(s->f03) : "");
	if (p->done && s->f03 != VERDICT_SKIPPED)
		printf(" growth %lld", s->growth);
	printf("%s%s", eta, p->done ? "\n" : "");
	fflush(stdout);
	numeric_locale_leave(old);
}

/* Asks on the terminal: 1 confirmed, 0 not, -1 no terminal to ask. */
static int
ask(const struct replay_req *rq, long long count, const char *plan)
{
	char line[64], *q;

	if (!isatty(STDIN_FILENO))
		return -1;
	q = replay_confirm_text(rq, count);
	fprintf(stderr, "%s\n%s: ", plan, q);
	fflush(stderr);
	free(q);
	if (fgets(line, sizeof line, stdin) == NULL)
		return 0;
	return replay_confirm_match(line, count);
}

static json_object *
num_or_null(double d)
{
	char s[32];
	locale_t old;

	if (d < 0)
		return NULL;
	old = numeric_locale_enter();
	snprintf(s, sizeof s, "%.4f", d);
	numeric_locale_leave(old);
	return json_object_new_double_s(d, s);
}

static const char *const end_names[] = { "completed",
    "REPLAY_CANARY_ABORTED", "stopped", "ERROR" };

static void
print_json(const struct canary_run *r, const char *summary)
{
	json_object *o = json_object_new_object(), *a = json_object_new_array();
	const char *verdict = r->end == CANARY_COMPLETED ? "PASS" :
	    r->end == CANARY_ABORTED ? "FAIL" : r->end == CANARY_STOPPED ?
	    "SKIPPED" : "ERROR";

	json_object_object_add(o, "tool", json_object_new_string("ingestgate"));
	json_object_object_add(o, "command", json_object_new_string("replay"));
	json_object_object_add(o, "mode", json_object_new_string("canary"));
	json_object_object_add(o, "id", json_object_new_string(r->rq.id));
	json_object_object_add(o, "status", json_object_new_string(r->rq.status));
	json_object_object_add(o, "source", r->rq.source[0] ?
	    json_object_new_string(r->rq.source) : NULL);
	json_object_object_add(o, "channel", r->rq.channel[0] ?
	    json_object_new_string(r->rq.channel) : NULL);
	json_object_object_add(o, "operator",
	    json_object_new_string(r->rq.operator_name));
	json_object_object_add(o, "count", json_object_new_int64(r->count));
	json_object_object_add(o, "minReplaySuccess",
	    num_or_null(r->opts.min_success));
	json_object_object_add(o, "settleSeconds",
	    json_object_new_int64(r->opts.settle_s));
	for (size_t i = 0; i < r->nsteps; i++) {
		const struct canary_step_result *s = &r->steps[i];
		json_object *j = json_object_new_object();

		json_object_object_add(j, "step", json_object_new_int(s->step));
		json_object_object_add(j, "size", json_object_new_int64(s->size));
		json_object_object_add(j, "moved", json_object_new_int64(s->moved));
		json_object_object_add(j, "settled",
		    json_object_new_int64(s->settled));
		json_object_object_add(j, "resolved",
		    json_object_new_int64(s->resolved));
		json_object_object_add(j, "stillReplaying",
		    json_object_new_int64(s->still_replaying));
		json_object_object_add(j, "success", num_or_null(s->success));
		json_object_object_add(j, "processing", s->f03 == VERDICT_SKIPPED ?
		    NULL : json_object_new_string(verdict_name(s->f03)));
		json_object_object_add(j, "growth", s->f03 == VERDICT_SKIPPED ?
		    NULL : json_object_new_int64(s->growth));
		json_object_object_add(j, "durationMs", json_object_new_int64(s->ms));
		json_object_object_add(j, "stop", s->stop == CANARY_GO_ON ? NULL :
		    json_object_new_string(canary_stop_text(s->stop)));
		json_object_array_add(a, j);
	}
	json_object_object_add(o, "plannedSteps",
	    json_object_new_int64((long long)r->nplanned));
	json_object_object_add(o, "steps", a);
	json_object_object_add(o, "moved", json_object_new_int64(r->moved));
	json_object_object_add(o, "notTouched", json_object_new_int64(
	    r->count > r->moved ? r->count - r->moved : 0));
	json_object_object_add(o, "result",
	    json_object_new_string(end_names[r->end]));
	json_object_object_add(o, "verdict", json_object_new_string(verdict));
	json_object_object_add(o, "code", r->code != CODE_NONE ?
	    json_object_new_string(code_name(r->code)) : NULL);
	json_object_object_add(o, "message", json_object_new_string(summary));
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

/* "canary plan: 30 entries in 3 steps of 1, 2, 27 (...)"; caller frees. */
static char *
plan_text(const struct canary_opts *o, long long count)
{
	long long sizes[CANARY_MAX_STEPS];
	size_t n = canary_plan(o, count, sizes);
	struct buf b = { 0 };
	locale_t old = numeric_locale_enter();

	buf_addf(&b, "canary plan: %lld entries in %zu step%s of", count, n,
	    n == 1 ? "" : "s");
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s %lld", i > 0 ? "," : "", sizes[i]);
	buf_addf(&b, " (settle up to %ld s, minimum replay success %.2f)",
	    o->settle_s, o->min_success);
	numeric_locale_leave(old);
	return buf_take(&b);
}

/* --steps, --settle and --min-replay-success over the defaults; a usage
 * error is printed here. */
static int
parse_opts(const struct canary_args *a, struct canary_opts *o)
{
	char *cause = NULL;

	canary_opts_default(o);
	if ((a->steps != NULL &&
	    canary_steps_parse(a->steps, o, &cause) != 0) ||
	    (a->settle != NULL &&
	    canary_settle_parse(a->settle, o, &cause) != 0) ||
	    (a->min_success != NULL &&
	    canary_min_success_parse(a->min_success, o, &cause) != 0)) {
		cli_cmd_usage("replay", "--%s", cause);
		free(cause);
		return -1;
	}
	return 0;
}

/* Runs the confirmed canary r with ^C as a stop request and prints its
 * summary; the exit status, with *cause set when the audit log could not
 * be written. */
static int
execute(struct canary_run *r, int json, char **cause)
{
	struct sigaction sa, old_sa;
	struct view v;
	char *sum;
	int status;

	r->stop = &stop_asked;
	v.tty = !json && isatty(STDOUT_FILENO);
	v.quiet = json;
	r->progress = progress;
	r->arg = &v;
	atomic_store(&stop_asked, 0);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESETHAND;	/* a second ^C ends the process */
	sigaction(SIGINT, &sa, &old_sa);
	canary_execute(r);
	sigaction(SIGINT, &old_sa, NULL);
	sum = canary_summary(r);
	if (json)
		print_json(r, sum);
	else
		puts(sum);
	free(sum);
	status = r->end == CANARY_COMPLETED ? 0 : r->end == CANARY_ABORTED ? 1 :
	    r->end == CANARY_STOPPED ? 130 : 2;
	if (r->audit_cause != NULL) {
		*cause = r->audit_cause;
		r->audit_cause = NULL;
		status = 2;
	}
	canary_run_free(r);
	return status;
}

int
cli_canary(struct gate_ctx *ctx, const char *reports_dir,
    struct replay_req *rq, const struct canary_args *a, int json, int yes,
    int dry_run)
{
	struct canary_run r;
	struct replay_counts dry = { 0, 0, NULL, 0 };
	struct api_error err;
	struct core_api *api;
	char *cause = NULL, *plan = NULL;
	int ok, status;

	memset(&r, 0, sizeof r);
	if (parse_opts(a, &r.opts) != 0)
		return EXIT_USAGE;
	/* The count every step is a share of: the same dry run as a plain
	 * replay, between its audit lines. */
	memset(&err, 0, sizeof err);
	api = gate_ctx_api(ctx, &err);
	ok = replay_run(api, reports_dir, rq, 1, 0, &dry, &err, &cause);
	if ((plan = audit_replay_take_note()) != NULL) {
		/* A torn audit line set aside before the first intent. */
		fprintf(stderr, "ingestgate: note: %s\n", plan);
		free(plan);
		plan = NULL;
	}
	if (ok != 0) {
		fprintf(stderr, "ingestgate: replay on core-api %s: %s%s%s\n",
		    rq->host, code_name(err.code), err.code != CODE_NONE ?
		    ": " : "", err.message);
		status = 2;
		goto out;
	}
	replay_counts_free(&dry);
	if (cause != NULL) {
		status = 2;
		goto out;
	}
	plan = plan_text(&r.opts, dry.selected);
	if (!json)
		puts(plan);
	if (dry.selected == 0 || dry_run) {
		if (dry.selected == 0)
			replay_audit_decision(reports_dir, rq, 0,
			    "nothing to replay", &cause);
		if (!json)
			puts(dry.selected == 0 ? "nothing to replay" :
			    "dry run: nothing moved");
		status = cause != NULL ? 2 : 0;
		goto out;
	}
	ok = yes ? 1 : ask(rq, dry.selected, plan);
	if (ok != 1) {
		fprintf(stderr, ok < 0 ? "ingestgate: replay: refusing a real "
		    "replay without --yes when no terminal can confirm\n" :
		    "ingestgate: replay: not confirmed (type yes or %lld); "
		    "nothing moved\n", dry.selected);
		replay_audit_decision(reports_dir, rq, dry.selected, ok < 0 ?
		    "no terminal to confirm" : "declined", &cause);
		status = cause != NULL ? 2 : ok < 0 ? EXIT_USAGE : 1;
		goto out;
	}

	r.ctx = ctx;
	r.reports_dir = reports_dir;
	r.rq = *rq;
	r.count = dry.selected;
	status = execute(&r, json, &cause);
out:
	if (cause != NULL) {
		fprintf(stderr, "ingestgate: replay: cannot write the audit log: "
		    "%s\n", cause);
		free(cause);
	}
	free(plan);
	return status;
}
