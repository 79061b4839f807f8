/* Reading a session recording back (session_read.h). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fileio.h"
#include "core/json_read.h"
#include "core/text.h"
#include "core/util.h"
#include "session/session_delta.h"
#include "session/session_parts.h"
#include "session/session_read.h"

/* A part is at most a little over its cap; more is not one of ours. */
#define READ_MAX (256L * 1024 * 1024)
/* A session of more parts than this is not one of ours either. */
#define PARTS_MAX 4096

int
session_parse_iso(const char *s, time_t *out)
{
	struct tm tm;
	int n = 0;

	memset(&tm, 0, sizeof tm);
	if (s == NULL || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year,
	    &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n)
	    != 6 || n == 0 || s[n] != '\0')
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = timegm(&tm);
	return 0;
}

const char *
session_str(json_object *o, const char *key)
{
	json_object *v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static void
add_events(struct session_file *sf, json_object *evs, time_t at)
{
	size_t n;

	if (evs == NULL || !json_object_is_type(evs, json_type_array))
		return;
	n = json_object_array_length(evs);
	for (size_t i = 0; i < n; i++) {
		json_object *ev = json_object_array_get_idx(evs, i);
		const char *type = session_str(ev, "type");

		if (type != NULL && strcmp(type, "end") == 0)
			sf->ended = 1;
		/* Only the last of a part matters: it names the next. */
		sf->next = type != NULL && strcmp(type, "rotated") == 0 ?
		    session_str(ev, "next") : NULL;
		sf->events = xreallocarray(sf->events, sf->nevents + 1,
		    sizeof *sf->events);
		sf->events[sf->nevents].frame = sf->nframes > 0 ?
		    sf->nframes - 1 : 0;
		sf->events[sf->nevents].at = at;
		sf->events[sf->nevents].ev = ev;
		sf->nevents++;
	}
}

static void
add_frame(struct session_file *sf, json_object *f, const char *raw,
    size_t len, time_t at, int whole)
{
	sf->deltas = xreallocarray(sf->deltas, sf->nframes + 1,
	    sizeof *sf->deltas);
	sf->raw = xreallocarray(sf->raw, sf->nframes + 1, sizeof *sf->raw);
	sf->raw_len = xreallocarray(sf->raw_len, sf->nframes + 1,
	    sizeof *sf->raw_len);
	sf->frame_at = xreallocarray(sf->frame_at, sf->nframes + 1,
	    sizeof *sf->frame_at);
	sf->whole = xreallocarray(sf->whole, sf->nframes + 1,
	    sizeof *sf->whole);
	/* A part's first frame is whole (the recorder starts it afresh). */
	sf->whole[sf->nframes] = (unsigned char)(whole || sf->part_start);
	sf->part_start = 0;
	sf->deltas[sf->nframes] = f;
	sf->raw[sf->nframes] = raw;
	sf->raw_len[sf->nframes] = len;
	sf->frame_at[sf->nframes] = at;
	sf->nframes++;
	sf->end = at;
}

/* One line: the header, a frame (with events) or events alone. */
static int
take_line(struct session_file *sf, json_object *o, char **cause)
{
	json_object *f = NULL, *evs = NULL;
	time_t at;

	if (session_parse_iso(session_str(o, "at"), &at) != 0) {
		*cause = xasprintf("line %zu has no time", sf->nlines + 1);
		return -1;
	}
	if (sf->part_first_line) {
		const char *kind = session_str(o, "kind");

		if (kind == NULL || strcmp(kind, "ingestgate-session") != 0) {
			*cause = xstrdup("not an ingestgate session recording");
			return -1;
		}
		sf->part_first_line = 0;
		sf->part_start = 1;
		if (sf->header == NULL) {
			sf->header = o;
			sf->start = at;
		}
		sf->end = at;
		return 0;
	}
	sf->end = at;
	if (json_object_object_get_ex(o, "f", &f))
		add_frame(sf, f, NULL, 0, at, json_object_get_boolean(
		    json_object_object_get(o, "key")));
	if (json_object_object_get_ex(o, "ev", &evs))
		add_events(sf, evs, at);
	return 0;
}

/*
 * A frame line as the recorder writes it ({"at":"<20 chars>","f":... or,
 * whole, {"at":"<20 chars>","key":true,"f":...) without events is kept as
 * text and parsed when the player reaches it, so that opening an hour's
 * recording reads its times and its events only. An "ev" key outside a
 * string always appears as "ev":[ (a quote inside a string is escaped), so
 * a line without that holds no event.
 */
static int
lazy_frame(struct session_file *sf, const char *p, size_t len)
{
	static const char key[] = "\",\"key\":true,\"f\":";
	char at_s[21];
	time_t at;
	int whole = 0;

	if (sf->part_first_line || len < 34 ||
	    memcmp(p, "{\"at\":\"", 7) != 0)
		return 0;
	if (len > 27 + sizeof key && memcmp(p + 27, key, sizeof key - 1) == 0)
		whole = 1;
	else if (memcmp(p + 27, "\",\"f\":", 6) != 0)
		return 0;
	if (text_has_bytes(p, len, "\"ev\":["))
		return 0;
	memcpy(at_s, p + 7, 20);
	at_s[20] = '\0';
	if (session_parse_iso(at_s, &at) != 0)
		return 0;
	sf->end = at;
	add_frame(sf, NULL, p, len, at, whole);
	sf->next = NULL;
	return 1;
}

static int
parse_lines(struct session_file *sf, const char *text, size_t len,
    char **cause)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		json_object *o = NULL;
		char *why = NULL;

		if (nl == NULL) {
			/* No newline: the console was killed mid-write. */
			sf->truncated = 1;
			sf->next = NULL;
			break;
		}
		if (lazy_frame(sf, p, (size_t)(nl - p))) {
			p = nl + 1;
			continue;
		}
		if (json_read(p, (size_t)(nl - p), &o, &why) != 0) {
			if (nl + 1 >= end) {
				sf->truncated = 1;
				sf->next = NULL;
				free(why);
				break;
			}
			*cause = xasprintf("line %zu: %s", sf->nlines + 1, why);
			free(why);
			return -1;
		}
		sf->lines = xreallocarray(sf->lines, sf->nlines + 1,
		    sizeof *sf->lines);
		sf->lines[sf->nlines] = o;
		if (take_line(sf, o, cause) != 0) {
			json_object_put(o);
			return -1;
		}
		sf->nlines++;
		p = nl + 1;
	}
	if (sf->part_first_line) {
		*cause = xstrdup("an empty recording");
		return -1;
	}
	return 0;
}

