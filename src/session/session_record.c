/* Writing a session recording (session_record.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fileio.h"
#include "core/util.h"
#include "session/session_delta.h"
#include "session/session_record.h"

struct session_rec {
	char *root;		/* the report root */
	char *rel;		/* sessions/<context>/ */
	char *stamp;		/* the UTC start, YYYYMMDDTHHMMSSZ */
	char *name;		/* this part's file name */
	char *first;		/* the first part's file name: the session */
	char *path;		/* root/rel/name */
	char *context, *op;
	json_object *header;	/* owned; repeated in each part */
	json_object *prev;	/* the last whole frame written, owned */
	char **secrets;
	size_t nsecrets;
	int part;		/* this part's number in the session */
	int fileno;		/* the number in its file name (1: none) */
	long nframes;		/* frames written to this part */
	long bytes, cap;
	int broken;		/* a write failed: write no more */
};

char *
session_context_dir(const char *context)
{
	char *d;

	if (context == NULL || *context == '\0' || strcmp(context, ".") == 0 ||
	    strcmp(context, "..") == 0)
		return xstrdup("default");
	d = xstrdup(context);
	for (char *p = d; *p != '\0'; p++)
		if (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20)
			*p = '_';
	return d;
}

/* Replaces every secret in line by "[redacted]", in place (line grows). */
static char *
redact(const struct session_rec *r, char *line)
{
	for (size_t i = 0; i < r->nsecrets; i++) {
		char *hit;

		while ((hit = strstr(line, r->secrets[i])) != NULL) {
			char *n = xasprintf("%.*s[redacted]%s", (int)(hit - line),
			    line, hit + strlen(r->secrets[i]));

			free(line);
			line = n;
		}
	}
	return line;
}

/* Appends o as one line to the part named name. */
static int
append_to(struct session_rec *r, const char *name, json_object *o,
    char **cause)
{
	char *line, *rel, *note = NULL;
	int rc;

	if (r->broken) {
		*cause = xstrdup("the recording stopped after a failed write");
		return -1;
	}
	line = redact(r, xasprintf("%s\n", json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)));
	rel = xasprintf("%s%s", r->rel, name);
	/* A torn tail (a console killed mid-write) is set aside by the
	 * append; the recording goes on after it. */
	rc = fileio_append_line(r->root, rel, line, &note, cause);
	free(note);
	if (rc == 0)
		r->bytes += (long)strlen(line);
	else
		r->broken = 1;
	free(rel);
	free(line);
	return rc;
}

static int
append(struct session_rec *r, json_object *o, char **cause)
{
	return append_to(r, r->name, o, cause);
}

static json_object *
line_new(time_t at)
{
	json_object *o = json_object_new_object();
	char iso[ISO_UTC_LEN];

	iso_utc(at, iso);
	json_object_object_add(o, "at", json_object_new_string(iso));
	return o;
}

static int
write_header(struct session_rec *r, time_t at, const char *prev,
    char **cause)
{
	json_object *o = line_new(at), *c = NULL;
	int rc;

	json_object_object_add(o, "kind", json_object_new_string(
	    "ingestgate-session"));
	json_object_object_add(o, "v", json_object_new_int(1));
	json_object_object_add(o, "context", r->context != NULL ?
	    json_object_new_string(r->context) : NULL);
	json_object_object_add(o, "operator", json_object_new_string(r->op));
	json_object_object_add(o, "part", json_object_new_int(r->part));
	/* The parts of a session name its first and the one before them, so
	 * that a replay of any part finds them all (session_parts.c). */
	json_object_object_add(o, "first", json_object_new_string(r->first));
	if (prev != NULL)
		json_object_object_add(o, "prev", json_object_new_string(prev));
	if (r->header != NULL) {
		c = session_copy(r->header);
		json_object_object_foreach(c, key, val)
			if (!json_object_object_get_ex(o, key, NULL))
				json_object_object_add(o, key,
				    json_object_get(val));
		json_object_put(c);
	}
	rc = append(r, o, cause);
	json_object_put(o);
	return rc;
}

static void
set_name(struct session_rec *r)
{
	free(r->name);
	free(r->path);
	r->name = r->fileno == 1 ? xasprintf("%s.jsonl", r->stamp) :
	    xasprintf("%s-part%d.jsonl", r->stamp, r->fileno);
	r->path = xasprintf("%s/%s%s", r->root, r->rel, r->name);
}

