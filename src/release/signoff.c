/* Sign-off: the hash chain of signoffs.jsonl, the rules of runbook section 8
 * (signoff_judge, pure), the command that appends a line under a lock, and
 * signoff_apply_status, the only writer of a sign-off's READY transition. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/fileio.h"
#include "release/report.h"
#include "release/signoff.h"
#include "core/util.h"

#define SIGNOFF_MAX_FILE (64u * 1024 * 1024)

static const char *const line_skip[] = { "keyId", "signature", NULL };

const char *
signoff_action_name(enum signoff_action a)
{
	switch (a) {
	case SIGNOFF_LIFT_HOLD: return "lift-hold";
	case SIGNOFF_ACCEPT_WARN: return "accept-warn";
	case SIGNOFF_ACK: break;
	}
	return "ack";
}

int
signoff_action_parse(const char *s, enum signoff_action *out)
{
	if (s == NULL)
		return -1;
	if (strcmp(s, "ack") == 0)
		*out = SIGNOFF_ACK;
	else if (strcmp(s, "lift-hold") == 0)
		*out = SIGNOFF_LIFT_HOLD;
	else if (strcmp(s, "accept-warn") == 0)
		*out = SIGNOFF_ACCEPT_WARN;
	else
		return -1;
	return 0;
}

static void
entry_free(struct signoff_entry *e)
{
	free_all(e->at, e->by, e->as, e->note, e->evidence, e->sha256,
	    e->decision, e->prev, e->key_id, e->signature);
}

void
signoff_chain_free(struct signoff_chain *c)
{
	for (size_t i = 0; i < c->n; i++)
		entry_free(&c->e[i]);
	free(c->e);
	memset(c, 0, sizeof *c);
}

/* A string member, NULL for JSON null; -1 when absent or of another type
 * (or null where null is not allowed). */
static int
get_str(json_object *o, const char *key, int nullable, char **out)
{
	json_object *v;

	*out = NULL;
	if (!json_object_object_get_ex(o, key, &v))
		return -1;
	if (v == NULL)
		return nullable ? 0 : -1;
	if (!json_object_is_type(v, json_type_string))
		return -1;
	*out = xstrdup(json_object_get_string(v));
	return 0;
}

static int
is_hex64(const char *s)
{
	if (s == NULL || strlen(s) != INTEGRITY_HEX_LEN)
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return 1;
}

/* One line into e; -1 with *why. */
static int
entry_parse(const char *line, size_t len, struct signoff_entry *e,
    char **why)
{
	static const char *const fields[] = { "at", "by", "as", "evidence",
	    "sha256", "decision", "action" };
	json_object *o = NULL;
	char *action = NULL, *cause = NULL;
	int ret = -1;

	memset(e, 0, sizeof *e);
	if (integrity_parse(line, len, &o, &cause) != 0) {
		*why = xasprintf("not valid JSON (%s)", cause + strlen("line 1: "));
		free(cause);
		return -1;
	}
	if (!json_object_is_type(o, json_type_object)) {
		*why = xstrdup("not a JSON object");
		goto out;
	}
	for (size_t i = 0; i < nitems(fields); i++) {
		json_object *v;

		if (!json_object_object_get_ex(o, fields[i], &v) || v == NULL ||
		    !json_object_is_type(v, json_type_string)) {
			*why = xasprintf("field \"%s\" missing or not a string",
			    fields[i]);
			goto out;
		}
	}
	if (get_str(o, "at", 0, &e->at) || get_str(o, "by", 0, &e->by) ||
	    get_str(o, "as", 0, &e->as) || get_str(o, "note", 1, &e->note) ||
	    get_str(o, "evidence", 0, &e->evidence) ||
	    get_str(o, "sha256", 0, &e->sha256) ||
	    get_str(o, "decision", 0, &e->decision) ||
	    get_str(o, "action", 0, &action) ||
	    get_str(o, "prev", 1, &e->prev) ||
	    get_str(o, "keyId", 1, &e->key_id) ||
	    get_str(o, "signature", 1, &e->signature)) {
		*why = xstrdup("fields note, prev, keyId and signature must be "
		    "present (string or null)");
		goto out;
	}
	if (signoff_action_parse(action, &e->action) != 0) {
		*why = xasprintf("unknown action \"%s\"", action);
		goto out;
	}
	if (!is_hex64(e->sha256) || (e->prev != NULL && !is_hex64(e->prev))) {
		*why = xstrdup("sha256 or prev is not a SHA-256 hex digest");
		goto out;
	}
	if ((e->signature == NULL) != (e->key_id == NULL)) {
		*why = xstrdup("keyId and signature must both be set or both null");
		goto out;
	}
	ret = 0;
out:
	if (ret == 0) {
		/* Kept for the signature check below. */
		char hex[INTEGRITY_HEX_LEN + 1];

		/* e->hash carries the canonical digest to the caller, which
		 * checks the signature with it and then stores the line hash. */
		integrity_digest(o, line_skip, hex);
		memcpy(e->hash, hex, sizeof hex);
	}
	json_object_put(o);
	free(action);
	if (ret != 0)
		entry_free(e);
	return ret;
}

