/* Building the timeline: per-folder indexes of report facts, then one pass
 * per source (gate folders, evidence folders, batch status history,
 * sign-offs, the replay log) that turns facts into events, then one sort. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/fileio.h"
#include "release/integrity.h"
#include "release/report.h"
#include "release/signoff.h"
#include "release/timeline.h"
#include "core/util.h"

#define TL_MAX_FILE (64u * 1024 * 1024)

/* The F-00 keys whose change is drift: fingerprints (metric -> env key)
 * and flags. Values stay in the index, never in an event. */
static const struct {
	const char *metric;
	const char *key;
} fp_keys[] = {
	{ "adminTokenFingerprint", "CORE_API_ADMIN_TOKEN" },
	{ "serviceTokenFingerprint", "INGEST_SERVICE_TOKEN" },
	{ "serviceSecretFingerprint", "INGEST_SERVICE_SECRET" },
};
static const char *const flag_keys[] = { "INGEST_QUEUE_ENABLED",
	"INGEST_WEBHOOK_ENABLED", "INGEST_REPLAY_ENABLED",
	"WEB_EMIT_BOOKING_EVENT_ENABLED" };
#define ENV_FACTS (3 + 4)

/* What the timeline needs from one report. */
struct fact {
	char *file;
	time_t at;
	char *gate, *id, *batch, *verdict, *code, *decision, *status;
	char *env[ENV_FACTS];	/* F-00: fingerprints then flags; NULL unset */
	char **errors;		/* F-03 top error messages */
	size_t nerrors;
	int has_growth;
	long long growth, max_growth;
	char *bad;		/* why the report could not be read */
	int seen;		/* found in the folder on this run */
};

/* A struct's string members by JSON key, in the order they are written. */
struct str_member {
	const char *key;
	size_t off;
};

/* A fact's strings as its index line names them. */
static const struct str_member fact_strs[] = {
	{ "gate", offsetof(struct fact, gate) },
	{ "id", offsetof(struct fact, id) },
	{ "batch", offsetof(struct fact, batch) },
	{ "verdict", offsetof(struct fact, verdict) },
	{ "code", offsetof(struct fact, code) },
	{ "decision", offsetof(struct fact, decision) },
	{ "status", offsetof(struct fact, status) },
};

static char **
member(void *base, const struct str_member *m)
{
	return (char **)(void *)((char *)base + m->off);
}

static const char *
member_get(const void *base, const struct str_member *m)
{
	return *(char *const *)(const void *)((const char *)base + m->off);
}

struct folder {
	char *dir;		/* on disk */
	char *shown;		/* as paths are shown */
	struct fact *f;
	size_t n, cap;
};

/* Room for one more in a growing array (doubling: a year of reports). */
static void *
grow(void *p, size_t n, size_t *cap, size_t size)
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
	    "new-error", "dlq", "env-drift", "replay", "signoff", "status" };

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

static void
fact_free(struct fact *f)
{
	free_all(f->file, f->gate, f->id, f->batch, f->verdict, f->code,
	    f->decision, f->status, f->bad);
	for (int i = 0; i < ENV_FACTS; i++)
		free(f->env[i]);
	for (size_t i = 0; i < f->nerrors; i++)
		free(f->errors[i]);
	free(f->errors);
}

static void
warn(struct timeline *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
warn(struct timeline *t, const char *fmt, ...)
{
	va_list ap;

	t->warnings = xreallocarray(t->warnings, t->nwarnings + 1,
	    sizeof *t->warnings);
	va_start(ap, fmt);
	t->warnings[t->nwarnings++] = xvasprintf(fmt, ap);
	va_end(ap);
}

static char *
str_or_null(json_object *o, const char *key)
{
	json_object *v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) || v == NULL ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return xstrdup(json_object_get_string(v));
}

/* The array member key of o and its length; -1 when there is none. */
static int
array_of(json_object *o, const char *key, json_object **a, size_t *n)
{
	if (!json_object_object_get_ex(o, key, a) ||
	    !json_object_is_type(*a, json_type_array))
		return -1;
	*n = json_object_array_length(*a);
	return 0;
}

/* ISO-8601 UTC "YYYY-MM-DDTHH:MM:SSZ" to time_t; 0 when malformed. */
static time_t
parse_iso(const char *s)
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

/* The value after "KEY=" in text, up to a separator; NULL when absent. */
static char *
flag_in(const char *text, const char *key)
{
	const char *p = text;
	size_t kl = strlen(key);

	while (p != NULL && (p = strstr(p, key)) != NULL) {
		if ((p == text || !(p[-1] == '_' || (p[-1] >= 'A' &&
		    p[-1] <= 'Z'))) && p[kl] == '=') {
			const char *v = p + kl + 1;

			return xstrndup(v, strcspn(v, ", ;)"));
		}
		p += kl;
	}
	return NULL;
}

