/* Rendering results to JSON (json-c) and Markdown (both pure), and writing
 * them through fileio.c so that a reader never sees a partial file: each
 * report is written to a temporary file, fsynced, hard-linked to its
 * timestamped name (which fails rather than overwrite a report of the same
 * second) and renamed over latest.*. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "release/decision.h"
#include "core/fileio.h"
#include "release/integrity.h"
#include "release/report.h"
#include "core/util.h"

char *
report_batch_dir(const char *batch)
{
	char *d;

	if (batch == NULL || *batch == '\0')
		return NULL;
	d = xstrdup(batch);
	for (char *p = d; *p != '\0'; p++) {
		char c = *p;

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			*p = '_';
	}
	if (strcmp(d, ".") == 0 || strcmp(d, "..") == 0) {
		free(d);
		return NULL;
	}
	return d;
}

/* Numbers keep at most six decimals so that 0.979 is not 0.97899999999999998. */
static json_object *
json_number(double d)
{
	locale_t old;
	char s[64];
	char *e;

	old = numeric_locale_enter();	/* 0.99, never 0,99 (SPEC section 5) */
	snprintf(s, sizeof s, "%.6f", d);
	numeric_locale_leave(old);
	e = s + strlen(s);
	while (e > s && e[-1] == '0')
		*--e = '\0';
	if (e > s && e[-1] == '.')
		*--e = '\0';
	return json_object_new_double_s(d, s);
}

static json_object *
json_kv(const struct kv *kv)
{
	switch (kv->type) {
	case VAL_INT:
		return json_object_new_int64(kv->i);
	case VAL_NUM:
		return json_number(kv->d);
	case VAL_STR:
		return json_object_new_string(kv->s);
	case VAL_BOOL:
		return json_object_new_boolean(kv->i != 0);
	case VAL_NULL:
		break;
	}
	return NULL;
}

static json_object *
json_kvlist(const struct kvlist *l)
{
	json_object *o = json_object_new_object();

	for (size_t i = 0; i < l->n; i++)
		json_object_object_add(o, l->items[i].key, json_kv(&l->items[i]));
	return o;
}

static json_object *
json_str_or_null(const char *s)
{
	return s != NULL ? json_object_new_string(s) : NULL;
}

static json_object *
json_checks(const struct gate_result *r)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < r->nchecks; i++) {
		const struct check *c = &r->checks[i];
		json_object *co = json_object_new_object();

		json_object_object_add(co, "name", json_object_new_string(c->name));
		json_object_object_add(co, "verdict",
		    json_object_new_string(verdict_name(c->verdict)));
		json_object_object_add(co, "code", *check_code(c) == '\0' ?
		    NULL : json_object_new_string(check_code(c)));
		json_object_object_add(co, "detail", json_str_or_null(c->detail));
		json_object_array_add(a, co);
	}
	return a;
}

/* The findings, each with its sample rows. */
static json_object *
json_findings(const struct gate_result *r)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];
		json_object *fo = json_kvlist(&f->fields);

		if (f->nsamples > 0) {
			json_object *sa = json_object_new_array();

			for (size_t j = 0; j < f->nsamples; j++)
				json_object_array_add(sa, json_kvlist(&f->samples[j]));
			json_object_object_add(fo, "samples", sa);
		}
		json_object_array_add(a, fo);
	}
	return a;
}