struct session_rec *
session_rec_open(const char *root, const char *context, const char *op,
    time_t start, json_object *header, char **cause)
{
	struct session_rec *r = xcalloc(1, sizeof *r);
	char iso[ISO_UTC_LEN], *dir = session_context_dir(context), *env;
	struct tm tm;
	long cap;

	gmtime_r(&start, &tm);
	strftime(iso, sizeof iso, "%Y%m%dT%H%M%SZ", &tm);
	r->root = xstrdup(root);
	r->rel = xasprintf("sessions/%s/", dir);
	free(dir);
	r->stamp = xstrdup(iso);
	r->context = context != NULL ? xstrdup(context) : NULL;
	r->op = xstrdup(op != NULL ? op : "unknown");
	r->header = header;
	r->part = r->fileno = 1;
	r->cap = SESSION_MAX_BYTES;
	if ((env = getenv("INGESTGATE_SESSION_MAX_BYTES")) != NULL &&
	    parse_long(env, 1024, 1L << 40, &cap) == 0)
		r->cap = cap;
	set_name(r);
	/* Two consoles started in the same second: the second takes part 2's
	 * shape of name rather than write into the first's file. */
	while (fileio_exists(r->path)) {
		r->fileno++;
		set_name(r);
	}
	r->first = xstrdup(r->name);
	if (write_header(r, start, NULL, cause) != 0) {
		session_rec_close(r, 0, NULL);
		return NULL;
	}
	return r;
}

void
session_rec_secrets(struct session_rec *r, const char *const *values,
    size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (values[i] == NULL || strlen(values[i]) < 4)
			continue;	/* too short to tell from other text */
		r->secrets = xreallocarray(r->secrets, r->nsecrets + 1,
		    sizeof *r->secrets);
		r->secrets[r->nsecrets++] = xstrdup(values[i]);
	}
}

/* Past the cap: a "rotated" event naming the next part (the next free
 * name: a console started in the same second may hold one), then the next
 * part with its header; its first frame is whole (prev dropped). */
static int
rotate(struct session_rec *r, time_t at, char **cause)
{
	json_object *o = line_new(at), *evs = json_object_new_array(), *ev;
	char *was = xstrdup(r->name);
	int rc;

	r->part++;
	do {
		r->fileno++;
		set_name(r);
	} while (fileio_exists(r->path));
	ev = json_object_new_object();
	json_object_object_add(ev, "type", json_object_new_string("rotated"));
	json_object_object_add(ev, "next", json_object_new_string(r->name));
	json_object_array_add(evs, ev);
	json_object_object_add(o, "ev", evs);
	rc = append_to(r, was, o, cause);	/* the part that ends */
	json_object_put(o);
	if (rc != 0) {
		free(was);
		return -1;
	}
	r->bytes = 0;
	r->nframes = 0;
	json_object_put(r->prev);
	r->prev = NULL;
	rc = write_header(r, at, was, cause);
	free(was);
	return rc;
}

int
session_rec_frame(struct session_rec *r, time_t at, json_object *frame,
    json_object *events, char **cause)
{
	json_object *o, *d = NULL;
	int key, rc;

	if (r->bytes >= r->cap && rotate(r, at, cause) != 0)
		return -1;
	/* A whole frame now and then: a replay rebuilds any frame from the
	 * nearest one before it, never from the start (session_read.c). */
	key = r->prev == NULL || r->nframes % SESSION_KEY_WRITE == 0;
	o = line_new(at);
	if (key) {
		d = session_copy(frame);
		json_object_object_add(o, "key", json_object_new_boolean(1));
	} else
		d = session_delta_encode(r->prev, frame);
	json_object_object_add(o, "f", d);
	if (events != NULL && json_object_array_length(events) > 0)
		json_object_object_add(o, "ev", json_object_get(events));
	rc = append(r, o, cause);
	json_object_put(o);
	if (rc == 0) {
		r->nframes++;
		json_object_put(r->prev);
		r->prev = session_copy(frame);
	}
	return rc;
}

int
session_rec_event(struct session_rec *r, time_t at, json_object *ev,
    char **cause)
{
	json_object *o = line_new(at), *evs = json_object_new_array();
	int rc;

	json_object_array_add(evs, json_object_get(ev));
	json_object_object_add(o, "ev", evs);
	rc = append(r, o, cause);
	json_object_put(o);
	return rc;
}

const char *
session_rec_path(const struct session_rec *r)
{
	return r->path;
}

void
session_rec_close(struct session_rec *r, time_t at, const char *reason)
{
	if (r == NULL)
		return;
	if (reason != NULL && !r->broken) {
		json_object *ev = json_object_new_object();
		char *cause = NULL;

		json_object_object_add(ev, "type", json_object_new_string("end"));
		json_object_object_add(ev, "reason",
		    json_object_new_string(reason));
		if (session_rec_event(r, at, ev, &cause) != 0)
			free(cause);
		json_object_put(ev);
	}
	for (size_t i = 0; i < r->nsecrets; i++)
		free(r->secrets[i]);
	free(r->secrets);
	json_object_put(r->header);
	json_object_put(r->prev);
	free_all(r->root, r->rel, r->stamp, r->name, r->first, r->path,
	    r->context, r->op);
	free(r);
}