static void
facts_env(json_object *o, struct fact *f)
{
	json_object *metrics, *checks;
	size_t n;

	if (json_object_object_get_ex(o, "metrics", &metrics))
		for (size_t i = 0; i < nitems(fp_keys); i++)
			f->env[i] = str_or_null(metrics, fp_keys[i].metric);
	if (array_of(o, "checks", &checks, &n) != 0)
		return;
	for (size_t i = 0; i < n; i++) {
		json_object *c = json_object_array_get_idx(checks, i);
		char *name = str_or_null(c, "name"), *verdict = str_or_null(c,
		    "verdict"), *detail = str_or_null(c, "detail");

		for (size_t k = 0; k < nitems(flag_keys) && detail != NULL; k++) {
			char *v;

			if (f->env[3 + k] == NULL &&
			    (v = flag_in(detail, flag_keys[k])) != NULL)
				f->env[3 + k] = v;
		}
		/* "receiver-flags" PASS names no values: all three are true. */
		if (name != NULL && verdict != NULL &&
		    strcmp(name, "receiver-flags") == 0 &&
		    strcmp(verdict, "PASS") == 0)
			for (size_t k = 0; k < 3; k++)
				if (f->env[3 + k] == NULL)
					f->env[3 + k] = xstrdup("true");
		free(name);
		free(verdict);
		free(detail);
	}
	/* A receiver flag a failing check does not name is true. */
	for (size_t k = 0; k < 3; k++)
		if (f->env[3 + k] == NULL)
			f->env[3 + k] = xstrdup("true");
}

static void
facts_errors(json_object *o, struct fact *f)
{
	json_object *fs;
	size_t n;

	if (array_of(o, "findings", &fs, &n) != 0)
		return;
	for (size_t i = 0; i < n; i++) {
		json_object *x = json_object_array_get_idx(fs, i);
		char *kind = str_or_null(x, "kind"), *msg;

		if (kind != NULL && strcmp(kind, "topError") == 0 &&
		    (msg = str_or_null(x, "errorMessage")) != NULL) {
			f->errors = xreallocarray(f->errors, f->nerrors + 1,
			    sizeof *f->errors);
			f->errors[f->nerrors++] = msg;
		}
		free(kind);
	}
}

static int
get_ll(json_object *o, const char *obj, const char *key, long long *out)
{
	json_object *a, *v;

	if (!json_object_object_get_ex(o, obj, &a) ||
	    !json_object_object_get_ex(a, key, &v) ||
	    !json_object_is_type(v, json_type_int))
		return -1;
	*out = json_object_get_int64(v);
	return 0;
}

/* Reads one report's facts (f->file is set). */
static void
facts_read(const struct folder *d, struct fact *f)
{
	char *path = xasprintf("%s/%s", d->dir, f->file), *cause = NULL;
	struct buf b;
	json_object *o = NULL;

	if (fileio_read(path, TL_MAX_FILE, &b, &cause) != 0) {
		f->bad = cause;
		free(path);
		return;
	}
	if (integrity_parse(b.data, b.len, &o, &cause) != 0) {
		f->bad = xasprintf("%s (not valid JSON)", cause + strlen("line "));
		free(cause);
		goto out;
	}
	if (!json_object_is_type(o, json_type_object) ||
	    (f->gate = str_or_null(o, "gate")) == NULL ||
	    (f->verdict = str_or_null(o, "verdict")) == NULL) {
		f->bad = xstrdup("1: not a gate report (no gate or verdict)");
		goto out;
	}
	f->id = str_or_null(o, "id");
	f->batch = str_or_null(o, "batch");
	f->code = str_or_null(o, "code");
	f->decision = str_or_null(o, "decision");
	f->status = str_or_null(o, "batchStatus");
	{
		char *fin = str_or_null(o, "finishedAt");

		f->at = parse_iso(fin);
		free(fin);
	}
	if (strcmp(f->gate, "env-baseline") == 0)
		facts_env(o, f);
	else if (strcmp(f->gate, "processing") == 0)
		facts_errors(o, f);
	else if (strcmp(f->gate, "dlq-growth") == 0)
		f->has_growth = get_ll(o, "metrics", "growth", &f->growth) == 0 &&
		    get_ll(o, "thresholds", "maxGrowth", &f->max_growth) == 0;
out:
	json_object_put(o);
	buf_free(&b);
	free(path);
}

static json_object *
jstr(const char *s)
{
	return s != NULL ? json_object_new_string(s) : NULL;
}

