/* Reading a session recording back (session_read.h). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fileio.h"
#include "core/json_read.h"
#include "core/util.h"
#include "session/session_delta.h"
#include "session/session_read.h"

/* A recording is at most a few parts of SESSION_MAX_BYTES; more is not
 * one of ours. */
#define READ_MAX (256L * 1024 * 1024)

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
    size_t len, time_t at)
{
	sf->deltas = xreallocarray(sf->deltas, sf->nframes + 1,
	    sizeof *sf->deltas);
	sf->raw = xreallocarray(sf->raw, sf->nframes + 1, sizeof *sf->raw);
	sf->raw_len = xreallocarray(sf->raw_len, sf->nframes + 1,
	    sizeof *sf->raw_len);
	sf->frame_at = xreallocarray(sf->frame_at, sf->nframes + 1,
	    sizeof *sf->frame_at);
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
	if (sf->nlines == 0) {
		const char *kind = session_str(o, "kind");

		if (kind == NULL || strcmp(kind, "ingestgate-session") != 0) {
			*cause = xstrdup("not an ingestgate session recording");
			return -1;
		}
		sf->header = o;
		sf->start = at;
	}
	sf->end = at;
	if (json_object_object_get_ex(o, "f", &f))
		add_frame(sf, f, NULL, 0, at);
	if (json_object_object_get_ex(o, "ev", &evs))
		add_events(sf, evs, at);
	return 0;
}

static int
has_seq(const char *p, size_t len, const char *seq)
{
	size_t n = strlen(seq);

	for (size_t i = 0; i + n <= len; i++)
		if (p[i] == seq[0] && memcmp(p + i, seq, n) == 0)
			return 1;
	return 0;
}

/*
 * A frame line as the recorder writes it ({"at":"<20 chars>","f":...)
 * without events is kept as text and parsed when the player reaches it, so
 * that opening an hour's recording reads its times and its events only.
 * An "ev" key outside a string always appears as "ev":[ (a quote inside a
 * string is escaped), so a line without that holds no event.
 */
static int
lazy_frame(struct session_file *sf, const char *p, size_t len)
{
	char at_s[21];
	time_t at;

	if (sf->nlines == 0 || len < 34 || memcmp(p, "{\"at\":\"", 7) != 0 ||
	    memcmp(p + 27, "\",\"f\":", 6) != 0 ||
	    has_seq(p, len, "\"ev\":["))
		return 0;
	memcpy(at_s, p + 7, 20);
	at_s[20] = '\0';
	if (session_parse_iso(at_s, &at) != 0)
		return 0;
	add_frame(sf, NULL, p, len, at);
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
			break;
		}
		if (lazy_frame(sf, p, (size_t)(nl - p))) {
			p = nl + 1;
			continue;
		}
		if (json_read(p, (size_t)(nl - p), &o, &why) != 0) {
			if (nl + 1 >= end) {
				sf->truncated = 1;
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
	if (sf->nlines == 0) {
		*cause = xstrdup("an empty recording");
		return -1;
	}
	return 0;
}

struct session_file *
session_load(const char *path, char **cause)
{
	struct session_file *sf = xcalloc(1, sizeof *sf);
	struct buf b = { NULL, 0, 0 };
	char *why = NULL;

	sf->path = xstrdup(path);
	sf->state_at = SIZE_MAX;
	if (fileio_read(path, (size_t)READ_MAX, &b, &why) != 0) {
		*cause = xasprintf("%s", why);
		free(why);
		goto fail;
	}
	if (parse_lines(sf, b.data != NULL ? b.data : "", b.len, &why) != 0) {
		*cause = xasprintf("%s: %s", path, why);
		free(why);
		goto fail;
	}
	sf->text = buf_take(&b);
	sf->keys = xcalloc(sf->nframes / SESSION_KEY_EVERY + 1,
	    sizeof *sf->keys);
	return sf;
fail:
	buf_free(&b);
	session_free(sf);
	return NULL;
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
			json_object_put(sf->keys[i]);
	json_object_put(sf->state);
	for (size_t i = 0; i < sf->nframes; i++)
		if (sf->raw != NULL && sf->raw[i] != NULL)
			json_object_put(sf->deltas[i]);	/* parsed late */
	free_all(sf->lines, sf->keys, sf->deltas, sf->frame_at, sf->events,
	    sf->path, sf->raw, sf->raw_len, sf->text);
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

static json_object *
copy(json_object *o)
{
	json_object *c = NULL;

	if (json_object_deep_copy(o, &c, NULL) != 0)
		fatal("out of memory copying a frame");
	return c;
}

json_object *
session_frame(struct session_file *sf, size_t k, char **cause)
{
	size_t from;

	if (k >= sf->nframes) {
		*cause = xasprintf("no frame %zu (of %zu)", k + 1, sf->nframes);
		return NULL;
	}
	if (sf->state == NULL || sf->state_at == SIZE_MAX || sf->state_at > k) {
		/* Back to the nearest kept whole state at or before k. */
		size_t key = k / SESSION_KEY_EVERY;

		while (key > 0 && sf->keys[key] == NULL)
			key--;
		json_object_put(sf->state);
		if (sf->keys[key] != NULL) {
			sf->state = copy(sf->keys[key]);
			sf->state_at = key * SESSION_KEY_EVERY;
		} else {
			sf->state = json_object_new_object();
			if (delta_of(sf, 0, cause) == NULL ||
			    session_delta_apply_into(sf->state, sf->deltas[0],
			    cause) != 0)
				goto fail;
			sf->state_at = 0;
			sf->keys[0] = copy(sf->state);
		}
	}
	for (from = sf->state_at + 1; from <= k; from++) {
		if (delta_of(sf, from, cause) == NULL ||
		    session_delta_apply_into(sf->state, sf->deltas[from],
		    cause) != 0)
			goto fail;
		sf->state_at = from;
		if (from % SESSION_KEY_EVERY == 0 &&
		    sf->keys[from / SESSION_KEY_EVERY] == NULL)
			sf->keys[from / SESSION_KEY_EVERY] = copy(sf->state);
	}
	return sf->state;
fail:
	json_object_put(sf->state);
	sf->state = NULL;
	sf->state_at = SIZE_MAX;
	return NULL;
}
