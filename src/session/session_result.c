/* Gate results in a recording (session_result.h). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "session/session_result.h"

/* A number as a recording holds it: ten significant digits (what a pane
 * shows needs fewer), still read back as a double. */
json_object *
session_json_double(double d)
{
	char text[40];

	snprintf(text, sizeof text, "%.10g", d);
	if (strpbrk(text, ".eEn") == NULL)
		strcat(text, ".0");
	return json_object_new_double_s(d, text);
}

static json_object *
str_or_null(const char *s)
{
	return s != NULL ? json_object_new_string(s) : NULL;
}

static json_object *
kvlist_json(const struct kvlist *l)
{
	json_object *o = json_object_new_object();

	for (size_t i = 0; i < l->n; i++) {
		const struct kv *kv = &l->items[i];
		json_object *v = NULL;

		if (kv->type == VAL_INT)
			v = json_object_new_int64(kv->i);
		else if (kv->type == VAL_BOOL)
			v = json_object_new_boolean(kv->i != 0);
		else if (kv->type == VAL_NUM && isfinite(kv->d))
			v = session_json_double(kv->d);
		else if (kv->type == VAL_STR)
			v = str_or_null(kv->s);
		json_object_object_add(o, kv->key, v);
	}
	return o;
}

static void
kvlist_read(json_object *o, struct kvlist *l)
{
	if (o == NULL || !json_object_is_type(o, json_type_object))
		return;
	json_object_object_foreach(o, key, v) {
		switch (json_object_get_type(v)) {
		case json_type_int:
			kv_int(l, key, json_object_get_int64(v));
			break;
		case json_type_double:
			kv_num(l, key, json_object_get_double(v));
			break;
		case json_type_boolean:
			kv_bool(l, key, json_object_get_boolean(v));
			break;
		case json_type_string:
			kv_str(l, key, json_object_get_string(v));
			break;
		default:
			kv_null(l, key);
			break;
		}
	}
}

static json_object *
checks_json(const struct gate_result *r)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < r->nchecks; i++) {
		const struct check *c = &r->checks[i];
		json_object *o = json_object_new_object();

		json_object_object_add(o, "name", str_or_null(c->name));
		json_object_object_add(o, "verdict",
		    json_object_new_string(verdict_name(c->verdict)));
		json_object_object_add(o, "code", c->code == CODE_NONE ? NULL :
		    json_object_new_string(code_name(c->code)));
		json_object_object_add(o, "codeText", str_or_null(c->code_text));
		json_object_object_add(o, "detail", str_or_null(c->detail));
		json_object_array_add(a, o);
	}
	return a;
}

static json_object *
findings_json(const struct gate_result *r)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];
		json_object *o = json_object_new_object(), *s;

		json_object_object_add(o, "fields", kvlist_json(&f->fields));
		s = json_object_new_array();
		for (size_t j = 0; j < f->nsamples; j++)
			json_object_array_add(s, kvlist_json(&f->samples[j]));
		json_object_object_add(o, "samples", s);
		json_object_array_add(a, o);
	}
	return a;
}

json_object *
session_result_to_json(const struct gate_result *r, time_t frame_at)
{
	json_object *o = json_object_new_object(), *st;

	json_object_object_add(o, "gate", json_object_new_string(r->gate->name));
	json_object_object_add(o, "batch", str_or_null(r->batch));
	json_object_object_add(o, "verdict",
	    json_object_new_string(verdict_name(r->verdict)));
	json_object_object_add(o, "code", r->code == CODE_NONE ? NULL :
	    json_object_new_string(code_name(r->code)));
	json_object_object_add(o, "summary", str_or_null(r->summary));
	json_object_object_add(o, "age", json_object_new_int64(
	    (int64_t)(frame_at - r->finished.tv_sec)));
	json_object_object_add(o, "thresholds", kvlist_json(&r->thresholds));
	json_object_object_add(o, "metrics", kvlist_json(&r->metrics));
	if (r->flip.n > 0)
		json_object_object_add(o, "flip", kvlist_json(&r->flip));
	json_object_object_add(o, "checks", checks_json(r));
	if (r->nfindings > 0)
		json_object_object_add(o, "findings", findings_json(r));
	if (r->nstages > 0) {
		st = json_object_new_array();
		for (size_t i = 0; i < r->nstages; i++)
			json_object_array_add(st,
			    session_result_to_json(r->stages[i], frame_at));
		json_object_object_add(o, "stages", st);
	}
	json_object_object_add(o, "decision", str_or_null(r->decision));
	json_object_object_add(o, "batchStatus", str_or_null(r->batch_status));
	if (r->batch_status_path != NULL)
		json_object_object_add(o, "batchStatusPath",
		    json_object_new_string(r->batch_status_path));
	if (r->write_failed)
		json_object_object_add(o, "writeFailed",
		    json_object_new_boolean(1));
	json_object_object_add(o, "reportJson", str_or_null(r->report_json));
	json_object_object_add(o, "reportMd", str_or_null(r->report_md));
	if (r->insecure)
		json_object_object_add(o, "insecure", json_object_new_boolean(1));
	return o;
}

