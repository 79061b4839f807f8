/* The DLQ replay rules both faces share. The command line and the console
 * only collect answers and show these texts; what is valid, what counts as
 * a confirmation and what the audit log records is decided here. */
#include "config.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "replay/audit.h"
#include "clients/core_api.h"
#include "replay/replay.h"
#include "core/sanitize.h"
#include "core/util.h"

static const char *const roles[] = { "MANAGER", "ADMIN" };
static const char *const statuses[] = { "OPEN", "FAILED" };

/* The accepted spelling of s in set (case-insensitive), or NULL. */
static const char *
pick(const char *s, const char *const *set, size_t n)
{
	for (size_t i = 0; s != NULL && i < n; i++)
		if (strcasecmp(s, set[i]) == 0)
			return set[i];
	return NULL;
}

/* The operator's value, safe to echo in a message; caller frees. */
static char *
shown(const char *s)
{
	return sanitize_text(s, 40);
}

int
replay_limit_parse(const char *s, long *out, char **cause)
{
	long v = 0;
	size_t i;
	char *e;

	/* Digits only: no sign, blank, exponent or hex, so that what the
	 * operator reads back is the number that is sent. */
	for (i = 0; s != NULL && s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9' || v > REPLAY_LIMIT_MAX)
			break;
		v = v * 10 + (s[i] - '0');
	}
	if (s == NULL || i == 0 || s[i] != '\0' || v < 1 ||
	    v > REPLAY_LIMIT_MAX) {
		if (s == NULL || *s == '\0')
			*cause = xasprintf("limit must be a whole number from 1 "
			    "to %d (got nothing)", REPLAY_LIMIT_MAX);
		else {
			e = shown(s);
			*cause = xasprintf("limit must be a whole number from 1 "
			    "to %d (got '%s')", REPLAY_LIMIT_MAX, e);
			free(e);
		}
		return -1;
	}
	*out = v;
	return 0;
}

/* A source or channel: at most size - 1 bytes, no control characters. */
static int
copy_filter(char *dst, size_t size, const char *name, const char *s,
    char **cause)
{
	char *e;

	if (s == NULL)
		s = "";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			e = shown(s);
			*cause = xasprintf("%s must be printable text (got '%s')",
			    name, e);
			free(e);
			return -1;
		}
	}
	if (strlen(s) >= size) {
		*cause = xasprintf("%s is longer than %zu bytes", name, size - 1);
		return -1;
	}
	snprintf(dst, size, "%s", s);
	return 0;
}

/* Names one replay: time, process and a counter. */
static void
make_id(char *out, size_t len)
{
	static atomic_uint seq;
	time_t now = time(NULL);
	struct tm tm;
	char ts[32];

	gmtime_r(&now, &tm);
	strftime(ts, sizeof ts, "%Y%m%dT%H%M%SZ", &tm);
	snprintf(out, len, "%s-%ld-%u", ts, (long)getpid(),
	    atomic_fetch_add(&seq, 1) + 1);
}

int
replay_req_set(struct replay_req *rq, const struct replay_fields *f,
    char **cause)
{
	const char *role = pick(f->role, roles, nitems(roles));
	const char *status = pick(f->status, statuses, nitems(statuses));
	char *e;

	memset(rq, 0, sizeof *rq);
	if (status == NULL || role == NULL) {
		const char *v = status == NULL ? f->status : f->role;

		e = v != NULL ? shown(v) : NULL;
		*cause = xasprintf(status == NULL ?
		    "status must be OPEN or FAILED%s%s%s" :
		    "role must be MANAGER or ADMIN (replay is a write)%s%s%s",
		    e != NULL ? " (got '" : "", e != NULL ? e : "",
		    e != NULL ? "')" : "");
		free(e);
		return -1;
	}
	snprintf(rq->role, sizeof rq->role, "%s", role);
	snprintf(rq->status, sizeof rq->status, "%s", status);
	if (copy_filter(rq->source, sizeof rq->source, "source", f->source,
	    cause) != 0 || copy_filter(rq->channel, sizeof rq->channel,
	    "channel", f->channel, cause) != 0)
		return -1;
	rq->limit = REPLAY_LIMIT_DEFAULT;
	if (f->limit != NULL &&
	    replay_limit_parse(f->limit, &rq->limit, cause) != 0)
		return -1;
	snprintf(rq->host, sizeof rq->host, "%s", f->host != NULL ? f->host : "");
	replay_operator_resolve(f->operator_flag, rq->operator_name,
	    sizeof rq->operator_name);
	make_id(rq->id, sizeof rq->id);
	return 0;
}

