/* Sign-off rules of runbook section 8: signoff_judge, pure (no file is
 * read or written here), says whether a sign-off is allowed and whether it
 * lifts the batch to READY; signoff_missing says what is still needed;
 * with the actions' names and the frees of the types they use. The chain
 * file is signoff_chain.c, the batch's evidence and status files
 * signoff_batch.c, the command and the console's view signoff_record.c. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "release/person.h"
#include "release/signoff.h"
#include "release/signoff_int.h"
#include "core/util.h"

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

void
signoff_entry_free(struct signoff_entry *e)
{
	free_all(e->at, e->by, e->as, e->note, e->evidence, e->sha256,
	    e->decision, e->prev, e->key_id, e->signature);
}

void
signoff_evidence_free(struct signoff_evidence *ev)
{
	free_all(ev->path, ev->sha256, ev->decision, ev->stages, ev->batch);
	memset(ev, 0, sizeof *ev);
}

void
signoff_outcome_free(struct signoff_outcome *o)
{
	free_all(o->reason, o->missing);
	memset(o, 0, sizeof *o);
}

/* Names and roles compare as one person compares (person.h): NFKC, case
 * folding, collapsed spaces. */
static int
same_word(const char *a, const char *b)
{
	return person_same(a, b);
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

int
signoff_lifted(const char *status, const struct signoff_evidence *ev,
    const struct signoff_entry *chain, size_t n)
{
	struct signers s;

	if (status == NULL || ev == NULL || !ev->current || ev->insecure ||
	    ev->n_inconclusive > 0 || ev->n_fail > 0)
		return 0;
	if (strcmp(status, "HOLD") == 0) {
		if (strcmp(ev->decision, "GO") != 0 || ev->n_warn > 0)
			return 0;
		count_signers(chain, n, ev->sha256, SIGNOFF_LIFT_HOLD, &s);
		return leads_done(&s);
	}
	if (strcmp(status, "PENDING") == 0) {
		if (strcmp(ev->decision, "NO-GO") == 0 || ev->n_warn == 0)
			return 0;
		count_signers(chain, n, ev->sha256, SIGNOFF_ACCEPT_WARN, &s);
		return s.npeople >= 2;
	}
	return 0;
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
	if (ev->insecure)
		return xstrdup("evidence run with TLS verification on: evidence "
		    "from a run with --insecure is never signed off");
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
		if (!ev->current)
			return xasprintf("GO evidence newer than the HOLD (the "
			    "latest, %s, was run before the HOLD was set), then "
			    "--lift-hold by a Tech Lead and a Backend Lead",
			    ev->path);
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

/* Evidence of this batch, run with TLS verification on; -1 (refused)
 * otherwise. */
static int
judge_evidence(const struct signoff_evidence *ev,
    const struct signoff_request *req, struct signoff_outcome *out)
{
	if (ev->insecure)
		return refuse(out, "the latest evidence (%s) was run with TLS "
		    "verification off (--insecure): it is never signed off; run "
		    "'ingestgate gate evidence' without --insecure", ev->path);
	if (req->batch != NULL && (ev->batch == NULL ||
	    strcmp(ev->batch, req->batch) != 0))
		return refuse(out, "the latest evidence (%s) is of batch %s, not "
		    "%s: evidence is signed only for its own batch; run "
		    "'ingestgate gate evidence' for this batch", ev->path,
		    ev->batch != NULL ? ev->batch : "(none)", req->batch);
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
	if (!ev->current)
		return refuse(out, "the latest evidence (%s) is not newer than "
		    "the HOLD: a failure came after it; run 'ingestgate gate "
		    "evidence' again and sign the new evidence", ev->path);
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
	if (!ev->current)
		return refuse(out, "the latest evidence (%s) is not the one the "
		    "batch status took in: run 'ingestgate gate evidence' again",
		    ev->path);
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
	signoff_entry_free(&self);
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
	if (judge_evidence(ev, req, out) != 0 ||
	    judge_twice(chain, n, ev, req, out) != 0)
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
