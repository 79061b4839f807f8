/* The values of a playbook step's placeholders (see step_vars.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "config/settings.h"
#include "core/fileio.h"
#include "core/result_keys.h"
#include "core/util.h"
#include "monitor/monitor.h"
#include "monitor/step_vars.h"
#include "release/report.h"

static void
vars_init(const struct settings *s, struct step_vars *out)
{
	memset(out, 0, sizeof *out);
	out->v.batch = s->batch;
	out->v.emitter_env = s->have_emitter_env ? s->emitter_env.path : NULL;
	out->v.source = out->source;
	/* Deploy commands name the environment of the context in use, not
	 * production whatever it is (issue 23). */
	out->v.context = playbook_context_word(s->context);
}

/* OPEN or FAILED from a dominant status (REPLAYING says nothing to replay). */
static void
set_status(struct step_vars *out, const char *dominant)
{
	if (dominant != NULL && (strcmp(dominant, "OPEN") == 0 ||
	    strcmp(dominant, "FAILED") == 0))
		snprintf(out->status, sizeof out->status, "%s", dominant);
}

void
step_vars_of_snapshot(const struct mon_snapshot *snap,
    const struct settings *s, struct step_vars *out)
{
	const struct gate_result *q = snapshot_result(snap, GATE_DLQ_GROWTH,
	    NULL);
	const struct gate_result *p = snapshot_result(snap, GATE_PROCESSING,
	    NULL);
	long long best = 0;

	vars_init(s, out);
	if (q != NULL) {
		const struct kv *d = kv_get(&q->metrics, M_DOMINANT_STATUS);

		set_status(out, d != NULL && d->type == VAL_STR ? d->s : NULL);
		for (size_t i = 0; i < q->nfindings; i++) {
			const struct kvlist *f = &q->findings[i].fields;
			const struct kv *src = kv_get(f, "source");
			long long n = kv_int_or(f, "open", 0) +
			    kv_int_or(f, "failed", 0);

			if (src != NULL && src->type == VAL_STR && n > best) {
				best = n;
				snprintf(out->source, sizeof out->source, "%s",
				    src->s);
			}
		}
	}
	if (out->source[0] == '\0' && p != NULL) {
		const struct kv *t = kv_get(&p->metrics, M_TOP_FAILING_SOURCE);

		if (t != NULL && t->type == VAL_STR)
			snprintf(out->source, sizeof out->source, "%s", t->s);
	}
}

/* A gate's latest.json under the report root, or NULL. */
static json_object *
latest(const struct settings *s, enum gate_id id)
{
	char *dir = NULL, *shown = NULL, *cause = NULL, *path;
	struct buf b;
	json_object *o = NULL;

	if (report_folder(s->reports_dir, gate_def_get(id), s->batch, &dir,
	    &shown, &cause) != 0) {
		free(cause);
		return NULL;
	}
	path = xasprintf("%s/latest.json", dir);
	if (fileio_read(path, 8 << 20, &b, &cause) == 0) {
		o = json_tokener_parse(b.data);
		buf_free(&b);
	} else
		free(cause);
	free(path);
	free(dir);
	free(shown);
	return o;
}

static const char *
jstr(json_object *o, const char *a, const char *b)
{
	json_object *v;

	if (o == NULL || !json_object_object_get_ex(o, a, &o) ||
	    (b != NULL && !json_object_object_get_ex(o, b, &o)))
		return NULL;
	v = o;
	return json_object_is_type(v, json_type_string) ?
	    json_object_get_string(v) : NULL;
}

void
step_vars_of_disk(const struct settings *s, struct step_vars *out)
{
	json_object *q = latest(s, GATE_DLQ_GROWTH), *arr, *p;
	long long best = 0;

	vars_init(s, out);
	set_status(out, jstr(q, "metrics", M_DOMINANT_STATUS));
	if (q != NULL && json_object_object_get_ex(q, "findings", &arr) &&
	    json_object_is_type(arr, json_type_array))
		for (size_t i = 0; i < json_object_array_length(arr); i++) {
			json_object *f = json_object_array_get_idx(arr, i), *x;
			long long n = 0;

			if (json_object_object_get_ex(f, "open", &x))
				n += json_object_get_int64(x);
			if (json_object_object_get_ex(f, "failed", &x))
				n += json_object_get_int64(x);
			if (jstr(f, "source", NULL) != NULL && n > best) {
				best = n;
				snprintf(out->source, sizeof out->source, "%s",
				    jstr(f, "source", NULL));
			}
		}
	json_object_put(q);
	if (out->source[0] == '\0' && (p = latest(s, GATE_PROCESSING)) != NULL) {
		const char *t = jstr(p, "metrics", M_TOP_FAILING_SOURCE);

		if (t != NULL)
			snprintf(out->source, sizeof out->source, "%s", t);
		json_object_put(p);
	}
}