static json_object *
json_result(const struct gate_result *r)
{
	json_object *o = json_object_new_object(), *a, *rep;
	char t[32];

	json_object_object_add(o, "tool", json_object_new_string("ingestgate"));
	json_object_object_add(o, "version", json_object_new_string(PACKAGE_VERSION));
	json_object_object_add(o, "gate", json_object_new_string(r->gate->name));
	json_object_object_add(o, "id", json_str_or_null(r->gate->fid));
	json_object_object_add(o, "batch", json_str_or_null(r->batch));
	json_object_object_add(o, "verdict",
	    json_object_new_string(verdict_name(r->verdict)));
	json_object_object_add(o, "code", r->code == CODE_NONE ? NULL :
	    json_object_new_string(code_name(r->code)));
	json_object_object_add(o, "summary", json_str_or_null(r->summary));
	iso_utc(r->started.tv_sec, t);
	json_object_object_add(o, "startedAt", json_object_new_string(t));
	iso_utc(r->finished.tv_sec, t);
	json_object_object_add(o, "finishedAt", json_object_new_string(t));
	json_object_object_add(o, "durationMs",
	    json_object_new_int64(result_duration_ms(r)));
	json_object_object_add(o, "thresholds", json_kvlist(&r->thresholds));
	json_object_object_add(o, "metrics", json_kvlist(&r->metrics));
	json_object_object_add(o, "flip",
	    r->flip.n > 0 ? json_kvlist(&r->flip) : NULL);

	json_object_object_add(o, "checks", json_checks(r));
	json_object_object_add(o, "findings", json_findings(r));

	if (r->gate->id == GATE_RELEASE || r->gate->id == GATE_EVIDENCE) {
		a = json_object_new_array();
		for (size_t i = 0; i < r->nstages; i++)
			json_object_array_add(a, json_result(r->stages[i]));
		json_object_object_add(o, "stages", a);
	} else
		json_object_object_add(o, "stages", NULL);
	json_object_object_add(o, "decision", json_str_or_null(r->decision));
	json_object_object_add(o, "batchStatus", json_str_or_null(r->batch_status));
	/* A batch on HOLD says so by its code, even beside a GO. */
	json_object_object_add(o, "batchStatusCode", r->batch_status != NULL &&
	    strcmp(r->batch_status, "HOLD") == 0 ?
	    json_object_new_string(code_name(CODE_BATCH_ON_HOLD)) : NULL);
	json_object_object_add(o, "batchStatusPath",
	    json_str_or_null(r->batch_status_path));
	json_object_object_add(o, "tlsVerify", json_object_new_boolean(!r->insecure));
	/* tlsVerify says whether verification was switched off; the scheme
	 * says whether there was TLS to verify at all. */
	json_object_object_add(o, "coreApiScheme", json_str_or_null(r->api_scheme));
	if (r->report_json != NULL) {
		rep = json_object_new_object();
		json_object_object_add(rep, "json", json_object_new_string(r->report_json));
		json_object_object_add(rep, "md", json_object_new_string(r->report_md));
		json_object_object_add(o, "report", rep);
	} else
		json_object_object_add(o, "report", NULL);
	return o;
}

/* The JSON text of r. An evidence document gets its integrity field (SPEC
 * section 11, integrity.c): this is the one place where the evidence object
 * is complete before it is serialised. NULL with *cause when the signing key
 * is named but unusable; *sha256 and *key_id (either may be NULL) get the
 * digest and key id for the Markdown report. */
static char *
render_json(const struct gate_result *r, char **sha256, char **key_id,
    char **cause)
{
	json_object *o = json_result(r), *in, *v;
	char *s = NULL;

	if (r->gate->id == GATE_EVIDENCE) {
		if (integrity_attach_env(o, cause) != 0)
			goto out;
		json_object_object_get_ex(o, "integrity", &in);
		if (sha256 != NULL && json_object_object_get_ex(in, "sha256", &v))
			*sha256 = xstrdup(json_object_get_string(v));
		if (key_id != NULL && json_object_object_get_ex(in, "keyId", &v) &&
		    v != NULL)
			*key_id = xstrdup(json_object_get_string(v));
	}
	s = xasprintf("%s\n", json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
	    JSON_C_TO_STRING_NOSLASHESCAPE));
out:
	json_object_put(o);
	return s;
}