static char *
fact_to_line(const struct fact *f)
{
	json_object *o = json_object_new_object(), *a;
	char *s;

	json_object_object_add(o, "f", json_object_new_string(f->file));
	if (f->bad != NULL) {
		json_object_object_add(o, "bad", json_object_new_string(f->bad));
		goto out;
	}
	json_object_object_add(o, "at", json_object_new_int64((long long)f->at));
	for (size_t i = 0; i < nitems(fact_strs); i++)
		json_object_object_add(o, fact_strs[i].key,
		    jstr(member_get(f, &fact_strs[i])));
	if (strcmp(f->gate, "env-baseline") == 0) {
		a = json_object_new_array();
		for (int i = 0; i < ENV_FACTS; i++)
			json_object_array_add(a, jstr(f->env[i]));
		json_object_object_add(o, "env", a);
	}
	if (f->nerrors > 0) {
		a = json_object_new_array();
		for (size_t i = 0; i < f->nerrors; i++)
			json_object_array_add(a, jstr(f->errors[i]));
		json_object_object_add(o, "errors", a);
	}
	if (f->has_growth) {
		json_object_object_add(o, "growth", json_object_new_int64(f->growth));
		json_object_object_add(o, "maxGrowth",
		    json_object_new_int64(f->max_growth));
	}
out:
	s = xasprintf("%s\n", json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return s;
}

/* One index line; -1 when it is not one of ours (the index is rebuilt). */
static int
fact_from_line(json_object *o, struct fact *f)
{
	json_object *v, *a;

	memset(f, 0, sizeof *f);
	if ((f->file = str_or_null(o, "f")) == NULL)
		goto fail;
	if ((f->bad = str_or_null(o, "bad")) != NULL)
		return 0;
	if (!json_object_object_get_ex(o, "at", &v) ||
	    (f->gate = str_or_null(o, "gate")) == NULL ||
	    (f->verdict = str_or_null(o, "verdict")) == NULL)
		goto fail;
	f->at = (time_t)json_object_get_int64(v);
	for (size_t i = 0; i < nitems(fact_strs); i++)
		if (*member(f, &fact_strs[i]) == NULL)	/* not gate, verdict */
			*member(f, &fact_strs[i]) = str_or_null(o,
			    fact_strs[i].key);
	if (json_object_object_get_ex(o, "env", &a) &&
	    json_object_is_type(a, json_type_array) &&
	    json_object_array_length(a) == ENV_FACTS)
		for (int i = 0; i < ENV_FACTS; i++) {
			v = json_object_array_get_idx(a, (size_t)i);
			if (v != NULL)
				f->env[i] = xstrdup(json_object_get_string(v));
		}
	if (json_object_object_get_ex(o, "errors", &a) &&
	    json_object_is_type(a, json_type_array)) {
		size_t n = json_object_array_length(a);

		f->errors = xcalloc(n + 1, sizeof *f->errors);
		for (size_t i = 0; i < n; i++)
			f->errors[f->nerrors++] = xstrdup(json_object_get_string(
			    json_object_array_get_idx(a, i)));
	}
	if (json_object_object_get_ex(o, "growth", &v)) {
		f->has_growth = 1;
		f->growth = json_object_get_int64(v);
		if (json_object_object_get_ex(o, "maxGrowth", &v))
			f->max_growth = json_object_get_int64(v);
	}
	return 0;
fail:
	fact_free(f);
	return -1;
}

static int
fact_cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct fact *)a)->file,
	    ((const struct fact *)b)->file);
}

/* Time order; the file name (it carries the start time) breaks ties. */
static int
fact_cmp_time(const void *a, const void *b)
{
	const struct fact *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return strcmp(x->file, y->file);
}

static void
index_load(struct folder *d)
{
	char *path = xasprintf("%s/%s", d->dir, TIMELINE_INDEX), *cause = NULL;
	struct buf b;
	const char *p, *end;
	json_tokener *tok;

	if (fileio_read(path, 512u * 1024 * 1024, &b, &cause) != 0) {
		free(cause);
		free(path);
		return;
	}
	tok = json_tokener_new();
	for (p = b.data, end = b.data + b.len; p < end; ) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		json_object *o;
		struct fact f;

		if (nl == NULL)
			break;	/* a torn last line: its report is read again */
		json_tokener_reset(tok);
		o = json_tokener_parse_ex(tok, p, (int)(nl - p));
		if (o != NULL && fact_from_line(o, &f) == 0) {
			d->f = grow(d->f, d->n, &d->cap, sizeof *d->f);
			d->f[d->n++] = f;
		}
		json_object_put(o);
		p = nl + 1;
	}
	json_tokener_free(tok);
	buf_free(&b);
	free(path);
	if (d->n > 1)	/* qsort(NULL, 0) is undefined */
		qsort(d->f, d->n, sizeof *d->f, fact_cmp_name);
}

static int
is_report_name(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".json") == 0 &&
	    strcmp(name, "latest.json") != 0 &&
	    strcmp(name, "batch-status.json") != 0;
}

