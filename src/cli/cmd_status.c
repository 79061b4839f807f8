/* `ingestgate contexts` and `ingestgate status [--all]` (SPEC section 10):
 * every environment at a glance. Nothing here prints a secret: hosts come
 * through url_host (no credentials) and tokens are never read. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cmd_status.h"
#include "release/metrics.h"
#include "config/context.h"
#include "monitor/context_switch.h"
#include "config/settings.h"
#include "monitor/status.h"
#include "config/url.h"
#include "core/util.h"

/* One row: a context (or the plain settings when there is none). */
struct row {
	const char *name;	/* "-" when no context */
	int current;
	struct settings s;
	int loaded;
	char *error;		/* why it could not be loaded */
	char *host;
	struct status st;
};

static char *
host_of(const struct settings *s)
{
	const char *u = s->env[ENV_CORE_API_BASE_URL];

	if (u == NULL || *u == '\0')
		return xstrdup("(no CORE_API_BASE_URL)");
	return url_host(u);
}

static const char *
current_name(const struct settings *base, const char *flag)
{
	const struct context *c = NULL;
	char *cause = NULL;

	if (context_choose(&base->contexts, flag, getenv("INGESTGATE_CONTEXT"),
	    &c, &cause) != 0) {
		free(cause);
		return NULL;
	}
	return c != NULL ? c->name : NULL;
}

/* Fills rows for every context of base (or one row for cur when all is 0
 * or no context is defined). Returns the number of rows. */
static size_t
rows_load(const struct settings *base, const struct settings *cur,
    const char *flag, int all, struct row **out)
{
	const char *now = current_name(base, flag);
	struct row *rows;
	size_t n;

	if (!all || base->contexts.n == 0) {
		rows = xcalloc(1, sizeof *rows);
		rows[0].name = cur->context != NULL ? cur->context : "-";
		rows[0].current = 1;
		rows[0].s = *cur;	/* borrowed: never freed through the row */
		rows[0].loaded = 1;
		rows[0].host = host_of(cur);
		*out = rows;
		return 1;
	}
	n = base->contexts.n;
	rows = xcalloc(n, sizeof *rows);
	for (size_t i = 0; i < n; i++) {
		struct row *r = &rows[i];

		r->name = base->contexts.items[i].name;
		r->current = now != NULL && strcmp(now, r->name) == 0;
		if (context_settings_load(&r->s, base, r->name, &r->error) != 0)
			continue;
		r->loaded = 2;	/* owned */
		r->host = host_of(&r->s);
	}
	*out = rows;
	return n;
}

static void
rows_free(struct row *rows, size_t n, int abandoned)
{
	/* A live read still running holds its row's settings: leave them. */
	if (abandoned)
		return;
	for (size_t i = 0; i < n; i++) {
		status_free(&rows[i].st);
		if (rows[i].loaded == 2)
			settings_free(&rows[i].s);
		free(rows[i].error);
		free(rows[i].host);
	}
	free(rows);
}

/* One row of `contexts --json`. */
static json_object *
contexts_row_json(const struct row *r, const char *dflt)
{
	json_object *o = json_object_new_object();

#define S(v) ((v) != NULL ? json_object_new_string(v) : NULL)
	json_object_object_add(o, "name", S(r->name));
	json_object_object_add(o, "current",
	    json_object_new_boolean(r->current));
	json_object_object_add(o, "default", json_object_new_boolean(
	    dflt != NULL && strcmp(dflt, r->name) == 0));
	json_object_object_add(o, "prod",
	    json_object_new_boolean(context_is_prod(r->name)));
	json_object_object_add(o, "coreApi", S(r->loaded ? r->host : NULL));
	json_object_object_add(o, "batch", S(r->loaded ? r->s.batch : NULL));
	json_object_object_add(o, "reportsDir", S(r->loaded ?
	    r->s.reports_dir : NULL));
	json_object_object_add(o, "error", S(r->error));
#undef S
	return o;
}