static const char *
get_str(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* The static spellings the result's const fields point at. */
static const char *
one_of(const char *s, const char *const *names)
{
	for (; s != NULL && *names != NULL; names++)
		if (strcmp(s, *names) == 0)
			return *names;
	return NULL;
}

static const char *const decisions[] = { "GO", "NO-GO", "PENDING", NULL };
static const char *const statuses[] = { "READY", "PENDING", "HOLD", NULL };

static void
checks_read(json_object *a, struct gate_result *r)
{
	size_t n = a != NULL && json_object_is_type(a, json_type_array) ?
	    json_object_array_length(a) : 0;

	r->checks = n > 0 ? xcalloc(n, sizeof *r->checks) : NULL;
	for (size_t i = 0; i < n; i++) {
		json_object *c = json_object_array_get_idx(a, i);
		struct check *k = &r->checks[r->nchecks++];
		const char *code = get_str(c, "code");

		k->name = xstrdup(get_str(c, "name") ? get_str(c, "name") : "");
		k->verdict = VERDICT_PASS;
		if (get_str(c, "verdict") != NULL)
			verdict_parse(get_str(c, "verdict"), &k->verdict);
		k->code = code != NULL ? code_parse(code) : CODE_NONE;
		k->code_text = dup_or_null(get_str(c, "codeText"));
		k->detail = dup_or_null(get_str(c, "detail"));
	}
}

static void
findings_read(json_object *a, struct gate_result *r)
{
	size_t n = a != NULL && json_object_is_type(a, json_type_array) ?
	    json_object_array_length(a) : 0;

	for (size_t i = 0; i < n; i++) {
		json_object *fo = json_object_array_get_idx(a, i), *v, *s;
		struct finding *f = result_add_finding(r);

		if (json_object_object_get_ex(fo, "fields", &v))
			kvlist_read(v, &f->fields);
		if (json_object_object_get_ex(fo, "samples", &s) &&
		    json_object_is_type(s, json_type_array))
			for (size_t j = 0; j < json_object_array_length(s); j++)
				kvlist_read(json_object_array_get_idx(s, j),
				    finding_add_sample(f));
	}
}

struct gate_result *
session_result_from_json(json_object *o, time_t frame_at, char **cause)
{
	const struct gate_def *g;
	struct gate_result *r;
	json_object *v;
	const char *code;

	if (o == NULL || !json_object_is_type(o, json_type_object) ||
	    (g = gate_def_find(get_str(o, "gate") ? get_str(o, "gate") : ""))
	    == NULL) {
		*cause = xstrdup("a recorded result names no gate");
		return NULL;
	}
	r = result_new(g, get_str(o, "batch"));
	if (get_str(o, "verdict") != NULL)
		verdict_parse(get_str(o, "verdict"), &r->verdict);
	code = get_str(o, "code");
	r->code = code != NULL ? code_parse(code) : CODE_NONE;
	r->summary = dup_or_null(get_str(o, "summary"));
	r->finished.tv_sec = frame_at - (json_object_object_get_ex(o, "age", &v)
	    ? (time_t)json_object_get_int64(v) : 0);
	r->finished.tv_nsec = 0;
	r->started = r->finished;
	json_object_object_get_ex(o, "thresholds", &v);
	kvlist_read(v, &r->thresholds);
	v = NULL;
	json_object_object_get_ex(o, "metrics", &v);
	kvlist_read(v, &r->metrics);
	v = NULL;
	json_object_object_get_ex(o, "flip", &v);
	kvlist_read(v, &r->flip);
	v = NULL;
	json_object_object_get_ex(o, "checks", &v);
	checks_read(v, r);
	v = NULL;
	json_object_object_get_ex(o, "findings", &v);
	findings_read(v, r);
	if (json_object_object_get_ex(o, "stages", &v) &&
	    json_object_is_type(v, json_type_array))
		for (size_t i = 0; i < json_object_array_length(v); i++) {
			struct gate_result *st = session_result_from_json(
			    json_object_array_get_idx(v, i), frame_at, cause);

			if (st == NULL) {
				result_free(r);
				return NULL;
			}
			result_add_stage(r, st);
		}
	r->decision = one_of(get_str(o, "decision"), decisions);
	r->batch_status = one_of(get_str(o, "batchStatus"), statuses);
	r->batch_status_path = dup_or_null(get_str(o, "batchStatusPath"));
	r->write_failed = json_object_object_get_ex(o, "writeFailed", &v) &&
	    json_object_get_boolean(v);
	r->report_json = dup_or_null(get_str(o, "reportJson"));
	r->report_md = dup_or_null(get_str(o, "reportMd"));
	r->insecure = json_object_object_get_ex(o, "insecure", &v) &&
	    json_object_get_boolean(v);
	return r;
}
