/* The batch folder's files a sign-off reads and writes:
 * release-evidence/{batch}, its latest evidence (latest.json, digest
 * checked) and batch-status.json, with signoff_apply_status, the only
 * writer of a sign-off's READY transition. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/fileio.h"
#include "release/report.h"
#include "release/signoff.h"
#include "release/signoff_int.h"
#include "core/util.h"

int
signoff_batch_dir(const char *root, const char *batch, char **dir,
    char **shown, char **cause)
{
	char *b = report_batch_dir(batch);
	const char *r = root;

	if (b == NULL) {
		*cause = xstrdup(batch == NULL ? "needs a batch code "
		    "(PHASE2_BATCH_CODE or --batch)" : "the batch code is not "
		    "usable as a folder name");
		return -1;
	}
	*dir = xasprintf("%s/release-evidence/%s", root, b);
	while (r[0] == '.' && r[1] == '/')
		r += 2;
	*shown = xasprintf("%s/release-evidence/%s", *r == '\0' ? "." : r, b);
	free(b);
	return 0;
}

static json_object *
read_json(const char *path, char **cause)
{
	struct buf b;
	json_object *o = NULL;
	char *why = NULL;

	if (fileio_read_own(path, SIGNOFF_MAX_FILE, &b, &why) != 0) {
		*cause = xasprintf("cannot read %s", why);
		free(why);
		return NULL;
	}
	if (integrity_parse(b.data, b.len, &o, &why) != 0) {
		*cause = xasprintf("%s:%s", path, why + strlen("line "));
		free(why);
	} else if (!json_object_is_type(o, json_type_object)) {
		*cause = xasprintf("%s:1: not a JSON object", path);
		json_object_put(o);
		o = NULL;
	}
	buf_free(&b);
	return o;
}

int
signoff_evidence_load(const char *dir, const char *shown,
    const struct integrity_key *pub, struct signoff_evidence *out,
    char **cause)
{
	char *path = xasprintf("%s/latest.json", dir);
	json_object *o = NULL, *v, *stages, *rep;
	struct integrity_report ir;
	struct buf st = { 0 };
	int ret = -1;

	memset(out, 0, sizeof *out);
	memset(&ir, 0, sizeof ir);
	if (access(path, F_OK) != 0) {
		*cause = xasprintf("no release evidence in %s: run 'ingestgate "
		    "gate evidence' first", shown);
		goto out;
	}
	if ((o = read_json(path, cause)) == NULL)
		goto out;
	integrity_check_doc(o, pub, &ir);
	/* A signature we have no key for still leaves a checked digest. */
	if (ir.status == INTEGRITY_INVALID || ir.digest[0] == '\0' ||
	    (ir.status == INTEGRITY_UNCHECKABLE && !ir.is_signed)) {
		*cause = xasprintf("%s/latest.json does not verify: %s", shown,
		    ir.message);
		goto out;
	}
	out->sha256 = xstrdup(ir.digest);
	if (json_object_object_get_ex(o, "batch", &v) &&
	    json_object_is_type(v, json_type_string))
		out->batch = xstrdup(json_object_get_string(v));
	out->insecure = json_object_object_get_ex(o, "tlsVerify", &v) &&
	    (!json_object_is_type(v, json_type_boolean) ||
	    !json_object_get_boolean(v));
	out->decision = xstrdup(json_object_object_get_ex(o, "decision", &v) &&
	    json_object_is_type(v, json_type_string) ?
	    json_object_get_string(v) : "(none)");
	if (json_object_object_get_ex(o, "report", &rep) &&
	    json_object_object_get_ex(rep, "json", &v) &&
	    json_object_is_type(v, json_type_string))
		out->path = xstrdup(json_object_get_string(v));
	else
		out->path = xasprintf("%s/latest.json", shown);
	if (json_object_object_get_ex(o, "stages", &stages) &&
	    json_object_is_type(stages, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(stages); i++) {
			json_object *s = json_object_array_get_idx(stages, i), *id;
			const char *verdict;

			if (!json_object_object_get_ex(s, "verdict", &v))
				continue;
			verdict = json_object_get_string(v);
			if (verdict == NULL || strcmp(verdict, "PASS") == 0 ||
			    strcmp(verdict, "SKIPPED") == 0)
				continue;
			if (strcmp(verdict, "WARN") == 0)
				out->n_warn++;
			else if (strcmp(verdict, "INCONCLUSIVE") == 0)
				out->n_inconclusive++;
			else
				out->n_fail++;
			json_object_object_get_ex(s, "id", &id);
			buf_addf(&st, "%s%s %s", st.len ? ", " : "",
			    id != NULL ? json_object_get_string(id) : "?", verdict);
		}
	}
	out->stages = st.data != NULL ? buf_take(&st) : xstrdup("every stage PASS");
	ret = 0;