int
cmd_contexts(const struct settings *base, const char *flag)
{
	const struct context_list *l = &base->contexts;
	struct row *rows;
	size_t n, wn = 4, wh = 8, wb = 5;
	int status = 0;
	json_object *doc = NULL, *arr = NULL;

	if (l->n == 0) {
		if (base->json)
			puts("{ \"contexts\": [ ] }");
		else
			printf("no contexts: add '[context NAME]' sections with "
			    "env-file = ... to %s\n", l->path != NULL ? l->path :
			    "the config file ($XDG_CONFIG_HOME/ingestgate/config)");
		return 0;
	}
	n = rows_load(base, base, flag, 1, &rows);
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];

		if (strlen(r->name) > wn)
			wn = strlen(r->name);
		if (r->loaded && strlen(r->host) > wh)
			wh = strlen(r->host);
		if (r->loaded && r->s.batch != NULL && strlen(r->s.batch) > wb)
			wb = strlen(r->s.batch);
	}
	if (base->json) {
		doc = json_object_new_object();
		arr = json_object_new_array();
	} else
		printf("  %-*s  %-*s  %-*s  %s\n", (int)wn, "NAME", (int)wh,
		    "CORE-API", (int)wb, "BATCH", "REPORTS");
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		const char *dflt = l->default_name;

		if (!r->loaded)
			status = 2;
		if (doc != NULL) {
			json_object_array_add(arr, contexts_row_json(r, dflt));
			continue;
		}
		if (!r->loaded) {
			printf("%c %-*s  error: %s\n", r->current ? '*' : ' ',
			    (int)wn, r->name, r->error);
			continue;
		}
		printf("%c %-*s  %-*s  %-*s  %s%s\n", r->current ? '*' : ' ',
		    (int)wn, r->name, (int)wh, r->host, (int)wb,
		    r->s.batch != NULL ? r->s.batch : "-", r->s.reports_dir,
		    dflt != NULL && strcmp(dflt, r->name) == 0 ? "  (default)" :
		    "");
	}
	if (doc != NULL) {
		json_object_object_add(doc, "contexts", arr);
		puts(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
		    JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(doc);
	}
	rows_free(rows, n, 0);
	return status;
}

static void
fmt_age(char *out, size_t len, time_t then, time_t now)
{
	long d = (long)(now - then);

	if (then == 0)
		snprintf(out, len, "?");
	else if (d < 120)
		snprintf(out, len, "%lds", d < 0 ? 0 : d);
	else if (d < 7200)
		snprintf(out, len, "%ldm", d / 60);
	else if (d < 172800)
		snprintf(out, len, "%ldh", d / 3600);
	else
		snprintf(out, len, "%ldd", d / 86400);
}

static void
print_row(const struct row *r, int wn, time_t now)
{
	const struct status *st = &r->st;
	enum verdict v;
	int have;

	printf("%c %-*s  ", r->current ? '*' : ' ', wn, r->name);
	if (!r->loaded) {
		printf("%-12s %s\n", "ERROR", r->error);
		return;
	}
	v = status_verdict(st, &have);
	printf("%-12s batch %s · decision %s · status %s", have ?
	    verdict_name(v) : "-", r->s.batch != NULL ? r->s.batch : "-",
	    st->decision != NULL ? st->decision : "-",
	    st->batch_status != NULL ? st->batch_status : "-");
	for (int i = GATE_ENV_BASELINE; i <= GATE_QUALITY; i++) {
		const struct status_disk *d = &st->disk[i];
		const struct gate_result *live = i == GATE_PROCESSING ?
		    st->live_processing : i == GATE_DLQ_GROWTH ? st->live_dlq : NULL;
		char age[32];

		printf(" · %s ", gate_def_get(i)->fid);
		if (d->have) {
			fmt_age(age, sizeof age, d->finished_at, now);
			printf("%s %s", verdict_name(d->verdict), age);
		} else
			printf("-");
		if (live != NULL)
			printf(", live %s%s%s", verdict_name(live->verdict),
			    live->code != CODE_NONE ? " " : "",
			    code_name(live->code));
	}
	/* Whose reports these are: each context has its own root. */
	printf(" · reports %s\n", r->s.reports_dir);
}

