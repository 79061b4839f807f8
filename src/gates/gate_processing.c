/* F-03 processing: the success rate in the window against the thresholds,
 * with the failing source/channel and the error messages behind it. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clients/core_api.h"
#include "clients/ops_db.h"
#include "gates/gate.h"
#include "core/util.h"

/* Rates are compared with a little slack so that 990/1000 is exactly 0.99. */
#define RATE_EPS 1e-12

/* The largest count core-api may send (SPEC section 3: 2^53 - 1). */
#define COUNT_MAX 9007199254740991LL

/* Whether succeeded/total passes th as judge_rate() sees it. */
static int
reaches(long long succeeded, long long total, double th)
{
	return (double)succeeded / (double)total + RATE_EPS >= th;
}

/*
 * Consecutive successes that lift succeeded/total to at least th, in closed
 * form: (s + k) / (t + k) >= th' (th' = th less the judge's slack) holds from
 * k = (th' t - s) / (1 - th') on, computed in long double. A few steps either
 * way then settle on the least k that the judge's own comparison accepts
 * (float rounding moves it by at most one at any count core-api can send);
 * no loop depends on the counts. -1 when no count of successes reaches th
 * (a line of 100% with failures, or more than COUNT_MAX needed): never
 * negative.
 */
static long long
successes_needed(long long succeeded, long long total, double th)
{
	long double need = (long double)th - RATE_EPS, k0;
	long long k;

	if (reaches(succeeded, total, th))
		return 0;
	/* The judge's slack absorbs rounding, not failures: 100% is out of
	 * reach of a rate that has any. */
	if (th >= 1.0)
		return -1;
	k0 = ceill((need * (long double)total - (long double)succeeded) /
	    (1.0L - need));
	if (!(k0 <= (long double)COUNT_MAX))
		return -1;
	k = k0 < 1.0L ? 1 : (long long)k0;
	for (int i = 0; i < 4 && !reaches(succeeded + k, total + k, th); i++)
		k++;
	for (int i = 0; i < 4 && k > 1 &&
	    reaches(succeeded + k - 1, total + k - 1, th); i++)
		k--;
	return k;
}

/* A flip count, or null when none reaches the line. */
static void
flip_count(struct gate_result *r, const char *key, long long n)
{
	if (n < 0)
		kv_null(&r->flip, key);
	else
		kv_int(&r->flip, key, n);
}

static void
judge_rate(const struct processing_metrics *m, const struct thresholds *th,
    struct gate_result *r)
{
	long long total = m->succeeded + m->failed;
	double rate = total > 0 ? (double)m->succeeded / (double)total : 0;

	kv_int(&r->thresholds, TH_WINDOW_MINUTES, th->window_minutes);
	kv_num(&r->thresholds, TH_MIN_SUCCESS_RATE, th->min_success_rate);
	kv_num(&r->thresholds, TH_WARN_SUCCESS_RATE, th->warn_success_rate);
	kv_int(&r->thresholds, TH_MIN_SAMPLE, th->min_sample);
	kv_int(&r->metrics, M_TOTAL, total);
	kv_int(&r->metrics, "succeeded", m->succeeded);
	kv_int(&r->metrics, M_FAILED, m->failed);
	if (total > 0)
		kv_num(&r->metrics, M_SUCCESS_RATE, rate);
	else
		kv_null(&r->metrics, M_SUCCESS_RATE);

	if (total < th->min_sample) {
		result_check(r, "sample", VERDICT_INCONCLUSIVE,
		    CODE_PROCESSING_INSUFFICIENT_SAMPLE, "%lld processed events "
		    "in %ld min, fewer than the minimum sample of %ld", total,
		    th->window_minutes, th->min_sample);
		kv_int(&r->flip, "eventsNeeded", th->min_sample - total);
		result_summary(r, "only %lld processed events (minimum %ld): "
		    "not enough to judge", total, th->min_sample);
		return;
	}
	result_check(r, "sample", VERDICT_PASS, CODE_NONE,
	    "%lld processed events (minimum %ld)", total, th->min_sample);
	if (rate + RATE_EPS < th->min_success_rate) {
		result_check(r, "success-rate", VERDICT_FAIL,
		    CODE_PROCESSING_SUCCESS_RATE_LOW, "%.2f%% is below the "
		    "minimum %.2f%%", rate * 100, th->min_success_rate * 100);
		kv_str(&r->flip, "to", "WARN");
		flip_count(r, "consecutiveSuccessesToMin",
		    successes_needed(m->succeeded, total, th->min_success_rate));
		flip_count(r, "consecutiveSuccessesToPass",
		    successes_needed(m->succeeded, total, th->warn_success_rate));
	} else if (rate + RATE_EPS < th->warn_success_rate) {
		result_check(r, "success-rate", VERDICT_WARN,
		    CODE_PROCESSING_SUCCESS_RATE_LOW, "%.2f%% is at or above the "
		    "minimum %.2f%% but below the warning line %.2f%%",
		    rate * 100, th->min_success_rate * 100,
		    th->warn_success_rate * 100);
		kv_str(&r->flip, "to", "PASS");
		flip_count(r, "consecutiveSuccessesToPass",
		    successes_needed(m->succeeded, total, th->warn_success_rate));
	} else
		result_check(r, "success-rate", VERDICT_PASS, CODE_NONE,
		    "%.2f%% is at or above %.2f%%", rate * 100,
		    th->warn_success_rate * 100);
	result_summary(r, "success rate %.2f%% over %lld events (min %.2f%%, "
	    "warn %.2f%%)", rate * 100, total, th->min_success_rate * 100,
	    th->warn_success_rate * 100);
}

