/* Replay audit lines, rendered with json-c so that hostile filter values
 * cannot break the line. Every field is always present (null when it does
 * not apply) so that readers need no special cases. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <json-c/json.h>

#include "replay/audit.h"
#include "core/fileio.h"
#include "core/util.h"

static json_object *
str_or_null(const char *s)
{
	return s != NULL ? json_object_new_string(s) : NULL;
}

static json_object *
count_or_null(long long n)
{
	return n >= 0 ? json_object_new_int64(n) : NULL;
}

/* A fraction with four decimals and '.', whatever the locale (SPEC
 * section 5). */
static json_object *
fraction(double d)
{
	locale_t old = numeric_locale_enter();
	char s[32];

	snprintf(s, sizeof s, "%.4f", d);
	numeric_locale_leave(old);
	return json_object_new_double_s(d, s);
}

char *
audit_replay_line(const struct audit_replay *a, long long now)
{
	json_object *o = json_object_new_object();
	char ts[ISO_UTC_LEN];
	char *line;

	iso_utc((time_t)now, ts);
	json_object_object_add(o, "time", json_object_new_string(ts));
	json_object_object_add(o, "phase", json_object_new_string(
	    a->phase != NULL ? a->phase : "outcome"));
	json_object_object_add(o, "id", str_or_null(a->id));
	json_object_object_add(o, "operator", json_object_new_string(
	    a->operator_name != NULL && *a->operator_name != '\0' ?
	    a->operator_name : "unknown"));
	json_object_object_add(o, "action", json_object_new_string("dlq-replay"));
	json_object_object_add(o, "host", json_object_new_string(
	    a->host != NULL ? a->host : ""));
	json_object_object_add(o, "role", json_object_new_string(a->role));
	json_object_object_add(o, "status", json_object_new_string(a->status));
	json_object_object_add(o, "source", str_or_null(a->source));
	json_object_object_add(o, "channel", str_or_null(a->channel));
	json_object_object_add(o, "limit", json_object_new_int64(a->limit));
	json_object_object_add(o, "dryRun", json_object_new_boolean(a->dry_run));
	json_object_object_add(o, "confirmed", a->confirmed > 0 && !a->dry_run ?
	    json_object_new_int64(a->confirmed) : NULL);
	json_object_object_add(o, "selected", count_or_null(a->selected));
	json_object_object_add(o, "replaying", count_or_null(a->replaying));
	json_object_object_add(o, "outcome", str_or_null(a->outcome));
	json_object_object_add(o, "error", str_or_null(a->error));
	if (a->step > 0) {
		json_object *c = json_object_new_object();

		json_object_object_add(c, "step", json_object_new_int(a->step));
		json_object_object_add(c, "of", json_object_new_int(a->nsteps));
		json_object_object_add(c, "ids", count_or_null(a->ids));
		json_object_object_add(c, "settled", count_or_null(a->settled));
		json_object_object_add(c, "resolved", count_or_null(a->resolved));
		json_object_object_add(c, "success", a->success >= 0 ?
		    fraction(a->success) : NULL);
		json_object_object_add(o, "canary", c);
	}
	line = xasprintf("%s\n", json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return line;
}

/* The note of the last write, for the command or the console to show:
 * replays run on the console's worker thread too. */
static pthread_mutex_t note_lock = PTHREAD_MUTEX_INITIALIZER;
static char *last_note;

int
audit_replay_write(const char *reports_dir, const struct audit_replay *a,
    char **cause)
{
	char *line = audit_replay_line(a, (long long)time(NULL)), *note = NULL;
	int r = fileio_append_line(reports_dir, "audit/replay.log", line, &note,
	    cause);

	if (note != NULL) {
		pthread_mutex_lock(&note_lock);
		free(last_note);
		last_note = note;
		pthread_mutex_unlock(&note_lock);
	}
	free(line);
	return r;
}

char *
audit_replay_take_note(void)
{
	char *n;

	pthread_mutex_lock(&note_lock);
	n = last_note;
	last_note = NULL;
	pthread_mutex_unlock(&note_lock);
	return n;
}