char *
report_render_json(const struct gate_result *r)
{
	char *cause = NULL, *s = render_json(r, NULL, NULL, &cause);

	if (s == NULL) {
		/* The report write has failed on the same key and says so;
		 * what is printed still carries the digest. */
		json_object *o = json_result(r);

		free(cause);
		integrity_attach(o, NULL);
		s = xasprintf("%s\n", json_object_to_json_string_ext(o,
		    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
		    JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
	}
	return s;
}

/* A Markdown table cell: no pipes or line breaks. */
static void
md_cell(struct buf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '|')
			buf_adds(b, "\\|");
		else if (*s == '\n' || *s == '\r')
			buf_addc(b, ' ');
		else
			buf_addc(b, *s);
	}
}

static void
md_value(struct buf *b, const struct kv *kv)
{
	switch (kv->type) {
	case VAL_INT:
		buf_addf(b, "%lld", kv->i);
		break;
	case VAL_NUM: {
		locale_t old = numeric_locale_enter();

		buf_addf(b, "%.6g", kv->d);
		numeric_locale_leave(old);
		break;
	}
	case VAL_STR:
		md_cell(b, kv->s);
		break;
	case VAL_BOOL:
		buf_adds(b, kv->i ? "true" : "false");
		break;
	case VAL_NULL:
		buf_adds(b, "—");
		break;
	}
}

static void
md_kvtable(struct buf *b, const char *title, const struct kvlist *l)
{
	if (l->n == 0)
		return;
	buf_addf(b, "\n## %s\n\n| name | value |\n|---|---|\n", title);
	for (size_t i = 0; i < l->n; i++) {
		buf_adds(b, "| ");
		md_cell(b, l->items[i].key);
		buf_adds(b, " | ");
		md_value(b, &l->items[i]);
		buf_adds(b, " |\n");
	}
}

static void md_result(struct buf *b, const struct gate_result *r, int level,
    const char *sha256, const char *key_id);

/* The findings, each with its sample rows as a table. */
static void
md_findings(struct buf *b, const struct gate_result *r)
{
	if (!(r->nfindings > 0))
		return;
	buf_adds(b, "\n## Findings\n");
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];

		buf_adds(b, "\n-");
		for (size_t k = 0; k < f->fields.n; k++) {
			buf_addf(b, " %s: ", f->fields.items[k].key);
			md_value(b, &f->fields.items[k]);
			buf_adds(b, k + 1 < f->fields.n ? ";" : "");
		}
		buf_adds(b, "\n");
		if (f->nsamples == 0)
			continue;
		buf_adds(b, "\n  | ");
		for (size_t k = 0; k < f->samples[0].n; k++) {
			md_cell(b, f->samples[0].items[k].key);
			buf_adds(b, " | ");
		}
		buf_adds(b, "\n  |");
		for (size_t k = 0; k < f->samples[0].n; k++)
			buf_adds(b, "---|");
		buf_adds(b, "\n");
		for (size_t j = 0; j < f->nsamples; j++) {
			buf_adds(b, "  | ");
			for (size_t k = 0; k < f->samples[j].n; k++) {
				md_value(b, &f->samples[j].items[k]);
				buf_adds(b, " | ");
			}
			buf_adds(b, "\n");
		}
	}
}

/* A composite's stages: a table, then each stage's own section. */
static void
md_stages(struct buf *b, const struct gate_result *r)
{
	if (!(r->nstages > 0))
		return;
	buf_adds(b, "\n## Stages\n\n| stage | verdict | code | report |\n"
	    "|---|---|---|---|\n");
	for (size_t i = 0; i < r->nstages; i++) {
		const struct gate_result *s = r->stages[i];

		buf_addf(b, "| %s %s | %s | %s | %s |\n",
		    s->gate->fid ? s->gate->fid : "", s->gate->name,
		    verdict_name(s->verdict),
		    s->code != CODE_NONE ? code_name(s->code) : "",
		    s->report_md != NULL ? s->report_md : "");
	}
	for (size_t i = 0; i < r->nstages; i++) {
		buf_adds(b, "\n");
		md_result(b, r->stages[i], 2, NULL, NULL);
	}
}

