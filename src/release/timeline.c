/* The timeline's events: the list its sources fill (tl_add, tl_warn and
 * the small JSON readers they share), the kind names, --since, and the
 * text and JSON renderings. The sources live in timeline_index.c (report
 * facts and the per-folder index), timeline_events.c (events of the report
 * folders) and timeline_replay.c (the replay log); timeline_build.c merges
 * them. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "core/gate_def.h"
#include "release/timeline.h"
#include "release/timeline_int.h"
#include "core/util.h"

/* Room for one more in a growing array (doubling: a year of reports). */
void *
tl_grow(void *p, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return p;
	*cap = *cap < 64 ? 64 : *cap * 2;
	return xreallocarray(p, *cap, size);
}

const char *
timeline_kind_name(enum tl_kind k)
{
	static const char *const names[TL_KIND_COUNT] = { "verdict",
	    "new-error", "dlq", "env-drift", "replay", "signoff", "status",
	    "session" };

	return k < TL_KIND_COUNT ? names[k] : "?";
}

long
timeline_parse_since(const char *s)
{
	char *end;
	long n, mult;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || n < 0 || n > 100L * 365 * 24 * 3600)
		return -1;
	switch (*end) {
	case 's': mult = 1; break;
	case 'm': mult = 60; break;
	case 'h': mult = 3600; break;
	case 'd': mult = 86400; break;
	default: return -1;
	}
	if (end[1] != '\0' || n > 100L * 365 * 86400 / mult)
		return -1;
	return n * mult;
}

void
tl_warn(struct timeline *t, const char *fmt, ...)
{
	va_list ap;

	t->warnings = xreallocarray(t->warnings, t->nwarnings + 1,
	    sizeof *t->warnings);
	va_start(ap, fmt);
	t->warnings[t->nwarnings++] = xvasprintf(fmt, ap);
	va_end(ap);
}

char *
tl_str(json_object *o, const char *key)
{
	json_object *v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) || v == NULL ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return xstrdup(json_object_get_string(v));
}

/* The array member key of o and its length; -1 when there is none. */
int
tl_array_of(json_object *o, const char *key, json_object **a, size_t *n)
{
	if (!json_object_object_get_ex(o, key, a) ||
	    !json_object_is_type(*a, json_type_array))
		return -1;
	*n = json_object_array_length(*a);
	return 0;
}

/* ISO-8601 UTC "YYYY-MM-DDTHH:MM:SSZ" to time_t; 0 when malformed. */
time_t
tl_parse_iso(const char *s)
{
	struct tm tm;
	char *end;

	if (s == NULL)
		return 0;
	memset(&tm, 0, sizeof tm);
	end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (end == NULL || (*end != 'Z' && *end != '\0' && *end != '.'))
		return 0;
	return timegm(&tm);
}

json_object *
tl_jstr(const char *s)
{
	return s != NULL ? json_object_new_string(s) : NULL;
}

struct tl_event *
tl_add(struct timeline *t, time_t at, enum tl_kind kind, const char *gate,
    const char *batch, const char *report)
{
	struct tl_event *e;

	t->ev = tl_grow(t->ev, t->n, &t->cap, sizeof *t->ev);
	e = &t->ev[t->n];
	memset(e, 0, sizeof *e);
	e->at = at;
	e->kind = kind;
	e->gate = gate != NULL ? xstrdup(gate) : NULL;
	e->batch = batch != NULL ? xstrdup(batch) : NULL;
	e->report = xstrdup(report);
	e->seq = (unsigned)t->n++;
	return e;
}

/* Whether a report's gate is the registry's gate id: the gate names live
 * in src/gates/registry.c only. */
int
tl_gate_is(const char *gate, enum gate_id id)
{
	return strcmp(gate, gate_def_get(id)->name) == 0;
}

void
tl_event_free(struct tl_event *e)
{
	free_all(e->gate, e->batch, e->from, e->to, e->text, e->report);
}

void
timeline_free(struct timeline *t)
{
	for (size_t i = 0; i < t->n; i++)
		tl_event_free(&t->ev[i]);
	free(t->ev);
	for (size_t i = 0; i < t->nwarnings; i++)
		free(t->warnings[i]);
	free(t->warnings);
	memset(t, 0, sizeof *t);
}

char *
timeline_render_text(const struct timeline *t)
{
	struct buf b = { 0 };

	for (size_t i = 0; i < t->n; i++) {
		const struct tl_event *e = &t->ev[i];
		char at[ISO_UTC_LEN];

		iso_utc(e->at, at);
		buf_addf(&b, "%s  %-9s %s\n%24s%s\n", at,
		    timeline_kind_name(e->kind), e->text, "", e->report);
	}
	if (b.data == NULL)
		buf_adds(&b, "");
	return buf_take(&b);
}

char *
timeline_render_json(const struct timeline *t, int lines)
{
	static const char *const keys[] = { "gate", "batch", "from", "to",
	    "text", "report" };
	struct buf b = { 0 };
	json_object *all = json_object_new_array();

	for (size_t i = 0; i < t->n; i++) {
		const struct tl_event *e = &t->ev[i];
		const char *const vals[] = { e->gate, e->batch, e->from, e->to,
		    e->text, e->report };
		json_object *o = json_object_new_object();
		char at[ISO_UTC_LEN];

		iso_utc(e->at, at);
		json_object_object_add(o, "at", json_object_new_string(at));
		json_object_object_add(o, "kind",
		    json_object_new_string(timeline_kind_name(e->kind)));
		for (size_t k = 0; k < nitems(keys); k++)
			json_object_object_add(o, keys[k], tl_jstr(vals[k]));
		if (lines) {
			buf_addf(&b, "%s\n", json_object_to_json_string_ext(o,
			    JSON_C_TO_STRING_PLAIN |
			    JSON_C_TO_STRING_NOSLASHESCAPE));
			json_object_put(o);
		} else
			json_object_array_add(all, o);
	}
	/* --json: one document, an array, as every other --json. */
	if (!lines)
		buf_addf(&b, "%s\n", json_object_to_json_string_ext(all,
		    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
		    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(all);
	if (b.data == NULL)
		buf_adds(&b, "");
	return buf_take(&b);
}