/* Blank: NULL, empty or only spaces and tabs. */
static int
blank(const char *s)
{
	return s == NULL || s[strspn(s, " \t")] == '\0';
}

void
replay_operator_pick(const char *flag, const char *user, const char *logname,
    char *out, size_t len)
{
	const char *who = !blank(flag) ? flag : !blank(user) ? user :
	    !blank(logname) ? logname : "unknown";
	char *clean = sanitize_text(who, len > 4 ? len - 4 : 1);

	snprintf(out, len, "%s", blank(clean) ? "unknown" : clean);
	free(clean);
}

void
replay_operator_resolve(const char *flag, char *out, size_t len)
{
	replay_operator_pick(flag, getenv("USER"), getenv("LOGNAME"), out, len);
}

char *
replay_describe(const struct replay_req *rq)
{
	char *src = rq->source[0] ? xasprintf("\"%s\"", rq->source) :
	    xstrdup("any");
	char *ch = rq->channel[0] ? xasprintf("\"%s\"", rq->channel) :
	    xstrdup("any");
	char *s = xasprintf("%s DLQ entries (source %s, channel %s, limit %ld) "
	    "on %s as %s", rq->status, src, ch, rq->limit, rq->host, rq->role);

	free(src);
	free(ch);
	return s;
}

char *
replay_confirm_text(const struct replay_req *rq, long long count)
{
	char *what = replay_describe(rq);
	char *s;

	/* "Replay 30 of: FAILED DLQ entries (...)": the count first, then
	 * exactly the filters that produced it. */
	s = xasprintf("Replay %lld %s? They move to REPLAYING (operator %s). "
	    "Type yes or %lld to confirm", count, what, rq->operator_name, count);
	free(what);
	return s;
}

char *
replay_outcome_text(const struct replay_req *rq, int dry_run,
    const struct replay_counts *rc, long long confirmed)
{
	char *what = replay_describe(rq), *s;

	if (dry_run && rc->selected == 0)
		s = xasprintf("nothing to replay: 0 selected of %s", what);
	else if (dry_run)
		s = xasprintf("dry run: %lld selected (nothing moved): %s",
		    rc->selected, what);
	else
		s = xasprintf("%lld moved to REPLAYING (%lld confirmed): %s%s",
		    rc->replaying, confirmed, what, rc->replaying < confirmed ?
		    "; fewer than confirmed: the others left that status "
		    "meanwhile" : "");
	free(what);
	return s;
}

int
replay_confirm_match(const char *answer, long long count)
{
	char want[32];
	size_t n;

	if (answer == NULL || count <= 0)
		return 0;
	answer += strspn(answer, " \t\r\n");
	n = strlen(answer);
	while (n > 0 && strchr(" \t\r\n", answer[n - 1]) != NULL)
		n--;
	if (n == 3 && strncmp(answer, "yes", 3) == 0)
		return 1;
	snprintf(want, sizeof want, "%lld", count);
	return n == strlen(want) && strncmp(answer, want, n) == 0;
}

static void
audit_from(struct audit_replay *a, const struct replay_req *rq, int dry_run)
{
	memset(a, 0, sizeof *a);
	a->id = rq->id;
	a->operator_name = rq->operator_name;
	a->host = rq->host;
	a->role = rq->role;
	a->status = rq->status;
	a->source = rq->source[0] ? rq->source : NULL;
	a->channel = rq->channel[0] ? rq->channel : NULL;
	a->limit = rq->limit;
	a->dry_run = dry_run;
	a->selected = a->replaying = -1;
}