/* Brings the folder's facts up to date with its files. */
static void
folder_scan(struct folder *d, struct timeline *t)
{
	DIR *dir = opendir(d->dir);
	struct dirent *de;
	size_t known;
	int dirty = 0;

	if (dir == NULL)
		return;
	index_load(d);
	known = d->n;
	while ((de = readdir(dir)) != NULL) {
		struct fact key, *hit;
		struct stat st;

		if (!is_report_name(de->d_name))
			continue;
		/* No stat per report: on a year of reports it would cost more
		 * than everything else (see tests/bench/RESULTS.md). */
		if (de->d_type != DT_REG && (de->d_type != DT_UNKNOWN ||
		    fstatat(dirfd(dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode)))
			continue;
		key.file = de->d_name;
		hit = known > 0 ? bsearch(&key, d->f, known, sizeof *d->f,
		    fact_cmp_name) : NULL;
		if (hit != NULL) {
			hit->seen = 1;
			continue;
		}
		d->f = grow(d->f, d->n, &d->cap, sizeof *d->f);
		memset(&d->f[d->n], 0, sizeof *d->f);
		d->f[d->n].file = xstrdup(de->d_name);
		d->f[d->n].seen = 1;
		facts_read(d, &d->f[d->n]);
		d->n++;
		t->parsed++;
		dirty = 1;
	}
	closedir(dir);
	/* Drop facts of files that are gone or were read again. */
	{
		size_t k = 0;

		for (size_t i = 0; i < d->n; i++) {
			if (d->f[i].seen)
				d->f[k++] = d->f[i];
			else {
				fact_free(&d->f[i]);
				dirty = 1;
			}
		}
		d->n = k;
	}
	if (dirty) {
		struct buf b = { 0 };
		char *cause = NULL;

		if (d->n > 1)	/* qsort(NULL, 0) is undefined */
			qsort(d->f, d->n, sizeof *d->f, fact_cmp_name);
		for (size_t i = 0; i < d->n; i++) {
			char *l = fact_to_line(&d->f[i]);

			buf_adds(&b, l);
			free(l);
		}
		/* Best effort: a read-only folder is parsed every time. */
		if (fileio_write_atomic(d->dir, TIMELINE_INDEX,
		    b.data != NULL ? b.data : "", &cause) != 0)
			free(cause);
		buf_free(&b);
	}
	t->reports += d->n;
	for (size_t i = 0; i < d->n; i++)
		if (d->f[i].bad != NULL)
			warn(t, "%s/%s:%s", d->shown, d->f[i].file, d->f[i].bad);
	if (d->n > 1)	/* qsort(NULL, 0) is undefined */
		qsort(d->f, d->n, sizeof *d->f, fact_cmp_time);
}

static void
folder_free(struct folder *d)
{
	for (size_t i = 0; i < d->n; i++)
		fact_free(&d->f[i]);
	free(d->f);
	free(d->dir);
	free(d->shown);
}

static struct tl_event *
add(struct timeline *t, time_t at, enum tl_kind kind, const char *gate,
    const char *batch, const char *report)
{
	struct tl_event *e;

	t->ev = grow(t->ev, t->n, &t->cap, sizeof *t->ev);
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

static int
str_eq(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL &&
	    strcmp(a, b) == 0);
}

/* Seen error messages, kept sorted for bsearch. */
struct strset {
	char **s;
	size_t n;
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
strset_add(struct strset *set, const char *s)
{
	size_t lo = 0, hi = set->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(set->s[mid], s);

		if (c == 0)
			return 0;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	set->s = xreallocarray(set->s, set->n + 1, sizeof *set->s);
	memmove(set->s + lo + 1, set->s + lo, (set->n - lo) * sizeof *set->s);
	set->s[lo] = xstrdup(s);
	set->n++;
	return 1;
}

static int
dlq_level(const struct fact *f)
{
	return f->growth <= 0 ? 0 : f->growth <= f->max_growth ? 1 : 2;
}

/* The report of the same gate and batch before d->f[i]; NULL for the
 * first. */
static const struct fact *
fact_prev(const struct folder *d, size_t i)
{
	const struct fact *f = &d->f[i];

	for (size_t k = i; k-- > 0; ) {
		const struct fact *g = &d->f[k];

		if (g->bad == NULL && strcmp(g->gate, f->gate) == 0 &&
		    str_eq(g->batch, f->batch))
			return g;
	}
	return NULL;
}

static void
event_verdict(struct timeline *t, const struct fact *f,
    const struct fact *prev, const char *rep)
{
	struct tl_event *e;

	if (prev != NULL && strcmp(prev->verdict, f->verdict) == 0)
		return;
	e = add(t, f->at, TL_VERDICT, f->gate, f->batch, rep);
	e->from = prev != NULL ? xstrdup(prev->verdict) : NULL;
	e->to = xstrdup(f->verdict);
	e->text = xasprintf("%s%s%s: %s%s%s%s%s", f->id != NULL ?
	    f->id : "", f->id != NULL ? " " : "", f->gate,
	    prev != NULL ? prev->verdict : "first verdict ",
	    prev != NULL ? " -> " : "", f->verdict,
	    f->code != NULL ? " " : "", f->code != NULL ? f->code : "");
}

/* F-00: which fingerprints and flags changed since the previous run. */
static void
event_env_drift(struct timeline *t, const struct fact *f,
    const struct fact *prev, const char *rep)
{
	struct buf b = { 0 };

	if (strcmp(f->gate, "env-baseline") != 0 || prev == NULL)
		return;
	for (int k = 0; k < ENV_FACTS; k++) {
		if (str_eq(prev->env[k], f->env[k]))
			continue;
		buf_addf(&b, "%s%s (%s)", b.len ? ", " : "",
		    k < 3 ? fp_keys[k].key : flag_keys[k - 3],
		    k < 3 ? "fingerprint" : "flag");
	}
	if (b.len > 0) {
		struct tl_event *e = add(t, f->at, TL_ENV_DRIFT, f->gate,
		    f->batch, rep);

		e->text = xasprintf("env drift since the previous F-00 run: %s "
		    "changed", b.data);
	}
	buf_free(&b);
}

/* F-03: each error message the timeline has not seen before. */
static void
events_new_errors(struct timeline *t, const struct fact *f,
    struct strset *errors_seen, const char *rep)
{
	for (size_t k = 0; k < f->nerrors; k++) {
		if (strset_add(errors_seen, f->errors[k])) {
			struct tl_event *e = add(t, f->at, TL_NEW_ERROR, f->gate,
			    f->batch, rep);

			e->text = xasprintf("new error message: \"%s\"",
			    f->errors[k]);
		}
	}
}

/* F-04: the growth crossed 0 or maxGrowth, either way. */
static void
event_dlq(struct timeline *t, const struct fact *f, const struct fact *prev,
    const char *rep)
{
	int was, now;
	struct tl_event *e;

	if (!f->has_growth)
		return;
	was = prev != NULL && prev->has_growth ? dlq_level(prev) : 0;
	now = dlq_level(f);
	if (was == now)
		return;
	e = add(t, f->at, TL_DLQ, f->gate, f->batch, rep);
	e->text = now == 2 ? xasprintf("DLQ growth %lld crossed maxGrowth %lld",
	    f->growth, f->max_growth) : now == 1 ? (was == 2 ?
	    xasprintf("DLQ growth %lld back under maxGrowth %lld", f->growth,
	    f->max_growth) : xasprintf("DLQ growth %lld crossed 0",
	    f->growth)) : xasprintf("DLQ growth %lld: no longer growing",
	    f->growth);
}

/* Verdict changes per (gate, batch), and the per-gate extras: F-00 drift,
 * first-seen F-03 messages, F-04 threshold crossings. A folder's facts are
 * in time order; a gate folder holds reports of several batches. */
static void
events_gate_folder(struct timeline *t, const struct folder *d,
    const char *batch, struct strset *errors_seen)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct fact *f = &d->f[i], *prev;
		char *rep;

		if (f->bad != NULL)
			continue;
		if (batch != NULL && f->batch != NULL && strcmp(batch, f->batch) != 0)
			continue;
		prev = fact_prev(d, i);
		rep = xasprintf("%s/%s", d->shown, f->file);
		event_verdict(t, f, prev, rep);
		event_env_drift(t, f, prev, rep);
		events_new_errors(t, f, errors_seen, rep);
		event_dlq(t, f, prev, rep);
		free(rep);
	}
}