int
signoff_chain_parse(const char *text, size_t len, const char *path,
    const struct integrity_key *pub, int require_signed,
    struct signoff_chain *out, char **cause)
{
	const char *p = text, *end = text + len;
	const char *prev = NULL;
	unsigned lineno = 0;

	memset(out, 0, sizeof *out);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct signoff_entry e;
		char *why = NULL, canon[INTEGRITY_HEX_LEN + 1];

		lineno++;
		if (nl == NULL) {
			*cause = xasprintf("%s:%u: the last line has no line end "
			    "(a truncated write?)", path, lineno);
			return -1;
		}
		if (entry_parse(p, (size_t)(nl - p), &e, &why) != 0) {
			*cause = xasprintf("%s:%u: %s", path, lineno, why);
			free(why);
			return -1;
		}
		memcpy(canon, e.hash, sizeof canon);
		integrity_sha256_hex(p, (size_t)(nl - p), e.hash);
		e.line = lineno;
		if (prev == NULL && e.prev != NULL) {
			*cause = xasprintf("%s:%u: chain broken: the first line "
			    "points to a previous line (lines before it were "
			    "removed)", path, lineno);
			entry_free(&e);
			return -1;
		}
		if (prev != NULL && (e.prev == NULL || strcmp(prev, e.prev) != 0)) {
			*cause = xasprintf("%s:%u: chain broken: prev does not match "
			    "the hash of line %u (line %u was changed, or a line "
			    "was removed or inserted before line %u)", path, lineno,
			    lineno - 1, lineno - 1, lineno);
			entry_free(&e);
			return -1;
		}
		if (e.signature != NULL && pub != NULL) {
			if (strcmp(e.key_id, integrity_key_id(pub)) != 0 ||
			    !integrity_check_sig(pub, canon, e.signature)) {
				*cause = xasprintf("%s:%u: the line's signature "
				    "does not hold for key %s (the line was "
				    "changed or signed by another key)", path,
				    lineno, integrity_key_id(pub));
				entry_free(&e);
				return -1;
			}
			out->checked_sigs++;
		} else if (e.signature == NULL) {
			if (pub != NULL && require_signed) {
				*cause = xasprintf("%s:%u: the line is not signed, "
				    "but a signature by key %s was required", path,
				    lineno, integrity_key_id(pub));
				entry_free(&e);
				return -1;
			}
			out->unsigned_lines++;
		}
		out->e = xreallocarray(out->e, out->n + 1, sizeof *out->e);
		out->e[out->n++] = e;
		prev = out->e[out->n - 1].hash;
		p = nl + 1;
	}
	return 0;
}

int
signoff_chain_read(const char *path, const struct integrity_key *pub,
    int require_signed, struct signoff_chain *out, char **cause)
{
	struct buf b;
	char *why = NULL;
	int r;

	memset(out, 0, sizeof *out);
	if (access(path, F_OK) != 0 && errno == ENOENT)
		return 0;
	if (fileio_read(path, SIGNOFF_MAX_FILE, &b, &why) != 0) {
		*cause = xasprintf("cannot read %s", why);
		free(why);
		return -1;
	}
	r = signoff_chain_parse(b.data, b.len, path, pub, require_signed, out,
	    cause);
	buf_free(&b);
	return r;
}

