/* F-04 DLQ growth: growth in the window and OPEN+FAILED against the
 * thresholds, with the dominant status and the sources behind it. */
#include "config.h"

#include <stdlib.h>

#include "clients/core_api.h"
#include "gates/gate.h"
#include "core/util.h"

static const char *
dominant_status(const struct queue_metrics *m)
{
	if (m->open == 0 && m->dlq_failed == 0 && m->replaying == 0)
		return NULL;
	if (m->open >= m->dlq_failed && m->open >= m->replaying)
		return "OPEN";
	if (m->dlq_failed >= m->replaying)
		return "FAILED";
	return "REPLAYING";
}

void
judge_dlq(const struct queue_metrics *m, const struct thresholds *th,
    struct gate_result *r)
{
	long long growth = m->created_in_window - m->resolved_in_window;
	long long of = m->open + m->dlq_failed;
	const char *dom = dominant_status(m);

	kv_int(&r->thresholds, TH_WINDOW_MINUTES, th->window_minutes);
	kv_int(&r->thresholds, TH_MAX_GROWTH, th->dlq_max_growth);
	kv_int(&r->thresholds, TH_MAX_OPEN, th->dlq_max_open);
	kv_int(&r->metrics, M_OPEN, m->open);
	kv_int(&r->metrics, M_FAILED, m->dlq_failed);
	kv_int(&r->metrics, "replaying", m->replaying);
	kv_int(&r->metrics, "resolved", m->resolved);
	kv_int(&r->metrics, "createdInWindow", m->created_in_window);
	kv_int(&r->metrics, "resolvedInWindow", m->resolved_in_window);
	kv_int(&r->metrics, M_GROWTH, growth);
	kv_str(&r->metrics, M_DOMINANT_STATUS, dom);
	kv_int(&r->metrics, "queueWaiting", m->waiting);
	kv_int(&r->metrics, "queueActive", m->active);
	kv_int(&r->metrics, "queueDelayed", m->delayed);
	kv_int(&r->metrics, "queueFailed", m->failed);

	if (growth > th->dlq_max_growth)
		result_check(r, "growth", VERDICT_FAIL, CODE_DLQ_GROWTH_HIGH,
		    "DLQ grew by %lld in %ld min (created %lld, resolved %lld), "
		    "above the maximum %ld", growth, th->window_minutes,
		    m->created_in_window, m->resolved_in_window,
		    th->dlq_max_growth);
	else if (growth > 0)
		result_check(r, "growth", VERDICT_WARN, CODE_DLQ_GROWTH_HIGH,
		    "DLQ grew by %lld in %ld min (maximum %ld)", growth,
		    th->window_minutes, th->dlq_max_growth);
	else
		result_check(r, "growth", VERDICT_PASS, CODE_NONE,
		    "DLQ did not grow in %ld min (%+lld)", th->window_minutes,
		    growth);
	if (of > th->dlq_max_open)
		result_check(r, "open-failed", VERDICT_FAIL, CODE_DLQ_GROWTH_HIGH,
		    "OPEN+FAILED is %lld, above the maximum %ld", of,
		    th->dlq_max_open);
	else
		result_check(r, "open-failed", VERDICT_PASS, CODE_NONE,
		    "OPEN+FAILED is %lld (maximum %ld)", of, th->dlq_max_open);

	if (r->verdict != VERDICT_PASS) {
		if (growth > th->dlq_max_growth)
			kv_int(&r->flip, "growthReductionToWarn",
			    growth - th->dlq_max_growth);
		if (growth > 0)
			kv_int(&r->flip, "growthReductionToPass", growth);
		if (of > th->dlq_max_open)
			kv_int(&r->flip, "openFailedReductionNeeded",
			    of - th->dlq_max_open);
	}
	result_summary(r, "DLQ growth %+lld in %ld min, OPEN %lld, FAILED %lld, "
	    "REPLAYING %lld%s%s", growth, th->window_minutes, m->open,
	    m->dlq_failed, m->replaying, dom != NULL ? ", dominant " : "",
	    dom != NULL ? dom : "");
}

void
gate_dlq_growth(struct gate_ctx *ctx, struct gate_result *r)
{
	const struct settings *s = ctx->s;
	struct queue_metrics m;
	struct core_api *api;
	struct api_error err;
	size_t shown = 0;

	if ((api = gate_ctx_api(ctx, &err)) == NULL ||
	    core_api_queue(api, s->th.window_minutes, &m, &err) != 0) {
		result_check(r, "metrics", VERDICT_ERROR, err.code, "%s",
		    err.message);
		kv_int(&r->thresholds, TH_WINDOW_MINUTES, s->th.window_minutes);
		kv_int(&r->thresholds, TH_MAX_GROWTH, s->th.dlq_max_growth);
		kv_int(&r->thresholds, TH_MAX_OPEN, s->th.dlq_max_open);
		result_summary(r, "could not read queue metrics (%s)",
		    code_name(err.code));
		return;
	}
	judge_dlq(&m, &s->th, r);
	/* Top sources: core-api sends them sorted, most first. */
	for (size_t i = 0; i < m.nsources && shown < 5; i++) {
		const struct source_count *sc = &m.by_source[i];
		struct finding *f;

		if (sc->total + sc->failed + sc->replaying == 0)
			continue;
		f = result_add_finding(r);
		kv_str(&f->fields, "kind", "dlqSource");
		kv_str(&f->fields, "source", sc->source);
		kv_str(&f->fields, "channel", sc->channel);
		kv_int(&f->fields, "open", sc->total);
		kv_int(&f->fields, "failed", sc->failed);
		kv_int(&f->fields, "replaying", sc->replaying);
		shown++;
	}
	if (m.oldest_open_at != NULL)
		kv_str(&r->metrics, "oldestOpenAt", m.oldest_open_at);
	queue_metrics_free(&m);
}
