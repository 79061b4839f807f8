/* The timeline's memory of reports: the few facts it needs from each gate
 * report (verdict, status, F-00 fingerprints and flags, F-03 messages, F-04
 * growth), read once and kept in each folder's .timeline-index.jsonl, and
 * the scan that brings a folder's facts up to date with its files. */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json-c/json.h>

#include "core/fileio.h"
#include "release/integrity.h"
#include "release/timeline.h"
#include "release/timeline_int.h"
#include "core/util.h"

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

const char *
tl_env_key(int k)
{
	return k < 3 ? fp_keys[k].key : flag_keys[k - 3];
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
			f->env[i] = tl_str(metrics, fp_keys[i].metric);
	if (tl_array_of(o, "checks", &checks, &n) != 0)
		return;
	for (size_t i = 0; i < n; i++) {
		json_object *c = json_object_array_get_idx(checks, i);
		char *name = tl_str(c, "name"), *verdict = tl_str(c,
		    "verdict"), *detail = tl_str(c, "detail");

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

	if (tl_array_of(o, "findings", &fs, &n) != 0)
		return;
	for (size_t i = 0; i < n; i++) {
		json_object *x = json_object_array_get_idx(fs, i);
		char *kind = tl_str(x, "kind"), *msg;

		if (kind != NULL && strcmp(kind, "topError") == 0 &&
		    (msg = tl_str(x, "errorMessage")) != NULL) {
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

	if (fileio_read_own(path, TL_MAX_FILE, &b, &cause) != 0) {
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
	    (f->gate = tl_str(o, "gate")) == NULL ||
	    (f->verdict = tl_str(o, "verdict")) == NULL) {
		f->bad = xstrdup("1: not a gate report (no gate or verdict)");
		goto out;
	}
	f->id = tl_str(o, "id");
	f->batch = tl_str(o, "batch");
	f->code = tl_str(o, "code");
	f->decision = tl_str(o, "decision");
	f->status = tl_str(o, "batchStatus");
	{
		char *fin = tl_str(o, "finishedAt");

		f->at = tl_parse_iso(fin);
		free(fin);
	}
	if (tl_gate_is(f->gate, GATE_ENV_BASELINE))
		facts_env(o, f);
	else if (tl_gate_is(f->gate, GATE_PROCESSING))
		facts_errors(o, f);
	else if (tl_gate_is(f->gate, GATE_DLQ_GROWTH))
		f->has_growth = get_ll(o, "metrics", "growth", &f->growth) == 0 &&
		    get_ll(o, "thresholds", "maxGrowth", &f->max_growth) == 0;
out:
	json_object_put(o);
	buf_free(&b);
	free(path);
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
		    tl_jstr(member_get(f, &fact_strs[i])));
	if (tl_gate_is(f->gate, GATE_ENV_BASELINE)) {
		a = json_object_new_array();
		for (int i = 0; i < ENV_FACTS; i++)
			json_object_array_add(a, tl_jstr(f->env[i]));
		json_object_object_add(o, "env", a);
	}
	if (f->nerrors > 0) {
		a = json_object_new_array();
		for (size_t i = 0; i < f->nerrors; i++)
			json_object_array_add(a, tl_jstr(f->errors[i]));
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
	if ((f->file = tl_str(o, "f")) == NULL)
		goto fail;
	if ((f->bad = tl_str(o, "bad")) != NULL)
		return 0;
	if (!json_object_object_get_ex(o, "at", &v) ||
	    (f->gate = tl_str(o, "gate")) == NULL ||
	    (f->verdict = tl_str(o, "verdict")) == NULL)
		goto fail;
	f->at = (time_t)json_object_get_int64(v);
	for (size_t i = 0; i < nitems(fact_strs); i++)
		if (*member(f, &fact_strs[i]) == NULL)	/* not gate, verdict */
			*member(f, &fact_strs[i]) = tl_str(o,
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

	if (fileio_read_own(path, 512u * 1024 * 1024, &b, &cause) != 0) {
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
			d->f = tl_grow(d->f, d->n, &d->cap, sizeof *d->f);
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
void
tl_folder_scan(struct folder *d, struct timeline *t)
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
		d->f = tl_grow(d->f, d->n, &d->cap, sizeof *d->f);
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
			tl_warn(t, "%s/%s:%s", d->shown, d->f[i].file, d->f[i].bad);
	if (d->n > 1)	/* qsort(NULL, 0) is undefined */
		qsort(d->f, d->n, sizeof *d->f, fact_cmp_time);
}

void
tl_folder_free(struct folder *d)
{
	for (size_t i = 0; i < d->n; i++)
		fact_free(&d->f[i]);
	free(d->f);
	free(d->dir);
	free(d->shown);
}
