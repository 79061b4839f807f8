/* The timeline's events of the console's recorded sessions (issue 26,
 * reports/sessions/<context>/<UTC start>.jsonl): a session's start (who, which
 * context), its end (quit, context switch; a file without one was cut
 * short) and a hand-over (a session that read the steps its predecessor on
 * the batch checked off). Only the header and the lines naming those
 * events are parsed, never the frames. The recording's shape is
 * src/session/session_record.h's; this layer only reads it. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "core/fileio.h"
#include "core/json_read.h"
#include "core/text.h"
#include "core/util.h"
#include "release/timeline.h"
#include "release/timeline_int.h"

/* One event line's end or hand-over, for a session of batch by op. */
static void
session_line(struct timeline *t, json_object *o, const char *batch,
    const char *op, const char *rep)
{
	json_object *evs, *ev;
	time_t at = tl_parse_iso(json_object_get_string(
	    json_object_object_get(o, "at")));

	if (!json_object_object_get_ex(o, "ev", &evs) ||
	    !json_object_is_type(evs, json_type_array))
		return;
	for (size_t i = 0; i < json_object_array_length(evs); i++) {
		char *type, *x, *y;
		struct tl_event *e;

		ev = json_object_array_get_idx(evs, i);
		if ((type = tl_str(ev, "type")) == NULL)
			continue;
		if (strcmp(type, "end") == 0) {
			x = tl_str(ev, "reason");
			e = tl_add(t, at, TL_SESSION, NULL, batch, rep);
			e->text = xasprintf("ended (%s) · session of %s",
			    x != NULL ? x : "?", op);
			free(x);
		} else if (strcmp(type, "handover") == 0) {
			x = tl_str(ev, "prevBy");
			y = tl_str(ev, "from");
			e = tl_add(t, at, TL_SESSION, NULL, batch, rep);
			e->text = xasprintf("hand-over · %s takes over from %s "
			    "(steps done in %s)", op, x != NULL ? x : "?",
			    y != NULL ? y : "?");
			free(x);
			free(y);
		}
		free(type);
	}
}

/* One recording: its header, then only the lines naming its end or a
 * hand-over. */
static void
session_file(struct timeline *t, const char *path, const char *shown,
    const char *want_batch)
{
	struct buf b = { NULL, 0, 0 };
	char *cause = NULL, *batch = NULL, *op = NULL, *ctx = NULL;
	json_object *h = NULL;
	const char *p, *end, *nl;
	char last_at[21] = "";
	int ended = 0;
	size_t line = 1;

	if (fileio_read(path, TL_MAX_FILE * 4u, &b, &cause) != 0 ||
	    (nl = memchr(b.data, '\n', b.len)) == NULL ||
	    json_read(b.data, (size_t)(nl - b.data), &h, &cause) != 0) {
		tl_warn(t, "%s: %s", shown, cause != NULL ? cause : "empty");
		goto out;
	}
	batch = tl_str(h, "batch");
	if (want_batch != NULL && (batch == NULL ||
	    strcmp(batch, want_batch) != 0))
		goto out;
	op = tl_str(h, "operator");
	ctx = tl_str(h, "context");
	/* A later part of a rotated session (its header names the part
	 * before it) starts nothing. */
	if (!json_object_object_get_ex(h, "prev", NULL)) {
		char *rep = xasprintf("%s:1", shown);
		struct tl_event *e = tl_add(t, tl_parse_iso(
		    json_object_get_string(json_object_object_get(h, "at"))),
		    TL_SESSION, NULL, batch, rep);

		e->text = xasprintf("started · session of %s%s%s", op ? op : "?",
		    ctx != NULL ? ", context " : "", ctx != NULL ? ctx : "");
		free(rep);
	}
	for (p = nl + 1, end = b.data + b.len; p < end; p = nl + 1) {
		json_object *o = NULL;
		char *rep;

		line++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;		/* a cut last line */
		if (nl - p > 27 && memcmp(p, "{\"at\":\"", 7) == 0) {
			memcpy(last_at, p + 7, 20);
			last_at[20] = '\0';
		}
		/* A part that ends rotated goes on in the next: not cut. */
		ended |= text_has_bytes(p, (size_t)(nl - p), "\"type\":\"rotated\"");
		if (!text_has_bytes(p, (size_t)(nl - p), "\"type\":\"end\"") &&
		    !text_has_bytes(p, (size_t)(nl - p), "\"type\":\"handover\""))
			continue;
		if (json_read(p, (size_t)(nl - p), &o, &cause) != 0) {
			free(cause);
			cause = NULL;
			continue;
		}
		ended |= text_has_bytes(p, (size_t)(nl - p), "\"type\":\"end\"");
		rep = xasprintf("%s:%zu", shown, line);
		session_line(t, o, batch, op ? op : "?", rep);
		free(rep);
		json_object_put(o);
	}
	if (!ended) {
		struct tl_event *e = tl_add(t, tl_parse_iso(last_at),
		    TL_SESSION, NULL, batch, shown);

		e->text = xasprintf("cut short (no end line) · session of %s",
		    op ? op : "?");
	}
out:
	free(cause);
	json_object_put(h);
	free_all(batch, op, ctx);
	buf_free(&b);
}

void
tl_events_sessions(struct timeline *t, const char *root, const char *shown_root,
    const char *batch)
{
	char *dir = xasprintf("%s/sessions", root);
	DIR *d = opendir(dir), *c;
	struct dirent *e, *f;

	while (d != NULL && (e = readdir(d)) != NULL) {
		char *cdir;

		if (e->d_name[0] == '.')
			continue;
		cdir = xasprintf("%s/%s", dir, e->d_name);
		if ((c = opendir(cdir)) != NULL) {
			while ((f = readdir(c)) != NULL) {
				size_t l = strlen(f->d_name);
				char *path, *shown;

				if (l < 7 || strcmp(f->d_name + l - 6, ".jsonl"))
					continue;
				path = xasprintf("%s/%s", cdir, f->d_name);
				shown = xasprintf("%s/sessions/%s/%s", shown_root,
				    e->d_name, f->d_name);
				session_file(t, path, shown, batch);
				free(path);
				free(shown);
			}
			closedir(c);
		}
		free(cdir);
	}
	if (d != NULL)
		closedir(d);
	free(dir);
}