/* Status transitions of one batch: the history of batch-status.json, and
 * before its first entry, what evidence reports recorded. */
static void
events_status(struct timeline *t, const struct folder *d, const char *bname)
{
	char *path = xasprintf("%s/batch-status.json", d->dir), *cause = NULL;
	char *shown = xasprintf("%s/batch-status.json", d->shown);
	struct buf b;
	json_object *o = NULL, *hist = NULL;
	time_t first = 0;
	size_t nh = 0;

	if (access(path, F_OK) == 0) {
		if (fileio_read(path, TL_MAX_FILE, &b, &cause) != 0)
			warn(t, "%s", cause);
		else {
			if (integrity_parse(b.data, b.len, &o, &cause) != 0)
				warn(t, "%s:%s", shown, cause + strlen("line "));
			buf_free(&b);
		}
		free(cause);
	}
	if (o != NULL && json_object_object_get_ex(o, "history", &hist) &&
	    json_object_is_type(hist, json_type_array))
		nh = json_object_array_length(hist);
	for (size_t i = 0; i < nh; i++) {
		json_object *h = json_object_array_get_idx(hist, i);
		char *from = str_or_null(h, "from"), *to = str_or_null(h, "to");
		char *at = str_or_null(h, "at"), *gate = str_or_null(h, "gate");
		char *rep = str_or_null(h, "report");
		time_t when = parse_iso(at);

		if (to == NULL || when == 0)
			warn(t, "%s: history entry %zu has no \"to\" or \"at\"",
			    shown, i + 1);
		else {
			struct tl_event *e = add(t, when, TL_STATUS, gate, bname,
			    rep != NULL ? rep : shown);

			if (first == 0 || when < first)
				first = when;
			e->from = from != NULL ? xstrdup(from) : NULL;
			e->to = xstrdup(to);
			e->text = xasprintf("batch %s: %s -> %s (%s)", bname,
			    from != NULL ? from : "(none)", to,
			    gate != NULL ? gate : "?");
		}
		free(from);
		free(to);
		free(at);
		free(gate);
		free(rep);
	}
	{
		const char *was = NULL;

		for (size_t i = 0; i < d->n; i++) {
			const struct fact *f = &d->f[i];
			char *rep;

			if (f->bad != NULL || f->status == NULL)
				continue;
			if (first != 0 && f->at >= first)
				break;
			if (was == NULL || strcmp(was, f->status) != 0) {
				struct tl_event *e;

				rep = xasprintf("%s/%s", d->shown, f->file);
				e = add(t, f->at, TL_STATUS, f->gate, bname, rep);
				e->from = was != NULL ? xstrdup(was) : NULL;
				e->to = xstrdup(f->status);
				e->text = xasprintf("batch %s: %s -> %s (%s %s)",
				    bname, was != NULL ? was : "(none)", f->status,
				    f->gate, f->decision != NULL ? f->decision : "");
				free(rep);
			}
			was = f->status;
		}
	}
	json_object_put(o);
	free(path);
	free(shown);
}

