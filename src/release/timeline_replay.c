/* The timeline's events of the replay log (audit/replay.log): one event
 * per DLQ replay, and the lines of a canary replay folded into one. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/fileio.h"
#include "release/integrity.h"
#include "release/timeline.h"
#include "release/timeline_int.h"
#include "core/util.h"

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
		    (id = tl_str(o, "id")) != NULL) {
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
		*dst = tl_str(o, key);
}

/* Second pass: one line of a canary replay into its group. */
static void
canary_fold(struct canary_group *g, json_object *o, time_t at,
    const char *rep)
{
	json_object *c, *v, *dry;
	char *phase = tl_str(o, "phase");

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
		g->result = tl_str(o, "outcome");
	}
	if (phase != NULL && strcmp(phase, "outcome") == 0 &&
	    json_object_object_get_ex(o, "canary", &c) && c != NULL) {
		json_object *ids = NULL, *succ = NULL, *step = NULL;
		char *out = tl_str(o, "outcome");

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
			e = tl_add(t, g->at, TL_REPLAY, "replay", NULL, g->rep);
			/* The outcome first (issue 23). */
			e->text = xasprintf("%s, moved %lld of %lld counted · "
			    "canary replay status %s%s%s by %s (%s); steps:%s",
			    g->result != NULL ? g->result :
			    "no end recorded (interrupted)", g->moved, g->counted,
			    g->status != NULL ? g->status : "?", g->source != NULL ?
			    " source " : "", g->source != NULL ? g->source : "",
			    g->op != NULL ? g->op : "?", g->role != NULL ? g->role :
			    "?", g->steps.data != NULL ? g->steps.data : " none");
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

	return tl_parse_iso(json_object_get_string(
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

static long long
count_of(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) && v != NULL ?
	    (long long)json_object_get_int64(v) : -1;
}

/* What one audit line says happened, in a few words, for the front of its
 * timeline line (issue 23: "replay FAILED by …" cut at the screen's edge
 * read as a failed replay, where FAILED was the status replayed): the
 * intent ("counting", "asked to move up to 24"), the outcome ("counted 24
 * (dry run)", "moved 24", "failed CODE") or the decision ("declined",
 * "nothing to replay"). */
static char *
replay_outcome(json_object *o)
{
	json_object *dry;
	char *phase = tl_str(o, "phase"), *outcome = tl_str(o, "outcome"), *s;
	int is_dry = json_object_object_get_ex(o, "dryRun", &dry) &&
	    json_object_get_boolean(dry);
	long long sel = count_of(o, "selected"), moved = count_of(o, "replaying");
	long long upto = count_of(o, "confirmed");

	if (upto < 0)
		upto = count_of(o, "limit");
	if (phase != NULL && strcmp(phase, "intent") == 0)
		s = is_dry ? xstrdup("counting (dry run)") :
		    xasprintf("asked to move up to %lld", upto);
	else if (phase != NULL && strcmp(phase, "decision") == 0)
		s = outcome != NULL && strcmp(outcome, "declined") == 0 ?
		    xasprintf("declined (%lld counted)", sel) :
		    xstrdup(outcome != NULL ? outcome : "?");
	else if (outcome == NULL || strcmp(outcome, "ok") != 0)
		s = xasprintf("failed %s", outcome != NULL ? outcome : "?");
	else if (is_dry)
		s = xasprintf("counted %lld (dry run)", sel < 0 ? 0 : sel);
	else
		s = moved == sel || sel < 0 ? xasprintf("moved %lld",
		    moved < 0 ? 0 : moved) : xasprintf("moved %lld of %lld "
		    "selected", moved < 0 ? 0 : moved, sel);
	free_all(phase, outcome);
	return s;
}

/* One audit line of a replay that is not a canary: one event, its outcome
 * first, then what was replayed and by whom. */
static void
replay_event(struct timeline *t, json_object *o, const char *rep)
{
	char *status = tl_str(o, "status");
	char *source = tl_str(o, "source");
	char *channel = tl_str(o, "channel");
	char *role = tl_str(o, "role");
	char *op = tl_str(o, "operator");
	char *what = replay_outcome(o);
	json_object *steps;
	struct buf sb = { 0 };
	struct tl_event *e;
	size_t nsteps;

	if (tl_array_of(o, "steps", &steps, &nsteps) == 0)
		replay_steps_text(steps, nsteps, &sb);
	e = tl_add(t, line_time(o), TL_REPLAY, "replay", NULL, rep);
	e->text = xasprintf("%s · replay status %s%s%s%s%s by %s (%s)%s", what,
	    status != NULL ? status : "?", source != NULL ? " source " : "",
	    source != NULL ? source : "", channel != NULL ? " channel " : "",
	    channel != NULL ? channel : "", op != NULL ? op : "?",
	    role != NULL ? role : "?", sb.data != NULL ? sb.data : "");
	buf_free(&sb);
	free_all(status, source, channel, role, op, what);
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
		tl_warn(t, "%s:%u: %s", shown, line, why != NULL ?
		    why + strlen("line 1: ") : "no \"time\"");
		goto out;
	}
	rep = xasprintf("%s:%u", shown, line);
	if (groups->n > 0 && (gid = tl_str(o, "id")) != NULL &&
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

void
tl_events_replays(struct timeline *t, const char *root, const char *shown_root)
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
	if (fileio_read_own(path, TL_MAX_FILE, &b, &cause) != 0) {
		tl_warn(t, "%s", cause);
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