static void
md_result(struct buf *b, const struct gate_result *r, int level,
    const char *sha256, const char *key_id)
{
	char t1[32], t2[32];
	const char *h = level == 1 ? "#" : "##";

	iso_utc(r->started.tv_sec, t1);
	iso_utc(r->finished.tv_sec, t2);
	buf_addf(b, "%s %s%s%s — %s\n\n", h, r->gate->fid ? r->gate->fid : "",
	    r->gate->fid ? " " : "", r->gate->title, verdict_name(r->verdict));
	buf_addf(b, "- Verdict: **%s**", verdict_name(r->verdict));
	if (r->code != CODE_NONE)
		buf_addf(b, " (`%s`)", code_name(r->code));
	buf_addf(b, "\n- Result line: `%s=%s`\n", r->gate->result_key,
	    verdict_name(r->verdict));
	buf_adds(b, "- Batch: ");
	md_cell(b, r->batch != NULL ? r->batch : "—");
	buf_addf(b, "\n- Started: %s, finished: %s (%ld ms)\n", t1, t2,
	    result_duration_ms(r));
	if (r->decision != NULL && level == 1) {
		const struct kv *qs = kv_get(&r->metrics, M_QUALITY_SKIPPED);
		char *x = decision_explain_result(r, qs != NULL && qs->i);

		buf_addf(b, "- Decision: **%s**: ", r->decision);
		md_cell(b, x);
		buf_adds(b, "\n");
		free(x);
	}
	if (r->batch_status != NULL && level == 1)
		buf_addf(b, "- Batch status: **%s** (`%s`)\n", r->batch_status,
		    r->batch_status_path != NULL ? r->batch_status_path : "");
	if (sha256 != NULL)
		buf_addf(b, "- Integrity: sha256 `%s`, %s%s%s (check with "
		    "`ingestgate verify`)\n", sha256, key_id != NULL ?
		    "signed with key `" : "not signed", key_id != NULL ? key_id : "",
		    key_id != NULL ? "`" : "");
	if (r->insecure)
		buf_adds(b, "- **TLS verification was OFF (--insecure)**\n");
	if (r->api_scheme != NULL && strcmp(r->api_scheme, "http") == 0)
		buf_adds(b, "- core-api URL is plain `http://`: no TLS\n");
	if (r->summary != NULL) {
		buf_adds(b, "\n> ");
		md_cell(b, r->summary);
		buf_adds(b, "\n");
	}
	if (level > 1)
		return;
	if (r->nchecks > 0) {
		buf_adds(b, "\n## Checks\n\n| check | verdict | code | detail |\n"
		    "|---|---|---|---|\n");
		for (size_t i = 0; i < r->nchecks; i++) {
			const struct check *c = &r->checks[i];

			buf_adds(b, "| ");
			md_cell(b, c->name);
			buf_addf(b, " | %s | %s | ", verdict_name(c->verdict),
			    check_code(c));
			md_cell(b, c->detail);
			buf_adds(b, " |\n");
		}
	}
	md_kvtable(b, "Metrics", &r->metrics);
	md_kvtable(b, "Thresholds", &r->thresholds);
	md_kvtable(b, "What would flip the verdict", &r->flip);
	md_findings(b, r);
	md_stages(b, r);
	if (r->code != CODE_NONE)
		buf_addf(b, "\n## Next step\n\nRead the playbook entry: "
		    "`ingestgate playbook %s`\n", code_name(r->code));
}

static char *
render_md(const struct gate_result *r, const char *sha256, const char *key_id)
{
	struct buf b = { 0 };

	md_result(&b, r, 1, sha256, key_id);
	buf_addf(&b, "\n---\nGenerated by ingestgate %s.\n", PACKAGE_VERSION);
	return buf_take(&b);
}

char *
report_render_md(const struct gate_result *r)
{
	return render_md(r, NULL, NULL);
}

static char *
display_root(const char *root)
{
	while (root[0] == '.' && root[1] == '/')
		root += 2;
	return xstrdup(*root == '\0' ? "." : root);
}