/* What a part added, taken back: the lines, frames and events of a part
 * that failed half-way, so the parts before it stay readable. */
struct part_mark {
	size_t nframes, nevents, nlines;
	time_t end;
	int ended, truncated;
};

static void
roll_back(struct session_file *sf, const struct part_mark *m)
{
	for (size_t i = m->nlines; i < sf->nlines; i++)
		json_object_put(sf->lines[i]);
	sf->nlines = m->nlines;
	sf->nframes = m->nframes;
	sf->nevents = m->nevents;
	sf->end = m->end;
	sf->ended = m->ended;
	sf->truncated = m->truncated;
	sf->nparts--;
	free(sf->texts[sf->nparts]);
	free(sf->parts[sf->nparts]);
	sf->next = NULL;
}

/* Reads one part's file and its lines into sf; its text is kept. All or
 * nothing: a part that fails leaves sf as it was. */
static int
load_part(struct session_file *sf, const char *path, char **cause)
{
	struct buf b = { NULL, 0, 0 };
	char *why = NULL;
	size_t len;
	struct part_mark m = { sf->nframes, sf->nevents, sf->nlines, sf->end,
	    sf->ended, sf->truncated };

	if (fileio_read(path, (size_t)READ_MAX, &b, &why) != 0) {
		*cause = xasprintf("%s", why);
		free(why);
		return -1;
	}
	sf->texts = xreallocarray(sf->texts, sf->nparts + 1,
	    sizeof *sf->texts);
	sf->parts = xreallocarray(sf->parts, sf->nparts + 1,
	    sizeof *sf->parts);
	len = b.len;
	sf->texts[sf->nparts] = b.data != NULL ? buf_take(&b) : xstrdup("");
	sf->parts[sf->nparts] = xstrdup(path);
	sf->nparts++;
	sf->part_first_line = 1;
	sf->truncated = 0;
	sf->next = NULL;
	if (parse_lines(sf, sf->texts[sf->nparts - 1], len, &why) != 0) {
		*cause = xasprintf("%s: %s", path, why);
		free(why);
		roll_back(sf, &m);
		return -1;
	}
	return 0;
}

