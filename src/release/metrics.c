/* The Prometheus text exposition of gate results (version 0.0.4 of the
 * format, what node_exporter's textfile collector reads): HELP and TYPE
 * once per family, then its samples; label values escaped as the format
 * says (backslash, double quote, newline). Numbers never follow the
 * locale. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fileio.h"
#include "core/result.h"
#include "core/result_keys.h"
#include "core/util.h"
#include "release/metrics.h"

static const char *const decisions[] = { "GO", "NO-GO", "PENDING", NULL };
static const char *const batch_statuses[] = { "READY", "PENDING", "HOLD",
    NULL };

void
metrics_scope_init(struct metrics_scope *sc, const char *context,
    const char *batch)
{
	memset(sc, 0, sizeof *sc);
	sc->context = context != NULL ? context : "default";
	sc->batch = batch;
	for (int i = 0; i < GATE_COUNT; i++)
		sc->gates[i].gate = gate_def_get((enum gate_id)i);
}

void
metrics_scope_add_result(struct metrics_scope *sc, const struct gate_result *r)
{
	struct metrics_gate *g = &sc->gates[r->gate->id];
	const struct kv *rate = kv_get(&r->metrics, M_SUCCESS_RATE);

	g->have = 1;
	g->verdict = r->verdict;
	g->code = code_name(r->code);
	g->last_run = r->finished.tv_sec;
	/* successRate is null when nothing was processed: no sample then. */
	if (r->gate->id == GATE_PROCESSING && rate != NULL &&
	    (rate->type == VAL_NUM || rate->type == VAL_INT)) {
		g->have_rate = 1;
		g->success_rate = kv_num_or(&r->metrics, M_SUCCESS_RATE, 0);
	}
	if (r->gate->id == GATE_DLQ_GROWTH &&
	    kv_get(&r->metrics, M_GROWTH) != NULL) {
		g->have_growth = 1;
		g->growth = kv_int_or(&r->metrics, M_GROWTH, 0);
	}
	if (r->decision != NULL)
		sc->decision = r->decision;
	if (r->batch_status != NULL)
		sc->batch_status = r->batch_status;
	for (size_t i = 0; i < r->nstages; i++)
		metrics_scope_add_result(sc, r->stages[i]);
}

/* A label value as the format writes it. */
static void
put_label(struct buf *b, const char *name, const char *v)
{
	buf_addf(b, "%s=\"", name);
	for (const char *p = v != NULL ? v : ""; *p != '\0'; p++) {
		if (*p == '\\' || *p == '"')
			buf_addf(b, "\\%c", *p);
		else if (*p == '\n')
			buf_adds(b, "\\n");
		else
			buf_addc(b, *p);
	}
	buf_adds(b, "\"");
}