void
signoff_evidence_free(struct signoff_evidence *ev)
{
	free_all(ev->path, ev->sha256, ev->decision, ev->stages);
	memset(ev, 0, sizeof *ev);
}

void
signoff_outcome_free(struct signoff_outcome *o)
{
	free_all(o->reason, o->missing);
	memset(o, 0, sizeof *o);
}

/* Names and roles compare case-insensitively with outer spaces ignored. */
static int
same_word(const char *a, const char *b)
{
	size_t la, lb;

	while (isspace((unsigned char)*a))
		a++;
	while (isspace((unsigned char)*b))
		b++;
	la = strlen(a);
	lb = strlen(b);
	while (la > 0 && isspace((unsigned char)a[la - 1]))
		la--;
	while (lb > 0 && isspace((unsigned char)b[lb - 1]))
		lb--;
	return la == lb && strncasecmp(a, b, la) == 0;
}

/* Who signed this digest with this action: the line of a role's signer. */
struct signers {
	const struct signoff_entry *tech, *backend;
	const struct signoff_entry *people[2];	/* first two distinct */
	size_t npeople;
};

static void
count_signers(const struct signoff_entry *chain, size_t n, const char *sha,
    enum signoff_action action, struct signers *s)
{
	memset(s, 0, sizeof *s);
	for (size_t i = 0; i < n; i++) {
		const struct signoff_entry *e = &chain[i];
		int seen = 0;

		if (e->action != action || strcmp(e->sha256, sha) != 0)
			continue;
		if (same_word(e->as, "Tech Lead") && s->tech == NULL)
			s->tech = e;
		if (same_word(e->as, "Backend Lead") && s->backend == NULL)
			s->backend = e;
		for (size_t k = 0; k < s->npeople; k++)
			seen |= same_word(s->people[k]->by, e->by);
		if (!seen && s->npeople < 2)
			s->people[s->npeople++] = e;
	}
}

static int
leads_done(const struct signers *s)
{
	return s->tech != NULL && s->backend != NULL &&
	    !same_word(s->tech->by, s->backend->by);
}

char *
signoff_missing(const char *status, const struct signoff_evidence *ev,
    const struct signoff_entry *chain, size_t n)
{
	struct signers s;

	if (ev == NULL)
		return xstrdup("release evidence for the batch (ingestgate gate "
		    "evidence)");
	if (status == NULL || strcmp(status, "READY") == 0)
		return xstrdup("");
	if (ev->n_inconclusive > 0)
		return xasprintf("conclusive evidence: INCONCLUSIVE cannot be "
		    "signed away (%s); fix the cause and run the evidence again",
		    ev->stages);
	if (strcmp(status, "HOLD") == 0) {
		if (strcmp(ev->decision, "GO") != 0 || ev->n_warn > 0 ||
		    ev->n_fail > 0)
			return xasprintf("GO evidence (the latest is %s: %s), "
			    "then --lift-hold by a Tech Lead and a Backend Lead",
			    ev->decision, ev->stages);
		count_signers(chain, n, ev->sha256, SIGNOFF_LIFT_HOLD, &s);
		if (s.tech == NULL && s.backend == NULL)
			return xstrdup("--lift-hold by a Tech Lead and by a "
			    "Backend Lead");
		return xasprintf("--lift-hold by a %s (another person than %s)",
		    s.tech == NULL ? "Tech Lead" : "Backend Lead",
		    s.tech == NULL ? s.backend->by : s.tech->by);
	}
	if (strcmp(status, "PENDING") == 0) {
		if (ev->n_fail > 0 || strcmp(ev->decision, "NO-GO") == 0)
			return xasprintf("a fix: the latest evidence is NO-GO (%s)",
			    ev->stages);
		count_signers(chain, n, ev->sha256, SIGNOFF_ACCEPT_WARN, &s);
		if (s.npeople == 0)
			return xasprintf("--accept-warn by two different people "
			    "(%s)", ev->stages);
		if (s.npeople == 1)
			return xasprintf("--accept-warn by one more person (not "
			    "%s)", s.people[0]->by);
	}
	return xstrdup("");
}

