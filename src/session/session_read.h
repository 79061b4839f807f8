/* Reading a session recording back (session_record.h has its shape): the
 * header, the frames (kept as deltas; whole states are rebuilt on demand,
 * stepping forward in place, else from the nearest whole state before the
 * frame: one the file holds or one kept, as text, every SESSION_KEY_EVERY
 * frames passed) and the events with the frame they belong to. A rotated
 * recording is read whole: every part, in order, from any of them
 * (session_parts.h). A cut last line (a killed console) is left out and
 * noted. */
#ifndef INGESTGATE_SESSION_READ_H
#define INGESTGATE_SESSION_READ_H

#include <stddef.h>
#include <time.h>

#include <json-c/json.h>

#define SESSION_KEY_EVERY 8

struct session_event {
	size_t frame;		/* the frame it came with, or the last before */
	time_t at;
	json_object *ev;	/* borrowed from the file's lines */
};

struct session_file {
	char *path;		/* the first part */
	char **parts;		/* every part, in order */
	size_t nparts;
	json_object *header;	/* line 1 */
	time_t start;
	time_t end;		/* the last line's time */
	json_object **deltas;	/* one per frame; NULL until parsed */
	const char **raw;	/* a frame's line not parsed yet, in text */
	size_t *raw_len;
	char **texts;		/* the parts' text, owned (raw points in) */
	unsigned char *whole;	/* the frame is a whole state, not a delta */
	time_t *frame_at;
	size_t nframes;
	struct session_event *events;
	size_t nevents;
	json_object **lines;	/* every parsed line, owned */
	size_t nlines;
	int truncated;		/* the last line was cut */
	int ended;		/* an "end" event was written */
	/* A rotated recording read in part: the parts read before one that
	 * is unreadable or missing (0: none), which and why; for a later
	 * part read on its own (its first's chain does not reach it, or its
	 * first is gone), that first part's name. */
	size_t cut_after;
	int cut_missing;
	char *cut_why;
	char *orphan_of;
	/* While reading: at a part's first line, its first frame to come,
	 * the next part a "rotated" event named (borrowed). */
	int part_first_line, part_start;
	const char *next;
	/* Rebuilt states: the current one (in place) and the kept ones. */
	json_object *state;
	size_t state_at;	/* the frame state is; SIZE_MAX: none */
	char **keys;		/* nframes / SESSION_KEY_EVERY + 1, as text */
	size_t applied;		/* frames applied so far (tests, bench) */
};

/* Reads path and the other parts of its session; NULL with *cause (not a
 * recording, unreadable). A later part that is unreadable or missing cuts
 * the session short after the parts before it (cut_after); a later part
 * its first part's chain does not reach is read from itself on
 * (orphan_of). */
struct session_file *session_load(const char *path, char **cause);
/* Whether the session is cut short: a cut last line, no "end" event, a
 * part unreadable or missing, or a later part read on its own. */
int session_cut_short(const struct session_file *sf);
/* Why parts are missing, in words (lang 1: Indonesian), "" for none:
 * "parts after 2 missing (NAME)", "parts after 2 unreadable (WHY)", "a
 * later part: the parts before it are missing or unreadable (first NAME)". */
void session_gap_text(const struct session_file *sf, int lang, char *out,
    size_t len);
void session_free(struct session_file *sf);
/* The whole state at frame k (borrowed: valid until the next call), or NULL
 * with *cause. */
json_object *session_frame(struct session_file *sf, size_t k, char **cause);
/* Parses "YYYY-MM-DDTHH:MM:SSZ"; 0 on success. */
int session_parse_iso(const char *s, time_t *out);
/* The string of key in o, or NULL. */
const char *session_str(json_object *o, const char *key);

#endif