static void
family(struct buf *b, const char *name, const char *help)
{
	buf_addf(b, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

/* name{context,batch[,gate,id]} -- the labels every sample carries. */
static void
head(struct buf *b, const char *name, const struct metrics_scope *sc,
    const struct metrics_gate *g)
{
	buf_addf(b, "%s{", name);
	put_label(b, "context", sc->context);
	buf_adds(b, ",");
	put_label(b, "batch", sc->batch);
	if (g != NULL) {
		buf_adds(b, ",");
		put_label(b, "gate", g->gate->name);
		buf_adds(b, ",");
		put_label(b, "id", g->gate->fid != NULL ? g->gate->fid : "");
	}
}

/* A number in the C notation, whatever the locale (%.17g would print a
 * comma under a decimal-comma LC_NUMERIC). */
static void
put_number(struct buf *b, double v)
{
	char s[64];

	snprintf(s, sizeof s, "%.6f", v);
	for (char *p = s; *p != '\0'; p++)
		if (*p == ',')
			*p = '.';
	buf_addf(b, " %s\n", s);
}

static void
render_verdicts(struct buf *b, const struct metrics_scope *sc, size_t n)
{
	family(b, "ingestgate_gate_verdict", "1 for the verdict of the "
	    "gate's last run, 0 for the others");
	for (size_t s = 0; s < n; s++)
		for (int i = 0; i < GATE_COUNT; i++) {
			const struct metrics_gate *g = &sc[s].gates[i];

			if (!g->have)
				continue;
			for (int v = 0; v < VERDICT_COUNT; v++) {
				head(b, "ingestgate_gate_verdict", &sc[s], g);
				buf_adds(b, ",");
				put_label(b, "verdict", verdict_name(
				    (enum verdict)v));
				buf_addf(b, "} %d\n", (int)g->verdict == v);
			}
		}
	family(b, "ingestgate_gate_failure", "1 while the gate's last run "
	    "carries this failure code");
	for (size_t s = 0; s < n; s++)
		for (int i = 0; i < GATE_COUNT; i++) {
			const struct metrics_gate *g = &sc[s].gates[i];

			if (!g->have || g->code == NULL || *g->code == '\0')
				continue;
			head(b, "ingestgate_gate_failure", &sc[s], g);
			buf_adds(b, ",");
			put_label(b, "code", g->code);
			buf_adds(b, "} 1\n");
		}
}

static void
render_gate_numbers(struct buf *b, const struct metrics_scope *sc, size_t n)
{
	family(b, "ingestgate_gate_last_run_timestamp_seconds",
	    "when the gate's last run finished (Unix time)");
	for (size_t s = 0; s < n; s++)
		for (int i = 0; i < GATE_COUNT; i++)
			if (sc[s].gates[i].have && sc[s].gates[i].last_run > 0) {
				head(b, "ingestgate_gate_last_run_timestamp_"
				    "seconds", &sc[s], &sc[s].gates[i]);
				buf_addf(b, "} %lld\n",
				    (long long)sc[s].gates[i].last_run);
			}
	family(b, "ingestgate_processing_success_rate",
	    "F-03: succeeded / (succeeded + failed) in the window");
	for (size_t s = 0; s < n; s++)
		if (sc[s].gates[GATE_PROCESSING].have_rate) {
			head(b, "ingestgate_processing_success_rate", &sc[s],
			    NULL);
			buf_adds(b, "}");
			put_number(b, sc[s].gates[GATE_PROCESSING].success_rate);
		}
	family(b, "ingestgate_dlq_growth",
	    "F-04: DLQ entries created minus resolved in the window");
	for (size_t s = 0; s < n; s++)
		if (sc[s].gates[GATE_DLQ_GROWTH].have_growth) {
			head(b, "ingestgate_dlq_growth", &sc[s], NULL);
			buf_addf(b, "} %lld\n",
			    sc[s].gates[GATE_DLQ_GROWTH].growth);
		}
}

/* A labelled gauge: one series per value of set, 1 for the current. */
static void
render_state(struct buf *b, const struct metrics_scope *sc, size_t n,
    const char *name, const char *label, const char *const *set, int status)
{
	for (size_t s = 0; s < n; s++) {
		const char *now = status ? sc[s].batch_status : sc[s].decision;

		if (now == NULL)
			continue;
		for (size_t i = 0; set[i] != NULL; i++) {
			head(b, name, &sc[s], NULL);
			buf_adds(b, ",");
			put_label(b, label, set[i]);
			buf_addf(b, "} %d\n", strcmp(now, set[i]) == 0);
		}
	}
}

char *
metrics_render(const struct metrics_scope *sc, size_t n)
{
	struct buf b = { 0 };

	render_verdicts(&b, sc, n);
	render_gate_numbers(&b, sc, n);
	family(&b, "ingestgate_decision", "1 for the batch's release decision "
	    "(runbook section 6), 0 for the others");
	render_state(&b, sc, n, "ingestgate_decision", "decision", decisions,
	    0);
	family(&b, "ingestgate_batch_status", "1 for the batch's status "
	    "(runbook section 8), 0 for the others");
	render_state(&b, sc, n, "ingestgate_batch_status", "status",
	    batch_statuses, 1);
	return buf_take(&b);
}

int
metrics_write(const char *path, const struct metrics_scope *sc, size_t n,
    char **cause)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash == NULL ? xstrdup(".") : slash == path ?
	    xstrdup("/") : xstrndup(path, (size_t)(slash - path));
	char *text = metrics_render(sc, n);
	int r;

	if (slash != NULL && slash[1] == '\0') {
		*cause = xasprintf("%s: a file name is needed, not a folder",
		    path);
		r = -1;
	} else
		r = fileio_write_atomic(dir, slash != NULL ? slash + 1 : path,
		    text, cause);
	free(text);
	free(dir);
	return r;
}