/* One context's scope for --metrics-file: the last report of each gate,
 * F-03 and F-04 from the live read when there is one. */
static void
row_metrics(const struct row *r, struct metrics_scope *sc)
{
	const struct status *st = &r->st;

	metrics_scope_init(sc, strcmp(r->name, "-") == 0 ? NULL : r->name,
	    r->s.batch);
	for (int i = 0; i < GATE_COUNT; i++) {
		const struct status_disk *d = &st->disk[i];

		if (!d->have)
			continue;
		sc->gates[i].have = 1;
		sc->gates[i].verdict = d->verdict;
		sc->gates[i].code = d->code;
		sc->gates[i].last_run = d->finished_at;
	}
	if (st->live_processing != NULL)
		metrics_scope_add_result(sc, st->live_processing);
	if (st->live_dlq != NULL)
		metrics_scope_add_result(sc, st->live_dlq);
	sc->decision = st->decision;
	sc->batch_status = st->batch_status;
}

/* Writes the loaded rows to path: 0, or 2 after saying why. */
static int
status_metrics(const struct row *rows, size_t n, const char *path)
{
	struct metrics_scope *sc = xcalloc(n, sizeof *sc);
	size_t k = 0;
	char *cause = NULL;
	int r = 0;

	for (size_t i = 0; i < n; i++)
		if (rows[i].loaded)
			row_metrics(&rows[i], &sc[k++]);
	if (metrics_write(path, sc, k, &cause) != 0) {
		fprintf(stderr, "ingestgate: ERROR: --metrics-file %s\n", cause);
		free(cause);
		r = 2;
	}
	free(sc);
	return r;
}

static json_object *
row_json(const struct row *r, time_t now)
{
	const struct status *st = &r->st;
	json_object *o = json_object_new_object(), *g, *lv;
	enum verdict v;
	int have = 0;

#define S(x) ((x) != NULL ? json_object_new_string(x) : NULL)
	json_object_object_add(o, "name", S(r->name));
	json_object_object_add(o, "current", json_object_new_boolean(r->current));
	json_object_object_add(o, "prod",
	    json_object_new_boolean(context_is_prod(r->name)));
	json_object_object_add(o, "error", S(r->error));
	if (!r->loaded) {
		json_object_object_add(o, "verdict", S("ERROR"));
		json_object_object_add(o, "exitStatus", json_object_new_int(2));
		return o;
	}
	v = status_verdict(st, &have);
	json_object_object_add(o, "verdict", have ? S(verdict_name(v)) : NULL);
	json_object_object_add(o, "exitStatus",
	    json_object_new_int(have ? verdict_exit_status(v) : 0));
	json_object_object_add(o, "coreApi", S(r->host));
	json_object_object_add(o, "batch", S(r->s.batch));
	json_object_object_add(o, "reportsDir", S(r->s.reports_dir));
	json_object_object_add(o, "decision", S(st->decision));
	json_object_object_add(o, "batchStatus", S(st->batch_status));
	g = json_object_new_object();
	for (int i = GATE_ENV_BASELINE; i <= GATE_EVIDENCE; i++) {
		const struct status_disk *d = &st->disk[i];
		const struct gate_def *def = gate_def_get(i);
		json_object *go;
		char t[ISO_UTC_LEN];

		if (!d->have) {
			json_object_object_add(g, def->name, NULL);
			continue;
		}
		go = json_object_new_object();
		json_object_object_add(go, "id", S(def->fid));
		json_object_object_add(go, "verdict", S(verdict_name(d->verdict)));
		json_object_object_add(go, "code", *d->code ? S(d->code) : NULL);
		if (d->finished_at != 0) {
			iso_utc(d->finished_at, t);
			json_object_object_add(go, "finishedAt", S(t));
			json_object_object_add(go, "ageSeconds", json_object_new_int64(
			    (int64_t)(now - d->finished_at)));
		} else {
			json_object_object_add(go, "finishedAt", NULL);
			json_object_object_add(go, "ageSeconds", NULL);
		}
		json_object_object_add(go, "report", S(d->report));
		json_object_object_add(g, def->name, go);
	}
	json_object_object_add(o, "gates", g);
	if (st->live_processing != NULL) {
		const struct gate_result *lr[2] = { st->live_processing,
		    st->live_dlq };

		lv = json_object_new_object();
		for (int i = 0; i < 2; i++) {
			json_object *x = json_object_new_object();

			json_object_object_add(x, "id", S(lr[i]->gate->fid));
			json_object_object_add(x, "verdict",
			    S(verdict_name(lr[i]->verdict)));
			json_object_object_add(x, "code", lr[i]->code != CODE_NONE ?
			    S(code_name(lr[i]->code)) : NULL);
			json_object_object_add(x, "summary", S(lr[i]->summary));
			json_object_object_add(lv, lr[i]->gate->name, x);
		}
		json_object_object_add(lv, "ms", json_object_new_int64(st->live_ms));
		json_object_object_add(o, "live", lv);
	} else
		json_object_object_add(o, "live", NULL);
#undef S
	return o;
}