static void
events_signoffs(struct timeline *t, const struct folder *d, const char *bname)
{
	char *path = xasprintf("%s/%s", d->dir, SIGNOFF_FILE);
	char *shown = xasprintf("%s/%s", d->shown, SIGNOFF_FILE);
	struct signoff_chain c;
	char *cause = NULL;

	if (signoff_chain_read(path, NULL, 0, &c, &cause) != 0) {
		/* Say where, in the shown path, and keep the lines before. */
		const char *at = strstr(cause, SIGNOFF_FILE);

		warn(t, "%s%s", shown, at != NULL ? at + strlen(SIGNOFF_FILE) :
		    cause);
		free(cause);
	}
	for (size_t i = 0; i < c.n; i++) {
		const struct signoff_entry *s = &c.e[i];
		char *rep = xasprintf("%s:%u", shown, s->line);
		struct tl_event *e = add(t, parse_iso(s->at), TL_SIGNOFF,
		    "signoff", bname, rep);

		e->text = xasprintf("sign-off: %s (%s) %s on %s evidence "
		    "sha256 %.12s%s%s", s->by, s->as,
		    signoff_action_name(s->action), s->decision, s->sha256,
		    s->note != NULL ? ": " : "", s->note != NULL ? s->note : "");
		free(rep);
	}
	signoff_chain_free(&c);
	free(path);
	free(shown);
}

/* A canary replay (SPEC section 12): every audit line with its id (the
 * dry-run count, each step's intent and outcome, the closing line) folds
 * into one timeline entry that lists the steps. */
struct canary_group {
	char *id;
	time_t at;		/* the last line's */
	char *rep;		/* path:line of the first line */
	char *status, *source, *op, *role, *result;
	long long counted, moved;
	struct buf steps;
};

struct canary_groups {
	struct canary_group *g;
	size_t n;
};

static struct canary_group *
canary_group_find(struct canary_groups *gs, const char *id)
{
	for (size_t i = 0; id != NULL && i < gs->n; i++)
		if (strcmp(gs->g[i].id, id) == 0)
			return &gs->g[i];
	return NULL;
}

/* First pass: the ids that belong to a canary replay. */
static void
canary_ids(const char *data, size_t len, struct canary_groups *gs)
{
	for (const char *p = data, *end = data + len; p < end; ) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		json_object *o = NULL, *v;
		char *why = NULL, *id;

		if (integrity_parse(p, n, &o, &why) == 0 &&
		    json_object_object_get_ex(o, "canary", &v) && v != NULL &&
		    (id = str_or_null(o, "id")) != NULL) {
			if (canary_group_find(gs, id) == NULL) {
				gs->g = xreallocarray(gs->g, gs->n + 1,
				    sizeof *gs->g);
				memset(&gs->g[gs->n], 0, sizeof *gs->g);
				gs->g[gs->n].id = id;
				gs->g[gs->n++].counted = -1;
			} else
				free(id);
		}
		free(why);
		json_object_put(o);
		p = nl != NULL ? nl + 1 : end;
	}
}

static void
keep_first(char **dst, json_object *o, const char *key)
{
	if (*dst == NULL)
		*dst = str_or_null(o, key);
}

/* Second pass: one line of a canary replay into its group. */
static void
canary_fold(struct canary_group *g, json_object *o, time_t at,
    const char *rep)
{
	json_object *c, *v, *dry;
	char *phase = str_or_null(o, "phase");

	if (g->rep == NULL)
		g->rep = xstrdup(rep);
	if (at > g->at)
		g->at = at;
	keep_first(&g->status, o, "status");
	keep_first(&g->source, o, "source");
	keep_first(&g->op, o, "operator");
	keep_first(&g->role, o, "role");
	if (json_object_object_get_ex(o, "dryRun", &dry) &&
	    json_object_get_boolean(dry) && phase != NULL &&
	    strcmp(phase, "outcome") == 0 &&
	    json_object_object_get_ex(o, "selected", &v) && v != NULL)
		g->counted = json_object_get_int64(v);
	if (phase != NULL && strcmp(phase, "decision") == 0) {
		free(g->result);
		g->result = str_or_null(o, "outcome");
	}
	if (phase != NULL && strcmp(phase, "outcome") == 0 &&
	    json_object_object_get_ex(o, "canary", &c) && c != NULL) {
		json_object *ids = NULL, *succ = NULL, *step = NULL;
		char *out = str_or_null(o, "outcome");

		json_object_object_get_ex(c, "step", &step);
		json_object_object_get_ex(c, "ids", &ids);
		json_object_object_get_ex(c, "success", &succ);
		g->moved += ids != NULL ? json_object_get_int64(ids) : 0;
		buf_addf(&g->steps, "%s step %d: %lld moved, success %s, %s",
		    g->steps.len > 0 ? ";" : "", json_object_get_int(step),
		    ids != NULL ? (long long)json_object_get_int64(ids) : 0LL,
		    succ != NULL ? json_object_get_string(succ) : "-",
		    out != NULL ? out : "?");
		free(out);
	}
	free(phase);
}