int
report_folder(const char *root, const struct gate_def *g, const char *batch,
    char **dir, char **shown, char **cause)
{
	const char *folder = g->folder, *mark = strstr(folder, "{batch}");
	char *rel, *b, *droot;

	if (mark != NULL) {
		if ((b = report_batch_dir(batch)) == NULL) {
			*cause = xstrdup("no usable batch code for the report "
			    "folder (set PHASE2_BATCH_CODE or --batch)");
			return -1;
		}
		rel = xasprintf("%.*s%s%s", (int)(mark - folder), folder, b,
		    mark + strlen("{batch}"));
		free(b);
	} else
		rel = xstrdup(folder);
	droot = display_root(root);
	*dir = xasprintf("%s/%s", root, rel);
	*shown = xasprintf("%s/%s", droot, rel);
	free(droot);
	free(rel);
	return 0;
}

/* Renders r and publishes its JSON, then its Markdown, as dir/base.*
 * (never replacing) and over latest.*; fills r->report_json and
 * r->report_md with the paths as shown. 0; 1 when another run took
 * base.json first; -1 with *cause. */
static int
write_pair(const char *dir, const char *shown, const char *base,
    struct gate_result *r, char **cause)
{
	char *json = NULL, *md = NULL, *name;
	struct fileio_temp tmp;
	char *sha256 = NULL, *key_id = NULL;
	int p = -1;

	free(r->report_json);
	free(r->report_md);
	r->report_json = xasprintf("%s/%s.json", shown, base);
	r->report_md = xasprintf("%s/%s.md", shown, base);
	if ((json = render_json(r, &sha256, &key_id, cause)) == NULL)
		goto out;
	if (fileio_write_temp(dir, json, &tmp, cause) != 0)
		goto out;
	name = xasprintf("%s.json", base);
	p = fileio_publish(dir, &tmp, name, "latest.json", cause);
	free(name);
	if (p != 0)
		goto out;
	md = render_md(r, sha256, key_id);
	if (fileio_write_temp(dir, md, &tmp, cause) != 0) {
		p = -1;
		goto out;
	}
	name = xasprintf("%s.md", base);
	p = fileio_publish(dir, &tmp, name, "latest.md", cause);
	free(name);
	if (p == 1) {
		*cause = xasprintf("%s/%s.md appeared while writing", dir, base);
		p = -1;
	}
	if (p == 0)
		fileio_sync_dir(dir);
out:
	free(json);
	free(md);
	free(sha256);
	free(key_id);
	return p;
}

/* 1 when dir/base.json or dir/base.md exists. */
static int
pair_exists(const char *dir, const char *base)
{
	char *jn = xasprintf("%s/%s.json", dir, base);
	char *mn = xasprintf("%s/%s.md", dir, base);
	int e = fileio_exists(jn) || fileio_exists(mn);

	free(jn);
	free(mn);
	return e;
}

int
report_write(const char *root, struct gate_result *r, char **cause)
{
	char *dir = NULL, *shown = NULL, *base = NULL, stamp[32];
	struct tm tm;
	int ret = -1;

	if (report_folder(root, r->gate, r->batch, &dir, &shown, cause) != 0)
		return -1;
	if (fileio_make_dirs(dir, cause) != 0)
		goto out;
	fileio_sweep_temps(dir);
	gmtime_r(&r->started.tv_sec, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);

	for (int n = 1; n < 10000; n++) {
		free(base);
		base = n == 1 ? xasprintf("%s-%s", r->gate->report_name, stamp) :
		    xasprintf("%s-%s-%d", r->gate->report_name, stamp, n);
		if (pair_exists(dir, base))
			continue;
		ret = write_pair(dir, shown, base, r, cause);
		if (ret == 1) {
			ret = -1;
			continue;	/* another run took this name */
		}
		goto out;
	}
	*cause = xasprintf("too many reports in %s for one second", dir);
out:
	if (ret != 0) {
		free(r->report_json);
		free(r->report_md);
		r->report_json = r->report_md = NULL;
	}
	free(dir);
	free(shown);
	free(base);
	return ret;
}
