/* JSON (json-c) to snapshot structs. json_object never leaves this file;
 * every string taken from a body is sanitised here. */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "clients/core_api_map.h"
#include "core/json_read.h"
#include "core/sanitize.h"
#include "core/util.h"

#define MAX_TEXT 512
#define MAX_ROWS 50

static json_object *
parse(const char *body, size_t len, char **cause)
{
	json_object *o;
	char *why = NULL;

	if (json_read(body, len, &o, &why) != 0) {
		*cause = xasprintf("response is not JSON (%s)", why);
		free(why);
		return NULL;
	}
	if (!json_object_is_type(o, json_type_object)) {
		*cause = xstrdup("response is not a JSON object");
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *
member(json_object *o, const char *key)
{
	json_object *v = NULL;

	if (o == NULL || !json_object_is_type(o, json_type_object))
		return NULL;
	if (!json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

/* The largest count a JSON number holds exactly (SPEC section 3). */
#define COUNT_MAX 9007199254740991LL	/* 2^53 - 1 */

/*
 * A count: a whole number from 0 to COUNT_MAX, named where (a path such as
 * "dlq.byStatus.OPEN") in *cause when it is anything else. json-c keeps a
 * number past INT64_MAX as UINT64_MAX, and json_object_get_int64() then
 * answers INT64_MAX without a word: the unsigned read sees the clamped
 * value, which is past COUNT_MAX like the number it stands for.
 */
static int
get_count(json_object *o, const char *where, const char *key, long long *out,
    char **cause)
{
	json_object *v = member(o, key);
	const char *what;

	if (v == NULL)
		what = "missing";
	else if (json_object_is_type(v, json_type_int)) {
		if (json_object_get_int64(v) < 0)
			what = "negative";
		else if (json_object_get_uint64(v) > (uint64_t)COUNT_MAX)
			what = "larger than 2^53-1 (9007199254740991)";
		else {
			*out = (long long)json_object_get_uint64(v);
			return 0;
		}
	} else if (json_object_is_type(v, json_type_double)) {
		double d = json_object_get_double(v);

		if (!isfinite(d) || floor(d) != d)
			what = "not a whole number";
		else if (d < 0)
			what = "negative";
		else if (d > (double)COUNT_MAX)
			what = "larger than 2^53-1 (9007199254740991)";
		else {
			*out = (long long)d;
			return 0;
		}
	} else
		what = json_object_is_type(v, json_type_string) ?
		    "a string, not a number" : "not a number";
	*cause = xasprintf("field '%s%s' is %s", where, key, what);
	return -1;
}

/* A sanitised copy of a string member, or NULL when absent or null. */
static char *
get_text(json_object *o, const char *key)
{
	json_object *v = member(o, key);

	if (v == NULL || !json_object_is_type(v, json_type_string))
		return NULL;
	return sanitize_text(json_object_get_string(v), MAX_TEXT);
}

static int
get_bool(json_object *o, const char *key)
{
	json_object *v = member(o, key);

	if (v == NULL || !json_object_is_type(v, json_type_boolean))
		return -1;
	return json_object_get_boolean(v) ? 1 : 0;
}

/* n digits at s as a number; -1 when any is not a digit. */
static int
digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int
days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* RFC 3339's date-time: "YYYY-MM-DDTHH:MM:SS", an optional fraction, then Z
 * or an offset +HH:MM / -HH:MM: a zone is required, never guessed. */
int
parse_iso8601(const char *s, time_t *out)
{
	struct tm tm;
	const char *p;
	int y, mo, d, h, mi, sec, off = 0;

	if (s == NULL || strlen(s) < 20 || s[4] != '-' || s[7] != '-' ||
	    (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':')
		return -1;
	y = digits(s, 4);
	mo = digits(s + 5, 2);
	d = digits(s + 8, 2);
	h = digits(s + 11, 2);
	mi = digits(s + 14, 2);
	sec = digits(s + 17, 2);
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
	    h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60)
		return -1;
	p = s + 19;
	if (*p == '.') {
		if (p[1] < '0' || p[1] > '9')
			return -1;
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	}
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
		off = 0;
	else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
		int oh = digits(p + 1, 2), om = digits(p + 4, 2);

		if (oh < 0 || oh > 23 || om < 0 || om > 59)
			return -1;
		off = (oh * 60 + om) * 60 * (*p == '-' ? -1 : 1);
	} else
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*out = timegm(&tm) - off;
	return 0;
}

int
map_runtime(const char *body, size_t len, struct runtime_info *out,
    char **cause)
{
	json_object *o = parse(body, len, cause), *flags;
	char *started;

	memset(out, 0, sizeof *out);
	if (o == NULL)
		return -1;
	out->version = get_text(o, "version");
	/* A time without a zone is not one: which zone would it be in? */
	started = get_text(o, "startedAt");
	if (started != NULL && parse_iso8601(started, &out->started_at) == 0)
		out->have_started_at = 1;
	else if (member(o, "startedAt") != NULL) {
		out->have_started_at = -1;
		out->started_at_text = started != NULL ? started :
		    xstrdup("(not a string)");
		started = NULL;
	}
	free(started);
	flags = member(o, "flags");
	if (flags == NULL || !json_object_is_type(flags, json_type_object)) {
		*cause = xstrdup("field 'flags' is missing");
		json_object_put(o);
		runtime_info_free(out);
		return -1;
	}
	out->flag_queue = get_bool(flags, "INGEST_QUEUE_ENABLED");
	out->flag_webhook = get_bool(flags, "INGEST_WEBHOOK_ENABLED");
	out->flag_replay = get_bool(flags, "INGEST_REPLAY_ENABLED");
	{
		char *st = get_text(member(o, "redis"), "status");

		out->redis_up = st == NULL ? -1 : strcmp(st, "up") == 0;
		free(st);
	}
	json_object_put(o);
	return 0;
}

static json_object *
get_array(json_object *o, const char *key)
{
	json_object *v = member(o, key);

	if (v == NULL || !json_object_is_type(v, json_type_array))
		return NULL;
	return v;
}

/* A bySource array (at path where): each entry's source, channel and up to
 * three counts (into total, failed, replaying). Fills *out and *n even on
 * failure, for the caller's free. */
static int
map_sources(json_object *a, const char *where, const char *k1, const char *k2,
    const char *k3, struct source_count **out, size_t *n, char **cause)
{
	size_t len;
	char at[64];

	if (a == NULL)
		return 0;
	len = json_object_array_length(a);
	if (len > MAX_ROWS)
		len = MAX_ROWS;
	*out = xcalloc(len, sizeof **out);
	for (size_t i = 0; i < len; i++) {
		json_object *e = json_object_array_get_idx(a, i);
		struct source_count *s = &(*out)[*n];

		snprintf(at, sizeof at, "%s[%zu].", where, i);
		if ((s->source = get_text(e, "source")) == NULL) {
			*cause = xstrdup("bySource entry without source");
			return -1;
		}
		if (get_count(e, at, k1, &s->total, cause) != 0 ||
		    get_count(e, at, k2, &s->failed, cause) != 0 ||
		    (k3 != NULL && get_count(e, at, k3, &s->replaying,
		    cause) != 0)) {
			free(s->source);
			s->source = NULL;
			return -1;
		}
		s->channel = get_text(e, "channel");
		if (s->channel == NULL)
			s->channel = xstrdup("");
		(*n)++;
	}
	return 0;
}

int
map_processing(const char *body, size_t len, struct processing_metrics *out,
    char **cause)
{
	json_object *o = parse(body, len, cause), *a, *rate;
	size_t n;

	memset(out, 0, sizeof *out);
	if (o == NULL)
		return -1;
	/* The window the figures cover: the gate compares it with the one
	 * asked; absent is told apart from any number. */
	out->window_minutes = -1;
	if (member(o, "windowMinutes") != NULL &&
	    get_count(o, "", "windowMinutes", &out->window_minutes, cause) != 0)
		goto fail;
	/* Each count is bounded first: the sum below cannot overflow. */
	if (get_count(o, "", "total", &out->total, cause) != 0 ||
	    get_count(o, "", "succeeded", &out->succeeded, cause) != 0 ||
	    get_count(o, "", "failed", &out->failed, cause) != 0)
		goto fail;
	if (out->succeeded + out->failed != out->total) {
		*cause = xasprintf("total (%lld) is not succeeded + failed (%lld)",
		    out->total, out->succeeded + out->failed);
		goto fail;
	}
	rate = member(o, "successRate");
	if (rate != NULL && (json_object_is_type(rate, json_type_double) ||
	    json_object_is_type(rate, json_type_int))) {
		out->success_rate = json_object_get_double(rate);
		out->have_rate = isfinite(out->success_rate) &&
		    out->success_rate >= 0 && out->success_rate <= 1;
	}
	if (map_sources(get_array(o, "bySource"), "bySource", "total",
	    "failed", NULL, &out->by_source, &out->nsources, cause) != 0)
		goto fail;
	if ((a = get_array(o, "topErrors")) != NULL) {
		n = json_object_array_length(a);
		if (n > MAX_ROWS)
			n = MAX_ROWS;
		out->top_errors = xcalloc(n, sizeof *out->top_errors);
		for (size_t i = 0; i < n; i++) {
			json_object *e = json_object_array_get_idx(a, i);
			struct error_count *ec = &out->top_errors[out->nerrors];

			char at[64];

			snprintf(at, sizeof at, "topErrors[%zu].", i);
			if (get_count(e, at, "count", &ec->count, cause) != 0)
				goto fail;
			ec->error_code = get_text(e, "errorCode");
			ec->error_message = get_text(e, "errorMessage");
			if (ec->error_message == NULL)
				ec->error_message = xstrdup("");
			out->nerrors++;
		}
	}
	json_object_put(o);
	return 0;
fail:
	json_object_put(o);
	processing_metrics_free(out);
	return -1;
}

int
map_queue(const char *body, size_t len, struct queue_metrics *out, char **cause)
{
	json_object *o = parse(body, len, cause), *q, *d, *bs;

	memset(out, 0, sizeof *out);
	if (o == NULL)
		return -1;
	q = member(o, "queue");
	d = member(o, "dlq");
	bs = member(d, "byStatus");
	if (q == NULL || d == NULL || bs == NULL) {
		*cause = xstrdup("fields 'queue', 'dlq' or 'dlq.byStatus' missing");
		goto fail;
	}
	/* The window the figures cover, as F-03's: absent is -1. */
	out->window_minutes = -1;
	if ((member(o, "windowMinutes") != NULL && get_count(o, "",
	    "windowMinutes", &out->window_minutes, cause) != 0) ||
	    get_count(q, "queue.", "waiting", &out->waiting, cause) != 0 ||
	    get_count(q, "queue.", "active", &out->active, cause) != 0 ||
	    get_count(q, "queue.", "delayed", &out->delayed, cause) != 0 ||
	    get_count(q, "queue.", "failed", &out->failed, cause) != 0 ||
	    get_count(bs, "dlq.byStatus.", "OPEN", &out->open, cause) != 0 ||
	    get_count(bs, "dlq.byStatus.", "FAILED", &out->dlq_failed,
	    cause) != 0 ||
	    get_count(bs, "dlq.byStatus.", "REPLAYING", &out->replaying,
	    cause) != 0 ||
	    get_count(bs, "dlq.byStatus.", "RESOLVED", &out->resolved,
	    cause) != 0 ||
	    get_count(d, "dlq.", "createdInWindow", &out->created_in_window,
	    cause) != 0 ||
	    get_count(d, "dlq.", "resolvedInWindow", &out->resolved_in_window,
	    cause) != 0)
		goto fail;
	out->queue_name = get_text(q, "name");
	out->oldest_open_at = get_text(d, "oldestOpenAt");
	if (map_sources(get_array(d, "bySource"), "dlq.bySource", "open",
	    "failed", "replaying",
	    &out->by_source, &out->nsources, cause) != 0)
		goto fail;
	json_object_put(o);
	return 0;
fail:
	json_object_put(o);
	queue_metrics_free(out);
	return -1;
}

int
map_signature(const char *body, size_t len, int *valid, char **cause)
{
	json_object *o = parse(body, len, cause);

	if (o == NULL)
		return -1;
	*valid = get_bool(o, "valid");
	json_object_put(o);
	if (*valid == -1) {
		*cause = xstrdup("field 'valid' is missing");
		return -1;
	}
	return 0;
}

/* "ids": the ids a replay moved (SPEC section 12). Absent is allowed (an
 * older core-api: the caller sees nids 0); present, it must be an array of
 * positive whole numbers. */
static int
map_ids(json_object *a, struct replay_counts *out, char **cause)
{
	size_t n;

	if (a == NULL)
		return 0;
	if (!json_object_is_type(a, json_type_array)) {
		*cause = xstrdup("field 'ids' is not an array");
		return -1;
	}
	n = json_object_array_length(a);
	out->ids = n > 0 ? xcalloc(n, sizeof *out->ids) : NULL;
	for (size_t i = 0; i < n; i++) {
		json_object *v = json_object_array_get_idx(a, i);
		long long id;

		/* Past INT64_MAX json-c clamps: the unsigned read tells. */
		if (!json_object_is_type(v, json_type_int) ||
		    (id = json_object_get_int64(v)) <= 0 ||
		    json_object_get_uint64(v) > (uint64_t)INT64_MAX) {
			*cause = xasprintf("field 'ids' holds a value that is "
			    "not a positive whole number (item %zu)", i);
			free(out->ids);
			out->ids = NULL;
			return -1;
		}
		out->ids[out->nids++] = id;
	}
	return 0;
}

int
map_replay(const char *body, size_t len, struct replay_counts *out,
    char **cause)
{
	json_object *o = parse(body, len, cause);
	int r = 0;

	if (o == NULL)
		return -1;
	out->ids = NULL;
	out->nids = 0;
	if (get_count(o, "", "selected", &out->selected, cause) != 0 ||
	    get_count(o, "", "replaying", &out->replaying, cause) != 0 ||
	    map_ids(member(o, "ids"), out, cause) != 0)
		r = -1;
	json_object_put(o);
	return r;
}

int
map_error(const char *body, size_t len, enum code *code, char **code_text,
    char **message)
{
	char *cause = NULL;
	json_object *o = parse(body, len, &cause), *e;

	*code = CODE_NONE;
	*code_text = *message = NULL;
	free(cause);
	if (o == NULL)
		return -1;
	e = member(o, "error");
	*code_text = get_text(e, "code");
	*message = get_text(e, "message");
	json_object_put(o);
	if (*code_text == NULL) {
		free(*message);
		*message = NULL;
		return -1;
	}
	*code = code_parse(*code_text);
	return 0;
}