/* Refuses the sign-off with a reason; returns -1 for the judge_* steps. */
static int
refuse(struct signoff_outcome *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
refuse(struct signoff_outcome *o, const char *fmt, ...)
{
	va_list ap;

	o->refused = 1;
	va_start(ap, fmt);
	o->reason = xvasprintf(fmt, ap);
	va_end(ap);
	return -1;
}

/* The request names a person and a role; -1 (refused) when it does not. */
static int
judge_who(const struct signoff_request *req, struct signoff_outcome *out)
{
	if (req->by == NULL || strspn(req->by, " \t") == strlen(req->by) ||
	    req->as == NULL || strspn(req->as, " \t") == strlen(req->as))
		return refuse(out, "a sign-off needs a name (--by) and a role "
		    "(--as)");
	return 0;
}

/* The same person may not sign the same evidence with the same action
 * twice; -1 (refused) when they did. */
static int
judge_twice(const struct signoff_entry *chain, size_t n,
    const struct signoff_evidence *ev, const struct signoff_request *req,
    struct signoff_outcome *out)
{
	for (size_t i = 0; i < n; i++)
		if (chain[i].action == req->action &&
		    strcmp(chain[i].sha256, ev->sha256) == 0 &&
		    same_word(chain[i].by, req->by))
			return refuse(out, "%s has already signed this evidence "
			    "(%s, line %u): the same person cannot sign twice",
			    req->by, signoff_action_name(req->action),
			    chain[i].line);
	return 0;
}

/* INCONCLUSIVE is never signed away; -1 (refused) when a stage is. */
static int
judge_conclusive(const struct signoff_evidence *ev,
    struct signoff_outcome *out)
{
	if (ev->n_inconclusive > 0)
		return refuse(out, "INCONCLUSIVE can never be signed away (%s): "
		    "fix the cause and run the evidence again", ev->stages);
	return 0;
}

/* The lead of the requested role has not signed yet, and the other lead
 * is another person; -1 (refused) otherwise. */
static int
judge_leads(const struct signoff_entry *chain, size_t n,
    const struct signoff_evidence *ev, const struct signoff_request *req,
    struct signoff_outcome *out)
{
	int tech = same_word(req->as, "Tech Lead");
	const struct signoff_entry *e;
	struct signers s;

	count_signers(chain, n, ev->sha256, SIGNOFF_LIFT_HOLD, &s);
	if ((e = tech ? s.tech : s.backend) != NULL)
		return refuse(out, "the %s has already signed this evidence (%s, "
		    "line %u); still missing: the %s", e->as, e->by, e->line,
		    tech ? "Backend Lead" : "Tech Lead");
	if ((s.tech != NULL && same_word(s.tech->by, req->by)) ||
	    (s.backend != NULL && same_word(s.backend->by, req->by)))
		return refuse(out, "%s has already signed this evidence: the "
		    "Tech Lead and the Backend Lead must be two different "
		    "people", req->by);
	return 0;
}

/* --lift-hold: a HOLD, GO evidence, a lead's role; -1 (refused) otherwise. */
static int
judge_lift_hold(const char *st, const struct signoff_entry *chain, size_t n,
    const struct signoff_evidence *ev, const struct signoff_request *req,
    struct signoff_outcome *out)
{
	if (judge_conclusive(ev, out) != 0)
		return -1;
	if (strcmp(st, "HOLD") != 0)
		return refuse(out, "the batch is %s, not HOLD: there is no hold "
		    "to lift", st);
	if (strcmp(ev->decision, "GO") != 0 || ev->n_fail > 0 ||
	    ev->n_warn > 0)
		return refuse(out, "the latest evidence is %s (%s): a HOLD is "
		    "lifted only on GO evidence; fix the cause and run "
		    "'ingestgate gate evidence' again", ev->decision,
		    ev->stages);
	if (!same_word(req->as, "Tech Lead") &&
	    !same_word(req->as, "Backend Lead"))
		return refuse(out, "--lift-hold needs --as \"Tech Lead\" or --as "
		    "\"Backend Lead\" (runbook 8), not \"%s\"", req->as);
	return judge_leads(chain, n, ev, req, out);
}

/* --accept-warn: WARN stages and no failure on a PENDING batch; -1
 * (refused) otherwise. */
static int
judge_accept_warn(const char *st, const struct signoff_evidence *ev,
    struct signoff_outcome *out)
{
	if (judge_conclusive(ev, out) != 0)
		return -1;
	if (ev->n_fail > 0 || strcmp(ev->decision, "NO-GO") == 0)
		return refuse(out, "the latest evidence is NO-GO (%s): a failure "
		    "cannot be accepted", ev->stages);
	if (strcmp(st, "HOLD") == 0)
		return refuse(out, "the batch is on HOLD: only --lift-hold by a "
		    "Tech Lead and a Backend Lead on GO evidence lifts it");
	if (ev->n_warn == 0)
		return refuse(out, "the latest evidence has no WARN stage: there "
		    "is nothing to accept");
	if (strcmp(st, "PENDING") != 0)
		return refuse(out, "the batch is %s, not PENDING: there is "
		    "nothing to accept", st);
	return 0;
}

/* The outcome as if the line were written: does it lift, what is left. */
static void
judge_outcome(const char *status, const struct signoff_evidence *ev,
    const struct signoff_entry *chain, size_t n,
    const struct signoff_request *req, struct signoff_outcome *out)
{
	struct signoff_entry self;
	struct signoff_entry *all;
	struct signers s;

	memset(&self, 0, sizeof self);
	self.by = xstrdup(req->by);
	self.as = xstrdup(req->as);
	self.sha256 = xstrdup(ev->sha256);
	self.action = req->action;
	all = xreallocarray(NULL, n + 1, sizeof *all);
	if (n > 0)
		memcpy(all, chain, n * sizeof *all);
	all[n] = self;
	if (req->action == SIGNOFF_LIFT_HOLD) {
		count_signers(all, n + 1, ev->sha256, SIGNOFF_LIFT_HOLD, &s);
		out->lifts = leads_done(&s);
	} else if (req->action == SIGNOFF_ACCEPT_WARN) {
		count_signers(all, n + 1, ev->sha256, SIGNOFF_ACCEPT_WARN, &s);
		out->lifts = s.npeople >= 2;
	}
	out->missing = signoff_missing(out->lifts ? "READY" : status, ev, all,
	    n + 1);
	free(all);
	entry_free(&self);
}

void
signoff_judge(const char *status, const struct signoff_evidence *ev,
    const struct signoff_entry *chain, size_t n,
    const struct signoff_request *req, struct signoff_outcome *out)
{
	const char *st = status != NULL ? status : "(none)";

	memset(out, 0, sizeof *out);
	if (n > 0 && ev != NULL && strcmp(chain[n - 1].sha256, ev->sha256) != 0)
		out->superseded = &chain[n - 1];
	if (judge_who(req, out) != 0)
		goto out;
	if (ev == NULL) {
		refuse(out, "no release evidence for this batch: run "
		    "'ingestgate gate evidence' first");
		goto out;
	}
	if (judge_twice(chain, n, ev, req, out) != 0)
		goto out;
	if (req->action == SIGNOFF_LIFT_HOLD &&
	    judge_lift_hold(st, chain, n, ev, req, out) != 0)
		goto out;
	if (req->action == SIGNOFF_ACCEPT_WARN &&
	    judge_accept_warn(st, ev, out) != 0)
		goto out;
	judge_outcome(status, ev, chain, n, req, out);
out:
	if (out->missing == NULL)
		out->missing = xstrdup("");
}

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

	if (fileio_read(path, SIGNOFF_MAX_FILE, &b, &why) != 0) {
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

int
signoff_apply_status(const char *dir, const char *at, const char *report,
    char **cause)
{
	char *path = xasprintf("%s/batch-status.json", dir), *data = NULL;
	json_object *o, *v, *hist, *h;
	const char *from = NULL;
	int ret = -1;

	if ((o = read_json(path, cause)) == NULL)
		goto out;
	if (json_object_object_get_ex(o, "status", &v) &&
	    json_object_is_type(v, json_type_string))
		from = json_object_get_string(v);
	h = json_object_new_object();
	json_object_object_add(h, "from", from != NULL ?
	    json_object_new_string(from) : NULL);
	json_object_object_add(h, "to", json_object_new_string("READY"));
	json_object_object_add(h, "at", json_object_new_string(at));
	json_object_object_add(h, "gate", json_object_new_string("signoff"));
	json_object_object_add(h, "report", json_object_new_string(report));
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

void
signoff_result_free(struct signoff_result *r)
{
	free(r->message);
	memset(r, 0, sizeof *r);
}

/* The line's text (no newline); caller frees. */
static char *
render_line(const char *at, const struct signoff_request *req,
    const char *note, const struct signoff_evidence *ev, const char *prev,
    const struct integrity_key *key)
{
	json_object *o = json_object_new_object();
	char hex[INTEGRITY_HEX_LEN + 1], *b64 = NULL, *cause = NULL, *s;

	json_object_object_add(o, "at", json_object_new_string(at));
	json_object_object_add(o, "by", json_object_new_string(req->by));
	json_object_object_add(o, "as", json_object_new_string(req->as));
	json_object_object_add(o, "note", note != NULL ?
	    json_object_new_string(note) : NULL);
	json_object_object_add(o, "evidence", json_object_new_string(ev->path));
	json_object_object_add(o, "sha256", json_object_new_string(ev->sha256));
	json_object_object_add(o, "decision", json_object_new_string(ev->decision));
	json_object_object_add(o, "action",
	    json_object_new_string(signoff_action_name(req->action)));
	json_object_object_add(o, "prev", prev != NULL ?
	    json_object_new_string(prev) : NULL);
	if (key != NULL) {
		integrity_digest(o, line_skip, hex);
		if (integrity_sign(key, hex, &b64, &cause) != 0)
			fatal("%s", cause);
	}
	json_object_object_add(o, "keyId", key != NULL ?
	    json_object_new_string(integrity_key_id(key)) : NULL);
	json_object_object_add(o, "signature", b64 != NULL ?
	    json_object_new_string(b64) : NULL);
	s = xstrdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE));
	free(b64);
	json_object_put(o);
	return s;
}

/* What one sign-off holds while it runs (signoff_record). */
struct record {
	char *dir, *shown, *path, *status;
	struct integrity_key *key;
	int fd;			/* signoffs.jsonl, locked */
	struct signoff_chain chain;
	struct signoff_evidence ev;
	int have_ev;
	struct signoff_outcome oc;
	struct buf msg;
};

/* Reads the whole file from the start; -1 with errno when it cannot. */
static int
read_fd(int fd, struct buf *text)
{
	for (;;) {
		char chunk[8192];
		ssize_t n = pread(fd, chunk, sizeof chunk, (off_t)text->len);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0)
			return 0;
		buf_add(text, chunk, (size_t)n);
	}
}