out:
	if (ret != 0)
		signoff_evidence_free(out);
	integrity_report_free(&ir);
	json_object_put(o);
	free(path);
	return ret;
}

char *
signoff_status_load(const char *dir)
{
	char *path = xasprintf("%s/batch-status.json", dir), *cause = NULL;
	json_object *o = read_json(path, &cause), *v;
	char *s = NULL;

	if (o != NULL && json_object_object_get_ex(o, "status", &v) &&
	    json_object_is_type(v, json_type_string))
		s = xstrdup(json_object_get_string(v));
	json_object_put(o);
	free(cause);
	free(path);
	return s;
}

/* The lift's own members of the status o. */
static void
apply_lift(json_object *o, const char *at, const char *report)
{
	json_object *v, *hist, *h;
	const char *from = NULL;

	if (json_object_object_get_ex(o, "status", &v) &&
	    json_object_is_type(v, json_type_string))
		from = json_object_get_string(v);
	h = json_object_new_object();
	json_object_object_add(h, "from", from != NULL ?
	    json_object_new_string(from) : NULL);
	json_object_object_add(h, "to", json_object_new_string("READY"));
	json_object_object_add(h, "at", json_object_new_string(at));
	json_object_object_add(h, "gate", json_object_new_string("signoff"));
	json_object_object_add(h, "report", report != NULL ?
	    json_object_new_string(report) : NULL);
	if (!json_object_object_get_ex(o, "history", &hist) ||
	    !json_object_is_type(hist, json_type_array)) {
		hist = json_object_new_array();
		json_object_object_add(o, "history", hist);
	}
	json_object_array_add(hist, h);
	json_object_object_add(o, "status", json_object_new_string("READY"));
	json_object_object_add(o, "since", json_object_new_string(at));
	json_object_object_add(o, "updatedAt", json_object_new_string(at));
	json_object_object_add(o, "escalation", json_object_new_array());
	json_object_object_add(o, "code", NULL);
	json_object_object_add(o, "reason", json_object_new_string("lifted by "
	    "sign-off (signoffs.jsonl): GO evidence signed by the Tech Lead and "
	    "the Backend Lead, or its WARN stages accepted by two people"));
}

int
signoff_apply_status(const char *dir, const char *at, const char *report,
    int lift, const struct signoff_head *head, char **cause)
{
	char *path = xasprintf("%s/batch-status.json", dir), *data = NULL;
	json_object *o, *ch;
	int ret = -1;

	if ((o = read_json(path, cause)) == NULL)
		goto out;
	if (lift)
		apply_lift(o, at, report);
	if (head != NULL && head->lines > 0) {
		/* What verify holds the chain to: a removed last line shows. */
		ch = json_object_new_object();
		json_object_object_add(ch, "lines",
		    json_object_new_int64((int64_t)head->lines));
		json_object_object_add(ch, "sha256",
		    json_object_new_string(head->sha256));
		json_object_object_add(ch, "at", json_object_new_string(at));
		json_object_object_add(o, "chain", ch);
	}
	data = xasprintf("%s\n", json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
	    JSON_C_TO_STRING_NOSLASHESCAPE));
	ret = fileio_write_atomic(dir, "batch-status.json", data, cause);
out:
	json_object_put(o);
	free(data);
	free(path);
	return ret;
}