static void
canary_emit(struct timeline *t, struct canary_groups *gs)
{
	for (size_t i = 0; i < gs->n; i++) {
		struct canary_group *g = &gs->g[i];
		struct tl_event *e;

		if (g->rep != NULL) {
			e = add(t, g->at, TL_REPLAY, "replay", NULL, g->rep);
			e->text = xasprintf("DLQ canary replay %s%s%s by %s (%s): "
			    "%lld counted, %lld moved, %s; steps:%s",
			    g->status != NULL ? g->status : "?", g->source != NULL ?
			    " source " : "", g->source != NULL ? g->source : "",
			    g->op != NULL ? g->op : "?", g->role != NULL ? g->role :
			    "?", g->counted, g->moved, g->result != NULL ?
			    g->result : "no end recorded (interrupted)",
			    g->steps.data != NULL ? g->steps.data : " none");
		}
		free_all(g->id, g->rep, g->status, g->source, g->op, g->role,
		    g->result);
		buf_free(&g->steps);
	}
	free(gs->g);
}

/* The "time" of an audit line; 0 when it has none. */
static time_t
line_time(json_object *o)
{
	json_object *v;

	return parse_iso(json_object_get_string(
	    json_object_object_get_ex(o, "time", &v) ? v : NULL));
}

/* "; steps: ..." of a replay line that lists its steps. */
static void
replay_steps_text(json_object *steps, size_t n, struct buf *sb)
{
	buf_adds(sb, "; steps:");
	for (size_t k = 0; k < n; k++)
		buf_addf(sb, " %s", json_object_to_json_string_ext(
		    json_object_array_get_idx(steps, k),
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
}

/* One audit line of a replay that is not a canary: one event. */
static void
replay_event(struct timeline *t, json_object *o, const char *rep)
{
	char *status = str_or_null(o, "status");
	char *source = str_or_null(o, "source");
	char *outcome = str_or_null(o, "outcome");
	char *role = str_or_null(o, "role");
	char *op = str_or_null(o, "operator");
	json_object *v, *dry, *steps;
	struct buf sb = { 0 };
	struct tl_event *e;
	long long sel = 0, rp = 0;
	size_t nsteps;

	if (json_object_object_get_ex(o, "selected", &v))
		sel = json_object_get_int64(v);
	if (json_object_object_get_ex(o, "replaying", &v))
		rp = json_object_get_int64(v);
	if (array_of(o, "steps", &steps, &nsteps) == 0)
		replay_steps_text(steps, nsteps, &sb);
	e = add(t, line_time(o), TL_REPLAY, "replay", NULL, rep);
	e->text = xasprintf("DLQ replay %s%s%s%s by %s (%s): %lld "
	    "selected, %lld moved, %s%s",
	    status != NULL ? status : "?", source != NULL ?
	    " source " : "", source != NULL ? source : "",
	    json_object_object_get_ex(o, "dryRun", &dry) &&
	    json_object_get_boolean(dry) ? " (dry run)" : "",
	    op != NULL ? op : "?", role != NULL ? role : "?", sel,
	    rp, outcome != NULL ? outcome : "?",
	    sb.data != NULL ? sb.data : "");
	buf_free(&sb);
	free_all(status, source, outcome, role, op);
}

/* One line of the replay log: a warning, a part of a canary replay, or an
 * event of its own. */
static void
replay_line(struct timeline *t, struct canary_groups *groups,
    const char *p, size_t len, const char *shown, unsigned line)
{
	json_object *o = NULL;
	struct canary_group *grp;
	char *why = NULL, *gid = NULL, *rep;

	if (integrity_parse(p, len, &o, &why) != 0 || line_time(o) == 0) {
		warn(t, "%s:%u: %s", shown, line, why != NULL ?
		    why + strlen("line 1: ") : "no \"time\"");
		goto out;
	}
	rep = xasprintf("%s:%u", shown, line);
	if (groups->n > 0 && (gid = str_or_null(o, "id")) != NULL &&
	    (grp = canary_group_find(groups, gid)) != NULL)
		canary_fold(grp, o, line_time(o), rep);
	else
		replay_event(t, o, rep);
	free(rep);
out:
	free(gid);
	free(why);
	json_object_put(o);
}

static void
events_replays(struct timeline *t, const char *root, const char *shown_root)
{
	struct canary_groups groups = { NULL, 0 };
	char *path = xasprintf("%s/audit/replay.log", root);
	char *shown = xasprintf("%s/audit/replay.log", shown_root);
	char *cause = NULL;
	struct buf b;
	const char *p, *end;
	unsigned line = 0;

	if (access(path, F_OK) != 0)
		goto out;
	if (fileio_read(path, TL_MAX_FILE, &b, &cause) != 0) {
		warn(t, "%s", cause);
		free(cause);
		goto out;
	}
	canary_ids(b.data, b.len, &groups);
	for (p = b.data, end = b.data + b.len; p < end; ) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);

		replay_line(t, &groups, p, len, shown, ++line);
		p = nl != NULL ? nl + 1 : end;
	}
	buf_free(&b);
out:
	canary_emit(t, &groups);
	free(path);
	free(shown);
}