/* The batch folder, the key and signoffs.jsonl opened under an exclusive
 * lock; the exit status (2 when it cannot) with rc->msg. */
static int
record_lock(struct record *rc, const char *root, const char *batch)
{
	char *cause = NULL;
	int ret = 2;

	if (signoff_batch_dir(root, batch, &rc->dir, &rc->shown, &cause) != 0) {
		buf_addf(&rc->msg, "signoff: %s", cause);
		goto out;
	}
	rc->key = integrity_key_from_env(&cause);
	if (cause != NULL) {
		buf_addf(&rc->msg, "signoff: %s", cause);
		goto out;
	}
	rc->path = xasprintf("%s/%s", rc->dir, SIGNOFF_FILE);
	if (access(rc->dir, F_OK) != 0) {
		buf_addf(&rc->msg, "signoff: no release evidence in %s: run "
		    "'ingestgate gate evidence' first", rc->shown);
		goto out;
	}
	/* One sign-off at a time: read, judge and append under the lock. */
	rc->fd = open(rc->path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (rc->fd == -1 || flock(rc->fd, LOCK_EX) == -1) {
		buf_addf(&rc->msg, "signoff: cannot open %s/%s: %s", rc->shown,
		    SIGNOFF_FILE, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	free(cause);
	return ret;
}

/* The chain, the evidence and the status read, and the rules applied; the
 * exit status (1 refused or broken, 2 cannot) with rc->msg. */
static int
record_judge(struct record *rc, const struct signoff_request *req)
{
	struct buf text = { 0 };
	char *cause = NULL;
	int ret = 2;

	if (read_fd(rc->fd, &text) != 0) {
		buf_addf(&rc->msg, "signoff: cannot read %s/%s: %s", rc->shown,
		    SIGNOFF_FILE, strerror(errno));
		goto out;
	}
	if (signoff_chain_parse(text.data != NULL ? text.data : "", text.len,
	    rc->path, rc->key, 0, &rc->chain, &cause) != 0) {
		buf_addf(&rc->msg, "signoff: EVIDENCE_SIGNATURE_INVALID: %s\n"
		    "signoff: refusing to append to a broken chain; restore the "
		    "file from a copy and check it with 'ingestgate verify'",
		    cause);
		ret = 1;
		goto out;
	}
	if (signoff_evidence_load(rc->dir, rc->shown, rc->key, &rc->ev,
	    &cause) != 0) {
		buf_addf(&rc->msg, "signoff: %s", cause);
		ret = strstr(cause, "does not verify") != NULL ? 1 : 2;
		goto out;
	}
	rc->have_ev = 1;
	rc->status = signoff_status_load(rc->dir);
	signoff_judge(rc->status, &rc->ev, rc->chain.e, rc->chain.n, req,
	    &rc->oc);
	if (rc->oc.superseded != NULL)
		buf_addf(&rc->msg, "note: a newer evidence exists (%s, sha256 "
		    "%.12s...) than the one signed on line %u (sha256 %.12s...): "
		    "this sign-off binds to the newer one; sign-offs of the "
		    "older evidence no longer count\n", rc->ev.path, rc->ev.sha256,
		    rc->oc.superseded->line, rc->oc.superseded->sha256);
	if (rc->oc.refused) {
		buf_addf(&rc->msg, "signoff: refused: %s", rc->oc.reason);
		ret = 1;
		goto out;
	}
	ret = 0;
out:
	buf_free(&text);
	free(cause);
	return ret;
}

/* The line appended and synced; the exit status (2 when it cannot). */
static int
record_append(struct record *rc, const struct signoff_request *req,
    const char *note, const char *at)
{
	const struct signoff_chain *c = &rc->chain;
	char *line = render_line(at, req, note, &rc->ev, c->n > 0 ?
	    c->e[c->n - 1].hash : NULL, rc->key);
	char *l = xasprintf("%s\n", line);
	size_t len = strlen(l);
	ssize_t w = write(rc->fd, l, len);
	int ret = 0;

	if (w != (ssize_t)len || fsync(rc->fd) == -1) {
		buf_addf(&rc->msg, "signoff: cannot write %s/%s: %s", rc->shown,
		    SIGNOFF_FILE, strerror(errno));
		ret = 2;
	} else {
		buf_addf(&rc->msg, "signed: %s as %s, %s, evidence %s (%s, "
		    "sha256 %.12s...)%s%s\n", req->by, req->as,
		    signoff_action_name(req->action), rc->ev.path,
		    rc->ev.decision, rc->ev.sha256, rc->key != NULL ? ", line "
		    "signed with key " : "", rc->key != NULL ?
		    integrity_key_id(rc->key) : "");
		buf_addf(&rc->msg, "recorded in %s/%s:%zu\n", rc->shown,
		    SIGNOFF_FILE, c->n + 1);
	}
	free(l);
	free(line);
	return ret;
}

/* What the line did to the batch: lifted (status written) or what it still
 * needs; the exit status (2 when the status cannot be written). */
static int
record_lift(struct record *rc, const char *batch, const char *at,
    int *lifted)
{
	const char *was = rc->status != NULL ? rc->status : "(none)";
	char *cause = NULL;

	if (!rc->oc.lifts) {
		if (*rc->oc.missing != '\0')
			buf_addf(&rc->msg, "batch %s stays %s; still missing: %s",
			    batch, was, rc->oc.missing);
		else
			buf_addf(&rc->msg, "batch %s: %s", batch, was);
		return 0;
	}
	if (signoff_apply_status(rc->dir, at, rc->ev.path, &cause) != 0) {
		buf_addf(&rc->msg, "signoff: the sign-off is recorded, but the "
		    "batch status could not be written: %s", cause);
		free(cause);
		return 2;
	}
	*lifted = 1;
	buf_addf(&rc->msg, "batch %s: %s -> READY (%s/batch-status.json)", batch,
	    was, rc->shown);
	return 0;
}

static void
record_free(struct record *rc)
{
	if (rc->fd != -1)
		close(rc->fd);	/* releases the lock */
	if (rc->have_ev)
		signoff_evidence_free(&rc->ev);
	signoff_outcome_free(&rc->oc);
	signoff_chain_free(&rc->chain);
	integrity_key_free(rc->key);
	buf_free(&rc->msg);
	free_all(rc->dir, rc->shown, rc->path, rc->status);
}

void
signoff_record(const char *root, const char *batch,
    const struct signoff_request *req, const char *note, time_t now,
    struct signoff_result *out)
{
	struct record rc;
	char at[ISO_UTC_LEN];
	int status;

	memset(out, 0, sizeof *out);
	memset(&rc, 0, sizeof rc);
	rc.fd = -1;
	iso_utc(now, at);
	if ((status = record_lock(&rc, root, batch)) == 0 &&
	    (status = record_judge(&rc, req)) == 0 &&
	    (status = record_append(&rc, req, note, at)) == 0)
		status = record_lift(&rc, batch, at, &out->lifted);
	out->status = status;
	out->message = rc.msg.data != NULL ? buf_take(&rc.msg) : xstrdup("");
	record_free(&rc);
}

int
signoff_view_load(const char *root, const char *batch,
    struct signoff_view *out, char **cause)
{
	struct signoff_chain chain = { 0 };
	struct signoff_evidence ev;
	char *dir = NULL, *shown = NULL, *path = NULL, *why = NULL;
	int have_ev;

	memset(out, 0, sizeof *out);
	memset(&ev, 0, sizeof ev);
	if (signoff_batch_dir(root, batch, &dir, &shown, cause) != 0)
		return -1;
	path = xasprintf("%s/%s", dir, SIGNOFF_FILE);
	out->status = signoff_status_load(dir);
	if (signoff_chain_read(path, NULL, 0, &chain, &why) != 0) {
		out->problem = why;
		why = NULL;
	}
	have_ev = signoff_evidence_load(dir, shown, NULL, &ev, &why) == 0;
	if (!have_ev && out->problem == NULL) {
		out->problem = why;
		why = NULL;
	}
	if (have_ev) {
		out->decision = xstrdup(ev.decision);
		for (size_t i = 0; i < chain.n; i++) {
			const struct signoff_entry *e = &chain.e[i];

			if (strcmp(e->sha256, ev.sha256) != 0)
				continue;
			out->lines = xreallocarray(out->lines, out->n + 1,
			    sizeof *out->lines);
			out->lines[out->n++] = xasprintf("%s %s (%s) %s", e->at,
			    e->by, e->as, signoff_action_name(e->action));
		}
	}
	out->missing = signoff_missing(out->status, have_ev ? &ev : NULL,
	    chain.e, chain.n);
	if (have_ev)
		signoff_evidence_free(&ev);
	signoff_chain_free(&chain);
	free(why);
	free(dir);
	free(shown);
	free(path);
	return 0;
}

void
signoff_view_free(struct signoff_view *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->lines[i]);
	free_all(v->status, v->decision, v->lines, v->missing, v->problem);
	memset(v, 0, sizeof *v);
}