void
judge_processing(const struct processing_metrics *m, const struct thresholds *th,
    struct gate_result *r)
{
	/* The details go into reports: 99.00%, never 99,00%. */
	locale_t old = numeric_locale_enter();

	judge_rate(m, th, r);
	numeric_locale_leave(old);
}

/* The source/channel with the most failures, from the metrics. */
static void
add_top_source(const struct processing_metrics *m, struct gate_result *r)
{
	const struct source_count *top = NULL;

	for (size_t i = 0; i < m->nsources; i++)
		if (m->by_source[i].failed > 0 &&
		    (top == NULL || m->by_source[i].failed > top->failed))
			top = &m->by_source[i];
	if (top == NULL) {
		kv_null(&r->metrics, M_TOP_FAILING_SOURCE);
		kv_null(&r->metrics, M_TOP_FAILING_CHANNEL);
		return;
	}
	kv_str(&r->metrics, M_TOP_FAILING_SOURCE, top->source);
	kv_str(&r->metrics, M_TOP_FAILING_CHANNEL, top->channel);
	for (size_t i = 0; i < m->nsources; i++) {
		const struct source_count *sc = &m->by_source[i];
		struct finding *f;

		if (sc->failed == 0)
			continue;
		f = result_add_finding(r);
		kv_str(&f->fields, "kind", "failingSource");
		kv_str(&f->fields, "source", sc->source);
		kv_str(&f->fields, "channel", sc->channel);
		kv_int(&f->fields, "failed", sc->failed);
		kv_int(&f->fields, "total", sc->total);
		kv_bool(&f->fields, "top", sc == top);
	}
}

/* Runbook 7.4: correlate with ingest_event_log.error_message in ops_db. */
static void
add_error_messages(struct gate_ctx *ctx, const struct processing_metrics *m,
    struct gate_result *r)
{
	const struct settings *s = ctx->s;
	struct ops_db *db;
	struct error_count *errs = NULL;
	struct source_count *where = NULL;
	size_t n = 0;
	char *cause = NULL;

	if (m->failed == 0) {
		result_check(r, "error-messages", VERDICT_SKIPPED, CODE_NONE,
		    "no failures to correlate");
		return;
	}
	db = gate_ctx_db(ctx, &cause);
	if (db == NULL || ops_db_failure_messages(db, s->th.window_minutes,
	    s->batch, 5, &errs, &where, &n, &cause) != 0) {
		/*
		 * The correlation is advice, not evidence: the verdict comes
		 * from rate and sample alone (SPEC section 3), so an ops_db
		 * outage skips this check, names its code, and shows what
		 * core-api reported instead.
		 */
		result_check(r, "error-messages", VERDICT_SKIPPED, CODE_NONE,
		    "cannot correlate failures with ingest_event_log (%s); "
		    "showing core-api's topErrors instead", cause);
		r->checks[r->nchecks - 1].code = CODE_OPS_DB_UNREACHABLE;
		free(cause);
		gate_ctx_db_reset(ctx);
		for (size_t i = 0; i < m->nerrors && i < 5; i++) {
			struct finding *f = result_add_finding(r);

			kv_str(&f->fields, "kind", "topError");
			kv_str(&f->fields, "errorCode", m->top_errors[i].error_code);
			kv_str(&f->fields, "errorMessage",
			    m->top_errors[i].error_message);
			kv_int(&f->fields, "count", m->top_errors[i].count);
		}
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct finding *f = result_add_finding(r);

		kv_str(&f->fields, "kind", "topError");
		kv_str(&f->fields, "source", where[i].source);
		kv_str(&f->fields, "channel", where[i].channel);
		kv_str(&f->fields, "errorCode", errs[i].error_code);
		kv_str(&f->fields, "errorMessage", errs[i].error_message);
		kv_int(&f->fields, "count", errs[i].count);
		free(where[i].source);
		free(where[i].channel);
		free(errs[i].error_code);
		free(errs[i].error_message);
	}
	result_check(r, "error-messages", VERDICT_PASS, CODE_NONE,
	    "%zu distinct failure messages correlated from ingest_event_log", n);
	free(errs);
	free(where);
}

void
gate_processing(struct gate_ctx *ctx, struct gate_result *r)
{
	const struct settings *s = ctx->s;
	struct processing_metrics m;
	struct core_api *api;
	struct api_error err;

	if ((api = gate_ctx_api(ctx, &err)) == NULL ||
	    core_api_processing(api, s->th.window_minutes, s->batch, &m,
	    &err) != 0) {
		result_check(r, "metrics", VERDICT_ERROR, err.code, "%s",
		    err.message);
		goto fail;
	}
	judge_processing(&m, &s->th, r);
	add_top_source(&m, r);
	if (r->verdict != VERDICT_PASS || m.failed > 0)
		add_error_messages(ctx, &m, r);
	processing_metrics_free(&m);
	return;
fail:
	kv_int(&r->thresholds, TH_WINDOW_MINUTES, s->th.window_minutes);
	kv_num(&r->thresholds, TH_MIN_SUCCESS_RATE, s->th.min_success_rate);
	kv_num(&r->thresholds, TH_WARN_SUCCESS_RATE, s->th.warn_success_rate);
	kv_int(&r->thresholds, TH_MIN_SAMPLE, s->th.min_sample);
	result_summary(r, "could not read processing metrics (%s)",
	    code_name(r->code));
}