int
replay_run(struct core_api *api, const char *reports_dir,
    const struct replay_req *rq, int dry_run, long long confirmed,
    struct replay_counts *out, struct api_error *err, char **cause)
{
	struct audit_replay a;
	char *why = NULL;
	long limit = rq->limit;
	int r = -1;

	memset(out, 0, sizeof *out);
	audit_from(&a, rq, dry_run);
	a.phase = "intent";
	a.confirmed = confirmed;
	if (audit_replay_write(reports_dir, &a, &why) != 0) {
		api_error_set(err, CODE_NONE, 0, "nothing was asked of core-api: "
		    "the audit log cannot be written (%s)", why);
		free(why);
		return -1;
	}
	/* The operator confirmed a number, not a filter: never move more. */
	if (!dry_run && confirmed > 0 && confirmed < limit)
		limit = (long)confirmed;
	if (api != NULL)
		r = core_api_replay(api, rq->role, rq->status,
		    rq->source[0] ? rq->source : NULL,
		    rq->channel[0] ? rq->channel : NULL, limit, dry_run, out, err);
	a.phase = "outcome";
	if (r == 0) {
		a.outcome = "ok";
		a.selected = out->selected;
		a.replaying = out->replaying;
	} else {
		a.outcome = err->code != CODE_NONE ? code_name(err->code) : "ERROR";
		a.error = err->message;
	}
	(void)audit_replay_write(reports_dir, &a, cause);
	return r;
}

int
replay_audit_decision(const char *reports_dir, const struct replay_req *rq,
    long long counted, const char *decision, char **cause)
{
	struct audit_replay a;

	audit_from(&a, rq, 0);
	a.phase = "decision";
	a.selected = counted;
	a.outcome = decision;
	return audit_replay_write(reports_dir, &a, cause);
}

static void
audit_step(struct audit_replay *a, const struct replay_step *st)
{
	a->step = st->step;
	a->nsteps = st->nsteps;
	a->ids = st->ids;
	a->settled = st->settled;
	a->resolved = st->resolved;
	a->success = st->success;
}

int
replay_step_request(struct core_api *api, const char *reports_dir,
    const struct replay_req *rq, const struct replay_step *st,
    struct replay_counts *out, struct api_error *err)
{
	struct audit_replay a;
	char *why = NULL;

	memset(out, 0, sizeof *out);
	audit_from(&a, rq, 0);
	audit_step(&a, st);
	a.phase = "intent";
	a.confirmed = rq->limit;
	if (audit_replay_write(reports_dir, &a, &why) != 0) {
		api_error_set(err, CODE_NONE, 0, "nothing was asked of core-api: "
		    "the audit log cannot be written (%s)", why);
		free(why);
		return -1;
	}
	if (api == NULL)
		return -1;
	return core_api_replay(api, rq->role, rq->status,
	    rq->source[0] ? rq->source : NULL,
	    rq->channel[0] ? rq->channel : NULL, rq->limit, 0, out, err);
}

int
replay_step_outcome(const char *reports_dir, const struct replay_req *rq,
    const struct replay_step *st, const struct replay_counts *rc,
    const char *outcome, const char *error, char **cause)
{
	struct audit_replay a;

	audit_from(&a, rq, 0);
	audit_step(&a, st);
	a.phase = "outcome";
	a.confirmed = rq->limit;
	if (rc != NULL) {
		a.selected = rc->selected;
		a.replaying = rc->replaying;
	}
	a.outcome = outcome;
	a.error = error;
	return audit_replay_write(reports_dir, &a, cause);
}

int
replay_canary_end(const char *reports_dir, const struct replay_req *rq,
    const struct replay_step *last, long long counted, const char *result,
    const char *why, char **cause)
{
	struct audit_replay a;

	audit_from(&a, rq, 0);
	if (last != NULL && last->step > 0)
		audit_step(&a, last);
	a.phase = "decision";
	a.selected = counted;
	a.outcome = result;
	a.error = why;
	return audit_replay_write(reports_dir, &a, cause);
}