/* Subfolders of root/rel, each a folder to scan; only `only` when set. */
static void
list_folders(const char *root, const char *shown_root, const char *rel,
    const char *only, struct folder **out, size_t *n)
{
	char *base = xasprintf("%s/%s", root, rel);
	DIR *dir = opendir(base);
	struct dirent *de;
	char **names = NULL;
	size_t nn = 0;

	if (dir != NULL) {
		while ((de = readdir(dir)) != NULL) {
			if (de->d_name[0] == '.' ||
			    (only != NULL && strcmp(only, de->d_name) != 0))
				continue;
			names = xreallocarray(names, nn + 1, sizeof *names);
			names[nn++] = xstrdup(de->d_name);
		}
		closedir(dir);
	}
	if (nn > 1)	/* qsort(NULL, 0) is undefined */
		qsort(names, nn, sizeof *names, cmp_str);
	for (size_t i = 0; i < nn; i++) {
		struct folder *d;
		struct stat st;
		char *p = xasprintf("%s/%s", base, names[i]);

		if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
			free(p);
			free(names[i]);
			continue;
		}
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		d = &(*out)[(*n)++];
		memset(d, 0, sizeof *d);
		d->dir = p;
		d->shown = xasprintf("%s/%s/%s", shown_root, rel, names[i]);
		free(names[i]);
	}
	free(names);
	free(base);
}

/* Within one second: what a run found, then what people did about it. */
static int
event_cmp(const void *a, const void *b)
{
	const struct tl_event *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
event_free(struct tl_event *e)
{
	free_all(e->gate, e->batch, e->from, e->to, e->text, e->report);
}

int
timeline_build(const char *root, const char *batch, time_t since,
    struct timeline *out, char **cause)
{
	struct folder *gates = NULL, *batches = NULL;
	size_t ngates = 0, nbatches = 0;
	struct strset errors_seen = { 0 };
	const char *r = root;
	char *shown_root, *bdir = NULL;
	struct stat st;

	memset(out, 0, sizeof *out);
	if (stat(root, &st) != 0) {
		*cause = xasprintf("no report folder %s: %s", root,
		    strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		*cause = xasprintf("%s is not a folder", root);
		return -1;
	}
	if (batch != NULL && (bdir = report_batch_dir(batch)) == NULL) {
		*cause = xstrdup("the batch code is not usable as a folder name");
		return -1;
	}
	while (r[0] == '.' && r[1] == '/')
		r += 2;
	shown_root = xstrdup(*r == '\0' ? "." : r);
	list_folders(root, shown_root, "gates", NULL, &gates, &ngates);
	list_folders(root, shown_root, "recon/quality", bdir, &gates, &ngates);
	list_folders(root, shown_root, "release-evidence", bdir, &batches,
	    &nbatches);
	for (size_t i = 0; i < ngates; i++) {
		folder_scan(&gates[i], out);
		events_gate_folder(out, &gates[i], batch, &errors_seen);
	}
	for (size_t i = 0; i < nbatches; i++) {
		const char *bname = strrchr(batches[i].dir, '/') + 1;

		folder_scan(&batches[i], out);
		events_gate_folder(out, &batches[i], batch, &errors_seen);
		events_status(out, &batches[i], bname);
		events_signoffs(out, &batches[i], bname);
	}
	events_replays(out, root, shown_root);
	if (out->n > 1)	/* qsort(NULL, 0) is undefined */
		qsort(out->ev, out->n, sizeof *out->ev, event_cmp);
	if (since > 0) {
		size_t k = 0;

		for (size_t i = 0; i < out->n; i++) {
			if (out->ev[i].at >= since)
				out->ev[k++] = out->ev[i];
			else
				event_free(&out->ev[i]);
		}
		out->n = k;
	}
	for (size_t i = 0; i < ngates; i++)
		folder_free(&gates[i]);
	for (size_t i = 0; i < nbatches; i++)
		folder_free(&batches[i]);
	for (size_t i = 0; i < errors_seen.n; i++)
		free(errors_seen.s[i]);
	free(errors_seen.s);
	free(gates);
	free(batches);
	free(shown_root);
	free(bdir);
	return 0;
}

void
timeline_free(struct timeline *t)
{
	for (size_t i = 0; i < t->n; i++)
		event_free(&t->ev[i]);
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
timeline_render_json(const struct timeline *t)
{
	static const char *const keys[] = { "gate", "batch", "from", "to",
	    "text", "report" };
	struct buf b = { 0 };

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
			json_object_object_add(o, keys[k], jstr(vals[k]));
		buf_addf(&b, "%s\n", json_object_to_json_string_ext(o,
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
	}
	if (b.data == NULL)
		buf_adds(&b, "");
	return buf_take(&b);
}