/* The session from part on: it, then each "rotated" event's next part, up
 * to one that is unreadable or missing. NULL when part itself is. */
static struct session_file *
load_chain(const char *part, char **cause)
{
	struct session_file *sf = xcalloc(1, sizeof *sf);
	char *cur = xstrdup(part), *next, *why = NULL;

	sf->path = xstrdup(part);
	sf->state_at = SIZE_MAX;
	while (cur != NULL) {
		if (load_part(sf, cur, &why) != 0) {
			free(cur);
			if (sf->nparts == 0) {
				*cause = why;
				session_free(sf);
				return NULL;
			}
			sf->cut_after = sf->nparts;
			sf->cut_why = why;
			break;
		}
		next = NULL;
		if (sf->next != NULL && sf->nparts < PARTS_MAX &&
		    (next = session_part_next(cur, sf->next)) == NULL) {
			sf->cut_after = sf->nparts;
			sf->cut_missing = 1;
			sf->cut_why = xstrdup(sf->next);
		}
		free(cur);
		cur = next;
	}
	sf->keys = xcalloc(sf->nframes / SESSION_KEY_EVERY + 1,
	    sizeof *sf->keys);
	return sf;
}

static int
has_part(const struct session_file *sf, const char *path)
{
	for (size_t i = 0; sf != NULL && i < sf->nparts; i++)
		if (strcmp(sf->parts[i], path) == 0)
			return 1;
	return 0;
}

struct session_file *
session_load(const char *path, char **cause)
{
	char *first = session_part_first(path), *why = NULL;
	struct session_file *sf = load_chain(first, &why), *own;
	json_object *v;

	if (strcmp(first, path) != 0 && !has_part(sf, path)) {
		/* A later part its first part's chain does not reach (one
		 * between them is missing or unreadable): from itself on;
		 * when it is the unreadable one, the parts before it. */
		char *own_why = NULL;

		if ((own = load_chain(path, &own_why)) != NULL) {
			own->orphan_of = xstrdup(first);
			session_free(sf);
			sf = own;
		} else if (sf == NULL) {
			free(why);
			why = own_why;
			own_why = NULL;
		}
		free(own_why);
	}
	free(first);
	if (sf == NULL) {
		*cause = why;
		return NULL;
	}
	free(why);
	/* A later part read as a first: its own first is gone. */
	if (sf->orphan_of == NULL && json_object_object_get_ex(sf->header,
	    "part", &v) && json_object_get_int(v) > 1)
		sf->orphan_of = xstrdup(session_str(sf->header, "first") ?
		    session_str(sf->header, "first") : "?");
	return sf;
}

int
session_cut_short(const struct session_file *sf)
{
	return sf->truncated || !sf->ended || sf->cut_after > 0 ||
	    sf->orphan_of != NULL;
}

void
session_gap_text(const struct session_file *sf, int lang, char *out,
    size_t len)
{
	const char *b;

	if (sf->cut_after > 0 && sf->cut_missing)
		snprintf(out, len, lang == 1 ? "bagian setelah %zu hilang (%s)" :
		    "parts after %zu missing (%s)", sf->cut_after, sf->cut_why);
	else if (sf->cut_after > 0)
		snprintf(out, len, lang == 1 ? "bagian setelah %zu tidak "
		    "terbaca (%s)" : "parts after %zu unreadable (%s)",
		    sf->cut_after, sf->cut_why);
	else if (sf->orphan_of != NULL) {
		b = strrchr(sf->orphan_of, '/');
		snprintf(out, len, lang == 1 ? "bagian lanjutan: bagian "
		    "sebelumnya hilang atau tidak terbaca (awal %s)" :
		    "a later part: the parts before it are missing or "
		    "unreadable (first %s)", b != NULL ? b + 1 : sf->orphan_of);
	} else if (len > 0)
		out[0] = '\0';
}

void
session_free(struct session_file *sf)
{
	if (sf == NULL)
		return;
	for (size_t i = 0; i < sf->nlines; i++)
		json_object_put(sf->lines[i]);
	if (sf->keys != NULL)
		for (size_t i = 0; i <= sf->nframes / SESSION_KEY_EVERY; i++)
			free(sf->keys[i]);
	json_object_put(sf->state);
	for (size_t i = 0; i < sf->nframes; i++)
		if (sf->raw != NULL && sf->raw[i] != NULL)
			json_object_put(sf->deltas[i]);	/* parsed late */
	for (size_t i = 0; i < sf->nparts; i++) {
		free(sf->texts[i]);
		free(sf->parts[i]);
	}
	free_all(sf->lines, sf->keys, sf->deltas, sf->frame_at, sf->events,
	    sf->path, sf->raw, sf->raw_len, sf->texts, sf->parts, sf->whole,
	    sf->cut_why, sf->orphan_of);
	free(sf);
}

