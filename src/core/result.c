/* Building and freeing gate results. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/result.h"
#include "core/util.h"

static struct kv *
kv_push(struct kvlist *l, const char *key, enum value_type t)
{
	struct kv *kv;

	l->items = xreallocarray(l->items, l->n + 1, sizeof *l->items);
	kv = &l->items[l->n++];
	memset(kv, 0, sizeof *kv);
	kv->key = xstrdup(key);
	kv->type = t;
	return kv;
}

void
kv_int(struct kvlist *l, const char *key, long long v)
{
	kv_push(l, key, VAL_INT)->i = v;
}

void
kv_num(struct kvlist *l, const char *key, double v)
{
	kv_push(l, key, VAL_NUM)->d = v;
}

void
kv_str(struct kvlist *l, const char *key, const char *v)
{
	if (v == NULL)
		kv_null(l, key);
	else
		kv_push(l, key, VAL_STR)->s = xstrdup(v);
}

void
kv_bool(struct kvlist *l, const char *key, int v)
{
	kv_push(l, key, VAL_BOOL)->i = v != 0;
}

void
kv_null(struct kvlist *l, const char *key)
{
	kv_push(l, key, VAL_NULL);
}

#define X(sym, key) const char sym[] = key;
THRESHOLD_KEYS(X)
METRIC_KEYS(X)
#undef X

long long
kv_int_or(const struct kvlist *l, const char *key, long long dflt)
{
	const struct kv *kv = l != NULL ? kv_get(l, key) : NULL;

	return kv != NULL && kv->type == VAL_INT ? kv->i : dflt;
}

double
kv_num_or(const struct kvlist *l, const char *key, double dflt)
{
	const struct kv *kv = l != NULL ? kv_get(l, key) : NULL;

	if (kv != NULL && kv->type == VAL_NUM)
		return kv->d;
	return kv != NULL && kv->type == VAL_INT ? (double)kv->i : dflt;
}

const struct kv *
kv_get(const struct kvlist *l, const char *key)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].key, key) == 0)
			return &l->items[i];
	return NULL;
}

void
kvlist_free(struct kvlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].key);
		free(l->items[i].s);
	}
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

struct gate_result *
result_new(const struct gate_def *g, const char *batch)
{
	struct gate_result *r = xcalloc(1, sizeof *r);

	r->gate = g;
	r->batch = batch != NULL ? xstrdup(batch) : NULL;
	r->verdict = VERDICT_PASS;
	r->code = CODE_NONE;
	clock_gettime(CLOCK_REALTIME, &r->started);
	return r;
}

void
result_free(struct gate_result *r)
{
	if (r == NULL)
		return;
	free(r->batch);
	free(r->summary);
	kvlist_free(&r->thresholds);
	kvlist_free(&r->metrics);
	kvlist_free(&r->flip);
	for (size_t i = 0; i < r->nchecks; i++) {
		free(r->checks[i].name);
		free(r->checks[i].detail);
		free(r->checks[i].code_text);
	}
	free(r->checks);
	for (size_t i = 0; i < r->nfindings; i++) {
		kvlist_free(&r->findings[i].fields);
		for (size_t j = 0; j < r->findings[i].nsamples; j++)
			kvlist_free(&r->findings[i].samples[j]);
		free(r->findings[i].samples);
	}
	free(r->findings);
	for (size_t i = 0; i < r->nstages; i++)
		result_free(r->stages[i]);
	free(r->stages);
	free(r->report_json);
	free(r->report_md);
	free(r->batch_status_path);
	free(r);
}

/* A PASS result has no code; anything worse keeps the first worst code. */
static void
fold(struct gate_result *r, enum verdict v, enum code c)
{
	if (v == VERDICT_SKIPPED || v == VERDICT_PASS)
		return;
	if (v < r->verdict) {
		r->verdict = v;
		r->code = c;
	}
}

void
result_check(struct gate_result *r, const char *name, enum verdict v,
    enum code c, const char *fmt, ...)
{
	struct check *ck;
	va_list ap;

	r->checks = xreallocarray(r->checks, r->nchecks + 1, sizeof *r->checks);
	ck = &r->checks[r->nchecks++];
	memset(ck, 0, sizeof *ck);
	ck->name = xstrdup(name);
	ck->verdict = v;
	ck->code = v == VERDICT_PASS || v == VERDICT_SKIPPED ? CODE_NONE : c;
	va_start(ap, fmt);
	ck->detail = xvasprintf(fmt, ap);
	va_end(ap);
	fold(r, v, ck->code);
}

void
result_check_code_text(struct gate_result *r, const char *text)
{
	struct check *ck = &r->checks[r->nchecks - 1];

	free(ck->code_text);
	ck->code_text = xstrdup(text);
}

const char *
check_code(const struct check *c)
{
	if (c->code_text != NULL)
		return c->code_text;
	return code_name(c->code);
}

void
result_set(struct gate_result *r, enum verdict v, enum code c)
{
	r->verdict = v;
	r->code = v == VERDICT_PASS || v == VERDICT_SKIPPED ? CODE_NONE : c;
}

void
result_summary(struct gate_result *r, const char *fmt, ...)
{
	va_list ap;

	free(r->summary);
	va_start(ap, fmt);
	r->summary = xvasprintf(fmt, ap);
	va_end(ap);
}

struct finding *
result_add_finding(struct gate_result *r)
{
	struct finding *f;

	r->findings = xreallocarray(r->findings, r->nfindings + 1,
	    sizeof *r->findings);
	f = &r->findings[r->nfindings++];
	memset(f, 0, sizeof *f);
	return f;
}

struct kvlist *
finding_add_sample(struct finding *f)
{
	struct kvlist *l;

	f->samples = xreallocarray(f->samples, f->nsamples + 1,
	    sizeof *f->samples);
	l = &f->samples[f->nsamples++];
	memset(l, 0, sizeof *l);
	return l;
}

void
result_add_stage(struct gate_result *r, struct gate_result *stage)
{
	r->stages = xreallocarray(r->stages, r->nstages + 1, sizeof *r->stages);
	r->stages[r->nstages++] = stage;
}

void
result_finish(struct gate_result *r)
{
	clock_gettime(CLOCK_REALTIME, &r->finished);
}

long
result_duration_ms(const struct gate_result *r)
{
	long long ms = (long long)(r->finished.tv_sec - r->started.tv_sec) * 1000 +
	    (r->finished.tv_nsec - r->started.tv_nsec) / 1000000;

	return ms < 0 ? 0 : (long)ms;
}