int
cmd_status(const struct settings *base, const struct settings *cur,
    const char *flag, int all, const char *metrics_file)
{
	struct row *rows;
	struct status **live = NULL;
	size_t n, nl = 0;
	int wn = 4, abandoned = 0, json = cur->json, offline = cur->offline;
	enum verdict worst = VERDICT_SKIPPED;
	int have_worst = 0;
	time_t now;

	n = rows_load(base, cur, flag, all, &rows);
	live = xcalloc(n, sizeof *live);
	for (size_t i = 0; i < n; i++) {
		if (!rows[i].loaded)
			continue;
		status_read_disk(&rows[i].st, &rows[i].s);
		if (!offline)
			live[nl++] = &rows[i].st;
	}
	if (nl > 0)
		abandoned = status_read_live(live, nl);
	now = time(NULL);
	for (size_t i = 0; i < n; i++) {
		enum verdict v = VERDICT_ERROR;
		int have = 1;

		if ((int)strlen(rows[i].name) > wn)
			wn = (int)strlen(rows[i].name);
		if (rows[i].loaded)
			v = status_verdict(&rows[i].st, &have);
		if (have) {
			worst = have_worst ? verdict_worst(worst, v) : v;
			have_worst = 1;
		}
	}
	if (json) {
		json_object *doc = json_object_new_object(), *arr;

		json_object_object_add(doc, "tool",
		    json_object_new_string("ingestgate"));
		json_object_object_add(doc, "version",
		    json_object_new_string(PACKAGE_VERSION));
		arr = json_object_new_array();
		for (size_t i = 0; i < n; i++)
			json_object_array_add(arr, row_json(&rows[i], now));
		json_object_object_add(doc, "contexts", arr);
		json_object_object_add(doc, "verdict", have_worst ?
		    json_object_new_string(verdict_name(worst)) : NULL);
		json_object_object_add(doc, "exitStatus", json_object_new_int(
		    have_worst ? verdict_exit_status(worst) : 0));
		puts(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
		    JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(doc);
	} else
		for (size_t i = 0; i < n; i++)
			print_row(&rows[i], wn, now);
	fflush(stdout);
	/* A metrics file that could not be written never exits 0. */
	if (metrics_file != NULL && status_metrics(rows, n, metrics_file) != 0 &&
	    (!have_worst || verdict_exit_status(worst) == 0)) {
		worst = VERDICT_ERROR;
		have_worst = 1;
	}
	free(live);
	rows_free(rows, n, abandoned);
	return have_worst ? verdict_exit_status(worst) : 0;
}