/* Frame k's delta, parsed now if it was kept as text. */
static json_object *
delta_of(struct session_file *sf, size_t k, char **cause)
{
	json_object *o = NULL, *f;
	char *why = NULL;

	if (sf->deltas[k] != NULL || sf->raw[k] == NULL)
		return sf->deltas[k];
	if (json_read(sf->raw[k], sf->raw_len[k], &o, &why) != 0) {
		*cause = xasprintf("frame %zu: %s", k + 1, why);
		free(why);
		return NULL;
	}
	if (!json_object_object_get_ex(o, "f", &f) || f == NULL) {
		json_object_put(o);
		*cause = xasprintf("frame %zu has no frame", k + 1);
		return NULL;
	}
	sf->deltas[k] = json_object_get(f);
	json_object_put(o);
	return sf->deltas[k];
}

/* Frame k onto the state at k - 1 (a whole frame replaces it); a kept
 * state every SESSION_KEY_EVERY frames, as text (a fraction of the memory
 * of the objects). */
static int
step_to(struct session_file *sf, size_t k, char **cause)
{
	json_object *d = delta_of(sf, k, cause);

	if (d == NULL)
		return -1;
	sf->applied++;
	if (sf->whole[k] || sf->state == NULL) {
		json_object_put(sf->state);
		sf->state = sf->whole[k] ? session_copy(d) : json_object_new_object();
		if (!sf->whole[k] &&
		    session_delta_apply_into(sf->state, d, cause) != 0)
			return -1;
	} else if (session_delta_apply_into(sf->state, d, cause) != 0)
		return -1;
	sf->state_at = k;
	if (k % SESSION_KEY_EVERY == 0 && sf->keys[k / SESSION_KEY_EVERY] ==
	    NULL)
		sf->keys[k / SESSION_KEY_EVERY] = xstrdup(
		    json_object_to_json_string_ext(sf->state,
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	return 0;
}

/*
 * Where to rebuild frame k from: the state in hand when it is at or before
 * k and no later start is known, else the latest of the kept states and
 * the file's whole frames at or before k. Either is at most
 * SESSION_KEY_WRITE frames back (a recording without whole frames, older
 * than them, may go back to its start once; what is passed is kept).
 */
static int
restart(struct session_file *sf, size_t k, char **cause)
{
	size_t key = k / SESSION_KEY_EVERY, w = k;
	char *why = NULL;

	while (key > 0 && sf->keys[key] == NULL)
		key--;
	while (w > 0 && !sf->whole[w])
		w--;
	if (sf->keys[key] != NULL && key * SESSION_KEY_EVERY >= w) {
		if (sf->state != NULL && sf->state_at != SIZE_MAX &&
		    sf->state_at <= k && sf->state_at >= key * SESSION_KEY_EVERY)
			return 0;
		json_object_put(sf->state);
		sf->state = NULL;
		if (json_read(sf->keys[key], strlen(sf->keys[key]), &sf->state,
		    &why) != 0) {
			*cause = xasprintf("a kept frame: %s", why);
			free(why);
			return -1;
		}
		sf->state_at = key * SESSION_KEY_EVERY;
		return 0;
	}
	if (sf->state != NULL && sf->state_at != SIZE_MAX &&
	    sf->state_at <= k && sf->state_at >= w)
		return 0;
	json_object_put(sf->state);
	sf->state = NULL;
	sf->state_at = SIZE_MAX;
	return step_to(sf, w, cause);
}

json_object *
session_frame(struct session_file *sf, size_t k, char **cause)
{
	if (k >= sf->nframes) {
		*cause = xasprintf("no frame %zu (of %zu)", k + 1, sf->nframes);
		return NULL;
	}
	if (restart(sf, k, cause) != 0)
		goto fail;
	while (sf->state_at < k)
		if (step_to(sf, sf->state_at + 1, cause) != 0)
			goto fail;
	return sf->state;
fail:
	json_object_put(sf->state);
	sf->state = NULL;
	sf->state_at = SIZE_MAX;
	return NULL;
}
